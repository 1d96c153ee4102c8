"""The help queue against a real server process, with real python-socketio clients: the
matching mentor's phone is offered the request, a mentor without the skill is not, two mentors
claiming at once get one answer each, and the team's phone follows along."""

from __future__ import annotations

import queue
import threading

import pytest

from hackkit.extensions import db
from hackkit.mentors import roster
from hackkit.mentors.models import Mentor
from tests.test_realtime_server import Phone

pytestmark = pytest.mark.server


def _mentor(remote, fac, event_id, name, skills):
    data = remote.ok(
        "POST", f"/api/events/{event_id}/mentors", fac, {"name": name, "skills": skills}
    )
    db.session.expire_all()
    return roster.token_for_mentor(db.session.get(Mentor, data["id"]))


def _no_view(phone: Phone, kind: str, timeout: float = 0.5) -> bool:
    try:
        phone.next_view(kind, timeout=timeout)
    except queue.Empty:
        return True
    return False


def test_matching_mentors_are_offered_the_request_and_one_claim_wins(remote, api, server):
    fac = api.facilitator()
    event = remote.ok("POST", "/api/events", fac, {"name": "Live help"})
    base = f"/api/events/{event['id']}"
    remote.ok("PATCH", f"{base}/team-settings", fac, {"skills": ["Python", "Design"]})
    team_token = remote.ok("POST", "/api/join", None, {"code": event["code"], "name": "Ty"})[
        "token"
    ]
    remote.ok("POST", f"{base}/teams", team_token, {"name": "Owls"})
    ada = Phone(server.url, _mentor(remote, fac, event["id"], "Ada", ["Python"]))
    bea = Phone(server.url, _mentor(remote, fac, event["id"], "Bea", ["Python"]))
    dan = Phone(server.url, _mentor(remote, fac, event["id"], "Dan", ["Design"]))
    team = Phone(server.url, team_token)
    wall = Phone(server.url, api.display_token(event["id"]))
    try:
        asked = team.call(
            "help.ask", {"topic": "Python", "location_kind": "table", "location": "9"}
        )
        assert asked["ok"], asked
        request_id = asked["data"]["id"]
        for phone in (ada, bea):
            offer = phone.next_view("help.offered")
            assert offer["data"]["id"] == request_id
            assert offer["data"]["location"] == "9"
        # Dan hears of the request (the queue is shared) but his phone is not asked to buzz.
        assert dan.next_view("help.request")["data"]["id"] == request_id
        assert _no_view(dan, "help.offered")
        # The wall only watches: it gets the queue's summary, not the request.
        summary = wall.next_view("help.queue")["data"]
        assert [row[0] for row in summary["open"]] == [request_id]
        refused = wall.call("help.claim", {"request_id": request_id})
        assert refused["error"]["code"] == "forbidden"

        replies: dict[str, dict] = {}
        barrier = threading.Barrier(2)

        def claim(name: str, phone: Phone) -> None:
            barrier.wait(timeout=5)
            replies[name] = phone.call("help.claim", {"request_id": request_id})

        threads = [
            threading.Thread(target=claim, args=("Ada", ada)),
            threading.Thread(target=claim, args=("Bea", bea)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
        winners = [name for name, reply in replies.items() if reply["ok"]]
        assert len(winners) == 1
        loser = "Bea" if winners == ["Ada"] else "Ada"
        assert replies[loser]["error"]["code"] == "already_claimed"
        assert replies[loser]["error"]["message"] == f"{winners[0]} has already taken this request."
        mine = team.next_view("help.mine")
        while mine["data"]["status"] != "claimed":
            mine = team.next_view("help.mine")
        assert mine["data"]["mentor_name"] == winners[0]
    finally:
        for phone in (ada, bea, dan, team, wall):
            phone.close()
