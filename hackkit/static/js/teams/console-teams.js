// The console's teams page: people and profiles, teams (move, merge, dissolve, lock),
// automatic matching with a preview, and the event's team settings.
import { $, el } from "../core/dom.js";
import { upsert } from "../core/live.js";
import { act, startPage } from "../core/page.js";
import { progressList } from "./idea-cards.js";
import {
  applyTeamUpdate,
  challengeTitle,
  fillChallenges,
  settingsOf,
  teamPosts,
} from "./team-state.js";

const RANKS = { 1: "1st choice", 2: "2nd choice", 3: "3rd choice" };
let state = {};
let preview = null;
let settingsDirty = false;

function people() {
  return (state.profiles || []).map((p) => ({ ...p, id: p.participant_id }));
}

function teamOfPerson(id) {
  return (state.teams || []).find((t) => t.members.some((m) => m.id === id)) || null;
}

function teamOptions(select, { current = null, none = "No team", exclude = null } = {}) {
  select.replaceChildren(
    el("option", { value: "", text: none }),
    ...(state.teams || [])
      .filter((t) => t.id !== exclude)
      .map((t) =>
        el("option", { value: String(t.id), text: `${t.name} (${t.member_count}/${t.max_size})` }),
      ),
  );
  select.value = current == null ? "" : String(current);
}

// --- teams --------------------------------------------------------------------------------------
function teamCard(team) {
  const card = el("article", {
    class: team.locked ? "team-card locked" : "team-card",
    dataset: { id: team.id },
  });
  const head = el(
    "header",
    {},
    el("h3", { text: team.name }),
    el("span", { class: "badge", text: team.code }),
    el("span", { class: "muted", text: `${team.member_count}/${team.max_size}` }),
  );
  if (team.locked) head.append(el("span", { class: "chip warn", text: "locked" }));
  const challenge = el("select", {
    class: "team-challenge",
    "aria-label": `Challenge of ${team.name}`,
  });
  fillChallenges(challenge, state.challenges || [], team.challenge_id);
  challenge.addEventListener("change", () =>
    act("team.update", { team_id: team.id, challenge_id: Number(challenge.value) || null }),
  );
  const members = el("ul", { class: "member-list" });
  for (const m of team.members) {
    const move = el("select", { class: "move", "aria-label": `Move ${m.name}` });
    teamOptions(move, { current: team.id, none: "No team" });
    move.addEventListener("change", () =>
      act("team.move", { participant_id: m.id, team_id: Number(move.value) || null }),
    );
    members.append(el("li", { class: "member" }, el("span", { text: m.name }), move));
  }
  const lock = el("button", {
    type: "button",
    class: "small",
    text: team.locked ? "Unlock" : "Lock",
  });
  lock.addEventListener("click", () =>
    act("team.lock", { team_id: team.id, locked: !team.locked }),
  );
  const mergeInto = el("select", { class: "merge", "aria-label": `Merge ${team.name} into` });
  teamOptions(mergeInto, { none: "Merge into…", exclude: team.id });
  mergeInto.addEventListener("change", () => {
    const into = Number(mergeInto.value);
    if (into && confirm(`Merge ${team.name} into the other team?`))
      act("team.merge", { team_id: team.id, into_team_id: into });
    else mergeInto.value = "";
  });
  const dissolve = el("button", { type: "button", class: "small danger", text: "Dissolve" });
  dissolve.addEventListener(
    "click",
    () =>
      confirm(`Dissolve ${team.name}? Its members will be without a team.`) &&
      act("team.dissolve", { team_id: team.id }),
  );
  card.append(
    head,
    el(
      "div",
      { class: "team-line" },
      challenge,
      el("span", { class: "chip", text: team.stage || "—" }),
    ),
    members,
  );
  const posts = teamPosts(state, team.id);
  if (posts.length) card.append(progressList(posts));
  card.append(el("footer", { class: "row tight" }, lock, mergeInto, dissolve));
  return card;
}

function renderTeams() {
  const teams = state.teams || [];
  $("team-cards").replaceChildren(...teams.map(teamCard));
  $("no-teams").hidden = teams.length > 0;
  $("all-locked").hidden = !settingsOf(state).teams_locked;
}

