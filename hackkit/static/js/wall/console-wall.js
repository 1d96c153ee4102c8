// The console's wall page: walls and their geometry, placing screens by clicking, switching
// what the wall shows, and each screen's health.
import { $, el, readJson, showError } from "../core/dom.js";
import { upsert } from "../core/live.js";
import { act, boot, startPage } from "../core/page.js";
import { canvasOf, minGlyphPx } from "./layout.js";

const t = readJson("wall-text");
const OFFLINE_AFTER_MS = 40000;

let state = {};
let selectedWall = null; // id of the wall shown on the map
let editing = null; // id of the wall in the form, or null for a new one
let picked = null; // id of the screen about to be placed
let formFor; // which wall the form shows, so live updates never overwrite what is being typed

const walls = () => state.walls || [];
const screens = () => [...(state.wall_screens || [])].sort((a, b) => a.number - b.number);
const currentWall = () => walls().find((w) => w.id === selectedWall) || walls()[0] || null;

function health(id) {
  const h = (state.wall_health || []).find((x) => x.id === id);
  if (!h) return null;
  return { ...h, online: live.serverNow() - h.last_seen_ms < OFFLINE_AFTER_MS };
}

// --- walls and the map -------------------------------------------------------------------
function renderTabs() {
  const wall = currentWall();
  $("wall-tabs").replaceChildren(
    ...walls().map((w) => {
      const b = el("button", {
        type: "button",
        class: w.id === wall?.id ? "tab active" : "tab",
        text: w.name,
      });
      b.addEventListener("click", () => {
        selectedWall = w.id;
        editing = w.id;
        renderAll();
      });
      return el("li", {}, b);
    }),
  );
  $("wall-none").hidden = walls().length > 0;
  $("wall-placing").hidden = walls().length === 0;
}

function renderMap() {
  const wall = currentWall();
  const map = $("wall-map");
  if (!wall) return map.replaceChildren();
  const canvas = canvasOf(wall.geometry);
  const width = Math.max(200, $("wall-map-card").clientWidth - 34);
  const scale = Math.min(width / canvas.w, 420 / canvas.h);
  map.style.width = `${Math.round(canvas.w * scale)}px`;
  map.style.height = `${Math.round(canvas.h * scale)}px`;
  const holders = new Map(
    screens()
      .filter((s) => s.wall_id === wall.id)
      .map((s) => [s.position, s]),
  );
  map.replaceChildren(
    ...wall.geometry.screens.map((slot) => {
      const holder = holders.get(slot.key);
      const state = holder ? health(holder.id) : null;
      const classes = [
        "wall-slot",
        holder ? "taken" : "",
        holder && !state?.online ? "offline" : "",
        picked && !holder ? "target" : "",
      ];
      const button = el(
        "button",
        {
          type: "button",
          class: classes.filter(Boolean).join(" "),
          dataset: { key: slot.key },
          "aria-label": `${slot.key}: ${holder ? `#${holder.number}` : t.empty}`,
        },
        el("span", { class: "wall-slot-number", text: holder ? String(holder.number) : "·" }),
        el("span", { class: "wall-slot-key", text: slot.key }),
      );
      Object.assign(button.style, {
        left: `${slot.x * scale}px`,
        top: `${slot.y * scale}px`,
        width: `${Math.max(12, slot.w * scale)}px`,
        height: `${Math.max(12, slot.h * scale)}px`,
      });
      button.addEventListener("click", () => clickSlot(wall, slot.key, holder));
      return button;
    }),
  );
}

async function clickSlot(wall, key, holder) {
  if (picked && picked !== holder?.id) {
    const id = picked;
    picked = null;
    await act(
      "wall.screen.assign",
      { screen_id: id, wall_id: wall.id, position: key },
      "map-error",
    );
    return renderAll();
  }
  if (holder) {
    picked = picked === holder.id ? null : holder.id; // pick a placed screen up to move it
    return renderAll();
  }
  showError("map-error", { message: t.pickFirst });
}

function renderWaiting() {
  const known = new Set(walls().map((w) => w.id));
  const waiting = screens().filter((s) => !s.wall_id || !known.has(s.wall_id));
  $("wall-waiting").replaceChildren(
    ...waiting.map((s) => {
      const h = health(s.id);
      const b = el("button", {
        type: "button",
        text: String(s.number),
        "aria-pressed": String(picked === s.id),
        dataset: { screen: s.id },
      });
      b.title = h?.online ? t.online : t.offline;
      b.addEventListener("click", () => {
        picked = picked === s.id ? null : s.id;
        showError("map-error", null);
        renderAll();
      });
      return el("li", {}, b);
    }),
  );
  $("waiting-none").hidden = waiting.length > 0;
}

