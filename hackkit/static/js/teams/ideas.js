// The phone's idea board: every visible idea, filtered by challenge and searched, live.
import { $, el } from "../core/dom.js";
import { boot, replaceWithNotice, startPage } from "../core/page.js";
import { fillChallengeFilter, filterIdeas, ideaCard, keepOpen } from "./idea-cards.js";
import { applyTeamUpdate, challengeTitle, settingsOf, teamOf, teamPosts } from "./team-state.js";

let state = {};
const openIds = new Set();

function canEdit(idea) {
  if (!settingsOf(state).submissions_open) return false;
  if (idea.team_id == null) return idea.author_id === boot.me.id;
  const mine = teamOf(state, boot.me.id);
  return !!mine && mine.id === idea.team_id;
}

function render() {
  const settings = settingsOf(state);
  const all = state.ideas || [];
  const shown = filterIdeas(all, {
    challenge: $("idea-challenge").value,
    query: $("idea-search").value,
  });
  $("idea-list").replaceChildren(
    ...shown
      .slice()
      .reverse() // newest first
      .map((idea) => {
        const extra = canEdit(idea)
          ? [
              el("a", {
                class: "button small",
                href: `/e/${boot.code}/ideas/${idea.id}/edit`,
                text: "Edit",
              }),
            ]
          : [];
        return ideaCard(idea, {
          challengeTitle: challengeTitle(state, idea.challenge_id),
          extra,
          progress: teamPosts(state, idea.team_id),
        });
      }),
  );
  keepOpen($("idea-list"), openIds);
  $("idea-count").textContent = all.length ? `${shown.length}/${all.length}` : "";
  $("no-ideas").hidden = shown.length > 0;
  const mayPropose =
    settings.submissions_open && (teamOf(state, boot.me.id) || settings.individual_ideas);
  $("new-idea").hidden = !mayPropose;
}

$("idea-search").addEventListener("input", render);
$("idea-challenge").addEventListener("change", render);

startPage({
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
  onRevoked: () => replaceWithNotice(),
});
