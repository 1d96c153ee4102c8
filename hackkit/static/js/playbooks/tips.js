// The event's checklists by phase: the phase under way (or the next) first, then every other
// phase in agenda order.
// Ticks are shared live between the event's consoles. Each tick message carries one item's
// whole state and the server time of its change, so the newest wins in whatever order
// messages arrive; a reconnect takes everything again from the snapshot.

import { runCountdown } from "../core/countdown.js";
import { $, el, showError } from "../core/dom.js";
import { act, boot, startPage } from "../core/page.js";

const labels = boot.labels || {};
const state = { checklists: null, agenda: null };
let shownId = null; // the phase in the "now" card: the one under way, else the next one

// --- state ----------------------------------------------------------------------------------
const key = (phaseId, text) => `${phaseId}\u0000${text}`;

function itemIndex() {
  const index = new Map();
  for (const phase of state.checklists?.phases || []) {
    for (const item of phase.items) index.set(key(phase.id, item.text), item);
  }
  return index;
}

// A full view replaces the list, but an item keeps a newer tick this console already has.
function replaceChecklists(view) {
  const known = itemIndex();
  for (const phase of view.phases) {
    phase.items = phase.items.map((item) => {
      const mine = known.get(key(phase.id, item.text));
      return mine && mine.at_ms > item.at_ms ? { ...item, ...pick(mine) } : item;
    });
  }
  state.checklists = view;
}

const pick = ({ done, by, at_ms }) => ({ done, by, at_ms });

function applyTick(tick) {
  const item = itemIndex().get(key(tick.phase_id, tick.item));
  if (!item || item.at_ms > tick.at_ms) return false;
  Object.assign(item, { done: tick.done, by: tick.by, at_ms: tick.at_ms });
  return true;
}

// The agenda (revisioned) is the truth about statuses; the checklist view may lag behind it.
function phases() {
  const list = state.checklists?.phases || [];
  const byId = new Map((state.agenda?.phases || []).map((p) => [p.id, p]));
  return list.map((p) => ({ ...p, status: byId.get(p.id)?.status ?? p.status }));
}

function currentId() {
  return state.agenda ? state.agenda.current_id : (state.checklists?.current_id ?? null);
}

// --- drawing ------------------------------------------------------------------------------------
function itemRow(phase, item) {
  const box = el("input", { type: "checkbox", dataset: { key: key(phase.id, item.text) } });
  box.checked = item.done;
  box.addEventListener("change", () => tick(phase.id, item, box.checked));
  const who =
    item.done && item.by
      ? el("span", { class: "who", text: `${labels.by || "by"} ${item.by}` })
      : "";
  const label = el(
    "label",
    { class: item.done ? "check item done" : "check item" },
    box,
    el("span", { class: "text", text: item.text }),
    who,
  );
  return el("li", {}, label);
}

function progress(phase) {
  const done = phase.items.filter((i) => i.done).length;
  return { done, total: phase.items.length };
}

function phaseCard(phase, isCurrent) {
  const { done, total } = progress(phase);
  const status = isCurrent ? labels.now || "now" : labels[phase.status] || phase.status;
  const head = el(
    "header",
    {},
    el("h3", { text: phase.name }),
    el("span", { class: `chip status ${isCurrent ? "current" : phase.status}`, text: status }),
    el("span", { class: "muted", text: `${phase.minutes} min` }),
    el("span", {
      class: total && done === total ? "count complete" : "count",
      text: `${done}/${total}`,
    }),
  );
  const body = phase.items.length
    ? el("ul", { class: "checklist" }, ...phase.items.map((item) => itemRow(phase, item)))
    : el("p", { class: "muted empty", text: labels.noChecklist || "No checklist for this phase." });
  const classes = ["phase-checklist", phase.status, isCurrent ? "current" : ""].join(" ").trim();
  return el("article", { class: classes, dataset: { phaseId: phase.id } }, head, body);
}

function render() {
  const focused = document.activeElement?.dataset?.key;
  const list = phases();
  const now = list.find((p) => p.id === currentId()) || null;
  $("now-label").textContent = now
    ? now.status === "paused"
      ? labels.paused || "Paused"
      : labels.nowTitle || "Now"
    : labels.next || "Next";
  const shown = now || list.find((p) => p.status === "pending") || null;
  $("now-name").textContent = shown ? shown.name : labels.nothing || "Nothing running";
  $("now-items").replaceChildren(...(shown ? shown.items.map((item) => itemRow(shown, item)) : []));
  $("now-empty").hidden = !shown || shown.items.length > 0;
  $("now-card").classList.toggle("idle", !now);
  $("now-count").textContent = shown ? `${progress(shown).done}/${progress(shown).total}` : "";
  $("now-count").parentElement.hidden = !shown;
  shownId = shown ? shown.id : null;
  // The phase in the card above (under way, else next) comes first; then the phases still to
  // come in agenda order, and the finished ones last, out of the way.
  const finished = (p) => p.status === "done" || p.status === "skipped";
  const rest = list.filter((p) => p !== shown);
  const others = [...rest.filter((p) => !finished(p)), ...rest.filter(finished)];
  $("phase-checklists").replaceChildren(...others.map((p) => phaseCard(p, false)));
  $("other-phases").hidden = others.length === 0;
  $("no-phases").hidden = list.length > 0;
  const all = list.reduce(
    (sum, p) => {
      const c = progress(p);
      return { done: sum.done + c.done, total: sum.total + c.total };
    },
    { done: 0, total: 0 },
  );
  $("ticked-total").textContent = `${all.done}/${all.total}`;
  if (focused) {
    // Redrawing replaced the boxes; keep the keyboard where it was (the "now" card comes first).
    const again = [...document.querySelectorAll("input[data-key]")].find(
      (b) => b.dataset.key === focused,
    );
    again?.focus();
  }
}

async function tick(phaseId, item, done) {
  const before = pick(item);
  Object.assign(item, { done, by: boot.me || "", at_ms: item.at_ms });
  render();
  const data = await act("checklist.tick", { phase_id: phaseId, item: item.text, done });
  if (data) applyTick(data);
  else Object.assign(item, before); // refused: the box goes back to how it was
  render();
}

// --- wiring -------------------------------------------------------------------------------------
const live = startPage({
  errorBox: "tips-error",
  onSnapshot(snap) {
    state.agenda = snap.agenda || null;
    if (snap.checklists) state.checklists = snap.checklists;
    render();
  },
  onUpdate(type, data) {
    if (type === "agenda.updated") {
      state.agenda = data;
      render();
    }
  },
  onView(type, data) {
    if (type === "checklist.tick" && applyTick(data)) render();
    else if (type === "checklist.updated") {
      replaceChecklists(data);
      render();
    }
  },
  onRevoked() {
    showError("tips-error", {
      message: labels.signedOut || "Your session ended; please sign in again.",
    });
  },
});

runCountdown(
  () => (state.agenda?.phases || []).find((p) => p.id === shownId) || null,
  live,
  (phase, _ms, text) => {
    const box = $("tips-countdown");
    box.textContent = phase ? text : "--:--";
    box.classList.toggle("paused", phase?.status === "paused");
  },
);
