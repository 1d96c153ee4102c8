"""Single choice: one pick per voter, weights respected."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.voting.methods import BallotError, WeightedBallot, get_method

OPTIONS = ["alpha", "bravo", "charlie"]
METHOD = get_method("single")
PARAMS = METHOD.params_from(None)


def ballots_for(choices, weight=1.0):
    return [WeightedBallot({"choice": c}, weight, f"v{i}") for i, c in enumerate(choices)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(OPTIONS), max_size=30))
def test_single_choice_totals_equal_the_votes_cast(choices):
    result = METHOD.tally(OPTIONS, ballots_for(choices), PARAMS)
    votes = Counter(choices)
    assert {r["option"]: r["score"] for r in result["ranking"]} == {o: votes[o] for o in OPTIONS}
    assert result["counts"] == {o: votes[o] for o in OPTIONS}
    assert result["ballots"] == len(choices)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(OPTIONS), min_size=1, max_size=20), st.floats(0.5, 5))
def test_equal_voter_weights_scale_scores_but_keep_the_order(choices, weight):
    plain = METHOD.tally(OPTIONS, ballots_for(choices), PARAMS)["ranking"]
    weighted = METHOD.tally(OPTIONS, ballots_for(choices, weight), PARAMS)["ranking"]
    assert [r["option"] for r in weighted] == [r["option"] for r in plain]
    for p, w in zip(plain, weighted, strict=True):
        assert w["score"] == pytest.approx(p["score"] * weight)


def test_a_heavier_juror_can_outweigh_two_participants():
    ballots = [
        WeightedBallot({"choice": "alpha"}, 1.0, "p1"),
        WeightedBallot({"choice": "alpha"}, 1.0, "p2"),
        WeightedBallot({"choice": "bravo"}, 3.0, "juror"),
    ]
    ranking = METHOD.tally(OPTIONS, ballots, PARAMS)["ranking"]
    assert ranking[0] == {"option": "bravo", "score": 3.0, "rank": 1}


def test_a_ballot_for_a_removed_option_is_ignored_not_fatal():
    ballots = ballots_for(["alpha", "delta"])
    result = METHOD.tally(OPTIONS, ballots, PARAMS)
    assert result["ballots"] == 1
    assert result["ignored"] == 1


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (None, "not_an_object"),
        (["alpha"], "not_an_object"),
        ({}, "missing_field"),
        ({"choice": "alpha", "extra": 1}, "unknown_field"),
        ({"choice": "zulu"}, "unknown_option"),
        ({"choice": ["alpha"]}, "wrong_type"),
        ({"choice": {"alpha": 1}}, "wrong_type"),
        ({"choice": 1}, "wrong_type"),
    ],
)
def test_malformed_single_choice_is_refused_with_a_clear_code(content, code):
    with pytest.raises(BallotError) as caught:
        METHOD.validate(OPTIONS, content, PARAMS)
    assert caught.value.code == code
