"""The judging planner: the coverage a plan gives, by hand-checked cases and by properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.voting.planner import Plan, coverage


def test_pairwise_plan_for_300_ideas_and_60_judges_in_6_groups():
    # 30 comparisons each, 2 ideas per comparison: 60 idea-views per judge; 10 judges per
    # group over 50 ideas: 600 views, so every idea is seen by 10 of the group's 10 judges.
    result = coverage(
        Plan(ideas=300, judges=60, minutes_per_judgement=2, round_minutes=60, groups=6)
    )
    assert result.judgements_per_judge == 30 and result.total_judgements == 1800
    assert result.coverage_min == 10 and result.meets_target


def test_rubric_plan_that_falls_short_says_what_would_reach_the_target():
    result = coverage(
        Plan(ideas=40, judges=4, minutes_per_judgement=3, round_minutes=30, method="rubric")
    )
    # 10 scores each, 40 scores over 40 ideas: one judge per idea.
    assert result.coverage_min == 1 and not result.meets_target
    assert result.judges_needed == 12  # 12 x 10 = 120 = 3 per idea
    assert result.minutes_needed == 90  # 4 judges x 30 scores each = 3 per idea
    assert "only 1 judge;" in result.note


def test_conflicts_cap_how_many_judges_can_see_an_idea():
    plan = Plan(
        ideas=3,
        judges=3,
        minutes_per_judgement=1,
        round_minutes=10,
        method="rubric",
        conflicts=(1, 0, 0),
    )
    result = coverage(plan)
    assert result.coverage_min == 2 and result.minutes_needed is None
    assert result.judges_needed == 4 and "No plan" not in result.note


def test_an_empty_or_too_short_round_is_explained():
    assert coverage(Plan(0, 5, 2, 30)).note == "No ideas to judge yet."
    short = coverage(Plan(10, 5, 5, 4))
    assert short.judgements_per_judge == 0 and short.coverage_min == 0
    assert short.note == "The round is shorter than one judgement."


plans = st.builds(
    Plan,
    ideas=st.integers(0, 120),
    judges=st.integers(0, 60),
    minutes_per_judgement=st.sampled_from([0.5, 1, 2, 3, 5]),
    round_minutes=st.sampled_from([1, 10, 30, 60, 90]),
    method=st.sampled_from(["pairwise", "rubric"]),
    groups=st.integers(1, 8),
    target=st.integers(1, 6),
    conflicts=st.lists(st.integers(0, 3), max_size=10).map(tuple),
)


@settings(max_examples=400, deadline=None)
@given(plans)
def test_coverage_never_exceeds_the_judges_or_the_views(plan):
    result = coverage(plan)
    assert 0 <= result.coverage_min <= plan.judges
    per = 2 if plan.method == "pairwise" else 1
    if plan.ideas:
        assert result.coverage_min * plan.ideas <= result.total_judgements * per
    assert result.meets_target == (plan.ideas > 0 and result.coverage_min >= plan.target)


@settings(max_examples=400, deadline=None)
@given(plans, st.integers(1, 20))
def test_more_judges_or_a_longer_round_never_lowers_coverage(plan, more):
    base = coverage(plan).coverage_min
    bigger = Plan(**{**plan.__dict__, "judges": plan.judges + more})
    longer = Plan(**{**plan.__dict__, "round_minutes": plan.round_minutes + more})
    assert coverage(bigger).coverage_min >= base
    assert coverage(longer).coverage_min >= base


@settings(max_examples=400, deadline=None)
@given(plans)
def test_the_judges_and_minutes_needed_do_reach_the_target(plan):
    result = coverage(plan)
    if result.judges_needed is not None:
        enough = coverage(Plan(**{**plan.__dict__, "judges": result.judges_needed}))
        assert enough.coverage_min >= plan.target
        if result.judges_needed > 1:
            fewer = coverage(Plan(**{**plan.__dict__, "judges": result.judges_needed - 1}))
            assert fewer.coverage_min < plan.target
    if result.minutes_needed is not None:
        timed = coverage(Plan(**{**plan.__dict__, "round_minutes": result.minutes_needed}))
        assert timed.coverage_min >= plan.target
