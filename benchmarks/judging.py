"""Judging: next-pair latency and idea coverage with 300 ideas and 60 jurors in 6 groups.

The real server (``hackkit serve`` under gevent, SQLite in its instance folder). Each of the
six groups of ten jurors has two ballots over its own 50 of the 300 ideas, one pairwise
(CrowdBT) and one rubric, open at once. Every juror judges at a fixed pace
(``--think``, 2 s by default with jitter: 30 decisions a second across the room, far more
than a real round, where a judgement takes minutes; ``--think 0`` is saturation): two pairwise
decisions for each rubric score, ``--decisions`` decisions in all, over lean sockets in this
process. Each pairwise decision's reply carries the judge's next pair, so the time from
sending a decision (or asking for a first pair) to holding the next pair is what a judge waits
for: ``judging_next_pair_p99_ms``. At the end the console's progress view gives the least
number of different judges any idea was judged by (``judging_coverage_min``), next to what
the planner predicted for the same round.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
import uuid
from typing import Any

import requests

from benchmarks._harness import connect_many, start
from benchmarks._report import bench, percentile
from hackkit.voting.planner import Plan, coverage

IDEAS = 300
JURORS = 60
GROUPS = 6
CRITERIA = [{"key": "impact", "label": "Impact"}, {"key": "demo", "label": "Demo"}]


def seed_ideas(database_url: str, instance: Any, event_id: int) -> list[int]:
    """300 visible ideas straight into the server's database."""
    from hackkit import create_app
    from hackkit.extensions import db
    from hackkit.teams.models import Idea

    app = create_app(
        {"database_url": database_url, "instance_path": instance, "async_mode": "threading"}
    )
    with app.app_context():
        ideas = [
            Idea(event_id=event_id, title=f"Idea {n}", pitch=f"Pitch {n}") for n in range(IDEAS)
        ]
        db.session.add_all(ideas)
        db.session.commit()
        ids = [idea.id for idea in ideas]
        db.remove()
        return ids


def api(url: str, method: str, path: str, token: str, body: Any = None) -> Any:
    response = requests.request(
        method, url + path, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    payload = response.json()
    if not payload.get("ok"):
        raise RuntimeError(f"{method} {path}: {payload}")
    return payload["data"]


async def judge(
    sock: Any,
    pairwise_id: int,
    rubric_id: int,
    decisions: int,
    think: float,
    waits: list,
) -> int:
    """One juror's round: pairwise decisions, and a rubric score after every second one,
    scoring the idea their phone puts first (the fewest scored)."""
    rng = random.Random()
    started = time.perf_counter()
    reply = await sock.call("pairwise.next", {"ballot_id": pairwise_id}, timeout=60)
    waits.append((time.perf_counter() - started) * 1000)
    pair = reply["data"]["pair"]
    scored = 0
    made = 0
    for n in range(decisions):
        if pair is None:
            break
        await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
        content = {"winner": pair[0], "loser": pair[1]}
        started = time.perf_counter()
        reply = await sock.call(
            "vote.cast",
            {"ballot_id": pairwise_id, "vote_id": uuid.uuid4().hex, "content": content},
            timeout=60,
        )
        waits.append((time.perf_counter() - started) * 1000)
        if not reply.get("ok"):
            raise RuntimeError(f"decision refused: {reply}")
        made += 1
        pair = reply["data"]["next"]["pair"]
        if n % 2 == 1:
            view = await sock.call("ballot.mine", {"ballot_id": rubric_id}, timeout=60)
            mine = view["data"]
            done = set((mine.get("my_vote") or {}).get("scores", {}))
            todo = [option for option in mine["order"] if option not in done]
            if not todo:
                continue
            idea = todo[0]
            scored += 1
            content = {"scores": {idea: {"impact": 1 + n % 5, "demo": 1 + scored % 5}}}
            reply = await sock.call(
                "vote.cast",
                {"ballot_id": rubric_id, "vote_id": uuid.uuid4().hex, "content": content},
                timeout=60,
            )
            if not reply.get("ok"):
                raise RuntimeError(f"score refused: {reply}")
    return made


async def run(args: argparse.Namespace) -> None:
    b = start()
    try:
        ideas = seed_ideas(b.database_url, b.instance, b.event_id)
        fac, base = b.facilitator_token, f"/api/events/{b.event_id}"
        per_group = IDEAS // GROUPS
        groups = []
        for g in range(GROUPS):
            subset = ideas[g * per_group : (g + 1) * per_group]
            ballots = []
            for method, params in (("pairwise", {}), ("rubric", {"criteria": CRITERIA})):
                made = api(
                    b.url,
                    "POST",
                    f"{base}/ballots",
                    fac,
                    {
                        "title": f"Group {g + 1} {method}",
                        "method": method,
                        "params": params,
                        "voters": "jury",
                        "scope": "shortlist",
                        "idea_ids": subset,
                    },
                )
                api(b.url, "POST", f"{base}/ballots/{made['id']}/open", fac, {})
                ballots.append(made["id"])
            groups.append(ballots)
        tokens = []
        for n in range(JURORS):
            juror = api(b.url, "POST", f"{base}/jury", fac, {"name": f"Judge {n}"})
            invite = requests.get(b.url + juror["invite_path"], allow_redirects=False, timeout=30)
            tokens.append(invite.cookies[f"hkj_{b.code}"])
        socks = await connect_many(b.url, tokens)
        waits: list[float] = []
        started = time.perf_counter()
        made = await asyncio.gather(
            *(
                judge(sock, *groups[n % GROUPS], args.decisions, args.think, waits)
                for n, sock in enumerate(socks)
            )
        )
        seconds = time.perf_counter() - started
        progress = api(b.url, "GET", f"{base}/judging/progress", fac)
        pairwise = [r["coverage_min"] for r in progress["ballots"] if r["method"] == "pairwise"]
        rubric = [r["coverage_min"] for r in progress["ballots"] if r["method"] == "rubric"]
        predicted = coverage(
            Plan(
                ideas=IDEAS,
                judges=JURORS,
                minutes_per_judgement=1,
                round_minutes=args.decisions,
                groups=GROUPS,
            )
        ).coverage_min
        print(
            f"{JURORS} jurors, {sum(made)} pairwise decisions and "
            f"{sum(r['judgements'] for r in progress['ballots'] if r['method'] == 'rubric')} "
            f"rubric scores in {seconds:.1f} s; planner predicted pairwise coverage {predicted}"
        )
        bench("judging_next_pair_p50_ms", percentile(waits, 50), "ms")
        bench("judging_next_pair_p99_ms", percentile(waits, 99), "ms")
        bench("judging_coverage_min", min(pairwise), "judges")
        bench("judging_rubric_coverage_min", min(rubric), "judges")
        bench("judging_pairwise_coverage_predicted", predicted, "judges")
        for sock in socks:
            await sock.close()
    finally:
        b.server.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks judging", description=__doc__)
    parser.add_argument("--decisions", type=int, default=20, help="pairwise decisions per juror")
    parser.add_argument(
        "--think",
        type=float,
        default=2.0,
        help="mean seconds a juror takes per decision (0: as fast as the server answers)",
    )
    asyncio.run(run(parser.parse_args(argv)))
    return 0
