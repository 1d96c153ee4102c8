"""The help queue end to end through the API: asking, claiming, closing, rating, expiry,
withdrawing, the closed queue, and who may do what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from hackkit.extensions import db
from hackkit.mentors.models import HelpRequest


def _age(request_id: int, column: str, by: timedelta) -> None:
    """Move one of a request's times into the past, as if that much time had gone by."""
    row = db.session.get(HelpRequest, request_id)
    setattr(row, column, getattr(row, column) - by)
    db.session.commit()


def test_team_asks_mentor_with_the_skill_claims_and_is_told_where_to_go(hq):
    hq.team("Owls")
    hq.mentor("Ada", ["Python"])
    asked = hq.ask("Owls", description="CORS errors", location_kind="table", location="12")
    assert asked["status"] == "open"
    assert asked["first_circle"] == [hq.mentors["Ada"]["id"]]
    claimed = hq.act("Ada", asked["id"], "claim")
    assert claimed["status"] == "claimed"
    assert claimed["mentor_name"] == "Ada"
    assert (claimed["location_kind"], claimed["location"]) == ("table", "12")
    closed = hq.act("Ada", asked["id"], "close", {"note": "Added the CORS header"})
    assert closed["status"] == "closed" and closed["close_note"] == "Added the CORS header"
    rated = hq.act("Owls", asked["id"], "rating", {"rating": 5})
    assert rated["rating"] == 5


def test_a_mentor_without_the_skill_waits_until_the_request_opens_to_everyone(hq):
    hq.team("Owls")
    hq.mentor("Ada", ["Python"])
    hq.mentor("Bob", ["Design"])
    asked = hq.ask("Owls")
    refusal = hq.act("Bob", asked["id"], "claim", status=403)
    assert "right skills" in refusal["message"]
    # The widening time passes (the request was made three minutes ago).
    _age(asked["id"], "created_at", timedelta(minutes=3))
    assert hq.act("Bob", asked["id"], "claim")["mentor_name"] == "Bob"


def test_one_open_request_per_team(hq):
    hq.team("Owls")
    hq.ask("Owls")
    error = hq.api.error(
        "POST",
        f"{hq.base}/help",
        hq.teams["Owls"],
        {"topic": "Design", "location_kind": "room", "location": "B"},
        409,
    )
    assert error["code"] == "already_asked"


def test_the_database_itself_refuses_a_second_live_request_of_a_team(hq):
    hq.team("Owls")
    first = hq.ask("Owls")
    row = db.session.get(HelpRequest, first["id"])
    twin = HelpRequest(
        event_id=row.event_id,
        team_id=row.team_id,
        topic="Design",
        location_kind="room",
        location="B",
        status="claimed",
    )
    db.session.add(twin)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    # Once the first is withdrawn, a new one is fine.
    hq.act("Owls", first["id"], "withdraw")
    assert hq.ask("Owls")["status"] == "open"


def test_a_request_lapses_after_the_set_time_unless_renewed(hq):
    hq.team("Owls")
    hq.mentor("Ada", ["Python"])
    asked = hq.ask("Owls")
    _age(asked["id"], "renewed_at", timedelta(minutes=61))
    refusal = hq.act("Ada", asked["id"], "claim", status=409)
    assert (refusal["code"], refusal["message"]) == (
        "already_claimed",
        "This request is no longer open.",
    )
    # The lapsed request no longer holds the team's place: it may ask again.
    again = hq.ask("Owls")
    renewed = hq.act("Owls", again["id"], "renew")
    assert renewed["renewed_ms"] >= again["renewed_ms"]
    assert renewed["expires_ms"] - renewed["renewed_ms"] == 3600 * 1000


def test_a_snapshot_marks_lapsed_requests_without_anyone_acting(hq):
    hq.team("Owls")
    asked = hq.ask("Owls")
    _age(asked["id"], "renewed_at", timedelta(hours=2))
    snap = hq.api.ok("GET", f"{hq.base}/snapshot", hq.fac)
    assert snap["state"]["help_requests"][0]["status"] == "expired"
    assert snap["state"]["help_queue"]["open"] == []


