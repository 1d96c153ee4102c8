"""Mentors: invited by a personal link or QR code from the console, revocable like jurors.

A mentor's bearer token is ``mentor.<signed claims>`` and resolves to ``Principal("mentor",
id, event_id)``; removing a mentor bumps their token version, so their link and every open
connection stop working at once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hackkit.auth import Principal, bearer_token, issue_token
from hackkit.database import utcnow
from hackkit.errors import NotFound, ServiceError, Unauthorised
from hackkit.events.models import Event
from hackkit.mentors.models import Mentor
from hackkit.mentors.routing import Helper
from hackkit.realtime import after_commit, disconnect_person, push, role_room
from hackkit.roles import register_role
from hackkit.teams.settings import team_settings

MAX_MENTORS = 200
INVITE_PURPOSE = "mentor"


def resolve_mentor(
    session: Session, subject: int, event_id: int | None, version: int | None
) -> Principal:
    """Turn a mentor token's claims into a principal, refusing removed mentors and old links."""
    mentor = session.get(Mentor, subject)
    if (
        mentor is None
        or mentor.event_id != event_id
        or mentor.revoked_at is not None
        or mentor.token_version != version
    ):
        raise Unauthorised("This mentor link is no longer valid. Ask the organisers for a new one.")
    return Principal("mentor", mentor.id, mentor.event_id, mentor.name)


register_role("mentor", resolve_mentor)


def token_for_mentor(mentor: Mentor) -> str:
    """The bearer token a mentor's phone uses."""
    return bearer_token("mentor", mentor.id, mentor.event_id, mentor.token_version)


def invite_token(mentor: Mentor) -> str:
    """The signed part of the invite link (the same claims as the bearer token)."""
    return issue_token(INVITE_PURPOSE, mentor.id, mentor.event_id, mentor.token_version)


def mentor_dict(mentor: Mentor, event: Event | None = None) -> dict[str, Any]:
    """A mentor as facilitators and other mentors see them; with the event, the invite path."""
    data: dict[str, Any] = {
        "id": mentor.id,
        "name": mentor.name,
        "skills": list(mentor.skills or []),
        "available": mentor.available,
        "availability_note": mentor.availability_note,
    }
    if event is not None:
        data["invite_path"] = f"/e/{event.code}/mentor/{invite_token(mentor)}"
    return data


def active_mentors(session: Session, event_id: int) -> list[Mentor]:
    """The event's mentors who have not been removed, in invitation order."""
    stmt = select(Mentor).where(Mentor.event_id == event_id, Mentor.revoked_at.is_(None))
    return list(session.execute(stmt.order_by(Mentor.id)).scalars())


def helpers(mentors: list[Mentor]) -> list[Helper]:
    """The mentors as routing sees them."""
    return [Helper(m.id, frozenset(m.skills or ()), m.available) for m in mentors]


def get_mentor(session: Session, event_id: int, mentor_id: int) -> Mentor:
    """A current mentor of the event; anything else is not found."""
    mentor = session.get(Mentor, mentor_id)
    if mentor is None or mentor.event_id != event_id or mentor.revoked_at is not None:
        raise NotFound("That mentor")
    return mentor


def _known_skills(event: Event, skills: list[str]) -> list[str]:
    allowed = team_settings(event).skills
    unknown = [s for s in skills if s not in allowed]
    if unknown:
        raise ServiceError(
            "unknown_skill",
            f"“{unknown[0]}” is not on the event's skill list. Pick from: "
            + (", ".join(allowed) or "(the organisers have not set one yet)"),
        )
    return list(dict.fromkeys(skills))


def _tell(session: Session, event: Event, mentor: Mentor) -> None:
    view = mentor_dict(mentor)
    push(session, role_room(event.id, "facilitator"), "mentor.updated", mentor_dict(mentor, event))
    push(session, role_room(event.id, "mentor"), "mentor.updated", view)


def invite_mentor(session: Session, event: Event, name: str, skills: list[str]) -> Mentor:
    """Add a mentor; the facilitator hands them the invite link or shows its QR code."""
    count = session.execute(
        select(func.count(Mentor.id)).where(
            Mentor.event_id == event.id, Mentor.revoked_at.is_(None)
        )
    ).scalar_one()
    if count >= MAX_MENTORS:
        raise ServiceError("too_many_mentors", f"An event can have at most {MAX_MENTORS} mentors.")
    mentor = Mentor(event_id=event.id, name=name, skills=_known_skills(event, skills))
    session.add(mentor)
    session.flush()
    _tell(session, event, mentor)
    return mentor


def remove_mentor(session: Session, event: Event, mentor_id: int) -> None:
    """Remove a mentor: their link stops working and their phone is closed (the action also
    hands their claimed requests back to the queue: helpdesk.release_claims)."""
    mentor = get_mentor(session, event.id, mentor_id)
    mentor.revoked_at = utcnow()
    mentor.token_version += 1
    mentor.available = False
    push(session, role_room(event.id, "facilitator"), "mentor.removed", {"id": mentor.id})
    push(session, role_room(event.id, "mentor"), "mentor.removed", {"id": mentor.id})
    after_commit(session, lambda: disconnect_person("mentor", mentor.id))


def update_profile(
    session: Session,
    event: Event,
    mentor_id: int,
    *,
    skills: list[str] | None,
    available: bool | None,
    note: str | None,
) -> Mentor:
    """A mentor changes their skills or says whether they can help now."""
    mentor = get_mentor(session, event.id, mentor_id)
    if skills is not None:
        mentor.skills = _known_skills(event, skills)
    if available is not None:
        mentor.available = available
    if note is not None:
        mentor.availability_note = note
    session.flush()
    _tell(session, event, mentor)
    return mentor
