"""Ideas: submitted by a team (or a person, where the event allows it), edited with a kept
history until submission closes, hidden and unhidden by the facilitator.

Everyone sees visible ideas (``idea.updated`` / ``idea.removed``). A hidden idea goes out as
``idea.removed`` to every screen, and the facilitators additionally get ``idea.hidden`` (a view
carrying the reason) so the console keeps showing it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, object_session

from hackkit.auth import Principal
from hackkit.database import aware, utcnow
from hackkit.errors import Conflict, Forbidden, NotFound, ServiceError
from hackkit.events.models import Challenge, Event, Participant
from hackkit.markup import render_markdown
from hackkit.realtime import publish, push, role_room, snapshot_part
from hackkit.teams import uploads
from hackkit.teams.membership import check_challenge, team_of
from hackkit.teams.models import Idea, IdeaRevision, Team
from hackkit.teams.schemas import EditIdea, IdeaFields
from hackkit.teams.settings import team_settings

MAX_IDEAS_PER_AUTHOR = 10
MODERATOR_ROLES = frozenset({"facilitator"})


# --- reading ---------------------------------------------------------------------------------


def visible_ideas(session: Session, event_id: int) -> list[Idea]:
    """The event's ideas everyone may see (not hidden), oldest first."""
    stmt = select(Idea).where(Idea.event_id == event_id, Idea.hidden.is_(False)).order_by(Idea.id)
    return list(session.execute(stmt).scalars())


def all_ideas(session: Session, event_id: int) -> list[Idea]:
    """Every idea of the event, hidden ones included (for facilitators and exports)."""
    return list(
        session.execute(select(Idea).where(Idea.event_id == event_id).order_by(Idea.id)).scalars()
    )


def idea_dict(idea: Idea, *, moderation: bool = False) -> dict[str, Any]:
    """An idea as screens show it: sanitised HTML, its team's name, its image's address.

    ``moderation`` adds what only facilitators see (hidden, and why).
    """
    session = object_session(idea)
    team = session.get(Team, idea.team_id) if session is not None and idea.team_id else None
    individual = idea.team_id is None and idea.author_id is not None and session is not None
    author = session.get(Participant, idea.author_id) if individual else None
    data: dict[str, Any] = {
        "id": idea.id,
        "team_id": idea.team_id,
        "team_name": team.name if team is not None else None,
        "author_id": idea.author_id,
        "author_name": author.display_name if author is not None else None,
        "challenge_id": idea.challenge_id,
        "title": idea.title,
        "pitch": idea.pitch,
        "description_html": str(render_markdown(idea.description_md)),
        "links": list(idea.links or []),
        "image": idea.image,
        "image_url": uploads.image_url(idea.image) if idea.image else None,
        "version": idea.version,
        "created_at": aware(idea.created_at).isoformat() if idea.created_at else None,
        "updated_at": aware(idea.updated_at).isoformat() if idea.updated_at else None,
    }
    if moderation:
        data["hidden"] = idea.hidden
        data["hidden_reason"] = idea.hidden_reason
    return data


def ideas_view(
    session: Session, event_id: int, *, moderation: bool = False
) -> list[dict[str, Any]]:
    """The ideas a screen may see: visible ones, or all of them for moderators."""
    session.execute(select(Team).where(Team.event_id == event_id)).scalars().all()  # warm the map
    ideas = all_ideas(session, event_id) if moderation else visible_ideas(session, event_id)
    return [idea_dict(idea, moderation=moderation) for idea in ideas]


def get_idea(session: Session, event: Event, idea_id: int) -> Idea:
    """An idea of this event, or a plain 'not found'."""
    idea = session.get(Idea, idea_id)
    if idea is None or idea.event_id != event.id:
        raise NotFound("That idea")
    return idea


def announce_idea(session: Session, idea: Idea) -> None:
    """Tell screens about an idea's new state, respecting its visibility (after commit)."""
    session.flush()
    if idea.hidden:
        publish(session, idea.event_id, "idea.removed", {"id": idea.id})
        # Queued after the removal, so the console ends with the moderator's view of it.
        push(
            session,
            role_room(idea.event_id, "facilitator"),
            "idea.hidden",
            idea_dict(idea, moderation=True),
        )
    else:
        publish(session, idea.event_id, "idea.updated", idea_dict(idea))


# --- writing -------------------------------------------------------------------------------------


def _check_open(event: Event) -> None:
    if not team_settings(event).submissions_open:
        raise Forbidden(
            "Idea submission has closed, so ideas can no longer be added or changed.",
            code="submissions_closed",
        )


def _check_fields(session: Session, event: Event, fields: IdeaFields) -> None:
    check_challenge(session, event, fields.challenge_id)
    if fields.challenge_id is None:
        offered = session.execute(
            select(Challenge.id)
            .where(Challenge.event_id == event.id, Challenge.published.is_(True))
            .limit(1)
        ).first()
        if offered is not None:
            raise ServiceError("challenge_required", "Pick the challenge this idea answers.")
    if fields.image is not None and not uploads.image_exists(fields.image):
        raise ServiceError("image_missing", "That image was not found; please upload it again.")


