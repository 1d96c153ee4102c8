"""Teams from the participant's side: create, join, leave, rename; and how teams look on screens.

Capacity is enforced by the database, not by reading a count and deciding in Python: a seat is
taken by one guarded statement (``member_count < max_size AND NOT locked``) and the CHECK
constraint on ``teams`` refuses anything beyond ``max_size`` whatever the code does. One team
per participant is the UNIQUE constraint on ``team_members.participant_id``. Two phones racing
for a last seat therefore cannot both get in, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.errors import Conflict, Forbidden, NotFound, ServiceError
from hackkit.events.joining import REMOVAL_LISTENERS
from hackkit.events.lifecycle import CODE_ALPHABET
from hackkit.events.models import Challenge, Event, Participant
from hackkit.realtime import publish, snapshot_part
from hackkit.teams.models import Idea, Team, TeamMember
from hackkit.teams.schemas import CreateTeam
from hackkit.teams.settings import team_settings

TEAM_CODE_LENGTH = 5
MAX_TEAMS = 500


# --- reading ---------------------------------------------------------------------------------


def team_of(session: Session, participant_id: int) -> Team | None:
    """The team a participant is in, if any."""
    stmt = select(Team).join(TeamMember, TeamMember.team_id == Team.id)
    return session.execute(
        stmt.where(TeamMember.participant_id == participant_id)
    ).scalar_one_or_none()


def get_team(session: Session, event: Event, team_id: int) -> Team:
    """A team of this event, or a plain 'not found' (never another event's team)."""
    team = session.get(Team, team_id)
    if team is None or team.event_id != event.id:
        raise NotFound("That team")
    return team


def members_by_team(
    session: Session, event_id: int, team_ids: list[int] | None = None
) -> dict[int, list[dict[str, Any]]]:
    """Members of the event's teams (or of some of them), in the order they joined."""
    stmt = (
        select(TeamMember.team_id, Participant.id, Participant.display_name)
        .join(Participant, Participant.id == TeamMember.participant_id)
        .where(TeamMember.event_id == event_id, Participant.removed_at.is_(None))
        .order_by(TeamMember.id)
    )
    if team_ids is not None:
        stmt = stmt.where(TeamMember.team_id.in_(team_ids))
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for team_id, pid, name in session.execute(stmt):
        grouped[team_id].append({"id": pid, "name": name})
    return grouped


def team_dict(team: Team, members: list[dict[str, Any]]) -> dict[str, Any]:
    """A team as every screen shows it (teams, their members and codes are public in an event)."""
    return {
        "id": team.id,
        "name": team.name,
        "code": team.code,
        "challenge_id": team.challenge_id,
        "stage": team.stage,
        "locked": team.locked,
        "max_size": team.max_size,
        "member_count": team.member_count,
        "members": members,
    }


def team_view(session: Session, team: Team) -> dict[str, Any]:
    """One team with its members, read fresh from the database."""
    return team_dict(team, members_by_team(session, team.event_id, [team.id]).get(team.id, []))


def teams_view(session: Session, event_id: int) -> list[dict[str, Any]]:
    """Every team of the event with its members, oldest first."""
    teams = session.execute(
        select(Team).where(Team.event_id == event_id).order_by(Team.id)
    ).scalars()
    members = members_by_team(session, event_id)
    return [team_dict(team, members.get(team.id, [])) for team in teams]


def publish_team(session: Session, team: Team) -> None:
    """Tell every screen the team's new state (after commit)."""
    session.flush()
    publish(session, team.event_id, "team.updated", team_view(session, team))


def publish_team_removed(session: Session, event_id: int, team_id: int) -> None:
    """Tell every screen a team is gone."""
    publish(session, event_id, "team.removed", {"id": team_id})


def publish_all_teams(session: Session, event_id: int) -> None:
    """Re-announce every team (after a change that touched them all, e.g. the size limit)."""
    session.flush()
    for team in teams_view(session, event_id):
        publish(session, event_id, "team.updated", team)


# --- seats (the database decides) -----------------------------------------------------------------


def take_seat(session: Session, team_id: int, *, seats: int = 1, facilitator: bool = False) -> bool:
    """Reserve seats in a team; False when they do not fit (or it is locked, unless a
    facilitator acts).

    The condition is evaluated by the database on the row it locks, so of two transactions
    racing for the last seat the second sees the first one's count and gets nothing.
    """
    stmt = update(Team).where(Team.id == team_id, Team.member_count + seats <= Team.max_size)
    if not facilitator:
        stmt = stmt.where(Team.locked.is_(False))
    result = session.execute(
        stmt.values(member_count=Team.member_count + seats).execution_options(
            synchronize_session=False
        )
    )
    _expire_team(session, team_id)
    return result.rowcount == 1


def release_seat(session: Session, team_id: int, seats: int = 1) -> None:
    """Give back seats when people leave a team."""
    session.execute(
        update(Team)
        .where(Team.id == team_id)
        .values(member_count=Team.member_count - seats)
        .execution_options(synchronize_session=False)
    )
    _expire_team(session, team_id)


def _expire_team(session: Session, team_id: int) -> None:
    # The statement bypassed the ORM; a loaded Team must re-read its count, not trust the old one.
    team = session.identity_map.get(session.identity_key(Team, team_id))
    if team is not None:
        session.expire(team, ["member_count"])


def add_membership(session: Session, event_id: int, team_id: int, participant_id: int) -> None:
    """Insert the membership row; the UNIQUE constraint refuses a second team."""
    try:
        with session.begin_nested():
            session.add(
                TeamMember(event_id=event_id, team_id=team_id, participant_id=participant_id)
            )
            session.flush()
    except IntegrityError:
        raise Conflict("already_in_team", "You are already in a team. Leave it first.") from None


def seat_refusal(session: Session, team: Team, *, facilitator: bool = False) -> ServiceError:
    """Why a seat could not be taken, in words."""
    session.refresh(team)
    if team.locked and not facilitator:
        return Conflict("team_locked", f"{team.name} is locked by the facilitator.")
    return Conflict(
        "team_full",
        f"{team.name} is full ({team.member_count} of {team.max_size}). Pick another team.",
    )


# --- participant actions ------------------------------------------------------------------------


def _participant(session: Session, event: Event, participant_id: int) -> Participant:
    person = session.get(Participant, participant_id)
    if person is None or person.event_id != event.id or person.removed_at is not None:
        raise NotFound("That participant")
    return person


def check_teams_open(event: Event) -> None:
    """Refuse participants' team changes while the facilitator has locked all teams."""
    if team_settings(event).teams_locked:
        raise Forbidden(
            "Teams are locked. Ask the facilitator if you need a change.", code="teams_locked"
        )


def check_challenge(
    session: Session, event: Event, challenge_id: int | None, *, published: bool = True
) -> None:
    """A challenge id must name one of this event's challenges (published, for participants)."""
    if challenge_id is None:
        return
    challenge = session.get(Challenge, challenge_id)
    if (
        challenge is None
        or challenge.event_id != event.id
        or (published and not challenge.published)
    ):
        raise NotFound("That challenge")


def check_name_free(
    session: Session, event: Event, name: str, except_id: int | None = None
) -> None:
    stmt = select(Team.id).where(Team.event_id == event.id, func.lower(Team.name) == name.lower())
    if except_id is not None:
        stmt = stmt.where(Team.id != except_id)
    if session.execute(stmt).first() is not None:
        raise Conflict(
            "team_name_taken", f"There is already a team called {name}. Pick another name."
        )


def new_team_code(session: Session, event_id: int) -> str:
    """A short random code, unique in the event, to tell teammates."""
    for _ in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(TEAM_CODE_LENGTH))
        if (
            session.execute(
                select(Team.id).where(Team.event_id == event_id, Team.code == code)
            ).first()
            is None
        ):
            return code
    raise ServiceError(
        "code_exhausted", "Could not find a free team code; try again."
    )  # pragma: no cover


