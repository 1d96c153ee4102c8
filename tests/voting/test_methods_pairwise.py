"""Pairwise judging: CrowdBT from raw decisions, and picking the next pair for a judge."""

from __future__ import annotations

import json
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.voting.methods import BallotError, WeightedBallot, crowd_bt, get_method
from hackkit.voting.methods.pairwise import choose_pair

METHOD = get_method("pairwise")
PARAMS = METHOD.params_from({})
ITEMS = [f"project-{n}" for n in range(8)]


def kendall_tau(truth: list[str], estimate: list[str]) -> float:
    position = {item: index for index, item in enumerate(estimate)}
    pairs = [(a, b) for i, a in enumerate(truth) for b in truth[i + 1 :]]
    agree = sum(1 if position[a] < position[b] else -1 for a, b in pairs)
    return agree / len(pairs)


def simulate_judging(seed: int, rounds: int) -> tuple[list[WeightedBallot], dict[str, float]]:
    """Judges of mixed care compare pairs chosen by choose_pair; answers follow Bradley–Terry."""
    rng = random.Random(seed)
    quality = {item: 0.6 * index for index, item in enumerate(reversed(ITEMS))}
    honesty = {"careful-1": 0.95, "careful-2": 0.95, "careful-3": 0.9, "careless": 0.6}
    state = crowd_bt.new_state()
    seen: dict[str, set[frozenset]] = {judge: set() for judge in honesty}
    decisions: list[WeightedBallot] = []
    for _ in range(rounds):
        judge = rng.choice(sorted(honesty))
        pair = choose_pair(state, judge, ITEMS, set(), seen[judge], rng)
        if pair is None:
            continue
        a, b = pair
        seen[judge].add(frozenset(pair))
        a_better = rng.random() < 1 / (1 + math.exp(quality[b] - quality[a]))
        if rng.random() > honesty[judge]:
            a_better = not a_better
        winner, loser = (a, b) if a_better else (b, a)
        decisions.append(WeightedBallot({"winner": winner, "loser": loser}, 1.0, judge))
        state = crowd_bt.update(state, judge, winner, loser)
    return decisions, quality


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_crowd_bt_recovers_the_true_order_from_noisy_judges(seed):
    decisions, quality = simulate_judging(seed, rounds=110)
    result = METHOD.tally(ITEMS, decisions, PARAMS)
    truth = sorted(ITEMS, key=lambda item: -quality[item])
    assert kendall_tau(truth, [r["option"] for r in result["ranking"]]) > 0.6


def test_a_judge_who_always_answers_backwards_earns_less_trust():
    honest_order = ITEMS  # project-0 is best
    decisions = []
    rng = random.Random(7)
    for _ in range(60):
        a, b = sorted(rng.sample(range(len(ITEMS)), 2))
        better, worse = honest_order[a], honest_order[b]
        for judge in ("honest-1", "honest-2"):
            decisions.append(WeightedBallot({"winner": better, "loser": worse}, 1.0, judge))
        decisions.append(WeightedBallot({"winner": worse, "loser": better}, 1.0, "contrarian"))
    result = METHOD.tally(ITEMS, decisions, PARAMS)
    judges = result["judges"]
    assert judges["contrarian"]["reliability"] < judges["honest-1"]["reliability"]
    assert [r["option"] for r in result["ranking"]][:2] == ITEMS[:2]


decision_lists = st.lists(
    st.tuples(
        st.sampled_from(["j1", "j2", "j3"]),
        st.permutations(ITEMS[:5]).map(lambda p: p[:2]),
        st.booleans(),
    ),
    max_size=25,
)


def as_ballots(entries):
    return [
        WeightedBallot({"skip": [a, b]} if skip else {"winner": a, "loser": b}, 1.0, judge)
        for judge, (a, b), skip in entries
    ]


@settings(max_examples=40, deadline=None)
@given(decision_lists)
def test_the_tally_is_reproducible_from_the_raw_decisions(entries):
    ballots = as_ballots(entries)
    first = METHOD.tally(ITEMS, ballots, PARAMS)
    stored = json.loads(json.dumps(first, allow_nan=False))
    assert METHOD.tally(ITEMS, ballots, PARAMS) == first == stored
    incremental = crowd_bt.new_state()
    for judge, (a, b), skip in entries:
        if not skip:
            incremental = crowd_bt.update(incremental, judge, a, b)
    assert METHOD.model_state(ITEMS, ballots, PARAMS) == incremental
    assert first["skips"] == sum(1 for *_rest, skip in entries if skip)
    assert sum(first["coverage"].values()) == 2 * (len(entries) - first["skips"])


