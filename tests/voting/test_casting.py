"""Casting votes: one ballot per voter, changes replace, retries count once, closed is closed."""

from __future__ import annotations

import threading
import time

import flask
from sqlalchemy import func, select

from hackkit import actions
from hackkit.extensions import db, socketio
from hackkit.teams.models import TeamMember
from hackkit.voting import actions as voting_actions
from hackkit.voting.models import BallotVoter, StoredBallot, VoteReceipt
from tests.voting.conftest import add_ideas, add_team, vote_id


def stored(ballot_id):
    return list(
        db.session.execute(
            select(StoredBallot).where(StoredBallot.ballot_id == ballot_id)
        ).scalars()
    )


def test_a_vote_is_counted_and_acknowledged_with_its_content(voting):
    ballot = voting.ballot("single")
    receipt = voting.vote(voting.voters[0]["token"], ballot["id"], {"choice": voting.ideas[2]})
    assert receipt["counted"] is True and receipt["duplicate"] is False
    assert receipt["content"] == {"choice": voting.ideas[2]}
    result = voting.result(ballot["id"])
    assert result["turnout"] == {"voted": 1, "eligible": 3}
    assert result["tally"]["ranking"][0] == {"option": voting.ideas[2], "score": 1.0, "rank": 1}


def test_a_changed_ballot_replaces_the_old_one(voting):
    ballot = voting.ballot("approval")
    token = voting.voters[0]["token"]
    voting.vote(token, ballot["id"], {"choices": [voting.ideas[0], voting.ideas[1]]})
    voting.vote(token, ballot["id"], {"choices": [voting.ideas[3]]})
    rows = stored(ballot["id"])
    assert len(rows) == 1 and rows[0].content == {"choices": [voting.ideas[3]]}
    tally = voting.result(ballot["id"])["tally"]
    assert tally["counts"] == {
        voting.ideas[0]: 0,
        voting.ideas[1]: 0,
        voting.ideas[2]: 0,
        voting.ideas[3]: 1,
    }
    assert voting.result(ballot["id"])["turnout"]["voted"] == 1


def test_a_retry_with_the_same_vote_id_counts_once_even_after_a_change(voting):
    ballot = voting.ballot("single")
    token = voting.voters[0]["token"]
    first = vote_id()
    voting.vote(token, ballot["id"], {"choice": voting.ideas[0]}, first)
    again = voting.vote(token, ballot["id"], {"choice": voting.ideas[0]}, first)
    assert again["duplicate"] is True
    voting.vote(token, ballot["id"], {"choice": voting.ideas[1]})
    late_retry = voting.vote(token, ballot["id"], {"choice": voting.ideas[0]}, first)
    assert late_retry["duplicate"] is True
    assert [row.content for row in stored(ballot["id"])] == [{"choice": voting.ideas[1]}]
    receipts = db.session.execute(select(func.count()).select_from(VoteReceipt)).scalar_one()
    assert receipts == 2


def test_another_voters_vote_id_is_refused(voting):
    ballot = voting.ballot("single")
    shared = vote_id()
    voting.vote(voting.voters[0]["token"], ballot["id"], {"choice": voting.ideas[0]}, shared)
    error = voting.refuse(
        voting.voters[1]["token"], ballot["id"], {"choice": voting.ideas[1]}, 409, shared
    )
    assert error["code"] == "vote_id_taken"


def test_closed_is_closed(voting):
    ballot = voting.ballot("single")
    voting.act(ballot["id"], "close")
    error = voting.refuse(voting.voters[0]["token"], ballot["id"], {"choice": voting.ideas[0]}, 409)
    assert error["code"] == "ballot_closed"
    assert error["message"] == "Voting has closed for this ballot."
    draft = voting.ballot("single", open_it=False)
    error = voting.refuse(voting.voters[0]["token"], draft["id"], {"choice": voting.ideas[0]}, 409)
    assert error["code"] == "ballot_not_open"


def test_invalid_ballots_are_refused_with_the_methods_reason(voting):
    ballot = voting.ballot("dots", params={"dots": 3, "max_per_option": 2})
    token = voting.voters[0]["token"]
    error = voting.refuse(token, ballot["id"], {"dots": {voting.ideas[0]: 3}}, 400)
    assert error["code"] == "too_many_on_one_option"
    error = voting.refuse(
        token, ballot["id"], {"dots": {voting.ideas[0]: 2, voting.ideas[1]: 2}}, 400
    )
    assert error["code"] == "too_many_dots"
    error = voting.refuse(token, ballot["id"], {"dots": {"999": 1}}, 400)
    assert error["code"] == "unknown_option"
    error = voting.refuse(token, ballot["id"], {"dots": {voting.ideas[0]: 1}, "x": "y" * 9000}, 400)
    assert error["code"] == "invalid_payload"
    voting.vote(token, ballot["id"], {"dots": {voting.ideas[0]: 2, voting.ideas[1]: 1}})


