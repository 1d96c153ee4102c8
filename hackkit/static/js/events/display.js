// A wall screen: one browser showing the display link. It registers itself (a number people can
// read off it, kept with a secret in local storage), waits to be placed, then draws its viewport
// of the wall canvas. Mode switches land at the scheduled server instant, page flips follow the
// shared epoch, and a reload returns to the same place from the stored identity.
// With no wall set up, the screen is a wall of its own: one TV, no setup.

import { currentPhase } from "../core/countdown.js";
import { $, readJson } from "../core/dom.js";
import { upsert } from "../core/live.js";
import { boot, startPage } from "../core/page.js";
import { withPost } from "../teams/team-state.js";
import { applyViewport, fitScale, viewportOf } from "../wall/geometry.js";
import { canvasOf } from "../wall/layout.js";
import { helpFigures } from "../wall/modes.js";
import { WallRenderer } from "../wall/render.js";
import { atServerTime, PageClock, recordApplied } from "../wall/sync.js";
import { applyEventUpdate } from "./event-state.js";

const text = readJson("wall-text");
const params = new URLSearchParams(location.search);
const preview = params.get("preview") === "1";
let urlWall = Number(params.get("wall")) || null;
let urlAt = params.get("at") || null;
const STORE = `hackkit.screen.${boot.eventId}`;
const REPORT_EVERY_MS = 15000;
const NOTICE_MS = 20000;

let state = {};
let me = loadIdentity();
let helloDone = false;
let removed = null; // why this screen stopped: "screen" (taken off) or "link" (link revoked)
const applied = new Map(); // wall id -> the wall as this screen shows it now
const pendingSwitches = new Map(); // wall id -> cancel function of a scheduled switch
let drawn = null; // {kind, wallId, key, mode}
let renderQueued = false;

const canvasEl = $("wall-canvas");
const renderer = new WallRenderer(canvasEl, text, {
  code: boot.code,
  joinUrl: boot.joinUrl,
  qrUrl: text.qrUrl,
});

function loadIdentity() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE) || "null");
    return saved && Number.isInteger(saved.id) && typeof saved.secret === "string" ? saved : null;
  } catch {
    return null; // storage disabled (a kiosk profile): the screen registers anew on each load
  }
}

function saveIdentity(value) {
  me = value;
  try {
    if (value) localStorage.setItem(STORE, JSON.stringify(value));
    else localStorage.removeItem(STORE);
  } catch {
    /* see loadIdentity */
  }
}

function myScreen() {
  return me ? (state.wall_screens || []).find((s) => s.id === me.id) || null : null;
}

/** Server time as this screen should act on it: its clock estimate plus its display latency. */
function now() {
  return live.serverNow() + (myScreen()?.latency_ms || 0);
}

function soloWall() {
  // No wall set up: this window is the whole wall, in the mode the agenda phase asks for.
  const w = Math.max(1, window.innerWidth);
  const h = Math.max(1, window.innerHeight);
  const glyph = Math.max(18, Math.round(Math.min(h, w * 0.6) / 24));
  const phase = currentPhase(state.agenda);
  const mode = phase && phase.wall_mode !== "identify" ? phase.wall_mode : "join";
  return {
    id: 0,
    name: "",
    geometry: { screens: [{ key: "solo", x: 0, y: 0, w, h }] },
    glyph_px: glyph,
    banner_px: Math.round(glyph * 1.8),
    dwell_ms: 12000,
    epoch_ms: 0,
    mode,
    ballot_id: null,
    message_html: "",
  };
}

function resolveView() {
  if (removed) return { kind: "removed" };
  if (preview) {
    const wall = applied.get(urlWall);
    return wall && viewportOf(wall.geometry, urlAt)
      ? { kind: "wall", wall, key: urlAt }
      : { kind: "loading" };
  }
  if (!(state.walls || []).length) return { kind: "solo", wall: soloWall(), key: "solo" };
  const screen = myScreen();
  const wall = screen?.wall_id ? applied.get(screen.wall_id) : null;
  if (!wall || !viewportOf(wall.geometry, screen.position)) return { kind: "waiting", screen };
  return { kind: "wall", wall, key: screen.position, screen };
}

// --- drawing -----------------------------------------------------------------------------
const pageClock = new PageClock(
  now,
  () => renderer.paging,
  (page, at, target) => {
    recordApplied("flip", { page, target }, at); // first: `local` is when applying began
    renderer.showPage(page);
  },
);

