// The live connection every page shares: Socket.IO with a token, the server clock, and the
// revision/snapshot discipline (apply rev+1, resync on any gap or reconnect).
import { io } from "/vendor/socket.io.esm.min.js";
import { ServerClock } from "./clock.js";

export function readBoot() {
  const el = document.getElementById("boot");
  return el ? JSON.parse(el.textContent) : {};
}

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

// Shared reducers: every page keeps the snapshot's state and applies updates the same way.
export function applyUpdate(state, type, data) {
  switch (type) {
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

export function upsert(list, item) {
  const i = list.findIndex((x) => x.id === item.id);
  if (i === -1) return [...list, item];
  const copy = list.slice();
  copy[i] = item;
  return copy;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}
