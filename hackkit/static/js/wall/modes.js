// What each content mode draws on this screen's part of the canvas. Each function takes the
// renderer (its helpers and the view) and the list of nodes to fill. Cards never cross a bezel;
// lines of spanning text (countdown, announcement, turnout) stay inside one row of screens.

import { currentPhase, nextPhase } from "../core/countdown.js";
import { el } from "../core/dom.js";
import { box, fitFontPx, intersects } from "./draw.js";
import { usableAreas } from "./layout.js";

// Card text by arithmetic, in ems of the card's font (see .wall-card in wall.css and
// longest_title_fits in layout.py): a bold character's advance, a regular one's, the line
// heights, and the padding, border and gaps of a card. Words wrap whole, so a line holds
// fewer characters than it could (WRAP_SLACK).
const BOLD_ADVANCE_EM = 0.6;
const ADVANCE_EM = 0.56;
const TITLE_LINE_EM = 1.2;
const META_LINE_EM = 1.2;
const CARD_REST_EM = 0.6 + 0.18 + 0.5;
const WRAP_SLACK = 1.2;
const CODE_WIDTH_EM = 4.6; // six monospace characters with their letter spacing
const GROW = 1.15;
const PICTURE_MIN_EM = 10; // narrower cards keep all their width for the words // each try at a roomier plan asks for cards this much larger
// The wall shows this many of the latest progress posts (schematic.py WALL_FEED): older news is
// what the phones' idea board and the console are for.
const WALL_FEED = 30;
const MINUTE_MS = 60_000;

/** Lines `chars` characters take in `width` px at `font` px with this average advance. */
function linesFor(chars, width, font, advance) {
  if (!chars) return 0;
  const perLine = Math.max(1, Math.floor(width / (advance * font)));
  return Math.ceil((chars * WRAP_SLACK) / perLine);
}

/**
 * The fullest plan whose cards hold the longest texts: `needs(plan, font)` says how tall a card
 * must be. Cards grow (fewer to a page, more pages) until they do; the last resort is one card
 * filling each screen. Pure arithmetic, so every screen picks the same plan.
 */
function roomyPlan(r, n, needs, { aspects = [[4, 3]], reserve = {} } = {}) {
  // For each card shape, the fullest page whose cards hold the text; then the shape that
  // shows the most at once (the first listed of equals).
  let best = null;
  for (const cardAspect of aspects) {
    for (let scale = 1; scale < 40; scale *= GROW) {
      const plan = r.plan(n, { minGlyphPx: Math.round(r.glyph * scale), cardAspect, ...reserve });
      if (!plan) break;
      plan.font_px =
        scale > 1
          ? r.glyph
          : Math.max(r.glyph, Math.min(plan.font_px, Math.floor(plan.card_w / 9)));
      if (needs(plan, plan.font_px) <= plan.card_h) {
        if (!best || Math.min(plan.per_page, n) > Math.min(best.per_page, n)) best = plan;
        break;
      }
      if (plan.per_page <= 1) break;
    }
  }
  if (best) return best;
  // The last resort: one card filling each screen below the banner.
  const top = reserve.reserveTop ?? r.bannerPx;
  const bottom = reserve.reserveBottom ?? r.noticePx;
  const areas = [...usableAreas(reserve.geometry || r.geometry, top, bottom).values()];
  const room = areas.sort((a, b) => b.w * b.h - a.w * a.h)[0];
  if (room && room.w > 64 && room.h > 64) {
    const whole = r.plan(n, {
      minGlyphPx: Math.ceil(room.w / 9),
      cardAspect: [room.w - 32, room.h - 32],
      ...reserve,
    });
    if (whole) {
      whole.font_px = r.glyph;
      return whole;
    }
  }
  return r.plan(n, reserve);
}

/** The fields of an idea card (ideas carry their team's name and their challenge's id). */
export function cardOf(idea, challengeTitles = new Map()) {
  return {
    id: idea.id,
    title: idea.title || "",
    pitch: idea.pitch || "",
    team: idea.team_name || idea.author_name || "",
    challenge: challengeTitles.get(idea.challenge_id) || "",
    image: idea.image_url || "",
  };
}

/** Rows of a tally's ranking, best first, labelled with the ballot's option titles; an option
 * is an idea, so its picture comes from the idea (`pictures`: idea id -> image address). */
export function tallyRows(tally, options = [], pictures = new Map()) {
  const titles = new Map(options.map((o) => [String(o.id), o]));
  return (tally?.ranking || []).map((r) => ({
    id: String(r.option),
    label: titles.get(String(r.option))?.title ?? `#${r.option}`,
    team: titles.get(String(r.option))?.team || "",
    image: titles.has(String(r.option)) ? pictures.get(String(r.option)) || "" : "",
    value: Number(r.score) || 0,
    rank: r.rank,
  }));
}

/** Fewer items than a page holds: use slots spread evenly across the wall, column by column
 * (each in the middle of its share), so a result fills the width of the wall rather than its
 * first screens. */
function spreadOver(plan, n) {
  if (!n || n >= plan.per_page) return;
  const byColumn = [...plan.slots].sort((a, b) => a.rect.x - b.rect.x || a.rect.y - b.rect.y);
  plan.slots = Array.from(
    { length: n },
    (_, i) => byColumn[Math.floor(((i + 0.5) * plan.per_page) / n)],
  );
  plan.per_page = n;
}

/** Fewer items than a page holds, below a podium: the slots of the screens nearest canvas
 * column `x` (rows of screens top to bottom, the nearest screens first), in reading order, so
 * the list sits beside and below the first place rather than at the corners of the wall.
 * `oneEach` (a podium standing over every row of a tile wall): one slot on each screen first,
 * the columns of screens nearest the podium top to bottom, in that order, so the list stands
 * beside the podium down the wall rather than in a strip along its top. */
