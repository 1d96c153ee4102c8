"""Page rotation: every screen derives the page from the shared epoch, so all agree."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.wall.paging import next_flip_at, page_at

epochs = st.integers(0, 2_000_000_000_000)
dwells = st.integers(5000, 120_000)  # a card stays up for 5 s to 2 min


def test_pages_turn_every_dwell_and_wrap_around() -> None:
    shown = [page_at(t, 0, 10_000, 3) for t in (0, 9_999, 10_000, 25_000, 29_999, 30_000)]
    assert shown == [0, 0, 1, 2, 2, 0]


@settings(max_examples=200, deadline=None)
@given(epochs, dwells, st.integers(1, 40), st.integers(0, 10**7), st.integers(0, 3_600_000))
def test_late_joiner_shows_the_same_page_as_a_screen_there_from_the_start(
    epoch: int, dwell: int, pages: int, early_after: int, late_after: int
) -> None:
    # The early screen turns pages itself at each flip; the late one computes from scratch.
    t = epoch + early_after
    page = page_at(t, epoch, dwell, pages)
    joined = t + late_after
    flips = 0
    while (flip := next_flip_at(t, epoch, dwell)) <= joined:
        t = flip
        flips += 1
    page = (page + flips) % pages
    assert page == page_at(joined, epoch, dwell, pages)


@settings(max_examples=200, deadline=None)
@given(epochs, dwells, st.integers(2, 40), st.floats(-1e9, 1e9))
def test_next_flip_is_after_now_and_lands_on_the_next_page(
    epoch: int, dwell: int, pages: int, offset: float
) -> None:
    t = epoch + offset
    flip = next_flip_at(t, epoch, dwell)
    assert t < flip <= t + dwell + 1
    current = page_at(t, epoch, dwell, pages)
    assert page_at(flip, epoch, dwell, pages) == (current + 1) % pages
    assert page_at(flip - 1, epoch, dwell, pages) == current


@given(epochs, dwells, st.integers(1, 40), st.integers(-(10**10), -1))
def test_a_screen_with_a_clock_before_the_epoch_still_shows_a_real_page(
    epoch: int, dwell: int, pages: int, before: int
) -> None:
    assert 0 <= page_at(epoch + before, epoch, dwell, pages) < pages


def test_nothing_to_show_is_page_zero() -> None:
    assert page_at(123_456, 0, 5000, 0) == 0


@pytest.mark.parametrize("dwell", [0, -5, float("nan"), float("inf")])
def test_a_dwell_that_is_not_a_positive_time_is_refused(dwell: float) -> None:
    with pytest.raises(ValueError, match="dwell"):
        page_at(0, 0, dwell, 3)
    with pytest.raises(ValueError, match="dwell"):
        next_flip_at(0, 0, dwell)
