"""What the facilitator does to teams: move people, merge, dissolve, lock, change the rules.

Facilitators may fill a locked team, but never beyond its size: the same guarded seat
statement and CHECK constraint apply to them.
"""

from __future__ import annotations

from sqlalchemy import case, delete, select, update
from sqlalchemy.orm import Session

from hackkit.errors import Conflict, NotFound, ServiceError
from hackkit.events.models import Event, Participant
from hackkit.teams.ideas import announce_idea
from hackkit.teams.membership import (
    add_membership,
    get_team,
    publish_all_teams,
    publish_team,
    publish_team_removed,
    release_seat,
    remove_membership,
    seat_refusal,
    settle_team,
    take_seat,
    team_of,
)
from hackkit.teams.models import Idea, ProgressPost, Team, TeamMember
from hackkit.teams.schemas import TeamSettingsFields
from hackkit.teams.settings import (
    TeamSettings,
    changed_settings,
    save_team_settings,
    set_teams_locked,
    team_settings,
)


def lock_rows(session: Session, team_ids: list[int]) -> None:
    """Lock team rows in id order, so two facilitator operations never deadlock on PostgreSQL
    (SQLite serialises writers anyway and ignores FOR UPDATE)."""
    ids = sorted(set(team_ids))
    if ids:
        session.execute(
            select(Team.id).where(Team.id.in_(ids)).order_by(Team.id).with_for_update()
        ).all()


def move_member(session: Session, event: Event, participant_id: int, team_id: int | None) -> None:
    """Put a participant in another team (or in none, with ``team_id=None``)."""
    person = session.get(Participant, participant_id)
    if person is None or person.event_id != event.id or person.removed_at is not None:
        raise NotFound("That participant")
    current = team_of(session, participant_id)
    target = get_team(session, event, team_id) if team_id is not None else None
    if target is not None and current is not None and target.id == current.id:
        return
    lock_rows(session, [t.id for t in (current, target) if t is not None])
    if target is not None:
        if not take_seat(session, target.id, facilitator=True):
            raise seat_refusal(session, target, facilitator=True)
        if current is not None:
            session.execute(
                update(TeamMember)
                .where(TeamMember.participant_id == participant_id)
                .values(team_id=target.id)
            )
            release_seat(session, current.id)
        else:
            add_membership(session, event.id, target.id, participant_id)
        publish_team(session, target)
    elif current is not None:
        remove_membership(session, current, participant_id)
    if current is not None:
        settle_team(session, current)


def merge_teams(session: Session, event: Event, source_id: int, into_id: int) -> Team:
    """Move every member, idea and progress post of one team into another; the first goes."""
    if source_id == into_id:
        raise ServiceError("same_team", "Pick two different teams to merge.")
    source, into = get_team(session, event, source_id), get_team(session, event, into_id)
    lock_rows(session, [source.id, into.id])
    session.refresh(source)
    moving = source.member_count
    if moving and not take_seat(session, into.id, seats=moving, facilitator=True):
        session.refresh(into)
        raise Conflict(
            "team_too_big",
            f"Merging would give {into.name} {into.member_count + moving} members; "
            f"the most is {into.max_size}. Raise the team size first.",
        )
    session.execute(
        update(TeamMember).where(TeamMember.team_id == source.id).values(team_id=into.id)
    )
    session.execute(
        update(ProgressPost).where(ProgressPost.team_id == source.id).values(team_id=into.id)
    )
    idea_ids = _reassign_ideas(session, source.id, into.id)
    session.delete(source)
    session.flush()
    publish_team_removed(session, event.id, source_id)
    publish_team(session, into)
    _announce_ideas(session, idea_ids)
    return into


def dissolve_team(session: Session, event: Event, team_id: int) -> None:
    """Break a team up: its members have no team, its ideas stay (without a team)."""
    team = get_team(session, event, team_id)
    lock_rows(session, [team.id])
    session.execute(delete(TeamMember).where(TeamMember.team_id == team.id))
    idea_ids = _reassign_ideas(session, team.id, None)
    session.delete(team)
    session.flush()
    publish_team_removed(session, event.id, team_id)
    _announce_ideas(session, idea_ids)


def _reassign_ideas(session: Session, from_id: int, to_id: int | None) -> list[int]:
    ids = list(session.execute(select(Idea.id).where(Idea.team_id == from_id)).scalars())
    if ids:
        session.execute(
            update(Idea)
            .where(Idea.id.in_(ids))
            .values(team_id=to_id)
            .execution_options(synchronize_session="fetch")
        )
    return ids


def _announce_ideas(session: Session, idea_ids: list[int]) -> None:
    for idea_id in idea_ids:
        idea = session.get(Idea, idea_id)
        if idea is not None:
            session.refresh(idea)
            announce_idea(session, idea)


def set_team_lock(session: Session, event: Event, team_id: int, locked: bool) -> Team:
    """Lock one team (its members can neither leave nor be joined) or unlock it."""
    team = get_team(session, event, team_id)
    team.locked = locked
    publish_team(session, team)
    return team


def lock_all_teams(session: Session, event: Event, locked: bool) -> None:
    """Lock (or unlock) every team, and stop (or allow) new teams, joins and leaves."""
    session.execute(
        update(Team)
        .where(Team.event_id == event.id)
        .values(locked=locked)
        .execution_options(synchronize_session="fetch")
    )
    publish_all_teams(session, event.id)
    set_teams_locked(session, event, locked)


def update_team_settings(
    session: Session, event: Event, fields: TeamSettingsFields
) -> TeamSettings:
    """Change some of the settings (only the fields given) and tell every screen. A new largest
    team size applies to every team at once, never below the members a team already has."""
    current = team_settings(event)
    merged = changed_settings(current, fields)
    if merged.team_max != current.team_max:
        # Teams rows first, then the event row (publish): the same lock order as joining, so
        # a settings change and a join never deadlock on PostgreSQL.
        larger = case(
            (Team.member_count > merged.team_max, Team.member_count), else_=merged.team_max
        )
        session.execute(update(Team).where(Team.event_id == event.id).values(max_size=larger))
        publish_all_teams(session, event.id)
    save_team_settings(session, event, merged)
    return merged
