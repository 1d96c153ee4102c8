// The help queue's rules as the phones need them: the JavaScript twin of hackkit/mentors/
// routing.py (same rules, same results; tests/mentors/test_routing_js.py keeps them in step).

/** Whether a request is offered to this mentor at nowMs (computed from its timestamps). */
export function offeredTo(request, mentor, nowMs) {
  if (request.status !== "open" || nowMs >= request.expires_ms) return false;
  if (nowMs >= request.open_to_all_ms) return true;
  return request.first_circle.includes(mentor.id);
}

/** The queue's summary open list is [[id, urgency, created_ms, expires_ms], …], in order. */
export function queuePosition(summary, requestId, nowMs) {
  const open = (summary?.open || []).filter((row) => nowMs < row[3]);
  const index = open.findIndex((row) => row[0] === requestId);
  return index < 0 ? null : index + 1;
}

/** How long the team at position can expect to wait (routing.estimated_wait_ms). */
export function estimatedWaitMs(position, recentServiceMs, activeMentors) {
  if (!position || position < 1 || !recentServiceMs?.length || activeMentors < 1) return null;
  const sorted = [...recentServiceMs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const typical = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return Math.trunc(typical * Math.ceil(position / activeMentors));
}

/** "about 4 min", "under a minute". */
export function minutesText(ms) {
  if (ms == null) return "";
  if (ms < 60_000) return "under a minute";
  return `about ${Math.round(ms / 60_000)} min`;
}

export const URGENCY = ["Low", "Normal", "Blocked"];

/** Where the team is, as a mentor reads it. */
export function whereText(request) {
  if (request.location_kind === "online") return "Online call";
  const kind = request.location_kind === "table" ? "Table" : "Room";
  return `${kind} ${request.location}`;
}
