// The console's wall page: walls and their geometry, placing screens by clicking, switching
// what the wall shows, and each screen's health.
import { $, el, readJson, showError } from "../core/dom.js";
import { upsert } from "../core/live.js";
import { act, boot, startPage } from "../core/page.js";
import { canvasOf, LayoutError, longestTitleFits, minGlyphPx, planCards } from "./layout.js";

const BANNER_PER_GLYPH = 1.8; // modes.py banner_px
const MANY_IDEAS = 10000; // more than any page holds: the plan's per_page is the page size

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

/** "Row 1, column 2" for a grid position ("r0c1"); a free screen keeps the name it was given. */
function placeLabel(key) {
  const match = /^r(\d+)c(\d+)$/.exec(key);
  return match
    ? t.rowCol.replace("{row}", Number(match[1]) + 1).replace("{col}", Number(match[2]) + 1)
    : key;
}

/** How long ago, in the unit a person reads at a glance: "40 s ago", "12 min ago", "3 h ago". */
function ago(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return t.secondsAgo.replace("{s}", s);
  if (s < 7200) return t.minutesAgo.replace("{m}", Math.round(s / 60));
  return t.hoursAgo.replace("{h}", Math.round(s / 3600));
}

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
          "aria-label": `${placeLabel(slot.key)}: ${holder ? `#${holder.number}` : t.empty}`,
        },
        el("span", { class: "wall-slot-number", text: holder ? String(holder.number) : "·" }),
        el("span", { class: "wall-slot-key", text: placeLabel(slot.key) }),
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
  const unplaced = screens().filter((s) => !s.wall_id || !known.has(s.wall_id));
  // Screens that were closed (a reloaded tab registers anew, a TV switched off) would pile up:
  // only the ones online now are offered, the others are counted in one line.
  const waiting = unplaced.filter((s) => health(s.id)?.online !== false);
  const gone = unplaced.length - waiting.length;
  $("waiting-offline").hidden = gone === 0;
  $("waiting-offline").textContent = t.offlineWaiting.replace("{n}", gone);
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
  const fits = $("wf-fits");
  fits.textContent = "";
  fits.classList.remove("warn");
  if (!(distance > 0 && pitch > 0)) {
    $("wf-glyph").textContent = "";
    return;
  }
  const glyph = minGlyphPx(distance, pitch);
  $("wf-glyph").textContent = t.glyph.replace("{px}", glyph).replace("{m}", distance);
  // Before saving: how many ideas a page holds from there, and whether the longest titles
  // still fit on one screen (the wall then pages, or says the screens are too small).
  const geometry = formGeometry();
  if (!geometry) return;
  const banner = Math.max(1, Math.round(glyph * BANNER_PER_GLYPH));
  const plan = (() => {
    try {
      return planCards(geometry, MANY_IDEAS, { minGlyphPx: glyph, reserveTop: banner });
    } catch (err) {
      if (err instanceof LayoutError) return null;
      throw err;
    }
  })();
  const whole = plan && longestTitleFits(geometry, glyph, banner);
  fits.classList.toggle("warn", !whole);
  fits.textContent = !plan
    ? t.noneFit.replace("{m}", distance)
    : `${t.perPage.replace("{m}", distance).replace("{n}", plan.per_page)}${whole ? "" : ` ${t.titlesTooLong}`}`;
}

function formGeometry() {
  const payload = formPayload();
  const screens = payload.screens
    ? payload.screens
    : (() => {
        const g = payload.grid;
        if (![g.rows, g.cols, g.screen_w, g.screen_h].every((v) => v >= 1) || g.rows * g.cols > 400)
          return null;
        const out = [];
        for (let row = 0; row < g.rows; row += 1)
          for (let col = 0; col < g.cols; col += 1)
            out.push({
              key: `r${row}c${col}`,
              x: col * (g.screen_w + (g.bezel_x || 0)),
              y: row * (g.screen_h + (g.bezel_y || 0)),
              w: g.screen_w,
              h: g.screen_h,
            });
        return out;
      })();
  if (!screens?.length || screens.some((s) => !(s.w > 0 && s.h > 0))) return null;
  return { screens };
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
        ? `${wallNames.get(s.wall_id)} · ${placeLabel(s.position)}`
        : t.waiting;
    const seen = h?.last_seen_ms ? ago(now - h.last_seen_ms) : t.never;
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
    ...(wall
      ? wall.geometry.screens.map((s) => el("option", { value: s.key, text: placeLabel(s.key) }))
      : []),
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
for (const id of ["wf-distance", "wf-pitch", "wf-rows", "wf-cols", "wf-w", "wf-h", "wf-free"])
  $(id).addEventListener("input", updateGlyphHint);
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
