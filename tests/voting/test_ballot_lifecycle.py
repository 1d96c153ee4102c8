"""The life of a ballot: draft, open (options frozen), closed, revealed; by hand or agenda."""

from __future__ import annotations

from hackkit.extensions import db
from hackkit.teams.models import Idea
from tests.voting.conftest import add_ideas


def snapshot(voting, token):
    return voting.api.ok("GET", f"{voting.base}/snapshot", token)["state"]


def test_draft_ballot_is_seen_only_by_the_facilitator(voting):
    draft = voting.ballot("single", open_it=False)
    assert draft["status"] == "draft"
    assert [b["id"] for b in snapshot(voting, voting.fac)["ballots"]] == [draft["id"]]
    phone = snapshot(voting, voting.voters[0]["token"])
    assert phone["ballots"] == [] and phone["my_ballots"] == {}
    error = voting.api.error(
        "GET", f"{voting.base}/ballots/{draft['id']}/result", voting.voters[0]["token"], None, 404
    )
    assert error["code"] == "not_found"


def test_opening_freezes_the_visible_ideas_of_its_scope(voting):
    hidden = db.session.get(Idea, int(voting.ideas[3]))
    hidden.hidden = True
    db.session.commit()
    ballot = voting.ballot("single")
    assert [o["id"] for o in ballot["options"]] == voting.ideas[:3]
    add_ideas(voting.event["id"], ("Late idea",))
    again = voting.api.ok("GET", f"{voting.base}/snapshot", voting.fac)["state"]["ballots"][0]
    assert [o["id"] for o in again["options"]] == voting.ideas[:3]


def test_a_ballot_needs_two_ideas_and_a_shortlist_of_visible_ones(voting):
    lonely = voting.ballot(
        "single", open_it=False, scope="shortlist", idea_ids=[int(voting.ideas[0])]
    )
    error = voting.api.error(
        "POST", f"{voting.base}/ballots/{lonely['id']}/open", voting.fac, {}, 400
    )
    assert error["code"] == "too_few_options"
    error = voting.api.error(
        "POST",
        f"{voting.base}/ballots",
        voting.fac,
        {"title": "x", "method": "single", "scope": "shortlist", "idea_ids": [99999]},
        400,
    )
    assert error["code"] == "idea_unavailable"
    pair = voting.ballot(
        "single", scope="shortlist", idea_ids=[int(voting.ideas[2]), int(voting.ideas[0])]
    )
    assert [o["id"] for o in pair["options"]] == [voting.ideas[2], voting.ideas[0]]


def test_challenge_scope_takes_that_challenges_ideas(voting):
    challenge = voting.api.ok(
        "POST", f"{voting.base}/challenges", voting.fac, {"title": "Mobility", "published": True}
    )
    for idea_id in voting.ideas[:2]:
        db.session.get(Idea, int(idea_id)).challenge_id = challenge["id"]
    db.session.commit()
    ballot = voting.ballot("approval", scope="challenge", challenge_id=challenge["id"])
    assert [o["id"] for o in ballot["options"]] == voting.ideas[:2]


def test_only_title_and_visibility_change_once_a_ballot_is_open(voting):
    ballot = voting.ballot("dots", params={"dots": 3, "max_per_option": 2})
    path = f"{voting.base}/ballots/{ballot['id']}"
    error = voting.api.error("PUT", path, voting.fac, {"params": {"dots": 9}}, 409)
    assert error["code"] == "ballot_not_draft"
    changed = voting.api.ok("PUT", path, voting.fac, {"title": "Dots!", "visibility": "hidden"})
    assert (changed["title"], changed["visibility"]) == ("Dots!", "hidden")


def test_invalid_method_parameters_are_refused_by_the_method(voting):
    error = voting.api.error(
        "POST", f"{voting.base}/ballots", voting.fac, {"title": "r", "method": "rubric"}, 400
    )
    assert error["code"] == "criteria_required"
    error = voting.api.error(
        "POST",
        f"{voting.base}/ballots",
        voting.fac,
        {
            "title": "r",
            "method": "rubric",
            "params": {"criteria": [{"key": "a", "label": "A"}, {"key": "a", "label": "B"}]},
        },
        400,
    )
    assert error["code"] == "invalid_params"


