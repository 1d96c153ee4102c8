// What each content mode draws on this screen's part of the canvas. Each function takes the
// renderer (its helpers and the view) and the list of nodes to fill. Cards never cross a bezel;
// lines of spanning text (countdown, announcement, turnout) stay inside one row of screens.

import { currentPhase, nextPhase } from "../core/countdown.js";
import { el } from "../core/dom.js";
import { box, fitFontPx } from "./draw.js";

// Card text, in ems of the card's font (see .wall-card in wall.css): padding, top border, two
// title lines, the meta line and the gaps; what is left holds lines of the pitch.
const CARD_FIXED_EM = 0.6 + 0.18 + 2 * 1.05 * 1.05 + 1.12 + 2 * 0.12;
const PITCH_LINE_EM = 1.12;
const CODE_WIDTH_EM = 4.6; // six monospace characters with their letter spacing

/** The fields of an idea card (ideas carry their team's name and their challenge's id). */
export function cardOf(idea, challengeTitles = new Map()) {
  return {
    id: idea.id,
    title: idea.title || "",
    pitch: idea.pitch || "",
    team: idea.team_name || idea.author_name || "",
    challenge: challengeTitles.get(idea.challenge_id) || "",
  };
}

/** Rows of a tally's ranking, best first, labelled with the ballot's option titles. */
export function tallyRows(tally, options = []) {
  const titles = new Map(options.map((o) => [String(o.id), o.title]));
  return (tally?.ranking || []).map((r) => ({
    id: String(r.option),
    label: titles.get(String(r.option)) ?? `#${r.option}`,
    value: Number(r.score) || 0,
    rank: r.rank,
  }));
}

function sized(node, px) {
  node.style.fontSize = `${Math.floor(px)}px`;
  return node;
}

/** The same text, as large as fits the smallest row of screens, in every row (a takeover reads
 * from anywhere, and one size looks like one message). */
function textInEveryBand(r, nodes, cls, fill) {
  const bands = r.bands();
  const chars = fill().textContent.length;
  const size = Math.min(
    ...bands.map((band) =>
      fitFontPx(chars, band.w * 0.86, band.h * 0.8, { max: band.h / 3, min: r.glyph }),
    ),
  );
  for (const band of bands) {
    if (r.mine(band)) nodes.push(box(`wall-centre ${cls}`, band, size, fill()));
  }
}

