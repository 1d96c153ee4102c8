"""Screens against a real server process, over real Socket.IO connections."""

from __future__ import annotations

import queue
import time
from typing import Any

import pytest
import socketio

from hackkit.realtime import server_ms
from hackkit.wall.layout import WallGeometry, max_viewing_distance_m

pytestmark = pytest.mark.server

GRID = {"rows": 1, "cols": 2, "screen_w": 1280, "screen_h": 720, "bezel_x": 24}


class Client:
    """A python-socketio client that keeps every update, view and notice it hears."""

    def __init__(self, url: str, token: str, event_id: int | None = None):
        self.heard: queue.Queue = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        for channel in ("update", "view"):
            self.sio.on(channel, lambda msg, channel=channel: self.heard.put((channel, msg)))
        self.sio.on("session.revoked", lambda msg: self.heard.put(("revoked", msg)))
        auth = {"token": token} | ({"event_id": event_id} if event_id else {})
        self.sio.connect(url, auth=auth, transports=["websocket"], wait_timeout=10)

    def call(self, name: str, payload: dict | None = None) -> Any:
        reply = self.sio.call(name, payload or {}, timeout=10)
        assert reply["ok"], reply
        return reply["data"]

    def next(self, kind: str, timeout: float = 5) -> dict:
        """The next message of this type (an update's or view's "type", or "revoked")."""
        deadline = time.monotonic() + timeout
        while True:
            channel, msg = self.heard.get(timeout=max(0.01, deadline - time.monotonic()))
            if kind == "revoked" and channel == "revoked":
                return msg
            if channel != "revoked" and msg["type"] == kind:
                return msg

    def close(self) -> None:
        self.sio.disconnect()


def test_a_screen_is_placed_hears_switches_reports_health_and_is_removed(server, remote):
    fac = remote.facilitator()
    event = remote.event(fac, "Wall Live")
    base = f"/api/events/{event['id']}"
    key = remote.display_token(event["id"])
    console = Client(server.url, fac, event["id"])
    left, right = Client(server.url, key), Client(server.url, key)
    try:
        first = left.call("wall.screen.hello", {"viewport_w": 1280, "viewport_h": 720})
        assert first["screen"]["number"] == 1 and first["screen"]["position"] is None
        assert right.call("wall.screen.hello")["screen"]["number"] == 2
        wall = remote.ok("POST", base + "/walls", fac, {"name": "Hall", "grid": GRID})
        assert left.next("wall.updated")["data"]["geometry"] == wall["geometry"]

        screen_id = first["screen"]["id"]
        body = {"wall_id": wall["id"], "position": "r0c1"}
        remote.ok("POST", f"{base}/screens/{screen_id}/assign", fac, body)
        placed = left.next("wall.screen.updated")["data"]
        assert (placed["id"], placed["position"]) == (screen_id, "r0c1")

        before = server_ms()
        remote.ok("POST", f"{base}/walls/{wall['id']}/mode", fac, {"mode": "ideas"})
        switch = left.next("wall.updated")
        assert switch["data"]["mode"] == "ideas" and switch["data"]["previous_mode"] == "join"
        assert switch["data"]["apply_at_ms"] >= before + 250  # lands on every screen together
        right.next("wall.updated")  # the wall being created
        assert right.next("wall.updated")["rev"] == switch["rev"]

        report = {"offset_ms": 3.5, "rtt_ms": 1.2, "viewport_w": 1280, "viewport_h": 720}
        assert left.call("wall.screen.report", report)["id"] == screen_id
        mine: dict = {}
        while mine.get("offset_ms") is None:  # earlier pushes (from the hellos) come first
            health = console.next("wall.health")["data"]
            mine = next(h for h in health if h["id"] == screen_id)
        assert mine["offset_ms"] == 3.5 and mine["online"] is True

        # Said hello again after a reload, with its secret: the same screen, in the same place.
        again = Client(server.url, key)
        try:
            back = again.call(
                "wall.screen.hello", {"screen_id": screen_id, "secret": first["secret"]}
            )
            assert back["screen"] == placed
        finally:
            again.close()

        remote.ok("DELETE", f"{base}/screens/{screen_id}", fac)
        assert left.next("revoked")["reason"] == "screen_removed"
        deadline = time.monotonic() + 5
        while left.sio.connected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not left.sio.connected
        assert right.sio.connected  # every display shares one token, but only that screen left
        assert right.next("wall.screen.removed")["data"] == {"id": screen_id}
    finally:
        for client in (console, left, right):
            client.close()


def test_a_report_before_hello_and_walls_from_a_display_are_refused(server, remote):
    fac = remote.facilitator()
    event = remote.event(fac, "Wall Live")
    display = Client(server.url, remote.display_token(event["id"]))
    try:
        reply = display.sio.call("wall.screen.report", {"offset_ms": 0, "rtt_ms": 1}, timeout=10)
        assert reply["error"]["code"] == "hello_first"
        reply = display.sio.call("wall.create", {"name": "Mine", "grid": GRID}, timeout=10)
        assert reply["error"]["code"] == "forbidden"
    finally:
        display.close()


def test_a_wall_too_far_to_read_is_refused_over_socketio_too(server, remote):
    fac = remote.facilitator()
    event = remote.event(fac, "Wall Far")
    console = Client(server.url, fac, event["id"])
    try:
        tv = {"rows": 1, "cols": 1, "screen_w": 1920, "screen_h": 1080}
        beyond = max_viewing_distance_m(WallGeometry.grid(**tv), 0.63) + 0.5
        body = {"name": "TV", "grid": tv, "pixel_pitch_mm": 0.63, "viewing_distance_m": beyond}
        reply = console.sio.call("wall.create", body, timeout=10)
        assert reply["ok"] is False
        assert reply["error"]["code"] == "too_far_to_read"
        assert "furthest this wall can be read from" in reply["error"]["message"]
        assert remote.ok("GET", f"/api/events/{event['id']}/snapshot", fac)["state"]["walls"] == []
    finally:
        console.close()