function nearestFirst(r, plan, n, x, oneEach = false) {
  if (!n || n >= plan.per_page) return;
  const screens = new Map(r.geometry.screens.map((s) => [s.key, s]));
  const of = (slot) => screens.get(slot.screen_key);
  const away = (slot) => Math.abs(of(slot).x + of(slot).w / 2 - x);
  const order = new Map(plan.slots.map((slot, i) => [slot, i]));
  if (oneEach) {
    const seen = new Map();
    const nth = new Map(
      plan.slots.map((slot) => {
        const i = seen.get(slot.screen_key) || 0;
        seen.set(slot.screen_key, i + 1);
        return [slot, i];
      }),
    );
    plan.slots = [...plan.slots]
      .sort(
        (a, b) =>
          nth.get(a) - nth.get(b) ||
          away(a) - away(b) ||
          of(a).y - of(b).y ||
          order.get(a) - order.get(b),
      )
      .slice(0, n);
    plan.per_page = n;
    return;
  }
  const nearest = [...plan.slots]
    .sort((a, b) => of(a).y - of(b).y || away(a) - away(b) || order.get(a) - order.get(b))
    .slice(0, n);
  plan.slots = nearest.sort(
    (a, b) => of(a).y - of(b).y || of(a).x - of(b).x || order.get(a) - order.get(b),
  );
  plan.per_page = n;
}

function fill(template, values) {
  return Object.entries(values).reduce((out, [k, v]) => out.replace(`{${k}}`, v), template);
}

/** A score in words that mean something for the ballot's method (the rank is beside it). */
export function scoreWords(t, tally, row, nOptions) {
  const round = (x) => String(Math.round(x * 100) / 100);
  const words = t.score || {};
  switch (tally?.method) {
    case "single":
    case "approval":
      return fill(row.value === 1 ? words.vote : words.votes, { n: round(row.value) });
    case "dots":
      return fill(words.dots, { n: round(row.value) });
    case "budget":
      return fill(words.points, { n: round(row.value) });
    case "ranked":
      return fill(words.beats, { n: round(row.value), m: Math.max(0, nOptions - 1) });
    case "rubric": {
      const raw = tally.raw?.[row.id];
      return raw == null ? words.unscored : fill(words.jury, { avg: raw.toFixed(1), max: 5 });
    }
    default:
      return round(row.value);
  }
}

function sized(node, px) {
  node.style.fontSize = `${Math.floor(px)}px`;
  return node;
}

/** The same text, as large as fits the smallest row of screens, in every row (a takeover reads
 * from anywhere, and one size looks like one message). */
/** This screen's area below `top` (and above an announcement), and the smallest such area of
 * any screen: spanning text is drawn whole on every screen rather than cut by the bezels. */
function cells(r, top = r.bannerPx) {
  const areas = [...usableAreas(r.geometry, top, r.noticePx).values()].filter(
    (a) => a.h > 0 && a.w > 0,
  );
  const mine = areas.find((a) => intersects(a, r.me)) || null;
  const smallest = areas.reduce((a, b) => (b.w * b.h < a.w * a.h ? b : a), areas[0] || null);
  return { mine, smallest };
}

/** The same text on every screen, as large as fits the smallest (a takeover reads from
 * anywhere, one size looks like one message, and no word straddles a bezel). */
function textInEveryBand(r, nodes, cls, make, top = r.bannerPx) {
  const { mine, smallest } = cells(r, top);
  if (!mine) return;
  const chars = make().textContent.length;
  const size = fitFontPx(chars, smallest.w * 0.86, smallest.h * 0.8, {
    max: smallest.h / 3,
    min: r.glyph,
  });
  nodes.push(r.fitted(box(`wall-centre ${cls}`, mine, size, make())));
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
  nodes.push(r.fitted(box(`wall-join${portrait ? " portrait" : ""}`, area, g, img, info)));
}

