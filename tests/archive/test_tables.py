"""The archive's list of sections covers every table and column of an event, or says why not."""

from __future__ import annotations

from hackkit.archive.tables import (
    EVENT_FIELDS,
    NOT_ARCHIVED_COLUMNS,
    NOT_ARCHIVED_TABLES,
    SECTIONS,
)
from hackkit.database import Base
from hackkit.models import import_all_models

ARCHIVED = {section.name: section for section in SECTIONS}
OUTSIDE_EVENTS = {"facilitators", "alembic_version"}  # the instance's, not an event's


def _belongs_to_an_event(table) -> bool:
    if "event_id" in table.c:
        return True
    targets = {fk.column.table.name for fk in table.foreign_keys}
    return bool(targets & (set(ARCHIVED) | {"events"}))


def test_every_table_of_an_event_is_archived_or_left_out_with_a_reason():
    import_all_models()
    missing = [
        table.name
        for table in Base.metadata.sorted_tables
        if table.name not in OUTSIDE_EVENTS | {"events"}
        and _belongs_to_an_event(table)
        and table.name not in ARCHIVED
        and table.name not in NOT_ARCHIVED_TABLES
    ]
    assert missing == [], f"add these to archive/tables.py (SECTIONS or NOT_ARCHIVED_*): {missing}"


def test_every_column_is_archived_or_left_out_with_a_reason():
    import_all_models()
    tables = Base.metadata.tables
    missing = []
    for name, section in ARCHIVED.items():
        # Ids of rows nothing points at are not written: the import gives new ones.
        kept = set(section.fields) | {"id", "event_id"} | NOT_ARCHIVED_COLUMNS.get(name, set())
        missing += [f"{name}.{c.name}" for c in tables[name].c if c.name not in kept]
    event_kept = set(EVENT_FIELDS) | NOT_ARCHIVED_COLUMNS["events"]
    missing += [f"events.{c.name}" for c in tables["events"].c if c.name not in event_kept]
    assert missing == [], f"add these to archive/tables.py (a section or NOT_ARCHIVED_*): {missing}"


def test_sections_come_after_the_sections_they_point_at():
    seen: set[str] = set()
    for section in SECTIONS:
        for column, target in section.refs.items():
            assert target in seen, f"{section.name}.{column} points at {target}, listed later"
        seen.add(section.name)
