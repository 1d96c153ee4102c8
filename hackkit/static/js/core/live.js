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

export class Live {
  constructor({ token, eventId, onSnapshot, onUpdate, onView, onStatus, onRevoked }) {
    this.token = token;
    this.eventId = eventId;
    this.rev = -1;
    this.syncing = null;
    this.buffer = [];
    this.handlers = { onSnapshot, onUpdate, onView, onStatus, onRevoked };
    this.clock = new ServerClock((t0) => this.#ping(t0), { samples: 8, intervalMs: 60000 });
  }

  start() {
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
        this.handlers.onRevoked?.(data);
      }
    });
    this.socket.on("session.revoked", (data) => {
      this.socket.disconnect();
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
