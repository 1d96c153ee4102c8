"""Team matching: time to match 1,000 people, and quality against the greedy baseline."""

from __future__ import annotations

import argparse
import random
import statistics
import time

from benchmarks._report import bench
from hackkit.teams.matching import ExistingTeam, MatchRequest, Person, greedy_baseline, match

# Skill and challenge popularity are skewed on purpose: at real events a few skills (web
# development) are common and a few (hardware, security) are rare, and one or two challenges
# draw most of the crowd. A flat population would flatter any method.
SKILLS = {
    "backend": 16,
    "frontend": 15,
    "product": 10,
    "design": 9,
    "data-science": 8,
    "mobile": 7,
    "pitching": 7,
    "machine-learning": 6,
    "devops": 5,
    "ux-research": 4,
    "security": 3,
    "hardware": 2,
}
CHALLENGE_POPULARITY = {1: 30, 2: 22, 3: 18, 4: 14, 5: 10, 6: 6}


def crowd(size: int, seed: int) -> MatchRequest:
    """A seeded event: ~8% already in teams (a quarter of those locked), sizes 3 to 5."""
    rng = random.Random(seed)
    skill_names, skill_weights = list(SKILLS), list(SKILLS.values())
    challenges, popularity = list(CHALLENGE_POPULARITY), list(CHALLENGE_POPULARITY.values())
    people = []
    for pid in range(1, size + 1):
        skills = frozenset(rng.choices(skill_names, skill_weights, k=rng.choice([1, 2, 2, 3, 4])))
        wanted = 0 if rng.random() < 0.08 else rng.choice([1, 2, 3, 3, 3])
        prefs: list[int] = []
        while len(prefs) < wanted:
            choice = rng.choices(challenges, popularity)[0]
            if choice not in prefs:
                prefs.append(choice)
        people.append(Person(pid, skills, tuple(prefs)))
    existing, start = [], 0
    while start < size * 0.08:
        members = tuple(p.id for p in people[start : start + rng.randint(2, 4)])
        challenge = people[start].preferences[0] if people[start].preferences else None
        existing.append(ExistingTeam(1000 + len(existing), challenge, members, rng.random() < 0.25))
        start += len(members)
    rng.shuffle(people)
    return MatchRequest(people, existing, challenges, list(SKILLS), 3, 5, seed)


def main(argv: list[str]) -> int:
    """Time ``match`` on a seeded crowd and compare its score with ``greedy_baseline``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks matching", description=__doc__)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    request = crowd(args.people, args.seed)
    timings = []
    for _ in range(max(1, args.runs)):
        started = time.perf_counter()
        result = match(request)
        timings.append(time.perf_counter() - started)
    baseline = greedy_baseline(request)
    ours, theirs = result.score, baseline.score
    for name, proposal in (("match", result), ("greedy", baseline)):
        score = proposal.score
        print(
            f"{name}: preference {score.preference:.3f}  coverage {score.coverage:.3f}  "
            f"balance {score.balance:.3f}  total {score.total:.4f}  teams {len(proposal.teams)}"
        )
    bench(f"team_matching_{args.people}_s", min(timings), "s")
    bench(f"team_matching_{args.people}_median_s", statistics.median(timings), "s")
    bench("matching_quality_vs_greedy", ours.total / theirs.total, "x")
    bench("matching_quality_score", ours.total, "score")
    bench("greedy_quality_score", theirs.total, "score")
    return 0
