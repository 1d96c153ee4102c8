"""Judging on a real server process with real Socket.IO clients: the switch reaches every
juror at once, a paused juror's judgements are refused over the socket too, conflicts reach
the juror's own phone only, and jurors never see a live tally while a ballot is open."""

from __future__ import annotations

import queue

import pytest
import requests

from tests.test_realtime_server import Phone
from tests.voting.conftest import vote_id
from tests.voting.test_jury import CRITERIA
from tests.voting.test_live_voting import close_all, views_until

pytestmark = pytest.mark.server


def juror_phone(server, v, name):
    juror = v.api.ok("POST", f"{v.base}/jury", v.fac, {"name": name})
    invite = requests.get(server.url + juror["invite_path"], allow_redirects=False, timeout=10)
    return Phone(server.url, invite.cookies[f"hkj_{v.event['code']}"]), juror


def test_the_switch_reaches_every_juror_at_once_and_a_pause_refuses_over_the_socket(
    server, remote_voting
):
    v = remote_voting
    rubric = v.ballot("rubric", voters="jury", params={"criteria": CRITERIA})
    pairwise = v.ballot("pairwise", voters="jury", params={"epsilon": 0})
    (ada, _), (bo, _) = juror_phone(server, v, "Ada"), juror_phone(server, v, "Bo")
    console = Phone(server.url, v.fac, event_id=v.event["id"])
    screens = [ada, bo, console]
    try:
        pair = ada.call("pairwise.next", {"ballot_id": pairwise["id"]})["data"]["pair"]
        v.api.ok("PUT", f"{v.base}/judging/switch", v.fac, {"state": "paused"})
        pushes = [screen.next_update("judging.switch") for screen in screens]
        assert all(p == pushes[0] for p in pushes) and pushes[0]["data"]["state"] == "paused"
        content = {"scores": {v.ideas[0]: {"impact": 3, "demo": 3}}}
        refused = ada.call(
            "vote.cast", {"ballot_id": rubric["id"], "vote_id": vote_id(), "content": content}
        )
        assert refused["ok"] is False and refused["error"]["code"] == "judging_paused"
        decision = {"winner": pair[0], "loser": pair[1]}
        refused = ada.call(
            "vote.cast", {"ballot_id": pairwise["id"], "vote_id": vote_id(), "content": decision}
        )
        assert refused["error"]["code"] == "judging_paused"
        assert bo.call("pairwise.next", {"ballot_id": pairwise["id"]})["error"]["code"] == (
            "judging_paused"
        )
        # A reconnecting phone learns the state from its snapshot.
        assert bo.call("sync", {})["data"]["state"]["judging"]["switch"] == "paused"
        v.api.ok("PUT", f"{v.base}/judging/switch", v.fac, {"state": "open"})
        assert ada.next_update("judging.switch")["data"]["state"] == "open"
        taken = ada.call(
            "vote.cast", {"ballot_id": pairwise["id"], "vote_id": vote_id(), "content": decision}
        )
        assert taken["ok"], taken
    finally:
        close_all(screens)


def test_a_conflict_reaches_the_jurors_own_phone_and_the_console_only(server, remote_voting):
    v = remote_voting
    (ada, _), (bo, _) = juror_phone(server, v, "Ada"), juror_phone(server, v, "Bo")
    console = Phone(server.url, v.fac, event_id=v.event["id"])
    try:
        reply = ada.call(
            "judging.conflict.declare", {"idea_id": int(v.ideas[1]), "reason": "my team"}
        )
        assert reply["ok"] and reply["data"]["conflicts"][0]["idea_id"] == int(v.ideas[1])
        mine = ada.next_view("judging.mine")
        assert mine["data"]["conflicts"][0]["reason"] == "my team"
        seen = console.next_view("judging.conflicts")
        assert [c["juror"] for c in seen["data"]["conflicts"]] == ["Ada"]
        assert bo.call("sync", {})["data"]["state"]["judging"]["conflicts"] == []
        with pytest.raises(queue.Empty):  # Bo hears nothing of it
            bo.next_view("judging.mine", timeout=0.5)
    finally:
        close_all([ada, bo, console])


@pytest.mark.parametrize("method", ["rubric", "pairwise"])
def test_jurors_see_no_live_tally_while_judging_on_any_path(server, remote_voting, method):
    v = remote_voting
    params = {"criteria": CRITERIA} if method == "rubric" else {"epsilon": 0}
    ballot = v.ballot(method, voters="both", visibility="live", params=params)
    jury_phone, _ = juror_phone(server, v, "Ada")
    phone = Phone(server.url, v.voters[0]["token"])
    try:
        for voter in v.voters:
            if method == "rubric":
                content = {"scores": {v.ideas[0]: {"impact": 4, "demo": 2}}}
            else:
                token = voter["token"]
                pair = v.api.ok("POST", f"{v.base}/ballots/{ballot['id']}/pairs/next", token, {})[
                    "pair"
                ]
                content = {"winner": pair[0], "loser": pair[1]}
            v.vote(voter["token"], ballot["id"], content)
        # Participants see the live tally; the juror, on every path, does not.
        public = views_until(
            phone, ballot["id"], lambda d: d["turnout"]["voted"] == 3, kind="ballot.phones"
        )
        assert public[-1]["data"]["tally"] is not None
        juror_views = views_until(
            jury_phone, ballot["id"], lambda d: d["turnout"]["voted"] == 3, kind="ballot.phones"
        )
        assert all(view["data"]["tally"] is None for view in juror_views)
        snap = jury_phone.call("sync", {})["data"]["state"]
        assert snap["ballot_results"][str(ballot["id"])]["tally"] is None
        result = jury_phone.call("ballot.result", {"ballot_id": ballot["id"]})["data"]
        assert result["tally"] is None
        mine = jury_phone.call("ballot.mine", {"ballot_id": ballot["id"]})["data"]
        assert "tally" not in mine and "result" not in mine
        if method == "pairwise":
            following = jury_phone.call("pairwise.next", {"ballot_id": ballot["id"]})["data"]
            assert set(following) == {"ballot_id", "pair", "done"}
        v.act(ballot["id"], "close")
        closed = jury_phone.call("ballot.result", {"ballot_id": ballot["id"]})["data"]
        assert closed["tally"] is not None  # once closed, a live ballot's result is public
    finally:
        close_all([jury_phone, phone])


def test_a_juror_set_aside_hears_it_on_their_phone_and_is_refused(server, remote_voting):
    v = remote_voting
    pairwise = v.ballot("pairwise", voters="jury", params={"epsilon": 0})
    ada, juror = juror_phone(server, v, "Ada")
    try:
        path = f"{v.base}/judging/jurors/{juror['id']}/flag"
        v.api.ok("PUT", path, v.fac, {"status": "busy", "reason": "on stage"})
        told = ada.next_view("judging.mine")["data"]["flag"]
        assert told == {"flag": "busy", "reason": "on stage"}
        refused = ada.call("pairwise.next", {"ballot_id": pairwise["id"]})
        assert refused["error"]["code"] == "judge_set_aside"
        assert "on stage" in refused["error"]["message"]
        v.api.ok("PUT", path, v.fac, {"status": "judging"})
        assert ada.next_view("judging.mine")["data"]["flag"]["flag"] is None
        assert ada.call("pairwise.next", {"ballot_id": pairwise["id"]})["data"]["pair"]
    finally:
        close_all([ada])
