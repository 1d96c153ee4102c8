// Drawing primitives for the wall canvas: positioned boxes, text fitted by arithmetic, and the
// bands and columns a wall's screens make, so text can be kept off the bezels.
import { el } from "../core/dom.js";

const AVERAGE_ADVANCE_EM = 0.56; // width of an average character, for fitting without measuring

export function intersects(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** A div at a canvas rectangle (CSSOM styles: the CSP forbids style attributes). */
export function box(cls, rect, fontPx = null, ...children) {
  const node = el("div", { class: cls }, ...children);
  Object.assign(node.style, {
    left: `${rect.x}px`,
    top: `${rect.y}px`,
    width: `${rect.w}px`,
    height: `${rect.h}px`,
  });
  if (fontPx) node.style.fontSize = `${Math.floor(fontPx)}px`;
  return node;
}

/** Largest font size (px) at which `chars` characters fit in w x h, found by arithmetic alone
 * so that every screen of the wall picks the same size, whatever its browser measures. */
export function fitFontPx(chars, w, h, { lineHeight = 1.2, max = Infinity, min = 1 } = {}) {
  let size = Math.min(max, h / lineHeight);
  while (size > min) {
    const perLine = Math.max(1, Math.floor(w / (size * AVERAGE_ADVANCE_EM)));
    const lines = Math.ceil(Math.max(1, chars) / perLine);
    if (lines * size * lineHeight <= h) break;
    size *= 0.94;
  }
  return Math.max(min, Math.floor(size));
}

function merged(intervals) {
  const out = [];
  for (const [start, end] of intervals.sort((a, b) => a[0] - b[0])) {
    const last = out.at(-1);
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** The wall's rows of screens below `top`, as full-width bands {x, y, w, h}: a line of text
 * inside one band never crosses a horizontal bezel. */
export function rowBands(geometry, canvas, top = 0) {
  const spans = geometry.screens
    .map((s) => [Math.max(s.y, top), s.y + s.h])
    .filter(([start, end]) => end > start);
  return merged(spans).map(([start, end]) => ({ x: 0, y: start, w: canvas.w, h: end - start }));
}

/** The columns of screens a band crosses, left to right, as {x, w}. */
export function columnsIn(geometry, band) {
  const spans = geometry.screens.filter((s) => intersects(s, band)).map((s) => [s.x, s.x + s.w]);
  return merged(spans).map(([start, end]) => ({ x: start, w: end - start }));
}

/**
 * Share a band's items out over the screen columns it crosses, so each item sits inside one
 * screen: the first item on the first column, the last on the last, the rest in between.
 * Returns [{rect, items, align}] with one entry per column that got something.
 */
export function spread(geometry, band, items) {
  const columns = columnsIn(geometry, band);
  if (!columns.length) return [];
  const n = columns.length;
  const groups = new Map();
  items.forEach((item, i) => {
    const column =
      items.length === 1 ? Math.floor((n - 1) / 2) : Math.round((i * (n - 1)) / (items.length - 1));
    if (!groups.has(column)) groups.set(column, []);
    groups.get(column).push(item);
  });
  return [...groups.entries()].map(([index, group]) => ({
    rect: { x: columns[index].x, y: band.y, w: columns[index].w, h: band.h },
    items: group,
    align:
      n === 1 || group.length > 1
        ? "between"
        : index === 0
          ? "start"
          : index === n - 1
            ? "end"
            : "centre",
  }));
}
