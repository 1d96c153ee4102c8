// The console's idea board: moderation (hide with a reason, unhide), revision history,
// opening and closing idea submission. Hidden ideas stay visible here, marked.
import { $, el } from "../core/dom.js";
import { upsert } from "../core/live.js";
import { act, startPage } from "../core/page.js";
import { fillChallengeFilter, filterIdeas, ideaCard, keepOpen } from "./idea-cards.js";
import { applyTeamUpdate, challengeTitle, settingsOf, teamPosts, timeOf } from "./team-state.js";

let state = {};
const openIds = new Set();
let hiding = null; // the idea whose hide form is open
let hideDraft = ""; // its reason as typed so far: survives the board being redrawn

function moderation(idea) {
  const controls = [];
  if (idea.hidden) {
    const unhide = el("button", { type: "button", class: "small", text: "Unhide" });
    unhide.addEventListener("click", () => act("idea.unhide", { idea_id: idea.id }));
    controls.push(
      el("p", { class: "hidden-reason", text: `Hidden: ${idea.hidden_reason || ""}` }),
      unhide,
    );
  } else if (hiding === idea.id) {
    const reason = el("input", {
      class: "hide-reason",
      maxlength: "300",
      placeholder: "Reason (shown to facilitators)",
      "aria-label": "Reason for hiding",
      required: "",
    });
    reason.value = hideDraft;
    reason.addEventListener("input", () => (hideDraft = reason.value));
    const form = el(
      "form",
      { class: "hide-form" },
      reason,
      el("button", { type: "submit", class: "small danger", text: "Hide" }),
    );
    const cancel = el("button", { type: "button", class: "link", text: "Cancel" });
    cancel.addEventListener("click", () => {
      hiding = null;
      hideDraft = "";
      render();
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (await act("idea.hide", { idea_id: idea.id, reason: reason.value })) {
        hiding = null;
        hideDraft = "";
      }
      render();
    });
    form.append(cancel);
    controls.push(form);
  } else {
    const hide = el("button", { type: "button", class: "small danger", text: "Hide…" });
    hide.addEventListener("click", () => {
      hiding = idea.id;
      render();
      document.querySelector(`.idea-card[data-id="${idea.id}"] .hide-reason`)?.focus();
    });
    controls.push(hide);
  }
  const history = el("button", {
    type: "button",
    class: "small",
    text: `History (v${idea.version})`,
  });
  history.addEventListener("click", () => showHistory(idea));
  controls.push(history);
  return controls;
}

function render() {
  const all = state.ideas || [];
  let shown = filterIdeas(all, {
    challenge: $("idea-challenge").value,
    query: $("idea-search").value,
  });
  if ($("only-hidden").checked) shown = shown.filter((i) => i.hidden);
  const typing = document.activeElement?.classList.contains("hide-reason");
  $("idea-list").replaceChildren(
    ...shown
      .slice()
      .reverse()
      .map((idea) => {
        const card = ideaCard(idea, {
          challengeTitle: challengeTitle(state, idea.challenge_id),
          extra: moderation(idea),
          progress: teamPosts(state, idea.team_id),
        });
        if (idea.hidden) card.classList.add("is-hidden");
        return card;
      }),
  );
  keepOpen($("idea-list"), openIds);
  if (typing) document.querySelector(".hide-reason")?.focus();
  $("no-ideas").hidden = shown.length > 0;
  $("visible-total").textContent = all.filter((i) => !i.hidden).length;
  $("hidden-total").textContent = all.filter((i) => i.hidden).length;
  const open = settingsOf(state).submissions_open;
  $("submission-state").textContent = open
    ? "Open: teams can submit and edit ideas"
    : "Closed: ideas can no longer be changed";
  $("toggle-submissions").textContent = open ? "Close submission" : "Open submission";
  $("toggle-submissions").className = open ? "danger" : "primary";
}

async function showHistory(idea) {
  const revisions = await act("idea.history", { idea_id: idea.id });
  if (!revisions) return;
  $("history-title").textContent = `History of “${idea.title}”`;
  $("history-list").replaceChildren(
    ...revisions.map((r) =>
      el(
        "li",
        { class: "revision" },
        el("p", {
          class: "muted",
          text:
            `v${r.version} · ${r.edited_by || "unknown"} · ` +
            `${new Date(r.edited_at).toLocaleDateString()} ${timeOf(r.edited_at)}`,
        }),
        el("p", {}, el("strong", { text: r.title })),
        el("p", { text: r.pitch }),
        el("pre", { class: "source", text: r.description_md }),
        el("p", { class: "muted", text: r.links.join("  ") }),
      ),
    ),
  );
  $("history").hidden = false;
}

$("idea-search").addEventListener("input", render);
$("idea-challenge").addEventListener("change", render);
$("only-hidden").addEventListener("change", render);
$("history-close").addEventListener("click", () => ($("history").hidden = true));
$("toggle-submissions").addEventListener("click", async () => {
  const open = settingsOf(state).submissions_open;
  const saved = await act("teams.settings", { submissions_open: !open });
  if (saved) {
    state.team_settings = saved;
    render();
  }
});

startPage({
  errorBox: "ideas-error",
  onSnapshot(s) {
    state = s;
    fillChallengeFilter($("idea-challenge"), state.challenges || []);
    render();
  },
  onUpdate(type, data) {
    if (!applyTeamUpdate(state, type, data)) return;
    if (type.startsWith("challenge"))
      fillChallengeFilter($("idea-challenge"), state.challenges || []);
    render();
  },
  onView(type, data) {
    // A hidden idea leaves every other screen; the facilitators keep it, with its reason.
    if (type === "idea.hidden") {
      state.ideas = upsert(state.ideas || [], data).sort((a, b) => a.id - b.id);
      render();
    }
  },
});