def test_rubric_criteria_can_come_from_the_playbook(voting):
    ballot = voting.ballot("rubric", open_it=False, rubric="impact-feasibility", voters="jury")
    keys = [c["key"] for c in ballot["params"]["criteria"]]
    assert keys[:2] == ["impact", "feasibility"]
    error = voting.api.error(
        "POST",
        f"{voting.base}/ballots",
        voting.fac,
        {"title": "r", "method": "rubric", "rubric": "no-such"},
        404,
    )
    assert error["code"] == "unknown_rubric"


def test_reveal_needs_a_closed_ballot_that_may_be_public(voting):
    hidden = voting.ballot("single", visibility="hidden")
    error = voting.api.error(
        "POST", f"{voting.base}/ballots/{hidden['id']}/reveal", voting.fac, {}, 409
    )
    assert error["code"] == "ballot_not_closed"
    voting.act(hidden["id"], "close")
    revealed = voting.act(hidden["id"], "reveal")
    assert revealed["revealed"] is True
    error = voting.api.error(
        "POST", f"{voting.base}/ballots/{hidden['id']}/open", voting.fac, {}, 409
    )
    assert error["code"] == "ballot_revealed"
    private = voting.ballot("single", visibility="never")
    voting.act(private["id"], "close")
    error = voting.api.error(
        "POST", f"{voting.base}/ballots/{private['id']}/reveal", voting.fac, {}, 409
    )
    assert error["code"] == "ballot_private"


def test_a_closed_ballot_can_reopen_and_only_a_closed_one_is_deleted(voting):
    ballot = voting.ballot("single")
    error = voting.api.error(
        "DELETE", f"{voting.base}/ballots/{ballot['id']}", voting.fac, None, 409
    )
    assert error["code"] == "ballot_open"
    voting.act(ballot["id"], "close")
    assert voting.act(ballot["id"], "open")["status"] == "open"
    voting.act(ballot["id"], "close")
    voting.api.ok("DELETE", f"{voting.base}/ballots/{ballot['id']}", voting.fac)
    assert snapshot(voting, voting.fac)["ballots"] == []


def test_participants_cannot_run_ballots(voting):
    token = voting.voters[0]["token"]
    error = voting.api.error(
        "POST", f"{voting.base}/ballots", token, {"title": "mine", "method": "single"}, 403
    )
    assert error["code"] == "forbidden"
    ballot = voting.ballot("single")
    voting.api.error("POST", f"{voting.base}/ballots/{ballot['id']}/close", token, {}, 403)


def test_a_ballot_follows_its_agenda_phase(voting):
    agenda = voting.api.ok(
        "PUT",
        f"{voting.base}/agenda",
        voting.fac,
        {
            "phases": [
                {"name": "Pitches", "minutes": 30},
                {"name": "Voting", "minutes": 10},
                {"name": "Awards", "minutes": 10},
            ]
        },
    )
    voting_phase = agenda["phases"][1]["id"]
    ballot = voting.ballot("single", open_it=False, phase_id=voting_phase)
    voting.api.ok("POST", f"{voting.base}/agenda/start", voting.fac, {})
    assert snapshot(voting, voting.fac)["ballots"][0]["status"] == "draft"
    voting.api.ok("POST", f"{voting.base}/agenda/start", voting.fac, {})  # Voting starts
    assert snapshot(voting, voting.fac)["ballots"][0]["status"] == "open"
    voting.vote(voting.voters[0]["token"], ballot["id"], {"choice": voting.ideas[0]})
    voting.api.ok("POST", f"{voting.base}/agenda/skip", voting.fac, {})  # Voting ends, Awards start
    state = snapshot(voting, voting.fac)
    assert state["ballots"][0]["status"] == "closed"
    assert state["ballot_results"][str(ballot["id"])]["turnout"]["voted"] == 1


def test_a_phase_that_cannot_open_its_ballot_still_starts(voting):
    agenda = voting.api.ok(
        "PUT", f"{voting.base}/agenda", voting.fac, {"phases": [{"name": "Vote", "minutes": 5}]}
    )
    voting.ballot(
        "single",
        open_it=False,
        scope="shortlist",
        idea_ids=[int(voting.ideas[0])],
        phase_id=agenda["phases"][0]["id"],
    )
    started = voting.api.ok("POST", f"{voting.base}/agenda/start", voting.fac, {})
    assert started["phases"][0]["status"] == "running"
    assert snapshot(voting, voting.fac)["ballots"][0]["status"] == "draft"
