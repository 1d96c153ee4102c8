"""Approval: any number of distinct picks, at least one, optionally capped."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.voting.methods import BallotError, WeightedBallot, get_method

OPTIONS = ["a", "b", "c", "d", "e"]
METHOD = get_method("approval")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sets(st.sampled_from(OPTIONS), min_size=1), max_size=20))
def test_approval_totals_count_every_approval(picks):
    params = METHOD.params_from({})
    ballots = [WeightedBallot({"choices": sorted(p)}, 1.0, f"v{i}") for i, p in enumerate(picks)]
    result = METHOD.tally(OPTIONS, ballots, params)
    approvals = Counter(o for p in picks for o in p)
    assert {r["option"]: r["score"] for r in result["ranking"]} == {
        o: approvals[o] for o in OPTIONS
    }


@settings(max_examples=100, deadline=None)
@given(
    choices=st.lists(st.sampled_from([*OPTIONS, "zz"]), max_size=7),
    cap=st.none() | st.integers(1, 5),
)
def test_approval_accepts_exactly_the_ballots_that_keep_the_rules(choices, cap):
    params = METHOD.params_from({"max_choices": cap})
    fits = (
        1 <= len(choices) <= (cap or len(OPTIONS))
        and len(set(choices)) == len(choices)
        and "zz" not in choices
    )
    try:
        cleaned = METHOD.validate(OPTIONS, {"choices": choices}, params)
    except BallotError:
        assert not fits
    else:
        assert fits
        assert sorted(cleaned["choices"]) == sorted(choices)


def test_approvals_are_stored_in_option_order():
    cleaned = METHOD.validate(OPTIONS, {"choices": ["d", "a"]}, METHOD.params_from({}))
    assert cleaned == {"choices": ["a", "d"]}


def test_weights_scale_each_voters_approvals():
    ballots = [
        WeightedBallot({"choices": ["a", "b"]}, 2.0, "juror"),
        WeightedBallot({"choices": ["b"]}, 1.0, "p1"),
    ]
    result = METHOD.tally(OPTIONS, ballots, METHOD.params_from({}))
    scores = {r["option"]: r["score"] for r in result["ranking"]}
    assert scores["a"] == 2.0 and scores["b"] == 3.0
    assert result["counts"]["b"] == 2


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ({"choices": []}, "empty_ballot"),
        ({"choices": ["a", "a"]}, "duplicate_option"),
        ({"choices": ["a", "b", "c"]}, "too_many_choices"),
        ({"choices": "a"}, "wrong_type"),
        ({"choices": [["a"]]}, "wrong_type"),
        ({"choices": [None]}, "wrong_type"),
        ({"choice": ["a"]}, "missing_field"),
    ],
)
def test_malformed_approval_is_refused_with_a_clear_code(content, code):
    with pytest.raises(BallotError) as caught:
        METHOD.validate(OPTIONS, content, METHOD.params_from({"max_choices": 2}))
    assert caught.value.code == code


@pytest.mark.parametrize("cap", [0, -1, 1.5, "2", True])
def test_a_cap_below_one_or_not_a_whole_number_is_refused(cap):
    with pytest.raises(BallotError) as caught:
        METHOD.params_from({"max_choices": cap})
    assert caught.value.code == "invalid_params"
