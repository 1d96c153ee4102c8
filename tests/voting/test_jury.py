"""Jury members: invited by link, weighted, scoring a rubric; removable like any other token."""

from __future__ import annotations

import json
import re

import pytest

from hackkit.auth import resolve
from hackkit.extensions import db


def invite(voting, name="Judge Judy", weight=1.0):
    return voting.api.ok(
        "POST", f"{voting.base}/jury", voting.fac, {"name": name, "weight": weight}
    )


def juror_token(client, invite_data):
    """Open the invite link like a phone would; returns the jury token the page boots with."""
    response = client.get(invite_data["invite_path"])
    assert response.status_code == 302 and response.headers["Location"].endswith("/vote")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    boot = json.loads(re.search(r'id="boot">(.*?)</script>', page.get_data(as_text=True)).group(1))
    assert boot["me"]["role"] == "jury"
    return boot["token"]


CRITERIA = [
    {"key": "impact", "label": "Impact", "weight": 2},
    {"key": "demo", "label": "Demo", "weight": 1},
]


def test_invite_link_opens_the_jury_vote_page_as_a_juror(voting, app):
    data = invite(voting, "Ada", 2.0)
    assert data["invite_url"].endswith(data["invite_path"])
    token = juror_token(app.test_client(), data)
    principal = resolve(db.session(), token)
    assert (principal.role, principal.event_id, principal.name) == (
        "jury",
        voting.event["id"],
        "Ada",
    )
    bad = app.test_client().get(f"/e/{voting.event['code']}/jury/not-a-token")
    assert bad.status_code == 401


def test_jurors_score_a_rubric_one_idea_at_a_time_with_raw_and_normalised_results(voting, app):
    ballot = voting.ballot("rubric", voters="jury", params={"criteria": CRITERIA})
    tough = juror_token(app.test_client(), invite(voting, "Tough", 1.0))
    kind = juror_token(app.test_client(), invite(voting, "Kind", 1.0))
    a, b, c = voting.ideas[:3]
    for token, marks in ((tough, {a: 3, b: 2, c: 1}), (kind, {a: 5, b: 4, c: 4})):
        for item, score in marks.items():
            voting.vote(token, ballot["id"], {"scores": {item: {"impact": score, "demo": score}}})
    error = voting.refuse(
        tough,
        ballot["id"],
        {"scores": {a: {"impact": 1, "demo": 1}, b: {"impact": 1, "demo": 1}}},
        400,
    )
    assert error["code"] == "one_item_at_a_time"
    voting.vote(
        tough, ballot["id"], {"scores": {c: {"impact": 2, "demo": 1}}}
    )  # rescoring replaces
    tally = voting.result(ballot["id"])["tally"]
    assert tally["jurors"] == 2
    assert tally["raw"][a] == pytest.approx(4.0)
    assert tally["raw"][c] == pytest.approx((5 / 3 + 4) / 2)
    assert tally["ranking"][0]["option"] == a
    assert tally["coverage"] == {a: 2, b: 2, c: 2, voting.ideas[3]: 0}
    assert voting.result(ballot["id"])["turnout"] == {"voted": 2, "eligible": 2}
    view = voting.api.ok("GET", f"{voting.base}/ballots/{ballot['id']}/mine", tough)
    assert view["my_vote"]["scores"][c] == {"impact": 2, "demo": 1}
    error = voting.refuse(
        voting.voters[0]["token"], ballot["id"], {"scores": {a: {"impact": 1, "demo": 1}}}, 403
    )
    assert error["code"] == "not_eligible"


def test_a_jurors_weight_multiplies_their_ballot(voting, app):
    ballot = voting.ballot("single", voters="both")
    heavy = juror_token(app.test_client(), invite(voting, "Heavy", 3.0))
    voting.vote(heavy, ballot["id"], {"choice": voting.ideas[1]})
    voting.vote(voting.voters[0]["token"], ballot["id"], {"choice": voting.ideas[0]})
    tally = voting.result(ballot["id"])["tally"]
    assert tally["ranking"][0] == {"option": voting.ideas[1], "score": 3.0, "rank": 1}
    assert tally["counts"][voting.ideas[1]] == 1
    assert voting.result(ballot["id"])["turnout"] == {"voted": 2, "eligible": 4}


def test_a_removed_juror_link_stops_working(voting, app):
    data = invite(voting, "Gone")
    token = juror_token(app.test_client(), data)
    voting.api.ok("DELETE", f"{voting.base}/jury/{data['id']}", voting.fac)
    ballot = voting.ballot("single", voters="jury")
    error = voting.refuse(token, ballot["id"], {"choice": voting.ideas[0]}, 401)
    assert error["code"] == "unauthorised"
    assert app.test_client().get(data["invite_path"]).status_code == 401
    state = voting.api.ok("GET", f"{voting.base}/snapshot", voting.fac)["state"]
    assert state["jurors"] == []


def test_jurors_do_not_see_the_crowds_live_tally_until_the_ballot_closes(voting, app):
    """A judge shown the crowd's favourite is no longer judging on their own."""
    crowd = voting.ballot("single", voters="participants", visibility="live")
    juror = juror_token(app.test_client(), invite(voting, "Blind"))
    voting.vote(voting.voters[0]["token"], crowd["id"], {"choice": voting.ideas[2]})
    phone = voting.result(crowd["id"], voting.voters[1]["token"])
    assert phone["tally"]["counts"][voting.ideas[2]] == 1  # the room sees it live
    judge = voting.result(crowd["id"], juror)
    assert judge["tally"] is None and judge["turnout"]["voted"] == 1
    state = voting.api.ok("GET", f"{voting.base}/snapshot", juror)["state"]
    assert state["ballot_results"][str(crowd["id"])]["tally"] is None
    voting.act(crowd["id"], "close")
    assert voting.result(crowd["id"], juror)["tally"]["counts"][voting.ideas[2]] == 1
