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

/** Keep the words of each .wall-fill paragraph in root that fit (bisecting on words). */
export function fillParagraphs(root) {
  for (const node of root.querySelectorAll(".wall-fill")) {
    // A paragraph of its own height overflows the box around it instead.
    const box = node.closest(".wall-fit");
    const full = () => overflows(node) || (box ? overflows(box) : false);
    if (!full()) continue;
    const words = node.textContent.split(/\s+/).filter(Boolean);
    let low = 0;
    let high = words.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      node.textContent = `${words.slice(0, middle).join(" ")}…`;
      if (full()) high = middle - 1;
      else low = middle;
    }
    node.textContent = low ? `${words.slice(0, low).join(" ")}…` : "";
    if (!low) node.hidden = true;
  }
}

/** Fit everything on this screen: boxes first, then the pitches in the room left. */
export function fitScreen(root) {
  fitBoxes(root);
  fillParagraphs(root);
}
