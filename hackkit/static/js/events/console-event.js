// The facilitator console for one event.

import { currentPhase, nextPhase, runCountdown } from "../core/countdown.js";
import { $, el, showError } from "../core/dom.js";
import { upsert } from "../core/live.js";
import { act, boot, startPage } from "../core/page.js";
import { applyEventUpdate } from "./event-state.js";

const WALL_MODES = [
  "join",
  "ideas",
  "results",
  "agenda",
  "announcement",
  "teams",
  "progress",
  "survey",
  "help",
  "identify",
];
let state = {};
let agendaDirty = false;

// --- agenda ---------------------------------------------------------------------------------
// A row added but not yet saved says so: the server knows nothing of it until "Save agenda".
function phaseRow(p = { name: "", duration_s: 600, wall_mode: "agenda", status: "not saved" }) {
  const tr = el("tr", { dataset: { id: p.id ?? "" } });
  const name = el("input", {
    class: "phase-name",
    maxlength: "80",
    value: p.name,
    "aria-label": "Phase name",
  });
  const minutes = el("input", {
    class: "phase-minutes",
    type: "number",
    min: "1",
    max: "1440",
    step: "1",
    value: String(Math.round(p.duration_s / 60)),
    "aria-label": "Minutes",
  });
  const wall = el(
    "select",
    { class: "phase-wall", "aria-label": "Wall mode" },
    ...WALL_MODES.map((m) => el("option", { value: m, text: m })),
  );
  wall.value = p.wall_mode;
  const remove = el("button", { type: "button", class: "link danger", text: "Remove" });
  remove.addEventListener("click", () => {
    tr.remove();
    agendaDirty = true;
  });
  for (const input of [name, minutes, wall])
    input.addEventListener("input", () => (agendaDirty = true));
  const start = el("button", { type: "button", class: "link", text: "Start" });
  start.addEventListener("click", () => act("agenda.start", { phase_id: p.id }));
  start.disabled = !p.id;
  tr.append(
    el("td", {}, name),
    el("td", {}, minutes),
    el("td", {}, wall),
    el("td", { class: `phase-status ${p.id ? p.status : "unsaved"}`, text: p.status }),
    el("td", {}, start, remove),
  );
  return tr;
}

function renderAgenda(force = false) {
  if (agendaDirty && !force) {
    // Keep the facilitator's unsaved edits; refresh only the status column.
    for (const p of state.agenda?.phases || []) {
      const cell = document.querySelector(`#agenda-rows tr[data-id="${p.id}"] .phase-status`);
      if (cell) {
        cell.textContent = p.status;
        cell.className = `phase-status ${p.status}`;
      }
    }
    return;
  }
  $("agenda-rows").replaceChildren(...(state.agenda?.phases || []).map((p) => phaseRow(p)));
}

async function saveAgenda() {
  const phases = [...document.querySelectorAll("#agenda-rows tr")].map((tr) => ({
    ...(tr.dataset.id ? { id: Number(tr.dataset.id) } : {}),
    name: tr.querySelector(".phase-name").value,
    minutes: Number(tr.querySelector(".phase-minutes").value),
    wall_mode: tr.querySelector(".phase-wall").value,
  }));
  const agenda = await act("agenda.set", { phases });
  if (agenda) {
    state.agenda = agenda;
    agendaDirty = false;
    renderAgenda(true);
  }
}

// --- event state and display links --------------------------------------------------------
function renderState() {
  const event = state.event;
  if (!event) return;
  $("state-label").textContent = event.status_label;
  const allowed = new Set(event.next_states || []);
  for (const button of document.querySelectorAll("[data-state]"))
    button.hidden = !allowed.has(button.dataset.state);
  $("close-on-vote").checked = Boolean(event.close_joins_on_vote);
  $("invite-only").checked = Boolean(event.invite_only);
}

function renderInvites(invites) {
  $("invite-rows").replaceChildren(
    ...invites.map((i) =>
      el(
        "tr",
        {},
        el("td", { text: i.label }),
        el("td", { class: "mono", text: i.code }),
        el("td", { class: i.used_by ? "" : "muted", text: i.used_by || "not yet" }),
      ),
    ),
  );
  const used = invites.filter((i) => i.used_by).length;
  $("invite-count").textContent = invites.length ? `(${used} of ${invites.length} used)` : "";
}

