// The live connection every page shares: Socket.IO with a token, the server clock, and the
// revision/snapshot discipline (apply rev+1, resync on any gap or reconnect). Pages start it
// through core/page.js.
import { io } from "/vendor/socket.io.esm.min.js";
import { ServerClock } from "./clock.js";

export class ActionError extends Error {
  constructor(error) {
    super(error?.message || "Something went wrong.");
    this.code = error?.code || "unknown";
    this.details = error || {};
  }
}

// A phone keeps the last state it was shown (the snapshot and the updates since), so a reload on
// a network that will not carry the socket at once shows that, marked as not live, instead of an
// empty page. Bounded: past KEEP_UPDATES updates the copy is dropped until the next snapshot.
const KEEP_UPDATES = 300;

export class Live {
  constructor({ token, eventId, keepAs, onSnapshot, onUpdate, onView, onStatus, onRevoked }) {
    this.token = token;
    this.eventId = eventId;
    this.keepAs = keepAs ? `hackkit:last:${keepAs}` : null;
    this.kept = null;
    this.rev = -1;
    this.syncing = null;
    this.buffer = [];
    this.handlers = { onSnapshot, onUpdate, onView, onStatus, onRevoked };
    this.clock = new ServerClock((t0) => this.#ping(t0), { samples: 8, intervalMs: 60000 });
  }

  start() {
    this.#restore();
    this.socket = io({
      auth: { token: this.token, event_id: this.eventId },
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnectionDelayMax: 5000,
    });
    this.socket.on("connect", () => {
      this.#status("online");
      this.sync();
      this.clock
        .sync()
        .then(() => this.clock.start())
        .catch(() => {});
    });
    this.socket.on("disconnect", () => this.#status("offline"));
    this.socket.on("connect_error", (err) => {
      this.#status("offline");
      const data = err?.data;
      if (data && data.code === "unauthorised") {
        this.socket.disconnect();
        this.#forget();
        this.handlers.onRevoked?.(data);
      }
    });
    this.socket.on("session.revoked", (data) => {
      this.socket.disconnect();
      this.#forget();
      this.handlers.onRevoked?.(data);
    });
    this.socket.on("update", (msg) => this.#onUpdate(msg));
    this.socket.on("view", (msg) => this.handlers.onView?.(msg.type, msg.data, msg));
    return this;
  }

  serverNow() {
    return this.clock.now();
  }

  call(name, payload = {}) {
    return new Promise((resolve, reject) => {
      if (!this.socket?.connected) {
        reject(new ActionError({ code: "offline", message: "Not connected; retrying…" }));
        return;
      }
      this.socket.timeout(10000).emit(name, payload, (err, reply) => {
        if (err)
          reject(
            new ActionError({ code: "timeout", message: "The server did not answer in time." }),
          );
        else if (reply?.ok) resolve(reply.data);
        else reject(new ActionError(reply?.error));
      });
    });
  }

  async sync() {
    if (this.syncing) return this.syncing;
    this.buffer = [];
    this.syncing = (async () => {
      try {
        const snap = await this.call("sync", { since: this.rev >= 0 ? this.rev : null });
        this.rev = snap.rev;
        this.handlers.onSnapshot?.(snap.state, snap);
        // The page now shows the server's state: what "interactive" means for a phone page.
        document.body.dataset.synced = "1";
        delete document.body.dataset.restored;
        this.#keep({ snap, updates: [] });
        const pending = this.buffer.sort((a, b) => a.rev - b.rev);
        this.buffer = [];
        this.syncing = null;
        for (const msg of pending) this.#onUpdate(msg);
      } catch {
        this.syncing = null;
        setTimeout(() => this.socket?.connected && this.sync(), 1000);
      }
    })();
    return this.syncing;
  }

  #onUpdate(msg) {
    if (this.syncing) {
      this.buffer.push(msg);
      return;
    }
    if (msg.rev <= this.rev) return; // already in the snapshot
    if (msg.rev !== this.rev + 1) {
      this.sync(); // a gap: something was missed, so take the whole state again
      return;
    }
    this.rev = msg.rev;
    this.handlers.onUpdate?.(msg.type, msg.data, msg);
    if (this.kept) {
      this.kept.updates.push(msg);
      this.#keep(this.kept.updates.length > KEEP_UPDATES ? null : this.kept);
    }
  }

  #forget() {
    this.kept = null;
    if (this.keepAs) localStorage.removeItem(this.keepAs);
  }

  #restore() {
    if (!this.keepAs) return;
    let kept = null;
    try {
      kept = JSON.parse(localStorage.getItem(this.keepAs) || "null");
    } catch {
      return;
    }
    if (!kept?.snap) return;
    // Drawn at once, then replaced by the live snapshot when the socket connects; the revision
    // stays unknown so that sync asks for the whole state.
    document.body.dataset.restored = "1";
    this.handlers.onSnapshot?.(kept.snap.state, { ...kept.snap, restored: true });
    for (const msg of kept.updates)
      this.handlers.onUpdate?.(msg.type, msg.data, { ...msg, restored: true });
  }

  #keep(kept) {
    if (!this.keepAs) return;
    this.kept = kept;
    // Written at most once a second: a busy phase sends several updates a second.
    if (this.keepTimer) return;
    this.keepTimer = setTimeout(() => {
      this.keepTimer = null;
      try {
        if (this.kept) localStorage.setItem(this.keepAs, JSON.stringify(this.kept));
        else localStorage.removeItem(this.keepAs);
      } catch {
        // storage full or refused (private mode): the phone simply keeps nothing
      }
    }, 1000);
  }

  #ping(t0) {
    return new Promise((resolve, reject) => {
      this.socket
        .timeout(5000)
        .emit("clock", { t0 }, (err, reply) => (err ? reject(err) : resolve(reply)));
    });
  }

  #status(state) {
    document.body.dataset.connection = state;
    this.handlers.onStatus?.(state);
  }
}

/** The list with item in place of the entry with its id, or added at the end: every message
 * carries a whole object, so applying one again changes nothing. */
export function upsert(list, item) {
  const i = list.findIndex((x) => x.id === item.id);
  if (i === -1) return [...list, item];
  const copy = list.slice();
  copy[i] = item;
  return copy;
}
