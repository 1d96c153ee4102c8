"""Voting on a real server process (gevent) with real Socket.IO clients."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from hackkit.extensions import db
from hackkit.voting.models import StoredBallot, VoteReceipt
from tests.test_realtime_server import Phone
from tests.voting.conftest import vote_id

pytestmark = pytest.mark.server


def all_at_once(calls):
    """Run the calls in threads released together; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def close_all(phones):
    """Close clients in parallel: each close may wait out the client's 3 s close handshake."""
    all_at_once([phone.close for phone in phones])


def views_until(phone, ballot_id, done, timeout=8.0, kind="ballot.tally"):
    """Collect views of one ballot until ``done(view)``; returns them all."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        view = phone.next_view(kind, timeout=max(0.05, deadline - time.monotonic()))
        if view["data"]["ballot_id"] == ballot_id:
            seen.append(view)
            if done(view["data"]):
                return seen
    raise AssertionError(f"condition not reached; last views: {seen[-2:]}")


def count_rows(model, ballot_id):
    db.session.rollback()  # see what the server committed
    return db.session.execute(
        select(func.count()).select_from(model).where(model.ballot_id == ballot_id)
    ).scalar_one()


def test_duplicates_count_once_a_change_replaces_and_closed_is_closed(server, remote_voting):
    v = remote_voting
    ballot = v.ballot("single")
    token = v.voters[0]["token"]
    phones = [Phone(server.url, token) for _ in range(4)]
    try:
        same = {"ballot_id": ballot["id"], "vote_id": vote_id(), "content": {"choice": v.ideas[0]}}
        replies = all_at_once([lambda p=p: p.call("vote.cast", same) for p in phones * 3])
        assert all(r["ok"] for r in replies), replies
        assert sorted(r["data"]["duplicate"] for r in replies) == [False] + [True] * 11
        assert count_rows(StoredBallot, ballot["id"]) == 1
        assert count_rows(VoteReceipt, ballot["id"]) == 1

        change = {
            "ballot_id": ballot["id"],
            "vote_id": vote_id(),
            "content": {"choice": v.ideas[2]},
        }
        assert phones[1].call("vote.cast", change)["ok"]
        tally = v.result(ballot["id"])["tally"]
        assert tally["counts"][v.ideas[2]] == 1 and tally["counts"][v.ideas[0]] == 0
        assert count_rows(StoredBallot, ballot["id"]) == 1

        display = Phone(server.url, v.api.display_token(v.event["id"]))
        phones.append(display)
        refused = [
            (display, {**change, "vote_id": vote_id()}, "forbidden"),
            (phones[0], {**change, "content": {"choice": "nope"}}, "unknown_option"),
            (phones[0], {"ballot_id": ballot["id"], "content": {}}, "invalid_payload"),
            (phones[0], {"ballot_id": 99999, "vote_id": vote_id(), "content": {}}, "not_found"),
        ]
        for phone, payload, code in refused:
            reply = phone.call("vote.cast", payload)
            assert reply["ok"] is False and reply["error"]["code"] == code, reply

        v.act(ballot["id"], "close")
        late = {"ballot_id": ballot["id"], "vote_id": vote_id(), "content": {"choice": v.ideas[3]}}
        reply = phones[2].call("vote.cast", late)
        assert reply["ok"] is False and reply["error"]["code"] == "ballot_closed"
        assert v.result(ballot["id"])["tally"]["counts"][v.ideas[2]] == 1
    finally:
        close_all(phones)


def test_a_crowd_voting_at_once_is_counted_exactly_with_coalesced_pushes(server, remote_voting):
    v = remote_voting
    voters = v.join(27)
    ballot = v.ballot("single")
    display = Phone(server.url, v.api.display_token(v.event["id"]))
    console = Phone(server.url, v.fac, event_id=v.event["id"])
    phones = [Phone(server.url, voter["token"]) for voter in v.voters]
    try:
        calls = [
            lambda p=p, i=i: p.call(
                "vote.cast",
                {
                    "ballot_id": ballot["id"],
                    "vote_id": vote_id(),
                    "content": {"choice": v.ideas[i % 4]},
                },
            )
            for i, p in enumerate(phones)
        ]
        replies = all_at_once(calls)
        assert all(r["ok"] and not r["data"]["duplicate"] for r in replies), replies
        voted = len(voters) + 3
        walls = views_until(display, ballot["id"], lambda d: d["turnout"]["voted"] == voted)
        assert len(walls) < voted / 3  # merged: never one push per vote
        assert walls[-1]["data"]["scope"] == "public"
        assert walls[-1]["data"]["tally"]["ballots"] == voted
        seqs = [view["seq"] for view in walls]
        assert seqs == sorted(seqs)
        full = views_until(
            console, ballot["id"], lambda d: d["scope"] == "full" and d["turnout"]["voted"] == voted
        )
        assert full[-1]["data"]["tally"]["ballots"] == voted
        assert count_rows(StoredBallot, ballot["id"]) == voted
    finally:
        close_all([display, console, *phones])


def test_hidden_results_stay_hidden_until_the_reveal_reaches_every_screen(server, remote_voting):
    v = remote_voting
    ballot = v.ballot("dots", visibility="hidden")
    juror = v.api.ok("POST", f"{v.base}/jury", v.fac, {"name": "Jo"})
    display = Phone(server.url, v.api.display_token(v.event["id"]))
    console = Phone(server.url, v.fac, event_id=v.event["id"])
    phones = [Phone(server.url, voter["token"]) for voter in v.voters]
    import requests

    invite = requests.get(server.url + juror["invite_path"], allow_redirects=False, timeout=10)
    jury_phone = Phone(server.url, invite.cookies[f"hkj_{v.event['code']}"])
    screens = [display, console, jury_phone, *phones]
    try:
        for i, phone in enumerate(phones):
            content = {"dots": {v.ideas[0]: 2, v.ideas[i % 3 + 1]: 1}}
            reply = phone.call(
                "vote.cast", {"ballot_id": ballot["id"], "vote_id": vote_id(), "content": content}
            )
            assert reply["ok"], reply
        public = views_until(display, ballot["id"], lambda d: d["turnout"]["voted"] == 3)
        assert all(view["data"]["tally"] is None for view in public)
        phone_views = views_until(
            phones[0], ballot["id"], lambda d: d["turnout"]["voted"] == 3, kind="ballot.phones"
        )
        assert all(view["data"]["tally"] is None for view in phone_views)
        full = views_until(
            console, ballot["id"], lambda d: d["scope"] == "full" and d["turnout"]["voted"] == 3
        )
        assert full[-1]["data"]["tally"]["ranking"][0]["option"] == v.ideas[0]

        v.act(ballot["id"], "close")
        v.act(ballot["id"], "reveal")
        reveals = [screen.next_update("ballot.revealed") for screen in screens]
        assert all(r == reveals[0] for r in reveals)  # one message, same revision, same result
        result = reveals[0]["data"]["result"]
        assert result["tally"]["ranking"][0] == {"option": v.ideas[0], "score": 6.0, "rank": 1}
        assert "judges" not in result["tally"]
        assert reveals[0]["data"]["apply_at_ms"] > 0
    finally:
        close_all(screens)


def test_every_phone_gets_the_phone_view_once_whatever_slice_it_is_in(server, remote_voting):
    """Phones get the once-a-second view slice by slice (so acks are not held up behind a
    thousand writes); every phone must still get each push, and only once."""
    v = remote_voting
    v.join(17)  # 20 phones: every one of the 16 slices, some holding two
    ballot = v.ballot("single")
    phones = all_at_once([lambda t=voter["token"]: Phone(server.url, t) for voter in v.voters])
    try:
        for voter in v.voters[:3]:
            v.vote(voter["token"], ballot["id"], {"choice": v.ideas[0]})
        for phone in phones:
            views = views_until(
                phone, ballot["id"], lambda d: d["turnout"]["voted"] == 3, kind="ballot.phones"
            )
            assert views[-1]["data"]["scope"] == "public"
            seqs = [view["seq"] for view in views]
            assert len(seqs) == len(set(seqs)), "a phone got the same push twice"
    finally:
        close_all(phones)
