"""Participant profiles: skills from the event's list, free tags, interests, ranked challenge
preferences and the optional fields the facilitator switched on.

A profile is seen by its owner and by the facilitators (live, as ``profile.updated`` views);
other participants never get it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.database import aware, utcnow
from hackkit.errors import NotFound, ServiceError
from hackkit.events.models import Challenge, Event, Participant
from hackkit.realtime import person_room, push, role_room, snapshot_part
from hackkit.teams.models import Profile
from hackkit.teams.schemas import PROFILE_FIELDS, ProfileFields
from hackkit.teams.settings import team_settings


def profile_dict(profile: Profile | None, participant: Participant) -> dict[str, Any]:
    """A profile as its owner and the facilitators see it (an empty one if never filled)."""
    return {
        "participant_id": participant.id,
        "name": participant.display_name,
        "skills": list(profile.skills or []) if profile else [],
        "tags": list(profile.tags or []) if profile else [],
        "interests": profile.interests if profile else "",
        "preferences": list(profile.preferences or []) if profile else [],
        "organisation": profile.organisation if profile else None,
        "country": profile.country if profile else None,
        "role": profile.role if profile else None,
        "updated_at": aware(profile.updated_at).isoformat()
        if profile and profile.updated_at
        else None,
    }


def profiles_view(session: Session, event_id: int) -> list[dict[str, Any]]:
    """Every present participant with their profile (filled or not), in joining order."""
    rows = session.execute(
        select(Participant, Profile)
        .outerjoin(Profile, Profile.participant_id == Participant.id)
        .where(Participant.event_id == event_id, Participant.removed_at.is_(None))
        .order_by(Participant.id)
    ).all()
    return [profile_dict(profile, person) for person, profile in rows]


def profiles_by_participant(session: Session, event_id: int) -> dict[int, Profile]:
    """The event's filled profiles, keyed by participant."""
    rows = session.execute(select(Profile).where(Profile.event_id == event_id)).scalars()
    return {profile.participant_id: profile for profile in rows}


def update_profile(
    session: Session, event: Event, participant_id: int, fields: ProfileFields
) -> dict[str, Any]:
    """Save a participant's profile and show it to the facilitators at once."""
    person = session.get(Participant, participant_id)
    if person is None or person.event_id != event.id or person.removed_at is not None:
        raise NotFound("That participant")
    settings = team_settings(event)
    known = {skill.casefold(): skill for skill in settings.skills}
    skills = []
    for skill in fields.skills:
        if skill.casefold() not in known:
            raise ServiceError("unknown_skill", f"“{skill}” is not on this event's skill list.")
        skills.append(known[skill.casefold()])
    preferences = list(dict.fromkeys(fields.preferences))
    if preferences:
        published = set(
            session.execute(
                select(Challenge.id).where(
                    Challenge.event_id == event.id,
                    Challenge.published.is_(True),
                    Challenge.id.in_(preferences),
                )
            ).scalars()
        )
        if set(preferences) - published:
            raise NotFound("A challenge in your preferences")
    profile = session.get(Profile, participant_id)
    if profile is None:
        profile = Profile(participant_id=participant_id, event_id=event.id)
        session.add(profile)
    profile.skills = list(dict.fromkeys(skills))
    profile.tags = list(dict.fromkeys(tag for tag in fields.tags if tag))
    profile.interests = fields.interests
    profile.preferences = preferences
    # Fields the facilitator did not switch on are not stored, whatever the client sends.
    for name in PROFILE_FIELDS:
        value = getattr(fields, name) if name in settings.profile_fields else None
        setattr(profile, name, value or None)
    profile.updated_at = utcnow()
    session.flush()
    data = profile_dict(profile, person)
    push(session, role_room(event.id, "facilitator"), "profile.updated", data)
    push(session, person_room("participant", participant_id), "profile.updated", data)
    return data


@snapshot_part
def _profiles_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    if principal.role == "facilitator":
        return {"profiles": profiles_view(session, event.id)}
    if principal.role == "participant":
        person = session.get(Participant, principal.subject_id)
        if person is None:
            return {"profile": None}
        return {"profile": profile_dict(session.get(Profile, person.id), person)}
    return {}
