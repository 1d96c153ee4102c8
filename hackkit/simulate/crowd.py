"""A rehearsal crowd: simulated participants and wall screens driving a real server.

Each participant joins over HTTP like a phone, connects one lean Socket.IO connection, syncs,
fills a profile, forms or joins a team, submits an idea, posts progress, and votes in every
open ballot. "human" pacing waits seconds between steps; "stress" does not wait at all.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from hackkit.simulate.http import request_json
from hackkit.simulate.wire import LeanSocket

SKILL_GUESSES = ["design", "frontend", "backend", "data", "business", "storytelling", "hardware"]
TEAM_EVERY = 4  # one in four participants creates a team; the others join one


@dataclass
class Stats:
    """Counts and latencies, shared by the whole crowd (one event loop, no locking needed)."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    started: float = field(default_factory=time.monotonic)

    def timed(self, name: str, seconds: float) -> None:
        self.latencies[name].append(seconds * 1000)

    def line(self) -> str:
        c = self.counts
        return (
            f"{time.monotonic() - self.started:6.1f}s  joined {c['joined']}  "
            f"connected {c['connected']}  teams {c['teams']}  ideas {c['ideas']}  "
            f"progress {c['progress']}  votes {c['votes']}  walls {c['walls']}  "
            f"errors {sum(self.errors.values())}"
        )

    def summary(self) -> list[str]:
        lines = [self.line(), "latency (ms)          n     p50     p90     p99     max"]
        for name, samples in sorted(self.latencies.items()):
            s = sorted(samples)

            def q(p: float, s: list[float] = s) -> float:
                return s[min(len(s) - 1, int(p * len(s)))]

            lines.append(
                f"  {name:<16} {len(s):6d} {q(0.5):7.1f} {q(0.9):7.1f} {q(0.99):7.1f} {s[-1]:7.1f}"
            )
        for name, count in sorted(self.errors.items()):
            lines.append(f"  error {name}: {count}")
        return lines


