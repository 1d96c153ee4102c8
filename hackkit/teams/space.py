"""A team's own space: its name and challenge, the stage it has reached, and its "working out
loud" progress feed.

Progress posts are public within the event (that is the point of working out loud): the team
page shows the phone's own team's feed, the idea board (phones and console) each team's latest
posts under its idea, and the wall can show everyone's.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.database import aware
from hackkit.errors import Forbidden, ServiceError
from hackkit.events.models import Event, Participant
from hackkit.realtime import publish, snapshot_part
from hackkit.teams.ideas import announce_idea
from hackkit.teams.membership import (
    check_challenge,
    check_name_free,
    check_teams_open,
    member_team,
    publish_team,
)
from hackkit.teams.models import Idea, ProgressPost, Team
from hackkit.teams.schemas import UpdateTeam
from hackkit.teams.settings import team_settings

FEED_FOR_EVENT = 100


def progress_dict(post: ProgressPost, author_name: str | None) -> dict[str, Any]:
    """A progress post as screens show it (plain text: phones insert it as text)."""
    return {
        "id": post.id,
        "team_id": post.team_id,
        "author_id": post.author_id,
        "author_name": author_name,
        "body": post.body,
        "created_at": aware(post.created_at).isoformat() if post.created_at else None,
    }


def progress_view(
    session: Session, event_id: int, team_id: int | None = None, limit: int = FEED_FOR_EVENT
) -> list[dict[str, Any]]:
    """Recent posts, newest first: of one team, or of the whole event."""
    stmt = (
        select(ProgressPost, Participant.display_name)
        .outerjoin(Participant, Participant.id == ProgressPost.author_id)
        .where(ProgressPost.event_id == event_id)
        .order_by(ProgressPost.id.desc())
        .limit(limit)
    )
    if team_id is not None:
        stmt = stmt.where(ProgressPost.team_id == team_id)
    return [progress_dict(post, name) for post, name in session.execute(stmt)]


def set_stage(
    session: Session, event: Event, principal: Principal, team_id: int, stage: str
) -> Team:
    """Move a team to another of the event's stages (its members, or a facilitator)."""
    team = member_team(session, event, principal, team_id)
    stages = team_settings(event).team_stages
    if stage not in stages:
        raise ServiceError(
            "unknown_stage", f"“{stage}” is not a stage of this event: {', '.join(stages)}."
        )
    team.stage = stage
    publish_team(session, team)
    return team


def post_progress(
    session: Session, event: Event, principal: Principal, team_id: int, body: str
) -> dict[str, Any]:
    """Add a post to a team's progress feed (members only)."""
    team = member_team(session, event, principal, team_id)
    post = ProgressPost(
        event_id=event.id, team_id=team.id, author_id=principal.subject_id, body=body
    )
    session.add(post)
    session.flush()
    data = progress_dict(post, principal.name)
    publish(session, event.id, "progress.posted", data)
    return data


def update_team(
    session: Session, event: Event, principal: Principal, team_id: int, fields: UpdateTeam
) -> Team:
    """Rename a team or change its challenge (members, unless locked; facilitators always)."""
    team = member_team(session, event, principal, team_id)
    facilitator = principal.role == "facilitator"
    if not facilitator:
        check_teams_open(event)
        if team.locked:
            raise Forbidden(f"{team.name} is locked by the facilitator.", code="team_locked")
    given = fields.model_fields_set
    renamed = "name" in given and fields.name is not None and fields.name != team.name
    if renamed:
        check_name_free(session, event, fields.name, except_id=team.id)
        team.name = fields.name
    if "challenge_id" in given:
        check_challenge(session, event, fields.challenge_id, published=not facilitator)
        team.challenge_id = fields.challenge_id
    publish_team(session, team)
    if renamed:  # ideas carry their team's name: screens showing them must hear of the new one
        for idea in session.execute(select(Idea).where(Idea.team_id == team.id)).scalars():
            announce_idea(session, idea)
    return team


@snapshot_part(shared=True)
def _progress_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    # The same for everyone: phones show their own team's feed on the team page and every
    # team's latest posts on the idea board; "progress.posted" already reaches every screen.
    return {"progress": progress_view(session, event.id)}
