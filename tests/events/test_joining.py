"""Joining an event from a phone: codes, names, tokens, rate limits."""

from __future__ import annotations

from hackkit.auth import resolve
from hackkit.extensions import db


def test_participant_joins_with_code_and_name(api):
    fac = api.facilitator()
    event = api.event(fac)
    joined = api.join(event["code"].lower(), "  Ada   Lovelace ")
    assert joined["participant"]["name"] == "Ada Lovelace"
    principal = resolve(db.session(), joined["token"])
    assert principal.role == "participant"
    assert principal.event_id == event["id"]


def test_unknown_code_gets_a_plain_message(api):
    error = api.error("POST", "/api/join", None, {"code": "ZZZZZZ", "name": "Ada"}, 404)
    assert error["code"] == "unknown_code"
    assert "code" in error["message"]


def test_taken_name_is_refused_with_a_suggestion(api):
    event = api.event(api.facilitator())
    api.join(event["code"], "Ada")
    error = api.error("POST", "/api/join", None, {"code": event["code"], "name": "ada"}, 409)
    assert error["code"] == "name_taken"
    assert error["suggestion"] == "ada 2"
    api.join(event["code"], error["suggestion"])


def test_names_are_trimmed_and_capped(api):
    event = api.event(api.facilitator())
    assert (
        api.error("POST", "/api/join", None, {"code": event["code"], "name": "   "}, 400)["code"]
        == "name_required"
    )
    too_long = api.error("POST", "/api/join", None, {"code": event["code"], "name": "x" * 41}, 400)
    assert too_long["code"] == "name_too_long"
    assert api.join(event["code"], "x" * 40)["participant"]["name"] == "x" * 40
    bad = api.error("POST", "/api/join", None, {"code": event["code"], "name": "a\u0000b"}, 400)
    assert bad["code"] == "name_invalid"


def test_join_payload_is_validated(api):
    error = api.error("POST", "/api/join", None, {"code": "ABC", "name": 5}, 400)
    assert error["code"] == "invalid_payload"
    error = api.error("POST", "/api/join", None, {"code": "ABC", "name": "x", "admin": True}, 400)
    assert error["code"] == "invalid_payload"
    response = api.call("POST", "/api/join", None, None)
    assert response.status_code == 400


def test_closed_event_refuses_joins(api):
    from hackkit.events.models import Event

    event = api.event(api.facilitator())
    db.session.get(Event, event["id"]).status = "closed"
    db.session.commit()
    error = api.error("POST", "/api/join", None, {"code": event["code"], "name": "Late"}, 403)
    assert error["code"] == "event_closed"


def test_five_hundred_people_behind_one_address_can_join_within_a_minute(app, api):
    from hackkit.events import joining

    app.config["HACKKIT"].join_rate_per_minute = 1200
    app.extensions.pop("hackkit.join_limiter", None)
    event = api.event(api.facilitator())
    for n in range(500):
        joining.join_event(db.session(), event["code"], f"Person {n}", "10.0.0.1")
    db.session.commit()
    # ...but a script hammering from one address is slowed down.
    refused = 0
    for n in range(800):
        try:
            joining.join_event(db.session(), event["code"], f"Bot {n}", "10.0.0.1")
        except Exception as exc:
            assert getattr(exc, "code", None) == "rate_limited"
            refused += 1
    assert refused > 0


def test_removed_participant_token_stops_working(api):
    fac = api.facilitator()
    event = api.event(fac)
    joined = api.join(event["code"], "Mallory")
    path = f"/api/events/{event['id']}/snapshot"
    api.ok("GET", path, joined["token"])
    api.ok("DELETE", f"/api/events/{event['id']}/participants/{joined['participant']['id']}", fac)
    assert api.error("GET", path, joined["token"], None, 401)["code"] == "unauthorised"
    # The name is free again.
    api.join(event["code"], "Mallory")


def test_removing_a_participant_frees_their_team_seat(api):
    fac = api.facilitator()
    event = api.event(fac)
    base = f"/api/events/{event['id']}"
    ada = api.join(event["code"], "Ada")
    team = api.ok("POST", base + "/teams", ada["token"], {"name": "Rockets"})
    bob = api.join(event["code"], "Bob")
    api.ok("POST", base + "/teams/join", bob["token"], {"team_id": team["id"]})
    api.ok("DELETE", f"{base}/participants/{bob['participant']['id']}", fac)
    teams = api.ok("GET", base + "/snapshot", fac)["state"]["teams"]
    rockets = next(t for t in teams if t["id"] == team["id"])
    assert [m["name"] for m in rockets["members"]] == ["Ada"]
