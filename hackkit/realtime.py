"""The one door to Socket.IO: rooms, commit-then-tell, revisions, snapshots, coalesced views.

* Services call :func:`publish` (a state change: bumps the event's revision in the same
  transaction) or :func:`push` (a message to some room, no revision). Both only queue: the
  messages go out from the session's ``after_commit`` hook and are dropped on rollback, so nobody
  is told anything the database does not hold.
* Figures recomputed all the time (participant counts, tallies) go through :class:`Coalescer`:
  changes mark a key dirty and one ticker emits each dirty key at most once per tick.
* A client that reconnects or sees a gap in revisions calls ``sync`` and gets a snapshot built
  from the registered snapshot parts, for its own role.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache
from flask import Flask, current_app, request
from flask_socketio import ConnectionRefusedError, join_room
from sqlalchemy import event as sa_event
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hackkit.access import check_event_access
from hackkit.admission import storm_gate
from hackkit.auth import Principal, resolve
from hackkit.coalesce import (
    Coalescer,
    Routed,
    after_commit_mark,
    apply_marks,
    coalescer,
    drop_marks,
    live_view,
    mark_view,
)
from hackkit.errors import ServiceError
from hackkit.events.models import Event
from hackkit.extensions import db, socketio
from hackkit.ratelimit import TokenBucket
from hackkit.seclog import security_event

log = logging.getLogger("hackkit.realtime")

OUTBOX = "hackkit_outbox"
SnapshotPart = Callable[[Session, Event, Principal], dict[str, Any]]
_snapshot_parts: list[tuple[SnapshotPart, bool]] = []


def server_ms() -> int:
    """The server clock in milliseconds since the epoch: the one clock every screen follows."""
    return int(time.time() * 1000)


def event_room(event_id: int) -> str:
    """Everyone connected to an event (participants, displays, facilitators)."""
    return f"ev:{event_id}"


def role_room(event_id: int, role: str) -> str:
    """Everyone of one role in an event, e.g. its facilitators."""
    return f"ev:{event_id}:{role}"


# Participants are also spread over slices of their role room. A view pushed to a thousand phones
# at once queues a thousand socket writes in one go, and every vote acknowledged meanwhile waits
# behind them (measured: the once-a-second tally push to phones doubled the ack p99 at 400
# votes/s). Sent slice by slice, with a yield between, acknowledgements interleave.
PHONE_SLICES = 16


def slice_room(event_id: int, role: str, subject_id: int) -> str:
    """The slice of ``role``'s room in an event that one person is in."""
    return f"{role_room(event_id, role)}:{subject_id % PHONE_SLICES}"


def sliced_rooms(event_id: int, role: str) -> list[str]:
    """Every slice of a role room: together, everyone in it, each person once."""
    return [slice_room(event_id, role, n) for n in range(PHONE_SLICES)]


def person_room(role: str, subject_id: int) -> str:
    """Every connection of one person or screen (a phone may have two tabs open)."""
    return f"{role}:{subject_id}"


# --- commit, then tell -------------------------------------------------------------------


def _outbox(session: Session) -> list[tuple[str, Any, str]]:
    return session.info.setdefault(OUTBOX, [])


def bump_revision(session: Session, event_id: int) -> int:
    """Increment the event's revision inside the current transaction and return it.

    The row update also serialises concurrent publishers of one event, so revisions reach
    clients in exactly the order the database committed them.
    """
    stmt = update(Event).where(Event.id == event_id).values(rev=Event.rev + 1).returning(Event.rev)
    return int(session.execute(stmt).scalar_one())


PUBLISH_ORDER = ("display", "facilitator", "jury", "mentor", "participant")


def publish(session: Session, event_id: int, kind: str, data: Any) -> int:
    """Queue a revisioned state change for everyone in the event; sent after commit."""
    rev = bump_revision(session, event_id)
    payload = {"rev": rev, "type": kind, "data": data}
    # Every connection is in exactly one role room, so sending to each reaches everyone once;
    # the wall's screens go first, so a thousand phones do not delay what the room is watching.
    for role in PUBLISH_ORDER:
        _outbox(session).append(("update", payload, role_room(event_id, role)))
    return rev


