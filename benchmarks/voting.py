"""Voting: votes/s at saturation, vote->ack and vote->wall at 100/400/1,000 offered, vs bare.

The real server (``hackkit serve`` under gevent, SQLite in its instance folder) with the load on
the same machine: 1,000 connected voters, 80 connected wall clients (display tokens) and the
facilitator's console, all lean sockets in this process. Every vote goes the whole way:
payload validation, authorisation, the method's check, the grouped commit, the ack, and the
coalesced tally push to the walls (and the slower one to every phone).

* offered rate: votes sent open-loop at a fixed rate, each on its own ballot (so turnout and
  latencies do not mix). vote->ack is send to acknowledgement. vote->wall is send until the
  last of the 80 walls has received a tally computed after the vote's commit (the ack carries
  the commit time, each view the time it was computed: one server clock).
* saturation: every voter votes again as soon as its last vote is acknowledged.
* integrity: afterwards the database must hold exactly one receipt per acknowledged vote and
  one stored ballot per voter, and the tallies must count exactly those.

For comparison the same load runs against a bare Flask-SocketIO server (``_bare_voting``): acks
only, and a naive commit-and-push per vote.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import itertools
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from benchmarks._harness import Bench, connect_many, raise_file_limit, start
from benchmarks._report import bench, percentile
from hackkit.simulate.wire import LeanSocket
from tests.server import free_port

IDEAS = 12
PHASES = (("warmup", 200, 1.0), ("at_100", 100, 3.0), ("at_400", 400, 4.0), ("at_1000", 1000, 3.0))


@dataclass
class Sample:
    """One vote as the client saw it."""

    ballot_id: int
    voter: int
    vote_id: str
    sent_ms: float  # wall clock, for matching with server times
    ack_ms: float = 0.0  # latency
    committed_ms: float = 0.0  # server clock, from the ack
    ok: bool = False
    duplicate: bool = False
    error: str = ""


class LoopLag:
    """How late this process's event loop runs: a stall here would be blamed on the server."""

    def __init__(self) -> None:
        self.worst_ms = 0.0
        self.task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            self.worst_ms = max(self.worst_ms, (time.perf_counter() - before - 0.01) * 1000)

    def start(self) -> None:
        self.task = asyncio.create_task(self._watch())

    def take(self) -> float:
        worst, self.worst_ms = self.worst_ms, 0.0
        return worst


