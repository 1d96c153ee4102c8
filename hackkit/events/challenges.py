"""Challenge briefs: written in Markdown by facilitators, shown to everyone once published."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.database import utcnow
from hackkit.errors import NotFound, ServiceError
from hackkit.events.models import Challenge, Event
from hackkit.events.schemas import ChallengeFields
from hackkit.markup import render_markdown
from hackkit.realtime import publish, snapshot_part

MAX_CHALLENGES = 50


def challenge_dict(challenge: Challenge, *, with_source: bool = False) -> dict[str, Any]:
    """A challenge as clients see it: sanitised HTML, plus the Markdown for facilitators."""
    data = {
        "id": challenge.id,
        "title": challenge.title,
        "brief_html": str(render_markdown(challenge.brief_md)),
        "position": challenge.position,
        "published": challenge.published,
    }
    if with_source:
        data["brief_md"] = challenge.brief_md
    return data


def _announce(session: Session, challenge: Challenge) -> None:
    # Participants must not see drafts: an unpublished challenge goes out as a removal.
    if challenge.published:
        publish(session, challenge.event_id, "challenge.updated", challenge_dict(challenge))
    else:
        publish(session, challenge.event_id, "challenge.removed", {"id": challenge.id})


def create_challenge(session: Session, event: Event, fields: ChallengeFields) -> Challenge:
    """Add a challenge brief to the event."""
    count = session.execute(
        select(func.count(Challenge.id)).where(Challenge.event_id == event.id)
    ).scalar_one()
    if count >= MAX_CHALLENGES:
        raise ServiceError(
            "too_many_challenges", f"An event can have at most {MAX_CHALLENGES} challenges."
        )
    challenge = Challenge(event_id=event.id, position=count, **fields.model_dump())
    session.add(challenge)
    session.flush()
    _announce(session, challenge)
    return challenge


def update_challenge(
    session: Session, event: Event, challenge_id: int, fields: ChallengeFields
) -> Challenge:
    """Edit a challenge brief (title, Markdown, published)."""
    challenge = _get(session, event, challenge_id)
    for key, value in fields.model_dump().items():
        setattr(challenge, key, value)
    challenge.updated_at = utcnow()
    session.flush()
    _announce(session, challenge)
    return challenge


def delete_challenge(session: Session, event: Event, challenge_id: int) -> None:
    """Remove a challenge brief."""
    challenge = _get(session, event, challenge_id)
    session.delete(challenge)
    publish(session, event.id, "challenge.removed", {"id": challenge_id})


def _get(session: Session, event: Event, challenge_id: int) -> Challenge:
    challenge = session.get(Challenge, challenge_id)
    if challenge is None or challenge.event_id != event.id:
        raise NotFound("That challenge")
    return challenge


@snapshot_part(shared=True)
def _challenges_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    stmt = (
        select(Challenge)
        .where(Challenge.event_id == event.id)
        .order_by(Challenge.position, Challenge.id)
    )
    facilitator = principal.role == "facilitator"
    if not facilitator:
        stmt = stmt.where(Challenge.published.is_(True))
    return {
        "challenges": [
            challenge_dict(c, with_source=facilitator) for c in session.execute(stmt).scalars()
        ]
    }