// --- people --------------------------------------------------------------------------------------
// Each cell carries its column's (translated) heading: where the console is too narrow for five
// columns, the rows become stacked cards that label their lines with it (teams.css).
const columnLabels = [...document.querySelectorAll(".people-table thead th")].map(
  (th) => th.textContent,
);
const cell = (column, attrs, ...children) =>
  el("td", { ...attrs, dataset: { label: columnLabels[column] } }, ...children);

function renderPeople() {
  const all = people();
  const onlyFree = $("only-free").checked;
  let placed = 0;
  const rows = [];
  for (const p of all) {
    const team = teamOfPerson(p.id);
    if (team) placed += 1;
    if (onlyFree && team) continue;
    const place = el("select", { class: "place", "aria-label": `Team of ${p.name}` });
    teamOptions(place, { current: team?.id ?? null });
    place.addEventListener("change", () =>
      act("team.move", { participant_id: p.id, team_id: Number(place.value) || null }),
    );
    const skills = el(
      "div",
      { class: "chips" },
      ...p.skills.map((s) => el("span", { class: "chip", text: s })),
      ...p.tags.map((t) => el("span", { class: "chip tag", text: `#${t}` })),
    );
    const prefs = p.preferences
      .map((id, i) => `${i + 1}. ${challengeTitle(state, id) || "?"}`)
      .join(" · ");
    const details = [p.organisation, p.role, p.country, p.interests].filter(Boolean).join(" · ");
    rows.push(
      el(
        "tr",
        { dataset: { id: p.id } },
        cell(0, { class: "person-name", text: p.name }),
        cell(1, {}, place),
        cell(2, {}, skills),
        cell(3, { text: prefs }),
        cell(4, { class: "muted", text: details }),
      ),
    );
  }
  $("people-rows").replaceChildren(...rows);
  $("team-total").textContent = (state.teams || []).length;
  $("placed-total").textContent = placed;
  $("free-total").textContent = all.length - placed;
}

// --- matching ------------------------------------------------------------------------------------
const pct = (x) => `${Math.round(x * 100)}%`;

function renderPreview() {
  $("match-preview").hidden = !preview;
  if (!preview) return;
  const s = preview.score;
  const b = preview.baseline_score;
  $("match-score").textContent =
    `${preview.summary} ` +
    `Quality ${s.total.toFixed(2)} (simple greedy: ${b.total.toFixed(2)}) · ` +
    `preferences ${pct(s.preference)} · skill coverage ${pct(s.coverage)} · ` +
    `balance ${pct(s.balance)}`;
  $("match-warnings").replaceChildren(...preview.warnings.map((w) => el("li", { text: w })));
  $("match-teams").replaceChildren(
    ...preview.teams.map((t) => {
      const bar = el(
        "div",
        { class: "coverage", role: "img", "aria-label": `Skill coverage ${pct(t.coverage)}` },
        el("span", { class: `fill w${Math.round(t.coverage * 10)}` }),
      );
      const skills = el(
        "div",
        { class: "chips" },
        ...Object.entries(t.skills)
          .filter(([, n]) => n)
          .map(([name, n]) => el("span", { class: "chip", text: n > 1 ? `${name} ×${n}` : name })),
      );
      const members = el(
        "ul",
        { class: "member-list" },
        ...t.members.map((m) => {
          const name = el("span", { text: m.name });
          // In a team that exists already, say who would join it.
          if (t.team_id != null && m.new)
            name.append(el("span", { class: "joins", text: " joins" }));
          return el(
            "li",
            { class: "member" },
            name,
            el("span", {
              class: m.rank ? `rank r${m.rank}` : "rank none",
              text: RANKS[m.rank] || "no preference met",
            }),
          );
        }),
      );
      return el(
        "article",
        { class: "proposed" },
        el(
          "header",
          {},
          el("h3", { text: t.name }),
          el("span", { class: "muted", text: t.challenge_title || "no challenge" }),
        ),
        el("p", { class: "muted", text: `Skill coverage ${pct(t.coverage)}` }),
        bar,
        skills,
        members,
      );
    }),
  );
}

async function runPreview(event) {
  event?.preventDefault();
  const scope = document.querySelector("input[name=scope]:checked").value;
  const seed = Math.max(0, Number($("match-seed").value) || 0);
  preview = await act("teams.match_preview", { scope, seed }, "match-error");
  renderPreview();
}

// --- settings ------------------------------------------------------------------------------------
const lines = (text) =>
  text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter(Boolean);