def create_idea(session: Session, event: Event, participant_id: int, fields: IdeaFields) -> Idea:
    """Submit an idea for the participant's team (or as an individual, if the event allows)."""
    _check_open(event)
    person = session.get(Participant, participant_id)
    if person is None or person.event_id != event.id or person.removed_at is not None:
        raise NotFound("That participant")
    team = team_of(session, participant_id)
    if team is None and not team_settings(event).individual_ideas:
        raise Forbidden(
            "Ideas are submitted by teams: create or join a team first.", code="team_required"
        )
    _check_fields(session, event, fields)
    owner = (
        Idea.team_id == team.id
        if team is not None
        else (Idea.author_id == participant_id) & Idea.team_id.is_(None)
    )
    count = session.execute(select(func.count(Idea.id)).where(owner)).scalar_one()
    if count >= MAX_IDEAS_PER_AUTHOR:
        raise ServiceError(
            "too_many_ideas", f"A team can submit at most {MAX_IDEAS_PER_AUTHOR} ideas."
        )
    now = utcnow()
    idea = Idea(
        event_id=event.id,
        team_id=team.id if team is not None else None,
        author_id=participant_id,
        version=1,
        hidden=False,
        created_at=now,
        updated_at=now,
        **_content(fields),
    )
    session.add(idea)
    session.flush()
    _keep_revision(session, idea, participant_id)
    announce_idea(session, idea)
    return idea


def edit_idea(
    session: Session, event: Event, participant_id: int, idea_id: int, fields: EditIdea
) -> Idea:
    """Save a new version of an idea; only its team (or its individual author) may."""
    idea = get_idea(session, event, idea_id)
    check_may_edit(session, idea, participant_id)
    _check_open(event)
    if idea.hidden:
        raise Forbidden(
            "The facilitator has hidden this idea, so it cannot be edited.", code="idea_hidden"
        )
    _check_fields(session, event, fields)
    # Optimistic concurrency in one statement: two teammates saving at once cannot both win.
    bumped = session.execute(
        update(Idea)
        .where(Idea.id == idea.id, Idea.version == fields.version)
        .values(version=Idea.version + 1)
        .execution_options(synchronize_session=False)
    )
    if bumped.rowcount != 1:
        raise Conflict(
            "edited_meanwhile",
            "Someone else saved this idea while you were editing. Reload it to see their version.",
        )
    session.refresh(idea, ["version"])
    for key, value in _content(fields).items():
        setattr(idea, key, value)
    idea.updated_at = utcnow()
    session.flush()
    _keep_revision(session, idea, participant_id)
    announce_idea(session, idea)
    return idea


def check_may_edit(session: Session, idea: Idea, participant_id: int) -> None:
    """Members of the idea's team may edit it; an individual's idea, only its author."""
    if idea.team_id is not None:
        team = team_of(session, participant_id)
        allowed = team is not None and team.id == idea.team_id
    else:
        allowed = idea.author_id == participant_id
    if not allowed:
        raise Forbidden("Only the team that submitted this idea can edit it.", code="not_your_idea")


def may_edit(session: Session, idea: Idea, participant_id: int) -> bool:
    """Whether :func:`check_may_edit` would let the participant edit the idea."""
    try:
        check_may_edit(session, idea, participant_id)
    except ServiceError:
        return False
    return True


def _content(fields: IdeaFields) -> dict[str, Any]:
    return {
        "challenge_id": fields.challenge_id,
        "title": fields.title,
        "pitch": fields.pitch,
        "description_md": fields.description_md,
        "links": list(dict.fromkeys(fields.links)),
        "image": fields.image,
    }


def _keep_revision(session: Session, idea: Idea, editor_id: int | None) -> None:
    session.add(
        IdeaRevision(
            idea_id=idea.id,
            version=idea.version,
            title=idea.title,
            pitch=idea.pitch,
            description_md=idea.description_md,
            links=list(idea.links or []),
            image=idea.image,
            challenge_id=idea.challenge_id,
            edited_by=editor_id,
            edited_at=idea.updated_at,
        )
    )
    session.flush()


def hide_idea(session: Session, event: Event, idea_id: int, reason: str) -> Idea:
    """Take an idea off every screen, saying why (facilitators keep seeing it)."""
    idea = get_idea(session, event, idea_id)
    idea.hidden = True
    idea.hidden_reason = reason
    announce_idea(session, idea)
    return idea


def unhide_idea(session: Session, event: Event, idea_id: int) -> Idea:
    """Put a hidden idea back on every screen."""
    idea = get_idea(session, event, idea_id)
    idea.hidden = False
    idea.hidden_reason = None
    announce_idea(session, idea)
    return idea


def idea_history(session: Session, event: Event, idea_id: int) -> list[dict[str, Any]]:
    """Every saved version of an idea, newest first, with who saved it."""
    idea = get_idea(session, event, idea_id)
    rows = session.execute(
        select(IdeaRevision, Participant.display_name)
        .outerjoin(Participant, Participant.id == IdeaRevision.edited_by)
        .where(IdeaRevision.idea_id == idea.id)
        .order_by(IdeaRevision.version.desc())
    ).all()
    return [
        {
            "version": rev.version,
            "title": rev.title,
            "pitch": rev.pitch,
            "description_md": rev.description_md,
            "links": list(rev.links or []),
            "image_url": uploads.image_url(rev.image) if rev.image else None,
            "challenge_id": rev.challenge_id,
            "edited_by": name,
            "edited_at": aware(rev.edited_at).isoformat() if rev.edited_at else None,
        }
        for rev, name in rows
    ]


@snapshot_part(shared=True)
def _ideas_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    return {"ideas": ideas_view(session, event.id, moderation=principal.role in MODERATOR_ROLES)}
