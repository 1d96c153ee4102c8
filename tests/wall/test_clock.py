"""Clock offset: screens agree with the server clock despite jittery, lopsided round trips."""

from __future__ import annotations

import random
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.wall.clock import Estimate, Sample, estimate, offset_and_rtt
from hackkit.wall.paging import page_at


def ping(true_offset: float, t0: float, up: float, down: float, server_ms: float) -> Sample:
    """A ping sent at local t0 that takes `up` ms out, `down` ms back, `server_ms` to answer."""
    t1 = t0 + up + true_offset
    t2 = t1 + server_ms
    return Sample(t0, t1, t2, t2 - true_offset + down)


def venue_wifi_pings(rng: random.Random, true_offset: float, count: int = 10) -> list[Sample]:
    """Pings over a busy venue Wi-Fi: a short floor, a lopsided tail, and some huge stalls.

    The way back is noisier than the way out (the access point queues its downlink), and about
    one ping in five stalls for 0.2-2 s: the jitter that skews a naive average.
    """
    samples = []
    t0 = rng.uniform(0, 1e9)
    for _ in range(count):
        up = 1 + rng.expovariate(1 / 2)
        down = 1 + rng.expovariate(1 / 8)
        if rng.random() < 0.2:
            down += rng.uniform(200, 2000)
        sample = ping(true_offset, t0, up, down, server_ms=rng.uniform(0, 3))
        samples.append(sample)
        t0 = sample.t3 + rng.uniform(5, 50)
    return samples


def test_symmetric_round_trip_gives_the_exact_offset() -> None:
    sample = ping(true_offset=1500.0, t0=10_000.0, up=12.0, down=12.0, server_ms=4.0)
    assert offset_and_rtt(sample) == (1500.0, 24.0)


def test_lopsided_round_trip_errs_by_half_the_difference() -> None:
    sample = ping(true_offset=-250.0, t0=0.0, up=30.0, down=10.0, server_ms=1.0)
    offset, rtt = offset_and_rtt(sample)
    assert offset == pytest.approx(-250.0 + (30.0 - 10.0) / 2)
    assert rtt == pytest.approx(40.0)


def test_estimate_lands_within_a_few_ms_on_venue_wifi() -> None:
    errors = []
    naive_errors = []
    for seed in range(500):
        rng = random.Random(seed)
        true_offset = rng.uniform(-5e6, 5e6)
        samples = venue_wifi_pings(rng, true_offset)
        errors.append(abs(estimate(samples).offset_ms - true_offset))
        naive = statistics.fmean(offset_and_rtt(s)[0] for s in samples)
        naive_errors.append(abs(naive - true_offset))
    errors.sort()
    assert errors[len(errors) * 95 // 100] < 3.0, "95% of screens within 3 ms"
    assert errors[-1] < 10.0, "every screen within 10 ms"
    # Page flips line up to a frame or two; the naive mean of all pings would be far off.
    assert statistics.fmean(errors) * 20 < statistics.fmean(naive_errors)


@settings(max_examples=200, deadline=None)
@given(
    st.floats(-1e7, 1e7),
    st.lists(
        st.tuples(st.floats(0, 500), st.floats(0, 500), st.floats(0, 20)), min_size=1, max_size=12
    ),
)
def test_error_never_exceeds_half_the_kept_round_trips(
    true_offset: float, legs: list[tuple[float, float, float]]
) -> None:
    samples = [ping(true_offset, 1e6 + 1e4 * i, *leg) for i, leg in enumerate(legs)]
    result = estimate(samples)
    kept_rtts = sorted(offset_and_rtt(s)[1] for s in samples)[:3]
    # Each kept sample is off by at most half its round trip, so their median is too.
    assert abs(result.offset_ms - true_offset) <= max(kept_rtts) / 2 + 1e-6
    assert result.rtt_ms == pytest.approx(max(0.0, kept_rtts[0]), abs=1e-6)
    assert result.samples == len(samples)


def test_stalled_pings_are_ignored() -> None:
    fast = [ping(100.0, 1000.0 * i, 2.0, 2.0 + i * 0.1, 0.5) for i in range(3)]
    stalled = [ping(100.0, 5000.0 + 1000.0 * i, 3.0, 900.0, 0.5) for i in range(5)]
    result = estimate(stalled + fast)
    assert result.offset_ms == pytest.approx(100.0 - 0.05)
    assert result.rtt_ms == pytest.approx(4.0)


def test_keeping_one_sample_uses_the_fastest_round_trip() -> None:
    samples = [
        ping(0.0, 0.0, 10.0, 30.0, 0.0),
        ping(0.0, 100.0, 1.0, 3.0, 0.0),
        ping(0.0, 200.0, 5.0, 5.0, 0.0),
    ]
    assert estimate(samples, keep=1) == Estimate(offset_ms=-1.0, rtt_ms=4.0, samples=3)


def test_a_round_trip_below_zero_from_timer_rounding_counts_as_zero() -> None:
    # Client timer rounded to whole ms: the server took 1 ms inside a 0 ms local round trip.
    result = estimate([Sample(t0=1000.0, t1=5000.0, t2=5001.0, t3=1000.0)])
    assert result.rtt_ms == 0.0
    assert result.offset_ms == pytest.approx(4000.5)


def test_estimating_from_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one sample"):
        estimate([])


def test_non_finite_times_are_refused() -> None:
    with pytest.raises(ValueError, match="non-finite"):
        estimate([Sample(0.0, float("nan"), 1.0, 2.0)])


def test_screens_with_different_clocks_show_the_same_page() -> None:
    epoch, dwell, pages = 1_700_000_000_000.0, 8000.0, 7
    screens = []
    for seed in range(20):
        rng = random.Random(seed)
        true_offset = rng.uniform(-3.6e6, 3.6e6)  # device clocks up to an hour off
        screens.append((true_offset, estimate(venue_wifi_pings(rng, true_offset)).offset_ms))
    rng = random.Random(99)
    for _ in range(200):
        server_now = epoch + rng.uniform(0, 3.6e6)
        into_page = (server_now - epoch) % dwell
        if into_page < 20 or dwell - into_page < 20:
            continue  # within a frame or two of a flip, screens may differ by a frame
        truth = page_at(server_now, epoch, dwell, pages)
        for true_offset, estimated in screens:
            local_now = server_now - true_offset
            assert page_at(local_now + estimated, epoch, dwell, pages) == truth
