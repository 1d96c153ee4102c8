// The console's mentors section: the queue (waiting, being helped, closed) with wait times,
// each mentor's load and rating, invites as links and QR codes, and the "queue closed" switch.
import { $, el } from "../core/dom.js";
import { act, boot, startPage } from "../core/page.js";
import { minutesText, URGENCY, whereText } from "./routing.js";

const requests = new Map();
let mentors = [];
let queue = {};
let skills = [];

const live = startPage({
  errorBox: "console-error",
  onSnapshot(s) {
    requests.clear();
    for (const r of s.help_requests || []) requests.set(r.id, r);
    mentors = s.mentors || [];
    queue = s.help_queue || {};
    skills = s.team_settings?.skills || [];
    drawSkills();
    drawSettings();
    render();
  },
  onUpdate(type, data) {
    if (type === "teams.settings") {
      skills = data.skills || [];
      drawSkills();
    }
  },
  onView(type, data) {
    if (type === "help.request") {
      requests.set(data.id, data);
      // Load, helped and rating follow from the requests: resync the mentor figures.
      refreshMentors();
    } else if (type === "help.queue") {
      queue = data;
      drawSettings();
    } else if (type === "mentor.updated") {
      const at = mentors.findIndex((m) => m.id === data.id);
      if (at >= 0) mentors[at] = { ...mentors[at], ...data };
      else mentors.push({ load: 0, helped: 0, ratings: 0, rating: null, ...data });
    } else if (type === "mentor.removed") {
      mentors = mentors.filter((m) => m.id !== data.id);
    } else return;
    render();
  },
});

let refreshing = null;
function refreshMentors() {
  // One sync at most every two seconds however many requests change: the figures are a view.
  if (refreshing) return;
  refreshing = setTimeout(async () => {
    refreshing = null;
    const snap = await live.call("sync", {}).catch(() => null);
    if (snap?.state?.mentors) {
      mentors = snap.state.mentors;
      render();
    }
  }, 2000);
}

const STATUS = {
  open: "Waiting",
  claimed: "Being helped",
  closed: "Closed",
  expired: "Lapsed",
  withdrawn: "Withdrawn",
};

function shownStatus(r, now) {
  return r.status === "open" && now >= r.expires_ms ? "expired" : r.status;
}

function render() {
  const now = live.serverNow();
  const filter = $("filter").value;
  const all = [...requests.values()].sort((a, b) => b.id - a.id);
  const counts = { open: 0, claimed: 0, closed: 0 };
  for (const r of all) {
    const s = shownStatus(r, now);
    if (s in counts) counts[s] += 1;
  }
  const rows = all.filter((r) => {
    const s = shownStatus(r, now);
    if (filter === "all") return true;
    if (filter === "live") return s === "open" || s === "claimed";
    return s === filter;
  });
  $("help-rows").replaceChildren(...rows.slice(0, 300).map((r) => row(r, now)));
  $("no-help").hidden = rows.length > 0;
  $("open-total").textContent = String(counts.open);
  $("claimed-total").textContent = String(counts.claimed);
  $("closed-total").textContent = String(counts.closed);
  const wait = queue.median_wait_ms;
  $("median-wait").textContent =
    wait == null ? "–" : wait < 60_000 ? "<1 min" : `${Math.round(wait / 60_000)} min`;
  drawMentors();
}

function row(r, now) {
  const waitedUntil = r.claimed_ms ?? (r.status === "open" ? now : r.closed_ms);
  const waited = waitedUntil ? minutesText(waitedUntil - r.created_ms) : "";
  const s = shownStatus(r, now);
  return el(
    "tr",
    { class: `status-${s}${r.urgency === 2 ? " urgent" : ""}` },
    el("td", { text: r.team_name }),
    el("td", { text: `${r.topic} · ${URGENCY[r.urgency]}` }),
    el("td", { text: whereText(r) }),
    el("td", { text: STATUS[s] || s }),
    el("td", { text: r.mentor_name || "" }),
    el("td", { text: waited }),
    el("td", { text: r.rating ? `${r.rating}/5` : "" }),
  );
}

function drawMentors() {
  $("no-mentors").hidden = mentors.length > 0;
  $("mentor-rows").replaceChildren(
    ...mentors.map((m) => {
      const show = el("button", { type: "button", class: "link", text: "Link / QR" });
      show.addEventListener("click", () => showInvite(m));
      const remove = el("button", { type: "button", class: "link danger", text: "Remove" });
      remove.addEventListener("click", async () => {
        if (!window.confirm(`Remove ${m.name}? Their link stops working.`)) return;
        if (await act("mentor.remove", { mentor_id: m.id })) {
          mentors = mentors.filter((x) => x.id !== m.id);
          $("invite-show").hidden = true;
          render();
        }
      });
      return el(
        "tr",
        { dataset: { mentorId: m.id } },
        el("td", { text: m.name }),
        el("td", { text: (m.skills || []).join(", ") }),
        el("td", { text: m.available ? "available" : "away" }),
        el("td", { text: String(m.load ?? 0) }),
        el("td", { text: String(m.helped ?? 0) }),
        el("td", { text: m.rating == null ? "–" : `${m.rating} (${m.ratings})` }),
        el("td", {}, show, remove),
      );
    }),
  );
}

function showInvite(m) {
  $("invite-show").hidden = false;
  $("invite-name").textContent = `${m.name}: scan with the mentor's phone, or send the link`;
  $("invite-qr").src = `${boot.qrBase}/${m.id}/qr.svg?v=${Date.now()}`;
  $("invite-url").value = `${boot.publicBase}${m.invite_path}`;
}

function drawSkills() {
  $("m-skills").replaceChildren(
    ...skills.map((s) =>
      el("label", { class: "chip" }, el("input", { type: "checkbox", value: s }), s),
    ),
  );
  $("m-no-skills").hidden = skills.length > 0;
}

function drawSettings() {
  $("queue-state").textContent = queue.closed
    ? `Closed. Teams see: “${queue.message || "The help queue is closed for now."}”`
    : "Open: teams can ask for help.";
  $("queue-state").classList.toggle("closed", Boolean(queue.closed));
  if (document.activeElement !== $("q-message")) $("q-message").value = queue.message || "";
  if (document.activeElement?.form !== $("times-form")) {
    $("q-widen").value = Math.round((queue.widen_after_s ?? 120) / 60);
    $("q-expire").value = Math.round((queue.expire_after_s ?? 3600) / 60);
  }
}

$("filter").addEventListener("change", render);
$("q-close").addEventListener("click", () =>
  act("help.settings", { closed: true, message: $("q-message").value }),
);
$("q-open").addEventListener("click", () => act("help.settings", { closed: false }));
$("times-form").addEventListener("submit", (e) => {
  e.preventDefault();
  act("help.settings", {
    widen_after_s: Number($("q-widen").value) * 60,
    expire_after_s: Number($("q-expire").value) * 60,
  });
});
$("q-message").maxLength = boot.limits.message;
$("invite-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const chosen = [...$("m-skills").querySelectorAll("input:checked")].map((i) => i.value);
  const data = await act("mentor.invite", { name: $("m-name").value, skills: chosen });
  if (data) {
    $("m-name").value = "";
    if (!mentors.some((m) => m.id === data.id)) {
      mentors.push({ load: 0, helped: 0, ratings: 0, rating: null, ...data });
    }
    render();
    showInvite(data);
  }
});
setInterval(render, 15_000); // waits and lapses follow the clock
