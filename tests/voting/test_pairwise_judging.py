"""Pairwise judging: pairs assigned in the database, busy items avoided, every decision kept."""

from __future__ import annotations

from sqlalchemy import select

from hackkit.extensions import db
from hackkit.voting.models import PairAssignment, StoredBallot
from tests.voting.conftest import vote_id
from tests.voting.test_jury import invite, juror_token


def next_pair(voting, token, ballot_id):
    return voting.api.ok("POST", f"{voting.base}/ballots/{ballot_id}/pairs/next", token, {})


def test_judges_get_pairs_stored_in_the_database_and_avoid_each_others_items(voting, app):
    ballot = voting.ballot("pairwise", voters="jury", params={"epsilon": 0})
    first = juror_token(app.test_client(), invite(voting, "One"))
    second = juror_token(app.test_client(), invite(voting, "Two"))
    pair_one = next_pair(voting, first, ballot["id"])["pair"]
    assert next_pair(voting, first, ballot["id"])["pair"] == pair_one  # the open pair, again
    pair_two = next_pair(voting, second, ballot["id"])["pair"]
    assert not set(pair_one) & set(pair_two)  # four ideas: two judges need not share one
    rows = db.session.execute(select(PairAssignment)).scalars().all()
    assert {frozenset((r.item_a, r.item_b)) for r in rows} == {
        frozenset(pair_one),
        frozenset(pair_two),
    }


def test_a_decision_is_taken_only_for_the_pair_shown_and_kept_raw(voting, app):
    ballot = voting.ballot("pairwise", voters="jury")
    judge = juror_token(app.test_client(), invite(voting, "Judge"))
    a, b = next_pair(voting, judge, ballot["id"])["pair"]
    others = [i for i in voting.ideas if i not in (a, b)]
    error = voting.refuse(judge, ballot["id"], {"winner": others[0], "loser": others[1]}, 409)
    assert error["code"] == "pair_not_assigned"
    vid = vote_id()
    receipt = voting.vote(judge, ballot["id"], {"winner": b, "loser": a}, vid)
    assert receipt["counted"] and not receipt["duplicate"]
    following = receipt["next"]["pair"]
    assert set(following) != {a, b}
    again = voting.vote(judge, ballot["id"], {"winner": b, "loser": a}, vid)  # a retry
    assert again["duplicate"] is True and again["next"]["pair"] == following
    rows = db.session.execute(select(StoredBallot)).scalars().all()
    assert [row.content for row in rows] == [{"winner": b, "loser": a}]


def test_a_judge_can_skip_and_is_done_after_every_pair(voting, app):
    ballot = voting.ballot(
        "pairwise", voters="jury", scope="shortlist", idea_ids=[int(i) for i in voting.ideas[:3]]
    )
    judge = juror_token(app.test_client(), invite(voting, "Judge"))
    pair = next_pair(voting, judge, ballot["id"])["pair"]
    decisions = 0
    while pair is not None:
        content = {"skip": pair} if decisions == 0 else {"winner": pair[0], "loser": pair[1]}
        reply = voting.vote(judge, ballot["id"], content)
        decisions += 1
        pair = reply["next"]["pair"]
    assert decisions == 3 and reply["next"]["done"] is True
    full = voting.result(ballot["id"])["tally"]
    assert full["skips"] == 1 and sum(full["coverage"].values()) == 4
    assert "judges" in full
    view = voting.api.ok("GET", f"{voting.base}/ballots/{ballot['id']}/mine", judge)
    assert view["decisions"] == 3 and view["pair"] is None


def test_judges_reliabilities_never_reach_the_public(voting, app):
    ballot = voting.ballot("pairwise", voters="both")
    token = voting.voters[0]["token"]
    a, b = next_pair(voting, token, ballot["id"])["pair"]
    voting.vote(token, ballot["id"], {"winner": a, "loser": b})
    public = voting.result(ballot["id"], token)["tally"]
    assert public["coverage"][a] == 1 and "judges" not in public


def test_closing_clears_open_pairs(voting, app):
    ballot = voting.ballot("pairwise", voters="jury")
    judge = juror_token(app.test_client(), invite(voting, "Judge"))
    a, b = next_pair(voting, judge, ballot["id"])["pair"]
    voting.act(ballot["id"], "close")
    assert db.session.execute(select(PairAssignment)).first() is None
    error = voting.refuse(judge, ballot["id"], {"winner": a, "loser": b}, 409)
    assert error["code"] == "ballot_closed"
