"""Team matching: split participants into teams that honour challenge preferences and skills.

Everyone ends up in exactly one team, inside the size bounds whenever a split allows; teams
that already exist keep their members (locked ones are left exactly as they are); new teams
get a proposed challenge. The result is scored by ``quality`` (defined in docs/matching.md)
and is the same for the same request and seed, so a facilitator can preview it, re-run it
with another seed, or accept it.

Pure: plain data in, plain data out. No Flask, no database, no sockets. Standard library only.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# Weights of the quality score. Preferences weigh most: they are what participants notice.
PREFERENCE_WEIGHT = 0.5
COVERAGE_WEIGHT = 0.3
BALANCE_WEIGHT = 0.2
# Satisfaction for getting one's 1st, 2nd, 3rd choice; anything else counts 0.
RANK_SATISFACTION = (1.0, 0.6, 0.3)
# Local-search budget per person to place: a fixed count rather than a clock, so the result
# depends only on the request and the seed, never on the machine's speed.
SEARCH_STEPS_PER_PERSON = 20
SEARCH_ROUNDS = 4
MIN_SEARCH_STEPS = 400
_EPS = 1e-12


@dataclass(frozen=True)
class Person:
    """A participant: their skills and their challenge preferences, best first."""

    id: int
    skills: frozenset[str] = frozenset()
    preferences: tuple[int, ...] = ()


@dataclass(frozen=True)
class ExistingTeam:
    """A team formed before matching; its members never move, locked ones gain no one."""

    id: int
    challenge_id: int | None
    member_ids: tuple[int, ...]
    locked: bool = False


@dataclass(frozen=True)
class MatchRequest:
    """Everything matching needs: people (existing members too), teams, challenges, bounds."""

    people: Sequence[Person]
    existing: Sequence[ExistingTeam]
    challenges: Sequence[int]
    skills: Sequence[str]
    min_size: int
    max_size: int
    seed: int = 0


@dataclass(frozen=True)
class QualityScore:
    """The score components (each 0..1) and their weighted total."""

    preference: float
    coverage: float
    balance: float
    total: float

    def to_dict(self) -> dict[str, float]:
        """JSON-friendly form."""
        return {
            "preference": self.preference,
            "coverage": self.coverage,
            "balance": self.balance,
            "total": self.total,
        }


@dataclass(frozen=True)
class ProposedTeam:
    """One team of the proposal; ``team_id`` is None for a team matching would create."""

    team_id: int | None
    challenge_id: int | None
    member_ids: tuple[int, ...]
    coverage: float
    skills: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "team_id": self.team_id,
            "challenge_id": self.challenge_id,
            "member_ids": list(self.member_ids),
            "coverage": self.coverage,
            "skills": dict(self.skills),
        }


@dataclass(frozen=True)
class MatchResult:
    """A proposal: the teams, its score, each person's rank met, and what could not be met.

    ``unplaced`` is always empty under the current policy (infeasible bounds are relaxed and
    reported in ``warnings`` instead); it stays so the preview format need not change.
    """

    teams: list[ProposedTeam]
    score: QualityScore
    unplaced: list[int] = field(default_factory=list)
    rank_met: dict[int, int | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (person ids become string keys in ``rank_met``)."""
        return {
            "teams": [team.to_dict() for team in self.teams],
            "score": self.score.to_dict(),
            "unplaced": list(self.unplaced),
            "rank_met": {str(pid): rank for pid, rank in self.rank_met.items()},
            "warnings": list(self.warnings),
        }


def satisfaction(person: Person, challenge_id: int | None) -> float:
    """How happy a person is with a challenge: 1.0 / 0.6 / 0.3 for their 1st / 2nd / 3rd."""
    rank = rank_of(person, challenge_id)
    return RANK_SATISFACTION[rank - 1] if rank is not None and rank <= 3 else 0.0


def rank_of(person: Person, challenge_id: int | None) -> int | None:
    """1-based position of the challenge in the person's preferences, None if absent."""
    if challenge_id is None or challenge_id not in person.preferences:
        return None
    return person.preferences.index(challenge_id) + 1