def push(session: Session, room: str, kind: str, data: Any) -> None:
    """Queue a message without a revision (a view, or a private notice); sent after commit."""
    _outbox(session).append(("view", {"type": kind, "data": data}, room))


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the current transaction has committed (never on rollback)."""
    session.info.setdefault("hackkit_callbacks", []).append(callback)


def _send_outbox(session: Session) -> None:
    messages = session.info.pop(OUTBOX, None)
    for channel, payload, room in messages or ():
        socketio.emit(channel, payload, to=room)
    for callback in session.info.pop("hackkit_callbacks", None) or ():
        callback()


def _drop_outbox(session: Session) -> None:
    for key in (OUTBOX, "hackkit_callbacks"):
        session.info.pop(key, None)
    drop_marks(session)


def install_session_hooks() -> None:
    """Attach commit/rollback hooks to the process's session factory (idempotent)."""
    factory = db.session.session_factory
    if not sa_event.contains(factory, "after_commit", _send_outbox):
        sa_event.listen(factory, "after_commit", _send_outbox)
        sa_event.listen(factory, "after_rollback", _drop_outbox)


# --- snapshots -----------------------------------------------------------------------------


def snapshot_part(func: SnapshotPart | None = None, *, shared: bool = False):
    """Register a feature's part of the snapshot (what a client of some role may see).

    ``shared=True`` declares that the part depends only on the event, the client's role and the
    event's revision (it changes only through :func:`publish`), so one computation serves every
    client of that role until the next change. A join storm of a thousand phones then costs one
    build of the public state, not a thousand.
    """

    def register(part: SnapshotPart) -> SnapshotPart:
        _snapshot_parts.append((part, shared))
        return part

    return register(func) if func is not None else register


# Only the newest revision per (event, role) is worth keeping: a client syncing now needs the
# current state, and older entries would hold stale copies of every idea. Only the events synced
# lately are kept: each entry is a whole event's public state (~100 KB at 240 people), and a
# server left running through a hundred events held all of them (the 30-minute soak crept
# ~0.06 MB a wave until this was bounded; docs/security.md). An evicted event is rebuilt once.
SHARED_CACHE_ENTRIES = 64  # 16 live events of four roles each
_shared_cache: LRUCache[tuple[int, str, str], tuple[int, dict[str, Any]]] = LRUCache(
    maxsize=SHARED_CACHE_ENTRIES
)
# The build in progress per (event, role). Under PostgreSQL every read yields, so without this
# the eight syncs the storm gate lets in built the same state eight times at once whenever the
# revision had moved on: eight times the work, and eight event-sized heaps of rows at a time,
# which pushed the server's memory high-water mark up as the event grew (docs/security.md).
_building: dict[tuple[int, str, str], Any] = {}
BUILD_WAIT_S = 10.0


def _new_signal() -> Any:
    server = getattr(socketio, "server", None)
    if server is not None:
        return server.eio.create_event()  # cooperative in every async mode
    return threading.Event()


def _shared_state(session: Session, event: Event, principal: Principal, rev: int) -> dict[str, Any]:
    """The role's shared parts, at revision ``rev`` or newer, built once however many ask.

    A newer state is as good as the asked revision: the client applies every later message
    anyway, and each is an idempotent replace (see :func:`build_snapshot`).
    """
    key = (event.id, event.code, principal.role)  # the code tells apart a reused id
    while True:
        cached = _shared_cache.get(key)
        if cached is not None and cached[0] >= rev:
            return cached[1]
        pending = _building.get(key)
        if pending is None:
            break
        # Another sync is building it; its revision may be older than ours, so look again.
        if not pending.wait(BUILD_WAIT_S):
            break  # stuck somewhere: build our own rather than keep the client waiting
    done = _new_signal()
    _building[key] = done
    try:
        state: dict[str, Any] = {}
        for part, shared in _snapshot_parts:
            if shared:
                state.update(part(session, event, principal))
        cached = _shared_cache.get(key)
        if cached is None or cached[0] < rev:
            _shared_cache[key] = (rev, state)
        return state
    finally:
        if _building.get(key) is done:
            del _building[key]
        done.set()


def build_snapshot(session: Session, event_id: int, principal: Principal) -> dict[str, Any]:
    """The full state visible to ``principal``, with the revision it corresponds to.

    The revision is read first: a change committed while the parts are read is then both in the
    snapshot and re-sent with a higher revision, and every message is an idempotent replace,
    so applying it twice is harmless. The opposite order could lose it.
    """
    rev = session.execute(select(Event.rev).where(Event.id == event_id)).scalar_one_or_none()
    if rev is None:
        raise ServiceError("not_found", "This event no longer exists.", status=404)
    event = session.get(Event, event_id)
    state: dict[str, Any] = dict(_shared_state(session, event, principal, rev))
    for part, shared in _snapshot_parts:
        if not shared:
            state.update(part(session, event, principal))
    return {"rev": rev, "server_ms": server_ms(), "state": state}