def test_the_team_sees_its_place_and_the_queue_orders_urgent_first(hq):
    for name in ("Owls", "Bats", "Cats"):
        hq.team(name)
    a = hq.ask("Owls")
    b = hq.ask("Bats")
    c = hq.ask("Cats", urgency=2)
    snap = hq.api.ok("GET", f"{hq.base}/snapshot", hq.teams["Bats"])
    order = [row[0] for row in snap["state"]["help_queue"]["open"]]
    assert order == [c["id"], a["id"], b["id"]]
    assert snap["state"]["help_mine"]["id"] == b["id"]


def test_the_wait_estimate_uses_recent_service_times(hq):
    hq.team("Owls")
    hq.mentor("Ada", ["Python"])
    done = hq.ask("Owls")
    hq.act("Ada", done["id"], "claim")
    hq.act("Ada", done["id"], "close")
    snap = hq.api.ok("GET", f"{hq.base}/snapshot", hq.teams["Owls"])
    queue = snap["state"]["help_queue"]
    assert len(queue["service_ms"]) == 1
    assert queue["mentors_active"] == 1
    assert queue["median_wait_ms"] is not None


def test_ask_the_same_mentor_again(hq):
    hq.team("Owls")
    hq.mentor("Ada", ["Python"])
    hq.mentor("Bob", ["Python"])
    first = hq.ask("Owls")
    hq.act("Bob", first["id"], "claim")
    hq.act("Bob", first["id"], "close")
    follow_up = hq.ask("Owls", topic="Design", same_mentor_as=first["id"])
    assert follow_up["preferred_mentor_id"] == hq.mentors["Bob"]["id"]
    assert follow_up["first_circle"] == [hq.mentors["Bob"]["id"]]
    assert hq.act("Ada", follow_up["id"], "claim", status=403)
    assert hq.act("Bob", follow_up["id"], "claim")["status"] == "claimed"


def test_the_second_mentor_is_told_who_took_it(hq):
    hq.team("Owls")
    hq.mentor("Ada", ["Python"])
    hq.mentor("Bob", ["Python"])
    asked = hq.ask("Owls")
    hq.act("Ada", asked["id"], "claim")
    refusal = hq.act("Bob", asked["id"], "claim", status=409)
    assert refusal["message"] == "Ada has already taken this request."


def test_closed_queue_refuses_new_requests_with_its_message(hq):
    hq.team("Owls")
    hq.api.ok(
        "PUT", f"{hq.base}/help/settings", hq.fac, {"closed": True, "message": "Back at 14:00"}
    )
    error = hq.api.error(
        "POST",
        f"{hq.base}/help",
        hq.teams["Owls"],
        {"topic": "Python", "location_kind": "table", "location": "1"},
        409,
    )
    assert (error["code"], error["message"]) == ("queue_closed", "Back at 14:00")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"topic": "Cooking", "location_kind": "table", "location": "1"}, "unknown_topic"),
        ({"topic": "Python", "location_kind": "online"}, "invalid_payload"),
        (
            {"topic": "Python", "location_kind": "online", "call_url": "javascript:alert(1)"},
            "invalid_payload",
        ),
        (
            {
                "topic": "Python",
                "location_kind": "table",
                "location": "1",
                "description": "x" * 281,
            },
            "invalid_payload",
        ),
        (
            {"topic": "Python", "location_kind": "table", "location": "1", "urgency": 3},
            "invalid_payload",
        ),
    ],
)
def test_bad_requests_are_refused_and_change_nothing(hq, body, field):
    hq.team("Owls")
    error = hq.api.error("POST", f"{hq.base}/help", hq.teams["Owls"], body, 400)
    assert error["code"] == field
    assert db.session.query(HelpRequest).count() == 0


def test_an_online_request_keeps_its_call_link(hq):
    hq.team("Owls")
    asked = hq.ask(
        "Owls", location_kind="online", location="", call_url="https://meet.example.org/owls"
    )
    assert asked["call_url"] == "https://meet.example.org/owls"