@dataclass
class Walls:
    """What the wall clients heard: per wall, per ballot, (computed at, arrived at) pairs."""

    heard: list[dict[int, list[tuple[float, float]]]] = field(default_factory=list)

    def listen(self, socks: list[LeanSocket]) -> None:
        for sock in socks:
            mine: dict[int, list[tuple[float, float]]] = defaultdict(list)
            self.heard.append(mine)

            def on_view(msg: dict, mine: dict = mine) -> None:
                if msg.get("type") == "ballot.tally":
                    data = msg["data"]
                    mine[data["ballot_id"]].append((data["at_ms"], time.time() * 1000))

            sock.on("view", on_view)
            sock.on("update", lambda _msg: None)

    def latency(self, sample: Sample) -> float | None:
        """Send -> the last wall receiving a tally computed after the vote's commit."""
        worst = 0.0
        for mine in self.heard:
            views = mine.get(sample.ballot_id, [])
            index = bisect.bisect_left(views, (sample.committed_ms, -1.0))
            if index == len(views):
                return None
            worst = max(worst, views[index][1] - sample.sent_ms)
        return worst

    def pushes_per_second(self, ballot_id: int) -> float:
        """The busiest second of pushes of one ballot to one wall."""
        views = self.heard[0].get(ballot_id, []) if self.heard else []
        per_second: dict[int, int] = defaultdict(int)
        for _computed, arrived in views:
            per_second[int(arrived // 1000)] += 1
        return max(per_second.values(), default=0)


# --- seeding ------------------------------------------------------------------------------------


def seed_voting(
    setup: Bench, voters: int, ballots: list[str]
) -> tuple[list[str], dict[str, int], list[str]]:
    """Ideas, participants and one open single-choice ballot per phase, through the services."""
    from hackkit import create_app
    from hackkit.auth import token_for_participant
    from hackkit.events.models import Event, Participant
    from hackkit.extensions import db
    from hackkit.teams.models import Idea
    from hackkit.voting import ballots as ballot_service
    from hackkit.voting.schemas import BallotFields

    app = create_app(
        {
            "database_url": setup.database_url,
            "instance_path": setup.instance,
            "async_mode": "threading",
        }
    )
    with app.app_context():
        session = db.session()
        event = session.get(Event, setup.event_id)
        session.add_all(
            Idea(event_id=event.id, title=f"Idea {n}", pitch="A pitch") for n in range(IDEAS)
        )
        people = [
            Participant(event_id=event.id, display_name=f"Voter {n}", name_key=f"voter {n}")
            for n in range(voters)
        ]
        session.add_all(people)
        session.commit()
        tokens = [token_for_participant(p) for p in people]
        ids: dict[str, int] = {}
        for name in ballots:
            fields = BallotFields(title=f"Ballot {name}", method="single", visibility="live")
            ballot = ballot_service.create_ballot(session, event, fields)
            ballot_service.open_ballot(session, event, ballot.id)
            session.commit()
            ids[name] = ballot.id
            options = list(ballot.options)
        db.remove()
    return tokens, ids, options


# --- load ---------------------------------------------------------------------------------------


async def cast(sock: LeanSocket, sample: Sample, choice: str, started: float) -> None:
    payload = {
        "ballot_id": sample.ballot_id,
        "vote_id": sample.vote_id,
        "content": {"choice": choice},
    }
    sample.sent_ms = time.time() * 1000
    try:
        reply = await sock.call("vote.cast", payload, timeout=30)
    except Exception as exc:  # counted as an error below
        sample.error = type(exc).__name__
        return
    sample.ack_ms = (time.perf_counter() - started) * 1000
    if reply.get("ok"):
        sample.ok, sample.duplicate = True, reply["data"]["duplicate"]
        sample.committed_ms = reply["data"]["at_ms"]
    else:
        sample.error = reply.get("error", {}).get("code", "refused")


async def offered(
    socks: list[LeanSocket],
    ballot_id: int,
    rate: float,
    seconds: float,
    options: list[str],
    offset: int,
) -> list[Sample]:
    """Send ``rate`` votes a second for ``seconds`` seconds, open loop (never waiting for acks)."""
    loop = asyncio.get_running_loop()
    count = int(rate * seconds)
    samples: list[Sample] = []
    tasks = []
    begin = loop.time() + 0.05
    for i in range(count):
        delay = begin + i / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        voter = (offset + i) % len(socks)
        sample = Sample(ballot_id, voter, uuid.uuid4().hex, 0.0)
        samples.append(sample)
        tasks.append(
            asyncio.create_task(
                cast(socks[voter], sample, options[i % len(options)], time.perf_counter())
            )
        )
    await asyncio.gather(*tasks)
    return samples


async def saturate(
    socks: list[LeanSocket], ballot_id: int, seconds: float, options: list[str]
) -> tuple[list[Sample], float]:
    """Every voter votes again as soon as acknowledged; returns the samples and the elapsed time."""
    samples: list[Sample] = []
    deadline = time.perf_counter() + seconds
    choice = itertools.cycle(options)

    async def voter(index: int, sock: LeanSocket) -> None:
        while time.perf_counter() < deadline:
            sample = Sample(ballot_id, index, uuid.uuid4().hex, 0.0)
            samples.append(sample)
            await cast(sock, sample, next(choice), time.perf_counter())
            if sample.error:
                await asyncio.sleep(0.05)

    began = time.perf_counter()
    await asyncio.gather(*(voter(i, s) for i, s in enumerate(socks)))
    return samples, time.perf_counter() - began


def report_phase(
    name: str, samples: list[Sample], walls: Walls | None, prefix: str = ""
) -> dict[str, float]:
    good = [s for s in samples if s.ok]
    acks = [s.ack_ms for s in good]
    figures = {"ack_p50": percentile(acks, 50), "ack_p99": percentile(acks, 99)}
    bench(f"{prefix}vote_ack_p50_ms_{name}", figures["ack_p50"], "ms")
    bench(f"{prefix}vote_ack_p99_ms_{name}", figures["ack_p99"], "ms")
    if walls is not None:
        reached = [walls.latency(s) for s in good]
        missing = sum(1 for r in reached if r is None)
        waits = [r for r in reached if r is not None]
        figures["wall_p50"], figures["wall_p99"] = percentile(waits, 50), percentile(waits, 99)
        bench(f"{prefix}vote_wall_p50_ms_{name}", figures["wall_p50"], "ms")
        bench(f"{prefix}vote_wall_p99_ms_{name}", figures["wall_p99"], "ms")
        if missing:
            bench(f"{prefix}votes_never_on_walls_{name}", missing, "votes")
    errors = len(samples) - len(good)
    if errors:
        kinds = sorted({s.error for s in samples if not s.ok})
        print(f"  {name}: {errors} votes refused or failed ({', '.join(kinds)})", flush=True)
    return figures


# --- integrity ----------------------------------------------------------------------------------


def check_integrity(setup: Bench, samples: list[Sample]) -> tuple[int, int]:
    """(votes lost, votes double-counted) comparing acknowledged votes with the database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(setup.database_url)
    lost = doubled = 0
    by_ballot: dict[int, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_ballot[sample.ballot_id].append(sample)
    with engine.connect() as conn:
        for ballot_id, votes in by_ballot.items():
            acked = {s.vote_id for s in votes if s.ok}
            where = {"b": ballot_id}
            stored = set(
                conn.execute(
                    text("SELECT vote_id FROM vote_receipts WHERE ballot_id = :b"), where
                ).scalars()
            )
            lost += len(acked - stored)
            voters = {s.voter for s in votes if s.ok}
            rows = conn.execute(
                text("SELECT COUNT(*) FROM stored_ballots WHERE ballot_id = :b"), where
            ).scalar_one()
            roll = conn.execute(
                text("SELECT COUNT(*) FROM ballot_voters WHERE ballot_id = :b"), where
            ).scalar_one()
            # One row per voter, one roll entry per voter. (A vote stored whose ack was lost to
            # a client timeout is not a double count: a retry with its id is acknowledged, not
            # added.)
            doubled += max(0, rows - len(voters)) + max(0, roll - len(voters))
            lost += max(0, len(voters) - rows)
            reply = requests.get(
                f"{setup.url}/api/events/{setup.event_id}/ballots/{ballot_id}/result",
                headers={"Authorization": f"Bearer {setup.facilitator_token}"},
                timeout=30,
            ).json()
            counted = reply["data"]["tally"]["ballots"]
            lost += max(0, rows - counted)
            doubled += max(0, counted - rows)
    engine.dispose()
    return lost, doubled


# --- runs ---------------------------------------------------------------------------------------


async def run_hackkit(setup: Bench, voters: int, walls_n: int, sat_s: float) -> dict[str, Any]:
    names = [name for name, _rate, _s in PHASES] + ["saturation"]
    tokens, ballots, options = seed_voting(setup, voters, names)
    walls = Walls()
    began = time.perf_counter()
    socks = await connect_many(setup.url, tokens)
    for sock in socks:  # phones hear tallies twice a second; read and drop them
        sock.on("view", lambda _msg: None)
        sock.on("update", lambda _msg: None)
    wall_socks = await connect_many(setup.url, [setup.display_token] * walls_n)
    walls.listen(wall_socks)
    console = await LeanSocket.connect(
        setup.url, auth={"token": setup.facilitator_token, "event_id": setup.event_id}
    )
    console.on("view", lambda _msg: None)
    console.on("update", lambda _msg: None)
    took = time.perf_counter() - began
    print(f"  connected {voters} voters, {walls_n} walls and a console in {took:.1f} s", flush=True)

    results: dict[str, Any] = {}
    everything: list[Sample] = []
    lag = LoopLag()
    lag.start()
    cpu = time.process_time()
    offset = 0
    for name, rate, seconds in PHASES:
        samples = await offered(socks, ballots[name], rate, seconds, options, offset)
        offset += len(samples)
        await asyncio.sleep(0.6)  # the last pushes
        everything += samples
        if name != "warmup":
            results[name] = report_phase(name, samples, walls)
            bench(f"load_generator_loop_lag_max_ms_{name}", lag.take(), "ms")
            bench(
                f"wall_pushes_per_s_max_{name}", walls.pushes_per_second(ballots[name]), "pushes/s"
            )
    lag.take()
    samples, elapsed = await saturate(socks, ballots["saturation"], sat_s, options)
    everything += samples
    bench("load_generator_loop_lag_max_ms_saturation", lag.take(), "ms")
    acked = sum(1 for s in samples if s.ok)
    results["saturation"] = acked / elapsed
    bench("votes_per_s_saturation", acked / elapsed, "votes/s")
    report_phase("saturation", samples, None)
    await asyncio.sleep(0.6)
    bench("load_generator_cpu_s", time.process_time() - cpu, "s")
    lost, doubled = check_integrity(setup, everything)
    bench("votes_acknowledged", sum(1 for s in everything if s.ok), "votes")
    bench("votes_lost", lost, "votes")
    bench("votes_double_counted", doubled, "votes")
    await asyncio.gather(
        *(s.close() for s in [*socks, *wall_socks, console]), return_exceptions=True
    )
    return results


async def run_bare(mode: str, voters: int, walls_n: int, sat_s: float) -> None:
    """The same load against the bare reference server."""
    folder = Path(tempfile.mkdtemp(prefix="hackkit-bare-"))
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "benchmarks._bare_voting",
        "--port",
        str(port),
        "--mode",
        mode,
        "--db",
        str(folder / "bare.db"),
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=Path(__file__).resolve().parent.parent,
    )
    url = f"http://127.0.0.1:{port}"
    socks: list[LeanSocket] = []
    try:
        for _ in range(300):
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        socks = await connect_many(url, ["voter"] * voters)
        wall_socks = await connect_many(url, ["wall"] * walls_n, role="wall")
        walls = Walls()
        walls.listen(wall_socks)
        socks += wall_socks
        voters_socks = socks[:voters]
        options = [str(n) for n in range(IDEAS)]
        samples = await offered(voters_socks, 1, 400, 3.0, options, 0)
        await asyncio.sleep(0.5)
        report_phase("at_400", samples, walls if mode == "commit" else None, prefix=f"bare_{mode}_")
        samples, elapsed = await saturate(voters_socks, 2, sat_s, options)
        bench(
            f"bare_{mode}_votes_per_s_saturation",
            sum(1 for s in samples if s.ok) / elapsed,
            "votes/s",
        )
    finally:
        await asyncio.gather(*(s.close() for s in socks), return_exceptions=True)
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    """Run the voting benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks voting", description=__doc__)
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--walls", type=int, default=80)
    parser.add_argument("--saturation-seconds", type=float, default=5.0)
    parser.add_argument("--no-bare", action="store_true", help="skip the bare-server comparison")
    args = parser.parse_args(argv)
    raise_file_limit()
    began = time.perf_counter()
    setup = start()
    try:
        asyncio.run(run_hackkit(setup, args.voters, args.walls, args.saturation_seconds))
    finally:
        setup.server.stop()
        shutil.rmtree(setup.instance.parent, ignore_errors=True)
    if not args.no_bare:
        for mode in ("ack", "commit"):
            asyncio.run(run_bare(mode, args.voters, args.walls, args.saturation_seconds))
    print(f"  total {time.perf_counter() - began:.0f} s", flush=True)
    return 0