def test_own_team_votes_are_refused_when_the_event_forbids_them(voting):
    team_id = add_team(voting.event["id"])
    mine = add_ideas(voting.event["id"], ("Our idea",), team_id=team_id)[0]
    voter = voting.voters[0]
    db.session.add(
        TeamMember(
            event_id=voting.event["id"], team_id=team_id, participant_id=voter["participant"]["id"]
        )
    )
    db.session.commit()
    ballot = voting.ballot("budget")
    content = {"points": {mine: 50, voting.ideas[0]: 50}}
    voting.vote(voter["token"], ballot["id"], content)  # allowed until the rule is switched on
    voting.api.ok(
        "PUT", f"{voting.base}/voting/settings", voting.fac, {"forbid_own_team_vote": True}
    )
    error = voting.refuse(voter["token"], ballot["id"], content, 403)
    assert error["code"] == "own_team"
    view = voting.api.ok("GET", f"{voting.base}/ballots/{ballot['id']}/mine", voter["token"])
    assert view["blocked"] == [mine]
    voting.vote(voting.voters[1]["token"], ballot["id"], content)  # not their team


def test_who_votes_is_enforced(voting):
    jury_only = voting.ballot("single", voters="jury")
    error = voting.refuse(
        voting.voters[0]["token"], jury_only["id"], {"choice": voting.ideas[0]}, 403
    )
    assert (error["code"], error["message"]) == ("not_eligible", "This ballot is for the jury.")
    ballot = voting.ballot("single")
    display = voting.api.display_token(voting.event["id"])
    voting.refuse(display, ballot["id"], {"choice": voting.ideas[0]}, 403)
    voting.refuse(voting.fac, ballot["id"], {"choice": voting.ideas[0]}, 403)


def test_who_voted_and_what_was_voted_are_stored_apart(voting):
    first, second = voting.ballot("single"), voting.ballot("single")
    participant = voting.voters[0]
    for ballot in (first, second):
        voting.vote(participant["token"], ballot["id"], {"choice": voting.ideas[0]})
    roll = db.session.execute(select(BallotVoter)).scalars().all()
    assert {(r.ballot_id, r.voter_kind, r.voter_id) for r in roll} == {
        (first["id"], "participant", participant["participant"]["id"]),
        (second["id"], "participant", participant["participant"]["id"]),
    }
    assert set(BallotVoter.__table__.columns.keys()) == {"ballot_id", "voter_kind", "voter_id"}
    names = [row.pseudonym for ballot in (first, second) for row in stored(ballot["id"])]
    assert (
        len(names[0]) == 32 and names[0] != names[1]
    )  # differs per ballot: exports cannot be joined
    assert not {"voter_id", "voter_kind", "participant_id"} & set(
        StoredBallot.__table__.columns.keys()
    )


def test_options_are_shuffled_per_voter_and_stable_on_reload(voting):
    voting.join(5)
    ballot = voting.ballot("single")
    orders = []
    for voter in voting.voters:
        path = f"{voting.base}/ballots/{ballot['id']}/mine"
        first = voting.api.ok("GET", path, voter["token"])["order"]
        assert voting.api.ok("GET", path, voter["token"])["order"] == first
        assert sorted(first) == sorted(voting.ideas)
        orders.append(tuple(first))
    assert len(set(orders)) > 1


def test_my_ballot_view_shows_what_i_cast(voting):
    ballot = voting.ballot("ranked", params={"max_rank": 2})
    token = voting.voters[0]["token"]
    voting.vote(token, ballot["id"], {"ranking": [voting.ideas[1], voting.ideas[0]]})
    state = voting.api.ok("GET", f"{voting.base}/snapshot", token)["state"]
    assert state["my_ballots"][str(ballot["id"])]["my_vote"] == {
        "ranking": [voting.ideas[1], voting.ideas[0]]
    }


