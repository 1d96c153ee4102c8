"""Teams from the participant's side: forming, joining, leaving, limits and locks."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from hackkit.extensions import db
from hackkit.teams.membership import team_of
from hackkit.teams.models import Team, TeamMember


def test_participant_creates_a_team_and_becomes_its_first_member(hack):
    hack.person("Ada")
    team = hack.ok(
        "POST", "/teams", "Ada", {"name": "  Rocket  ", "challenge_id": hack.challenges[0]}
    )
    assert team["name"] == "Rocket"
    assert team["members"] == [{"id": hack.ids["Ada"], "name": "Ada"}]
    assert team["member_count"] == 1
    assert team["max_size"] == 5
    assert team["stage"] == "idea"
    assert len(team["code"]) == 5
    assert team_of(db.session(), hack.ids["Ada"]).id == team["id"]
    assert hack.snapshot("Ada")["teams"] == [team]


def test_others_join_by_code_or_from_the_list(hack):
    for name in ("Ada", "Bob", "Cy"):
        hack.person(name)
    team = hack.ok("POST", "/teams", "Ada", {"name": "Rocket"})
    by_code = hack.ok("POST", "/teams/join", "Bob", {"code": team["code"].lower()})
    assert [m["name"] for m in by_code["members"]] == ["Ada", "Bob"]
    from_list = hack.ok("POST", "/teams/join", "Cy", {"team_id": team["id"]})
    assert from_list["member_count"] == 3
    unknown = hack.error("POST", "/teams/join", "Cy", {"code": "ZZZZZ"}, 404)
    assert unknown["code"] == "unknown_team_code"
    assert unknown["message"] == "No team has that code. Check it with someone in the team."


def test_full_team_refuses_a_join_with_a_clear_message(hack):
    hack.settings(team_min=1, team_max=2)
    for name in ("Ada", "Bob", "Cy"):
        hack.person(name)
    team = hack.ok("POST", "/teams", "Ada", {"name": "Pair"})
    hack.ok("POST", "/teams/join", "Bob", {"team_id": team["id"]})
    error = hack.error("POST", "/teams/join", "Cy", {"team_id": team["id"]}, 409)
    assert error["code"] == "team_full"
    assert error["message"] == "Pair is full (2 of 2). Pick another team."


def test_participant_cannot_join_two_teams(hack):
    for name in ("Ada", "Bob"):
        hack.person(name)
    first = hack.ok("POST", "/teams", "Ada", {"name": "One"})
    hack.ok("POST", "/teams", "Bob", {"name": "Two"})
    error = hack.error("POST", "/teams/join", "Bob", {"team_id": first["id"]}, 409)
    assert error["code"] == "already_in_team"
    assert "Two" in error["message"]
    error = hack.error("POST", "/teams", "Ada", {"name": "Three"}, 409)
    assert error["code"] == "already_in_team"


def test_the_database_refuses_a_second_membership_and_an_overfull_team(hack):
    hack.person("Ada")
    team = hack.ok("POST", "/teams", "Ada", {"name": "One"})
    session = db.session()
    with pytest.raises(IntegrityError):
        session.add(
            TeamMember(
                event_id=hack.event["id"], team_id=team["id"], participant_id=hack.ids["Ada"]
            )
        )
        session.flush()
    session.rollback()
    with pytest.raises(IntegrityError):
        session.execute(
            text("UPDATE teams SET member_count = max_size + 1 WHERE id = :id"), {"id": team["id"]}
        )
    session.rollback()


def test_leaving_the_last_member_removes_an_empty_team(hack):
    for name in ("Ada", "Bob"):
        hack.person(name)
    team = hack.ok("POST", "/teams", "Ada", {"name": "Brief"})
    hack.ok("POST", "/teams/join", "Bob", {"team_id": team["id"]})
    hack.ok("POST", "/teams/leave", "Bob")
    assert hack.snapshot("Ada")["teams"][0]["member_count"] == 1
    hack.ok("POST", "/teams/leave", "Ada")
    assert hack.snapshot("Ada")["teams"] == []
    assert hack.error("POST", "/teams/leave", "Ada", None, 404)["code"] == "not_in_team"


def test_team_names_are_capped_and_unique(hack):
    for name in ("Ada", "Bob"):
        hack.person(name)
    long = hack.error("POST", "/teams", "Ada", {"name": "x" * 61}, 400)
    assert long["code"] == "invalid_payload"
    assert hack.error("POST", "/teams", "Ada", {"name": "   "}, 400)["code"] == "invalid_payload"
    hack.ok("POST", "/teams", "Ada", {"name": "Rocket"})
    taken = hack.error("POST", "/teams", "Bob", {"name": "rocket"}, 409)
    assert taken["code"] == "team_name_taken"


def test_team_challenge_must_be_a_published_challenge_of_the_event(hack):
    hack.person("Ada")
    draft = hack.ok("POST", "/challenges", None, {"title": "Secret", "published": False})
    error = hack.error("POST", "/teams", "Ada", {"name": "X", "challenge_id": draft["id"]}, 404)
    assert error["code"] == "not_found"


def test_members_rename_their_team_but_not_another(hack):
    for name in ("Ada", "Bob"):
        hack.person(name)
    mine = hack.ok("POST", "/teams", "Ada", {"name": "Mine"})
    hack.ok("POST", "/teams", "Bob", {"name": "Theirs"})
    renamed = hack.ok(
        "PATCH", f"/teams/{mine['id']}", "Ada", {"name": "Ours", "challenge_id": hack.challenges[1]}
    )
    assert (renamed["name"], renamed["challenge_id"]) == ("Ours", hack.challenges[1])
    error = hack.error("PATCH", f"/teams/{mine['id']}", "Bob", {"name": "Hijacked"}, 403)
    assert error["code"] == "not_a_member"


def test_locked_team_refuses_joins_and_leaves(hack):
    for name in ("Ada", "Bob"):
        hack.person(name)
    team = hack.ok("POST", "/teams", "Ada", {"name": "Fixed"})
    hack.ok("POST", f"/teams/{team['id']}/lock", None, {"locked": True})
    assert (
        hack.error("POST", "/teams/join", "Bob", {"team_id": team["id"]}, 409)["code"]
        == "team_locked"
    )
    assert hack.error("POST", "/teams/leave", "Ada", None, 403)["code"] == "team_locked"
    assert (
        hack.error("PATCH", f"/teams/{team['id']}", "Ada", {"name": "Y"}, 403)["code"]
        == "team_locked"
    )


def test_locking_all_teams_stops_new_teams_joins_and_leaves(hack):
    for name in ("Ada", "Bob", "Cy"):
        hack.person(name)
    team = hack.ok("POST", "/teams", "Ada", {"name": "Early"})
    hack.ok("POST", "/teams/lock", None, {"locked": True})
    state = hack.snapshot("Bob")
    assert state["team_settings"]["teams_locked"] is True
    assert state["teams"][0]["locked"] is True
    assert hack.error("POST", "/teams", "Bob", {"name": "Late"}, 403)["code"] == "teams_locked"
    assert (
        hack.error("POST", "/teams/join", "Cy", {"team_id": team["id"]}, 403)["code"]
        == "teams_locked"
    )
    assert hack.error("POST", "/teams/leave", "Ada", None, 403)["code"] == "teams_locked"
    hack.ok("POST", "/teams/lock", None, {"locked": False})
    hack.ok("POST", "/teams/join", "Cy", {"team_id": team["id"]})


def test_participants_cannot_use_facilitator_actions(hack):
    hack.person("Ada")
    team = hack.ok("POST", "/teams", "Ada", {"name": "Sneaky"})
    for method, tail, body in [
        ("POST", f"/teams/{team['id']}/lock", {"locked": False}),
        ("POST", "/teams/move", {"participant_id": hack.ids["Ada"], "team_id": None}),
        ("DELETE", f"/teams/{team['id']}", None),
        ("PATCH", "/team-settings", {"team_max": 50}),
        ("POST", "/matching/preview", {}),
    ]:
        assert hack.error(method, tail, "Ada", body, 403)["code"] == "forbidden"


def test_another_event_cannot_be_touched(hack, api):
    from tests.teams.conftest import Hack

    hack.person("Ada")
    team = hack.ok("POST", "/teams", "Ada", {"name": "Home"})
    other_fac = api.facilitator("otto")
    other = Hack(api, other_fac, api.event(other_fac, "Elsewhere"))
    other.person("Eve")
    # Eve's token is for another event: the route's event is refused before anything else.
    error = api.error(
        "POST", hack.path("/teams/join"), other.tokens["Eve"], {"team_id": team["id"]}, 403
    )
    assert error["code"] == "forbidden"
    # Within her own event, the other event's team id does not exist.
    error = other.error("POST", "/teams/join", "Eve", {"team_id": team["id"]}, 404)
    assert error["code"] == "not_found"


def test_stage_and_progress_feed(hack):
    for name in ("Ada", "Bob"):
        hack.person(name)
    team = hack.ok("POST", "/teams", "Ada", {"name": "Loud"})
    assert (
        hack.ok("POST", f"/teams/{team['id']}/stage", "Ada", {"stage": "prototype"})["stage"]
        == "prototype"
    )
    bad = hack.error("POST", f"/teams/{team['id']}/stage", "Ada", {"stage": "done"}, 400)
    assert bad["code"] == "unknown_stage"
    post = hack.ok(
        "POST", f"/teams/{team['id']}/progress", "Ada", {"body": "Wiring the <b>sensor</b>"}
    )
    assert post["body"] == "Wiring the <b>sensor</b>"  # stored as text; phones insert it as text
    assert post["author_name"] == "Ada"
    assert hack.snapshot("Ada")["progress"][0]["id"] == post["id"]
    # Working out loud is public within the event: Bob sees it on the idea board, and the
    # console too, but only members post to a team's feed.
    assert [p["id"] for p in hack.snapshot("Bob")["progress"]] == [post["id"]]
    assert [p["id"] for p in hack.snapshot()["progress"]] == [post["id"]]
    assert (
        hack.error("POST", f"/teams/{team['id']}/progress", "Bob", {"body": "hi"}, 403)["code"]
        == "not_a_member"
    )
    assert hack.error("POST", f"/teams/{team['id']}/progress", "Ada", {"body": "x" * 281}, 400)


def test_changing_the_team_size_updates_every_team_but_never_below_its_members(hack):
    for name in ("Ada", "Bob", "Cy"):
        hack.person(name)
    team = hack.ok("POST", "/teams", "Ada", {"name": "Trio"})
    for name in ("Bob", "Cy"):
        hack.ok("POST", "/teams/join", name, {"team_id": team["id"]})
    settings = hack.settings(team_min=1, team_max=2)
    assert settings["team_max"] == 2
    assert db.session.get(Team, team["id"]).max_size == 3
    hack.settings(team_max=6)
    db.session.expire_all()
    assert db.session.get(Team, team["id"]).max_size == 6
    error = hack.error("PATCH", "/team-settings", None, {"team_min": 7}, 400)
    assert error["code"] == "team_size_invalid"
