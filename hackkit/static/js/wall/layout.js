// Card layout for wall screens: the browser twin of hackkit/wall/layout.py (plan_cards,
// paginate, banner, min_glyph_px). Every screen computes the same plan from the same inputs,
// so cards land in the same places without the server sending positions; tests/wall/
// test_layout_js.py checks both sides agree on random walls.
// Plain ES module: no build step, no dependencies.

const CAP_HEIGHT_PER_DISTANCE = 1 / 120;
const CAP_HEIGHT_PER_EM = 0.7;
const MIN_GLYPH_FLOOR_PX = 18;
export const CARD_WIDTH_EM = 9;
const LEGIBLE_SHARE = 0.63;
const NOTICE_PER_BANNER = 1.6;
// The longest title, as longest_title_fits in layout.py counts it.
const LONGEST_TITLE_CHARS = 120;
const BOLD_ADVANCE_EM = 0.6;
const TITLE_LINE_EM = 1.2;
const CARD_REST_EM = 0.6 + 0.18 + 1.2 + 0.9;
const WRAP_SLACK = 1.2;

export class LayoutError extends Error {}

/** Python's round(): halves go to the even neighbour (round(4.5) == 4), unlike Math.round. */
export function roundHalfEven(x) {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Smallest readable font size (px) from this distance on a panel of this pixel pitch. */
export function minGlyphPx(viewingDistanceM, pixelPitchMm) {
  const capHeightMm = viewingDistanceM * 1000 * CAP_HEIGHT_PER_DISTANCE;
  return Math.max(MIN_GLYPH_FLOOR_PX, Math.ceil(capHeightMm / CAP_HEIGHT_PER_EM / pixelPitchMm));
}

/** Height of the announcement band across the bottom (notice_px in layout.py). */
export function noticeHeight(bannerPx) {
  return Math.round(bannerPx * NOTICE_PER_BANNER);
}

/** The smallest size text may shrink to when it does not fit (legible_px in layout.py). */
export function legiblePx(glyph) {
  return Math.max(12, Math.ceil(glyph * LEGIBLE_SHARE));
}

/** The screens of a stored geometry ({screens: [{key, x, y, w, h}]}). */
export function screensOf(geometry) {
  return geometry.screens || [];
}

/** The whole canvas {x: 0, y: 0, w, h}, bezels included. */
export function canvasOf(geometry) {
  const screens = screensOf(geometry);
  return {
    x: 0,
    y: 0,
    w: Math.max(0, ...screens.map((s) => s.x + s.w)),
    h: Math.max(0, ...screens.map((s) => s.y + s.h)),
  };
}

function cardH(cardW, aspect) {
  return Math.max(1, roundHalfEven((cardW * aspect[1]) / aspect[0]));
}

function largestCardW(rect, gap, aspect) {
  const roomW = rect.w - 2 * gap;
  const roomH = rect.h - 2 * gap;
  if (roomW <= 0 || roomH <= 0) return 0;
  let w = Math.min(roomW, Math.floor((roomH * aspect[0]) / aspect[1]) + 1);
  while (w > 0 && cardH(w, aspect) > roomH) w -= 1;
  return w;
}

function compareScreens(a, b) {
  if (a.y !== b.y) return a.y - b.y;
  if (a.x !== b.x) return a.x - b.x;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Size the cards and lay out their slots, each wholly inside one screen (see plan_cards in
 * layout.py for the rules). Returns {slots: [{screen_key, rect: {x, y, w, h}}], per_page,
 * font_px, card_w, card_h}.
 */
export function planCards(
  geometry,
  nItems,
  { minGlyphPx: glyph, cardAspect = [4, 3], reserveTop = 0, reserveBottom = 0, gap = 16 },
) {
  const screens = [...screensOf(geometry)].sort(compareScreens);
  const canvas = canvasOf(geometry);
  const topBandEnd = canvas.y + reserveTop;
  const bottomBandStart = canvas.y + canvas.h - reserveBottom;
  const usable = screens.map((s) => {
    const top = Math.max(s.y, topBandEnd);
    const bottom = Math.min(s.y + s.h, bottomBandStart);
    return { key: s.key, rect: { x: s.x, y: top, w: s.w, h: Math.max(0, bottom - top) } };
  });
  const fit = (length, card) => Math.max(0, Math.floor((length - gap) / (card + gap)));
  const capacity = (w) => {
    const h = cardH(w, cardAspect);
    return usable.reduce((sum, u) => sum + fit(u.rect.w, w) * fit(u.rect.h, h), 0);
  };
  const largest = Math.max(0, ...usable.map((u) => largestCardW(u.rect, gap, cardAspect)));
  if (largest < glyph || cardH(largest, cardAspect) < glyph) {
    throw new LayoutError("no screen has room for a readable card");
  }
  const readableW = Math.min(CARD_WIDTH_EM * glyph, largest);
  const target = Math.min(nItems, capacity(readableW));
  let low = readableW;
  let high = largest;
  while (low < high) {
    const middle = Math.floor((low + high + 1) / 2);
    if (capacity(middle) >= target) low = middle;
    else high = middle - 1;
  }
  const cardW = low;
  const h = cardH(cardW, cardAspect);
  const fontPx = Math.max(glyph, Math.floor(cardW / CARD_WIDTH_EM));
  const slots = [];
  for (const { key, rect } of usable) {
    const cols = fit(rect.w, cardW);
    const rows = fit(rect.h, h);
    if (!cols || !rows) continue;
    const left = rect.x + Math.floor((rect.w - cols * cardW - (cols - 1) * gap) / 2);
    const top = rect.y + Math.floor((rect.h - rows * h - (rows - 1) * gap) / 2);
    for (let row = 0; row < rows; row += 1) {
      for (let col = 0; col < cols; col += 1) {
        slots.push({
          screen_key: key,
          rect: { x: left + col * (cardW + gap), y: top + row * (h + gap), w: cardW, h },
        });
      }
    }
  }
  return { slots, per_page: slots.length, font_px: fontPx, card_w: cardW, card_h: h };
}

/** Deal items into pages of slots: item i goes to page i // per_page, slot i % per_page. */
export function paginate(itemIds, plan) {
  if (new Set(itemIds).size !== itemIds.length) {
    throw new LayoutError("each item may appear only once on the wall");
  }
  if (itemIds.length && plan.per_page === 0) throw new LayoutError("the plan has no slots");
  const pages = [];
  itemIds.forEach((id, index) => {
    if (index % plan.per_page === 0) pages.push([]);
    pages[pages.length - 1].push([id, plan.slots[index % plan.per_page]]);
  });
  return pages;
}

/** A band across the whole canvas at its top or bottom edge; it may cross bezels. */
export function banner(geometry, heightPx, edge = "top") {
  const canvas = canvasOf(geometry);
  const height = Math.min(heightPx, canvas.h);
  if (edge === "top") return { x: canvas.x, y: canvas.y, w: canvas.w, h: height };
  return { x: canvas.x, y: canvas.y + canvas.h - height, w: canvas.w, h: height };
}

/** Each screen's area below the top band and above the bottom band, by key. */
export function usableAreas(geometry, reserveTop = 0, reserveBottom = 0) {
  const canvas = canvasOf(geometry);
  const areas = new Map();
  for (const s of screensOf(geometry)) {
    const top = Math.max(s.y, canvas.y + reserveTop);
    const bottom = Math.min(s.y + s.h, canvas.y + canvas.h - reserveBottom);
    areas.set(s.key, { x: s.x, y: top, w: s.w, h: Math.max(0, bottom - top) });
  }
  return areas;
}

/** Whether a card alone on the roomiest screen holds the longest title at the legibility
 * limit, even with an announcement below (longest_title_fits in layout.py). */
export function longestTitleFits(geometry, glyph, reserveTop) {
  const reserveBottom = noticeHeight(reserveTop);
  try {
    if (!planCards(geometry, 1, { minGlyphPx: glyph, reserveTop, reserveBottom }).slots.length)
      return false;
  } catch (err) {
    if (err instanceof LayoutError) return false;
    throw err;
  }
  const font = legiblePx(glyph);
  const areas = [...usableAreas(geometry, reserveTop, reserveBottom).values()];
  const [cardW, cardH] = areas
    .map((a) => [a.w - 32, a.h - 32])
    .sort((a, b) => b[0] - a[0] || b[1] - a[1])[0];
  const perLine = Math.max(1, Math.floor((cardW - 0.9 * font) / (BOLD_ADVANCE_EM * font)));
  const lines = Math.ceil((LONGEST_TITLE_CHARS * WRAP_SLACK) / perLine);
  return lines * TITLE_LINE_EM * font + CARD_REST_EM * font <= cardH;
}
