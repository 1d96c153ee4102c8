"""Joining an event from a phone: a code and a display name, no account."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hackkit.auth import Principal, token_for_participant
from hackkit.database import utcnow
from hackkit.errors import Conflict, NotFound, RateLimited, ServiceError
from hackkit.events import invites, states
from hackkit.events.lifecycle import event_by_code, mark_stats_changed
from hackkit.events.models import Event, Participant
from hackkit.ratelimit import KeyedLimiter
from hackkit.realtime import after_commit, disconnect_person, push, role_room, snapshot_part
from hackkit.seclog import security_event

NAME_MAX = 40
_SPACES = re.compile(r"\s+")
# Called as (session, participant_id) when someone is removed, before the removal is written:
# teams free the seat. Later features add to it, so joining imports none of them.
REMOVAL_LISTENERS: list = []


def clean_display_name(raw: str) -> str:
    """Trim and fold whitespace; refuse empty, over-long or control-character names."""
    name = _SPACES.sub(" ", unicodedata.normalize("NFC", raw)).strip()
    if not name:
        raise ServiceError("name_required", "Please type a name to show the others.")
    if len(name) > NAME_MAX:
        raise ServiceError("name_too_long", f"Names can be at most {NAME_MAX} characters.")
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Co", "Cs"} for ch in name):
        raise ServiceError("name_invalid", "That name has characters we cannot show.")
    return name


def name_key(name: str) -> str:
    """The form names are compared in: case-folded, single-spaced."""
    return name.casefold()


def suggest_name(session: Session, event_id: int, name: str) -> str:
    """A free variant of a taken name ("Ada" -> "Ada 2")."""
    taken = set(
        session.execute(
            select(Participant.name_key).where(Participant.event_id == event_id)
        ).scalars()
    )
    base = name[: NAME_MAX - 4].rstrip()
    for n in range(2, 1000):
        candidate = f"{base} {n}"
        if name_key(candidate) not in taken:
            return candidate
    return f"{base[: NAME_MAX - 9]} {len(taken) + 1}"


def _limiter() -> KeyedLimiter:
    ext = current_app.extensions
    if "hackkit.join_limiter" not in ext:
        per_minute = current_app.config["HACKKIT"].join_rate_per_minute
        # A burst of half a minute's allowance: a room of 500 scanning the QR at once gets in.
        ext["hackkit.join_limiter"] = KeyedLimiter(per_minute / 60, max(10, per_minute // 2))
    return ext["hackkit.join_limiter"]


def join_event(
    session: Session,
    code: str,
    raw_name: str,
    remote_addr: str,
    device_id: str | None = None,
    invite: str | None = None,
) -> tuple[Participant, str]:
    """Add a participant to the event a code names; return them and their bearer token.

    ``device_id`` is the random id the phone keeps (a cookie), stored with the address so the
    facilitator can spot one phone joining under several names (events/suspicious.py).
    ``invite`` is the personal invite code an invite-only event asks for (events/invites.py).
    """
    wait = _limiter().take(remote_addr or "unknown")
    if wait:
        raise RateLimited(wait)
    event = event_by_code(session, code)
    refusal = states.join_refusal(event.status)
    if refusal is not None:
        raise ServiceError(
            "event_closed", refusal, status=403, state=states.normalise(event.status)
        )
    name = clean_display_name(raw_name)
    event_id = event.id
    participant = Participant(
        event_id=event_id,
        display_name=name,
        name_key=name_key(name),
        device_id=device_id or None,
        join_address=(remote_addr or "")[:64] or None,
    )
    # The unique (event, name) constraint decides, for a taken name and for two phones racing
    # for one alike: no look-up first and no savepoint, which made a join storm a third slower.
    # Nothing else is written in a join's transaction, so rolling it back loses nothing.
    session.add(participant)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise _name_taken(session, event_id, name) from None
    if invites.invite_only(event):
        invites.use_invite(session, event, invite, participant.id)
    push(
        session,
        role_room(event_id, "facilitator"),
        "participant.joined",
        participant_dict(participant),
    )
    mark_stats_changed(session, event_id)
    security_event("join", event=event_id, participant=participant.id, address=remote_addr)
    return participant, token_for_participant(participant)


def _name_taken(session: Session, event_id: int, name: str) -> Conflict:
    suggestion = suggest_name(session, event_id, name)
    return Conflict(
        "name_taken",
        f"Someone here is already called {name}. How about {suggestion}?",
        suggestion=suggestion,
    )


def remove_participant(session: Session, event: Event, participant_id: int) -> None:
    """Remove someone from the event: their token stops working and their screens are closed."""
    participant = session.get(Participant, participant_id)
    if (
        participant is None
        or participant.event_id != event.id
        or participant.removed_at is not None
    ):
        raise NotFound("That participant")
    for listener in REMOVAL_LISTENERS:
        listener(session, participant.id)
    participant.removed_at = utcnow()
    participant.token_version += 1
    # Free the name so the person (or someone else) can join again under it.
    participant.name_key = f"~removed~{participant.id}"
    push(session, role_room(event.id, "facilitator"), "participant.removed", {"id": participant.id})
    mark_stats_changed(session, event.id)
    after_commit(session, lambda: disconnect_person("participant", participant.id))
    security_event("participant_removed", event=event.id, participant=participant.id)


def participant_dict(participant: Participant) -> dict[str, Any]:
    """How a participant appears to facilitators."""
    return {
        "id": participant.id,
        "name": participant.display_name,
        "joined_at": participant.joined_at.isoformat() if participant.joined_at else None,
    }


@snapshot_part
def _people_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    part: dict[str, Any] = {}
    if principal.role == "participant":
        me = session.get(Participant, principal.subject_id)
        part["me"] = {"id": me.id, "name": me.display_name} if me else None
    if principal.role == "facilitator":
        rows = session.execute(
            select(Participant)
            .where(Participant.event_id == event.id, Participant.removed_at.is_(None))
            .order_by(Participant.id)
        ).scalars()
        part["participants"] = [participant_dict(p) for p in rows]
    return part