def test_public_results_follow_the_ballots_visibility(voting):
    token = voting.voters[0]["token"]
    live, hidden, never = (
        voting.ballot("single", visibility=v) for v in ("live", "hidden", "never")
    )
    for ballot in (live, hidden, never):
        voting.vote(token, ballot["id"], {"choice": voting.ideas[0]})
    assert voting.result(live["id"], token)["tally"]["ballots"] == 1
    assert voting.result(hidden["id"], token)["tally"] is None
    assert voting.result(hidden["id"], token)["turnout"]["voted"] == 1
    assert voting.result(never["id"], token)["tally"] is None
    assert voting.result(never["id"])["tally"]["ballots"] == 1  # the facilitator always sees it
    voting.act(hidden["id"], "close")
    voting.act(hidden["id"], "reveal")
    assert voting.result(hidden["id"], token)["tally"]["ballots"] == 1


def test_simultaneous_votes_are_written_in_shared_commits(voting, app):
    from hackkit.voting.writer import vote_writer

    voters = voting.join(24)
    ballot = voting.ballot("single")
    errors: list[Exception] = []

    def cast(voter):
        try:
            with app.app_context():
                voting.vote(
                    voter["token"], ballot["id"], {"choice": voting.ideas[len(voter["token"]) % 4]}
                )
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=cast, args=(v,)) for v in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    writer = vote_writer(app)
    assert writer.votes == 24
    assert writer.batches < 24  # several votes shared a commit
    assert voting.result(ballot["id"])["turnout"]["voted"] == 24


def test_shutting_down_commits_and_acknowledges_every_vote_already_queued(voting, app, monkeypatch):
    from hackkit import close_app
    from hackkit.voting.writer import VoteWriter, vote_writer

    voters = voting.join(6)
    ballot = voting.ballot("single")
    writer = vote_writer(app)
    gate = threading.Event()
    held: list[int] = []  # the size of the batch being written while the rest queue
    real_write = VoteWriter.write

    def held_write(self, batch):
        held.append(len(batch))
        gate.wait(10)  # the first batch is being written while the others queue behind it
        return real_write(self, batch)

    monkeypatch.setattr(VoteWriter, "write", held_write)
    receipts: list[dict] = []

    def cast(voter):
        with app.app_context():
            receipts.append(voting.vote(voter["token"], ballot["id"], {"choice": voting.ideas[0]}))

    threads = [threading.Thread(target=cast, args=(v,)) for v in voters]
    deadline = time.monotonic() + 10

    def until(done, what):
        while not done():
            assert time.monotonic() < deadline, what
            threading.Event().wait(0.01)

    threads[0].start()  # its batch is held in the writer while the other five queue behind it
    until(lambda: held == [1], "the first vote never reached the writer")
    for thread in threads[1:]:
        thread.start()
    until(lambda: writer.queue.qsize() == 5, "the other votes never queued")
    closer = threading.Thread(target=close_app, args=(app,))
    closer.start()
    gate.set()
    closer.join(15)
    assert not closer.is_alive()
    assert db.engine.pool.checkedout() == 0  # every connection was handed back and closed
    # By the time the app has shut down, every vote queued before it is committed...
    assert len(stored(ballot["id"])) == 6
    for thread in threads:
        thread.join(15)
    # ...and acknowledged.
    assert len(receipts) == 6 and all(r["counted"] for r in receipts)
    # A vote after the shutdown of the writer starts a new one rather than hanging.
    more = voting.join(1)[0]
    assert voting.vote(more["token"], ballot["id"], {"choice": voting.ideas[1]})["counted"]


def test_a_vote_over_socketio_takes_the_lean_path(voting, app, monkeypatch):
    """No Flask request context and no second read of the event (``socket="lean"``)."""
    ballot = voting.ballot("single")
    phone = socketio.test_client(app, auth={"token": voting.voters[0]["token"]})
    contexts: list[bool] = []
    real_cast = voting_actions.cast_vote

    def spy(*args, **kwargs):
        contexts.append(flask.has_request_context())
        return real_cast(*args, **kwargs)

    def reread(*_args, **_kwargs):
        raise AssertionError("the event was read again")

    monkeypatch.setattr(voting_actions, "cast_vote", spy)
    monkeypatch.setattr(actions, "check_event_access", reread)
    vote = {"ballot_id": ballot["id"], "vote_id": vote_id(), "content": {"choice": voting.ideas[0]}}
    reply = phone.emit("vote.cast", vote, callback=True)
    assert reply["ok"] and reply["data"]["counted"], reply
    assert contexts == [False]
    assert len(stored(ballot["id"])) == 1
