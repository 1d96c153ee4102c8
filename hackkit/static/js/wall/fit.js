// The last step of drawing a screen: text that the arithmetic layout could not quite fit is made
// to fit by measuring it here. Only this screen's own boxes are measured and nothing moves
// between screens, so every screen still shows the same cards in the same places.
//
// - A box marked .wall-fit shrinks its font in steps, down to the legibility limit
//   (data-floor, see legible_px in layout.py), until its text is inside it.
// - A box still too full at that limit hides its [data-drop] parts, lowest data-drop first
//   (the event name in the banner gives way before the countdown).
// - A .wall-fill paragraph (a pitch) keeps the words that fit and ends with an ellipsis
//   character: the title and the team are whole, the pitch shows as much as fits.
// Reads and writes are batched per round, so a screen of 300 cards costs a few layouts.

const STEP = 0.9;
const MAX_ROUNDS = 8;
const SLACK = 1;

function overflows(node) {
  return (
    node.scrollWidth > node.clientWidth + SLACK || node.scrollHeight > node.clientHeight + SLACK
  );
}

function tooFull(box) {
  if (overflows(box)) return true;
  for (const child of box.querySelectorAll(".wall-fit-line")) {
    if (overflows(child)) return true;
  }
  return false;
}

function fontOf(box) {
  return Number.parseFloat(box.style.fontSize) || Number.parseFloat(getComputedStyle(box).fontSize);
}

/** Shrink every .wall-fit box in root until its text fits, or it reaches its floor. */
export function fitBoxes(root) {
  let pending = [...root.querySelectorAll(".wall-fit")];
  for (let round = 0; round < MAX_ROUNDS && pending.length; round += 1) {
    const full = pending.filter(tooFull); // all reads, then all writes
    const next = [];
    for (const box of full) {
      const floor = Number(box.dataset.floor) || 12;
      const size = fontOf(box);
      if (size > floor) {
        box.style.fontSize = `${Math.max(floor, Math.floor(size * STEP))}px`;
        next.push(box);
        continue;
      }
      const drop = [...box.querySelectorAll("[data-drop]:not([hidden])")].sort(
        (a, b) => Number(a.dataset.drop) - Number(b.dataset.drop),
      )[0];
      if (drop) {
        drop.hidden = true;
        next.push(box);
      }
    }
    pending = next;
  }
}

/** Keep the words of each .wall-fill paragraph in root that fit. A first guess from the share
 * of its height that shows, then a word or two fewer per round until it fits: every round reads
 * all paragraphs, then writes all, so a screen of 300 pitches costs a few layouts, not 300. */
export function fillParagraphs(root) {
  const full = (p) => overflows(p.node) || (p.box ? overflows(p.box) : false);
  let pending = [...root.querySelectorAll(".wall-fill")]
    .map((node) => ({ node, box: node.closest(".wall-fit") }))
    .filter(full);
  const guesses = pending.map((p) => {
    const words = p.node.textContent.split(/\s+/).filter(Boolean);
    const tall = Math.max(1, p.node.scrollHeight);
    // A paragraph of its own height overflows the box around it instead.
    const excess = p.box ? p.box.scrollHeight - p.box.clientHeight : 0;
    const share = Math.min(p.node.clientHeight / tall, (tall - Math.max(0, excess)) / tall);
    // A little under the share, as the last line of a paragraph is rarely full.
    return Math.max(0, Math.min(words.length - 1, Math.floor(words.length * share * 0.85)));
  });
  pending.forEach((p, i) => {
    p.words = p.node.textContent.split(/\s+/).filter(Boolean);
    p.keep = guesses[i];
  });
  const write = (p) => {
    p.node.textContent = p.keep > 0 ? `${p.words.slice(0, p.keep).join(" ")}…` : "";
    p.node.hidden = p.keep <= 0;
  };
  for (let round = 0; round < 12 && pending.length; round += 1) {
    pending.forEach(write);
    pending = pending.filter((p) => p.keep > 0 && full(p)); // all reads after all writes
    for (const p of pending) p.keep -= Math.max(1, Math.floor(p.keep * 0.15));
  }
  for (const p of pending) {
    p.keep = 0;
    write(p);
  }
}

/** Fit everything on this screen: boxes first, then the pitches in the room left. */
export function fitScreen(root) {
  fitBoxes(root);
  fillParagraphs(root);
}
