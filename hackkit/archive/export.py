"""Writing a whole event into one JSON archive (the format is in docs/archive.md).

Rows keep their database ids as archive ids, so references inside the archive read as they
did in the database; the import gives everything new ids. Results are written beside the
stored ballots for people reading the archive (an import recounts them instead), and idea
pictures are embedded so an archive moved to another machine still has them.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.archive.tables import EVENT_FIELDS, FORMAT, SECTIONS, VERSION, Section
from hackkit.database import aware
from hackkit.events.models import Event
from hackkit.teams.uploads import image_path
from hackkit.version import __version__
from hackkit.voting.ballots import event_ballots
from hackkit.voting.tallies import count


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return aware(value).isoformat()
    return value


def section_rows(session: Session, event_id: int, section: Section) -> list[dict[str, Any]]:
    """The rows of one section that belong to the event, oldest first."""
    table = section.table
    if section.owner is None:
        belongs = table.c.event_id == event_id
    else:
        column, parent = section.owner
        parent_table = next(s.table for s in SECTIONS if s.name == parent)
        belongs = table.c[column].in_(
            select(parent_table.c.id).where(parent_table.c.event_id == event_id)
        )
    order = [table.c.id] if "id" in table.c else list(table.primary_key.columns)
    stmt = select(*(table.c[name] for name in section.fields)).where(belongs).order_by(*order)
    return [
        {name: _plain(value) for name, value in row._mapping.items()}
        for row in session.execute(stmt)
    ]


def _pictures(sections: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    names = {
        row["image"]
        for key in ("ideas", "idea_revisions")
        for row in sections[key]
        if row.get("image")
    }
    found = {}
    for name in sorted(names):
        path = image_path(name)
        if path is not None:
            found[name] = base64.b64encode(path.read_bytes()).decode("ascii")
    return found


def export_archive(session: Session, event: Event) -> dict[str, Any]:
    """The whole event as one JSON-ready document."""
    sections = {s.name: section_rows(session, event.id, s) for s in SECTIONS}
    return {
        "format": FORMAT,
        "version": VERSION,
        "hackkit_version": __version__,
        "exported_at": datetime.now(UTC).isoformat(),
        "event": {"code": event.code}
        | {name: _plain(getattr(event, name)) for name in EVENT_FIELDS},
        **sections,
        "pictures": _pictures(sections),
        "results": {
            str(ballot.id): count(session, ballot)
            for ballot in event_ballots(session, event.id, drafts=False)
        },
    }