def test_a_participant_cannot_claim_or_close(hq):
    hq.team("Owls")
    asked = hq.ask("Owls")
    error = hq.act("Owls", asked["id"], "claim", status=403)
    assert error["code"] == "forbidden"
    hq.act("Owls", asked["id"], "close", status=403)


def test_a_team_cannot_withdraw_or_rate_another_teams_request(hq):
    hq.team("Owls")
    hq.team("Bats")
    asked = hq.ask("Owls")
    hq.act("Bats", asked["id"], "withdraw", status=404)
    hq.act("Bats", asked["id"], "rating", {"rating": 1}, status=404)


def test_a_mentor_of_another_event_sees_nothing_and_cannot_claim(hq, api):
    hq.team("Owls")
    asked = hq.ask("Owls")
    other_fac = api.facilitator("other")
    other = api.event(other_fac, "Elsewhere")
    api.ok("PATCH", f"/api/events/{other['id']}/team-settings", other_fac, {"skills": ["Python"]})
    stranger = api.ok(
        "POST", f"/api/events/{other['id']}/mentors", other_fac, {"name": "Eve", "skills": []}
    )
    from hackkit.mentors import roster
    from hackkit.mentors.models import Mentor

    token = roster.token_for_mentor(db.session.get(Mentor, stranger["id"]))
    api.error("POST", f"{hq.base}/help/{asked['id']}/claim", token, {}, 403)
    api.error("GET", f"{hq.base}/snapshot", token, None, 403)
    own = api.ok("GET", f"/api/events/{other['id']}/snapshot", token)
    assert own["state"]["help_requests"] == []


def test_a_display_only_watches(hq):
    hq.team("Owls")
    asked = hq.ask("Owls")
    display = hq.api.display_token(hq.event["id"])
    hq.api.error("POST", f"{hq.base}/help/{asked['id']}/claim", display, {}, 403)
    snap = hq.api.ok("GET", f"{hq.base}/snapshot", display)
    assert "help_requests" not in snap["state"]
    assert len(snap["state"]["help_queue"]["open"]) == 1


def test_removing_a_mentor_revokes_their_link_and_returns_their_claims(hq):
    hq.team("Owls")
    ada = hq.mentor("Ada", ["Python"])
    asked = hq.ask("Owls")
    hq.act("Ada", asked["id"], "claim")
    hq.api.ok("DELETE", f"{hq.base}/mentors/{ada['id']}", hq.fac)
    hq.api.error("GET", f"{hq.base}/snapshot", ada["token"], None, 401)
    assert db.session.get(HelpRequest, asked["id"]).status == "open"


def test_mentor_profile_skills_come_from_the_event_list(hq):
    ada = hq.mentor("Ada", ["Python"])
    data = hq.api.ok(
        "PUT", f"{hq.base}/mentors/me", ada["token"], {"skills": ["Design"], "available": False}
    )
    assert (data["skills"], data["available"]) == (["Design"], False)
    error = hq.api.error("PUT", f"{hq.base}/mentors/me", ada["token"], {"skills": ["Cooking"]}, 400)
    assert error["code"] == "unknown_skill"


def test_export_lists_every_request_with_times_and_rating(hq, client):
    hq.team("Owls")
    hq.mentor("Ada", ["Python"])
    asked = hq.ask("Owls", description="=cmd|' /C calc'!A0")
    hq.act("Ada", asked["id"], "claim")
    hq.act("Ada", asked["id"], "close", {"note": "done"})
    hq.act("Owls", asked["id"], "rating", {"rating": 4})
    rows = hq.api.ok("GET", f"{hq.base}/help/export", hq.fac)["requests"]
    assert rows[0]["mentor"] == "Ada" and rows[0]["rating"] == 4
    assert rows[0]["wait_s"] != "" and rows[0]["service_s"] != ""
    from hackkit.events.models import Event
    from hackkit.mentors.board import export_csv

    text = export_csv(db.session(), db.session.get(Event, hq.event["id"]))
    assert text.splitlines()[0].startswith("id,team,topic")
    assert "'=cmd" in text
