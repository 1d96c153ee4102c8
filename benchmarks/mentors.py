"""Mentors: 200 teams asking for help at 5 a second, 40 mentors claiming and closing, against
the real server; then a claim race (every mentor claims each request at the same instant).

Prints the time from a team sending its request until every mentor it is offered to first
has it on their phone, the claim acknowledgement time, and how many requests two mentors both
won in the race (must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time

from benchmarks._harness import connect_many, join_many, start
from benchmarks._report import bench, percentile
from hackkit.simulate.http import request_json

SKILLS = ["Python", "JavaScript", "Data", "Design", "Hardware", "Cloud", "Pitching", "Security"]


async def setup_event(url: str, fac: str, event_id: int, code: str, teams: int, mentors: int):
    base = f"/api/events/{event_id}"
    status, body = await request_json(
        url, "PATCH", f"{base}/team-settings", {"skills": SKILLS, "team_max": 5}, token=fac
    )
    assert status == 200, body
    tokens = await join_many(url, code, teams, prefix="Lead")
    gate = asyncio.Semaphore(50)

    async def team(i: int, token: str) -> None:
        async with gate:
            status, body = await request_json(
                url, "POST", f"{base}/teams", {"name": f"Team {i}"}, token=token
            )
            assert status == 200, body

    await asyncio.gather(*(team(i, t) for i, t in enumerate(tokens)))
    mentor_rows = []
    for i in range(mentors):
        # Two topics each, spread so that every topic has about ten mentors.
        skills = [SKILLS[i % len(SKILLS)], SKILLS[(i * 3 + 1) % len(SKILLS)]]
        status, body = await request_json(
            url, "POST", f"{base}/mentors", {"name": f"Mentor {i}", "skills": skills}, token=fac
        )
        assert status == 200, body
        data = body["data"]
        # The invite link's signed part is the bearer token's (roster.invite_token).
        mentor_rows.append((data["id"], "mentor." + data["invite_path"].rsplit("/", 1)[1]))
    return tokens, mentor_rows


async def run(teams: int, mentors: int, rate: float, race_requests: int) -> None:
    setup = start(env={"HACKKIT_JOIN_RATE": "1000000"})
    try:
        team_tokens, mentor_rows = await setup_event(
            setup.url, setup.facilitator_token, setup.event_id, setup.code, teams, mentors
        )
        team_socks = await connect_many(setup.url, team_tokens)
        mentor_socks = await connect_many(setup.url, [t for _id, t in mentor_rows])
        by_id = dict(zip([m for m, _t in mentor_rows], mentor_socks, strict=True))
        arrivals: dict[tuple[int, int], float] = {}  # (mentor id, request id) -> when offered
        offered: dict[int, asyncio.Event] = {}

        def listener(mentor_id: int):
            def on_view(msg) -> None:
                if msg.get("type") == "help.offered":
                    req_id = msg["data"]["id"]
                    arrivals.setdefault((mentor_id, req_id), time.perf_counter())
                    offered.setdefault(req_id, asyncio.Event()).set()

            return on_view

        for mentor_id, sock in by_id.items():
            sock.on("view", listener(mentor_id))

        deliver_ms: list[float] = []
        claim_ms: list[float] = []
        missing = 0
        tasks = []

        async def serve(req: dict) -> None:
            """The first mentor of the request's circle claims it, helps a while, closes it."""
            circle = req["first_circle"]
            if not circle:
                return
            await asyncio.sleep(random.uniform(0.05, 0.3))
            sock = by_id[circle[0]]
            started = time.perf_counter()
            reply = await sock.call("help.claim", {"request_id": req["id"]}, timeout=30)
            claim_ms.append((time.perf_counter() - started) * 1000)
            if reply.get("ok"):
                await asyncio.sleep(random.uniform(0.5, 2.0))
                await sock.call("help.close", {"request_id": req["id"], "note": "ok"}, timeout=30)

        async def ask(sock, i: int) -> None:
            nonlocal missing
            topic = SKILLS[i % len(SKILLS)]
            body = {"topic": topic, "location_kind": "table", "location": str(i), "urgency": 1}
            sent = time.perf_counter()
            reply = await sock.call("help.ask", body, timeout=30)
            assert reply.get("ok"), reply
            req = reply["data"]
            deadline = sent + 10
            while time.perf_counter() < deadline:
                if all((m, req["id"]) in arrivals for m in req["first_circle"]):
                    break
                event = offered.setdefault(req["id"], asyncio.Event())
                event.clear()
                try:
                    await asyncio.wait_for(
                        event.wait(), timeout=max(0.01, deadline - time.perf_counter())
                    )
                except TimeoutError:
                    break
            got = [arrivals.get((m, req["id"])) for m in req["first_circle"]]
            if None in got:
                missing += 1
            else:
                deliver_ms.append((max(got) - sent) * 1000)
            await serve(req)

        started = time.perf_counter()
        for i, sock in enumerate(team_socks):
            # Requests arrive at `rate` a second, each from a different team.
            await asyncio.sleep(max(0.0, started + i / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(ask(sock, i)))
        await asyncio.gather(*tasks)
        bench("help_requests", len(team_socks), "requests")
        bench("help_request_to_mentor_p50_ms", percentile(deliver_ms, 50), "ms")
        bench("help_request_to_mentor_p99_ms", percentile(deliver_ms, 99), "ms")
        bench("help_request_to_mentor_missing", missing, "requests")
        bench("help_claim_ack_p50_ms", percentile(claim_ms, 50), "ms")
        bench("help_claim_ack_p99_ms", percentile(claim_ms, 99), "ms")

        # The race: requests open to every mentor at once, every mentor claims each one.
        status, body = await request_json(
            setup.url,
            "PUT",
            f"/api/events/{setup.event_id}/help/settings",
            {"widen_after_s": 0},
            token=setup.facilitator_token,
        )
        assert status == 200, body
        double = 0
        won = 0
        for i in range(race_requests):
            sock = team_socks[i]
            reply = await sock.call(
                "help.ask",
                {"topic": "Python", "location_kind": "room", "location": "Race"},
                timeout=30,
            )
            assert reply.get("ok"), reply
            req_id = reply["data"]["id"]
            replies = await asyncio.gather(
                *(s.call("help.claim", {"request_id": req_id}, timeout=30) for s in mentor_socks)
            )
            wins = sum(1 for r in replies if r.get("ok"))
            refused = sum(
                1 for r in replies if (r.get("error") or {}).get("code") == "already_claimed"
            )
            assert wins + refused == len(replies), [r for r in replies if not r.get("ok")][:3]
            won += wins == 1
            double += max(0, wins - 1)
        bench("help_race_requests", race_requests, "requests")
        bench("help_race_single_winner", won, "requests")
        bench("help_double_claims", double, "claims")
        for s in team_socks + mentor_socks:
            await s.close()
    finally:
        setup.server.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks mentors")
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--mentors", type=int, default=40)
    parser.add_argument("--rate", type=float, default=5.0, help="requests a second")
    parser.add_argument("--race", type=int, default=30, help="requests in the claim race")
    args = parser.parse_args(argv)
    asyncio.run(run(args.teams, args.mentors, args.rate, args.race))
    return 0
