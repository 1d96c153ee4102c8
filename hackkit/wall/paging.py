"""Which page the wall shows at a given server time.

Pages are derived from a shared epoch and a dwell time, never from tick messages: every screen
that knows the server time computes the same page, a screen that joins late or reconnects
lands on the right page at once, and a dropped message cannot leave one screen behind.

The browser twin lives in static/js/core/clock.js (pageAt, nextFlipAt); both use the same float
arithmetic so they agree at page boundaries.
"""

from __future__ import annotations

import math


def page_at(t_ms: float, epoch_ms: float, dwell_ms: float, pages: int) -> int:
    """The page shown at server time t_ms: floor((t - epoch) / dwell) mod pages; 0 if no pages."""
    _check_dwell(dwell_ms)
    if pages <= 0:
        return 0
    # Python's % is already non-negative for a positive divisor, so times before the epoch
    # count backwards through the pages just as clock.js does.
    return math.floor((t_ms - epoch_ms) / dwell_ms) % pages


def next_flip_at(t_ms: float, epoch_ms: float, dwell_ms: float) -> int:
    """Server time (whole ms) of the next page flip after t_ms, rounded up onto the new page."""
    _check_dwell(dwell_ms)
    return math.ceil(epoch_ms + (math.floor((t_ms - epoch_ms) / dwell_ms) + 1) * dwell_ms)


def _check_dwell(dwell_ms: float) -> None:
    if not math.isfinite(dwell_ms) or dwell_ms <= 0:
        raise ValueError(f"dwell must be a positive number of milliseconds, got {dwell_ms!r}")
