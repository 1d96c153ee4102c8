"""Team matching: everyone placed once, bounds and teams kept, deterministic, beats greedy."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hackkit.teams.matching import (
    ExistingTeam,
    MatchRequest,
    MatchResult,
    Person,
    greedy_baseline,
    match,
    quality,
    rank_of,
)

SKILLS = ("backend", "frontend", "design", "data", "hardware", "pitch")
CHALLENGES = (11, 12, 13, 14)
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def requests(draw: st.DrawFn, max_people: int = 36) -> MatchRequest:
    """Random events: some people already in teams (a few locked), the rest to place.

    The shape (head count, bounds, teams) is drawn so hypothesis can shrink it; each person's
    details come from a Random seeded by a drawn number, which keeps generation fast.
    """
    count = draw(st.integers(0, max_people))
    challenges = draw(st.sampled_from([(), CHALLENGES[:1], CHALLENGES[:2], CHALLENGES]))
    min_size = draw(st.integers(1, 4))
    max_size = draw(st.integers(min_size, min_size + 3))
    team_sizes = draw(st.lists(st.integers(1, max_size), max_size=4))
    rng = random.Random(draw(st.integers(0, 2**32)))
    people = [
        Person(
            pid,
            frozenset(rng.sample((*SKILLS, "juggling"), k=rng.randint(0, 3))),
            tuple(rng.sample(CHALLENGES, k=rng.randint(0, 3))),
        )
        for pid in range(1, count + 1)
    ]
    existing, start = [], 0
    for team_id, size in enumerate(team_sizes, start=100):
        if start + size > count:
            break
        members = tuple(p.id for p in people[start : start + size])
        challenge = rng.choice((None, *CHALLENGES))
        existing.append(ExistingTeam(team_id, challenge, members, locked=rng.random() < 0.4))
        start += size
    rng.shuffle(people)
    return MatchRequest(people, existing, challenges, SKILLS, min_size, max_size, rng.randrange(99))


def population(size: int, seed: int, min_size: int = 3, max_size: int = 5) -> MatchRequest:
    """A realistic crowd: a few common skills and challenges, long tails of rare ones."""
    rng = random.Random(seed)
    skills = [f"skill-{i}" for i in range(8)]
    challenges = [1, 2, 3, 4]
    people = []
    for pid in range(size):
        own = frozenset(rng.choices(skills, weights=[8, 6, 4, 3, 2, 1, 1, 1], k=rng.randint(1, 3)))
        prefs = rng.sample(challenges, k=rng.choice([0, 1, 2, 3, 3]))
        people.append(Person(pid, own, tuple(prefs)))
    return MatchRequest(people, [], challenges, skills, min_size, max_size, seed)


def split_exists(request: MatchRequest) -> bool:
    """Brute force: can everyone be placed with every team inside the bounds?"""
    lo, hi = request.min_size, request.max_size
    members = {pid for team in request.existing for pid in team.member_ids}
    free = sum(1 for p in request.people if p.id not in members)
    need = room = 0
    for team in request.existing:
        size = len(team.member_ids)
        if size > hi or (team.locked and size < lo):
            return False
        if not team.locked:
            need += max(0, lo - size)
            room += hi - size
    return any(
        k * lo <= free - into <= k * hi
        for into in range(need, min(room, free) + 1)
        for k in range(free + 1)
    )


def placements(result: MatchResult) -> Counter[int]:
    return Counter(pid for team in result.teams for pid in team.member_ids)


@FAST
@given(requests())
def test_every_person_lands_in_exactly_one_team(request: MatchRequest) -> None:
    result = match(request)
    assert placements(result) == Counter(p.id for p in request.people)
    assert result.unplaced == []


@FAST
@given(requests())
def test_team_sizes_stay_within_bounds_whenever_a_split_exists(request: MatchRequest) -> None:
    result = match(request)
    sizes = [len(team.member_ids) for team in result.teams]
    if split_exists(request):
        assert all(request.min_size <= size <= request.max_size for size in sizes)
        assert result.warnings == []
    else:
        assert result.warnings, "an impossible split must be reported, not hidden"


@FAST
@given(requests())
def test_existing_teams_keep_their_members_and_locked_teams_are_untouched(
    request: MatchRequest,
) -> None:
    result = match(request)
    by_id = {team.team_id: team for team in result.teams if team.team_id is not None}
    assert set(by_id) == {team.id for team in request.existing}
    for before in request.existing:
        after = by_id[before.id]
        assert after.member_ids[: len(before.member_ids)] == before.member_ids
        if before.locked:
            assert after.member_ids == before.member_ids
            assert after.challenge_id == before.challenge_id
        elif before.challenge_id is not None:
            assert after.challenge_id == before.challenge_id


@FAST
@given(requests())
def test_reported_coverage_ranks_and_score_agree_with_the_members(request: MatchRequest) -> None:
    result = match(request)
    people = {p.id: p for p in request.people}
    for team in result.teams:
        counts = Counter(s for pid in team.member_ids for s in people[pid].skills if s in SKILLS)
        assert team.skills == {s: counts[s] for s in SKILLS}
        assert team.coverage == pytest.approx(len(counts) / len(SKILLS))
        for pid in team.member_ids:
            assert result.rank_met[pid] == rank_of(people[pid], team.challenge_id)
    assert set(result.rank_met) == set(people)
    assert result.score == quality(result, request)


@settings(max_examples=40, deadline=None)
@given(requests())
def test_same_seed_gives_the_same_teams(request: MatchRequest) -> None:
    assert match(request) == match(request)


def test_another_seed_can_propose_other_teams() -> None:
    request = population(40, seed=3)
    proposals = {
        tuple(team.member_ids for team in match(reseeded(request, seed)).teams) for seed in range(5)
    }
    assert len(proposals) > 1


def test_same_seed_gives_the_same_teams_in_another_process() -> None:
    # Skill names are strings, whose hashing (and so set order) changes per process; the
    # proposal must not depend on it, or a re-opened preview would shuffle everyone.
    script = (
        "import json; from tests.teams.test_matching import population; "
        "from hackkit.teams.matching import match; "
        "print(json.dumps(match(population(60, seed=8)).to_dict()))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }
    assert len(outputs) == 1
    assert json.loads(outputs.pop()) == match(population(60, seed=8)).to_dict()


def reseeded(request: MatchRequest, seed: int) -> MatchRequest:
    return MatchRequest(
        request.people,
        request.existing,
        request.challenges,
        request.skills,
        request.min_size,
        request.max_size,
        seed,
    )


def test_matching_beats_greedy_on_average_over_seeded_crowds() -> None:
    gains = []
    for seed in range(12):
        request = population(random.Random(seed).randint(20, 120), seed)
        gains.append(match(request).score.total - greedy_baseline(request).score.total)
    assert sum(gains) / len(gains) > 0.05
    assert min(gains) > 0


@FAST
@given(requests())
def test_matching_is_never_worse_than_greedy(request: MatchRequest) -> None:
    assert match(request).score.total >= greedy_baseline(request).score.total - 1e-9


@FAST
@given(requests())
def test_greedy_baseline_also_places_everyone_once(request: MatchRequest) -> None:
    assert placements(greedy_baseline(request)) == Counter(p.id for p in request.people)


def test_everyone_gets_their_first_choice_when_teams_can_form_around_it() -> None:
    people = [Person(pid, frozenset(), (1 + pid % 3, 1 + (pid + 1) % 3)) for pid in range(18)]
    result = match(MatchRequest(people, [], [1, 2, 3], SKILLS, 3, 3, seed=1))
    assert set(result.rank_met.values()) == {1}
    assert result.score.preference == 1.0


def test_scarce_skills_are_spread_across_teams() -> None:
    coders = [Person(pid, frozenset({"backend"}), (1,)) for pid in range(4)]
    designers = [Person(pid, frozenset({"design"}), (1,)) for pid in range(4, 8)]
    result = match(MatchRequest(coders + designers, [], [1], ["backend", "design"], 2, 2, seed=7))
    assert [team.skills for team in result.teams] == [{"backend": 1, "design": 1}] * 4


def test_open_existing_team_is_topped_up_to_the_minimum() -> None:
    people = [Person(pid, frozenset(), (5,)) for pid in range(1, 6)]
    duo = ExistingTeam(42, 5, (1, 2), locked=False)
    result = match(MatchRequest(people, [duo], [5], SKILLS, 4, 5, seed=0))
    assert [team.team_id for team in result.teams] == [42]
    assert result.teams[0].member_ids == (1, 2, 3, 4, 5)


def test_short_existing_team_reaches_the_minimum_even_if_nobody_wants_its_challenge() -> None:
    people = [Person(1), *(Person(pid, frozenset(), (1,)) for pid in range(2, 6))]
    solo = ExistingTeam(42, 2, (1,), locked=False)
    result = match(MatchRequest(people, [solo], [1, 2], SKILLS, 2, 4, seed=0))
    sizes = {team.team_id: len(team.member_ids) for team in result.teams}
    assert sizes == {42: 2, None: 3}
    assert result.warnings == []


def test_new_teams_get_a_proposed_challenge() -> None:
    people = [Person(pid, frozenset(), (7,)) for pid in range(6)]
    result = match(MatchRequest(people, [], [7, 8], SKILLS, 3, 3, seed=0))
    assert [(team.team_id, team.challenge_id) for team in result.teams] == [(None, 7), (None, 7)]


def test_one_person_with_minimum_three_gets_a_team_and_a_warning() -> None:
    result = match(MatchRequest([Person(1)], [], [], SKILLS, 3, 5, seed=0))
    assert [team.member_ids for team in result.teams] == [(1,)]
    assert result.warnings == ["new team #1 has 1 members, fewer than 3"]


def test_unsplittable_crowd_relaxes_only_the_last_team() -> None:
    people = [Person(pid) for pid in range(7)]
    result = match(MatchRequest(people, [], [], SKILLS, 4, 5, seed=0))
    sizes = sorted(len(team.member_ids) for team in result.teams)
    assert sum(sizes) == 7
    assert len(sizes) == 2 and sizes[0] < 4 <= sizes[1] <= 5
    assert result.warnings == [f"new team #1 has {sizes[0]} members, fewer than 4"] or (
        result.warnings == [f"new team #2 has {sizes[0]} members, fewer than 4"]
    )


def test_member_missing_from_people_stays_in_their_team_with_a_warning() -> None:
    team = ExistingTeam(9, None, (1, 99), locked=True)
    result = match(MatchRequest([Person(1)], [team], [], SKILLS, 2, 4, seed=0))
    assert result.teams[0].member_ids == (1, 99)
    assert any("99" in warning for warning in result.warnings)


@pytest.mark.parametrize(("low", "high"), [(0, 3), (4, 3)])
def test_impossible_size_bounds_are_rejected(low: int, high: int) -> None:
    with pytest.raises(ValueError, match="bounds"):
        match(MatchRequest([Person(1)], [], [], SKILLS, low, high, seed=0))


def test_person_in_two_teams_is_rejected() -> None:
    teams = [ExistingTeam(1, None, (1,), False), ExistingTeam(2, None, (1,), False)]
    with pytest.raises(ValueError, match="two teams"):
        match(MatchRequest([Person(1)], teams, [], SKILLS, 1, 3, seed=0))


def test_preview_survives_a_json_round_trip() -> None:
    result = match(population(30, seed=5))
    payload = result.to_dict()
    assert json.loads(json.dumps(payload)) == payload
    assert payload["rank_met"] == {str(pid): rank for pid, rank in result.rank_met.items()}


def test_a_thousand_people_are_matched() -> None:
    request = population(1000, seed=11)
    result = match(request)
    assert placements(result) == Counter(p.id for p in request.people)
    assert result.warnings == []
    assert result.score.total > greedy_baseline(request).score.total
