"""Automatic team forming: build the request for the pure matching module, preview its
proposal, and apply it when the facilitator accepts.

The preview hands the console a signed copy of the proposal. Accepting applies exactly that
proposal (not a re-run, which could differ if profiles changed meanwhile), and only if nobody
joined, left or moved since the preview: a fingerprint of the memberships is signed with it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hackkit.errors import Conflict, ServiceError
from hackkit.events.models import Challenge, Event, Participant
from hackkit.teams.matching import (
    ExistingTeam,
    MatchRequest,
    MatchResult,
    Person,
    greedy_baseline,
    match,
)
from hackkit.teams.membership import (
    add_membership,
    get_team,
    new_team,
    publish_all_teams,
    publish_team_removed,
    take_seat,
)
from hackkit.teams.models import Idea, Team, TeamMember
from hackkit.teams.profiles import profiles_by_participant
from hackkit.teams.settings import team_settings

PROPOSAL_MAX_AGE_S = 3600
SCOPES = ("unassigned", "everyone")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="hackkit.matching")


def _state(
    session: Session, event: Event
) -> tuple[list[Participant], list[Team], dict[int, list[int]]]:
    people = list(
        session.execute(
            select(Participant)
            .where(Participant.event_id == event.id, Participant.removed_at.is_(None))
            .order_by(Participant.id)
        ).scalars()
    )
    teams = list(
        session.execute(select(Team).where(Team.event_id == event.id).order_by(Team.id)).scalars()
    )
    present = {p.id for p in people}
    members: dict[int, list[int]] = {team.id: [] for team in teams}
    rows = session.execute(
        select(TeamMember.team_id, TeamMember.participant_id)
        .where(TeamMember.event_id == event.id)
        .order_by(TeamMember.id)
    )
    for team_id, pid in rows:
        if pid in present:
            members[team_id].append(pid)
    return people, teams, members


def _fingerprint(
    scope: str,
    teams: list[Team],
    members: dict[int, list[int]],
    people: list[Participant],
    bounds: tuple[int, int],
) -> str:
    shape = {
        "scope": scope,
        "bounds": bounds,
        "people": [p.id for p in people],
        "teams": [[t.id, t.locked, sorted(members[t.id])] for t in teams],
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:24]


def build_request(
    session: Session, event: Event, scope: str, seed: int
) -> tuple[MatchRequest, dict[str, Any]]:
    """The matching request for the event as it is now, and what the preview needs to name things.

    ``unassigned`` keeps every team as it is and places the people without one; ``everyone``
    keeps locked teams and re-forms everybody else (unlocked teams are offered empty, so their
    rows, ideas and feeds are reused).
    """
    if scope not in SCOPES:
        raise ServiceError("invalid_scope", "Choose people without a team, or everyone.")
    settings = team_settings(event)
    people, teams, members = _state(session, event)
    profiles = profiles_by_participant(session, event.id)
    challenges = list(
        session.execute(
            select(Challenge.id)
            .where(Challenge.event_id == event.id, Challenge.published.is_(True))
            .order_by(Challenge.position, Challenge.id)
        ).scalars()
    )
    offered = set(challenges)
    persons = []
    for p in people:
        profile = profiles.get(p.id)
        skills = frozenset(profile.skills or []) if profile else frozenset()
        prefs = tuple(c for c in (profile.preferences or []) if c in offered) if profile else ()
        persons.append(Person(p.id, skills, prefs))
    existing = []
    for team in teams:
        keep = team.locked or scope == "unassigned"
        existing.append(
            ExistingTeam(
                team.id,
                team.challenge_id,
                tuple(members[team.id]) if keep else (),
                locked=team.locked,
            )
        )
    request = MatchRequest(
        people=persons,
        existing=existing,
        challenges=challenges,
        skills=settings.skills,
        min_size=settings.team_min,
        max_size=settings.team_max,
        seed=seed,
    )
    context = {
        "fingerprint": _fingerprint(
            scope, teams, members, people, (settings.team_min, settings.team_max)
        ),
        "names": {p.id: p.display_name for p in people},
        "teams": {t.id: t for t in teams},
        "members": members,
        "challenge_titles": dict(
            session.execute(
                select(Challenge.id, Challenge.title).where(Challenge.event_id == event.id)
            ).all()
        ),
    }
    return request, context


def preview(session: Session, event: Event, scope: str, seed: int) -> dict[str, Any]:
    """Run matching and describe the proposal; nothing is changed."""
    request, context = build_request(session, event, scope, seed)
    result = match(request)
    baseline = greedy_baseline(request)
    proposal = _serializer().dumps(
        {
            "event_id": event.id,
            "scope": scope,
            "fingerprint": context["fingerprint"],
            "teams": [
                {
                    "team_id": t.team_id,
                    "challenge_id": t.challenge_id,
                    "member_ids": list(t.member_ids),
                }
                for t in result.teams
            ],
        }
    )
    return {
        "scope": scope,
        "seed": seed,
        "proposal": proposal,
        "score": result.score.to_dict(),
        "baseline_score": baseline.score.to_dict(),
        "warnings": list(result.warnings),
        "placing": _placing(request),
        "teams": _describe(result, context),
    }


def _placing(request: MatchRequest) -> int:
    fixed = {pid for team in request.existing for pid in team.member_ids}
    return sum(1 for person in request.people if person.id not in fixed)


def _describe(result: MatchResult, context: dict[str, Any]) -> list[dict[str, Any]]:
    names, teams, members = context["names"], context["teams"], context["members"]
    described = []
    new_number = 0
    for team in result.teams:
        before = set(members.get(team.team_id, [])) if team.team_id is not None else set()
        if team.team_id is None:
            new_number += 1
            label = f"New team {new_number}"
        else:
            label = teams[team.team_id].name
        described.append(
            {
                "team_id": team.team_id,
                "name": label,
                "locked": bool(team.team_id is not None and teams[team.team_id].locked),
                "challenge_id": team.challenge_id,
                "challenge_title": context["challenge_titles"].get(team.challenge_id),
                "coverage": team.coverage,
                "skills": dict(team.skills),
                "members": [
                    {
                        "id": pid,
                        "name": names.get(pid, "?"),
                        "rank": result.rank_met.get(pid),
                        "new": pid not in before,
                    }
                    for pid in team.member_ids
                ],
            }
        )
    return described


@dataclass(frozen=True)
class CheckedProposal:
    """A previewed proposal whose signature, event and memberships have been verified, with the
    event's teams as they are now (which the proposal was made from)."""

    scope: str
    teams: list[dict[str, Any]]  # team_id (None: a new team), challenge_id, member_ids
    existing: list[Team]
    members: dict[int, list[int]]


