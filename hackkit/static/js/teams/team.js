// The phone's team page: profile, finding or forming a team, and the team's own space.
import { $, el } from "../core/dom.js";
import { act, boot, replaceWithNotice, startPage } from "../core/page.js";
import {
  applyTeamUpdate,
  challengeTitle,
  fillChallenges,
  settingsOf,
  teamOf,
  timeOf,
} from "./team-state.js";

const me = boot.me;
let state = {};
let profileDirty = false;
let shownTeamId;

// --- my team ------------------------------------------------------------------------------
function renderMyTeam(team) {
  const settings = settingsOf(state);
  $("team-name").textContent = team.name;
  $("team-code").textContent = team.code;
  const title = challengeTitle(state, team.challenge_id);
  $("team-challenge").textContent = title || "No challenge yet";
  $("team-locked").hidden = !team.locked;
  $("team-count").textContent = `${team.member_count} / ${team.max_size}`;
  $("team-members").replaceChildren(
    ...team.members.map((m) =>
      el("li", {
        class: m.id === me.id ? "member me" : "member",
        text: m.id === me.id ? `${m.name} (you)` : m.name,
      }),
    ),
  );
  const stages =
    settings.team_stages.includes(team.stage) || !team.stage
      ? settings.team_stages
      : [...settings.team_stages, team.stage];
  $("team-stages").replaceChildren(
    ...stages.map((stage, i) => {
      const b = el("button", {
        type: "button",
        class: "stage",
        "aria-pressed": String(stage === team.stage),
        text: `${i + 1}. ${stage}`,
      });
      b.addEventListener(
        "click",
        () =>
          stage !== team.stage && act("team.stage", { team_id: team.id, stage }, "my-team-error"),
      );
      return b;
    }),
  );
  const frozen = team.locked || settings.teams_locked;
  $("leave-team").disabled = frozen;
  $("team-edit").hidden = frozen;
  if (!$("team-edit").open) {
    $("team-edit-name").value = team.name;
    fillChallenges($("team-edit-challenge"), state.challenges || [], team.challenge_id);
  }
}

function renderTeamIdeas(team) {
  const settings = settingsOf(state);
  const ideas = (state.ideas || []).filter((i) => i.team_id === team.id);
  $("team-ideas").replaceChildren(
    ...ideas.map((idea) => {
      const li = el(
        "li",
        { dataset: { id: idea.id } },
        el("strong", { text: idea.title }),
        el("span", { class: "muted", text: idea.pitch }),
      );
      if (settings.submissions_open)
        li.append(
          el("a", {
            href: `/e/${boot.code}/ideas/${idea.id}/edit`,
            class: "edit-link",
            text: "Edit",
          }),
        );
      return li;
    }),
  );
  $("team-ideas-empty").hidden = ideas.length > 0;
  $("new-idea").hidden = !settings.submissions_open;
  $("submissions-closed").hidden = settings.submissions_open;
}

function renderProgress(team) {
  const posts = (state.progress || []).filter((p) => p.team_id === team.id).slice(0, 30);
  $("progress-list").replaceChildren(
    ...posts.map((p) =>
      el(
        "li",
        { class: "post" },
        el("p", { text: p.body }),
        el("span", {
          class: "muted",
          text: `${p.author_name || "someone"} · ${timeOf(p.created_at)}`,
        }),
      ),
    ),
  );
}

// --- finding a team -------------------------------------------------------------------------
function renderTeamList() {
  const settings = settingsOf(state);
  const teams = state.teams || [];
  $("team-list").replaceChildren(
    ...teams.map((t) => {
      const full = t.member_count >= t.max_size;
      const join = el("button", {
        type: "button",
        class: "primary small",
        text: full ? "Full" : "Join",
      });
      join.disabled = full || t.locked || settings.teams_locked;
      join.addEventListener("click", () => act("team.join", { team_id: t.id }, "find-team-error"));
      const meta = el("span", {
        class: "muted",
        text: [challengeTitle(state, t.challenge_id), `${t.member_count}/${t.max_size}`]
          .filter(Boolean)
          .join(" · "),
      });
      const li = el(
        "li",
        { class: "team-row", dataset: { id: t.id } },
        el("div", {}, el("strong", { text: t.name }), meta),
        join,
      );
      if (t.locked) li.classList.add("locked");
      return li;
    }),
  );
  $("team-list-empty").hidden = teams.length > 0;
  $("create-team").hidden = settings.teams_locked;
  fillChallenges($("create-team-challenge"), state.challenges || []);
}

