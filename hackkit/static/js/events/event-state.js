// How the event's own updates (agenda, challenges, announcements) change a page's snapshot
// state; every page that shows them applies them the same way.
import { upsert } from "../core/live.js";

/** Apply one revisioned update; false when the type is not one of the event's own. */
export function applyEventUpdate(state, type, data) {
  switch (type) {
    case "event.updated":
      state.event = data;
      break;
    case "agenda.updated":
      state.agenda = data;
      break;
    case "challenge.updated":
      state.challenges = upsert(state.challenges || [], data).sort(
        (a, b) => a.position - b.position || a.id - b.id,
      );
      break;
    case "challenge.removed":
      state.challenges = (state.challenges || []).filter((c) => c.id !== data.id);
      break;
    case "announcement.posted":
      state.announcements = [
        data,
        ...(state.announcements || []).filter((a) => a.id !== data.id),
      ].slice(0, 20);
      break;
    default:
      return false;
  }
  return true;
}
