// Drawing voting results, shared by the phone, the console and the results screen.
// Tallies come from the server (counted from the stored ballots); this only shows them.
import { el } from "../core/dom.js";

export function titlesOf(ballot) {
  const titles = {};
  for (const o of ballot?.options || []) titles[o.id] = o.title;
  return titles;
}

export function formatNumber(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

export function turnoutText(turnout) {
  if (!turnout) return "";
  const { voted, eligible } = turnout;
  return `${voted} of ${eligible} ${voted === 1 ? "has" : "have"} voted`;
}

export function turnoutShare(turnout) {
  if (!turnout?.eligible) return 0;
  return Math.min(1, turnout.voted / turnout.eligible);
}

// One ranking as a list of bars, best first. `value(row)` is the figure shown on the right.
export function rankingList(
  ranking,
  titles,
  { value = (r) => formatNumber(r.score), note = () => "", limit = 0, cls = "" } = {},
) {
  const rows = limit ? ranking.slice(0, limit) : ranking;
  const scores = ranking.map((r) => r.score);
  const lo = Math.min(0, ...scores);
  const hi = Math.max(...scores, lo + 1e-9);
  const list = el("ol", { class: `tally-list ${cls}`.trim() });
  // A winner only when someone is ahead: an all-way tie (nothing counted yet) has none.
  const decided = ranking.some((r) => r.rank !== 1);
  for (const row of rows) {
    const share = (row.score - lo) / (hi - lo);
    const bar = el("span", { class: "tally-bar" });
    bar.style.setProperty("--share", share.toFixed(4));
    const extra = note(row);
    list.append(
      el(
        "li",
        {
          class: decided && row.rank === 1 ? "tally-row winner" : "tally-row",
          dataset: { option: row.option, rank: row.rank },
        },
        el("span", { class: "tally-rank", text: String(row.rank) }),
        el("span", { class: "tally-name", text: titles[row.option] ?? `#${row.option}` }),
        el("span", { class: "tally-value", text: value(row) }),
        bar,
        ...(extra ? [el("span", { class: "tally-note", text: extra })] : []),
      ),
    );
  }
  return list;
}

function column(title, list) {
  return el("div", { class: "tally-column" }, el("p", { class: "eyebrow", text: title }), list);
}

// The whole tally for a ballot. `full` adds what only the facilitator sees (judges).
export function renderTally(tally, titles, { full = false, limit = 0 } = {}) {
  const box = el("div", { class: `tally tally-${tally.method}` });
  const method = tally.method;
  if (method === "ranked") {
    const wins = (r) => `${r.score} ${r.score === 1 ? "win" : "wins"}`;
    box.append(
      el(
        "div",
        { class: "tally-columns" },
        column("Schulze (Condorcet)", rankingList(tally.schulze, titles, { value: wins, limit })),
        column(
          "Borda count",
          rankingList(tally.borda, titles, {
            value: (r) => `${formatNumber(r.score)} ${r.score === 1 ? "pt" : "pts"}`,
            limit,
          }),
        ),
      ),
    );
  } else if (method === "rubric") {
    const raw = tally.raw || {};
    const coverage = tally.coverage || {};
    const jurors = (id) => `${coverage[id] ?? 0} ${coverage[id] === 1 ? "juror" : "jurors"}`;
    box.append(
      el(
        "div",
        { class: "tally-columns" },
        column(
          "Normalised (z-score)",
          rankingList(tally.ranking, titles, { note: (r) => jurors(r.option), limit }),
        ),
        column(
          "Raw (weighted 1–5)",
          rankingList(tally.raw_ranking, titles, {
            value: (r) => formatNumber(raw[r.option]),
            limit,
          }),
        ),
      ),
    );
  } else if (method === "pairwise") {
    const coverage = tally.coverage || {};
    box.append(
      rankingList(tally.ranking, titles, {
        value: (r) => formatNumber(r.score),
        note: (r) => `${coverage[r.option] ?? 0} comparisons`,
        limit,
      }),
    );
    if (full && tally.judges) {
      const judges = Object.values(tally.judges);
      const decisions = judges.reduce((n, j) => n + j.decisions, 0);
      box.append(
        el("p", {
          class: "muted small",
          text: `${judges.length} judges · ${decisions} decisions · ${tally.skips} skips`,
        }),
      );
    }
  } else {
    const counts = tally.counts || {};
    const shares = tally.shares;
    const value = shares
      ? (r) => `${formatNumber(r.score)} pts · ${Math.round((shares[r.option] || 0) * 100)}%`
      : (r) =>
          counts[r.option] !== undefined && counts[r.option] !== r.score
            ? `${formatNumber(r.score)} (${counts[r.option]})`
            : formatNumber(r.score);
    box.append(rankingList(tally.ranking, titles, { value, limit }));
  }
  const ballots = `${tally.ballots} ${tally.ballots === 1 ? "ballot" : "ballots"} counted`;
  box.append(
    el("p", {
      class: "muted small tally-foot",
      text: tally.ignored ? `${ballots} · ${tally.ignored} set aside` : ballots,
    }),
  );
  return box;
}

// The items judging still needs: per-item coverage for rubric and pairwise ballots.
export function coverageList(tally, titles) {
  const coverage = tally?.coverage;
  if (!coverage) return null;
  const entries = Object.entries(coverage).sort((a, b) => a[1] - b[1]);
  const most = Math.max(1, ...entries.map(([, n]) => n));
  const list = el("ul", { class: "coverage-list" });
  for (const [option, n] of entries) {
    const bar = el("span", { class: "tally-bar" });
    bar.style.setProperty("--share", (n / most).toFixed(4));
    list.append(
      el(
        "li",
        { class: n === 0 ? "uncovered" : "" },
        el("span", { text: titles[option] ?? `#${option}` }),
        el("span", { class: "tally-value", text: String(n) }),
        bar,
      ),
    );
  }
  return list;
}

// A client-chosen vote id: a retry of the same submission sends it again.
// (crypto.randomUUID needs a secure context; phones on a venue LAN use plain http.)
export function newVoteId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
