// Countdowns drawn from stored timestamps and the server clock: no tick messages, so every
// screen shows the same second and a restart of the server changes nothing.

export function remainingMs(phase, serverNow) {
  if (!phase) return null;
  if (phase.status === "running" && phase.ends_at_ms != null) return phase.ends_at_ms - serverNow;
  if (phase.status === "paused" && phase.remaining_ms != null) return phase.remaining_ms;
  if (phase.status === "pending") return phase.duration_s * 1000;
  return 0;
}

export function formatRemaining(ms) {
  if (ms == null) return "--:--";
  const over = ms < 0;
  // Round up: "0:01" is shown until the very last millisecond, then "0:00".
  let s = Math.ceil(Math.abs(ms) / 1000);
  if (over) s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  const text = h ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
  return over ? `+${text}` : text;
}

export function currentPhase(agenda) {
  if (!agenda) return null;
  return agenda.phases.find((p) => p.id === agenda.current_id) || null;
}

/** The first pending phase after the current one: a phase skipped by starting a later one
 * directly stays pending, but it is not what comes next. */
export function nextPhase(agenda) {
  if (!agenda) return null;
  const at = agenda.phases.findIndex((p) => p.id === agenda.current_id);
  return agenda.phases.slice(at + 1).find((p) => p.status === "pending") || null;
}

// Redraw a few times a second; cheap (one text node) and robust to tab throttling.
export function runCountdown(getPhase, live, draw) {
  const frame = () => {
    const phase = getPhase();
    const ms = remainingMs(phase, live.serverNow());
    draw(phase, ms, formatRemaining(ms));
  };
  frame();
  return setInterval(frame, 200);
}
