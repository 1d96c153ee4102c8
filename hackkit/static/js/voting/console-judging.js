// The console's judging section: the one switch every juror's phone follows, the planner
// ("how many judges do I need"), progress per judge with who is behind, ideas that need a look
// (team absent, skipped often) with the reason, conflicts of interest, and the final round.
import { $, el } from "../core/dom.js";
import { act, startPage } from "../core/page.js";

const SWITCH_LABEL = { open: "Open", paused: "Paused", closed: "Closed" };
let judging = { switch: "open", flags: { jurors: {}, ideas: {} }, conflicts: [] };
let ballots = [];
let report = { ballots: [] };
let picked = null;
let refreshTimer = null;

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

const titleOf = (ballotId, optionId) => {
  const ballot = ballots.find((b) => b.id === ballotId);
  const option = ballot?.options.find((o) => o.id === optionId);
  return option?.title || `Idea #${optionId}`;
};

function ago(ms) {
  if (!ms) return "not yet";
  const seconds = Math.max(0, Math.round((live.serverNow() - ms) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}

// --- the switch --------------------------------------------------------------------------
function drawSwitch() {
  $("switch-state").textContent = SWITCH_LABEL[judging.switch] || judging.switch;
  document.body.dataset.judging = judging.switch;
  for (const button of document.querySelectorAll(".switch-buttons button")) {
    const on = button.dataset.state === judging.switch;
    button.setAttribute("aria-pressed", String(on));
    button.classList.toggle("primary", on);
  }
}

for (const button of document.querySelectorAll(".switch-buttons button")) {
  button.addEventListener("click", async () => {
    const state = button.dataset.state;
    if (state === "closed" && !confirm("Close judging? Every open jury ballot closes now.")) return;
    const done = await act("judging.switch", { state }, $("switch-error"));
    if (done) {
      judging.switch = done.state;
      drawSwitch();
      refresh();
    }
  });
}

// --- progress ----------------------------------------------------------------------------
async function refresh() {
  const data = await act("judging.progress", {}, $("progress-error"));
  if (!data) return;
  report = data;
  judging = { switch: data.switch, flags: data.flags, conflicts: data.conflicts };
  drawAll();
}

function scheduleRefresh() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    refresh();
  }, 1000);
}

function drawRounds() {
  const pick = $("round-pick");
  const options = report.ballots.map((b) =>
    el("option", {
      value: b.ballot_id,
      text: `${b.title} · ${b.method} · ${b.status}`,
    }),
  );
  if (!report.ballots.some((b) => b.ballot_id === picked)) {
    picked = (report.ballots.find((b) => b.status === "open") || report.ballots[0])?.ballot_id;
  }
  pick.replaceChildren(...options);
  if (picked) pick.value = String(picked);
  pick.hidden = report.ballots.length === 0;
  $("no-rounds").hidden = report.ballots.length > 0;
}

$("round-pick").addEventListener("change", (e) => {
  picked = Number(e.target.value);
  drawAll();
});

function flagControl(judge) {
  const select = el(
    "select",
    { "aria-label": `Set ${judge.name} aside`, dataset: { juror: judge.juror_id } },
    el("option", { value: "judging", text: "Judging" }),
    el("option", { value: "absent", text: "Absent" }),
    el("option", { value: "busy", text: "Busy" }),
  );
  select.value = judge.flag?.flag || "judging";
  select.addEventListener("change", async () => {
    let reason = "";
    if (select.value !== "judging") reason = prompt("Why? (shown to the juror)", "") || "";
    const flags = await act(
      "judging.juror.flag",
      { juror_id: judge.juror_id, status: select.value, reason },
      $("progress-error"),
    );
    if (flags) refresh();
  });
  return select;
}

function drawJudges(round) {
  const body = $("judges-body");
  if (!round) {
    body.replaceChildren();
    $("round-summary").textContent = "";
    return;
  }
  const unit =
    round.method === "pairwise" ? ["comparison", "comparisons"] : ["idea scored", "ideas scored"];
  $("round-summary").textContent =
    `${plural(round.judgements, "judgement", "judgements")} so far; the median judge has made ${round.median}. ` +
    `A judge is behind below half of the median.`;
  body.replaceChildren(
    ...round.judges.map((judge) => {
      let status = "On track";
      let kind = "ok";
      if (judge.flag) {
        status = `Set aside: ${judge.flag.flag}${judge.flag.reason ? ` (${judge.flag.reason})` : ""}`;
        kind = "away";
      } else if (judge.behind) {
        status = `Behind: ${judge.behind_reason}`;
        kind = "behind";
      } else if (judge.done === 0) {
        status = "Not started";
        kind = "idle";
      }
      const done =
        judge.target === null ? plural(judge.done, ...unit) : `${judge.done} of ${judge.target}`;
      const conflicts = judge.conflicts
        ? el("span", {
            class: "muted small",
            text: ` · ${plural(judge.conflicts, "conflict", "conflicts")}`,
          })
        : "";
      return el(
        "tr",
        { class: `judge-row ${kind}`, dataset: { juror: judge.juror_id } },
        el("td", {}, el("strong", { text: judge.name }), conflicts),
        el("td", { text: done }),
        el("td", { text: ago(judge.last_at_ms) }),
        el("td", { class: "judge-status", text: status }),
        el("td", {}, flagControl(judge)),
      );
    }),
  );
}

