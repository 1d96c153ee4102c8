// The participant's event page on a phone.

import { currentPhase, nextPhase, runCountdown } from "../core/countdown.js";
import { applyUpdate, el, Live, readBoot } from "../core/live.js";

const boot = readBoot();
let state = {};

function renderPhase(phase, ms, text) {
  const name = document.getElementById("phase-name");
  const label = document.getElementById("phase-label");
  const countdown = document.getElementById("countdown");
  const next = nextPhase(state.agenda);
  if (phase) {
    name.textContent = phase.name;
    label.textContent = phase.status === "paused" ? "Paused" : "Now";
    countdown.textContent = text;
    countdown.classList.toggle("overtime", ms < 0);
    countdown.classList.toggle("paused", phase.status === "paused");
  } else {
    name.textContent = "Waiting for the start";
    label.textContent = "Now";
    countdown.textContent = "--:--";
  }
  document.getElementById("phase-next").textContent = next ? `Next: ${next.name}` : "";
}

function renderAnnouncements() {
  const list = document.getElementById("announcement-list");
  const items = state.announcements || [];
  list.replaceChildren(
    ...items.map((a) => {
      const li = el("li", { class: "announcement", dataset: { id: a.id } });
      const body = el("div", { class: "prose" });
      body.innerHTML = a.html; // sanitised on the server (markup.py)
      li.append(
        body,
        el("time", {
          class: "muted",
          text: new Date(a.at_ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }),
        }),
      );
      return li;
    }),
  );
  document.getElementById("no-announcements").hidden = items.length > 0;
}

function renderChallenges() {
  const list = document.getElementById("challenge-list");
  list.replaceChildren(
    ...(state.challenges || []).map((c) => {
      const details = el("details", { class: "challenge", dataset: { id: c.id } });
      const body = el("div", { class: "prose" });
      body.innerHTML = c.brief_html; // sanitised on the server (markup.py)
      details.append(el("summary", { text: c.title }), body);
      return details;
    }),
  );
}

function renderAll() {
  renderAnnouncements();
  renderChallenges();
}

document.getElementById("me-name").textContent = boot.me?.name || "";
document.getElementById("rejoin-url").value = boot.rejoinUrl || "";

const live = new Live({
  token: boot.token,
  eventId: boot.eventId,
  onSnapshot(s) {
    state = s;
    renderAll();
  },
  onUpdate(type, data) {
    if (!applyUpdate(state, type, data)) return;
    if (type.startsWith("announcement")) {
      renderAnnouncements();
      if (navigator.vibrate) navigator.vibrate(80);
    } else if (type.startsWith("challenge")) renderChallenges();
  },
  onView(type, data) {
    if (type === "stats") state.stats = data;
  },
  onRevoked() {
    document.body.replaceChildren(
      el(
        "main",
        { class: "content" },
        el("p", {
          class: "card narrow",
          text: "You have been removed from this event. Ask the facilitator if this is a mistake.",
        }),
      ),
    );
  },
}).start();

runCountdown(() => currentPhase(state.agenda), live, renderPhase);
