// The participant's event page on a phone.

import { currentPhase, nextPhase, runCountdown } from "../core/countdown.js";
import { $, buzz, el } from "../core/dom.js";
import { upsert } from "../core/live.js";
import { boot, replaceWithNotice, startPage } from "../core/page.js";
import { applyEventUpdate } from "./event-state.js";

let state = {};

function renderPhase(phase, ms, text) {
  const name = $("phase-name");
  const label = $("phase-label");
  const countdown = $("countdown");
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
  $("phase-next").textContent = next ? `Next: ${next.name}` : "";
}

function renderAnnouncements() {
  const list = $("announcement-list");
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
  $("no-announcements").hidden = items.length > 0;
}

function renderChallenges() {
  const list = $("challenge-list");
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

/** Point the phone at an open survey it has not answered (the Survey page asks it). */
function renderSurveyNotice() {
  const done = new Set(state.surveys_answered || []);
  const open = (state.surveys || []).some((s) => s.status === "open" && !done.has(s.id));
  $("survey-notice").hidden = !open;
}

function renderAll() {
  renderAnnouncements();
  renderChallenges();
  renderSurveyNotice();
}

$("me-name").textContent = boot.me?.name || "";
$("rejoin-url").value = boot.rejoinUrl || "";

const live = startPage({
  onSnapshot(s) {
    state = s;
    renderAll();
  },
  onUpdate(type, data, msg) {
    if (type === "survey.updated") {
      state.surveys = upsert(state.surveys || [], data);
      return renderSurveyNotice();
    }
    if (!applyEventUpdate(state, type, data)) return;
    if (type.startsWith("announcement")) {
      renderAnnouncements();
      if (!msg.restored) buzz(80); // not again for what a reload draws from the kept state
    } else if (type.startsWith("challenge")) renderChallenges();
  },
  onView(type, data) {
    if (type === "stats") state.stats = data;
  },
  onRevoked: () => replaceWithNotice(),
});

runCountdown(() => currentPhase(state.agenda), live, renderPhase);
