"""The event state machine on its own: which moves are allowed, and what each state lets in."""

from __future__ import annotations

import pytest

from hackkit.events import states


def test_every_state_can_be_reached_from_open_and_left_again():
    reached, frontier = {"open"}, ["open"]
    while frontier:
        for nxt in states.TRANSITIONS[frontier.pop()]:
            if nxt not in reached:
                reached.add(nxt)
                frontier.append(nxt)
    assert reached == set(states.STATES)
    assert all(states.TRANSITIONS[s] for s in states.STATES), "a state with no way out"


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        ("open", "joins_closed", True),
        ("joins_closed", "open", True),
        ("open", "locked", True),
        ("locked", "joins_closed", True),
        ("open", "ended", True),
        ("ended", "archived", True),
        ("ended", "open", True),  # ending by mistake can be undone
        ("archived", "ended", True),
        ("open", "archived", False),  # only an ended event is put away
        ("locked", "archived", False),
        ("archived", "open", False),
        ("archived", "joins_closed", False),
        ("open", "open", False),  # not a move
        ("open", "paused", False),
        ("nonsense", "open", False),
    ],
)
def test_allowed_moves(current, new, allowed):
    assert states.can_move(current, new) is allowed


def test_only_an_open_event_takes_joins():
    assert [s for s in states.STATES if states.accepts_joins(s)] == ["open"]
    assert states.join_refusal("open") is None
    assert "Joining is closed" in states.join_refusal("joins_closed")
    assert "ended" in states.join_refusal("ended")


def test_participants_change_things_only_while_open_or_joins_closed():
    assert [s for s in states.STATES if states.accepts_participant_writes(s)] == [
        "open",
        "joins_closed",
    ]
    assert states.write_refusal("joins_closed") is None
    assert "locked" in states.write_refusal("locked")
    assert "ended" in states.write_refusal("archived")


def test_an_old_closed_event_is_an_ended_one():
    assert states.normalise("closed") == "ended"
    assert not states.accepts_joins("closed")
    assert states.can_move("closed", "archived")


def test_every_state_but_open_has_a_notice_for_the_screens():
    assert set(states.NOTICES) == set(states.STATES) - {"open"}
    assert set(states.LABELS) == set(states.STATES)
