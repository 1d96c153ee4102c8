"""What every voting method promises: the registry, the ranking rule, and that junk from a
phone is refused with a BallotError rather than crashing the server."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.voting.methods import METHODS, BallotError, WeightedBallot, get_method
from hackkit.voting.methods.base import rank

OPTIONS = ["a", "b", "c", "d"]
PARAMS = {
    "single": {},
    "approval": {"max_choices": 3},
    "dots": {"dots": 5, "max_per_option": 3},
    "budget": {"budget": 10},
    "ranked": {"max_rank": 3},
    "rubric": {"criteria": [{"key": "impact", "weight": 2}, {"key": "craft", "weight": 1}]},
    "pairwise": {"epsilon": 0.1},
}

json_junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-10, 200)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(["a", "b", "z", "", "impact", "craft"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "a",
                    "b",
                    "c",
                    "z",
                    "choice",
                    "choices",
                    "dots",
                    "points",
                    "ranking",
                    "scores",
                    "winner",
                    "loser",
                    "skip",
                    "impact",
                    "craft",
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


def test_every_spec_method_is_registered():
    assert set(METHODS) == set(PARAMS)
    for name, method in METHODS.items():
        assert method.name == name
        assert method.label


def test_unknown_method_is_a_ballot_error():
    with pytest.raises(BallotError) as caught:
        get_method("plurality-ish")
    assert caught.value.code == "unknown_method"
    assert "plurality-ish" in caught.value.message


@pytest.mark.parametrize("weight", [-1, math.nan, math.inf, "2", None, True])
def test_a_voter_weight_must_be_a_number_of_zero_or_more(weight):
    with pytest.raises(BallotError) as caught:
        WeightedBallot({"choice": "a"}, weight, "v1")
    assert caught.value.code == "invalid_weight"


def test_ties_share_a_rank_and_the_next_rank_skips():
    ranking = rank(["a", "b", "c", "d"], {"a": 3, "b": 5, "c": 3, "d": 1})
    assert [(r["option"], r["rank"]) for r in ranking] == [("b", 1), ("a", 2), ("c", 2), ("d", 4)]


def test_scores_differing_only_by_float_noise_tie():
    ranking = rank(["x", "y"], {"x": 0.1 + 0.2, "y": 0.3})
    assert [r["rank"] for r in ranking] == [1, 1]


@pytest.mark.parametrize("name", sorted(PARAMS))
@pytest.mark.parametrize("params", [[], "x", 3])
def test_parameters_that_are_not_an_object_are_refused(name, params):
    with pytest.raises(BallotError) as caught:
        get_method(name).params_from(params)
    assert caught.value.code == "invalid_params"


@pytest.mark.parametrize("name", sorted(PARAMS))
@settings(max_examples=80, deadline=None)
@given(content=json_junk)
def test_malformed_ballots_raise_ballot_error_and_nothing_else(name, content):
    method = get_method(name)
    params = method.params_from(PARAMS[name])
    try:
        cleaned = method.validate(OPTIONS, content, params)
    except BallotError as error:
        assert error.code and error.message
    else:
        # Whatever is accepted is stored as JSON and must validate again unchanged.
        assert method.validate(OPTIONS, json.loads(json.dumps(cleaned)), params) == cleaned


@pytest.mark.parametrize("name", sorted(PARAMS))
@settings(max_examples=25, deadline=None)
@given(contents=st.lists(json_junk, max_size=6))
def test_tallies_skip_junk_ballots_and_stay_json_ready(name, contents):
    method = get_method(name)
    params = method.params_from(PARAMS[name])
    ballots = [WeightedBallot(c, 1.0, f"v{i}") for i, c in enumerate(contents)]
    result = method.tally(OPTIONS, ballots, params)
    json.dumps(result, allow_nan=False)
    assert result["method"] == name
    assert result["ballots"] + result["ignored"] == len(ballots)
    assert sorted(r["option"] for r in result["ranking"]) == OPTIONS
    ranks = [r["rank"] for r in result["ranking"]]
    assert ranks[0] == 1 and ranks == sorted(ranks)


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_a_tally_of_no_ballots_ties_everything_first(name):
    method = get_method(name)
    result = method.tally(OPTIONS, [], method.params_from(PARAMS[name]))
    assert result["ballots"] == 0
    assert [r["option"] for r in result["ranking"]] == OPTIONS
    assert {r["rank"] for r in result["ranking"]} == {1}
