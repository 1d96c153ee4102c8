"""Creating events and describing them to clients."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.errors import ServiceError
from hackkit.events import states
from hackkit.events.models import Event, Participant
from hackkit.realtime import event_room, live_view, mark_view, snapshot_part

# No 0/O, 1/I/L: codes are read off a wall and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
DEFAULT_SETTINGS: dict[str, Any] = {"team_min": 2, "team_max": 5}


def new_code() -> str:
    """A random short join code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """Codes are case-insensitive and forgiving of spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def create_event(
    session: Session, owner_id: int, name: str, *, playbook: str | None = None
) -> Event:
    """Create an event with a fresh unique join code."""
    for _ in range(20):
        code = new_code()
        if session.execute(select(Event.id).where(Event.code == code)).first() is None:
            break
    else:  # pragma: no cover - 31^6 codes; twenty collisions means something else is wrong
        raise ServiceError("code_exhausted", "Could not find a free event code; try again.")
    event = Event(
        code=code, name=name, owner_id=owner_id, settings=dict(DEFAULT_SETTINGS), playbook=playbook
    )
    session.add(event)
    session.flush()
    return event


def event_by_code(session: Session, code: str) -> Event:
    """The event a join code names, or a plain 'not found'."""
    event = session.execute(
        select(Event).where(Event.code == normalise_code(code))
    ).scalar_one_or_none()
    if event is None:
        raise ServiceError(
            "unknown_code", "There is no event with that code. Check it and try again.", status=404
        )
    return event


def participant_count(session: Session, event_id: int) -> int:
    """How many people are in the event now (removed ones do not count)."""
    stmt = select(func.count(Participant.id)).where(
        Participant.event_id == event_id, Participant.removed_at.is_(None)
    )
    return int(session.execute(stmt).scalar_one())


def event_dict(event: Event) -> dict[str, Any]:
    """The public description of an event, with the notice its screens show for its state."""
    status = states.normalise(event.status)
    return {
        "id": event.id,
        "name": event.name,
        "code": event.code,
        "status": status,
        "status_label": states.LABELS.get(status, status),
        "notice": states.NOTICES.get(status),
        "next_states": [s for s in states.STATES if states.can_move(status, s)],
        "close_joins_on_vote": bool((event.settings or {}).get("close_joins_on_vote")),
        "invite_only": bool((event.settings or {}).get("invite_only")),
    }


def stats(session: Session, event_id: int) -> dict[str, Any]:
    """Live figures shown on every screen; pushed as a coalesced view."""
    return {"participants": participant_count(session, event_id)}


@live_view("stats", room=lambda arg: event_room(int(arg)), every_s=0.5)
def _stats_view(session: Session, arg: str) -> dict[str, Any]:
    return stats(session, int(arg))


def mark_stats_changed(session: Session, event_id: int) -> None:
    """After this transaction commits, push fresh stats (merged with other changes)."""
    mark_view(session, "stats", event_id)


@snapshot_part(shared=True)
def _event_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    return {"event": event_dict(event)}


@snapshot_part
def _stats_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    return {"stats": stats(session, event.id)}