def quality(result: MatchResult, request: MatchRequest) -> QualityScore:
    """Score a proposal from its teams alone (the definition lives in docs/matching.md)."""
    people = {person.id: person for person in request.people}
    return _score(
        [(team.challenge_id, team.member_ids) for team in result.teams], people, request.skills
    )


def match(request: MatchRequest) -> MatchResult:
    """Form teams: seed by preference and skill gain, improve by local search, and return the
    better of that and the polished greedy baseline (so it is never worse than greedy)."""
    plan = _plan(request)
    rng = random.Random(request.seed)
    budget = SEARCH_STEPS_PER_PERSON * len(plan.free)
    fresh = _State(plan, request)
    fresh.seed(rng)
    _improve(fresh, rng, budget)
    # The naive proposal, polished, competes too: a hill-climb can stall where only two swaps
    # at once would help, and this way the result is never worse than greedy_baseline.
    polished = _greedy_state(plan, request)
    _improve(polished, rng, budget // 4)
    best = polished if polished.value() > fresh.value() + _EPS else fresh
    return _result(best, plan, request)


def greedy_baseline(request: MatchRequest) -> MatchResult:
    """The naive method ``match`` is measured against: input order, first choice, fill up.

    Each person joins the first team with room whose challenge is their first choice, else
    opens the next empty team with it, else takes any room left; short teams are then topped
    up from the last teams. It uses the same team count and bounds as ``match``.
    """
    plan = _plan(request)
    return _result(_greedy_state(plan, request), plan, request)


def _improve(state: _State, rng: random.Random, steps: int) -> None:
    # A floor on the budget, so small events (where steps are cheap) are searched thoroughly.
    steps = max(steps, MIN_SEARCH_STEPS) if state.free else 0
    state.relabel()
    for _ in range(SEARCH_ROUNDS):
        state.search(rng, steps // SEARCH_ROUNDS)
        state.relabel()


def _greedy_state(plan: _Plan, request: MatchRequest) -> _State:
    state = _State(plan, request)
    opened = [t for t in range(len(plan.team_ids)) if plan.team_ids[t] is None]
    for t in opened:
        state.chal[t] = None
    offered = set(request.challenges)
    free = set(plan.free)
    for person in request.people:
        p = plan.index_of[person.id]
        if p not in free:
            continue
        first = person.preferences[0] if person.preferences else None
        wanted = first if first in offered else None
        team = _first(t for t in state.order if state.chal[t] == wanted and state.has_room(t))
        if team is None:
            team = _first(t for t in opened if state.size[t] == 0)
            if team is not None:
                state.chal[team] = wanted
        if team is None:
            team = _first(t for t in state.order if state.has_room(t))
        state.place(p, team)
    for t in state.order:
        while state.size[t] < state.lo[t]:
            donor = _first(
                d for d in reversed(state.order) if state.size[d] > state.lo[d] and state.members[d]
            )
            if donor is None:
                break
            state.move(state.members[donor][-1], t)
    return state


def _first(items: Any) -> Any:
    return next(iter(items), None)


def _score(
    teams: Sequence[tuple[int | None, Sequence[int]]],
    people: dict[int, Person],
    skills: Sequence[str],
) -> QualityScore:
    event_skills = set(skills)
    wanting = 0
    happiness = 0.0
    coverages = []
    for challenge_id, member_ids in teams:
        present: set[str] = set()
        for pid in member_ids:
            person = people.get(pid)
            if person is None:
                continue
            present |= person.skills & event_skills
            if person.preferences:
                wanting += 1
                happiness += satisfaction(person, challenge_id)
        coverages.append(len(present) / len(event_skills) if event_skills else 1.0)
    preference = happiness / wanting if wanting else 1.0
    coverage = sum(coverages) / len(coverages) if coverages else 1.0
    balance = 1.0 - 2.0 * _spread(coverages) if coverages else 1.0
    total = PREFERENCE_WEIGHT * preference + COVERAGE_WEIGHT * coverage + BALANCE_WEIGHT * balance
    return QualityScore(preference, coverage, balance, total)


def _spread(values: Sequence[float]) -> float:
    """Population standard deviation; at most 0.5 for values in 0..1."""
    mean = sum(values) / len(values)
    return math.sqrt(max(0.0, sum((v - mean) ** 2 for v in values) / len(values)))


@dataclass
class _Plan:
    """The teams to fill: who is fixed where, each team's size bounds, who is free to place."""

    people: list[Person]
    index_of: dict[int, int]
    team_ids: list[int | None]
    chal: list[int | None]
    chal_fixed: list[bool]
    fixed: list[list[int]]
    lo: list[int]
    hi: list[int]
    free: list[int]
    warnings: list[str]


def _plan(request: MatchRequest) -> _Plan:
    lo_size, hi_size = request.min_size, request.max_size
    if lo_size < 1 or hi_size < lo_size:
        raise ValueError(f"team size bounds must satisfy 1 <= min <= max, got {lo_size}..{hi_size}")
    people = list(request.people)
    index_of: dict[int, int] = {}
    for i, person in enumerate(people):
        if person.id in index_of:
            raise ValueError(f"person {person.id} is listed twice")
        index_of[person.id] = i
    plan = _Plan(people, index_of, [], [], [], [], [], [], [], [])
    seen_teams: set[int] = set()
    in_team: set[int] = set()
    for team in request.existing:
        if team.id in seen_teams:
            raise ValueError(f"team {team.id} is listed twice")
        seen_teams.add(team.id)
        fixed = []
        for pid in team.member_ids:
            if pid in in_team:
                raise ValueError(f"person {pid} is a member of two teams")
            in_team.add(pid)
            if pid not in index_of:
                # Keep them in their team rather than drop them; they simply bring no skills.
                plan.warnings.append(f"member {pid} of team {team.id} is not among the people")
                index_of[pid] = len(people)
                people.append(Person(pid))
            fixed.append(index_of[pid])
        size = len(fixed)
        plan.team_ids.append(team.id)
        plan.chal.append(team.challenge_id)
        plan.chal_fixed.append(team.locked or team.challenge_id is not None)
        plan.fixed.append(fixed)
        plan.lo.append(size if team.locked else max(size, lo_size))
        plan.hi.append(size if team.locked else max(size, hi_size))
    plan.free = sorted(index_of[p.id] for p in request.people if p.id not in in_team)
    placing = len(plan.free)
    room = sum(hi - len(f) for hi, f in zip(plan.hi, plan.fixed, strict=True))
    # The fewest new teams that hold everyone: teams as full as the bounds allow.
    new_teams = max(0, -(-(placing - room) // hi_size))
    for challenge_id in _new_team_challenges(plan, request, new_teams):
        plan.team_ids.append(None)
        plan.chal.append(challenge_id)
        plan.chal_fixed.append(False)
        plan.fixed.append([])
        plan.lo.append(lo_size)
        plan.hi.append(hi_size)
    _relax_minimums(plan, placing)
    return plan


def _relax_minimums(plan: _Plan, placing: int) -> None:
    """When too few people are left to bring every team up to the minimum, lower the minimum
    of the last team(s) just enough; the final sizes are then reported in the warnings."""
    excess = sum(lo - len(f) for lo, f in zip(plan.lo, plan.fixed, strict=True)) - placing
    for t in reversed(range(len(plan.lo))):
        if excess <= 0:
            return
        # A new team keeps at least one seat so it is never created empty.
        floor = len(plan.fixed[t]) if plan.team_ids[t] is not None else 1
        cut = min(excess, plan.lo[t] - floor)
        plan.lo[t] -= cut
        excess -= cut


def _new_team_challenges(plan: _Plan, request: MatchRequest, count: int) -> list[int | None]:
    """Share new teams among challenges by first-choice demand left after existing teams."""
    if not request.challenges:
        return [None] * count
    offered = list(dict.fromkeys(request.challenges))
    demand = dict.fromkeys(offered, 0)
    for p in plan.free:
        first = _first(c for c in plan.people[p].preferences if c in demand)
        if first is not None:
            demand[first] += 1
    for t, challenge_id in enumerate(plan.chal):
        if challenge_id in demand:
            demand[challenge_id] = max(0, demand[challenge_id] - (plan.hi[t] - len(plan.fixed[t])))
    total = sum(demand.values())
    if total == 0:
        return [offered[i % len(offered)] for i in range(count)]
    quotas = {c: count * d / total for c, d in demand.items()}
    seats = {c: int(q) for c, q in quotas.items()}
    by_remainder = sorted(offered, key=lambda c: -(quotas[c] - seats[c]))
    for c in by_remainder[: count - sum(seats.values())]:
        seats[c] += 1
    # Most wanted first: if the bounds force a short team, it is the last one, and it is
    # better short on the challenge fewest people asked for.
    ranked = sorted(offered, key=lambda c: -demand[c])
    return [c for c in ranked for _ in range(seats[c])]


class _State:
    """A mutable assignment with running totals, so a move's effect on the score is O(1)."""

    def __init__(self, plan: _Plan, request: MatchRequest) -> None:
        skill_index = {s: i for i, s in enumerate(dict.fromkeys(request.skills))}
        self.n_skills = len(skill_index)
        self.offered = list(dict.fromkeys(request.challenges))
        self.pskills = [
            tuple(sorted(skill_index[s] for s in p.skills if s in skill_index)) for p in plan.people
        ]
        self.prefs = [tuple(dict.fromkeys(p.preferences)) for p in plan.people]
        self.wt = [
            {c: satisfaction(p, c) for c in self.prefs[i]} for i, p in enumerate(plan.people)
        ]
        self.lo, self.hi, self.chal = list(plan.lo), list(plan.hi), list(plan.chal)
        self.chal_fixed, self.fixed = plan.chal_fixed, plan.fixed
        n_teams = len(plan.lo)
        self.order = list(range(n_teams))
        self.team_of = [-1] * len(plan.people)
        self.members: list[list[int]] = [[] for _ in range(n_teams)]
        self.size = [0] * n_teams
        self.counts = [[0] * self.n_skills for _ in range(n_teams)]
        self.distinct = [0] * n_teams
        self.free = plan.free
        self.n_pref = sum(1 for prefs in self.prefs if prefs)
        self.pref_sum = 0.0
        for t in range(n_teams):
            for p in self.fixed[t]:
                self._join(p, t)
                self.pref_sum += self.wt[p].get(self.chal[t], 0.0)
        self._index_challenges()

    def has_room(self, t: int) -> bool:
        """Whether the team can take one more person."""
        return self.size[t] < self.hi[t]

    def _index_challenges(self) -> None:
        self.teams_by_chal: dict[int | None, list[int]] = {}
        for t in self.order:
            if self.hi[t] > len(self.fixed[t]):
                self.teams_by_chal.setdefault(self.chal[t], []).append(t)
        self.open_teams = [t for t in self.order if self.hi[t] > len(self.fixed[t])]

    def _join(self, p: int, t: int) -> None:
        counts = self.counts[t]
        for s in self.pskills[p]:
            if counts[s] == 0:
                self.distinct[t] += 1
            counts[s] += 1
        self.size[t] += 1
        self.team_of[p] = t

    def _leave(self, p: int, t: int) -> None:
        counts = self.counts[t]
        for s in self.pskills[p]:
            counts[s] -= 1
            if counts[s] == 0:
                self.distinct[t] -= 1
        self.size[t] -= 1

    def place(self, p: int, t: int) -> None:
        """Put a free person into a team."""
        self._join(p, t)
        self.members[t].append(p)
        self.pref_sum += self.wt[p].get(self.chal[t], 0.0)

    def move(self, p: int, t: int) -> None:
        """Move a free person to another team."""
        a = self.team_of[p]
        self._leave(p, a)
        self.members[a].remove(p)
        self.pref_sum -= self.wt[p].get(self.chal[a], 0.0)
        self.place(p, t)

    def seed(self, rng: random.Random) -> None:
        """Place everyone: best-liked challenge with room, the team gaining most new skills."""
        wanting = [p for p in self.free if self.prefs[p]]
        indifferent = [p for p in self.free if not self.prefs[p]]
        rng.shuffle(wanting)
        rng.shuffle(indifferent)
        need = sum(max(0, lo - size) for lo, size in zip(self.lo, self.size, strict=True))
        remaining = len(self.free)
        for p in wanting + indifferent:
            # Once only enough people remain to bring short teams up to their minimum, each
            # one must go to a short team, so the seed always meets every minimum.
            forced = remaining <= need
            team = None
            for c in self.prefs[p]:
                team = self._best_seat(p, self.teams_by_chal.get(c, ()), forced)
                if team is not None:
                    break
            if team is None:
                team = self._best_seat(p, self.open_teams, forced)
            if self.size[team] < self.lo[team]:
                need -= 1
            self.place(p, team)
            remaining -= 1

    def _best_seat(self, p: int, teams: Sequence[int], forced: bool) -> int | None:
        best, best_key = None, None
        skills = self.pskills[p]
        for t in teams:
            size = self.size[t]
            if size >= self.hi[t] or (forced and size >= self.lo[t]):
                continue
            counts = self.counts[t]
            gain = sum(1 for s in skills if counts[s] == 0)
            key = (size < self.lo[t], gain, -size)
            if best_key is None or key > best_key:
                best, best_key = t, key
        return best

    def relabel(self) -> None:
        """Give each team whose challenge is open the one its members like best."""
        for t in self.order:
            if self.chal_fixed[t]:
                continue
            people = self.fixed[t] + self.members[t]
            current = sum(self.wt[p].get(self.chal[t], 0.0) for p in people)
            best, best_gain = self.chal[t], _EPS
            for c in self.offered:
                if c == self.chal[t] or not any(c in self.wt[p] for p in people):
                    continue
                gain = sum(self.wt[p].get(c, 0.0) for p in people) - current
                if gain > best_gain:
                    best, best_gain = c, gain
            if best != self.chal[t]:
                self.chal[t] = best
                self.pref_sum += best_gain
        self._index_challenges()

    def value(self) -> float:
        """The score's total for the current assignment."""
        n_skills = self.n_skills
        covs = [d / n_skills if n_skills else 1.0 for d in self.distinct]
        if not covs:
            return 1.0
        return self._value(self.pref_sum, sum(covs), sum(c * c for c in covs))

    def _value(self, pref_sum: float, cov_sum: float, cov_sq: float) -> float:
        n = len(self.size)
        mean = cov_sum / n
        spread = math.sqrt(max(0.0, cov_sq / n - mean * mean))
        preference = pref_sum / self.n_pref if self.n_pref else 1.0
        return (
            PREFERENCE_WEIGHT * preference
            + COVERAGE_WEIGHT * mean
            + BALANCE_WEIGHT * (1.0 - 2.0 * spread)
        )

    def _distinct_after(self, t: int, out: tuple[int, ...], into: tuple[int, ...]) -> int:
        counts = self.counts[t]
        distinct = self.distinct[t]
        for s in out:
            if counts[s] == 1 and s not in into:
                distinct -= 1
        for s in into:
            if counts[s] == 0 and s not in out:
                distinct += 1
        return distinct

    def search(self, rng: random.Random, steps: int) -> None:
        """Hill-climb: try moving or swapping a random person into a promising team."""
        if not self.free or len(self.open_teams) < 2:
            return
        n_skills = self.n_skills or 1
        covs = [d / n_skills if self.n_skills else 1.0 for d in self.distinct]
        cov_sum, cov_sq = sum(covs), sum(c * c for c in covs)
        current = self._value(self.pref_sum, cov_sum, cov_sq)
        free, wt, chal, pskills, rand = self.free, self.wt, self.chal, self.pskills, rng.random
        for _ in range(steps):
            p = free[int(rand() * len(free))]
            a = self.team_of[p]
            here = wt[p].get(chal[a], 0.0)
            roll = rand()
            teams = None
            if roll < 0.5:
                # Towards a team of a challenge this person likes more.
                for c in self.prefs[p]:
                    if wt[p][c] > here and c in self.teams_by_chal:
                        teams = self.teams_by_chal[c]
                        break
            if teams is None:
                same = self.teams_by_chal.get(chal[a], self.open_teams)
                teams = same if roll < 0.8 else self.open_teams
            b = teams[int(rand() * len(teams))]
            if b == a:
                # Never waste a step on the person's own team: try the next open one instead.
                b = self.open_teams[(self.open_teams.index(a) + 1) % len(self.open_teams)]
            ca, cb = chal[a], chal[b]
            can_move = self.size[a] > self.lo[a] and self.size[b] < self.hi[b]
            best_gain, best_q, best_state = _EPS, -1, None
            gain_p = wt[p].get(cb, 0.0) - here
            sp = pskills[p]
            for q in ([-1] if can_move else []) + self.members[b]:
                sq = pskills[q] if q >= 0 else ()
                pref = self.pref_sum + gain_p
                if q >= 0:
                    pref += wt[q].get(ca, 0.0) - wt[q].get(cb, 0.0)
                new_a = self._distinct_after(a, sp, sq) / n_skills if self.n_skills else 1.0
                new_b = self._distinct_after(b, sq, sp) / n_skills if self.n_skills else 1.0
                old_a, old_b = covs[a], covs[b]
                s1 = cov_sum + new_a + new_b - old_a - old_b
                s2 = cov_sq + new_a * new_a + new_b * new_b - old_a * old_a - old_b * old_b
                gain = self._value(pref, s1, s2) - current
                if gain > best_gain:
                    best_gain, best_q, best_state = gain, q, (pref, new_a, new_b, s1, s2)
            if best_state is None:
                continue
            if best_q >= 0:
                self.move(best_q, a)
            self.move(p, b)
            _, covs[a], covs[b], cov_sum, cov_sq = best_state
            current = self._value(self.pref_sum, cov_sum, cov_sq)


def _result(state: _State, plan: _Plan, request: MatchRequest) -> MatchResult:
    people = plan.people
    skills = list(dict.fromkeys(request.skills))
    existing, created = [], []
    for t in state.order:
        ids = [people[p].id for p in state.fixed[t]]
        ids += sorted(people[p].id for p in state.members[t])
        if plan.team_ids[t] is not None:
            existing.append((plan.team_ids[t], state.chal[t], tuple(ids)))
        elif ids:
            created.append((None, state.chal[t], tuple(ids)))
    rank_of_challenge = {c: i for i, c in enumerate(state.offered)}
    created.sort(key=lambda team: (rank_of_challenge.get(team[1], len(state.offered)), team[2]))
    teams, warnings, rank_met = [], list(plan.warnings), {}
    for number, (team_id, challenge_id, ids) in enumerate(existing + created, start=1):
        counts = dict.fromkeys(skills, 0)
        for pid in ids:
            person = people[plan.index_of[pid]]
            rank_met[pid] = rank_of(person, challenge_id)
            for s in person.skills:
                if s in counts:
                    counts[s] += 1
        present = sum(1 for n in counts.values() if n)
        coverage = present / len(skills) if skills else 1.0
        teams.append(ProposedTeam(team_id, challenge_id, ids, coverage, counts))
        name = f"team {team_id}" if team_id is not None else f"new team #{number}"
        if len(ids) < request.min_size:
            warnings.append(f"{name} has {len(ids)} members, fewer than {request.min_size}")
        if len(ids) > request.max_size:
            warnings.append(f"{name} has {len(ids)} members, more than {request.max_size}")
    score = _score(
        [(team.challenge_id, team.member_ids) for team in teams],
        {p.id: p for p in people},
        skills,
    )
    return MatchResult(teams, score, [], rank_met, warnings)
