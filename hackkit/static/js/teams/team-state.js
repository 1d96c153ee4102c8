// State shared by the team and idea pages: how team, idea, progress and settings updates
// change the snapshot's state, and small helpers every one of those pages uses.
import { el } from "../core/dom.js";
import { upsert } from "../core/live.js";
import { applyEventUpdate } from "../events/event-state.js";

const byId = (a, b) => a.id - b.id;

// The event's feed with a new post at the top (newest first; a repeated message changes
// nothing), as long as the snapshot's and a little longer (space.py FEED_FOR_EVENT).
export function withPost(progress, post, keep = 200) {
  return [post, ...(progress || []).filter((p) => p.id !== post.id)].slice(0, keep);
}

// Apply one revisioned update; false when the type is not one these pages keep.
export function applyTeamUpdate(state, type, data) {
  switch (type) {
    case "team.updated":
      state.teams = upsert(state.teams || [], data).sort(byId);
      break;
    case "team.removed":
      state.teams = (state.teams || []).filter((t) => t.id !== data.id);
      break;
    case "idea.updated":
      state.ideas = upsert(state.ideas || [], data).sort(byId);
      break;
    case "idea.removed":
      state.ideas = (state.ideas || []).filter((i) => i.id !== data.id);
      break;
    case "progress.posted":
      state.progress = withPost(state.progress, data);
      break;
    case "teams.settings":
      state.team_settings = data;
      break;
    default:
      return applyEventUpdate(state, type, data);
  }
  return true;
}

export function settingsOf(state) {
  return (
    state.team_settings || {
      team_min: 2,
      team_max: 5,
      skills: [],
      profile_fields: [],
      team_stages: [],
      submissions_open: true,
    }
  );
}

export function teamOf(state, participantId) {
  return (state.teams || []).find((t) => t.members.some((m) => m.id === participantId)) || null;
}

export function challengeTitle(state, id) {
  if (id == null) return "";
  const found = (state.challenges || []).find((c) => c.id === id);
  return found ? found.title : "";
}

// Fill a <select> with the published challenges, keeping (or setting) its value.
export function fillChallenges(select, challenges, value, blankLabel = "No challenge yet") {
  const current = value === undefined ? select.value : value == null ? "" : String(value);
  select.replaceChildren(
    el("option", { value: "", text: blankLabel }),
    ...challenges.map((c) => el("option", { value: String(c.id), text: c.title })),
  );
  select.value = [...select.options].some((o) => o.value === current) ? current : "";
}

// A team's latest progress posts, newest first (none for an idea without a team).
export function teamPosts(state, teamId, count = 3) {
  if (teamId == null) return [];
  return (state.progress || []).filter((p) => p.team_id === teamId).slice(0, count);
}

export function timeOf(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}
