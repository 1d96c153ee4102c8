"""Jury members: invited by a personal link, weighted, revocable like any other token.

A juror's bearer token is ``jury.<signed claims>`` and resolves to ``Principal("jury", id,
event_id)``; removing a juror bumps their token version, so every link and open connection of
theirs stops working at once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hackkit.auth import Principal, bearer_token, issue_token
from hackkit.database import utcnow
from hackkit.errors import NotFound, ServiceError, Unauthorised
from hackkit.events.models import Event
from hackkit.realtime import after_commit, disconnect_person, push, role_room
from hackkit.roles import register_role
from hackkit.voting.models import JuryMember

MAX_JURORS = 200
INVITE_PURPOSE = "jury"


def resolve_juror(
    session: Session, subject: int, event_id: int | None, version: int | None
) -> Principal:
    """Turn a jury token's claims into a principal, refusing removed jurors and old links."""
    member = session.get(JuryMember, subject)
    if (
        member is None
        or member.event_id != event_id
        or member.revoked_at is not None
        or member.token_version != version
    ):
        raise Unauthorised("This jury link is no longer valid. Ask the facilitator for a new one.")
    return Principal("jury", member.id, member.event_id, member.name)


register_role("jury", resolve_juror)


def token_for_juror(member: JuryMember) -> str:
    """The bearer token a juror's pages and sockets use."""
    return bearer_token("jury", member.id, member.event_id, member.token_version)


def invite_token(member: JuryMember) -> str:
    """The signed part of the invite link (the same claims as the bearer token)."""
    return issue_token(INVITE_PURPOSE, member.id, member.event_id, member.token_version)


def juror_dict(member: JuryMember, event: Event | None = None) -> dict[str, Any]:
    """How a juror appears to facilitators; with the event, their invite path too."""
    data: dict[str, Any] = {"id": member.id, "name": member.name, "weight": member.weight}
    if event is not None:
        data["invite_path"] = f"/e/{event.code}/jury/{invite_token(member)}"
    return data


def active_jurors(session: Session, event_id: int) -> list[JuryMember]:
    """The event's jurors who have not been removed, in invitation order."""
    stmt = select(JuryMember).where(
        JuryMember.event_id == event_id, JuryMember.revoked_at.is_(None)
    )
    return list(session.execute(stmt.order_by(JuryMember.id)).scalars())


def juror_count(session: Session, event_id: int) -> int:
    """How many jurors may vote in the event now."""
    stmt = select(func.count(JuryMember.id)).where(
        JuryMember.event_id == event_id, JuryMember.revoked_at.is_(None)
    )
    return int(session.execute(stmt).scalar_one())


def invite_juror(session: Session, event: Event, name: str, weight: float) -> JuryMember:
    """Add a juror; the facilitator hands them the invite link."""
    if juror_count(session, event.id) >= MAX_JURORS:
        raise ServiceError("too_many_jurors", f"An event can have at most {MAX_JURORS} jurors.")
    member = JuryMember(event_id=event.id, name=name, weight=weight)
    session.add(member)
    session.flush()
    push(session, role_room(event.id, "facilitator"), "juror.updated", juror_dict(member, event))
    return member


def remove_juror(session: Session, event: Event, member_id: int) -> None:
    """Remove a juror: their link stops working and their screens are closed.

    Ballots they already cast stay counted (they were valid when cast); to discard them,
    the facilitator reruns the ballot.
    """
    member = session.get(JuryMember, member_id)
    if member is None or member.event_id != event.id or member.revoked_at is not None:
        raise NotFound("That juror")
    member.revoked_at = utcnow()
    member.token_version += 1
    push(session, role_room(event.id, "facilitator"), "juror.removed", {"id": member.id})
    after_commit(session, lambda: disconnect_person("jury", member.id))


def juror_weight(session: Session, member_id: int) -> float:
    """The weight a juror's ballots carry now."""
    member = session.get(JuryMember, member_id)
    if member is None or member.revoked_at is not None:
        raise Unauthorised("This jury link is no longer valid.")
    return float(member.weight)


def token_for_new_juror(session: Session, event_id: int, name: str, weight: float) -> str:
    """Add a juror straight through the database and return their bearer token (for tools
    and checks that need a juror without going through the invite link)."""
    member = JuryMember(event_id=event_id, name=name, weight=weight)
    session.add(member)
    session.flush()
    return token_for_juror(member)
