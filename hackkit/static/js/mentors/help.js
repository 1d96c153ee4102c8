// The team's help page on the phone: ask a mentor, see the team's place in the queue and the
// estimated wait (live, from the room's queue summary), withdraw or renew, rate the help and
// ask the same mentor again.
import { $, el } from "../core/dom.js";
import { act, boot, replaceWithNotice, startPage } from "../core/page.js";
import { estimatedWaitMs, minutesText, queuePosition, URGENCY } from "./routing.js";

let state = { help_team: null, help_mine: null, help_history: [], help_queue: null };
let again = null; // the earlier request whose mentor the team asks for again

const live = startPage({
  errorBox: "help-error",
  onSnapshot(s) {
    state = { ...state, ...s };
    fillTopics();
    render();
  },
  onUpdate(type, data) {
    if (type === "teams.settings") {
      state.team_settings = data;
      fillTopics();
    }
  },
  onView(type, data) {
    if (type === "help.mine") {
      state.help_mine = data;
      if (data.status === "closed") {
        state.help_history = [data, ...state.help_history.filter((r) => r.id !== data.id)];
      }
    } else if (type === "help.queue") state.help_queue = data;
    else return;
    render();
  },
  onRevoked() {
    replaceWithNotice();
  },
});

const isLive = (r) => r && (r.status === "open" || r.status === "claimed");

function fillTopics() {
  const select = $("h-topic");
  const skills = state.team_settings?.skills || [];
  const chosen = select.value;
  select.replaceChildren(...skills.map((s) => el("option", { value: s, text: s })));
  if (skills.includes(chosen)) select.value = chosen;
  $("no-topics").hidden = skills.length > 0;
}

function render() {
  const now = live.serverNow();
  const mine = state.help_mine;
  const queue = state.help_queue || {};
  $("no-team").hidden = Boolean(state.help_team);
  $("team-name").textContent = state.help_team?.name || "";
  const liveOne = isLive(mine) && !(mine.status === "open" && now >= mine.expires_ms);
  $("status-card").hidden = !liveOne;
  const rateable = !liveOne && mine?.status === "closed" && mine.mentor_id;
  $("rate-card").hidden = !rateable;
  const closed = Boolean(queue.closed);
  $("queue-closed").hidden = !closed || liveOne;
  $("queue-closed-text").textContent = queue.message || "The help queue is closed for now.";
  $("ask-card").hidden = !state.help_team || liveOne || closed;
  if (liveOne) drawStatus(mine, queue, now);
  if (rateable) drawRating(mine);
  if (mine && !liveOne && mine.status === "open") {
    $("lapsed").hidden = false; // it ran out while the page was open
  } else {
    $("lapsed").hidden = !(mine && mine.status === "expired");
  }
  $("again-note").hidden = !again;
  if (again) $("again-note").textContent = `Asking ${again.mentor_name} again.`;
  $("queue-figures").textContent = queueText(queue);
}

function queueText(queue) {
  const waiting = (queue.open || []).length;
  const mentors = queue.mentors_active ?? 0;
  return `${waiting} team${waiting === 1 ? "" : "s"} waiting · ${mentors} mentor${mentors === 1 ? "" : "s"} available`;
}

function drawStatus(req, queue, now) {
  $("status-topic").textContent = `${req.topic} · ${URGENCY[req.urgency]}`;
  $("status-description").textContent = req.description;
  $("renew").hidden = req.status !== "open";
  if (req.status === "claimed") {
    $("status-title").textContent = `${req.mentor_name} is on the way`;
    $("status-detail").textContent = "Your mentor has taken the request. Stay where you said.";
    return;
  }
  const place = queuePosition(queue, req.id, now);
  const wait = estimatedWaitMs(place, queue.service_ms, queue.mentors_active);
  $("status-title").textContent = place ? `Place ${place} in the queue` : "Waiting for a mentor";
  const estimate = wait == null ? "No wait estimate yet" : `Estimated wait ${minutesText(wait)}`;
  const left = Math.max(0, req.expires_ms - now);
  $("status-detail").textContent =
    `${estimate}. The request lapses in ${minutesText(left)} unless you renew it.`;
}

function drawRating(req) {
  $("rate-title").textContent = `${req.mentor_name} helped you with ${req.topic}`;
  $("rate-note").textContent = req.close_note || "";
  $("rate-note").hidden = !req.close_note;
  for (const button of $("stars").children) {
    button.setAttribute("aria-pressed", String(Number(button.dataset.value) === req.rating));
  }
  $("rated").hidden = req.rating == null;
}

function locationKind() {
  return $("h-kind").value;
}

function showWhere() {
  const online = locationKind() === "online";
  $("where-place").hidden = online;
  $("where-online").hidden = !online;
  $("h-location").required = !online;
  $("h-call").required = online;
}

$("h-kind").addEventListener("change", showWhere);
showWhere();

$("ask-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const online = locationKind() === "online";
  const payload = {
    topic: $("h-topic").value,
    description: $("h-description").value,
    location_kind: locationKind(),
    location: online ? "" : $("h-location").value,
    urgency: Number($("h-urgency").value),
  };
  if (online) payload.call_url = $("h-call").value;
  if (again) payload.same_mentor_as = again.id;
  const data = await act("help.ask", payload);
  if (data) {
    state.help_mine = data;
    again = null;
    $("h-description").value = "";
    render();
  }
});

$("withdraw").addEventListener("click", async () => {
  const data = await act("help.withdraw", { request_id: state.help_mine.id });
  if (data) {
    state.help_mine = data;
    render();
  }
});

$("renew").addEventListener("click", async () => {
  const data = await act("help.renew", { request_id: state.help_mine.id });
  if (data) {
    state.help_mine = data;
    render();
  }
});

for (const [index, label] of ["1", "2", "3", "4", "5"].entries()) {
  $("stars").append(
    el("button", {
      type: "button",
      class: "star",
      dataset: { value: String(index + 1) },
      "aria-label": `${label} of 5`,
      text: "★",
    }),
  );
}
$("stars").addEventListener("click", async (e) => {
  const button = e.target.closest("button[data-value]");
  if (!button) return;
  const data = await act("help.rate", {
    request_id: state.help_mine.id,
    rating: Number(button.dataset.value),
  });
  if (data) {
    state.help_mine = data;
    render();
  }
});

$("ask-again").addEventListener("click", () => {
  again = state.help_mine;
  $("h-topic").value = again.topic;
  state.help_mine = { ...again, status: "done" }; // show the form
  render();
  $("h-description").focus();
});

$("ask-new").addEventListener("click", () => {
  again = null;
  state.help_mine = { ...state.help_mine, status: "done" };
  render();
});

$("h-description").maxLength = boot.limits.description;
$("h-location").maxLength = boot.limits.location;
// Positions, estimates and lapses are computed from timestamps: redraw now and then.
setInterval(render, 15_000);