// --- profile ------------------------------------------------------------------------------
function renderProfile(force = false) {
  const settings = settingsOf(state);
  const profile = state.profile || {};
  const skills = new Set(profile.skills || []);
  const summary = [...skills].slice(0, 4).join(", ");
  $("profile-summary").textContent = summary ? summary : "Tell others what you can do";
  if (profileDirty && !force) return;
  $("skill-options").replaceChildren(
    ...settings.skills.map((skill) => {
      const input = el("input", { type: "checkbox", value: skill, name: "skill" });
      input.checked = skills.has(skill);
      return el("label", { class: "chip-check" }, input, el("span", { text: skill }));
    }),
  );
  $("no-skills").hidden = settings.skills.length > 0;
  $("profile-tags").value = (profile.tags || []).join(", ");
  $("profile-interests").value = profile.interests || "";
  const prefs = profile.preferences || [];
  ["pref-1", "pref-2", "pref-3"].forEach((id, i) => {
    fillChallenges($(id), state.challenges || [], prefs[i] ?? null, "—");
  });
  for (const box of document.querySelectorAll(".optional-field")) {
    const field = box.dataset.field;
    box.hidden = !settings.profile_fields.includes(field);
    $(`profile-${field}`).value = profile[field] || "";
  }
}

async function saveProfile(event) {
  event.preventDefault();
  const settings = settingsOf(state);
  const payload = {
    skills: [...document.querySelectorAll("#skill-options input:checked")].map((i) => i.value),
    tags: $("profile-tags")
      .value.split(",")
      .map((t) => t.trim())
      .filter(Boolean)
      .slice(0, 10),
    interests: $("profile-interests").value,
    preferences: [
      ...new Set(["pref-1", "pref-2", "pref-3"].map((id) => Number($(id).value)).filter(Boolean)),
    ],
  };
  for (const field of settings.profile_fields) payload[field] = $(`profile-${field}`).value || null;
  const saved = await act("profile.update", payload, "profile-error");
  if (saved) {
    state.profile = saved;
    profileDirty = false;
    renderProfile(true);
    $("profile-saved").hidden = false;
    setTimeout(() => ($("profile-saved").hidden = true), 2500);
  }
}

// --- everything -----------------------------------------------------------------------------
function render() {
  const settings = settingsOf(state);
  const team = teamOf(state, me.id);
  $("teams-locked").hidden = !settings.teams_locked;
  $("my-team").hidden = !team;
  $("team-ideas-card").hidden = !team;
  $("progress-card").hidden = !team;
  $("find-team").hidden = !!team;
  const teamId = team ? team.id : null;
  // The snapshot holds only my team's feed: after joining another team, fetch the new one.
  if (shownTeamId !== undefined && shownTeamId !== teamId && teamId !== null) live.sync();
  shownTeamId = teamId;
  if (team) {
    renderMyTeam(team);
    renderTeamIdeas(team);
    renderProgress(team);
  } else {
    renderTeamList();
  }
  renderProfile();
}

$("join-code-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await act("team.join", { code: $("join-code").value }, "find-team-error"))
    $("join-code").value = "";
});
$("create-team-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const challenge = Number($("create-team-challenge").value) || null;
  const team = await act(
    "team.create",
    { name: $("create-team-name").value, challenge_id: challenge },
    "find-team-error",
  );
  if (team) {
    $("create-team-name").value = "";
    $("create-team").open = false;
  }
});
$("team-edit-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const team = teamOf(state, me.id);
  if (!team) return;
  const done = await act(
    "team.update",
    {
      team_id: team.id,
      name: $("team-edit-name").value,
      challenge_id: Number($("team-edit-challenge").value) || null,
    },
    "my-team-error",
  );
  if (done) $("team-edit").open = false;
});
$("leave-team").addEventListener("click", () => {
  if (confirm("Leave your team?")) act("team.leave", {}, "my-team-error");
});
$("progress-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const team = teamOf(state, me.id);
  if (
    team &&
    (await act(
      "team.progress",
      { team_id: team.id, body: $("progress-text").value },
      "progress-error",
    ))
  )
    $("progress-text").value = "";
});
$("profile-form").addEventListener("submit", saveProfile);
$("profile-form").addEventListener("input", () => (profileDirty = true));
// Saving before the first snapshot would send an empty profile over the stored one.
const profileSave = $("profile-form").querySelector("button[type=submit]");
profileSave.disabled = true;

const live = startPage({
  onSnapshot(s) {
    state = s;
    render();
    profileSave.disabled = false;
  },
  onUpdate(type, data) {
    if (!applyTeamUpdate(state, type, data)) return;
    if (type === "teams.settings" || type.startsWith("challenge")) renderProfile(true);
    render();
  },
  onView(type, data) {
    if (type === "profile.updated" && data.participant_id === me.id) {
      state.profile = data;
      renderProfile();
    }
  },
  onRevoked: () => replaceWithNotice(),
});
