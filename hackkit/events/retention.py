"""How long an event keeps personal data, and which events are due for deletion (pure).

An event's retention is ``settings["retention_days"]``: personal data is deleted that many
days after the event ended; ``None`` keeps it until the facilitator deletes it by hand. An
event "ended" at the last thing that happened in it (a phase ending, a join, an idea saved, a
vote, a post, an announcement), so an event still in use is never due, however old it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

DEFAULT_RETENTION_DAYS = 30
MAX_RETENTION_DAYS = 3650


@dataclass(frozen=True)
class RetentionFacts:
    """What deciding about one event needs."""

    event_id: int
    retention_days: int | None
    last_activity: datetime
    erased_at: datetime | None  # when its personal data was deleted, if it was


def retention_days(settings: dict[str, Any] | None) -> int | None:
    """The event's retention in days (the default when unset; None: kept until deleted)."""
    raw = (settings or {}).get("retention_days", DEFAULT_RETENTION_DAYS)
    if raw is None:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= MAX_RETENTION_DAYS:
        return raw
    return DEFAULT_RETENTION_DAYS


def deletion_date(facts: RetentionFacts) -> datetime | None:
    """When the event's personal data falls due (None: never by itself)."""
    if facts.retention_days is None:
        return None
    return facts.last_activity + timedelta(days=facts.retention_days)


def due_for_deletion(events: list[RetentionFacts], now: datetime) -> list[int]:
    """The events whose personal data must be deleted now, in the order given."""
    due = []
    for facts in events:
        when = deletion_date(facts)
        # Erased already, and nobody joined or wrote since: nothing personal is left to delete.
        erased = facts.erased_at is not None and facts.erased_at >= facts.last_activity
        if not erased and when is not None and when <= now:
            due.append(facts.event_id)
    return due