async function importInvites() {
  const reply = await act("invites.import", { text: $("invite-text").value }, "state-error");
  if (reply) {
    $("invite-text").value = "";
    renderInvites(reply.invites);
  }
}

async function revokeDisplayLinks() {
  if (!confirm("Every big screen showing the current display link will go blank. Go on?")) return;
  const reply = await act("display.revoke", {}, "display-error");
  if (reply) {
    $("display-url").value = reply.display_url;
    $("display-qr").src = `${boot.displayQr}?v=${Date.now()}`; // the new link, not a cached one
    $("display-revoked").hidden = false;
  }
}

/** "Hacking is 4 min over": the facilitator decides, nothing moves on by itself. */
function renderOvertime(phase, ms) {
  const over = phase?.status === "running" && ms < 0;
  $("overtime-prompt").hidden = !over;
  if (!over) return;
  const minutes = Math.floor(-ms / 60000);
  const late = minutes < 1 ? "less than a minute over" : `${minutes} min over`;
  const next = nextPhase(state.agenda);
  $("overtime-text").textContent = next
    ? `${phase.name} is ${late}: extend it or start ${next.name}.`
    : `${phase.name} is ${late}: extend it or skip to finish the agenda.`;
  $("overtime-prompt").querySelector('[data-overtime="start"]').hidden = !next;
}

// --- people -------------------------------------------------------------------------------
function renderPeople() {
  const people = state.participants || [];
  $("people").replaceChildren(
    ...people.map((p) => el("li", { text: p.name, dataset: { id: p.id } })),
  );
  $("joined-count").textContent = state.stats?.participants ?? people.length;
}

// --- announcements ------------------------------------------------------------------------
function renderAnnouncements() {
  $("announcement-list").replaceChildren(
    ...(state.announcements || []).map((a) => {
      const li = el("li", { class: "announcement" });
      const body = el("div", { class: "prose" });
      body.innerHTML = a.html; // sanitised on the server (markup.py)
      li.append(body);
      return li;
    }),
  );
}

// --- challenges ---------------------------------------------------------------------------
let selected = null;
let previewTimer = null;

function renderChallengeTabs() {
  $("challenge-tabs").replaceChildren(
    ...(state.challenges || []).map((c) => {
      const b = el("button", {
        type: "button",
        class: c.id === selected ? "tab active" : "tab",
        text: c.title + (c.published ? "" : " (draft)"),
      });
      b.addEventListener("click", () => editChallenge(c));
      return el("li", {}, b);
    }),
  );
}

function editChallenge(c) {
  selected = c ? c.id : null;
  $("challenge-id").value = c ? c.id : "";
  $("challenge-title").value = c ? c.title : "";
  $("challenge-brief").value = c ? (c.brief_md ?? "") : "";
  $("challenge-published").checked = c ? c.published : false;
  $("challenge-preview").innerHTML = c ? c.brief_html : ""; // sanitised on the server
  $("challenge-delete").hidden = !c;
  $("challenge-saved").hidden = true;
  labelSaveButton();
  renderChallengeTabs();
}

/** The save button says what saving will do: keep a draft, or publish to participants. */
function labelSaveButton() {
  const button = $("challenge-save");
  button.textContent = $("challenge-published").checked
    ? button.dataset.published
    : button.dataset.draft;
}

let savedTimer = null;
function showSaved(challenge) {
  const note = $("challenge-saved");
  note.textContent = challenge.published ? note.dataset.published : note.dataset.draft;
  note.hidden = false;
  clearTimeout(savedTimer);
  savedTimer = setTimeout(() => (note.hidden = true), 6000);
}

function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(async () => {
    try {
      const { html } = await live.call("markdown.preview", { text: $("challenge-brief").value });
      $("challenge-preview").innerHTML = html; // sanitised on the server
    } catch (err) {
      showError("challenge-error", err);
    }
  }, 250);
}

async function saveChallenge(event) {
  event.preventDefault();
  const fields = {
    title: $("challenge-title").value,
    brief_md: $("challenge-brief").value,
    published: $("challenge-published").checked,
  };
  const id = $("challenge-id").value;
  const saved = id
    ? await act("challenge.update", { challenge_id: Number(id), ...fields }, "challenge-error")
    : await act("challenge.create", fields, "challenge-error");
  if (saved) {
    state.challenges = upsert(state.challenges || [], saved);
    editChallenge(saved);
    showSaved(saved);
  }
}

