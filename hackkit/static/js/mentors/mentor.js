// The mentor's phone: my skills and availability, the requests offered to me (a buzz, a chime
// and a flashing title when one arrives), claiming one, where to go, and closing it with a note.
import { $, el, placeCards } from "../core/dom.js";
import { act, boot, replaceWithNotice, startPage } from "../core/page.js";
import { alertMentor, unlockSound } from "./alert.js";
import { minutesText, offeredTo, URGENCY, whereText } from "./routing.js";

const requests = new Map(); // id -> request view
const cards = new Map();
const alerted = new Set(); // requests I was already told about
let me = { id: boot.me.id, name: boot.me.name, skills: [], available: true };
let skills = [];
const timers = new Map(); // request id -> timeout for the moment it opens to everyone

const live = startPage({
  errorBox: "mentor-error",
  onSnapshot(s) {
    requests.clear();
    for (const r of s.help_requests || []) requests.set(r.id, r);
    if (s.mentor_me) me = s.mentor_me;
    skills = s.team_settings?.skills || [];
    for (const r of requests.values()) alerted.add(r.id); // no buzz for what was already there
    drawProfile();
    render();
  },
  onUpdate(type, data) {
    if (type === "teams.settings") {
      skills = data.skills || [];
      drawProfile();
    }
  },
  onView(type, data) {
    if (type === "help.request" || type === "help.offered") {
      requests.set(data.id, data);
      if (type === "help.offered") tell(data);
      watchWidening(data);
      render();
    } else if (type === "mentor.updated" && data.id === me.id) {
      me = { ...me, ...data };
      drawProfile();
    }
  },
  onRevoked() {
    replaceWithNotice("This mentor link no longer works. Ask the organisers for a new one.");
  },
});

function tell(request) {
  if (alerted.has(request.id) || request.status !== "open") return;
  alerted.add(request.id);
  alertMentor(`Help: ${request.topic}`);
}

// A request not offered to me yet becomes mine to take at open_to_all_ms: tell me then, with
// no message from the server (the moment follows from the request's own timestamps).
function watchWidening(request) {
  if (timers.has(request.id) || request.status !== "open") return;
  const wait = request.open_to_all_ms - live.serverNow();
  if (wait <= 0) return;
  timers.set(
    request.id,
    setTimeout(() => {
      const now = requests.get(request.id);
      if (now && offeredTo(now, me, live.serverNow()) && me.available) tell(now);
      render();
    }, wait + 50),
  );
}

function visible() {
  const now = live.serverNow();
  const mineFirst = [...requests.values()].filter(
    (r) => (r.status === "claimed" && r.mentor_id === me.id) || offeredTo(r, me, now),
  );
  return mineFirst.sort(
    (a, b) =>
      (b.mentor_id === me.id) - (a.mentor_id === me.id) ||
      b.urgency - a.urgency ||
      a.created_ms - b.created_ms,
  );
}

function render() {
  const list = visible();
  placeCards($("requests"), cards, list, { make, update });
  $("no-requests").hidden = list.length > 0;
  const waiting = list.filter((r) => r.status === "open").length;
  $("offered-count").textContent = `${waiting} waiting`;
}

function make(request) {
  const card = {
    root: el("article", { class: "card help-card", dataset: { requestId: request.id } }),
    head: el("h2"),
    where: el("p", { class: "help-where" }),
    text: el("p", { class: "help-text" }),
    meta: el("p", { class: "muted" }),
    actions: el("div", { class: "row" }),
    note: el("textarea", {
      rows: "2",
      maxlength: String(boot.limits.note),
      placeholder: "A note for the team (optional)",
    }),
    claim: el("button", { type: "button", class: "primary", text: "Take it" }),
    close: el("button", { type: "button", class: "primary", text: "Done: close" }),
    release: el("button", { type: "button", text: "Give back" }),
    link: el("a", { class: "button", target: "_blank", rel: "noopener", text: "Join the call" }),
  };
  card.root.append(card.head, card.where, card.text, card.meta, card.note, card.actions);
  card.claim.addEventListener("click", async () => {
    unlockSound();
    const data = await act("help.claim", { request_id: request.id });
    if (data) requests.set(data.id, data);
    render();
  });
  card.close.addEventListener("click", async () => {
    const data = await act("help.close", { request_id: request.id, note: card.note.value });
    if (data) requests.set(data.id, data);
    render();
  });
  card.release.addEventListener("click", async () => {
    const data = await act("help.release", { request_id: request.id });
    if (data) requests.set(data.id, data);
    render();
  });
  return card;
}

function update(request, card) {
  const mine = request.status === "claimed" && request.mentor_id === me.id;
  card.root.classList.toggle("mine", mine);
  card.root.classList.toggle("urgent", request.urgency === 2);
  card.head.textContent = `${request.team_name} · ${request.topic}`;
  card.where.textContent = mine ? `Go to: ${whereText(request)}` : whereText(request);
  card.text.textContent = request.description;
  card.text.hidden = !request.description;
  const waited = minutesText(live.serverNow() - request.created_ms);
  card.meta.textContent = `${URGENCY[request.urgency]} · asked ${waited} ago`;
  card.note.hidden = !mine;
  const buttons = mine ? [card.close, card.release] : [card.claim];
  if (mine && request.call_url) {
    card.link.href = request.call_url;
    buttons.unshift(card.link);
  }
  card.actions.replaceChildren(...buttons);
}

function drawProfile() {
  $("me-name").textContent = me.name;
  $("available").checked = Boolean(me.available);
  const box = $("skills");
  box.replaceChildren(
    ...skills.map((skill) =>
      el(
        "label",
        { class: "chip" },
        Object.assign(el("input", { type: "checkbox", value: skill }), {
          checked: (me.skills || []).includes(skill),
        }),
        skill,
      ),
    ),
  );
  $("no-skills").hidden = skills.length > 0;
}

$("available").addEventListener("change", async (e) => {
  unlockSound();
  const data = await act("mentor.profile", { available: e.target.checked });
  if (data) me = { ...me, ...data };
  drawProfile();
  render();
});

$("skills").addEventListener("change", async () => {
  const chosen = [...$("skills").querySelectorAll("input:checked")].map((i) => i.value);
  const data = await act("mentor.profile", { skills: chosen });
  if (data) me = { ...me, ...data };
  render();
});

$("sound-on").addEventListener("click", () => {
  unlockSound();
  $("sound-on").hidden = true;
});
document.addEventListener("pointerdown", unlockSound, { once: true });
setInterval(render, 15_000); // ages, lapses and widening follow the clock
