"""Crash-safe voting: a storm of 500 voters while the server is killed with SIGKILL and
restarted several times. Every acknowledged vote is in the database, none is counted twice,
and every client resyncs.

Each simulated voter changes its vote every second or so until the storm is over. A vote whose
acknowledgement is lost in a crash is retried with the same vote id after reconnecting, as the
phone page does, so it is counted once whether or not the first attempt reached the disk.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import uuid

import pytest
from sqlalchemy import func, select

from hackkit.extensions import db
from hackkit.simulate.wire import LeanSocket
from hackkit.voting.models import BallotVoter, StoredBallot
from tests.helpers import run_async
from tests.server import ServerProcess

pytestmark = [pytest.mark.server, pytest.mark.slow]
VOTERS = int(os.environ.get("HACKKIT_CRASH_VOTERS", "500"))
KILLS = 3


class Voter:
    """One phone: keeps changing its vote until the storm is over, reconnecting after crashes."""

    def __init__(
        self, server: ServerProcess, token: str, ballot_id: int, options: list[str], seed: int
    ):
        self.server, self.token, self.ballot_id, self.options = server, token, ballot_id, options
        self.rng = random.Random(seed)
        self.sock: LeanSocket | None = None
        self.acked: list[dict] = []
        self.resyncs = 0
        self.retried = 0

    async def connect(self) -> LeanSocket:
        delay = 0.2
        while True:
            if self.sock is not None and not self.sock.closed.done():
                return self.sock
            try:
                self.sock = await LeanSocket.connect(
                    self.server.url, auth={"token": self.token}, timeout=20
                )
                reply = await self.sock.call("sync", {}, timeout=20)
                if reply.get("ok"):
                    self.resyncs += 1
                    return self.sock
            except Exception:  # the server is down or starting: back off and try again
                self.sock = None
            await asyncio.sleep(delay * self.rng.uniform(0.5, 1.5))
            delay = min(2.0, delay * 1.5)

    async def cast(self) -> None:
        vote = {
            "ballot_id": self.ballot_id,
            "vote_id": uuid.uuid4().hex,
            "content": {"choice": self.rng.choice(self.options)},
        }
        while True:  # until this vote is acknowledged: same id, same content
            sock = await self.connect()
            try:
                reply = await sock.call("vote.cast", vote, timeout=20)
            except Exception:
                continue
            if reply.get("ok"):
                self.acked.append(reply["data"])
                return
            # The phone page retries these too (vote.js RETRYABLE): the server asks for it.
            if reply["error"]["code"] not in {"rate_limited", "vote_timeout", "vote_not_saved"}:
                raise AssertionError(f"vote refused: {reply['error']}")
            self.retried += 1
            await asyncio.sleep(0.2)

    async def run(self, storm_over: asyncio.Event) -> None:
        while not storm_over.is_set():
            await self.cast()
            await asyncio.sleep(self.rng.uniform(0.5, 2.0))
        await self.connect()  # back and in sync after the last crash
        await self.sock.close()


async def storm(server: ServerProcess, voters: list[Voter]) -> int:
    async def all_synced(times: int) -> None:
        while any(v.resyncs < times or not v.acked for v in voters):
            await asyncio.sleep(0.1)

    async def killer() -> int:
        kills = 0
        for _ in range(KILLS):
            # Every phone is back and voting, then crash mid-storm.
            await asyncio.wait_for(all_synced(kills + 1), timeout=120)
            await asyncio.sleep(1.0)
            server.kill(signal.SIGKILL)
            kills += 1
            await asyncio.to_thread(server.start, 60)
        await asyncio.wait_for(all_synced(kills + 1), timeout=120)
        return kills

    storm_over = asyncio.Event()
    kill_task = asyncio.create_task(killer())
    kill_task.add_done_callback(lambda _: storm_over.set())
    await asyncio.gather(*(v.run(storm_over) for v in voters))
    return await kill_task


def test_no_acknowledged_vote_is_lost_or_counted_twice_across_crashes(
    app, api, database_url, instance_path
):
    fac = api.facilitator()
    event = api.event(fac, "Crash vote")
    base = f"/api/events/{event['id']}"
    for n in range(3):
        maker = api.join(event["code"], f"Maker {n}")["token"]
        api.ok("POST", base + "/teams", maker, {"name": f"Team {n}"})
        api.ok("POST", base + "/ideas", maker, {"title": f"Idea {n}"})
    ballot = api.ok(
        "POST",
        base + "/ballots",
        fac,
        {"title": "People's choice", "method": "single", "visibility": "live"},
    )
    api.ok("POST", f"{base}/ballots/{ballot['id']}/open", fac)
    options = [str(option["id"]) for option in ballot["options"]]
    assert len(options) == 3
    tokens = [api.join(event["code"], f"Voter {n}")["token"] for n in range(VOTERS)]

    server = ServerProcess(
        instance_path, database_url, extra_env={"HACKKIT_JOIN_RATE": "1000000"}
    ).start()
    try:
        voters = [Voter(server, t, ballot["id"], options, n) for n, t in enumerate(tokens)]
        kills = run_async(storm(server, voters))
    finally:
        server.stop()

    assert kills == KILLS
    db.session.expire_all()
    stored = db.session.execute(
        select(func.count()).select_from(StoredBallot).where(StoredBallot.ballot_id == ballot["id"])
    ).scalar_one()
    voted = db.session.execute(
        select(func.count()).select_from(BallotVoter).where(BallotVoter.ballot_id == ballot["id"])
    ).scalar_one()
    assert stored == VOTERS, "one stored ballot per voter: none lost, none doubled"
    assert voted == VOTERS
    # Each voter's stored ballot is exactly their last acknowledged vote.
    mismatched = []
    for voter in voters:
        mine = api.ok("GET", f"{base}/ballots/{ballot['id']}/mine", voter.token)
        if mine.get("my_vote") != voter.acked[-1]["content"]:
            mismatched.append((mine.get("my_vote"), voter.acked[-1]["content"]))
    assert mismatched == []
    tally = api.ok("GET", f"{base}/ballots/{ballot['id']}/result", fac)
    total = sum(row["score"] for row in tally["tally"]["ranking"])
    assert total == VOTERS
    # Every phone was connected at every crash, and came back and resynced after each.
    assert all(v.resyncs >= KILLS + 1 for v in voters)
    acked = sum(len(v.acked) for v in voters)
    retried = sum(v.retried for v in voters)
    print(
        f"crash-safe voting: {VOTERS} voters, {acked} acknowledged votes, {kills} kills, "
        f"{retried} votes the server asked to send again"
    )
