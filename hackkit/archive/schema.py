"""Checking an archive before anything is written: its format, version, fields and references.

The row models are built from the tables themselves (type, length, whether a column may be
empty), so a value the archive lets through is one the database can hold, and a new column
needs no second declaration here. Every problem is reported as ``section[index].field: what``.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model
from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, String, Text

from hackkit.archive.tables import BY_NAME, EVENT_FIELDS, FORMAT, SECTIONS, VERSION, Section
from hackkit.errors import ServiceError
from hackkit.events.models import Event

MAX_ROWS = 200_000  # per section: far beyond any event, small enough to refuse a runaway file
MAX_TEXT = 200_000
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024  # pictures are embedded, each at most a few hundred KB

_Id = Annotated[int, Field(ge=1, le=2**53)]
_Int = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]


class ArchiveInvalid(ServiceError):
    """An archive that cannot be imported; nothing was changed."""

    def __init__(self, message: str, code: str = "archive_invalid"):
        super().__init__(code, message, status=422)


def _python_type(column: Any) -> Any:
    kind = column.type
    if isinstance(kind, Boolean):
        base: Any = bool
    elif isinstance(kind, Integer):
        base = _Int
    elif isinstance(kind, Float):
        base = float
    elif isinstance(kind, DateTime):
        base = datetime
    elif isinstance(kind, JSON):
        base = Any
    elif isinstance(kind, String) and not isinstance(kind, Text) and kind.length:
        base = Annotated[str, Field(max_length=kind.length)]
    else:
        base = Annotated[str, Field(max_length=MAX_TEXT)]
    return base | None if column.nullable else base


_STRICT = ConfigDict(extra="forbid")
_Texts = list[Annotated[str, Field(max_length=MAX_TEXT)]]
_Ids = list[_Id]
# JSON columns whose shape the import relies on (to remap the ids inside them, or to count).
_JSON_SHAPES: dict[tuple[str, str], Any] = {
    ("phases", "checklist"): _Texts,
    ("profiles", "skills"): _Texts,
    ("profiles", "tags"): _Texts,
    ("profiles", "preferences"): _Ids,
    ("ideas", "links"): _Texts,
    ("idea_revisions", "links"): _Texts,
    ("ballots", "params"): dict[str, Any],
    ("ballots", "shortlist"): _Ids,
    ("ballots", "options"): list[Annotated[str, Field(max_length=32)]],
    ("stored_ballots", "content"): dict[str, Any],
    ("walls", "geometry"): dict[str, Any],
    ("walls", "grid"): dict[str, Any] | None,
    ("walls", "options"): dict[str, Any],
}


def _row_model(section: Section) -> type[BaseModel]:
    fields: dict[str, Any] = {"id": (_Id, ...)} if section.keyed else {}
    for name in section.columns:
        column = section.table.c[name]
        kind = _JSON_SHAPES.get((section.name, name)) or _python_type(column)
        fields[name] = (kind, None) if column.nullable else (kind, ...)
    return create_model(f"Archive_{section.name}", __config__=_STRICT, **fields)


def _event_model() -> type[BaseModel]:
    fields: dict[str, Any] = {"code": (str | None, None)}
    for name in EVENT_FIELDS:
        column = Event.__table__.c[name]
        kind = dict[str, Any] if name == "settings" else _python_type(column)
        fields[name] = (kind, None if column.nullable else ...)
    return create_model("Archive_event", __config__=_STRICT, **fields)


@cache
def archive_model() -> type[BaseModel]:
    """The pydantic model of a whole archive (built once, from the tables)."""
    sections: dict[str, Any] = {
        s.name: (list[_row_model(s)], Field(default_factory=list, max_length=MAX_ROWS))
        for s in SECTIONS
    }
    return create_model(
        "Archive",
        __config__=_STRICT,
        format=(str, ...),
        version=(int, ...),
        hackkit_version=(str | None, None),
        exported_at=(str | None, None),
        event=(_event_model(), ...),
        pictures=(dict[Annotated[str, Field(max_length=40)], str], Field(default_factory=dict)),
        results=(dict[str, Any], Field(default_factory=dict)),
        **sections,
    )


def _first_problem(exc: ValidationError) -> str:
    error = exc.errors(include_url=False, include_input=False)[0]
    where = ""
    for part in error["loc"]:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    return f"{where or '(archive)'}: {error['msg']}"


def check_archive(document: Any) -> dict[str, Any]:
    """The archive's content, checked; raise ArchiveInvalid naming the first problem."""
    if not isinstance(document, dict):
        raise ArchiveInvalid("The file is not a hackkit event archive (expected a JSON object).")
    if document.get("format") != FORMAT:
        raise ArchiveInvalid(
            f"The file is not a hackkit event archive (its format is not {FORMAT!r}).",
            "archive_format",
        )
    if document.get("version") != VERSION:
        raise ArchiveInvalid(
            f"This archive is version {document.get('version')!r}; this hackkit reads version "
            f"{VERSION}. Export it again from a matching hackkit.",
            "archive_version",
        )
    try:
        checked = archive_model().model_validate(document)
    except ValidationError as exc:
        raise ArchiveInvalid(f"The archive is not valid: {_first_problem(exc)}") from None
    data = checked.model_dump()
    check_references(data)
    return data


def _ids(data: dict[str, Any], section: str) -> set[int]:
    return {row["id"] for row in data[section]}


def check_references(data: dict[str, Any]) -> None:
    """Every reference must name a row of the archive, and no id may appear twice."""
    known = {s.name: _ids(data, s.name) for s in SECTIONS if s.keyed}
    for section in SECTIONS:
        if section.keyed and len(known[section.name]) != len(data[section.name]):
            raise ArchiveInvalid(f"The archive is not valid: {section.name} repeats an id.")
        for index, row in enumerate(data[section.name]):
            for column, target in section.refs.items():
                _check_ref(known, target, row[column], f"{section.name}[{index}].{column}")
    for index, row in enumerate(data["ballot_voters"]):
        target = "jury_members" if row["voter_kind"] == "jury" else "participants"
        _check_ref(known, target, row["voter_id"], f"ballot_voters[{index}].voter_id")
    for index, row in enumerate(data["profiles"]):
        for value in row["preferences"] or []:
            _check_ref(known, "challenges", value, f"profiles[{index}].preferences")
    for index, row in enumerate(data["ballots"]):
        for value in [*(row["shortlist"] or []), *(row["options"] or [])]:
            _check_ref(known, "ideas", _as_id(value), f"ballots[{index}].options")
    for index, row in enumerate(data["walls"]):
        ballot = row["options"].get("ballot_id")
        _check_ref(known, "ballots", ballot, f"walls[{index}].options.ballot_id")


def _as_id(value: Any) -> Any:
    return int(value) if isinstance(value, str) and value.isdigit() else value


def _check_ref(known: dict[str, set[int]], target: str, value: Any, where: str) -> None:
    if value is None:
        return
    if not isinstance(value, int) or value not in known[target]:
        raise ArchiveInvalid(
            f"The archive is not valid: {where} names {value!r}, which is not one of its "
            f"{BY_NAME[target].name}."
        )