// --- what the wall shows -------------------------------------------------------------------
function renderModes() {
  const wall = currentWall();
  $("wall-mode-card").hidden = !wall;
  if (!wall) return;
  for (const b of document.querySelectorAll("#wall-modes [data-mode]")) {
    b.setAttribute("aria-pressed", String(b.dataset.mode === wall.mode));
  }
  $("wall-follow").checked = wall.follow_agenda;
  const select = $("wall-ballot");
  const chosen = wall.ballot_id == null ? "" : String(wall.ballot_id);
  select.replaceChildren(
    select.options[0],
    ...(state.ballots || []).map((b) =>
      el("option", { value: String(b.id), text: `${b.title} (${b.status})` }),
    ),
  );
  select.value = chosen;
  if (document.activeElement !== $("wall-message")) $("wall-message").value = wall.message_md || "";
  const label =
    document.querySelector(`#wall-modes [data-mode="${wall.mode}"]`)?.textContent || wall.mode;
  $("wall-now").textContent =
    `${t.now.replace("{mode}", label)} ${wall.follow_agenda ? t.following : ""}`;
}

function setMode(mode, followAgenda) {
  const wall = currentWall();
  if (!wall) return;
  const ballot = $("wall-ballot").value;
  act(
    "wall.mode",
    {
      wall_id: wall.id,
      mode,
      follow_agenda: followAgenda,
      ballot_id: ballot ? Number(ballot) : null,
      message_md: $("wall-message").value,
    },
    "mode-error",
  );
}

// --- the wall form -----------------------------------------------------------------------------
function renderForm() {
  formFor = editing;
  const wall = walls().find((w) => w.id === editing) || null;
  $("wall-form-title").textContent = wall ? `${t.editWall}: ${wall.name}` : t.newWall;
  $("wf-delete").hidden = !wall;
  if (!wall) return updateGlyphHint();
  const grid = wall.grid;
  $("wf-name").value = wall.name;
  if (grid) {
    for (const [id, field] of [
      ["wf-rows", "rows"],
      ["wf-cols", "cols"],
      ["wf-w", "screen_w"],
      ["wf-h", "screen_h"],
      ["wf-bx", "bezel_x"],
      ["wf-by", "bezel_y"],
    ]) {
      $(id).value = grid[field];
    }
    $("wf-free").value = "";
  } else {
    $("wf-free").value = wall.geometry.screens
      .map((s) => `${s.key} ${s.x} ${s.y} ${s.w} ${s.h}`)
      .join("\n");
  }
  $("wf-distance").value = wall.viewing_distance_m;
  $("wf-pitch").value = wall.pixel_pitch_mm;
  $("wf-dwell").value = wall.dwell_ms / 1000;
  updateGlyphHint();
}

function updateGlyphHint() {
  const distance = Number($("wf-distance").value);
  const pitch = Number($("wf-pitch").value);
  $("wf-glyph").textContent =
    distance > 0 && pitch > 0
      ? t.glyph.replace("{px}", minGlyphPx(distance, pitch)).replace("{m}", distance)
      : "";
}

function formPayload() {
  const payload = {
    name: $("wf-name").value,
    viewing_distance_m: Number($("wf-distance").value),
    pixel_pitch_mm: Number($("wf-pitch").value),
    dwell_s: Number($("wf-dwell").value),
  };
  const free = $("wf-free").value.trim();
  if (free) {
    payload.screens = free
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => {
        const [key, x, y, w, h] = line.trim().split(/\s+/);
        return { key, x: Number(x), y: Number(y), w: Number(w), h: Number(h) };
      });
  } else {
    payload.grid = {
      rows: Number($("wf-rows").value),
      cols: Number($("wf-cols").value),
      screen_w: Number($("wf-w").value),
      screen_h: Number($("wf-h").value),
      bezel_x: Number($("wf-bx").value),
      bezel_y: Number($("wf-by").value),
    };
  }
  return payload;
}

async function saveWall(event) {
  event.preventDefault();
  const payload = formPayload();
  const saved = editing
    ? await act("wall.update", { wall_id: editing, ...payload }, "form-error")
    : await act("wall.create", payload, "form-error");
  if (saved) {
    state.walls = upsert(walls(), saved);
    selectedWall = editing = saved.id;
    renderAll();
  }
}

async function deleteWall() {
  if (!editing || !confirm(t.confirmDelete)) return;
  const id = editing;
  if (await act("wall.delete", { wall_id: id }, "form-error")) {
    state.walls = walls().filter((w) => w.id !== id);
    selectedWall = editing = null;
    renderAll();
  }
}

