// The few DOM helpers every page uses: an element by id, building elements, the error box,
// and the JSON data a template leaves for its module (the CSP forbids inline script).

/** The element with this id, or null. */
export const $ = (id) => document.getElementById(id);

/** A new element. attrs: "class", "dataset" and "text" set those; any other is an attribute. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

/** Show err.message in an error box (the element or its id), or hide the box when err is null. */
export function showError(box, err) {
  const node = typeof box === "string" ? $(box) : box;
  if (!node) return;
  node.textContent = err ? err.message : "";
  node.hidden = !err;
}

/** The data in <script type="application/json" id="…">, or `fallback` when there is none. */
export function readJson(id, fallback = {}) {
  const node = $(id);
  return node ? JSON.parse(node.textContent) : fallback;
}

/**
 * Keep one card per item in container, in the order of items, reusing the cards already drawn
 * (so a redraw keeps focus and form state): cards maps item id -> {root, …}; make(item) builds a
 * new card, update(item, card) refreshes one; the cards of items that are gone are removed.
 */
export function placeCards(container, cards, items, { make, update }) {
  const keep = new Set(items.map((item) => item.id));
  for (const [id, card] of cards) {
    if (keep.has(id)) continue;
    card.root.remove();
    cards.delete(id);
  }
  items.forEach((item, index) => {
    let card = cards.get(item.id);
    if (!card) {
      card = make(item);
      cards.set(item.id, card);
    }
    const there = container.children[index];
    if (there !== card.root) container.insertBefore(card.root, there || null);
    update(item, card);
  });
}

/** A short vibration, where the phone has one and the person has touched the page (browsers
 * refuse it before that, with a console warning). */
export function buzz(ms) {
  if (navigator.vibrate && navigator.userActivation?.hasBeenActive !== false) navigator.vibrate(ms);
}
