"""Shared helpers for printing benchmark figures in the one agreed format."""

from __future__ import annotations

import math
from collections.abc import Sequence


def bench(metric: str, value: float | int, unit: str) -> None:
    """Print one figure as ``bench: METRIC VALUE UNIT`` (flushed, so pipes see it at once)."""
    if isinstance(value, float):
        text = f"{value:.4g}" if abs(value) < 1000 else f"{value:.1f}"
    else:
        text = str(value)
    print(f"bench: {metric} {text} {unit}", flush=True)


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of samples; NaN when there are none."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]