function join(r, nodes) {
  const area = r.area();
  const g = r.glyph;
  if (!area || area.h < g * 3) return;
  const pad = Math.round(g * 0.5);
  const w = area.w - 2 * pad;
  const h = area.h - 2 * pad;
  const portrait = w < h * 1.2;
  const url = r.join.joinUrl.replace(/^https?:\/\//, "");
  let qr = Math.floor(portrait ? Math.min(w * 0.85, h * 0.55) : Math.min(h, w * 0.45));
  const infoW = portrait ? w : w - qr - 2 * pad;
  let urlLines = Math.ceil((url.length * 0.62 * g) / Math.max(1, infoW));
  const textH = () => g * 1.25 * 3 + urlLines * g * 1.2;
  const roomH = portrait ? h - qr - pad : h;
  let code = Math.max(
    g,
    Math.min(g * 3, Math.floor(infoW / CODE_WIDTH_EM), Math.floor((roomH - textH()) / 1.3)),
  );
  if ((roomH - textH()) / 1.3 < g) urlLines = 0; // too tight: the QR code and the code are enough
  if (portrait) qr = Math.floor(Math.max(g * 4, Math.min(qr, h - pad - textH() - code * 1.3)));
  code = Math.max(g, code);
  const img = el("img", { class: "qr", src: r.join.qrUrl, alt: r.t.qrAlt, width: qr, height: qr });
  img.style.width = img.style.height = `${qr}px`;
  const count = el("span", {
    id: "joined-count",
    text: String(r.view.state.stats?.participants ?? 0),
  });
  const info = el(
    "div",
    { class: "wall-join-info" },
    el("p", { class: "eyebrow", text: r.t.joinAt }),
    urlLines ? el("p", { class: "join-url", text: url }) : "",
    el("p", { class: "eyebrow", text: r.t.code }),
    sized(el("p", { class: "join-code", text: r.join.code }), code),
    el("p", { class: "joined" }, count, ` ${r.t.joined}`),
  );
  info.style.maxWidth = `${infoW}px`;
  nodes.push(box(`wall-join${portrait ? " portrait" : ""}`, area, g, img, info));
}

function ideas(r, nodes) {
  const { state } = r.view;
  const titles = new Map((state.challenges || []).map((c) => [c.id, c.title]));
  const cards = (state.ideas || []).map((idea) => cardOf(idea, titles));
  if (!cards.length) return r.emptyNote(nodes, r.t.noIdeas);
  const plan = r.plan(cards.length);
  if (!plan) return r.emptyNote(nodes, r.t.tooSmall);
  const lines = Math.max(
    0,
    Math.min(3, Math.floor((plan.card_h / plan.font_px - CARD_FIXED_EM) / PITCH_LINE_EM)),
  );
  const byId = new Map(cards.map((card) => [card.id, card]));
  r.paged(
    nodes,
    cards.map((card) => card.id),
    plan,
    (id, slot) => {
      const card = byId.get(id);
      const pitch = el("p", { class: "wall-card-pitch", text: card.pitch });
      pitch.style.webkitLineClamp = String(lines);
      pitch.hidden = !lines || !card.pitch;
      return box(
        "wall-card",
        slot.rect,
        plan.font_px,
        el("h3", { class: "wall-card-title", text: card.title }),
        pitch,
        el("p", {
          class: "wall-card-meta",
          text: [card.team, card.challenge].filter(Boolean).join(" · "),
        }),
      );
    },
  );
}

/** The ballot to show: the wall's choice, else one that is open, else the newest. */
function chosenBallot(r) {
  const { state, wall } = r.view;
  const ballots = state.ballots || [];
  const ballot =
    ballots.find((b) => b.id === wall.ballot_id) ||
    ballots.filter((b) => b.status === "open").at(-1) ||
    ballots.at(-1);
  return { ballot, result: ballot ? state.ballot_results?.[String(ballot.id)] : null };
}

function results(r, nodes) {
  const { ballot, result } = chosenBallot(r);
  if (!ballot) return r.emptyNote(nodes, r.t.noResults);
  const turnout = result?.turnout;
  const turnoutText = turnout
    ? r.t.turnout.replace("{voted}", turnout.voted).replace("{eligible}", turnout.eligible)
    : "";
  r.bannerBase = [ballot.title, turnoutText].filter(Boolean).join(" · ");
  if (r.bannerTitle) r.bannerTitle.textContent = r.bannerBase;
  const rows = tallyRows(result?.tally, ballot.options);
  if (!rows.length) {
    // No tally to show yet (hidden until revealed): the turnout, as large as the wall allows.
    return textInEveryBand(r, nodes, "wall-turnout", () =>
      el("p", { text: turnoutText || r.t.noResults }),
    );
  }
  const plan = r.plan(rows.length, { cardAspect: [6, 1] });
  if (!plan) return r.emptyNote(nodes, r.t.tooSmall);
  const top = Math.max(...rows.map((row) => row.value), 0) || 1;
  const byId = new Map(rows.map((row) => [row.id, row]));
  r.paged(
    nodes,
    rows.map((row) => row.id),
    plan,
    (id, slot) => {
      const row = byId.get(id);
      const bar = el("span", { class: "wall-result-bar" });
      bar.style.width = `${Math.max(0, (row.value / top) * 100)}%`;
      return box(
        "wall-result",
        slot.rect,
        plan.font_px,
        bar,
        el("span", { class: "wall-result-rank", text: String(row.rank) }),
        el("span", { class: "wall-result-label", text: row.label }),
        el("span", { class: "wall-result-value", text: String(Math.round(row.value * 100) / 100) }),
      );
    },
  );
}

function agenda(r, nodes) {
  const { state } = r.view;
  const phase = currentPhase(state.agenda);
  const next = nextPhase(state.agenda);
  const bands = r.bands();
  if (!bands.length) return;
  const title = phase ? phase.name : r.t.startingSoon;
  const after = next ? `${r.t.next} ${next.name}` : "";
  // With two rows of screens or more, the names take the first row and the countdown the
  // rest: it is meant to span the wall, but no line of words is cut by a horizontal bezel.
  const words = bands[0];
  const clock =
    bands.length > 1 ? { ...bands[1], h: bands.at(-1).y + bands.at(-1).h - bands[1].y } : null;
  const digitsBox = clock || words;
  const digits = Math.floor(Math.min(digitsBox.h * (clock ? 0.8 : 0.42), digitsBox.w / 4.6));
  const countdown = sized(el("p", { class: "wall-countdown" }), digits);
  r.countdowns.push(countdown);
  const nameSize = clock
    ? fitFontPx(title.length, words.w * 0.9, words.h * 0.5, { max: words.h * 0.4, min: r.glyph })
    : Math.max(r.glyph, Math.floor(digits * 0.22));
  const name = sized(el("p", { class: "wall-phase-name", text: title }), nameSize);
  const upcoming = sized(
    el("p", { class: "wall-next", text: after }),
    Math.max(r.glyph, nameSize * 0.6),
  );
  if (clock) {
    if (r.mine(words)) nodes.push(box("wall-centre", words, null, name, upcoming));
    if (r.mine(clock)) nodes.push(box("wall-centre", clock, null, countdown));
  } else if (r.mine(words)) {
    nodes.push(box("wall-centre", words, null, name, countdown, upcoming));
  }
}

function announcement(r, nodes) {
  const { wall, state } = r.view;
  const html = wall.message_html || state.announcements?.[0]?.html || "";
  textInEveryBand(r, nodes, "wall-takeover", () => {
    const message = el("div", { class: "wall-message prose" });
    if (html)
      message.innerHTML = html; // sanitised on the server (markup.py)
    else message.textContent = state.event?.name || "";
    return message;
  });
}

function teams(r, nodes) {
  const { state } = r.view;
  const list = state.teams || [];
  const people = state.stats?.participants ?? 0;
  const placed = list.reduce((sum, team) => sum + (team.member_count ?? 0), 0);
  const bandH = Math.round(r.glyph * 2.6);
  const band = { x: 0, y: r.bannerPx, w: r.canvas.w, h: bandH };
  const track = el("span", { class: "wall-progress-fill" });
  track.style.width = `${people ? Math.min(100, (placed / people) * 100) : 0}%`;
  if (r.mine(band))
    nodes.push(
      box(
        "wall-progress",
        { ...band, h: Math.round(r.glyph * 0.9) },
        r.glyph,
        el("span", { class: "wall-progress-track" }, track),
      ),
    );
  const labels = [
    el("span", { text: r.t.inTeams.replace("{placed}", placed).replace("{people}", people) }),
    el("span", { text: r.t.teamCount.replace("{teams}", list.length) }),
  ];
  r.spreadText(
    nodes,
    { ...band, y: band.y + Math.round(r.glyph * 0.9), h: bandH - Math.round(r.glyph * 0.9) },
    labels,
    "wall-progress-label",
    r.glyph,
  );
  if (!list.length) return;
  const plan = r.plan(list.length, { reserveTop: r.bannerPx + bandH });
  if (!plan) return;
  const byId = new Map(list.map((team) => [team.id, team]));
  r.paged(
    nodes,
    list.map((team) => team.id),
    plan,
    (id, slot) => {
      const team = byId.get(id);
      const members = team.member_count ?? 0;
      const full = team.max_size && members >= team.max_size;
      return box(
        `wall-card wall-team${full ? " full" : ""}`,
        slot.rect,
        plan.font_px,
        el("h3", { class: "wall-card-title", text: team.name }),
        el("p", {
          class: "wall-team-count",
          text: team.max_size ? `${members} / ${team.max_size}` : String(members),
        }),
      );
    },
  );
}

function identify(r, nodes) {
  const { wall, screen, screens } = r.view;
  // One test pattern over the whole canvas: a screen showing the wrong part breaks the picture.
  nodes.push(box("wall-test-pattern", r.canvas));
  const s = r.me;
  const holder =
    screen?.position === s.key
      ? screen
      : (screens || []).find((x) => x.wall_id === wall.id && x.position === s.key);
  const match = /^r(\d+)c(\d+)$/.exec(s.key);
  const where = match
    ? r.t.rowCol.replace("{row}", Number(match[1]) + 1).replace("{col}", Number(match[2]) + 1)
    : s.key;
  const size = Math.floor(Math.min(s.h * 0.4, s.w * 0.3));
  const label = el(
    "div",
    { class: "wall-identify-label" },
    sized(
      el("p", { class: "wall-identify-number", text: holder ? String(holder.number) : "?" }),
      size,
    ),
    el("p", { class: "wall-identify-where", text: `${where} · ${wall.name}` }),
  );
  nodes.push(box("wall-identify", s, Math.max(r.glyph, Math.floor(size / 4)), label));
}

export const MODES = { join, ideas, results, agenda, announcement, teams, identify };
