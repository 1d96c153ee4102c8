"""Announcements: short Markdown messages pushed to every screen of an event."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.events.models import Announcement, Event
from hackkit.markup import render_markdown
from hackkit.realtime import publish, server_ms, snapshot_part

RECENT = 20


def announcement_dict(item: Announcement) -> dict[str, Any]:
    """An announcement as every screen shows it (sanitised HTML)."""
    return {"id": item.id, "html": str(render_markdown(item.body_md)), "at_ms": item.created_at_ms}


def post_announcement(session: Session, event: Event, body_md: str) -> Announcement:
    """Post an announcement; every connected screen shows it at once."""
    item = Announcement(event_id=event.id, body_md=body_md, created_at_ms=server_ms())
    session.add(item)
    session.flush()
    publish(session, event.id, "announcement.posted", announcement_dict(item))
    return item


@snapshot_part(shared=True)
def _announcements_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    rows = session.execute(
        select(Announcement)
        .where(Announcement.event_id == event.id)
        .order_by(Announcement.id.desc())
        .limit(RECENT)
    ).scalars()
    return {"announcements": [announcement_dict(a) for a in rows]}
