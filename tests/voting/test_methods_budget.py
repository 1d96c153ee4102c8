"""Budget: every voter spends exactly the whole budget."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.voting.methods import BallotError, WeightedBallot, get_method

OPTIONS = ["a", "b", "c"]
METHOD = get_method("budget")


@settings(max_examples=150, deadline=None)
@given(
    points=st.dictionaries(st.sampled_from([*OPTIONS, "zz"]), st.integers(-5, 12), max_size=4),
    budget=st.integers(1, 12),
)
def test_budget_accepts_exactly_the_ballots_that_spend_it_all(points, budget):
    params = METHOD.params_from({"budget": budget})
    fits = (
        "zz" not in points
        and all(n >= 0 for n in points.values())
        and sum(points.values()) == budget
    )
    try:
        METHOD.validate(OPTIONS, {"points": points}, params)
    except BallotError:
        assert not fits
    else:
        assert fits


def test_the_default_budget_is_one_hundred_points():
    params = METHOD.params_from(None)
    assert METHOD.validate(OPTIONS, {"points": {"a": 60, "c": 40, "b": 0}}, params) == {
        "points": {"a": 60, "c": 40}
    }
    with pytest.raises(BallotError) as caught:
        METHOD.validate(OPTIONS, {"points": {"a": 99}}, params)
    assert caught.value.code == "under_budget"


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10), st.integers(0, 10), st.floats(0.1, 3)).filter(
            lambda t: t[0] + t[1] <= 10
        ),
        min_size=1,
        max_size=12,
    )
)
def test_budget_totals_and_shares_follow_the_weighted_points(spends):
    params = METHOD.params_from({"budget": 10})
    ballots = [
        WeightedBallot({"points": {"a": x, "b": y, "c": 10 - x - y}}, w, f"v{i}")
        for i, (x, y, w) in enumerate(spends)
    ]
    result = METHOD.tally(OPTIONS, ballots, params)
    scores = {r["option"]: r["score"] for r in result["ranking"]}
    assert scores["a"] == pytest.approx(sum(x * w for x, _y, w in spends))
    assert sum(scores.values()) == pytest.approx(10 * sum(w for *_xy, w in spends))
    assert sum(result["shares"].values()) == pytest.approx(1)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ({"points": {"a": 101}}, "over_budget"),
        ({"points": {}}, "under_budget"),
        ({"points": {"a": 110, "b": -10}}, "negative_amount"),
        ({"points": {"a": 50.0, "b": 50}}, "wrong_type"),
        ({"points": {"a": "100"}}, "wrong_type"),
        ({"points": [100]}, "wrong_type"),
        ({"points": {"x": 100}}, "unknown_option"),
        ({"points": {"a": 100}, "note": "hi"}, "unknown_field"),
        ("100 for a", "not_an_object"),
    ],
)
def test_malformed_budget_ballots_are_refused_with_a_clear_code(content, code):
    with pytest.raises(BallotError) as caught:
        METHOD.validate(OPTIONS, content, METHOD.params_from({}))
    assert caught.value.code == code
