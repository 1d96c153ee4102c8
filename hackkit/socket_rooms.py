"""Socket.IO client managers that know which rooms each connection is in.

python-socketio finds a disconnecting client's rooms by scanning every room of the namespace,
and every connection has a room of its own, so one disconnect costs O(connections) and a
crowd leaving at once (the venue Wi-Fi dropping, or the server shutting down) costs
O(connections²). Measured here with 5,000 phones: the server was still busy with their
disconnects a minute after SIGTERM. With the index below a disconnect costs only the rooms
that client is in (a handful), and the same 5,000 leave in well under a second.

The mixin overrides python-socketio's ``basic_*`` room methods, its internals rather than its
public API; ``tests/test_socket_rooms.py`` checks that the rooms it keeps are exactly the ones
the stock manager keeps, so an upgrade that changes them fails a test instead of a venue.
"""

from __future__ import annotations

from typing import Any

import socketio

RoomsOf = dict[tuple[str, str], dict[Any, None]]  # (namespace, sid) -> its rooms, in join order


class IndexedRooms:
    """Mixin for a python-socketio manager: keeps each connection's rooms beside ``rooms``."""

    rooms: dict[str, dict[Any, Any]]
    callbacks: dict[str, Any]
    pending_connect: dict[str, list[str]]
    pending_disconnect: dict[str, list[str]]

    @property
    def rooms_of(self) -> RoomsOf:
        # Made on first use: the managers' constructors differ (Redis takes a URL, ...).
        index = self.__dict__.get("_rooms_of")
        if index is None:
            index = self.__dict__["_rooms_of"] = {}
        return index

    def basic_enter_room(self, sid: str, namespace: str, room: Any, eio_sid: Any = None) -> None:
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)  # type: ignore[misc]
        self.rooms_of.setdefault((namespace, sid), {})[room] = None

    def basic_leave_room(self, sid: str, namespace: str, room: Any) -> None:
        super().basic_leave_room(sid, namespace, room)  # type: ignore[misc]
        joined = self.rooms_of.get((namespace, sid))
        if joined is not None:
            joined.pop(room, None)
            if not joined:
                del self.rooms_of[(namespace, sid)]

    def basic_disconnect(self, sid: str, namespace: str, **_kwargs: Any) -> None:
        """What the stock ``basic_disconnect`` does, visiting only this client's rooms."""
        if namespace not in self.rooms:
            return
        for room in list(self.rooms_of.get((namespace, sid), ())):
            self.basic_leave_room(sid, namespace, room)
        self.rooms_of.pop((namespace, sid), None)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            waiting = pending.get(namespace)
            if waiting and sid in waiting:
                waiting.remove(sid)
                if not waiting:
                    del pending[namespace]

    def get_rooms(self, sid: str, namespace: str) -> list[Any]:
        """The rooms a client is in (its own sid room included, as upstream)."""
        return [room for room in self.rooms_of.get((namespace, sid), ()) if room is not None]


class LocalManager(IndexedRooms, socketio.Manager):
    """One process: rooms in memory."""


class RedisManager(IndexedRooms, socketio.RedisManager):
    """Several processes sharing a Redis message queue."""


def client_manager(message_queue: str | None, channel: str) -> socketio.Manager:
    """The manager for this server: Redis-backed when a message queue is configured."""
    if message_queue:
        return RedisManager(message_queue, channel=channel, write_only=False)
    return LocalManager()