function ideas(r, nodes) {
  const { state } = r.view;
  const titles = new Map((state.challenges || []).map((c) => [c.id, c.title]));
  const cards = (state.ideas || []).map((idea) => cardOf(idea, titles));
  if (!cards.length) return r.emptyNote(nodes, r.t.noIdeas);
  const longest = (pick) => Math.max(0, ...cards.map((card) => pick(card).length));
  const titleChars = longest((card) => card.title);
  const metaChars = longest((card) => [card.team, card.challenge].filter(Boolean).join(" · "));
  // A picture beside the text (a third of the card) when the card is wide enough for both.
  const pictures = cards.some((card) => card.image);
  const withPicture = (plan) => pictures && plan.card_w >= PICTURE_MIN_EM * plan.font_px;
  // Title and team whole at the readable size; the pitch takes the room left.
  const needs = (plan, font) => {
    const inner = (plan.card_w - 0.9 * font) * (withPicture(plan) ? 0.64 : 1);
    return (
      font *
      (linesFor(titleChars, inner, font * 1.05, BOLD_ADVANCE_EM) * TITLE_LINE_EM * 1.05 +
        linesFor(metaChars, inner, font, ADVANCE_EM) * META_LINE_EM +
        CARD_REST_EM)
    );
  };
  const plan = roomyPlan(r, cards.length, needs);
  if (!plan) return r.emptyNote(nodes, r.t.tooSmall);
  const byId = new Map(cards.map((card) => [card.id, card]));
  r.paged(
    nodes,
    cards.map((card) => card.id),
    plan,
    (id, slot) => {
      const card = byId.get(id);
      const picture =
        withPicture(plan) && card.image
          ? el("img", { class: "wall-card-picture", src: card.image, alt: "" })
          : "";
      const text = el(
        "div",
        { class: "wall-card-text" },
        el("h3", { class: "wall-card-title", text: card.title, dir: "auto" }),
        card.pitch
          ? el("p", { class: "wall-card-pitch wall-fill", text: card.pitch, dir: "auto" })
          : "",
        // At the legibility limit a long challenge title gives way before the team's name.
        el(
          "p",
          { class: "wall-card-meta", dir: "auto" },
          el("span", { text: card.team }),
          card.team && card.challenge
            ? el("span", { text: ` · ${card.challenge}`, dataset: { drop: "1" } })
            : el("span", { text: card.challenge }),
        ),
      );
      return r.fitted(
        box(`wall-card${picture ? " with-picture" : ""}`, slot.rect, plan.font_px, picture, text),
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

// The podium: the top three of a result, first in the middle, second on its left, third on its
// right, each standing on a step (wall.css .wall-podium-plinth, PLINTH_EM high) with its
// picture above the words; sizes by arithmetic, like the cards, so every screen agrees.
const PLINTH_EM = [2.2, 1.7, 1.2]; // the steps of first, second and third (wall.css)
const PODIUM_REST_EM = 0.4 + 0.2 * 4; // a podium card's top padding and the gaps between its lines
const PODIUM_PICTURE_EM = 3; // a picture at least this tall, or none
const PODIUM_SCALE = 2.2; // podium words may be this much larger than the readable size
const PODIUM_GAP = 16;
const ROW_PICTURE_EM = 2.6 + 0.5; // a result row's picture and the gap after it
const ROW_PICTURE_MIN_EM = 16; // narrower rows keep all their width for the words

/** Where the podium and the rest of a result go, and at what size; null when the podium does
 * not fit on this wall (then every row is one of the list). With three or more screens in the
 * wall's top row, the podium takes the middle three of them, one place each, and the list the
 * other screens; otherwise the podium takes the first screen of the top row, three places side
 * by side, and the list the other screens, or the lower part of the podium's screen. */
function podiumPlan(r, rows, words, top) {
  const gap = PODIUM_GAP;
  const areas = usableAreas(r.geometry, top, r.noticePx);
  const screens = r.geometry.screens.filter((s) => {
    const a = areas.get(s.key);
    return a && a.w > 4 * gap && a.h > 4 * gap;
  });
  if (!screens.length) return null;
  const minY = Math.min(...screens.map((s) => s.y));
  const minH = Math.min(...screens.map((s) => s.h));
  const topRow = screens.filter((s) => s.y < minY + minH / 2).sort((a, b) => a.x - b.x);
  const first = rows.slice(0, 3);
  const rest = rows.slice(3);
  let rects;
  let podiumKeys;
  let steps = [];
  if (topRow.length >= 3) {
    const start = Math.floor((topRow.length - 3) / 2);
    const [left, middle, right] = topRow.slice(start, start + 3);
    const whole = (s) => {
      const a = areas.get(s.key);
      return { key: s.key, x: a.x + gap, y: a.y + gap, w: a.w - 2 * gap, h: a.h - 2 * gap };
    };
    // The screens below each of the three, top to bottom.
    const column = (top) =>
      screens
        .filter((s) => Math.abs(s.x + s.w / 2 - (top.x + top.w / 2)) < top.w / 2)
        .sort((a, b) => a.y - b.y);
    const columns = [middle, left, right].map(column);
    const depth = Math.min(...columns.map((c) => c.length));
    const inColumns = columns.reduce((sum, c) => sum + c.length, 0);
    if (depth >= 3 && screens.length > inColumns) {
      // A wall of three rows of screens or more (micro-tiles): the podium stands over the
      // whole height of the wall, first place on the top row, second one row lower and third
      // two rows lower, each on a step of screens of its colour down to the bottom row.
      rects = columns.map((c, i) => {
        const rect = whole(c[i]);
        return { ...rect, h: rect.h + gap }; // down to the step below, as one column
      });
      steps = columns.flatMap((c, i) =>
        c.slice(i + 1).map((s, below) => {
          const a = areas.get(s.key);
          return {
            place: i,
            first: below === 0,
            rect: { key: s.key, ...a, x: a.x + gap, w: a.w - 2 * gap },
          };
        }),
      );
      podiumKeys = columns.flat().map((s) => s.key);
    } else {
      rects = [whole(middle), whole(left), whole(right)];
      podiumKeys = [left.key, middle.key, right.key];
    }
  } else {
    const s = topRow[0];
    const a = areas.get(s.key);
    const w = Math.floor((a.w - 4 * gap) / 3);
    const at = (i) => ({
      key: s.key,
      x: a.x + gap + i * (w + gap),
      y: a.y + gap,
      w,
      h: a.h - 2 * gap,
    });
    rects = [at(1), at(0), at(2)];
    podiumKeys = [s.key];
  }
  rects = rects.slice(0, first.length);
  let pageOfItsOwn = false;
  const need = (row, w, font, picture) => {
    const inner = w - font;
    return (
      font *
      (linesFor(row.label.length, inner, font * 1.1, BOLD_ADVANCE_EM) * TITLE_LINE_EM * 1.1 +
        linesFor(row.team.length, inner, font * 0.8, ADVANCE_EM) * META_LINE_EM * 0.8 +
        linesFor(words.get(row.id).length, inner, font, BOLD_ADVANCE_EM) * TITLE_LINE_EM +
        // Standing on steps of screens, a card has no step of its own.
        (steps.length ? 0 : PLINTH_EM[Math.min(3, Math.max(1, row.rank)) - 1]) +
        PODIUM_REST_EM +
        (picture && row.image ? PODIUM_PICTURE_EM : 0))
    );
  };
  const tallest = (font, picture) =>
    Math.max(...rects.map((rect, i) => need(first[i], rect.w, font, picture)));
  let list = screens
    .filter((s) => !podiumKeys.includes(s.key))
    .map((s) => ({ key: s.key, ...areas.get(s.key) }));
  if (rest.length && !list.length) {
    // Only the podium's screens: the podium takes the top of them, the list the rest.
    const room = Math.min(...rects.map((rect) => rect.h));
    const width = Math.min(...podiumKeys.map((key) => areas.get(key).w)) - 2 * gap;
    // The list below needs at least one row as wide as the screen at the readable size. A
    // screen too small for both shows the podium on a page of its own, then the rest.
    const { needs } = listSizing(rest, words);
    const listMin = needs({ card_w: width }, r.glyph) + 2 * gap;
    if (room - listMin >= tallest(r.floor, false)) {
      const height = Math.floor(
        Math.min(room - listMin, Math.max(tallest(r.glyph, true), room * 0.55)),
      );
      rects = rects.map((rect) => ({ ...rect, h: height }));
      list = podiumKeys.map((key) => {
        const a = areas.get(key);
        const y = a.y + gap + height;
        return { key, x: a.x, y, w: a.w, h: a.y + a.h - y };
      });
    } else pageOfItsOwn = true;
  }
  const fits = (font, picture) =>
    rects.every((rect, i) => need(first[i], rect.w, font, picture) <= rect.h);
  const most = Math.max(
    r.glyph,
    Math.min(
      Math.floor(r.glyph * PODIUM_SCALE),
      Math.floor(Math.min(...rects.map((x) => x.w)) / 9),
    ),
  );
  const search = (least, picture) => {
    for (let font = most; ; font = Math.max(least, Math.floor(font * 0.92))) {
      if (fits(font, picture)) return font;
      if (font <= least) return 0;
    }
  };
  // With pictures while the words stay at 80 % of the readable size or more, then the words
  // alone at the readable size; only then down to the legibility limit, with pictures first.
  const anyPicture = first.some((row) => row.image);
  const tries = [
    [Math.max(r.floor, Math.round(r.glyph * 0.8)), true],
    [r.glyph, false],
    [r.floor, true],
    [r.floor, false],
  ].filter(([, picture]) => anyPicture || !picture);
  for (const [least, picture] of tries) {
    const font = search(least, picture);
    if (!font) continue;
    return {
      cards: rects.map((rect, i) => ({
        rect,
        row: first[i],
        picture: picture && Boolean(first[i].image),
        plinth: !steps.length,
      })),
      font,
      steps: steps.filter((step) => step.place < first.length),
      rest,
      list: list.length ? { screens: list } : null,
      pageOfItsOwn,
      oneEach: steps.length > 0,
      // The list on other screens starts beside and below the first place, not at a corner.
      // (One screen of its own, or the podium's own screens: spread over them evenly.)
      near:
        list.length > 1 && !list.some((a) => podiumKeys.includes(a.key))
          ? rects[0].x + rects[0].w / 2
          : null,
    };
  }
  return null;
}

function podiumCard(r, card, font, words) {
  const { rect, row } = card;
  return r.fitted(
    box(
      `wall-podium podium-${Math.min(3, Math.max(1, row.rank))}`,
      rect,
      font,
      card.picture ? el("img", { class: "wall-podium-picture", src: row.image, alt: "" }) : "",
      el("p", { class: "wall-podium-label", text: row.label, dir: "auto" }),
      row.team ? el("p", { class: "wall-podium-team", text: row.team, dir: "auto" }) : "",
      el("p", { class: "wall-podium-value", text: words.get(row.id) }),
      card.plinth ? el("p", { class: "wall-podium-plinth", text: String(row.rank) }) : "",
    ),
  );
}

/** A step under a podium place on the screens below it: its colour, and its rank on the top
 * one, as large as the screen allows. */
function podiumStep(step, row) {
  const rank = Math.min(3, Math.max(1, row.rank));
  const font = Math.floor(Math.min(step.rect.h * 0.4, step.rect.w * 0.5));
  return box(
    `wall-podium-step podium-${rank}`,
    step.rect,
    font,
    step.first ? el("p", { text: String(row.rank) }) : "",
  );
}

function results(r, nodes) {
  const { ballot, result } = chosenBallot(r);
  if (!ballot) return r.emptyNote(nodes, r.t.noResults);
  const turnout = result?.turnout;
  const turnoutText = turnout
    ? fill(turnout.eligible === 1 ? r.t.turnoutOne : r.t.turnout, turnout)
    : "";
  // The turnout in the banner once the result shows; until then it is the screen itself.
  const shown = Boolean(result?.tally?.ranking?.length);
  r.bannerBase = (shown && turnoutText) || r.t.modes?.results || "";
  if (r.bannerTitle) r.bannerTitle.textContent = r.bannerBase;
  // The ballot's title as a heading across the top, as many lines as it takes on the
  // narrowest screen (every screen works it out the same way).
  const narrowest = Math.min(...r.geometry.screens.map((s) => s.w));
  const headLines = linesFor(ballot.title.length, narrowest - 2 * r.glyph, r.glyph, 0.6);
  const shortest = Math.min(...r.geometry.screens.map((s) => s.h));
  // A title that would take more than a quarter of the room is left to the console.
  let headH = Math.round((headLines * 1.2 + 0.6) * r.glyph);
  if (headH > (shortest - r.bannerPx - r.noticePx) / 4) headH = 0;
  const head = { x: 0, y: r.bannerPx, w: r.canvas.w, h: headH };
  if (headH)
    r.spreadText(
      nodes,
      head,
      [el("h2", { class: "wall-results-title", text: ballot.title, dir: "auto" })],
      "wall-results-head",
      r.glyph,
    );
  const pictures = new Map(
    (r.view.state.ideas || []).filter((i) => i.image_url).map((i) => [String(i.id), i.image_url]),
  );
  const rows = tallyRows(result?.tally, ballot.options, pictures);
  if (!rows.length) {
    // No tally to show yet (hidden until revealed): the turnout, as large as the wall allows.
    return textInEveryBand(
      r,
      nodes,
      "wall-turnout",
      () => el("p", { text: turnoutText || r.t.noResults }),
      r.bannerPx + headH,
    );
  }
  const n = ballot.options?.length || rows.length;
  const words = new Map(rows.map((row) => [row.id, scoreWords(r.t, result.tally, row, n)]));
  const best = Math.max(...rows.map((row) => row.value), 0) || 1;
  const podium = podiumPlan(r, rows, words, r.bannerPx + headH);
  if (!podium) return resultList(r, nodes, rows, words, best, { reserveTop: r.bannerPx + headH });
  const cards = podium.cards
    .filter((card) => card.rect.key === r.me.key)
    .map((card) => podiumCard(r, card, podium.font, words));
  if (podium.pageOfItsOwn) {
    // The podium first, then the rest on the pages after it, each page over the whole screen.
    const page = el("div", { class: "wall-page off", dataset: { page: "podium" } }, ...cards);
    nodes.push(page);
    resultList(r, nodes, podium.rest, words, best, { reserveTop: r.bannerPx + headH });
    r.pages.unshift(page);
    const { wall } = r.view;
    r.paging = { epoch: wall.epoch_ms, dwell: wall.dwell_ms, pages: r.pages.length };
    if (r.bannerTitle)
      r.bannerTitle.textContent = `${r.bannerBase} · ${r.pages.length}/${r.pages.length}`;
    return;
  }
  nodes.push(...cards);
  for (const step of podium.steps)
    if (step.rect.key === r.me.key) nodes.push(podiumStep(step, podium.cards[step.place].row));
  if (podium.rest.length && podium.list)
    resultList(r, nodes, podium.rest, words, best, {
      geometry: podium.list,
      reserveTop: 0,
      reserveBottom: 0,
      near: podium.near,
      oneEach: podium.oneEach,
      most: podium.font,
    });
}

/** Stretch a plan's slots down their screens: each column of slots on a screen shares the
 * screen's height (the margins and gaps kept), so a short list fills the screens it is given
 * rather than a strip at their top. Arithmetic on the plan alone, so every screen agrees. */
function fillHeight(r, plan, { geometry = null, reserveTop, reserveBottom }) {
  const areas = geometry
    ? new Map(geometry.screens.map((a) => [a.key, a]))
    : usableAreas(r.geometry, reserveTop ?? r.bannerPx, reserveBottom ?? r.noticePx);
  const groups = new Map();
  for (const slot of plan.slots) {
    const at = `${slot.screen_key} ${Math.round(slot.rect.x)}`;
    if (!groups.has(at)) groups.set(at, []);
    groups.get(at).push(slot);
  }
  const taller = new Map();
  for (const group of groups.values()) {
    const area = areas.get(group[0].screen_key);
    if (!area) continue;
    const column = [...new Set(group)].sort((a, b) => a.rect.y - b.rect.y);
    // The plan centres a short column; stretched, it keeps a podium's gap at the edges.
    const margin = Math.max(0, Math.min(column[0].rect.y - area.y, PODIUM_GAP));
    const gap =
      column.length > 1
        ? Math.max(0, column[1].rect.y - column[0].rect.y - column[0].rect.h)
        : PODIUM_GAP;
    const k = column.length;
    const h = Math.floor((area.h - 2 * margin - (k - 1) * gap) / k);
    column.forEach((slot, i) => {
      if (h > slot.rect.h)
        taller.set(slot, {
          ...slot,
          rect: { ...slot.rect, y: area.y + margin + i * (h + gap), h },
        });
    });
  }
  plan.slots = plan.slots.map((slot) => taller.get(slot) || slot);
}

/** How tall a result row must be for its words (`needs`), whether its score goes under the
 * name (`stacked`) and whether it has room for a picture (`pictured`), for a plan and font. */
function listSizing(rows, words) {
  const labelChars = Math.max(0, ...rows.map((row) => row.label.length));
  const teamChars = Math.max(0, ...rows.map((row) => row.team.length));
  const valueChars = Math.max(0, ...rows.map((row) => words.get(row.id).length));
  // Every row keeps a picture's room when any has one, so the names line up; a narrow row
  // keeps its width for the words.
  const anyPicture = rows.some((row) => row.image);
  const pictured = (plan, font) => anyPicture && plan.card_w >= ROW_PICTURE_MIN_EM * font;
  const pictureEm = (plan, font) => (pictured(plan, font) ? ROW_PICTURE_EM : 0);
  // A narrow row puts the score under the name instead of beside it.
  const stacked = (plan, font) =>
    plan.card_w < (20 + pictureEm(plan, font) + valueChars * BOLD_ADVANCE_EM) * font;
  const needs = (plan, font) => {
    const beside = stacked(plan, font) ? 0 : valueChars * BOLD_ADVANCE_EM * font;
    const width = plan.card_w - font * (1.4 + 2.5 + pictureEm(plan, font)) - beside;
    return (
      font *
      (linesFor(labelChars, width, font, BOLD_ADVANCE_EM) * TITLE_LINE_EM +
        linesFor(teamChars, width, font * 0.8, ADVANCE_EM) * META_LINE_EM * 0.8 +
        (beside ? 0 : TITLE_LINE_EM) +
        0.6)
    );
  };
  return { needs, stacked, pictured };
}

/** Result rows (below or beside the podium, or all of them where no podium fits), paged. */
function resultList(
  r,
  nodes,
  rows,
  words,
  best,
  { near = null, oneEach = false, most = null, ...reserve },
) {
  const { needs, stacked, pictured } = listSizing(rows, words);
  const plan = roomyPlan(r, rows.length, needs, {
    aspects: [
      [6, 1],
      [5, 1],
      [4, 1],
      [3, 1],
      [2, 1],
      [4, 3],
    ],
    reserve,
  });
  if (!plan) return r.emptyNote(nodes, r.t.tooSmall);
  if (near == null) spreadOver(plan, rows.length);
  else nearestFirst(r, plan, rows.length, near, oneEach);
  fillHeight(r, plan, reserve);
  // Taller rows: the words as large as the rows hold, up to the podium's cap, and never
  // larger than the podium's words above them.
  const cap = Math.min(
    Math.floor(r.glyph * PODIUM_SCALE),
    Math.floor(plan.card_w / 9),
    most ?? Number.POSITIVE_INFINITY,
  );
  const lowest = Math.min(...plan.slots.map((slot) => slot.rect.h));
  for (let font = cap; font > plan.font_px; font = Math.floor(font * 0.92)) {
    if (needs(plan, font) <= lowest) {
      plan.font_px = font;
      break;
    }
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  r.paged(
    nodes,
    rows.map((row) => row.id),
    plan,
    (id, slot) => {
      const row = byId.get(id);
      const bar = el("span", { class: "wall-result-bar" });
      bar.style.width = `${Math.max(0, Math.min(1, row.value / best) * 100)}%`;
      const podium = row.rank <= 3 ? ` podium-${row.rank}` : "";
      const value = el("span", { class: "wall-result-value wall-fit-line", text: words.get(id) });
      const under = stacked(plan, plan.font_px);
      const picture = !pictured(plan, plan.font_px)
        ? ""
        : row.image
          ? el("img", { class: "wall-result-picture", src: row.image, alt: "" })
          : el("span", { class: "wall-result-picture" });
      return r.fitted(
        box(
          `wall-result${podium}`,
          slot.rect,
          plan.font_px,
          bar,
          el("span", { class: "wall-result-rank wall-fit-line", text: String(row.rank) }),
          picture,
          el(
            "span",
            { class: "wall-result-name" },
            el("span", { class: "wall-result-label", text: row.label, dir: "auto" }),
            row.team ? el("span", { class: "wall-result-team", text: row.team, dir: "auto" }) : "",
            under ? value : "",
          ),
          under ? "" : value,
        ),
      );
    },
  );
}

function agenda(r, nodes) {
  const { state } = r.view;
  const phase = currentPhase(state.agenda);
  const next = nextPhase(state.agenda);
  const { mine, smallest } = cells(r);
  if (!mine) return;
  const title = phase ? phase.name : r.t.startingSoon;
  const after = next ? `${r.t.next} ${next.name}` : "";
  // Every screen shows the phase, its countdown and what comes next, sized for the smallest
  // screen: no digit is cut by a bezel. Sizes are in ems of the box, so fit.js can shrink them
  // together; the line about the next phase gives way first.
  const digits = Math.floor(Math.min(smallest.h * 0.42, smallest.w / 4.6));
  const base = Math.max(r.glyph, Math.floor(digits * 0.22));
  const countdown = el("p", { class: "wall-countdown wall-fit-line" });
  countdown.style.fontSize = `${Math.max(1, digits / base).toFixed(3)}em`;
  r.countdowns.push(countdown);
  const name = el("p", { class: "wall-phase-name", text: title, dir: "auto" });
  const upcoming = el("p", {
    class: "wall-next",
    text: after,
    dir: "auto",
    dataset: { drop: "1" },
  });
  nodes.push(r.fitted(box("wall-centre", mine, base, name, countdown, after ? upcoming : "")));
}

function announcement(r, nodes) {
  const { wall, state } = r.view;
  const html = wall.message_html || state.announcements?.[0]?.html || "";
  textInEveryBand(r, nodes, "wall-takeover", () => {
    // Longer than the smallest screen holds at the legibility limit: as much as fits (the
    // phones show it all).
    const message = el("div", { class: "wall-message prose wall-fill" });
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
  const challenges = new Map((state.challenges || []).map((c) => [c.id, c.title]));
  const longest = (pick) => Math.max(0, ...list.map((team) => pick(team).length));
  const nameChars = longest((team) => team.name || "");
  const challengeChars = longest((team) => challenges.get(team.challenge_id) || "");
  // The name, the count and the challenge whole; the members in the room left.
  const needs = (plan, font) => {
    const inner = plan.card_w - 0.9 * font;
    return (
      font *
      (linesFor(nameChars, inner, font * 1.05, BOLD_ADVANCE_EM) * TITLE_LINE_EM * 1.05 +
        linesFor(challengeChars + 8, inner, font, ADVANCE_EM) * META_LINE_EM +
        1.6 * 1.1 +
        CARD_REST_EM)
    );
  };
  const plan = roomyPlan(r, list.length, needs, { reserve: { reserveTop: r.bannerPx + bandH } });
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
      const names = (team.members || []).map((m) => m.name).join(", ");
      const challenge = challenges.get(team.challenge_id) || "";
      return r.fitted(
        box(
          `wall-card wall-team${full ? " full" : ""}`,
          slot.rect,
          plan.font_px,
          el(
            "div",
            { class: "wall-card-text" },
            el("h3", { class: "wall-card-title", text: team.name, dir: "auto" }),
            names
              ? el("p", { class: "wall-team-members wall-fill", text: names, dir: "auto" })
              : "",
            el(
              "p",
              { class: "wall-card-meta" },
              el("span", {
                class: "wall-team-count",
                text: team.max_size ? `${members} / ${team.max_size}` : String(members),
              }),
              challenge ? el("span", { text: ` · ${challenge}`, dataset: { drop: "1" } }) : "",
            ),
          ),
        ),
      );
    },
  );
}

/** How long ago server time `at` was, at server time `now`, in the wall's words (schematic.py
 * format_ago says the same in English). */
export function agoText(words, at, now) {
  if (!Number.isFinite(at)) return "";
  const minutes = Math.max(0, Math.floor((now - at) / MINUTE_MS));
  if (minutes < 1) return words.now;
  if (minutes < 60) return fill(words.minutes, { n: minutes });
  return fill(words.hours, { n: Math.floor(minutes / 60) });
}

/** The latest progress posts, newest first, with their team's name (a post of a team since
 * removed keeps its author's). */
export function postsOf(state, count = WALL_FEED) {
  const names = new Map((state.teams || []).map((t) => [t.id, t.name]));
  return (state.progress || []).slice(0, count).map((post) => ({
    id: post.id,
    team: names.get(post.team_id) || post.author_name || "",
    author: names.has(post.team_id) ? post.author_name || "" : "",
    body: post.body || "",
    at: Date.parse(post.created_at ?? ""),
  }));
}

function progress(r, nodes) {
  const posts = postsOf(r.view.state);
  if (!posts.length) return r.emptyNote(nodes, r.t.noPosts);
  const longest = (values) => Math.max(0, ...values.map((v) => v.length));
  const teamChars = longest(posts.map((post) => post.team));
  const bodyChars = longest(posts.map((post) => post.body));
  // The age line at its longest ("59 min ago"), with the author beside it (below it when the
  // line is full) only where the chosen cards have room for that too: the author never takes
  // the room of the post itself. Worked out the same on every screen.
  const agoChars = longest(Object.values(r.t.ago).map((w) => fill(w, { n: 59 })));
  const authorChars = longest(posts.map((post) => post.author));
  // The team and the age whole at the readable size, and room for the longest post: a post
  // longer than the roomiest card holds keeps the words that fit (fit.js), as a pitch does.
  const needs = (plan, font, author = false) => {
    const inner = plan.card_w - 0.9 * font;
    const metaChars = agoChars + (author ? 3 + authorChars : 0);
    return (
      font *
      (linesFor(teamChars, inner, font * 1.05, BOLD_ADVANCE_EM) * TITLE_LINE_EM * 1.05 +
        linesFor(bodyChars, inner, font, ADVANCE_EM) * META_LINE_EM +
        linesFor(metaChars, inner, font, ADVANCE_EM) * META_LINE_EM +
        CARD_REST_EM +
        0.24)
    );
  };
  const plan = roomyPlan(r, posts.length, needs, {
    aspects: [
      [4, 3],
      [16, 9],
    ],
  });
  if (!plan) return r.emptyNote(nodes, r.t.tooSmall);
  const byId = new Map(posts.map((post) => [post.id, post]));
  const withAuthor = authorChars > 0 && needs(plan, plan.font_px, true) <= plan.card_h;
  r.paged(
    nodes,
    posts.map((post) => post.id),
    plan,
    (id, slot) => {
      const post = byId.get(id);
      const ago = el("span", {
        class: "wall-post-ago",
        text: agoText(r.t.ago, post.at, r.view.now),
      });
      r.ages.push({ node: ago, at: post.at });
      return r.fitted(
        box(
          "wall-card wall-post",
          slot.rect,
          plan.font_px,
          el(
            "div",
            { class: "wall-card-text" },
            el("h3", { class: "wall-card-title", text: post.team, dir: "auto" }),
            el("p", { class: "wall-post-body wall-fill", text: post.body, dir: "auto" }),
            // Still too full at the legibility limit: the author gives way before the age.
            el(
              "p",
              { class: "wall-card-meta" },
              ago,
              post.author && withAuthor
                ? el("span", { text: ` · ${post.author}`, dir: "auto", dataset: { drop: "1" } })
                : "",
            ),
          ),
        ),
      );
    },
  );
}

/** The survey to show: one that is open (the newest), else the newest closed one. */
export function chosenSurvey(state) {
  const surveys = (state.surveys || []).filter((s) => s.status !== "draft");
  const survey = surveys.filter((s) => s.status === "open").at(-1) || surveys.at(-1) || null;
  return { survey, figures: survey ? state.survey_results?.[String(survey.id)] : null };
}

/** The survey's cards: one per scale question (mean and distribution), one for the words. */
export function surveyCards(survey, figures) {
  const byKey = new Map((figures?.questions || []).map((q) => [q.key, q]));
  const cards = [];
  for (const q of survey.questions || []) {
    const f = byKey.get(q.key);
    if (["rating", "nps", "assessment"].includes(q.kind))
      cards.push({ id: q.key, kind: "scale", label: q.label, figures: f || null, question: q });
    else if (q.kind === "word")
      cards.push({ id: q.key, kind: "words", label: q.label, words: f?.counts || [] });
  }
  return cards;
}

const SCALE_OF = { rating: [1, 5], assessment: [1, 5], nps: [0, 10] };
// The word cloud's sizes, in ems of the card's font, from the least to the most frequent.
const CLOUD_EM = [0.8, 1, 1.25, 1.55, 1.9];

function scaleCard(r, card, plan) {
  const [low, high] = SCALE_OF[card.question.kind];
  const f = card.figures;
  const counts = f?.distribution || new Array(high - low + 1).fill(0);
  const top = Math.max(1, ...counts);
  // The recommend question's headline is its net promoter score, not its mean.
  const nps = card.question.kind === "nps";
  const headline = nps ? f?.nps : f?.mean;
  const mean =
    headline == null
      ? "–"
      : nps
        ? `${headline > 0 ? "+" : ""}${Math.round(headline)}`
        : headline.toFixed(1);
  const count = fill(f?.n === 1 ? r.t.survey.answer : r.t.survey.answers, { n: f?.n ?? 0 });
  const answers = nps ? `${r.t.survey.nps} · ${count}` : count;
  // Three rows sharing the columns: the counts (the first to give way on a full card), the
  // bars, the scale's values.
  const row = (cls, items, drop) =>
    el(
      "div",
      { class: `wall-survey-row ${cls}`, ...(drop ? { dataset: { drop } } : {}) },
      ...items,
    );
  const bars = counts.map((count) => {
    const bar = el("span", { class: "wall-survey-bar" });
    bar.style.height = `${Math.round((count / top) * 100)}%`;
    return el("span", { class: "wall-survey-track" }, bar);
  });
  const chart = el(
    "div",
    { class: "wall-survey-chart" },
    row(
      "wall-survey-counts",
      counts.map((count) =>
        el("span", { class: "wall-survey-count wall-fit-line", text: String(count) }),
      ),
      "1",
    ),
    row("wall-survey-bars", bars),
    row(
      "wall-survey-values",
      counts.map((_, i) =>
        el("span", { class: "wall-survey-value wall-fit-line", text: String(low + i) }),
      ),
      "3",
    ),
  );
  return box(
    "wall-card wall-survey",
    card.slot.rect,
    plan.font_px,
    el(
      "div",
      { class: "wall-card-text" },
      el("h3", { class: "wall-card-title", text: card.label, dir: "auto" }),
      el(
        "p",
        { class: "wall-survey-mean" },
        el("strong", { class: "wall-fit-line", text: mean }),
        el("span", { class: "wall-fit-line", text: ` ${answers}`, dataset: { drop: "2" } }),
      ),
      chart,
    ),
  );
}

/** The words that fit a cloud `width` x `height` px at `font` px, most frequent first, each with
 * its size in ems: words wrap as a flex row does, by an estimate of their advance (with slack,
 * as a word's real width varies). A word too wide for a line at its size takes a smaller one. */
export function cloudLayout(words, width, height, font) {
  const most = words[0]?.[1] || 1;
  const placed = [];
  let lineW = 0;
  let lineH = 0;
  let used = 0;
  const gap = 0.45 * font;
  for (const [word, count] of words) {
    let level = Math.min(4, Math.floor((count / most) * 4.999));
    const wide = (em) => word.length * BOLD_ADVANCE_EM * WRAP_SLACK * em * font;
    while (level > 0 && wide(CLOUD_EM[level]) > width) level -= 1;
    const em = CLOUD_EM[level];
    const w = wide(em);
    const h = 1.15 * em * font;
    if (w > width) continue; // too long even at the smallest size: the console lists it
    if (lineW && lineW + gap + w > width) {
      used += lineH;
      lineW = 0;
      lineH = 0;
    }
    if (used + Math.max(lineH, h) > height) break;
    lineW += (lineW ? gap : 0) + w;
    lineH = Math.max(lineH, h);
    placed.push({ word, count, em });
  }
  return placed;
}

function wordsCard(r, card, plan) {
  const font = plan.font_px;
  const inner = card.slot.rect.w - 0.9 * font;
  const titleH =
    linesFor(card.label.length, inner, font * 1.05, BOLD_ADVANCE_EM) * TITLE_LINE_EM * 1.05 * font;
  const room = card.slot.rect.h - titleH - CARD_REST_EM * font;
  const placed = cloudLayout(card.words, inner, room, font);
  const words = placed.map((item) => {
    const node = el("span", { class: "wall-word", text: item.word, dir: "auto" });
    node.style.fontSize = `${item.em}em`;
    return node;
  });
  return box(
    "wall-card wall-survey",
    card.slot.rect,
    font,
    el(
      "div",
      { class: "wall-card-text" },
      el("h3", { class: "wall-card-title", text: card.label, dir: "auto" }),
      // Words too long for this card at any size are left to the console and the report.
      card.words.length
        ? el("p", { class: "wall-cloud" }, ...words)
        : el("p", { class: "wall-card-meta", text: r.t.survey.noWords, dataset: { drop: "1" } }),
    ),
  );
}

function survey(r, nodes) {
  const { survey: chosen, figures } = chosenSurvey(r.view.state);
  if (!chosen) return r.emptyNote(nodes, r.t.survey.none);
  const responses = figures?.responses ?? 0;
  r.bannerBase = fill(r.t.survey.banner, {
    n: responses,
    m: figures?.eligible ?? 0,
  });
  if (r.bannerTitle) r.bannerTitle.textContent = r.bannerBase;
  const cards = surveyCards(chosen, figures);
  if (!cards.length) return r.emptyNote(nodes, r.t.survey.none);
  const labelChars = Math.max(0, ...cards.map((c) => c.label.length));
  const wordChars = Math.max(
    0,
    ...cards.filter((c) => c.kind === "words").map((c) => c.words.slice(0, 12).join(" ").length),
  );
  // Room for the longest label, the mean line and a chart (or a few lines of words).
  const needs = (plan, font) => {
    const inner = plan.card_w - 0.9 * font;
    return (
      font *
      (linesFor(labelChars, inner, font * 1.05, BOLD_ADVANCE_EM) * TITLE_LINE_EM * 1.05 +
        META_LINE_EM * 1.6 +
        Math.max(4.5, linesFor(wordChars, inner, font * 1.3, ADVANCE_EM) * 1.6) +
        CARD_REST_EM)
    );
  };
  const plan = roomyPlan(r, cards.length, needs, {
    aspects: [
      [4, 3],
      [16, 9],
    ],
  });
  if (!plan) return r.emptyNote(nodes, r.t.tooSmall);
  const byId = new Map(cards.map((c) => [c.id, c]));
  r.paged(
    nodes,
    cards.map((c) => c.id),
    plan,
    (id, slot) => {
      const card = { ...byId.get(id), slot };
      const node = card.kind === "words" ? wordsCard(r, card, plan) : scaleCard(r, card, plan);
      node.dataset.key = card.id;
      return r.fitted(node);
    },
  );
}

/** The help queue's figures (mentors/helpdesk.queue_summary): teams waiting, the median wait
 * of recent requests, mentors available. Shared with the corner badge of the other modes. */
export function helpFigures(state, t) {
  const q = state.help_queue || {};
  const waiting = (q.open || []).length;
  const wait =
    q.median_wait_ms == null ? "–" : String(Math.max(1, Math.round(q.median_wait_ms / 60_000)));
  return {
    waiting,
    lines: [
      fill(t.helpWaiting, { n: waiting }),
      q.median_wait_ms == null ? t.helpNoWait : fill(t.helpWait, { n: wait }),
      fill(t.helpMentors, { n: q.mentors_active ?? 0 }),
    ],
    closed: Boolean(q.closed),
    message: q.message || "",
  };
}

function help(r, nodes) {
  const figures = helpFigures(r.view.state, r.t);
  // The same three lines on every screen, as large as the smallest screen holds.
  textInEveryBand(r, nodes, "wall-help", () =>
    el(
      "div",
      { class: "wall-help-lines" },
      ...figures.lines.map((text, i) =>
        el("p", { class: i === 0 ? "wall-help-lead" : "wall-help-line", text }),
      ),
      figures.closed
        ? // A long message gives way on small screens (fit.js); the phones show it whole.
          el("p", {
            class: "wall-help-line",
            text: figures.message || r.t.helpClosed,
            dir: "auto",
            dataset: { drop: "1" },
          })
        : "",
    ),
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
  nodes.push(r.fitted(box("wall-identify", s, Math.max(r.glyph, Math.floor(size / 4)), label)));
}

export const MODES = {
  join,
  ideas,
  results,
  agenda,
  announcement,
  teams,
  identify,
  progress,
  survey,
  help,
};
