"""Checklist ticks between real consoles: a real server process and Socket.IO clients."""

from __future__ import annotations

import queue
import threading

import pytest

from tests.test_realtime_server import Phone

pytestmark = pytest.mark.server

SPRINT = "formats/three-hour-sprint"


def test_a_tick_reaches_the_other_consoles_and_survives_a_reconnect(server, remote) -> None:
    fac = remote.facilitator()
    event = remote.ok("POST", "/api/events/from-template", fac, {"template": SPRINT})
    participant = remote.join(event["code"], "Ada")["token"]
    console_a = Phone(server.url, fac, event["id"])
    console_b = Phone(server.url, fac, event["id"])
    phone = Phone(server.url, participant)
    clients = [console_a, console_b, phone]
    try:
        view = console_a.call("checklist.view")["data"]
        first = view["phases"][0]
        item = first["items"][0]["text"]

        reply = console_a.call(
            "checklist.tick", {"phase_id": first["id"], "item": item, "done": True}
        )
        assert reply["ok"] is True
        heard = console_b.next_view("checklist.tick")["data"]
        assert heard == reply["data"]
        assert heard["by"] == "fran" and heard["done"] is True

        # A new phase under way: consoles get the whole list again, with the tick in it.
        remote.ok("POST", f"/api/events/{event['id']}/agenda/start", fac, {})
        updated = console_b.next_view("checklist.updated")["data"]
        assert updated["current_id"] == first["id"]
        assert updated["phases"][0]["items"][0]["done"] is True

        # Phones hear nothing of the crew's checklist, and cannot tick.
        refused = phone.call(
            "checklist.tick", {"phase_id": first["id"], "item": item, "done": False}
        )
        assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
        with pytest.raises(queue.Empty):
            while True:
                if phone.views.get(timeout=0.3)["type"].startswith("checklist."):
                    break

        # A console that connects later (or reconnects) finds the tick in its snapshot.
        clients.append(Phone(server.url, fac, event["id"]))
        state = clients[-1].call("sync", {})["data"]["state"]
        assert state["checklists"]["phases"][0]["items"][0]["done"] is True
    finally:
        # A client's disconnect waits for the server's goodbye; close them all at once.
        closers = [threading.Thread(target=client.close) for client in clients]
        for closer in closers:
            closer.start()
        for closer in closers:
            closer.join(timeout=10)