function renderSettings(force = false) {
  if (settingsDirty && !force) return;
  const s = settingsOf(state);
  $("set-min").value = s.team_min;
  $("set-max").value = s.team_max;
  $("set-skills").value = s.skills.join("\n");
  $("set-stages").value = s.team_stages.join("\n");
  $("set-individual").checked = s.individual_ideas;
  for (const box of document.querySelectorAll("input[name=profile_field]"))
    box.checked = s.profile_fields.includes(box.value);
}

async function saveSettings(event) {
  event.preventDefault();
  const saved = await act(
    "teams.settings",
    {
      team_min: Number($("set-min").value),
      team_max: Number($("set-max").value),
      skills: lines($("set-skills").value),
      team_stages: lines($("set-stages").value),
      individual_ideas: $("set-individual").checked,
      profile_fields: [...document.querySelectorAll("input[name=profile_field]:checked")].map(
        (b) => b.value,
      ),
    },
    "settings-error",
  );
  if (saved) {
    state.team_settings = saved;
    settingsDirty = false;
    renderSettings(true);
    $("settings-saved").hidden = false;
    setTimeout(() => ($("settings-saved").hidden = true), 2500);
  }
}

// --- suspicious joins ---------------------------------------------------------------------------
let suspiciousTimer = null;

async function loadSuspicious() {
  const reply = await act("participants.suspicious", {}, "suspicious-error");
  if (!reply) return;
  $("suspicious-list").replaceChildren(
    ...reply.joins.map((j) => {
      const remove = el("button", { type: "button", class: "link danger", text: "Remove" });
      remove.addEventListener("click", async () => {
        if (!confirm(`Remove ${j.name} from the event? Their phone is signed out at once.`)) return;
        if (await act("participant.remove", { participant_id: j.id }, "suspicious-error"))
          loadSuspicious();
      });
      return el(
        "li",
        { dataset: { id: j.id } },
        el("strong", { text: j.name }),
        remove,
        ...j.reasons.map((r) => el("span", { class: "reason", text: r })),
      );
    }),
  );
  $("no-suspicious").hidden = reply.joins.length > 0;
}

function scheduleSuspicious() {
  // Joins come in storms; look once they settle, not once per join.
  clearTimeout(suspiciousTimer);
  suspiciousTimer = setTimeout(loadSuspicious, 1500);
}

function renderAll() {
  renderTeams();
  renderPeople();
  renderSettings();
}

$("only-free").addEventListener("change", renderPeople);
$("suspicious-refresh").addEventListener("click", loadSuspicious);
$("lock-all").addEventListener("click", () => act("teams.lock", { locked: true }));
$("unlock-all").addEventListener("click", () => act("teams.lock", { locked: false }));
$("match-form").addEventListener("submit", runPreview);
$("match-rerun").addEventListener("click", () => {
  $("match-seed").value = String((Number($("match-seed").value) || 0) + 1);
  runPreview();
});
$("match-discard").addEventListener("click", () => {
  preview = null;
  renderPreview();
});
$("match-accept").addEventListener("click", async () => {
  if (preview && (await act("teams.match_accept", { proposal: preview.proposal }, "match-error"))) {
    preview = null;
    renderPreview();
  }
});
$("settings-form").addEventListener("submit", saveSettings);
$("settings-form").addEventListener("input", () => (settingsDirty = true));

startPage({
  errorBox: "teams-error",
  onSnapshot(s) {
    state = s;
    renderAll();
    scheduleSuspicious();
  },
  onUpdate(type, data) {
    if (!applyTeamUpdate(state, type, data)) return;
    if (type === "teams.settings") renderSettings();
    renderTeams();
    renderPeople();
  },
  onView(type, data) {
    if (type === "profile.updated") state.profiles = upsertBy(state.profiles || [], data);
    else if (type === "participant.joined") {
      const blank = {
        participant_id: data.id,
        name: data.name,
        skills: [],
        tags: [],
        interests: "",
        preferences: [],
        organisation: null,
        country: null,
        role: null,
      };
      if (!(state.profiles || []).some((p) => p.participant_id === data.id))
        state.profiles = [...(state.profiles || []), blank];
      scheduleSuspicious();
    } else if (type === "participant.removed") {
      state.profiles = (state.profiles || []).filter((p) => p.participant_id !== data.id);
      scheduleSuspicious();
    } else return;
    renderPeople();
  },
});

function upsertBy(list, item) {
  return upsert(
    list.map((p) => ({ ...p, id: p.participant_id })),
    { ...item, id: item.participant_id },
  );
}
