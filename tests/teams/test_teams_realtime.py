"""Teams and ideas over real Socket.IO connections to a real server process."""

from __future__ import annotations

import pytest

from tests.teams.conftest import make_hack
from tests.test_realtime_server import Phone

pytestmark = pytest.mark.server


def test_two_phones_form_a_team_and_a_third_sees_it_appear(server, remote):
    hack = make_hack(remote)
    for name in ("Ada", "Bob", "Cy"):
        hack.person(name)
    ada, bob, cy = (Phone(server.url, hack.tokens[n]) for n in ("Ada", "Bob", "Cy"))
    console = Phone(server.url, hack.fac, event_id=hack.event["id"])
    try:
        start = cy.call("sync")["data"]["rev"]
        created = ada.call("team.create", {"name": "Rocket", "challenge_id": hack.challenges[0]})
        assert created["ok"], created
        team = created["data"]
        joined = bob.call("team.join", {"code": team["code"]})
        assert joined["ok"], joined
        first, second = cy.next_update("team.updated"), cy.next_update("team.updated")
        assert (first["rev"], second["rev"]) == (start + 1, start + 2)
        assert [m["name"] for m in first["data"]["members"]] == ["Ada"]
        assert [m["name"] for m in second["data"]["members"]] == ["Ada", "Bob"]
        assert second["data"]["id"] == team["id"]
        # A third phone that reconnects gets the same team from its snapshot.
        assert cy.call("sync")["data"]["state"]["teams"] == [second["data"]]
        # Refusals come back on the ack, in words.
        full = cy.call("team.join", {"team_id": 999999})
        assert (full["ok"], full["error"]["code"]) == (False, "not_found")

        # The profile shows live to the facilitator, and to nobody else.
        saved = ada.call("profile.update", {"tags": ["maps"]})
        assert saved["ok"], saved
        view = console.next_view("profile.updated")
        assert (view["data"]["name"], view["data"]["tags"]) == ("Ada", ["maps"])

        # An idea appears on every phone; hidden, it leaves them and the console keeps it.
        idea = bob.call(
            "idea.create", {"title": "Solar kettle", "challenge_id": hack.challenges[0]}
        )
        assert idea["ok"], idea
        assert cy.next_update("idea.updated")["data"]["title"] == "Solar kettle"
        hidden = console.call("idea.hide", {"idea_id": idea["data"]["id"], "reason": "Duplicate"})
        assert hidden["ok"], hidden
        assert cy.next_update("idea.removed")["data"] == {"id": idea["data"]["id"]}
        moderated = console.next_view("idea.hidden")
        assert (moderated["data"]["hidden"], moderated["data"]["hidden_reason"]) == (
            True,
            "Duplicate",
        )
        assert cy.call("sync")["data"]["state"]["ideas"] == []
    finally:
        for phone in (ada, bob, cy, console):
            phone.close()
    assert not any(msg["type"] == "profile.updated" for msg in list(cy.views.queue))