function ideaToggle(idea) {
  const absent = !!judging.flags.ideas[idea.id];
  const button = el("button", {
    type: "button",
    class: "small",
    text: absent ? "Team is back" : "Team absent",
  });
  button.addEventListener("click", async () => {
    const reason = absent ? "" : prompt("Why is the team absent?", "") || "";
    const ok = await act(
      "judging.idea.flag",
      { idea_id: Number(idea.id), team_absent: !absent, reason },
      $("progress-error"),
    );
    if (ok) refresh();
  });
  return button;
}

function drawIdeas(round) {
  const body = $("ideas-body");
  if (!round) return body.replaceChildren();
  const ideas = [...round.ideas].sort(
    (a, b) => b.reasons.length - a.reasons.length || a.judged_by - b.judged_by,
  );
  body.replaceChildren(
    ...ideas.map((idea) =>
      el(
        "tr",
        { class: idea.reasons.length ? "needs-look" : "", dataset: { idea: idea.id } },
        el("td", { text: titleOf(round.ballot_id, idea.id) }),
        el("td", { text: String(idea.judged_by) }),
        el("td", { class: "idea-reasons", text: idea.reasons.join("; ") || "—" }),
        el("td", {}, ideaToggle(idea)),
      ),
    ),
  );
}

function drawConflicts() {
  const list = $("conflict-list");
  list.replaceChildren(
    ...judging.conflicts.map((c) =>
      el(
        "li",
        {},
        el("strong", { text: c.juror }),
        " · ",
        el("span", { text: c.idea }),
        c.reason ? el("span", { class: "muted", text: ` — ${c.reason}` }) : "",
      ),
    ),
  );
  $("no-conflicts").hidden = judging.conflicts.length > 0;
}

function drawAll() {
  drawSwitch();
  drawRounds();
  const round = report.ballots.find((b) => b.ballot_id === picked);
  drawJudges(round);
  drawIdeas(round);
  drawConflicts();
  const working = round ? round.judges.filter((j) => !j.flag).length : 0;
  $("judging-count").textContent = String(working);
  $("coverage-min").textContent = round ? String(round.coverage_min) : "–";
  $("final-make").disabled = round?.status !== "closed";
  $("final-make").title = round?.status === "closed" ? "" : "Close the round first";
}

// --- final round -------------------------------------------------------------------------
$("final-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const round = report.ballots.find((b) => b.ballot_id === picked);
  if (!round) return;
  const payload = {
    ballot_id: round.ballot_id,
    top: Number($("f-top").value),
    title: `Final: ${round.title}`.slice(0, 120),
  };
  if ($("f-method").value) payload.method = $("f-method").value;
  const made = await act("judging.shortlist", payload, $("final-error"));
  if (made) {
    $("final-result").textContent =
      `Draft “${made.title}” made with ${made.options.length} ideas: ` +
      made.options.map((o) => o.title).join(", ");
  }
});

// --- planner -----------------------------------------------------------------------------
async function plan() {
  const round = report.ballots.find((b) => b.ballot_id === picked);
  const payload = {
    method: $("pl-method").value,
    minutes_per_judgement: Number($("pl-minutes").value),
    round_minutes: Number($("pl-round").value),
    groups: Number($("pl-groups").value),
    target: Number($("pl-target").value),
  };
  if (round) payload.ballot_id = round.ballot_id;
  const result = await act("judging.plan", payload, $("plan-error"));
  if (!result) return;
  const p = result.plan;
  const lines = [
    el("p", {
      class: result.meets_target ? "counted" : "warning",
      text: `${result.meets_target ? "✓" : "!"} ${result.note}`,
    }),
    el("p", {
      class: "muted small",
      text:
        `${p.ideas} ideas, ${p.judges} judges in ${p.groups} group(s), ${p.conflicts} conflict(s): ` +
        `${result.judgements_per_judge} judgements each, ${result.total_judgements} in all, ` +
        `${result.coverage_mean} judges per idea on average.`,
    }),
  ];
  if (!result.meets_target) {
    const needs = [];
    if (result.judges_needed) needs.push(`${result.judges_needed} judges for this round length`);
    if (result.minutes_needed)
      needs.push(`a ${result.minutes_needed}-minute round with these judges`);
    if (needs.length)
      lines.push(el("p", { text: `To reach ${p.target}: ${needs.join(", or ")}.` }));
  }
  $("plan-result").replaceChildren(...lines);
}

$("plan-form").addEventListener("submit", (e) => {
  e.preventDefault();
  plan();
});

// --- live --------------------------------------------------------------------------------
const live = startPage({
  errorBox: "progress-error",
  onSnapshot(s) {
    ballots = s.ballots || [];
    if (s.judging) judging = s.judging;
    drawSwitch();
    refresh().then(plan);
  },
  onUpdate(type, data) {
    if (type === "judging.switch") {
      judging.switch = data.state;
      drawSwitch();
      scheduleRefresh();
    } else if (type === "ballot.updated" || type === "ballot.removed") {
      live.sync();
    }
  },
  onView(type, data) {
    if (type === "judging.conflicts") {
      judging.conflicts = data.conflicts;
      drawConflicts();
      scheduleRefresh();
    } else if (type === "judging.flags") {
      judging.flags = data;
      scheduleRefresh();
    } else if (
      type === "ballot.tally" &&
      report.ballots.some((b) => b.ballot_id === data.ballot_id)
    ) {
      scheduleRefresh(); // at most once a second, however fast judgements arrive
    }
  },
});
