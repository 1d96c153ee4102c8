"""Exports of teams, members and ideas, as CSV (for spreadsheets) and JSON (for programs).

Hidden ideas are included, marked as hidden with the reason: the export is the facilitator's
record of the event. CSV cells that a spreadsheet would run as a formula are defused.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.database import aware
from hackkit.events.models import Challenge, Event, Participant
from hackkit.teams.ideas import all_ideas
from hackkit.teams.models import Team, TeamMember
from hackkit.teams.profiles import profiles_by_participant

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _challenge_titles(session: Session, event_id: int) -> dict[int, str]:
    rows = session.execute(
        select(Challenge.id, Challenge.title).where(Challenge.event_id == event_id)
    )
    return {cid: title for cid, title in rows}


def export_document(session: Session, event: Event) -> dict[str, Any]:
    """Everything about the event's teams and ideas, as one JSON-ready document."""
    titles = _challenge_titles(session, event.id)
    profiles = profiles_by_participant(session, event.id)
    teams = list(
        session.execute(select(Team).where(Team.event_id == event.id).order_by(Team.id)).scalars()
    )
    rows = session.execute(
        select(TeamMember.team_id, Participant)
        .join(Participant, Participant.id == TeamMember.participant_id)
        .where(TeamMember.event_id == event.id)
        .order_by(TeamMember.id)
    ).all()
    members: dict[int, list[dict[str, Any]]] = {team.id: [] for team in teams}
    in_team: set[int] = set()
    for team_id, person in rows:
        in_team.add(person.id)
        members[team_id].append(_person(person, profiles.get(person.id), titles))
    without = session.execute(
        select(Participant)
        .where(Participant.event_id == event.id, Participant.removed_at.is_(None))
        .order_by(Participant.id)
    ).scalars()
    return {
        "event": {"id": event.id, "name": event.name, "code": event.code},
        "teams": [
            {
                "id": team.id,
                "name": team.name,
                "code": team.code,
                "challenge": titles.get(team.challenge_id),
                "stage": team.stage,
                "locked": team.locked,
                "members": members[team.id],
            }
            for team in teams
        ],
        "without_team": [
            _person(p, profiles.get(p.id), titles) for p in without if p.id not in in_team
        ],
        "ideas": [
            _idea(idea, titles, {t.id: t.name for t in teams})
            for idea in all_ideas(session, event.id)
        ],
    }


def _person(person: Participant, profile: Any, titles: dict[int, str]) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.display_name,
        "removed": person.removed_at is not None,
        "skills": list(profile.skills or []) if profile else [],
        "tags": list(profile.tags or []) if profile else [],
        "interests": profile.interests if profile else "",
        "preferences": [titles.get(c, str(c)) for c in (profile.preferences or [])]
        if profile
        else [],
        "organisation": profile.organisation if profile else None,
        "country": profile.country if profile else None,
        "role": profile.role if profile else None,
    }


def _idea(idea: Any, titles: dict[int, str], team_names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": idea.id,
        "title": idea.title,
        "pitch": idea.pitch,
        "description_md": idea.description_md,
        "links": list(idea.links or []),
        "challenge": titles.get(idea.challenge_id),
        "team": team_names.get(idea.team_id),
        "version": idea.version,
        "hidden": idea.hidden,
        "hidden_reason": idea.hidden_reason,
        "image": idea.image,
        "updated_at": aware(idea.updated_at).isoformat() if idea.updated_at else None,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    # A leading = + - @ makes spreadsheets run the cell as a formula; a quote keeps it text.
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def teams_csv(session: Session, event: Event) -> str:
    """One row per person: their team (empty if none) and their profile."""
    doc = export_document(session, event)
    header = [
        "team",
        "team_code",
        "challenge",
        "stage",
        "member",
        "skills",
        "tags",
        "organisation",
        "country",
        "role",
    ]
    rows = []
    for team in doc["teams"]:
        for m in team["members"] or [{}]:
            rows.append(
                [team["name"], team["code"], team["challenge"], team["stage"], *_member_cells(m)]
            )
    for m in doc["without_team"]:
        rows.append(["", "", "", "", *_member_cells(m)])
    return _csv(header, rows)


def _member_cells(m: dict[str, Any]) -> list[Any]:
    return [
        m.get("name"),
        m.get("skills"),
        m.get("tags"),
        m.get("organisation"),
        m.get("country"),
        m.get("role"),
    ]


def ideas_csv(session: Session, event: Event) -> str:
    """One row per idea, hidden ones marked."""
    doc = export_document(session, event)
    header = [
        "id",
        "title",
        "pitch",
        "challenge",
        "team",
        "links",
        "version",
        "hidden",
        "hidden_reason",
        "description",
    ]
    rows = [
        [i["id"], i["title"], i["pitch"], i["challenge"], i["team"], i["links"], i["version"],
         "yes" if i["hidden"] else "no", i["hidden_reason"], i["description_md"]]
        for i in doc["ideas"]
    ]  # fmt: skip
    return _csv(header, rows)