// --- health ----------------------------------------------------------------------------------
function renderHealth() {
  const wallNames = new Map(walls().map((w) => [w.id, w.name]));
  const now = live.serverNow();
  const rows = screens().map((s) => {
    const h = health(s.id);
    const place =
      s.wall_id && wallNames.has(s.wall_id)
        ? `${wallNames.get(s.wall_id)} · ${s.position}`
        : t.waiting;
    const seen = h?.last_seen_ms
      ? t.secondsAgo.replace("{s}", Math.max(0, Math.round((now - h.last_seen_ms) / 1000)))
      : t.never;
    const latency = el("input", {
      type: "number",
      min: "0",
      max: "1000",
      step: "5",
      value: String(s.latency_ms),
      "aria-label": "Latency (ms)",
    });
    latency.addEventListener("change", () =>
      act(
        "wall.screen.update",
        { screen_id: s.id, latency_ms: Number(latency.value) },
        "map-error",
      ),
    );
    const takeOff = el("button", { type: "button", class: "link", text: t.takeOff });
    takeOff.disabled = !s.wall_id;
    takeOff.addEventListener("click", () =>
      act("wall.screen.assign", { screen_id: s.id, wall_id: null, position: null }, "map-error"),
    );
    const remove = el("button", { type: "button", class: "link danger", text: t.remove });
    remove.addEventListener(
      "click",
      () => confirm(t.confirmRemove) && act("wall.screen.remove", { screen_id: s.id }, "map-error"),
    );
    const status = el(
      "td",
      {},
      el("span", { class: `health-dot${h?.online ? " online" : ""}` }),
      h?.online ? t.online : t.offline,
    );
    return el(
      "tr",
      { dataset: { screen: s.id } },
      el("td", { text: String(s.number) }),
      el("td", { text: place }),
      status,
      el("td", { text: seen }),
      el("td", { text: h?.offset_ms == null ? "–" : `${h.offset_ms} ms` }),
      el("td", { text: h?.rtt_ms == null ? "–" : `${h.rtt_ms} ms` }),
      el("td", { text: h?.viewport ? `${h.viewport[0]}×${h.viewport[1]}` : "–" }),
      el("td", {}, latency),
      el("td", {}, takeOff, remove),
    );
  });
  // Do not steal a field being edited.
  if (document.activeElement?.closest("#wall-health-rows")) return;
  $("wall-health-rows").replaceChildren(...rows);
  $("health-none").hidden = rows.length > 0;
}

// --- links -----------------------------------------------------------------------------------
function renderLinks() {
  const wall = currentWall();
  $("wall-display-url").value = boot.displayUrl;
  const select = $("wall-link-position");
  const keep = select.value;
  select.replaceChildren(
    ...(wall ? wall.geometry.screens.map((s) => el("option", { value: s.key, text: s.key })) : []),
  );
  if (keep && wall?.geometry.screens.some((s) => s.key === keep)) select.value = keep;
  $("wall-position-url").value =
    wall && select.value
      ? `${boot.displayUrl}&wall=${wall.id}&at=${encodeURIComponent(select.value)}`
      : "";
  $("wall-preview").href = wall ? boot.previewUrl.replace("WALL", String(wall.id)) : "#";
}

function renderAll() {
  renderTabs();
  renderMap();
  renderWaiting();
  renderModes();
  if (formFor !== editing) renderForm();
  renderHealth();
  renderLinks();
}

// --- wiring -----------------------------------------------------------------------------------
for (const b of document.querySelectorAll("#wall-modes [data-mode]")) {
  b.addEventListener("click", () => setMode(b.dataset.mode, false));
}
$("wall-follow").addEventListener("change", () =>
  setMode(currentWall()?.manual_mode || "join", $("wall-follow").checked),
);
$("wall-mode-apply").addEventListener("click", () =>
  setMode(currentWall()?.mode || "join", $("wall-follow").checked),
);
$("wall-identify").addEventListener("click", () => setMode("identify", false));
$("wall-form").addEventListener("submit", saveWall);
$("wf-new").addEventListener("click", () => {
  editing = null;
  $("wf-name").value = "";
  $("wf-free").value = "";
  renderForm();
});
$("wf-delete").addEventListener("click", deleteWall);
for (const id of ["wf-distance", "wf-pitch"]) $(id).addEventListener("input", updateGlyphHint);
$("wall-link-position").addEventListener("change", renderLinks);
$("wall-preview").addEventListener("click", () => showError("map-error", { message: t.preparing }));
for (const input of document.querySelectorAll("input.copy"))
  input.addEventListener("focus", () => input.select());
window.addEventListener("resize", renderMap);

const live = startPage({
  onSnapshot(s) {
    state = s;
    if (editing === null && walls().length) editing = currentWall().id;
    renderAll();
  },
  onUpdate(type, data) {
    if (type === "wall.updated") state.walls = upsert(walls(), data);
    else if (type === "wall.removed") state.walls = walls().filter((w) => w.id !== data.id);
    else if (type === "wall.screen.updated")
      state.wall_screens = upsert(state.wall_screens || [], data);
    else if (type === "wall.screen.removed")
      state.wall_screens = (state.wall_screens || []).filter((s) => s.id !== data.id);
    else if (type === "ballot.updated") state.ballots = upsert(state.ballots || [], data);
    else if (type === "ballot.removed")
      state.ballots = (state.ballots || []).filter((b) => b.id !== data.id);
    else return;
    renderAll();
  },
  onView(type, data) {
    if (type !== "wall.health") return;
    state.wall_health = data;
    renderMap();
    renderWaiting();
    renderHealth();
  },
});
setInterval(renderHealth, 5000);
