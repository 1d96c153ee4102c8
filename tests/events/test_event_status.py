"""Event states end to end: who may set them, what every screen is told, and what each refuses.

Participants' and jurors' changes are refused in one place (the action registry), so these
tests try them over HTTP, the generic Socket.IO path and the lean vote path alike.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from hackkit.cli import cli
from hackkit.events.models import Event
from hackkit.extensions import db, socketio
from hackkit.voting.jury import invite_juror, token_for_juror
from tests.voting.conftest import add_ideas, quick_facilitator, vote_id


@pytest.fixture
def hack(api):
    fac = quick_facilitator()
    event = api.event(fac, "Hack Night")
    ada = api.join(event["code"], "Ada")
    return {
        "api": api,
        "fac": fac,
        "event": event,
        "ada": ada,
        "base": f"/api/events/{event['id']}",
    }


def set_state(hack, state, token=None, status=200):
    path = f"{hack['base']}/status"
    body = {"status": state}
    if status == 200:
        return hack["api"].ok("PUT", path, token or hack["fac"], body)
    return hack["api"].error("PUT", path, token or hack["fac"], body, status)


def updates(client, kind):
    return [
        m["args"][0]["data"]
        for m in client.get_received()
        if m["name"] == "update" and m["args"][0]["type"] == kind
    ]


def test_facilitator_closes_joins_and_every_screen_is_told(app, hack):
    phone = socketio.test_client(app, auth={"token": hack["ada"]["token"]})
    wall = socketio.test_client(app, auth={"token": hack["api"].display_token(hack["event"]["id"])})
    phone.get_received()
    wall.get_received()
    event = set_state(hack, "joins_closed")
    assert event["status"] == "joins_closed"
    assert event["next_states"] == ["open", "locked", "ended"]
    for client in (phone, wall):
        (told,) = updates(client, "event.updated")
        assert told["status"] == "joins_closed"
        assert told["notice"].startswith("Joining is closed")
    snapshot = phone.emit("sync", {}, callback=True)["data"]["state"]
    assert snapshot["event"]["status"] == "joins_closed"


def test_joins_are_refused_with_a_clear_message_unless_the_event_is_open(hack):
    api, code = hack["api"], hack["event"]["code"]
    set_state(hack, "joins_closed")
    error = api.error("POST", "/api/join", None, {"code": code, "name": "Late"}, 403)
    assert error["code"] == "event_closed" and error["state"] == "joins_closed"
    assert "Joining is closed" in error["message"]
    page = api.app.test_client().get(f"/j/{code}")
    assert page.status_code == 403
    html = page.get_data(as_text=True)
    assert "Joining is closed" in html and 'id="join-form"' not in html
    set_state(hack, "open")
    assert api.join(code, "Late")["participant"]["name"] == "Late"


def test_a_move_the_state_machine_forbids_is_refused_and_changes_nothing(hack):
    error = set_state(hack, "archived", status=409)
    assert error["code"] == "state_not_allowed"
    assert "cannot become archived" in error["message"]
    assert error["allowed"] == ["ended", "joins_closed", "locked"]
    assert set_state(hack, "paused", status=400)["code"] == "invalid_payload"
    assert db.session.get(Event, hack["event"]["id"]).status == "open"


def test_only_the_events_own_facilitator_changes_its_state(app, api, hack):
    stranger = quick_facilitator("stranger")
    display = api.display_token(hack["event"]["id"])
    for token, status in ((hack["ada"]["token"], 403), (display, 403), (stranger, 403)):
        assert set_state(hack, "ended", token, status=status)["code"] == "forbidden"
    phone = socketio.test_client(app, auth={"token": hack["ada"]["token"]})
    reply = phone.emit("event.status", {"status": "ended"}, callback=True)
    assert reply["ok"] is False and reply["error"]["code"] == "forbidden"
    wall = socketio.test_client(app, auth={"token": display})
    reply = wall.emit("display.revoke", {}, callback=True)
    assert reply["error"]["code"] == "forbidden"
    db.session.expire_all()
    event = db.session.get(Event, hack["event"]["id"])
    assert (event.status, event.display_version) == ("open", 1)


PARTICIPANT_WRITES = [
    ("POST", "/ideas", {"title": "Solar bikes"}),
    ("PUT", "/profile", {"skills": [], "tags": []}),
    ("POST", "/teams", {"name": "Rockets"}),
]


@pytest.mark.parametrize("state", ["locked", "ended", "archived"])
def test_a_read_only_event_refuses_every_participant_change_over_http(hack, state):
    api, base, token = hack["api"], hack["base"], hack["ada"]["token"]
    set_state(hack, "ended" if state == "archived" else state)
    if state == "archived":
        set_state(hack, "archived")
    for method, path, body in PARTICIPANT_WRITES:
        error = api.error(method, base + path, token, body, 409)
        assert error["code"] == "event_read_only", (path, error)
        assert error["state"] == state
    # Reading is still fine, and the facilitator still changes things.
    assert api.ok("GET", f"{base}/snapshot", token)["state"]["event"]["status"] == state
    api.ok("POST", f"{base}/challenges", hack["fac"], {"title": "Still editable"})


def test_joins_closed_still_lets_participants_take_part(hack):
    set_state(hack, "joins_closed")
    team = hack["api"].ok("POST", f"{hack['base']}/teams", hack["ada"]["token"], {"name": "Bikes"})
    assert team["name"] == "Bikes"


def test_a_locked_event_refuses_changes_over_socketio_too(app, hack):
    phone = socketio.test_client(app, auth={"token": hack["ada"]["token"]})
    set_state(hack, "locked")
    reply = phone.emit("idea.create", {"title": "Solar bikes"}, callback=True)
    assert reply["ok"] is False
    assert reply["error"]["code"] == "event_read_only"
    assert "locked" in reply["error"]["message"]
    assert phone.emit("sync", {}, callback=True)["ok"] is True


def test_a_locked_event_refuses_votes_on_the_lean_path_and_from_jurors(app, hack):
    api, base = hack["api"], hack["base"]
    add_ideas(hack["event"]["id"])
    ballot = api.ok("POST", f"{base}/ballots", hack["fac"], {"title": "Pick", "method": "single"})
    ballot = api.ok("POST", f"{base}/ballots/{ballot['id']}/open", hack["fac"], {})
    juror = invite_juror(db.session(), db.session.get(Event, hack["event"]["id"]), "Judy", 1.0)
    db.session.commit()
    juror_token = token_for_juror(juror)
    phone = socketio.test_client(app, auth={"token": hack["ada"]["token"]})
    set_state(hack, "locked")
    choice = {"choice": ballot["options"][0]["id"]}
    vote = {"ballot_id": ballot["id"], "vote_id": vote_id(), "content": choice}
    reply = phone.emit("vote.cast", vote, callback=True)
    assert reply["ok"] is False and reply["error"]["code"] == "event_read_only"
    body = {"vote_id": vote_id(), "content": choice}
    path = f"{base}/ballots/{ballot['id']}/votes"
    assert api.error("POST", path, juror_token, body, 409)["code"] == "event_read_only"
    set_state(hack, "open")
    reply = phone.emit("vote.cast", {**vote, "vote_id": vote_id()}, callback=True)
    assert reply["ok"] is True, reply


def test_join_protection_closes_joins_when_a_ballot_opens(hack):
    api, base = hack["api"], hack["base"]
    assert api.ok("PUT", f"{base}/join-protection", hack["fac"], {"close_joins_on_vote": True})[
        "close_joins_on_vote"
    ]
    add_ideas(hack["event"]["id"])
    ballot = api.ok("POST", f"{base}/ballots", hack["fac"], {"title": "Pick", "method": "single"})
    assert api.join(hack["event"]["code"], "Before the vote")
    api.ok("POST", f"{base}/ballots/{ballot['id']}/open", hack["fac"], {})
    error = api.error("POST", "/api/join", None, {"code": hack["event"]["code"], "name": "X"}, 403)
    assert error["code"] == "event_closed" and error["state"] == "joins_closed"
    # Without the setting, opening a ballot leaves joining alone.
    set_state(hack, "open")
    api.ok("PUT", f"{base}/join-protection", hack["fac"], {"close_joins_on_vote": False})
    api.ok("POST", f"{base}/ballots/{ballot['id']}/close", hack["fac"], {})
    api.ok("POST", f"{base}/ballots/{ballot['id']}/open", hack["fac"], {})
    assert api.join(hack["event"]["code"], "After the vote")


def test_join_protection_is_the_facilitators_alone(hack):
    path = f"{hack['base']}/join-protection"
    body = {"close_joins_on_vote": True}
    assert hack["api"].error("PUT", path, hack["ada"]["token"], body, 403)["code"] == "forbidden"


def test_the_cli_shows_and_sets_an_events_state(app, hack):
    env = {
        "HACKKIT_DATABASE_URL": app.config["HACKKIT"].resolved_database_url(),
        "HACKKIT_INSTANCE_PATH": str(app.config["HACKKIT"].instance_path),
    }
    code = hack["event"]["code"]
    result = CliRunner().invoke(cli, ["event", "status", code.lower(), "joins_closed"], env=env)
    assert result.exit_code == 0, result.output
    assert f"Hack Night ({code}): Joins closed" in result.output
    db.session.expire_all()
    assert db.session.get(Event, hack["event"]["id"]).status == "joins_closed"
    refused = CliRunner().invoke(cli, ["event", "status", code, "archived"], env=env)
    assert refused.exit_code != 0 and "cannot become archived" in refused.output
    shown = CliRunner().invoke(cli, ["event", "status", str(hack["event"]["id"])], env=env)
    assert "Joins closed" in shown.output
