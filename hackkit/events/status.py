"""Moving an event between its states (open, joins closed, locked, ended, archived), and the one
rule that keeps participants' hands off a locked or finished event.

The state machine itself is pure (``states.py``); this module stores a move, tells every screen
(``event.updated``, revisioned), and answers the action registry's question "may this
participant or juror change anything now?".
"""

from __future__ import annotations

from typing import Any

from cachetools import TTLCache
from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.errors import Conflict, ServiceError
from hackkit.events import states
from hackkit.events.lifecycle import event_dict
from hackkit.events.models import Event
from hackkit.realtime import after_commit, publish
from hackkit.seclog import security_event

# The lean vote path does not read the event row (docs/performance.md, "Voting"); it reads the
# state from here. A change made in this process clears its entry at commit; another process
# sees it within this many seconds, so a vote landing in that second after "lock" still counts.
STATE_CACHE_S = 1.0
_state_cache: TTLCache[int, str] = TTLCache(maxsize=1024, ttl=STATE_CACHE_S)


def set_status(session: Session, event: Event, new: str, *, actor: str = "") -> dict[str, Any]:
    """Move ``event`` to state ``new`` if the move is allowed; every screen is told."""
    if new not in states.STATES:
        raise ServiceError(
            "unknown_state", f"Unknown state {new!r}; use one of: {', '.join(states.STATES)}."
        )
    current = states.normalise(event.status)
    if current == new:
        return event_dict(event)
    if not states.can_move(current, new):
        raise Conflict(
            "state_not_allowed",
            f"An event that is {states.LABELS[current].lower()} cannot become "
            f"{states.LABELS[new].lower()}.",
            allowed=sorted(states.TRANSITIONS[current]),
        )
    event.status = new
    event_id = event.id
    publish(session, event_id, "event.updated", event_dict(event))
    after_commit(session, lambda: _state_cache.pop(event_id, None))
    security_event("event_state", event=event_id, outcome=new, previous=current, actor=actor)
    return event_dict(event)


def close_joins_for_vote(session: Session, event: Event) -> None:
    """A ballot is opening: close joins if the event asks for it (join protection)."""
    if (event.settings or {}).get("close_joins_on_vote") and states.accepts_joins(event.status):
        set_status(session, event, "joins_closed", actor="ballot opened")


def set_join_protection(session: Session, event: Event, close_on_vote: bool) -> dict[str, Any]:
    """Turn "close joins when voting opens" on or off for this event."""
    event.settings = {**(event.settings or {}), "close_joins_on_vote": close_on_vote}
    publish(session, event.id, "event.updated", event_dict(event))
    return event_dict(event)


def refuse_participant_write(state: str) -> None:
    """Raise the refusal a participant or juror gets when the event is read-only."""
    message = states.write_refusal(state)
    if message is not None:
        raise Conflict("event_read_only", message, state=states.normalise(state))


def cached_state(session: Session, event_id: int) -> str:
    """The event's state for the lean vote path (at most STATE_CACHE_S old)."""
    state = _state_cache.get(event_id)
    if state is None:
        found = session.execute(select(Event.status).where(Event.id == event_id)).scalar()
        state = states.normalise(found or "ended")
        _state_cache[event_id] = state
    return state
