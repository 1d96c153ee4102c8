"""The facilitator's list of suspicious joins (the rules are pure, in join_patterns.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.events.join_patterns import Join, flag_joins
from hackkit.events.models import Event, Participant


def suspicious_joins(session: Session, event: Event) -> list[dict[str, Any]]:
    """Current participants whose join looks odd, each with the reasons, oldest first."""
    rows = session.execute(
        select(Participant)
        .where(Participant.event_id == event.id, Participant.removed_at.is_(None))
        .order_by(Participant.joined_at, Participant.id)
    ).scalars()
    people = {p.id: p for p in rows}
    joins = [
        Join(p.id, p.display_name, p.joined_at.timestamp(), p.device_id, p.join_address)
        for p in people.values()
    ]
    flags = flag_joins(joins)
    return [
        {"id": pid, "name": people[pid].display_name, "reasons": reasons}
        for pid, reasons in sorted(flags.items(), key=lambda item: item[0])
    ]