async function deleteChallenge() {
  const id = Number($("challenge-id").value);
  if (!id || !confirm("Delete this challenge?")) return;
  if (await act("challenge.delete", { challenge_id: id }, "challenge-error")) {
    state.challenges = (state.challenges || []).filter((c) => c.id !== id);
    editChallenge(null);
  }
}

// --- wiring -------------------------------------------------------------------------------
$("join-url").value = boot.joinUrl;
$("display-url").value = boot.displayUrl;
$("display-qr").src = boot.displayQr;
for (const input of document.querySelectorAll("input.copy"))
  input.addEventListener("focus", () => input.select());
$("agenda-add").addEventListener("click", () => {
  $("agenda-rows").append(phaseRow());
  agendaDirty = true;
});
$("agenda-save").addEventListener("click", saveAgenda);
for (const button of document.querySelectorAll("[data-state]"))
  button.addEventListener("click", async () => {
    const event = await act("event.status", { status: button.dataset.state }, "state-error");
    if (event) {
      state.event = event;
      renderState();
    }
  });
$("close-on-vote").addEventListener("change", () =>
  act("event.join_protection", { close_joins_on_vote: $("close-on-vote").checked }, "state-error"),
);
$("invite-only").addEventListener("change", () =>
  act("event.join_protection", { invite_only: $("invite-only").checked }, "state-error"),
);
$("invite-import").addEventListener("click", importInvites);
$("invites").addEventListener("toggle", async () => {
  if (!$("invites").open) return;
  const reply = await act("invites.list", {}, "state-error");
  if (reply) renderInvites(reply.invites);
});
$("display-revoke").addEventListener("click", revokeDisplayLinks);
// The overtime prompt's own buttons (not data-agenda: the timer row's selectors stay unique).
$("overtime-prompt")
  .querySelector('[data-overtime="extend"]')
  .addEventListener("click", () => act("agenda.extend", { seconds: 300 }));
$("overtime-prompt")
  .querySelector('[data-overtime="start"]')
  .addEventListener("click", () => act("agenda.start", {}));
for (const button of document.querySelectorAll("[data-agenda]")) {
  button.addEventListener("click", () => {
    const verb = button.dataset.agenda;
    act(`agenda.${verb}`, verb === "extend" ? { seconds: Number(button.dataset.seconds) } : {});
  });
}
$("announce-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await act("announcement.post", { body_md: $("announce-text").value }, "announce-error")) {
    $("announce-text").value = "";
  }
});
$("challenge-form").addEventListener("submit", saveChallenge);
$("challenge-brief").addEventListener("input", schedulePreview);
$("challenge-new").addEventListener("click", () => editChallenge(null));
$("challenge-published").addEventListener("change", labelSaveButton);
$("challenge-delete").addEventListener("click", deleteChallenge);

const live = startPage({
  errorBox: "agenda-error",
  onSnapshot(s) {
    state = s;
    renderAgenda(); // keeps rows the facilitator is still editing
    renderState();
    renderPeople();
    renderAnnouncements();
    const current =
      (s.challenges || []).find((c) => c.id === selected) || (s.challenges || [])[0] || null;
    editChallenge(current);
  },
  onUpdate(type, data) {
    if (!applyEventUpdate(state, type, data)) return;
    if (type === "agenda.updated") renderAgenda();
    else if (type === "event.updated") renderState();
    else if (type.startsWith("announcement")) renderAnnouncements();
    else if (type.startsWith("challenge")) renderChallengeTabs();
  },
  onView(type, data) {
    if (type === "stats") {
      state.stats = data;
      renderPeople();
    } else if (type === "participant.joined") {
      state.participants = upsert(state.participants || [], data);
      renderPeople();
    } else if (type === "participant.removed") {
      state.participants = (state.participants || []).filter((p) => p.id !== data.id);
      renderPeople();
    }
  },
});

runCountdown(
  () => currentPhase(state.agenda),
  live,
  (phase, ms, text) => {
    $("phase-name").textContent = phase ? phase.name : "Nothing running";
    $("phase-label").textContent = phase?.status === "paused" ? "Paused" : "Now";
    $("countdown").textContent = phase ? text : "--:--";
    $("countdown").classList.toggle("overtime", ms < 0);
    renderOvertime(phase, ms);
  },
);
