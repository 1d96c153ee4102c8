"""The help queue's section of the impact report (reports/figures.py EXTRA_SECTIONS)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.database import aware
from hackkit.events.models import Event
from hackkit.mentors.models import HelpRequest, Mentor
from hackkit.mentors.routing import median_ms
from hackkit.reports.figures import ExtraSection


def _minutes(ms: int | None) -> str:
    if ms is None:
        return "–"
    return "under a minute" if ms < 60_000 else f"{round(ms / 60_000)} min"


def help_section(session: Session, event: Event) -> ExtraSection | None:
    """Requests by outcome, waits (asked to taken) and time with a mentor (taken to closed),
    the mean rating and how many mentors helped; None where the event had no mentor."""
    mentors = session.execute(select(Mentor.id).where(Mentor.event_id == event.id)).scalars().all()
    if not mentors:
        return None
    rows = session.execute(
        select(
            HelpRequest.status,
            HelpRequest.created_at,
            HelpRequest.claimed_at,
            HelpRequest.closed_at,
            HelpRequest.rating,
            HelpRequest.mentor_id,
        ).where(HelpRequest.event_id == event.id)
    ).all()
    waits, service, ratings, helpers = [], [], [], set()
    outcomes: dict[str, int] = {}
    for status, created, claimed, closed, rating, mentor_id in rows:
        outcomes[status] = outcomes.get(status, 0) + 1
        if claimed is not None:
            waits.append(int((aware(claimed) - aware(created)).total_seconds() * 1000))
        if claimed is not None and closed is not None and status == "closed":
            service.append(int((aware(closed) - aware(claimed)).total_seconds() * 1000))
            helpers.add(mentor_id)
        if rating is not None:
            ratings.append(rating)
    figures = [
        ("Mentors invited", str(len(mentors))),
        ("Mentors who helped a team", str(len(helpers))),
        ("Help requests", str(len(rows))),
        ("Helped (closed by a mentor)", str(outcomes.get("closed", 0))),
        ("Withdrawn or lapsed", str(outcomes.get("withdrawn", 0) + outcomes.get("expired", 0))),
        ("Median wait for a mentor", _minutes(median_ms(waits))),
        ("Longest wait", _minutes(max(waits) if waits else None)),
        ("Median time with a mentor", _minutes(median_ms(service))),
        (
            "Teams' rating of the help",
            f"{sum(ratings) / len(ratings):.1f} of 5 ({len(ratings)} ratings)" if ratings else "–",
        ),
    ]
    return ExtraSection("mentors", "Mentors", tuple(figures))
