"""The archive's actions as services: import an archive, set the retention, delete personal data.

Console forms, the API and the CLI all reach these, so a rule is written once.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from hackkit.archive.importing import import_archive
from hackkit.archive.personal_data import delete_personal_data, erased_at, retention_facts
from hackkit.archive.schema import MAX_ARCHIVE_BYTES, ArchiveInvalid
from hackkit.events.models import Event
from hackkit.events.retention import deletion_date, retention_days
from hackkit.realtime import publish
from hackkit.seclog import security_event
from hackkit.teams.uploads import store_image


def too_large() -> ArchiveInvalid:
    """The refusal of a file over the archive size limit."""
    return ArchiveInvalid(
        f"The archive is larger than {MAX_ARCHIVE_BYTES // (1024 * 1024)} MB.", "archive_too_large"
    )


def parse_archive(raw: bytes | str) -> Any:
    """The JSON of an uploaded archive; raise ArchiveInvalid for an oversize or unreadable file."""
    if len(raw) > MAX_ARCHIVE_BYTES:
        raise too_large()
    if not raw:
        raise ArchiveInvalid("The file is empty. Choose an archive exported from hackkit.")
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveInvalid(f"The file is not JSON ({exc.__class__.__name__}).") from None


def import_event(
    session: Session, owner_id: int, document: Any, *, only_setup: bool = False
) -> Event:
    """Create a new event from an archive, owned by the importing facilitator (``only_setup``:
    its set-up without people, ideas or votes)."""
    event = import_archive(session, owner_id, document, store_image, only_setup=only_setup)
    security_event("event_imported", event=event.id, facilitator=owner_id, setup=only_setup)
    return event


def retention_dict(session: Session, event: Event) -> dict[str, Any]:
    """The event's retention as the console and the join page show it."""
    facts = retention_facts(session, event)
    due = deletion_date(facts)
    erased = erased_at(event)
    return {
        "retention_days": retention_days(event.settings),
        "due_at": due.isoformat() if due else None,
        "deleted_at": erased.isoformat() if erased else None,
    }


def set_retention(session: Session, event: Event, days: int | None) -> dict[str, Any]:
    """Keep personal data ``days`` after the event ends (None: until deleted by hand)."""
    event.settings = {**(event.settings or {}), "retention_days": days}
    view = retention_dict(session, event)
    publish(session, event.id, "event.retention", view)
    return view


def erase_personal_data(session: Session, event: Event) -> dict[str, Any]:
    """Delete the event's personal data now (the facilitator's button, API and CLI)."""
    done = delete_personal_data(session, event)
    publish(session, event.id, "event.retention", retention_dict(session, event))
    return done
