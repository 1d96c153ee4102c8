"""How many judges a judging round needs: the coverage a plan gives, before the round starts.

Pure arithmetic, no I/O. A plan is the ideas, the judges, the minutes one judgement takes
(one rubric score, or one pairwise comparison of two ideas), the round's length, how many
groups the judges and ideas are split into, and how many judges have a conflict with each
idea. The coverage is how many *different* judges see each idea, assuming the assignment
spreads work evenly, which the pairwise chooser (it avoids busy and seen items) and the
rubric's per-juror shuffled order tend to. It is a plan, not a promise: judges who arrive
late or skip a lot lower it, which the progress view shows while the round runs.

Groups: judges are split as evenly as possible into ``groups``, and so are the ideas; each
group judges only its own ideas (a first round with many judges on subsets). There are never
more groups than judges, nor than the ideas can fill (pairwise needs two ideas per group).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Method = Literal["pairwise", "rubric"]
IDEAS_PER_JUDGEMENT = {"pairwise": 2, "rubric": 1}
MAX_JUDGES = 1000


@dataclass(frozen=True)
class Plan:
    ideas: int
    judges: int
    minutes_per_judgement: float
    round_minutes: float
    method: Method = "pairwise"
    groups: int = 1
    target: int = 3  # each idea should be seen by at least this many judges
    # Judges with a conflict of interest, per idea (missing ideas: none); split into groups
    # in the same order as the ideas.
    conflicts: Sequence[int] = field(default_factory=tuple)


@dataclass(frozen=True)
class Coverage:
    judgements_per_judge: int
    total_judgements: int
    coverage_min: int  # every idea is seen by at least this many different judges
    coverage_mean: float
    meets_target: bool
    judges_needed: int | None  # the fewest judges (same groups) that reach the target
    minutes_needed: float | None  # the shortest round (same judges) that reaches the target
    note: str


def _split(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` sizes differing by at most one, largest first."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _per_judge(plan: Plan) -> int:
    if plan.minutes_per_judgement <= 0:
        return 0
    return math.floor(plan.round_minutes / plan.minutes_per_judgement + 1e-9)


def _group_coverage(
    judges: int, ideas: int, judgements: int, method: Method, conflicts: Sequence[int]
) -> tuple[int, float]:
    """(least, mean) different judges per idea in one group."""
    if ideas == 0:
        return 0, 0.0
    if judges == 0:
        return 0, 0.0
    # A judge sees each idea at most once as a different judge: at most ``ideas`` of them.
    distinct_per_judge = min(judgements * IDEAS_PER_JUDGEMENT[method], ideas)
    if method == "pairwise" and ideas < 2:
        distinct_per_judge = 0
    views = judges * distinct_per_judge
    even = views // ideas
    caps = [judges - (conflicts[i] if i < len(conflicts) else 0) for i in range(ideas)]
    least = min(min(even, cap) for cap in caps)
    mean = sum(min(views / ideas, cap) for cap in caps) / ideas
    return max(least, 0), mean


def _coverage_of(plan: Plan, judges: int, judgements: int) -> tuple[int, float]:
    # A group needs a judge, and its ideas to judge: pairwise needs two to compare.
    per_group_min = IDEAS_PER_JUDGEMENT[plan.method]
    groups = max(1, min(plan.groups, judges or 1, plan.ideas // per_group_min or 1))
    judge_sizes = _split(judges, groups)
    idea_sizes = _split(plan.ideas, groups)
    least: int | None = None
    weighted = 0.0
    start = 0
    for judge_count, idea_count in zip(judge_sizes, idea_sizes, strict=True):
        conflicts = tuple(plan.conflicts[start : start + idea_count])
        start += idea_count
        low, mean = _group_coverage(judge_count, idea_count, judgements, plan.method, conflicts)
        least = low if least is None else min(least, low)
        weighted += mean * idea_count
    return least or 0, (weighted / plan.ideas if plan.ideas else 0.0)


def _least(low: int, high: int, enough: Callable[[int], bool]) -> int | None:
    """The least n in [low, high] for which ``enough(n)`` holds (it only ever turns true as
    n grows: coverage never drops with more judges or more time), or None."""
    if not enough(high):
        return None
    while low < high:
        middle = (low + high) // 2
        if enough(middle):
            high = middle
        else:
            low = middle + 1
    return low


def coverage(plan: Plan) -> Coverage:
    """The coverage ``plan`` gives, and what it would take to reach its target."""
    per_judge = _per_judge(plan)
    least, mean = _coverage_of(plan, plan.judges, per_judge)
    meets = plan.ideas > 0 and least >= plan.target
    judges_needed = _least(
        1, MAX_JUDGES, lambda n: _coverage_of(plan, n, per_judge)[0] >= plan.target
    )
    minutes_needed = None
    if plan.judges > 0 and plan.minutes_per_judgement > 0:
        # Once every judge can see every idea of their group, more time adds nothing.
        judgements = _least(
            1,
            max(plan.ideas, 1),
            lambda j: _coverage_of(plan, plan.judges, j)[0] >= plan.target,
        )
        if judgements is not None:
            minutes_needed = judgements * plan.minutes_per_judgement
    if plan.ideas == 0:
        note = "No ideas to judge yet."
    elif per_judge == 0:
        note = "The round is shorter than one judgement."
    elif meets:
        note = f"Every idea is seen by at least {least} judges."
    elif judges_needed is None and minutes_needed is None:
        note = (
            f"No plan reaches {plan.target} judges per idea with these groups and conflicts: "
            "lower the target or merge groups."
        )
    else:
        judges = "judge" if least == 1 else "judges"
        note = f"Some ideas are seen by only {least} {judges}; the target is {plan.target}."
    return Coverage(
        judgements_per_judge=per_judge,
        total_judgements=per_judge * plan.judges,
        coverage_min=least,
        coverage_mean=round(mean, 2),
        meets_target=meets,
        judges_needed=judges_needed,
        minutes_needed=minutes_needed,
        note=note,
    )
