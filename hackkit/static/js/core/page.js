// The page kit: what every live page does the same way. It reads the data the template left in
// <script type="application/json" id="boot">, opens the page's one live connection (core/live.js:
// socket, server clock, snapshot and revisions) and calls actions, showing a refusal the one
// way: its message in the page's error box.
import { el, readJson, showError } from "./dom.js";
import { Live } from "./live.js";

/** The page's boot data: token and eventId, and whatever else the view passes. */
export const boot = readJson("boot");

const REMOVED = "You have been removed from this event. Ask the facilitator if this is a mistake.";
let live = null;
let pageErrorBox = null;

/**
 * Open the live connection and return it (a Live: call, sync, serverNow, clock, socket).
 * handlers are Live's: onSnapshot(state, snap), onUpdate(type, data, msg),
 * onView(type, data, msg), onStatus(status), onRevoked(data). errorBox (an element or its
 * id) is where act() shows refusals when it is not given another.
 */
export function startPage({ errorBox = null, ...handlers } = {}) {
  if (live) throw new Error("startPage runs once a page: it opens the page's one connection");
  pageErrorBox = errorBox;
  const { onSnapshot, onUpdate } = handlers;
  live = new Live({
    token: boot.token,
    eventId: boot.eventId,
    // Phones keep their last state for a reload on a weak network; the console and the wall
    // (on the venue's own laptop and screens) do not need to.
    keepAs: boot.me ? `${boot.eventId}:${boot.me.id}:${location.pathname}` : null,
    ...handlers,
    // Every page shows the event's state the same way (its notice box), before its own drawing.
    onSnapshot(state, snap) {
      showEventNotice(state.event);
      onSnapshot?.(state, snap);
    },
    onUpdate(type, data, msg) {
      if (type === "event.updated") showEventNotice(data);
      onUpdate?.(type, data, msg);
    },
  }).start();
  // Installed phones reload from the service worker's copy when the network fails. Browsers
  // allow service workers only on secure pages (HTTPS, or this laptop itself).
  if (boot.me && "serviceWorker" in navigator && window.isSecureContext) keepForOffline();
  return live;
}

async function keepForOffline() {
  try {
    await navigator.serviceWorker.register("/sw.js");
    const worker = (await navigator.serviceWorker.ready).active;
    const assets = document.querySelectorAll(
      'link[rel="modulepreload"], link[rel="stylesheet"], script[type="module"]',
    );
    const keep = [location.pathname, ...[...assets].map((a) => a.href || a.src)];
    worker?.postMessage({ keep });
  } catch {
    // no service worker (refused, or private mode): reloads simply need the network
  }
}

/**
 * Show the event's state notice ("Joining is closed", "This event has ended") in the page's
 * #event-notice box, if it has one, and name the state on <body data-event-status> for styles.
 */
export function showEventNotice(event) {
  if (!event) return;
  document.body.dataset.eventStatus = event.status;
  const box = document.getElementById("event-notice");
  if (!box) return;
  box.textContent = event.notice || "";
  box.hidden = !event.notice;
}

/**
 * Call an action. Resolves to its data and clears the error box, or, when it is refused (or the
 * connection is down), shows the message in the box and resolves to null.
 */
export async function act(name, payload = {}, errorBox = pageErrorBox) {
  try {
    const data = await live.call(name, payload);
    showError(errorBox, null);
    return data;
  } catch (err) {
    showError(errorBox, err);
    return null;
  }
}

/** Replace the whole page with one notice: what a phone shows once its link stops working. */
export function replaceWithNotice(text = REMOVED) {
  document.body.replaceChildren(
    el("main", { class: "content" }, el("p", { class: "card narrow", text })),
  );
}
