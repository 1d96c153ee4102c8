"""Importing an archive as a new event: new code, new ids, every reference remapped.

The archive is checked first (``schema.check_archive``); then everything is written in the
caller's one transaction, so a file the database still refuses (a team over its size, say)
changes nothing either. Pictures are re-encoded and stored under new names, exactly like an
upload: an archive is input from elsewhere, not trusted bytes.

What changes on the way (the round trip compares everything else): ids, the event's code and
owner, picture names, vote ids (unique across the instance, so a second import of the same
archive cannot collide with the first), screen secrets, and the event's revision.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from hackkit.archive.schema import ArchiveInvalid, check_archive
from hackkit.archive.setup_only import setup_only
from hackkit.archive.tables import SECTIONS
from hackkit.errors import ServiceError
from hackkit.events import lifecycle
from hackkit.events.models import Event
from hackkit.teams.uploads import image_path
from hackkit.voting.rules import pair_key

StoreImage = Callable[[bytes], str]  # uploads.store_image: check, re-encode, return the name


class _Remap:
    """Old archive id -> new database id, per section."""

    def __init__(self) -> None:
        self.ids: dict[str, dict[int, int]] = {}

    def __call__(self, section: str, old: Any) -> Any:
        return None if old is None else self.ids[section][old]

    def option(self, old: str) -> str:
        """An option of a ballot is an idea id written as text."""
        return str(self.ids["ideas"][int(old)]) if old.isdigit() else old


def _remap_content(remap: _Remap, options: set[str], value: Any) -> Any:
    """Stored ballot content names options as text (as keys or values); map every such text."""
    if isinstance(value, str):
        return remap.option(value) if value in options else value
    if isinstance(value, list):
        return [_remap_content(remap, options, item) for item in value]
    if isinstance(value, dict):
        return {
            (remap.option(key) if key in options else key): _remap_content(remap, options, item)
            for key, item in value.items()
        }
    return value


def _slot(remap: _Remap, options: set[str], method: str, slot: str) -> str:
    """A slot names an option (rubric) or a pair of them (pairwise): map the ones it names."""

    def one(part: str) -> str:
        return remap.option(part) if part in options else part

    if method == "pairwise" and "|" in slot:
        first, second = slot.split("|", 1)
        return pair_key(one(first), one(second))
    return one(slot)


def _store_pictures(
    pictures: dict[str, str], store_image: StoreImage, stored: dict[str, str]
) -> None:
    """Store each picture anew into ``stored`` (old name -> new), so a failure can undo it."""
    for name, encoded in pictures.items():
        try:
            stored[name] = store_image(base64.b64decode(encoded, validate=True))
        except (binascii.Error, ValueError):
            raise ArchiveInvalid(
                f"The archive is not valid: picture {name!r} is not base64."
            ) from None
        except ServiceError as exc:
            raise ArchiveInvalid(
                f"The archive is not valid: picture {name!r}: {exc.message}"
            ) from None


def _prepare_row(
    section: str, row: dict[str, Any], original: dict[str, Any], remap: _Remap, context: dict
) -> dict[str, Any]:
    """Section-specific references that live inside values, not in a column of their own."""
    if section == "profiles":
        row["preferences"] = [remap("challenges", c) for c in row["preferences"] or []]
    elif section == "ballots":
        row["shortlist"] = [remap("ideas", i) for i in row["shortlist"] or []]
        row["options"] = [remap.option(str(o)) for o in row["options"] or []]
    elif section == "ballot_voters":
        kind = "jury_members" if row["voter_kind"] == "jury" else "participants"
        row["voter_id"] = remap(kind, row["voter_id"])
    elif section in ("stored_ballots", "vote_receipts"):
        old_ballot = context["old_ballot"][original["ballot_id"]]
        row["vote_id"] = context["vote_ids"].setdefault(row["vote_id"], secrets.token_hex(16))
        if section == "stored_ballots":
            options = {str(o) for o in old_ballot["options"] or []}
            row["content"] = _remap_content(remap, options, row["content"])
            row["slot"] = _slot(remap, options, old_ballot["method"], row["slot"])
    elif section == "walls":
        options = dict(row["options"])
        options["ballot_id"] = remap("ballots", options.get("ballot_id"))
        row["options"] = options
    elif section == "wall_screens":
        row["secret"] = secrets.token_urlsafe(32)
    elif section in ("ideas", "idea_revisions") and row.get("image"):
        row["image"] = context["pictures"].get(row["image"])
    return row


def import_archive(
    session: Session,
    owner_id: int,
    document: Any,
    store_image: StoreImage,
    *,
    only_setup: bool = False,
) -> Event:
    """Create a new event owned by ``owner_id`` from an archive; raise ArchiveInvalid.

    ``only_setup``: copy the set-up only (``setup_only.py``), for the real day after a rehearsal.
    """
    data = check_archive(document)
    if only_setup:
        data = setup_only(data)
    source = data["event"]
    event = lifecycle.create_event(session, owner_id, source["name"], playbook=source["playbook"])
    event.status = source["status"]
    event.settings = dict(source["settings"] or {})
    session.flush()
    remap = _Remap()
    stored: dict[str, str] = {}
    context = {
        "old_ballot": {row["id"]: row for row in data["ballots"]},
        "vote_ids": {},
        "pictures": stored,
    }
    try:
        _store_pictures(data["pictures"], store_image, stored)
        for section in SECTIONS:
            _insert_section(session, event.id, section, data[section.name], remap, context)
    except (IntegrityError, DataError) as exc:
        _forget_pictures(stored)
        raise ArchiveInvalid(
            f"The archive is not valid: the database refused it ({type(exc.orig).__name__})."
        ) from None
    except BaseException:
        _forget_pictures(stored)
        raise
    # The transaction may still roll back after this (the caller commits): then the stored
    # pictures are orphans, which nothing names and nothing serves.
    return event


def _forget_pictures(stored: dict[str, str]) -> None:
    for name in stored.values():
        path = image_path(name)
        if path is not None:
            path.unlink(missing_ok=True)


def _insert_section(
    session: Session,
    event_id: int,
    section: Any,
    rows: list[dict[str, Any]],
    remap: _Remap,
    context: dict[str, Any],
) -> None:
    table = section.table
    mapping: dict[int, int] = remap.ids.setdefault(section.name, {})
    for original in rows:
        row = {name: original[name] for name in section.columns}
        for column, target in section.refs.items():
            row[column] = remap(target, row[column])
        row = _prepare_row(section.name, row, original, remap, context)
        if "event_id" in table.c:
            row["event_id"] = event_id
        if section.keyed:
            new_id = session.execute(insert(table).values(row).returning(table.c.id)).scalar_one()
            mapping[original["id"]] = new_id
        else:
            session.execute(insert(table).values(row))
