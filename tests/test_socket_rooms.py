"""The indexed client manager keeps exactly the rooms the stock one keeps, without scanning."""

from __future__ import annotations

import socketio
from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.socket_rooms import LocalManager

NS = "/"
SIDS = [f"s{i}" for i in range(6)]
ROOMS = ["ev:1", "ev:1:participant", "person:p:1", "slice:3"]

step = st.one_of(
    st.tuples(st.just("connect"), st.sampled_from(SIDS)),
    st.tuples(st.just("enter"), st.sampled_from(SIDS), st.sampled_from(ROOMS)),
    st.tuples(st.just("leave"), st.sampled_from(SIDS), st.sampled_from(ROOMS)),
    st.tuples(st.just("close_room"), st.sampled_from(ROOMS)),
    st.tuples(st.just("disconnect"), st.sampled_from(SIDS)),
)


def apply(manager: socketio.Manager, steps: list[tuple]) -> None:
    connected: set[str] = set()
    for kind, *args in steps:
        if kind == "connect" and args[0] not in connected:
            connected.add(args[0])
            manager.basic_enter_room(args[0], NS, None, eio_sid=f"e-{args[0]}")
            manager.basic_enter_room(args[0], NS, args[0], eio_sid=f"e-{args[0]}")
        elif kind == "enter" and args[0] in connected:
            manager.basic_enter_room(args[0], NS, args[1])
        elif kind == "leave":
            manager.basic_leave_room(args[0], NS, args[1])
        elif kind == "close_room":
            manager.basic_close_room(args[0], NS)
        elif kind == "disconnect" and args[0] in connected:
            connected.discard(args[0])
            manager.basic_disconnect(args[0], NS)


def snapshot(manager: socketio.Manager) -> dict:
    return {
        ns: {room: dict(members) for room, members in rooms.items()}
        for ns, rooms in manager.rooms.items()
    }


@settings(max_examples=300, deadline=None)
@given(st.lists(step, max_size=40))
def test_rooms_match_the_stock_manager_after_any_sequence(steps):
    stock, indexed = socketio.Manager(), LocalManager()
    apply(stock, steps)
    apply(indexed, steps)
    assert snapshot(indexed) == snapshot(stock)
    for sid in SIDS:
        assert sorted(map(str, indexed.get_rooms(sid, NS))) == sorted(
            map(str, stock.get_rooms(sid, NS))
        )


class NoScan(dict):
    """A namespace's rooms that refuse to be walked: a disconnect must not visit them all."""

    def copy(self):
        raise AssertionError("the whole namespace was scanned")

    def items(self):
        raise AssertionError("the whole namespace was scanned")


def test_a_disconnect_visits_only_the_rooms_of_that_connection():
    manager = LocalManager()
    for i in range(2000):
        sid = f"s{i}"
        manager.basic_enter_room(sid, NS, None, eio_sid=f"e{i}")
        manager.basic_enter_room(sid, NS, sid, eio_sid=f"e{i}")
        manager.basic_enter_room(sid, NS, "ev:1")
    manager.rooms[NS] = NoScan(manager.rooms[NS])
    for i in range(2000):
        manager.basic_disconnect(f"s{i}", NS)
    assert NS not in manager.rooms  # everyone left, and every room with them
    assert manager.rooms_of == {}
