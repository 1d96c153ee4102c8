"""Estimating a screen's clock offset to the server, NTP style.

A client stamps t0 when it sends a ping, the server stamps t1 on receipt and t2 on reply, and
the client stamps t3 when the reply lands. Network delay hides the true offset, but by no more
than half the round trip, so the samples with the shortest round trips are the trustworthy ones.

This is the Python twin of static/js/core/clock.js, used by tests, benchmarks and simulated
clients; both apply the same rule and must agree on the same samples.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    """One ping: client send (t0), server receive (t1), server reply (t2), client receive (t3)."""

    t0: float
    t1: float
    t2: float
    t3: float


@dataclass(frozen=True)
class Estimate:
    """Server time minus local time (ms), the best round trip seen, and how many pings it used."""

    offset_ms: float
    rtt_ms: float
    samples: int


def offset_and_rtt(sample: Sample) -> tuple[float, float]:
    """The sample's offset ((t1 - t0) + (t2 - t3)) / 2 and round trip (t3 - t0) - (t2 - t1)."""
    offset = ((sample.t1 - sample.t0) + (sample.t2 - sample.t3)) / 2
    rtt = (sample.t3 - sample.t0) - (sample.t2 - sample.t1)
    return offset, rtt


def estimate(samples: Sequence[Sample], keep: int = 3) -> Estimate:
    """The median offset of the `keep` samples with the shortest round trips.

    Short round trips bound the error tightly (at most rtt / 2), and slow ones are usually a
    queue on one leg of the trip, which skews their offset; so the slow ones are dropped.
    Among the fastest few, the median rather than the single fastest: browsers coarsen their
    timers (100 us to a few ms) and servers stamp whole milliseconds, so on a LAN several
    samples tie within the timer grain and "the fastest" is picked by rounding noise. The
    median of three evens that out while still ignoring any one odd sample.
    """
    if not samples:
        raise ValueError("estimating a clock offset needs at least one sample")
    if keep < 1:
        raise ValueError(f"keep must be at least 1, got {keep!r}")
    measured = []
    for sample in samples:
        offset, rtt = offset_and_rtt(sample)
        if not (math.isfinite(offset) and math.isfinite(rtt)):
            raise ValueError(f"sample has a non-finite time: {sample!r}")
        measured.append((rtt, offset))
    # Sort on the round trip alone, stable, so ties keep arrival order exactly as clock.js does.
    best = sorted(measured, key=lambda pair: pair[0])[:keep]
    # A round trip a little below zero is timer rounding on a very fast LAN, not time travel.
    rtt_ms = max(0.0, best[0][0])
    return Estimate(statistics.median(offset for _, offset in best), rtt_ms, len(samples))