function render() {
  renderQueued = false;
  const started = performance.now();
  const view = resolveView();
  document.body.dataset.view = view.kind;
  const overlay = $("wall-overlay");
  if (view.kind !== "wall" && view.kind !== "solo") {
    pageClock.stop();
    canvasEl.replaceChildren();
    drawn = { kind: view.kind };
    $("help-badge").hidden = true;
    overlay.hidden = false;
    drawOverlay(view);
    return;
  }
  overlay.hidden = true;
  const { wall, key } = view;
  const viewport = viewportOf(wall.geometry, key);
  applyViewport(canvasEl, viewport, {
    scale: fitScale(viewport, window.innerWidth, window.innerHeight),
    canvas: canvasOf(wall.geometry),
  });
  renderer.render({
    wall,
    key,
    state,
    screen: view.screen,
    screens: state.wall_screens,
    now: now(),
  });
  renderer.showPage(pageClock.restart());
  const ms = Math.round((performance.now() - started) * 10) / 10; // how long drawing took here
  recordApplied("render", { mode: wall.mode, ideas: (state.ideas || []).length, ms }, now());
  Object.assign(document.body.dataset, { wall: String(wall.id), position: key, mode: wall.mode });
  drawn = { kind: view.kind, wallId: wall.id, key, mode: wall.mode };
  drawHelpBadge();
  if (preview) markReady();
}

function queueRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(render); // the first animation frame after the change
}

function drawOverlay(view) {
  const number = view.screen?.number ?? (me ? "…" : "");
  $("overlay-number").textContent = view.kind === "waiting" ? String(number) : "";
  $("overlay-eyebrow").textContent = view.kind === "waiting" ? text.screen : "";
  $("overlay-event").textContent = state.event?.name || "";
  const message = {
    waiting: text.waiting,
    removed: removed === "screen" ? text.removed : text.linkRevoked,
    loading: text.loading,
  }[view.kind];
  $("overlay-text").textContent = message || "";
}

async function markReady() {
  // The preview screenshot waits for images (the QR code) to be decoded.
  await Promise.all(
    [...canvasEl.querySelectorAll("img")].map((img) => img.decode().catch(() => {})),
  );
  document.body.dataset.ready = "true";
}

// --- wall state and scheduled switches ----------------------------------------------------
function takeWall(wall, { fresh = false } = {}) {
  pendingSwitches.get(wall.id)?.();
  pendingSwitches.delete(wall.id);
  if (wall.apply_at_ms <= now()) {
    applied.set(wall.id, wall);
    return;
  }
  // Keep showing what was there until the switch instant, then apply it at that instant.
  if (fresh || !applied.has(wall.id)) applied.set(wall.id, { ...wall, mode: wall.previous_mode });
  scheduleSwitch(wall);
}

function scheduleSwitch(wall) {
  const cancel = atServerTime(now, wall.apply_at_ms, (at) => {
    pendingSwitches.delete(wall.id);
    applied.set(wall.id, wall);
    if (drawn?.wallId === wall.id || preview) {
      recordApplied("mode", { mode: wall.mode, wall: wall.id, target: wall.apply_at_ms }, at);
      render(); // synchronously, at the instant: the next refresh shows it
    }
  });
  pendingSwitches.set(wall.id, cancel);
}

function rescheduleAfterClockSync() {
  // A new offset moves every scheduled instant on this screen's clock.
  const waiting = [...pendingSwitches.keys()];
  for (const id of waiting) {
    const wall = (state.walls || []).find((w) => w.id === id);
    if (wall) takeWall(wall);
  }
  if (waiting.length)
    queueRender(); // a switch may now be due at once
  else if (drawn?.kind === "wall" || drawn?.kind === "solo") renderer.showPage(pageClock.restart());
}

function onSnapshot(snapshot) {
  state = snapshot;
  for (const [id, cancel] of pendingSwitches) {
    cancel();
    pendingSwitches.delete(id);
  }
  applied.clear();
  for (const wall of state.walls || []) takeWall(wall, { fresh: true });
  if (me && !myScreen() && helloDone && !preview) hello(); // removed while we were away
  queueRender();
}

function dropById(key, id) {
  state[key] = (state[key] || []).filter((item) => item.id !== id);
}

function onUpdate(type, data) {
  const mode = drawn?.mode;
  switch (type) {
    case "wall.updated":
      state.walls = upsert(state.walls || [], data);
      takeWall(data);
      return queueRender();
    case "wall.removed":
      dropById("walls", data.id);
      applied.delete(data.id);
      return queueRender();
    case "wall.screen.updated":
      state.wall_screens = upsert(state.wall_screens || [], data);
      return queueRender();
    case "wall.screen.removed":
      dropById("wall_screens", data.id);
      if (me?.id === data.id) return stopScreen("screen");
      return queueRender();
    case "idea.updated":
      if (data.hidden) dropById("ideas", data.id);
      else state.ideas = upsert(state.ideas || [], data).sort((a, b) => a.id - b.id);
      return mode === "ideas" && queueRender();
    case "idea.removed":
      dropById("ideas", data.id);
      return mode === "ideas" && queueRender();
    case "team.updated":
      state.teams = upsert(state.teams || [], data);
      return (mode === "teams" || mode === "progress") && queueRender(); // posts show its name
    case "team.removed":
      dropById("teams", data.id);
      return (mode === "teams" || mode === "progress") && queueRender();
    case "progress.posted":
      state.progress = withPost(state.progress, data);
      return mode === "progress" && queueRender();
    case "survey.updated":
      state.surveys = upsert(state.surveys || [], data);
      return mode === "survey" && queueRender();
    case "survey.removed":
      dropById("surveys", data.id);
      return mode === "survey" && queueRender();
    case "ballot.updated":
      state.ballots = upsert(state.ballots || [], data);
      return mode === "results" && queueRender();
    case "ballot.removed":
      dropById("ballots", data.id);
      return mode === "results" && queueRender();
    case "ballot.revealed":
      // The final result lands on every screen at the instant the server chose.
      return atServerTime(now, data.apply_at_ms ?? 0, () => {
        takeResult(data.result);
        if (drawn?.mode === "results") render();
      });
    case "announcement.posted":
      applyEventUpdate(state, type, data);
      if (mode === "announcement") return queueRender();
      return renderer.showNotice(data.html, now() + NOTICE_MS);
    default:
      if (applyEventUpdate(state, type, data)) queueRender();
  }
}

