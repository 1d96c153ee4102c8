"""Phase timer arithmetic: pure functions over stored timestamps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hackkit.events import timer
from hackkit.events.timer import TimerError, TimerState

durations = st.integers(min_value=1000, max_value=24 * 3600 * 1000)
instants = st.integers(min_value=0, max_value=10**13)
gaps = st.integers(min_value=0, max_value=3600 * 1000)


@given(durations, instants, gaps)
def test_started_phase_counts_down_in_real_time(duration, now, later):
    state = timer.start(TimerState("pending", duration), now)
    assert timer.remaining_ms(state, now) == duration
    assert timer.remaining_ms(state, now + later) == duration - later


@given(durations, instants, gaps, gaps)
def test_pause_freezes_and_resume_continues_where_it_left_off(duration, now, before, paused_for):
    running = timer.start(TimerState("pending", duration), now)
    paused = timer.pause(running, now + before)
    left = max(0, duration - before)
    assert timer.remaining_ms(paused, now + before + paused_for) == left
    resumed = timer.resume(paused, now + before + paused_for)
    assert timer.remaining_ms(resumed, now + before + paused_for) == left


@given(durations, instants, st.integers(min_value=-3600 * 1000, max_value=3600 * 1000))
def test_extend_moves_the_end_by_exactly_the_delta_unless_it_would_end_in_the_past(
    duration, now, delta
):
    running = timer.start(TimerState("pending", duration), now)
    extended = timer.extend(running, delta, now)
    assert timer.remaining_ms(extended, now) == max(0, duration + delta)


def test_impossible_transitions_are_refused():
    pending = TimerState("pending", 60_000)
    with pytest.raises(TimerError):
        timer.pause(pending, 0)
    with pytest.raises(TimerError):
        timer.resume(pending, 0)
    running = timer.start(pending, 0)
    with pytest.raises(TimerError):
        timer.start(running, 1)
    done = timer.finish(running, skipped=False)
    with pytest.raises(TimerError):
        timer.extend(done, 1000, 5)


def test_overtime_is_negative_remaining_time():
    running = timer.start(TimerState("pending", 60_000), 0)
    assert timer.remaining_ms(running, 90_000) == -30_000