def new_team(
    session: Session, event: Event, name: str, challenge_id: int | None, max_size: int
) -> Team:
    """Insert an empty team (members are added with :func:`take_seat`)."""
    count = session.execute(
        select(func.count(Team.id)).where(Team.event_id == event.id)
    ).scalar_one()
    if count >= MAX_TEAMS:
        raise ServiceError("too_many_teams", f"An event can have at most {MAX_TEAMS} teams.")
    settings = team_settings(event)
    team = Team(
        event_id=event.id,
        name=name,
        code=new_team_code(session, event.id),
        challenge_id=challenge_id,
        stage=settings.team_stages[0],
        locked=False,
        max_size=max_size,
        member_count=0,
    )
    session.add(team)
    session.flush()
    return team


def create_team(session: Session, event: Event, participant_id: int, fields: CreateTeam) -> Team:
    """Start a team; its creator is its first member."""
    _participant(session, event, participant_id)
    check_teams_open(event)
    current = team_of(session, participant_id)
    if current is not None:
        raise Conflict("already_in_team", f"You are already in {current.name}. Leave it first.")
    check_challenge(session, event, fields.challenge_id)
    check_name_free(session, event, fields.name)
    team = new_team(session, event, fields.name, fields.challenge_id, team_settings(event).team_max)
    if not take_seat(session, team.id):  # pragma: no cover - a fresh team always has room
        raise seat_refusal(session, team)
    add_membership(session, event.id, team.id, participant_id)
    publish_team(session, team)
    return team


