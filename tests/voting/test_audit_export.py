"""The audit export names nobody and recounts to exactly the published tally."""

from __future__ import annotations

import json
import random

from flask import g

from hackkit.accounts.models import Facilitator
from hackkit.extensions import db
from hackkit.voting.audit import read_csv, recount


def signed_in_client(app, username="fran"):
    account = db.session.query(Facilitator).filter_by(username=username).one()
    client = app.test_client()
    with client.session_transaction() as session:
        session["fid"], session["fv"] = account.id, account.token_version
    return client


def test_an_export_recounts_to_the_same_tally_as_json_and_as_csv(voting, app):
    voters = voting.join(9)
    ballot = voting.ballot("ranked", params={"max_rank": 3})
    rng = random.Random(7)
    for voter in voting.voters:
        voting.vote(
            voter["token"], ballot["id"], {"ranking": rng.sample(voting.ideas, rng.randint(1, 3))}
        )
    voting.vote(voters[0]["token"], ballot["id"], {"ranking": [voting.ideas[3]]})  # a change
    voting.act(ballot["id"], "close")
    published = voting.result(ballot["id"])["tally"]

    export = voting.api.ok("GET", f"{voting.base}/ballots/{ballot['id']}/export", voting.fac)
    assert len(export["ballots"]) == 12
    assert set(export["ballots"][0]) == {"pseudonym", "slot", "content", "weight", "cast_at"}
    assert recount(json.loads(json.dumps(export))) == published

    client = signed_in_client(app)
    csv_response = client.get(
        f"/console/events/{voting.event['id']}/voting/{ballot['id']}/export.csv"
    )
    assert csv_response.status_code == 200 and csv_response.mimetype == "text/csv"
    text = csv_response.get_data(as_text=True)
    for voter in voting.voters:
        assert voter["participant"]["name"] not in text
    assert recount(read_csv(text)) == published
    json_response = client.get(
        f"/console/events/{voting.event['id']}/voting/{ballot['id']}/export.json"
    )
    assert recount(json_response.get_json()) == published


def test_a_pairwise_export_replays_decisions_in_order(voting, app):
    from tests.voting.test_jury import invite, juror_token
    from tests.voting.test_pairwise_judging import next_pair

    ballot = voting.ballot("pairwise", voters="jury")
    for name in ("A", "B"):
        judge = juror_token(app.test_client(), invite(voting, name))
        pair = next_pair(voting, judge, ballot["id"])["pair"]
        for _ in range(3):
            pair = voting.vote(judge, ballot["id"], {"winner": pair[1], "loser": pair[0]})["next"][
                "pair"
            ]
    export = voting.api.ok("GET", f"{voting.base}/ballots/{ballot['id']}/export", voting.fac)
    assert recount(export) == voting.result(ballot["id"])["tally"]


def test_other_facilitators_cannot_download_an_export(voting, app):
    from tests.voting.conftest import quick_facilitator

    ballot = voting.ballot("single")
    quick_facilitator("otto")
    client = signed_in_client(app, "otto")
    assert (
        client.get(
            f"/console/events/{voting.event['id']}/voting/{ballot['id']}/export.csv"
        ).status_code
        == 404
    )
    g.pop("facilitator", None)  # requests share the test's app context, and with it g
    anonymous = app.test_client().get(
        f"/console/events/{voting.event['id']}/voting/{ballot['id']}/export.csv"
    )
    assert anonymous.status_code == 302
