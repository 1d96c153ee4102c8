"""Coalesced views: figures recomputed from the database and pushed at most once per tick.

A vote storm marks a ballot dirty a thousand times a second; the ticker recomputes the tally
from the stored ballots and emits it ten times. Views are registered by kind with a producer
``produce(session, arg)`` and a room, so a mark is just the string ``"kind|arg"``.

With several server processes (``HACKKIT_MESSAGE_QUEUE`` set), marks go into a Redis set and
only the process holding the ticker lease (a Redis key renewed every tick) drains it: screens
get one push per tick, not one per process, and when that process dies another takes over
within a few seconds.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import redis
from cachetools import LRUCache
from flask import Flask
from sqlalchemy.orm import Session

from hackkit.extensions import db, socketio

log = logging.getLogger("hackkit.coalesce")

LEASE_MS = 3000


@dataclass(frozen=True)
class Routed:
    """A producer's answer when one view goes to several rooms with different data
    (e.g. the full tally to facilitators, turnout only to everyone else)."""

    messages: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class ViewSpec:
    kind: str
    produce: Callable[[Session, str], Any]
    room: Callable[[str], str] | None
    every_s: float = 0.0  # at most one push per this many seconds (0: every tick)


_views: dict[str, ViewSpec] = {}


def live_view(kind: str, room: Callable[[str], str] | None = None, every_s: float = 0.0):
    """Register ``produce(session, arg)`` as the producer of view ``kind``.

    ``room(arg)`` names the room; a producer returning :class:`Routed` names its own rooms.
    ``every_s`` slows a view that nobody needs ten times a second (a head count).
    """

    def register(produce: Callable[[Session, str], Any]) -> Callable[[Session, str], Any]:
        _views[kind] = ViewSpec(kind, produce, room, every_s)
        return produce

    return register


def _slowed_last(key: str) -> tuple[bool, str]:
    # Views sent every tick (the wall's tallies) go before slowed ones (the phones' once-a-second
    # copy), which yield between their slices and would otherwise hold up the wall.
    spec = _views.get(key.partition("|")[0])
    return (spec is not None and spec.every_s > 0, key)


@dataclass
class _Closure:
    room: str
    kind: str
    produce: Callable[[Session], Any]


@dataclass
class Coalescer:
    """Collects dirty views and pushes each at most once per tick (see module docstring)."""

    interval_s: float = 0.1
    keys: set[str] = field(default_factory=set)
    closures: dict[str, _Closure] = field(default_factory=dict)
    redis: Any = None
    # When each slowed view was last pushed; bounded, since every event and ballot adds keys
    # (an evicted key only lets one push out early).
    last_push: LRUCache[str, float] = field(default_factory=lambda: LRUCache(maxsize=4096))
    me: str = field(default_factory=lambda: uuid.uuid4().hex)
    run: object | None = None  # the running ticker's token (see start)
    done: Any = None  # set when that ticker has ended

    lease_key: str = "hackkit:ticker:lease"
    dirty_key: str = "hackkit:views:dirty"

    def configure(self, message_queue: str, channel: str = "hackkit") -> None:
        """Share marks and the ticker lease through Redis when several processes serve."""
        self.lease_key, self.dirty_key = f"{channel}:ticker:lease", f"{channel}:views:dirty"
        if message_queue.startswith(("redis://", "rediss://", "unix://")):
            self.redis = redis.Redis.from_url(message_queue)
        else:
            self.redis = None

    def mark_key(self, key: str) -> None:
        """Mark ``"kind|arg"`` dirty (shared with the other processes when there are any)."""
        if self.redis is not None:
            try:
                self.redis.sadd(self.dirty_key, key)
                return
            except Exception:  # Redis briefly away: push from here rather than not at all
                log.warning("could not share view mark %s; pushing locally", key)
        self.keys.add(key)

    def mark(self, key: str, room: str, kind: str, produce: Callable[[Session], Any]) -> None:
        """Mark a one-off view (a closure): pushed by this process on its next tick."""
        self.closures[key] = _Closure(room, kind, produce)

    def _is_leader(self) -> bool:
        if self.redis is None:
            return True
        try:
            if self.redis.set(self.lease_key, self.me, nx=True, px=LEASE_MS):
                return True
            if self.redis.get(self.lease_key) == self.me.encode():
                self.redis.pexpire(self.lease_key, LEASE_MS)
                return True
        except Exception:
            log.warning("ticker lease unavailable; pushing local marks only")
        return False

    def _take_keys(self) -> set[str]:
        keys, self.keys = self.keys, set()
        if self.redis is not None and self._is_leader():
            try:
                shared = self.redis.spop(self.dirty_key, 1000) or []
                keys |= {k.decode() if isinstance(k, bytes) else k for k in shared}
            except Exception:
                log.warning("could not read shared view marks")
        return keys

    def flush(self) -> int:
        """Compute and emit every dirty view now; returns how many pushes were sent."""
        closures, self.closures = self.closures, {}
        sent = 0
        now = time.monotonic()
        for key in sorted(self._take_keys(), key=_slowed_last):
            kind, _, arg = key.partition("|")
            spec = _views.get(kind)
            if spec is None:
                log.error("no producer registered for view %s", kind)
                continue
            if spec.every_s and now - self.last_push.get(key, 0.0) < spec.every_s:
                self.keys.add(key)  # not due yet: keep it for a later tick
                continue
            self.last_push[key] = now
            sent += self._push(
                key,
                kind,
                lambda s, spec=spec, arg=arg: spec.produce(s, arg),
                spec.room(arg) if spec.room else None,
            )
        for key, item in closures.items():
            sent += self._push(key, item.kind, item.produce, item.room)
        return sent

    def _push(
        self, key: str, kind: str, produce: Callable[[Session], Any], room: str | None
    ) -> int:
        try:
            with db.snapshot() as session:
                data = produce(session)
        except Exception:  # one failing view must not stop the ticker for everyone else
            log.exception("coalesced view %s failed", key)
            return 0
        finally:
            db.remove()
        # Microseconds of the server clock: increasing across ticks and across processes, so a
        # client keeps the newest even when another process took over the ticker.
        seq = time.time_ns() // 1000
        messages = data.messages if isinstance(data, Routed) else ((room, data),)
        for target, payload in messages:
            if target is not None:
                socketio.emit("view", {"type": kind, "seq": seq, "data": payload}, to=target)
                # Let the socket writes just queued, and handlers waiting to answer, run before
                # the next room's: a view to a thousand phones goes out in slices (realtime.py).
                socketio.sleep(0)
        return len(messages)

    def start(self, app: Flask) -> None:
        """Start the ticker as a background task of the async server (once per process)."""
        if self.run is not None:
            return
        # Each run has its own token: a ticker left over from a stop() that timed out sees
        # a different token and ends instead of pushing alongside the new one.
        run = self.run = object()
        done = self.done = socketio.server.eio.create_event()

        def tick() -> None:
            try:
                due = time.monotonic()
                while self.run is run:
                    # Ticks keep their cadence however long a flush took (a view sent in slices
                    # yields to other work), so a change waits at most one interval for its push.
                    due = max(due + self.interval_s, time.monotonic() + 0.01)
                    socketio.sleep(due - time.monotonic())
                    if self.run is run and (self.keys or self.closures or self.redis is not None):
                        try:
                            with app.app_context():
                                self.flush()
                        except Exception:
                            log.exception("view ticker failed; continuing")
            finally:
                done.set()

        socketio.start_background_task(tick)

    def stop(self, timeout: float = 2.0) -> None:
        """End the ticker (the app is shutting down): it finishes the push it is making.

        Marks not yet pushed are dropped; every view is recomputed from the database when
        a screen connects, so nothing is lost to a client that comes back.
        """
        if self.run is None:
            return
        self.run = None
        if self.done is not None:
            self.done.wait(timeout)
        self.done = None
        self.keys.clear()
        self.closures.clear()
        self.last_push.clear()
        if self.redis is not None:  # hand the lease over now rather than when it expires
            try:
                if self.redis.get(self.lease_key) == self.me.encode():
                    self.redis.delete(self.lease_key)
            except Exception:
                log.warning("could not release the ticker lease; it expires by itself")


coalescer = Coalescer()


def mark_view(session: Session, kind: str, arg: object) -> None:
    """After the current transaction commits, mark view ``kind`` for ``arg`` dirty."""
    session.info.setdefault("hackkit_view_keys", set()).add(f"{kind}|{arg}")


def after_commit_mark(
    session: Session, key: str, room: str, kind: str, produce: Callable[[Session], Any]
) -> None:
    """After commit, mark a one-off view (a closure; pushed by this process only).

    Prefer :func:`mark_view` with a registered producer: it is shared across processes.
    """
    session.info.setdefault("hackkit_marks", []).append((key, room, kind, produce))


def apply_marks(session: Session) -> None:
    """The session's after_commit hook: hand its marks to the coalescer."""
    for key in session.info.pop("hackkit_view_keys", None) or ():
        coalescer.mark_key(key)
    for mark in session.info.pop("hackkit_marks", None) or ():
        coalescer.mark(*mark)


def drop_marks(session: Session) -> None:
    """The session's after_rollback hook: nothing changed, so nothing to push."""
    session.info.pop("hackkit_view_keys", None)
    session.info.pop("hackkit_marks", None)