function takeResult(result) {
  if (!result || result.ballot_id == null) return;
  const key = String(result.ballot_id);
  state.ballot_results ||= {};
  const known = state.ballot_results[key];
  if (known && known.at_ms > result.at_ms) return; // a newer figure is already here
  state.ballot_results[key] = result;
}

function onView(type, data) {
  if (type === "stats") {
    state.stats = data;
    const count = $("joined-count");
    if (count) count.textContent = data.participants ?? 0;
    if (drawn?.mode === "teams") queueRender();
  } else if (type === "ballot.tally") {
    takeResult(data);
    if (drawn?.mode === "results") queueRender();
  } else if (type === "survey.live") {
    state.survey_results ||= {};
    const known = state.survey_results[String(data.survey_id)];
    if (known && known.at_ms > data.at_ms) return; // a newer figure is already here
    state.survey_results[String(data.survey_id)] = data;
    if (drawn?.mode === "survey") queueRender();
  } else if (type === "help.queue") {
    state.help_queue = data;
    if (drawn?.mode === "help") queueRender();
    else drawHelpBadge();
  }
}

// A small corner badge on every mode but help itself, on the screen at the wall's top right
// corner only, while teams are waiting for a mentor.
function drawHelpBadge() {
  const badge = $("help-badge");
  const view = drawn?.kind === "wall" || drawn?.kind === "solo" ? drawn : null;
  const wall = view ? applied.get(view.wallId) || soloWall() : null;
  const { waiting } = helpFigures(state, text);
  let corner = false;
  if (wall && view.mode !== "help" && view.mode !== "identify") {
    const canvas = canvasOf(wall.geometry);
    const me = wall.geometry.screens.find((s) => s.key === view.key);
    corner = Boolean(me) && me.y === 0 && me.x + me.w >= canvas.w;
  }
  badge.hidden = !(corner && waiting > 0);
  badge.textContent = text.helpBadge.replace("{n}", waiting);
}

function stopScreen(reason) {
  removed = reason;
  if (reason === "screen") saveIdentity(null);
  for (const cancel of pendingSwitches.values()) cancel();
  pendingSwitches.clear();
  render();
}

// --- identity and health ------------------------------------------------------------------
async function hello() {
  if (preview || removed) return;
  try {
    const reply = await live.call("wall.screen.hello", {
      screen_id: me?.id ?? null,
      secret: me?.secret ?? null,
      wall_id: urlAt ? urlWall : null,
      at: urlWall ? urlAt : null,
      viewport_w: window.innerWidth,
      viewport_h: window.innerHeight,
      user_agent: navigator.userAgent.slice(0, 400),
    });
    saveIdentity({ id: reply.screen.id, secret: reply.secret });
    state.wall_screens = upsert(state.wall_screens || [], reply.screen);
    helloDone = true;
    queueRender();
    report();
  } catch (err) {
    if (["unknown_position", "not_found"].includes(err.code) && urlWall) {
      urlWall = urlAt = null; // a stale URL position: register anyway and wait to be placed
      return hello();
    }
    setTimeout(() => live.socket?.connected && hello(), 2000);
  }
}

function report() {
  const clock = live.clock;
  if (!helloDone || preview || removed || !clock.synced || !live.socket?.connected) return;
  live
    .call("wall.screen.report", {
      offset_ms: clock.offsetMs,
      rtt_ms: Math.max(0, clock.rttMs),
      viewport_w: window.innerWidth,
      viewport_h: window.innerHeight,
    })
    .catch(() => {});
}

const live = startPage({
  onSnapshot,
  onUpdate,
  onView,
  onRevoked: (data) => stopScreen(data?.reason === "screen_removed" ? "screen" : "link"),
});

live.socket.on("connect", hello);
live.clock.onSync = () => {
  rescheduleAfterClockSync();
  report();
};
setInterval(report, REPORT_EVERY_MS);
setInterval(() => renderer.tick(now()), 200);
window.addEventListener("resize", queueRender);