def join_team(
    session: Session,
    event: Event,
    participant_id: int,
    *,
    team_id: int | None = None,
    code: str | None = None,
) -> Team:
    """Join a team picked from the list (``team_id``) or by the code a member shared."""
    _participant(session, event, participant_id)
    check_teams_open(event)
    if team_id is not None:
        team = get_team(session, event, team_id)
    else:
        wanted = "".join(ch for ch in (code or "").upper() if ch.isalnum())
        team = session.execute(
            select(Team).where(Team.event_id == event.id, Team.code == wanted)
        ).scalar_one_or_none()
        if team is None:
            raise ServiceError(
                "unknown_team_code",
                "No team has that code. Check it with someone in the team.",
                status=404,
            )
    current = team_of(session, participant_id)
    if current is not None:
        if current.id == team.id:
            return team
        raise Conflict("already_in_team", f"You are already in {current.name}. Leave it first.")
    if not take_seat(session, team.id):
        raise seat_refusal(session, team)
    add_membership(session, event.id, team.id, participant_id)
    publish_team(session, team)
    return team


def leave_team(session: Session, event: Event, participant_id: int) -> None:
    """Leave one's team; a team left empty with no ideas disappears."""
    _participant(session, event, participant_id)
    team = team_of(session, participant_id)
    if team is None:
        raise NotFound("You are not in a team, so there is nothing to leave", code="not_in_team")
    check_teams_open(event)
    if team.locked:
        raise Forbidden(
            f"{team.name} is locked by the facilitator; ask them to move you.", code="team_locked"
        )
    remove_membership(session, team, participant_id)
    settle_team(session, team)


def remove_membership(session: Session, team: Team, participant_id: int) -> None:
    """Take someone out of a team and give the seat back."""
    gone = session.execute(
        delete(TeamMember).where(
            TeamMember.team_id == team.id, TeamMember.participant_id == participant_id
        )
    )
    if gone.rowcount:
        release_seat(session, team.id)


def settle_team(session: Session, team: Team) -> None:
    """Announce a team after its members changed; drop it when empty and without ideas."""
    session.flush()
    session.refresh(team)
    has_ideas = session.execute(select(Idea.id).where(Idea.team_id == team.id).limit(1)).first()
    if team.member_count == 0 and not has_ideas:
        team_id, event_id = team.id, team.event_id
        session.delete(team)
        session.flush()
        publish_team_removed(session, event_id, team_id)
    else:
        publish_team(session, team)


def drop_member(session: Session, participant_id: int) -> None:
    """Free a participant's seat when they are removed from the event (keeps counts right)."""
    team = team_of(session, participant_id)
    if team is not None:
        remove_membership(session, team, participant_id)
        settle_team(session, team)


if drop_member not in REMOVAL_LISTENERS:
    REMOVAL_LISTENERS.append(drop_member)


def member_team(session: Session, event: Event, principal: Principal, team_id: int) -> Team:
    """The team, if the caller may act on it: a facilitator, or one of its members."""
    team = get_team(session, event, team_id)
    if principal.role == "facilitator":
        return team
    mine = team_of(session, principal.subject_id)
    if mine is None or mine.id != team.id:
        raise Forbidden("Only members of this team can do that.", code="not_a_member")
    return team


@snapshot_part(shared=True)
def _teams_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    return {"teams": teams_view(session, event.id)}