def test_skips_are_recorded_but_teach_the_model_nothing():
    decided = [WeightedBallot({"winner": "project-1", "loser": "project-2"}, 1.0, "j1")]
    skipped = [*decided, WeightedBallot({"skip": ["project-3", "project-4"]}, 1.0, "j1")]
    with_skip = METHOD.tally(ITEMS, skipped, PARAMS)
    assert with_skip["ranking"] == METHOD.tally(ITEMS, decided, PARAMS)["ranking"]
    assert with_skip["skips"] == 1
    assert with_skip["judges"]["j1"]["skips"] == 1
    assert with_skip["judges"]["j1"]["decisions"] == 1


def test_a_zero_weight_judge_is_left_out():
    decisions = [WeightedBallot({"winner": "project-5", "loser": "project-0"}, 0.0, "observer")]
    result = METHOD.tally(ITEMS, decisions, PARAMS)
    assert {r["score"] for r in result["ranking"]} == {crowd_bt.MU_PRIOR}
    assert result["coverage"]["project-5"] == 0


def test_update_leaves_the_given_state_alone():
    before = crowd_bt.new_state()
    after = crowd_bt.update(before, "j1", "project-0", "project-1")
    assert before == crowd_bt.new_state()
    assert after["items"]["project-0"]["mu"] > after["items"]["project-1"]["mu"]
    json.dumps(after, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    busy=st.sets(st.sampled_from(ITEMS)),
    seen=st.sets(st.permutations(ITEMS).map(lambda p: frozenset(p[:2])), max_size=27),
    seed=st.integers(0, 1000),
    epsilon=st.sampled_from([0.0, 0.1, 1.0]),
)
def test_choose_pair_avoids_busy_items_and_pairs_already_judged(busy, seen, seed, epsilon):
    state = crowd_bt.update(crowd_bt.new_state(), "j1", "project-0", "project-1")
    pair = choose_pair(state, "j1", ITEMS, busy, seen, random.Random(seed), epsilon)
    open_pairs = [
        frozenset((a, b))
        for i, a in enumerate(ITEMS)
        for b in ITEMS[i + 1 :]
        if frozenset((a, b)) not in seen
    ]
    if not open_pairs:
        assert pair is None
        return
    assert pair is not None and frozenset(pair) in open_pairs and pair[0] != pair[1]
    least_busy = min(len(p & busy) for p in open_pairs)
    assert len(frozenset(pair) & busy) == least_busy
    again = choose_pair(state, "j1", ITEMS, busy, seen, random.Random(seed), epsilon)
    assert again == pair


def test_choose_pair_prefers_the_most_informative_pair():
    state = crowd_bt.new_state()
    for _ in range(30):
        crowd_bt.apply_decision(state, "j0", "project-0", "project-1")
    # project-0 and project-1 are now well known; pairs of fresh items tell the judge more.
    pair = choose_pair(state, "j1", ITEMS[:4], set(), set(), random.Random(0), epsilon=0.0)
    assert set(pair) == {"project-2", "project-3"}


def test_digamma_matches_known_values():
    euler_gamma = 0.5772156649015329
    assert crowd_bt.digamma(1.0) == pytest.approx(-euler_gamma, abs=1e-12)
    assert crowd_bt.digamma(0.5) == pytest.approx(-euler_gamma - 2 * math.log(2), abs=1e-12)
    assert crowd_bt.digamma(10.0) == pytest.approx(2.251752589066721, abs=1e-12)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ({"winner": "project-1", "loser": "project-1"}, "same_option"),
        ({"skip": ["project-1", "project-1"]}, "same_option"),
        ({"skip": ["project-1"]}, "wrong_type"),
        ({"skip": "project-1"}, "wrong_type"),
        ({"skip": ["project-1", "project-2"], "winner": "project-1"}, "unknown_field"),
        ({"winner": "project-1"}, "missing_field"),
        ({"winner": "project-1", "loser": "nowhere"}, "unknown_option"),
        ({"winner": ["project-1"], "loser": "project-2"}, "wrong_type"),
        ({"skip": [["project-1"], {}]}, "wrong_type"),
        (None, "not_an_object"),
    ],
)
def test_malformed_decisions_are_refused_with_a_clear_code(content, code):
    with pytest.raises(BallotError) as caught:
        METHOD.validate(ITEMS, content, PARAMS)
    assert caught.value.code == code


@pytest.mark.parametrize("epsilon", [-0.1, 1.5, "0.1", math.nan, True])
def test_epsilon_must_be_a_share_between_zero_and_one(epsilon):
    with pytest.raises(BallotError) as caught:
        METHOD.params_from({"epsilon": epsilon})
    assert caught.value.code == "invalid_params"
