// Submitting or editing an idea on the phone, with an optional picture.
import { $, showError } from "../core/dom.js";
import { ActionError } from "../core/live.js";
import { act, boot, replaceWithNotice, startPage } from "../core/page.js";
import { applyTeamUpdate, fillChallenges, settingsOf, teamOf } from "./team-state.js";

const idea = boot.idea; // null when submitting a new one
let state = {};
let imageName = idea?.image || null;
let challengeChosen = false;
let loaded = false; // the first snapshot has arrived

function showImage(url) {
  $("image-preview").hidden = !url;
  if (url) $("image-preview").src = url;
  $("image-remove").hidden = !url;
}

async function upload(file) {
  const box = $("idea-error");
  if (file.size > boot.limits.imageBytes) {
    showError(
      box,
      new ActionError({
        message: `Pictures can be at most ${Math.round(boot.limits.imageBytes / 1048576)} MB.`,
      }),
    );
    return;
  }
  $("image-status").textContent = "Uploading…";
  $("idea-save").disabled = true;
  try {
    const form = new FormData();
    form.append("image", file);
    const response = await fetch(boot.urls.upload, {
      method: "POST",
      body: form,
      headers: { Authorization: `Bearer ${boot.token}` },
    });
    const reply = await response
      .json()
      .catch(() => ({ ok: false, error: { message: "The upload failed." } }));
    if (!reply.ok) throw new ActionError(reply.error);
    imageName = reply.data.image;
    showImage(reply.data.url);
    $("image-status").textContent = "";
    showError(box, null);
  } catch (err) {
    $("image-status").textContent = "";
    showError(
      box,
      err instanceof ActionError
        ? err
        : new ActionError({ message: "The upload failed; check the connection and try again." }),
    );
  } finally {
    $("idea-save").disabled = !loaded || !settingsOf(state).submissions_open;
    $("idea-image").value = "";
  }
}

function fields() {
  return {
    challenge_id: Number($("idea-challenge").value) || null,
    title: $("idea-title").value,
    pitch: $("idea-pitch").value,
    description_md: $("idea-description").value,
    links: $("idea-links")
      .value.split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
    image: imageName,
  };
}

async function save(event) {
  event.preventDefault();
  $("idea-save").disabled = true;
  const saved = idea
    ? await act("idea.update", { idea_id: idea.id, version: idea.version, ...fields() })
    : await act("idea.create", fields());
  if (saved) location.assign(teamOf(state, boot.me.id) ? boot.urls.team : boot.urls.ideas);
  else $("idea-save").disabled = false;
}

function render() {
  const settings = settingsOf(state);
  const mine = teamOf(state, boot.me.id);
  $("idea-owner").textContent = mine ? mine.name : boot.me.name;
  const fallback = idea ? idea.challenge_id : (mine?.challenge_id ?? null);
  fillChallenges(
    $("idea-challenge"),
    state.challenges || [],
    challengeChosen ? undefined : fallback,
    "Choose a challenge",
  );
  const closed = !settings.submissions_open;
  $("form-closed").hidden = !closed;
  for (const input of $("idea-form").querySelectorAll("input, textarea, select, button"))
    input.disabled = closed;
}

if (idea) {
  $("idea-title").value = idea.title;
  $("idea-pitch").value = idea.pitch;
  $("idea-description").value = idea.description_md;
  $("idea-links").value = idea.links.join("\n");
  showImage(idea.image_url);
}
$("idea-image").addEventListener(
  "change",
  () => $("idea-image").files[0] && upload($("idea-image").files[0]),
);
$("image-remove").addEventListener("click", () => {
  imageName = null;
  showImage(null);
});
$("idea-challenge").addEventListener("change", () => (challengeChosen = true));
$("idea-form").addEventListener("submit", save);
// The challenges (a required choice) and whether submission is open come with the first
// snapshot: saving before it would send an idea without its challenge. render() enables it.
$("idea-save").disabled = true;

startPage({
  errorBox: "idea-error",
  onSnapshot(s) {
    state = s;
    loaded = true;
    render();
  },
  onUpdate(type, data) {
    if (
      applyTeamUpdate(state, type, data) &&
      (type === "teams.settings" || type.startsWith("challenge") || type.startsWith("team"))
    )
      render();
  },
  onRevoked: () => replaceWithNotice(),
});