# --- coalesced views (see hackkit.coalesce) --------------------------------------------------

__all__ = ["Coalescer", "Routed", "after_commit_mark", "coalescer", "live_view", "mark_view"]

# --- connections ---------------------------------------------------------------------------


@dataclass
class Connection:
    """What the server knows about one Socket.IO connection."""

    principal: Principal
    event_id: int
    bucket: TokenBucket


connections: dict[str, Connection] = {}


def connection_of(sid: str) -> Connection:
    """The connection ``sid``, signed in when it connected; refused if it is not."""
    conn = connections.get(sid)
    if conn is None:
        raise ServiceError("not_connected", "This connection is not signed in.", status=401)
    return conn


def rooms_for(principal: Principal, event_id: int) -> list[str]:
    """The rooms a connection joins: the event, its role, and the person; a participant also
    joins its slice of the participants' room (the one role numerous enough to need them)."""
    rooms = [
        event_room(event_id),
        role_room(event_id, principal.role),
        person_room(principal.role, principal.subject_id),
    ]
    if principal.role == "participant":
        rooms.append(slice_room(event_id, principal.role, principal.subject_id))
    return rooms


def authenticate_connection(auth: Any) -> tuple[Principal, int]:
    """Check the connect payload ``{"token": ..., "event_id": ...}``; return principal and event."""
    if not isinstance(auth, dict) or not isinstance(auth.get("token"), str):
        raise ServiceError("unauthorised", "A token is required to connect.", status=401)
    session = db.session()
    principal = resolve(session, auth["token"])
    event_id = principal.event_id
    if event_id is None:  # facilitators name the event they are watching
        event_id = auth.get("event_id")
        if not isinstance(event_id, int) or isinstance(event_id, bool):
            raise ServiceError("invalid_payload", "event_id must be a number.")
    check_event_access(session, principal, event_id, roles=None)
    return principal, event_id


def disconnect_person(role: str, subject_id: int) -> None:
    """Tell a removed person's screens they are out, and close their connections here."""
    socketio.emit("session.revoked", {"role": role}, to=person_room(role, subject_id))
    for sid, conn in list(connections.items()):
        if conn.principal.role == role and conn.principal.subject_id == subject_id:
            socketio.server.disconnect(sid, namespace="/")


def close_all_connections() -> int:
    """Close every connection this process holds, at once (the server is shutting down).

    Each one is aborted without a close packet: the phones see a dropped connection and
    reconnect to whichever server comes up, as after a Wi-Fi drop. Closing them here, before
    the web server waits for its handlers, lets those handlers end at once instead of being
    waited for and then killed one by one. Returns how many were closed.
    """
    sockets = list(socketio.server.eio.sockets.values())
    for sock in sockets:
        sock.close(wait=False, abort=True)
    return len(sockets)


def init_app(app: Flask) -> None:
    """Install the hooks and the connection-level handlers (connect, clock, sync)."""
    install_session_hooks()
    factory = db.session.session_factory
    if not sa_event.contains(factory, "after_commit", apply_marks):
        sa_event.listen(factory, "after_commit", apply_marks)
    settings = app.config["HACKKIT"]
    coalescer.configure(settings.message_queue, settings.queue_channel)

    @socketio.on("connect")
    def on_connect(auth: Any = None) -> bool:
        try:
            with storm_gate.held():
                principal, event_id = authenticate_connection(auth)
        except ServiceError as exc:
            security_event("socket_connect", outcome=exc.code, address=request.remote_addr)
            raise ConnectionRefusedError(exc.to_dict()) from None
        connections[request.sid] = Connection(  # type: ignore[attr-defined]
            principal,
            event_id,
            TokenBucket(settings.socket_events_per_second, settings.socket_event_burst),
        )
        for room in rooms_for(principal, event_id):
            join_room(room)
        coalescer.start(current_app._get_current_object())  # type: ignore[attr-defined]
        return True

    @socketio.on("disconnect")
    def on_disconnect(*_args: Any) -> None:
        connections.pop(request.sid, None)  # type: ignore[attr-defined]

    @socketio.on("clock")
    def on_clock(payload: Any = None) -> dict[str, Any]:
        # NTP-style: t1 on receipt, t2 on reply; the client keeps the lowest-round-trip samples.
        t1 = time.time() * 1000
        t0 = payload.get("t0") if isinstance(payload, dict) else None
        return {
            "t0": t0 if isinstance(t0, int | float) else None,
            "t1": t1,
            "t2": time.time() * 1000,
        }
