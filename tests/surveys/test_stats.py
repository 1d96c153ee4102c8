"""The report's statistics against values worked out by hand and from printed t tables."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hackkit.surveys import stats

# Student's t, two-sided 95 %, from any printed table.
T_TABLE = {
    1: 12.706,
    2: 4.303,
    3: 3.182,
    4: 2.776,
    5: 2.571,
    9: 2.262,
    10: 2.228,
    29: 2.045,
    30: 2.042,
    60: 2.000,
    120: 1.980,
}


@pytest.mark.parametrize(("df", "expected"), sorted(T_TABLE.items()))
def test_t_quantile_matches_the_printed_table(df: int, expected: float):
    assert stats.t_quantile(0.975, df) == pytest.approx(expected, abs=5e-4)


def test_t_quantile_tends_to_the_normal_and_is_symmetric():
    assert stats.t_quantile(0.975, 100_000) == pytest.approx(1.95996, abs=1e-4)
    assert stats.t_quantile(0.025, 7) == pytest.approx(-stats.t_quantile(0.975, 7))


@given(st.floats(0.01, 0.99), st.integers(1, 200))
def test_t_cdf_undoes_t_quantile(p: float, df: int):
    assert stats.t_cdf(stats.t_quantile(p, df), df) == pytest.approx(p, abs=1e-9)


def test_mean_with_interval_of_five_answers_by_hand():
    # 4, 5, 3, 4, 5: mean 4.2; squared deviations 0.04 + 0.64 + 1.44 + 0.04 + 0.64 = 2.8;
    # sd = sqrt(2.8 / 4) = 0.83666; half width = 2.776445 * 0.83666 / sqrt(5) = 1.03885.
    got = stats.mean_ci([4, 5, 3, 4, 5])
    assert got.n == 5 and got.mean == pytest.approx(4.2)
    assert got.sd == pytest.approx(math.sqrt(0.7))
    assert got.low == pytest.approx(4.2 - 1.03885, abs=1e-5)
    assert got.high == pytest.approx(4.2 + 1.03885, abs=1e-5)


def test_one_answer_has_a_mean_but_no_interval_and_none_has_neither():
    assert stats.mean_ci([3]) == stats.MeanCI(1, 3.0, None, None, None)
    assert stats.mean_ci([]) == stats.MeanCI(0, None, None, None, None)


def test_distribution_counts_every_value_of_the_scale_including_the_empty_ones():
    assert stats.distribution([5, 5, 1, 4], 1, 5) == [1, 0, 0, 1, 2]
    assert stats.distribution([], 0, 10) == [0] * 11


def test_net_promoter_score_by_hand():
    # promoters 9, 10, 10; passives 7, 8; detractors 0, 6, 3 -> (3 - 3) / 8 = 0.
    assert stats.net_promoter([9, 10, 10, 7, 8, 0, 6, 3]) == stats.NetPromoter(8, 3, 2, 3, 0.0)
    assert stats.net_promoter([10, 9, 8, 6]).score == pytest.approx(25.0)
    assert stats.net_promoter([]).score is None


def test_change_before_and_after_with_pairs():
    change = stats.pre_post([2, 3, 2], [4, 4, 3, 5], [(2, 4), (3, 3), (2, 5)])
    assert change.before.mean == pytest.approx(7 / 3)
    assert change.after.mean == pytest.approx(4.0)
    assert change.change == pytest.approx(4.0 - 7 / 3)
    assert (change.pairs, change.improved) == (3, 2)
    assert change.improved_share == pytest.approx(2 / 3)


def test_small_samples_and_low_response_rates_are_flagged():
    assert stats.sample_warnings(0, 10) == ["No answers yet."]
    assert stats.sample_warnings(3, 4) == ["Only 3 answers: too few to generalise."]
    notes = stats.sample_warnings(20, 100)
    assert len(notes) == 1 and "Only 20% of 100 participants answered" in notes[0]
    assert stats.sample_warnings(80, 100) == []


def test_word_counts_most_frequent_first_ties_alphabetical():
    assert stats.word_counts(["fun", "wow", "fun", "ace", "wow", "zen"], 3) == [
        ("fun", 2),
        ("wow", 2),
        ("ace", 1),
    ]


def test_a_small_samples_interval_is_cut_to_the_scale_it_comes_from():
    # 4, 4, 5 on a 1-5 scale: the t interval runs to 5.77, past what any mean can be.
    loose = stats.mean_ci([4, 4, 5])
    assert loose.high > 5
    cut = stats.mean_ci([4, 4, 5], bounds=(1, 5))
    assert cut.high == 5 and cut.low == loose.low and cut.mean == loose.mean
    assert stats.mean_ci([1, 1, 2], bounds=(1, 5)).low == 1