def accept(session: Session, event: Event, token: str) -> dict[str, Any]:
    """Apply a previewed proposal, if the teams have not changed since it was made."""
    return apply_proposal(session, event, verify_proposal(session, event, token))


def verify_proposal(session: Session, event: Event, token: str) -> CheckedProposal:
    """Check a preview's signed proposal: signed by us within the hour, for this event, and made
    from the memberships the event still has. Refuse it otherwise."""
    try:
        data = _serializer().loads(token, max_age=PROPOSAL_MAX_AGE_S)
    except SignatureExpired:
        raise Conflict(
            "preview_expired", "This preview is more than an hour old; run the matching again."
        ) from None
    except BadSignature:
        raise ServiceError(
            "preview_invalid", "This preview is not valid; run the matching again."
        ) from None
    if (
        not isinstance(data, dict)
        or data.get("event_id") != event.id
        or data.get("scope") not in SCOPES
    ):
        raise ServiceError(
            "preview_invalid", "This preview belongs to another event; run the matching again."
        )
    scope = data["scope"]
    settings = team_settings(event)
    people, teams, members = _state(session, event)
    now = _fingerprint(scope, teams, members, people, (settings.team_min, settings.team_max))
    if now != data["fingerprint"]:
        raise Conflict(
            "preview_stale",
            "Teams changed since this preview (someone joined, left or was moved). "
            "Run the matching again.",
        )
    return CheckedProposal(scope, data["teams"], teams, members)


def apply_proposal(session: Session, event: Event, proposal: CheckedProposal) -> dict[str, Any]:
    """Form the verified proposal's teams: empty the unlocked teams first when it re-forms
    everyone, seat each proposed member, drop teams left empty, and tell every screen."""
    settings = team_settings(event)
    teams, members = proposal.existing, proposal.members
    by_id = {team.id: team for team in teams}
    if proposal.scope == "everyone":
        for team in teams:
            if not team.locked and members[team.id]:
                session.execute(delete(TeamMember).where(TeamMember.team_id == team.id))
                team.member_count = 0
                members[team.id] = []
        session.flush()
    created = 0
    used_names = {team.name.casefold() for team in teams}
    for proposed in proposal.teams:
        team_id, challenge_id = proposed["team_id"], proposed["challenge_id"]
        member_ids = proposed["member_ids"]
        if team_id is None:
            name = _free_name(used_names, len(teams) + created + 1)
            team = new_team(
                session, event, name, challenge_id, max(settings.team_max, len(member_ids))
            )
            created += 1
        else:
            team = get_team(session, event, team_id)
            if team.challenge_id is None and challenge_id is not None:
                team.challenge_id = challenge_id
        already = set(members.get(team.id, []))
        joining = [pid for pid in member_ids if pid not in already]
        if not joining:
            continue
        session.refresh(team)
        # Matching may fill a team to the event's size even if its own limit was lower.
        team.max_size = max(team.max_size, team.member_count + len(joining))
        session.flush()
        if not take_seat(
            session, team.id, seats=len(joining), facilitator=True
        ):  # pragma: no cover
            raise Conflict("team_full", f"{team.name} has no room left; run the matching again.")
        for pid in joining:
            add_membership(session, event.id, team.id, pid)
    removed = _drop_empty(session, event, [by_id[t.id] for t in teams if not t.locked])
    publish_all_teams(session, event.id)
    for team_id in removed:
        publish_team_removed(session, event.id, team_id)
    return {"created": created, "removed": len(removed)}


def _free_name(used: set[str], start: int) -> str:
    number = start
    while f"team {number}" in used:
        number += 1
    used.add(f"team {number}")
    return f"Team {number}"


def _drop_empty(session: Session, event: Event, teams: list[Team]) -> list[int]:
    removed = []
    for team in teams:
        session.refresh(team)
        if team.member_count:
            continue
        if session.execute(select(Idea.id).where(Idea.team_id == team.id).limit(1)).first():
            continue
        removed.append(team.id)
        session.delete(team)
    session.flush()
    return removed
