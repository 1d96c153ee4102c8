"""The realtime core against a real server process, with real python-socketio clients."""

from __future__ import annotations

import queue
import time

import pytest
import requests
import socketio

pytestmark = pytest.mark.server


class Phone:
    """A python-socketio client that records every update and view it receives."""

    def __init__(self, url: str, token: str, event_id: int | None = None):
        self.updates: queue.Queue = queue.Queue()
        self.views: queue.Queue = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("update", self.updates.put)
        self.sio.on("view", self.views.put)
        auth = {"token": token}
        if event_id is not None:
            auth["event_id"] = event_id
        self.url, self.auth = url, auth
        self.sio.connect(url, auth=auth, transports=["websocket"], wait_timeout=10)

    def call(self, name: str, payload: dict | None = None) -> dict:
        return self.sio.call(name, payload or {}, timeout=10)

    def next_update(self, kind: str, timeout: float = 5) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            msg = self.updates.get(timeout=max(0.01, deadline - time.monotonic()))
            if msg["type"] == kind:
                return msg

    def next_view(self, kind: str, timeout: float = 5) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            msg = self.views.get(timeout=max(0.01, deadline - time.monotonic()))
            if msg["type"] == kind:
                return msg

    def close(self) -> None:
        self.sio.disconnect()


def http(server, method, path, token=None, body=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = requests.request(method, server.url + path, json=body, headers=headers, timeout=10)
    return response.status_code, response.json()


def test_two_participants_get_the_same_announcement(server, api):
    fac = api.facilitator()
    _, event = http(server, "POST", "/api/events", fac, {"name": "Live"})
    event = event["data"]
    _, a = http(server, "POST", "/api/join", None, {"code": event["code"], "name": "A"})
    _, b = http(server, "POST", "/api/join", None, {"code": event["code"], "name": "B"})
    phone_a, phone_b = Phone(server.url, a["data"]["token"]), Phone(server.url, b["data"]["token"])
    try:
        status, _ = http(
            server,
            "POST",
            f"/api/events/{event['id']}/announcements",
            fac,
            {"body_md": "Pizza **now**"},
        )
        assert status == 200
        got_a, got_b = (
            phone_a.next_update("announcement.posted"),
            phone_b.next_update("announcement.posted"),
        )
        assert got_a == got_b
        assert "<strong>now</strong>" in got_a["data"]["html"]
    finally:
        phone_a.close()
        phone_b.close()


def test_reconnecting_client_gets_a_snapshot_with_the_current_revision(server, api):
    fac = api.facilitator()
    event = http(server, "POST", "/api/events", fac, {"name": "Live"})[1]["data"]
    token = http(server, "POST", "/api/join", None, {"code": event["code"], "name": "A"})[1][
        "data"
    ]["token"]
    phone = Phone(server.url, token)
    first = phone.call("sync")
    assert first["ok"]
    rev = first["data"]["rev"]
    phone.close()
    # While the phone is away, the facilitator changes things.
    base = f"/api/events/{event['id']}"
    http(server, "PUT", base + "/agenda", fac, {"phases": [{"name": "Hack", "minutes": 60}]})
    http(server, "POST", base + "/agenda/start", fac, {})
    http(server, "POST", base + "/announcements", fac, {"body_md": "Missed me?"})
    phone = Phone(server.url, token)
    try:
        snap = phone.call("sync", {"since": rev})["data"]
        assert snap["rev"] == rev + 3
        state = snap["state"]
        assert state["agenda"]["phases"][0]["status"] == "running"
        assert state["announcements"][0]["html"] == "<p>Missed me?</p>"
        assert state["me"]["name"] == "A"
    finally:
        phone.close()


def test_updates_carry_consecutive_revisions(server, api):
    fac = api.facilitator()
    event = http(server, "POST", "/api/events", fac, {"name": "Live"})[1]["data"]
    display = Phone(server.url, api.display_token(event["id"]))
    try:
        start = display.call("sync")["data"]["rev"]
        for n in range(5):
            http(
                server,
                "POST",
                f"/api/events/{event['id']}/announcements",
                fac,
                {"body_md": f"n{n}"},
            )
        revs = [display.next_update("announcement.posted")["rev"] for _ in range(5)]
        assert revs == list(range(start + 1, start + 6))
    finally:
        display.close()


def test_facilitator_sees_joins_live(server, api):
    fac = api.facilitator()
    event = http(server, "POST", "/api/events", fac, {"name": "Live"})[1]["data"]
    console = Phone(server.url, fac, event_id=event["id"])
    try:
        http(server, "POST", "/api/join", None, {"code": event["code"], "name": "Grace"})
        joined = console.next_view("participant.joined")
        assert joined["data"]["name"] == "Grace"
        stats = console.next_view("stats")
        assert stats["data"]["participants"] == 1
    finally:
        console.close()


def test_socket_refuses_bad_tokens_and_other_events(server, api):
    fac = api.facilitator()
    mine = http(server, "POST", "/api/events", fac, {"name": "Mine"})[1]["data"]
    other_fac = api.facilitator("otto")
    theirs = http(server, "POST", "/api/events", other_fac, {"name": "Theirs"})[1]["data"]
    with pytest.raises(socketio.exceptions.ConnectionError):
        Phone(server.url, "participant.forged")
    with pytest.raises(socketio.exceptions.ConnectionError):
        Phone(server.url, fac, event_id=theirs["id"])
    participant = http(server, "POST", "/api/join", None, {"code": mine["code"], "name": "P"})[1][
        "data"
    ]
    phone = Phone(server.url, participant["token"])
    try:
        reply = phone.call("announcement.post", {"body_md": "I am the facilitator now"})
        assert reply["ok"] is False
        assert reply["error"]["code"] == "forbidden"
        reply = phone.call("agenda.extend", {"seconds": "lots"})
        assert reply["ok"] is False
    finally:
        phone.close()