@dataclass
class Crowd:
    """The crowd's settings and shared state."""

    url: str
    code: str
    participants: int
    walls: int = 0
    display_key: str | None = None
    pace: str = "human"  # "human" or "stress"
    duration_s: float = 60
    seed: int = 1
    stats: Stats = field(default_factory=Stats)
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:6])  # names stay unique per run
    team_codes: dict[int, asyncio.Future] = field(default_factory=dict)
    sockets: list[LeanSocket] = field(default_factory=list)

    async def pause(self, rng: random.Random, low: float = 1, high: float = 8) -> None:
        if self.pace == "human":
            await asyncio.sleep(rng.uniform(low, high))
        else:
            await asyncio.sleep(0)

    async def call(self, sock: LeanSocket, name: str, payload: dict[str, Any]) -> Any:
        started = time.monotonic()
        try:
            reply = await sock.call(name, payload, timeout=30)
        except Exception as exc:  # a dropped socket or a timeout is an error to count, not a crash
            self.stats.errors[f"{name}: {type(exc).__name__}"] += 1
            return None
        self.stats.timed(name, time.monotonic() - started)
        if not isinstance(reply, dict) or not reply.get("ok"):
            code = (
                (reply or {}).get("error", {}).get("code", "no_reply")
                if isinstance(reply, dict)
                else "bad_reply"
            )
            self.stats.errors[f"{name}: {code}"] += 1
            return None
        return reply["data"]

    async def participant(self, n: int) -> None:
        rng = random.Random(self.seed * 100_003 + n)
        started = time.monotonic()
        status, body = await request_json(
            self.url,
            "POST",
            "/api/join",
            {"code": self.code, "name": f"Sim {n:05d} {self.run_id}"},
        )
        if status != 200:
            self.stats.errors[f"join: {status}"] += 1
            return
        self.stats.timed("join", time.monotonic() - started)
        self.stats.counts["joined"] += 1
        token = body["data"]["token"]
        started = time.monotonic()
        sock = await LeanSocket.connect(self.url, auth={"token": token}, timeout=30)
        self.sockets.append(sock)
        self.stats.counts["connected"] += 1
        snapshot = await self.call(sock, "sync", {})
        self.stats.timed("connect+sync", time.monotonic() - started)
        if snapshot is None:
            return
        state = snapshot["state"]
        await self.pause(rng)
        challenges = [c["id"] for c in state.get("challenges", [])]
        skills = rng.sample(SKILL_GUESSES, 2)
        await self.call(
            sock,
            "profile.update",
            {
                "skills": [],
                "tags": skills,
                "preferences": rng.sample(challenges, min(2, len(challenges))),
            },
        )
        await self.pause(rng)
        # Every fourth person founds a team; the next three join it with its code, as people
        # at a table would. A full or vanished team sends them looking for another.
        group = n // TEAM_EVERY
        founded = self.team_codes.setdefault(group, asyncio.get_running_loop().create_future())
        team = None
        if n % TEAM_EVERY == 0:
            challenge = rng.choice(challenges) if challenges else None
            team = await self.call(
                sock,
                "team.create",
                {"name": f"Team {group:05d} {self.run_id}", "challenge_id": challenge},
            )
            if not founded.done():
                founded.set_result(team.get("code") if team else None)
            if team:
                self.stats.counts["teams"] += 1
                idea = await self.call(
                    sock,
                    "idea.create",
                    {
                        "title": f"Idea of team {group}",
                        "pitch": "A simulated idea",
                        "description_md": "Made by **hackkit simulate**.",
                        "challenge_id": challenge,
                    },
                )
                if idea:
                    self.stats.counts["ideas"] += 1
        else:
            try:
                code = await asyncio.wait_for(asyncio.shield(founded), timeout=60)
            except TimeoutError:
                code = None
            if code:
                team = await self.call(sock, "team.join", {"code": code})
        if team:
            await self.pause(rng)
            posted = await self.call(
                sock,
                "team.progress",
                {"team_id": team["id"], "body": f"Sim {n} is working out loud"},
            )
            if posted:
                self.stats.counts["progress"] += 1
        await self.pause(rng)
        await self.vote_in_open_ballots(sock, rng)

    async def vote_in_open_ballots(self, sock: LeanSocket, rng: random.Random) -> None:
        snapshot = await self.call(sock, "sync", {})
        if snapshot is None:
            return
        for ballot in _open_ballots(snapshot["state"]):
            content = ballot_content(ballot, rng)
            if content is None:
                continue
            if await self.call(
                sock,
                "vote.cast",
                {"ballot_id": ballot["id"], "vote_id": uuid.uuid4().hex, "content": content},
            ):
                self.stats.counts["votes"] += 1

    async def wall(self, n: int) -> None:
        sock = await LeanSocket.connect(self.url, auth={"token": self.display_key}, timeout=30)
        self.sockets.append(sock)
        self.stats.counts["walls"] += 1
        await self.call(sock, "sync", {})

    async def run(self, progress: Any = None) -> Stats:
        """Start everyone, staggered over a few seconds (human) or at once (stress)."""
        tasks = []
        spread = min(10.0, self.participants / 100) if self.pace == "human" else 0
        for n in range(self.walls):
            tasks.append(asyncio.create_task(self._guard("wall", self.wall(n))))
        for n in range(self.participants):
            if spread:
                await asyncio.sleep(spread / self.participants)
            tasks.append(asyncio.create_task(self._guard("participant", self.participant(n))))
        reporter = asyncio.create_task(self._report(progress)) if progress else None
        try:
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=self.duration_s)
        except TimeoutError:
            self.stats.errors["did not finish in time"] += sum(not t.done() for t in tasks)
            for task in tasks:
                task.cancel()
        if reporter:
            reporter.cancel()
        await asyncio.gather(*(s.close() for s in self.sockets), return_exceptions=True)
        return self.stats

    async def _guard(self, what: str, job: Any) -> None:
        try:
            await job
        except Exception as exc:
            self.stats.errors[f"{what}: {type(exc).__name__}"] += 1

    async def _report(self, progress: Any) -> None:
        while True:
            await asyncio.sleep(1)
            progress(self.stats.line())


def _open_ballots(state: dict[str, Any]) -> list[dict[str, Any]]:
    voting = state.get("voting") or {}
    ballots = voting.get("ballots") if isinstance(voting, dict) else None
    ballots = ballots if ballots is not None else state.get("ballots", [])
    return [b for b in ballots or [] if b.get("status") == "open"]


def ballot_content(ballot: dict[str, Any], rng: random.Random) -> dict[str, Any] | None:
    """A random valid ballot for the ballot's method (what a person might pick)."""
    options = [str(o["id"]) if isinstance(o, dict) else str(o) for o in ballot.get("options", [])]
    if not options:
        return None
    params = ballot.get("params") or {}
    method = ballot.get("method")
    if method == "single":
        return {"choice": rng.choice(options)}
    if method == "approval":
        return {"choices": rng.sample(options, rng.randint(1, len(options)))}
    if method == "dots":
        dots, per = int(params.get("dots", 5)), int(params.get("max_per_option", 3))
        spread: dict[str, int] = {}
        for _ in range(dots):
            pick = rng.choice(options)
            if spread.get(pick, 0) < per:
                spread[pick] = spread.get(pick, 0) + 1
        return {"dots": spread}
    if method == "budget":
        budget = int(params.get("budget", 100))
        cuts = sorted(rng.randint(0, budget) for _ in range(len(options) - 1))
        shares = [b - a for a, b in zip([0, *cuts], [*cuts, budget], strict=True)]
        return {"points": dict(zip(options, shares, strict=True))}
    if method == "ranked":
        k = int(params.get("max_rank", 3))
        return {"ranking": rng.sample(options, min(k, len(options)))}
    return None  # rubric and pairwise are for jury members, not the crowd
