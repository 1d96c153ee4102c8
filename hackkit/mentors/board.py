"""What each screen gets of the queue when it (re)connects, the console's figures per mentor,
and the export of every request with its times and rating."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.events.models import Event
from hackkit.mentors.helpdesk import (
    describe,
    expire_stale,
    help_config,
    ms,
    queue_summary,
    request_view,
)
from hackkit.mentors.models import LIVE_STATES, HelpRequest, Mentor
from hackkit.mentors.roster import active_mentors, mentor_dict
from hackkit.realtime import snapshot_part
from hackkit.teams.membership import team_of
from hackkit.teams.models import Team

CONSOLE_LIMIT = 2000  # the console lists this many of the latest requests


def _names(session: Session, event_id: int) -> tuple[dict[int, str], dict[int, str]]:
    teams = dict(session.execute(select(Team.id, Team.name).where(Team.event_id == event_id)).all())
    mentors = dict(
        session.execute(select(Mentor.id, Mentor.name).where(Mentor.event_id == event_id)).all()
    )
    return teams, mentors


def _views(session: Session, event: Event, rows: list[HelpRequest]) -> list[dict[str, Any]]:
    config = help_config(event)
    teams, mentors = _names(session, event.id)
    return [
        request_view(
            r,
            config,
            team_name=teams.get(r.team_id, ""),
            mentor_name=mentors.get(r.mentor_id or 0, ""),
        )
        for r in rows
    ]


def mentor_stats(session: Session, event: Event) -> list[dict[str, Any]]:
    """Each mentor with their load now, how many teams they helped and their mean rating."""
    load: dict[int, int] = defaultdict(int)
    helped: dict[int, int] = defaultdict(int)
    ratings: dict[int, list[int]] = defaultdict(list)
    rows = session.execute(
        select(HelpRequest.mentor_id, HelpRequest.status, HelpRequest.rating).where(
            HelpRequest.event_id == event.id, HelpRequest.mentor_id.is_not(None)
        )
    ).all()
    for mentor_id, status, rating in rows:
        if status == "claimed":
            load[mentor_id] += 1
        elif status == "closed":
            helped[mentor_id] += 1
            if rating is not None:
                ratings[mentor_id].append(rating)
    out = []
    for mentor in active_mentors(session, event.id):
        data = mentor_dict(mentor, event)
        given = ratings.get(mentor.id, [])
        data.update(
            load=load.get(mentor.id, 0),
            helped=helped.get(mentor.id, 0),
            ratings=len(given),
            rating=round(sum(given) / len(given), 2) if given else None,
        )
        out.append(data)
    return out


@snapshot_part
def _help_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    # Lapsed requests are marked here too (the sync's transaction commits it, then tells):
    # a screen that reconnects never sees a stale one.
    expire_stale(session, event)
    state: dict[str, Any] = {"help_queue": queue_summary(session, event)}
    if principal.role == "facilitator":
        rows = session.execute(
            select(HelpRequest)
            .where(HelpRequest.event_id == event.id)
            .order_by(HelpRequest.id.desc())
            .limit(CONSOLE_LIMIT)
        ).scalars()
        state["help_requests"] = _views(session, event, list(rows))
        state["mentors"] = mentor_stats(session, event)
    elif principal.role == "mentor":
        rows = session.execute(
            select(HelpRequest).where(
                HelpRequest.event_id == event.id,
                (HelpRequest.status == "open") | (HelpRequest.mentor_id == principal.subject_id),
            )
        ).scalars()
        state["help_requests"] = [describe(session, event, r) for r in rows]
        me = session.get(Mentor, principal.subject_id)
        state["mentor_me"] = mentor_dict(me) if me is not None else None
    elif principal.role == "participant":
        state.update(_team_part(session, event, principal))
    return state


def _team_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    team = team_of(session, principal.subject_id)
    if team is None or team.event_id != event.id:
        return {"help_team": None, "help_mine": None, "help_history": []}
    rows = list(
        session.execute(
            select(HelpRequest)
            .where(HelpRequest.team_id == team.id)
            .order_by(HelpRequest.id.desc())
            .limit(20)
        ).scalars()
    )
    live = next((r for r in rows if r.status in LIVE_STATES), None)
    latest = live or (rows[0] if rows else None)
    history = _views(session, event, [r for r in rows if r.status == "closed"])
    return {
        "help_team": {"id": team.id, "name": team.name},
        "help_mine": describe(session, event, latest) if latest else None,
        "help_history": history,
    }


EXPORT_COLUMNS = (
    "id",
    "team",
    "topic",
    "urgency",
    "location_kind",
    "location",
    "status",
    "mentor",
    "asked_at",
    "claimed_at",
    "closed_at",
    "wait_s",
    "service_s",
    "rating",
    "note",
    "description",
)


def _iso(value: int | None) -> str:
    return "" if value is None else datetime.fromtimestamp(value / 1000, UTC).isoformat()


def export_rows(session: Session, event: Event) -> list[dict[str, Any]]:
    """Every request of the event, oldest first, with its times, wait and rating."""
    rows = session.execute(
        select(HelpRequest).where(HelpRequest.event_id == event.id).order_by(HelpRequest.id)
    ).scalars()
    teams, mentors = _names(session, event.id)
    out = []
    for r in rows:
        asked, claimed, closed = ms(r.created_at), ms(r.claimed_at), ms(r.closed_at)
        out.append(
            {
                "id": r.id,
                "team": teams.get(r.team_id, ""),
                "topic": r.topic,
                "urgency": r.urgency,
                "location_kind": r.location_kind,
                "location": r.location if r.location_kind != "online" else (r.call_url or ""),
                "status": r.status,
                "mentor": mentors.get(r.mentor_id or 0, ""),
                "asked_at": _iso(asked),
                "claimed_at": _iso(claimed),
                "closed_at": _iso(closed),
                "wait_s": round((claimed - asked) / 1000) if claimed and asked else "",
                "service_s": round((closed - claimed) / 1000)
                if closed and claimed and r.status == "closed"
                else "",
                "rating": r.rating if r.rating is not None else "",
                "note": r.close_note,
                "description": r.description,
            }
        )
    return out


def _cell(value: Any) -> Any:
    # A cell starting like a formula would run in a spreadsheet: quote it.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_csv(session: Session, event: Event) -> str:
    """The requests as CSV, one row each."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for row in export_rows(session, event):
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()
