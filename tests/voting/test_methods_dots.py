"""Dot voting: up to k dots, at most m on one idea, fewer than k allowed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.voting.methods import BallotError, WeightedBallot, get_method

OPTIONS = ["a", "b", "c", "d"]
METHOD = get_method("dots")


@settings(max_examples=150, deadline=None)
@given(
    dots=st.dictionaries(st.sampled_from([*OPTIONS, "zz"]), st.integers(-1, 6), max_size=5),
    k=st.integers(1, 8),
    m=st.integers(1, 4),
)
def test_dots_accepts_exactly_the_ballots_that_keep_the_rules(dots, k, m):
    params = METHOD.params_from({"dots": k, "max_per_option": m})
    fits = (
        "zz" not in dots
        and all(0 <= n <= m for n in dots.values())
        and 1 <= sum(dots.values()) <= k
    )
    try:
        cleaned = METHOD.validate(OPTIONS, {"dots": dots}, params)
    except BallotError:
        assert not fits
    else:
        assert fits
        assert cleaned["dots"] == {o: n for o, n in dots.items() if n}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.sampled_from(OPTIONS), st.integers(1, 2), min_size=1, max_size=2),
        max_size=15,
    ),
    st.floats(0.1, 4),
)
def test_dot_totals_are_the_weighted_dots_placed(ballots, weight):
    params = METHOD.params_from({"dots": 4, "max_per_option": 2})
    stored = [WeightedBallot({"dots": b}, weight, f"v{i}") for i, b in enumerate(ballots)]
    result = METHOD.tally(OPTIONS, stored, params)
    for entry in result["ranking"]:
        placed = sum(b.get(entry["option"], 0) for b in ballots)
        assert entry["score"] == pytest.approx(placed * weight)
        assert result["counts"][entry["option"]] == placed


def test_spending_fewer_dots_than_allowed_is_fine():
    params = METHOD.params_from({"dots": 5, "max_per_option": 3})
    assert METHOD.validate(OPTIONS, {"dots": {"b": 1}}, params) == {"dots": {"b": 1}}


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ({"dots": {"a": 3, "b": 3}}, "too_many_dots"),
        ({"dots": {"a": 4}}, "too_many_on_one_option"),
        ({"dots": {}}, "empty_ballot"),
        ({"dots": {"a": 0}}, "empty_ballot"),
        ({"dots": {"a": -1, "b": 2}}, "negative_amount"),
        ({"dots": {"a": 1.5}}, "wrong_type"),
        ({"dots": {"a": True}}, "wrong_type"),
        ({"dots": {"a": None}}, "wrong_type"),
        ({"dots": {"a": [1]}}, "wrong_type"),
        ({"dots": {"q": 1}}, "unknown_option"),
        ({"dots": ["a"]}, "wrong_type"),
        ({"dots": None}, "wrong_type"),
    ],
)
def test_malformed_dots_are_refused_with_a_clear_code(content, code):
    params = METHOD.params_from({"dots": 5, "max_per_option": 3})
    with pytest.raises(BallotError) as caught:
        METHOD.validate(OPTIONS, content, params)
    assert caught.value.code == code


@pytest.mark.parametrize("params", [{"dots": 0}, {"max_per_option": 0}, {"dots": "5"}])
def test_dot_parameters_must_be_positive_whole_numbers(params):
    with pytest.raises(BallotError) as caught:
        METHOD.params_from(params)
    assert caught.value.code == "invalid_params"
