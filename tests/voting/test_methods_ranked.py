"""Ranked: partial top-k rankings, tallied by Borda and by Schulze."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.voting.methods import BallotError, WeightedBallot, get_method
from hackkit.voting.methods.ranked import pairwise_preferences, schulze_strengths

OPTIONS = ["a", "b", "c", "d", "e"]
METHOD = get_method("ranked")


def ranked_ballots(max_size: int = 12):
    one = st.tuples(
        st.permutations(OPTIONS).flatmap(lambda p: st.integers(1, 3).map(lambda k: p[:k])),
        st.sampled_from([0.5, 1.0, 2.0]),
    )
    return st.lists(one, max_size=max_size)


def stored(entries):
    return [WeightedBallot({"ranking": list(r)}, w, f"v{i}") for i, (r, w) in enumerate(entries)]


@settings(max_examples=60, deadline=None)
@given(ranked_ballots())
def test_borda_total_points_follow_the_partial_ranking_formula(entries):
    result = METHOD.tally(OPTIONS, stored(entries), METHOD.params_from({"max_rank": 3}))
    n = len(OPTIONS)
    expected = sum(w * sum(n - 1 - i for i in range(len(r))) for r, w in entries)
    assert sum(r["score"] for r in result["borda"]) == pytest.approx(expected)


def test_borda_gives_unranked_options_nothing():
    result = METHOD.tally(["a", "b", "c", "d"], stored([(["b", "d"], 1.0)]), METHOD.params_from({}))
    assert {r["option"]: r["score"] for r in result["borda"]} == {"a": 0, "b": 3, "c": 0, "d": 2}


@settings(max_examples=60, deadline=None)
@given(ranked_ballots(), st.sampled_from(OPTIONS))
def test_condorcet_winner_wins_under_schulze(entries, winner):
    # Heavier than everything else put together, a ballot naming only `winner` makes it beat
    # every other option head to head, whatever the other ballots say.
    heavy = sum(w for _r, w in entries) + 1
    result = METHOD.tally(
        OPTIONS, stored([*entries, ([winner], heavy)]), METHOD.params_from({"max_rank": 3})
    )
    assert result["schulze"][0]["option"] == winner
    assert [r["rank"] for r in result["schulze"]].count(1) == 1
    assert result["ranking"] == result["schulze"]


def test_options_nobody_ranked_tie_below_the_ones_ranked():
    result = METHOD.tally(OPTIONS, stored([(["c", "a"], 1.0)]), METHOD.params_from({}))
    # A Schulze score is the number of options beaten: c beats all four, a the three unranked.
    assert [(r["option"], r["score"], r["rank"]) for r in result["schulze"]] == [
        ("c", 4, 1),
        ("a", 3, 2),
        ("b", 0, 3),
        ("d", 0, 3),
        ("e", 0, 3),
    ]


def widest_paths_by_relaxation(options, d):
    """An independent strongest-path computation (Bellman–Ford style) to check against."""
    link = {a: {b: d[a][b] if d[a][b] > d[b][a] else 0.0 for b in options} for a in options}
    best = {a: dict(link[a]) for a in options}
    for _ in options:
        for a in options:
            for b in options:
                for c in options:
                    if len({a, b, c}) == 3:
                        best[a][c] = max(best[a][c], min(best[a][b], link[b][c]))
    return best


@settings(max_examples=60, deadline=None)
@given(ranked_ballots())
def test_schulze_ranking_never_contradicts_the_strongest_paths(entries):
    result = METHOD.tally(OPTIONS, stored(entries), METHOD.params_from({"max_rank": 3}))
    rankings = [(list(r), w) for r, w in entries]
    p = widest_paths_by_relaxation(OPTIONS, pairwise_preferences(OPTIONS, rankings))
    assert schulze_strengths(OPTIONS, pairwise_preferences(OPTIONS, rankings)) == p
    position = {r["option"]: r["rank"] for r in result["schulze"]}
    for a in OPTIONS:
        for b in OPTIONS:
            if p[a][b] > p[b][a]:
                assert position[a] < position[b]


def test_schulze_matches_the_textbook_example():
    # The 45-voter example from Schulze's paper (as on Wikipedia): E > A > C > B > D.
    groups = [
        (5, "ACBED"),
        (5, "ADECB"),
        (8, "BEDAC"),
        (3, "CABED"),
        (7, "CAEBD"),
        (2, "CBADE"),
        (7, "DCEBA"),
        (8, "EBADC"),
    ]
    ballots = [
        WeightedBallot({"ranking": list(order)}, 1.0, "") for n, order in groups for _ in range(n)
    ]
    result = METHOD.tally(list("ABCDE"), ballots, METHOD.params_from({"max_rank": 5}))
    assert [r["option"] for r in result["schulze"]] == list("EACBD")


@settings(max_examples=40, deadline=None)
@given(ranked_ballots(max_size=6))
def test_a_double_weight_ballot_counts_like_two_ballots(entries):
    params = METHOD.params_from({"max_rank": 3})
    doubled = METHOD.tally(OPTIONS, stored([(r, 2 * w) for r, w in entries]), params)
    twice = METHOD.tally(OPTIONS, stored([e for e in entries for _ in range(2)]), params)
    assert doubled["schulze"] == twice["schulze"]
    assert doubled["borda"] == twice["borda"]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ({"ranking": []}, "empty_ballot"),
        ({"ranking": ["a", "b", "c", "d"]}, "ranking_too_long"),
        ({"ranking": ["a", "a"]}, "duplicate_option"),
        ({"ranking": ["a", "q"]}, "unknown_option"),
        ({"ranking": "abc"}, "wrong_type"),
        ({"ranking": {"a": 1}}, "wrong_type"),
        ({"ranking": [1, 2]}, "wrong_type"),
        ({"ranking": [["a"]]}, "wrong_type"),
        ({"rank": ["a"]}, "missing_field"),
    ],
)
def test_malformed_rankings_are_refused_with_a_clear_code(content, code):
    with pytest.raises(BallotError) as caught:
        METHOD.validate(OPTIONS, content, METHOD.params_from({"max_rank": 3}))
    assert caught.value.code == code
