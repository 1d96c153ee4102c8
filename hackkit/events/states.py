"""The states an event goes through, and which moves between them are allowed (pure).

open, joins_closed and locked move freely among themselves and to ended; ended may go back to
any of them (ending by mistake happens) or on to archived; archived goes back only to ended.

* open: people join and take part.
* joins_closed: whoever is in takes part; nobody new joins (before a public vote, say).
* locked: read-only for participants and jurors (while results are checked); facilitators
  still change anything.
* ended: the event is over; phones and the wall say so, and stay read-only.
* archived: ended and put away.
"""

from __future__ import annotations

from typing import Literal

EventState = Literal["open", "joins_closed", "locked", "ended", "archived"]
STATES: tuple[EventState, ...] = ("open", "joins_closed", "locked", "ended", "archived")

TRANSITIONS: dict[str, frozenset[str]] = {
    "open": frozenset({"joins_closed", "locked", "ended"}),
    "joins_closed": frozenset({"open", "locked", "ended"}),
    "locked": frozenset({"open", "joins_closed", "ended"}),
    # Ending by mistake in front of a room happens: it can be undone.
    "ended": frozenset({"open", "joins_closed", "locked", "archived"}),
    "archived": frozenset({"ended"}),
}

# Before event states existed, "closed" meant "over"; migration 0006 renames stored rows.
LEGACY = {"closed": "ended"}

LABELS: dict[str, str] = {
    "open": "Open",
    "joins_closed": "Joins closed",
    "locked": "Locked (read-only)",
    "ended": "Ended",
    "archived": "Archived",
}

# What phones and the wall show while the event is in a state (none while it is open).
NOTICES: dict[str, str] = {
    "joins_closed": "Joining is closed: nobody new can join this event.",
    "locked": "The event is locked: you can look, but not change anything right now.",
    "ended": "This event has ended. Thank you for taking part!",
    "archived": "This event has ended. Thank you for taking part!",
}

_JOIN_REFUSALS: dict[str, str] = {
    "joins_closed": "Joining is closed for this event. Ask the facilitator if you should be in it.",
    "locked": "This event is locked: nobody can join now.",
    "ended": "This event has ended: it no longer takes new participants.",
    "archived": "This event has ended: it no longer takes new participants.",
}

_WRITE_REFUSALS: dict[str, str] = {
    "locked": "The event is locked: you can look, but nothing can be changed right now.",
    "ended": "This event has ended: nothing can be changed any more.",
    "archived": "This event has ended: nothing can be changed any more.",
}


def normalise(state: str) -> str:
    """The state a stored value means (an old "closed" row is an ended event)."""
    return LEGACY.get(state, state)


def can_move(current: str, new: str) -> bool:
    """Whether a facilitator may move an event from ``current`` to ``new``."""
    return new in TRANSITIONS.get(normalise(current), frozenset())


def accepts_joins(state: str) -> bool:
    """Only an open event lets new people in."""
    return normalise(state) == "open"


def accepts_participant_writes(state: str) -> bool:
    """Participants and jurors may change things (ideas, teams, votes, profile, progress)."""
    return normalise(state) in ("open", "joins_closed")


def join_refusal(state: str) -> str | None:
    """Why a join is refused in ``state``, or None when it is not."""
    if accepts_joins(state):
        return None
    return _JOIN_REFUSALS.get(normalise(state), _JOIN_REFUSALS["ended"])


def write_refusal(state: str) -> str | None:
    """Why a participant's change is refused in ``state``, or None when it is not."""
    if accepts_participant_writes(state):
        return None
    return _WRITE_REFUSALS.get(normalise(state), _WRITE_REFUSALS["ended"])
