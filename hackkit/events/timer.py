"""Phase timer arithmetic: pure functions over stored timestamps (milliseconds, server clock).

Nothing here keeps time in memory: a phase's state is its status plus ``ends_at_ms`` (running)
or ``remaining_ms`` (paused), so any process, after any restart, draws the same countdown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class TimerState:
    """What the database stores of one phase's timer."""

    status: str  # pending | running | paused | done | skipped
    duration_ms: int
    started_at_ms: int | None = None
    ends_at_ms: int | None = None
    remaining_ms: int | None = None


class TimerError(ValueError):
    """An impossible timer transition (e.g. pausing a phase that is not running)."""


def remaining_ms(state: TimerState, now_ms: int) -> int:
    """Milliseconds left; negative when a running phase is over time."""
    if state.status == "running" and state.ends_at_ms is not None:
        return state.ends_at_ms - now_ms
    if state.status == "paused" and state.remaining_ms is not None:
        return state.remaining_ms
    if state.status == "pending":
        return state.duration_ms
    return 0


def start(state: TimerState, now_ms: int) -> TimerState:
    """Start a phase from its full duration."""
    if state.status in ("running", "paused"):
        raise TimerError("That phase is already under way.")
    return replace(
        state,
        status="running",
        started_at_ms=now_ms,
        ends_at_ms=now_ms + state.duration_ms,
        remaining_ms=None,
    )


def pause(state: TimerState, now_ms: int) -> TimerState:
    """Freeze the countdown where it is (never below zero)."""
    if state.status != "running":
        raise TimerError("Only a running phase can be paused.")
    return replace(
        state, status="paused", remaining_ms=max(0, remaining_ms(state, now_ms)), ends_at_ms=None
    )


def resume(state: TimerState, now_ms: int) -> TimerState:
    """Continue a paused countdown from what was left."""
    if state.status != "paused" or state.remaining_ms is None:
        raise TimerError("Only a paused phase can be resumed.")
    return replace(
        state, status="running", ends_at_ms=now_ms + state.remaining_ms, remaining_ms=None
    )


def extend(state: TimerState, delta_ms: int, now_ms: int) -> TimerState:
    """Add (or with a negative delta, take) time; the phase's duration follows."""
    duration = max(1000, state.duration_ms + delta_ms)
    if state.status == "running" and state.ends_at_ms is not None:
        return replace(
            state, duration_ms=duration, ends_at_ms=max(now_ms, state.ends_at_ms + delta_ms)
        )
    if state.status == "paused" and state.remaining_ms is not None:
        return replace(
            state, duration_ms=duration, remaining_ms=max(0, state.remaining_ms + delta_ms)
        )
    if state.status == "pending":
        return replace(state, duration_ms=duration)
    raise TimerError("A finished phase cannot be extended.")


def finish(state: TimerState, *, skipped: bool) -> TimerState:
    """End a phase, as done (time used) or skipped."""
    return replace(
        state, status="skipped" if skipped else "done", ends_at_ms=None, remaining_ms=None
    )
