"""The audit export of a ballot, and recounting one.

An export holds the ballot's method, parameters and options and every stored ballot:
pseudonym, slot, content, weight and time, in the order they were first cast. It names nobody
(the voter roll is not exported) and is enough to recount the result with the same method,
which is how anyone can check the published figures.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.errors import ServiceError
from hackkit.events.models import Event
from hackkit.voting.ballots import get_ballot, option_dicts
from hackkit.voting.methods import BallotError, WeightedBallot, get_method
from hackkit.voting.models import JudgingFlag, JuryConflict, StoredBallot
from hackkit.voting.rules import Voter, pseudonym
from hackkit.voting.tallies import count

FORMAT = "hackkit.ballot-export/1"
CSV_FIELDS = ("pseudonym", "slot", "weight", "cast_at", "content")


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")


def export_ballot(session: Session, event: Event, ballot_id: int) -> dict[str, Any]:
    """The anonymised export of a ballot, with the tally as counted now."""
    ballot = get_ballot(session, event, ballot_id)
    rows = session.execute(
        select(StoredBallot).where(StoredBallot.ballot_id == ballot.id).order_by(StoredBallot.id)
    ).scalars()
    return {
        "format": FORMAT,
        "ballot": {
            "id": ballot.id,
            "title": ballot.title,
            "method": ballot.method,
            "params": ballot.params or {},
            "options": list(ballot.options or ()),
            "option_titles": {
                o["id"]: o["title"] for o in option_dicts(session, ballot, moderation=True)
            },
            "status": ballot.status,
            "exported_at": _iso(int(datetime.now(UTC).timestamp() * 1000)),
        },
        "ballots": [
            {
                "pseudonym": row.pseudonym,
                "slot": row.slot,
                "content": row.content,
                "weight": row.weight,
                "cast_at": _iso(row.cast_at_ms),
            }
            for row in rows
        ],
        "conflicts": _conflicts(session, ballot),
        "set_aside": _set_aside(session, ballot),
        "tally": count(session, ballot),
    }


def _conflicts(session: Session, ballot: Any) -> list[dict[str, Any]]:
    """Declared conflicts of interest with this ballot's ideas, under the juror's pseudonym in
    this ballot (the same name their judgements carry, so a reader can check that no judge
    judged an idea they declared a conflict with)."""
    if ballot.voters == "participants":
        return []
    options = set(ballot.options or ())
    rows = session.execute(
        select(JuryConflict)
        .where(JuryConflict.event_id == ballot.event_id)
        .order_by(JuryConflict.id)
    ).scalars()
    return [
        {
            "pseudonym": pseudonym(ballot.id, Voter("jury", row.juror_id, 1.0)),
            "option": str(row.idea_id),
            "reason": row.reason,
            "declared_at": _iso(row.declared_at_ms),
        }
        for row in rows
        if str(row.idea_id) in options
    ]


def _set_aside(session: Session, ballot: Any) -> list[dict[str, Any]]:
    """This ballot's ideas the facilitator set aside from judging (team absent), and why."""
    options = set(ballot.options or ())
    rows = session.execute(
        select(JudgingFlag).where(
            JudgingFlag.event_id == ballot.event_id, JudgingFlag.idea_id.is_not(None)
        )
    ).scalars()
    return [
        {"option": str(row.idea_id), "flag": row.flag, "reason": row.reason}
        for row in rows
        if str(row.idea_id) in options
    ]


def export_csv(export: dict[str, Any]) -> str:
    """The export as CSV: a few ``#`` lines describing the ballot, then one row per ballot."""
    out = io.StringIO()
    meta = export["ballot"]
    out.write(f"# {FORMAT}\n")
    out.write(f"# title: {json.dumps(meta['title'])}\n")
    out.write(f"# method: {meta['method']}\n")
    out.write(f"# params: {json.dumps(meta['params'], separators=(',', ':'))}\n")
    out.write(f"# options: {json.dumps(meta['options'], separators=(',', ':'))}\n")
    out.write(f"# conflicts: {json.dumps(export.get('conflicts', []), separators=(',', ':'))}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for row in export["ballots"]:
        content = json.dumps(row["content"], separators=(",", ":"), sort_keys=False)
        writer.writerow((row["pseudonym"], row["slot"], row["weight"], row["cast_at"], content))
    return out.getvalue()


def read_csv(text: str) -> dict[str, Any]:
    """Read a CSV export back into the JSON export's shape (for recounting)."""
    meta: dict[str, Any] = {}
    lines = text.splitlines()
    body_start = 0
    for index, line in enumerate(lines):
        if not line.startswith("#"):
            body_start = index
            break
        key, _, value = line[1:].strip().partition(": ")
        if key in ("params", "options", "title", "conflicts"):
            meta[key] = json.loads(value)
        elif key == "method":
            meta[key] = value
    rows = list(csv.DictReader(lines[body_start:]))
    ballots = [
        {
            "pseudonym": row["pseudonym"],
            "slot": row["slot"],
            "content": json.loads(row["content"]),
            "weight": float(row["weight"]),
            "cast_at": row["cast_at"],
        }
        for row in rows
    ]
    conflicts = meta.pop("conflicts", [])
    return {"format": FORMAT, "ballot": meta, "ballots": ballots, "conflicts": conflicts}


def recount(export: dict[str, Any]) -> dict[str, Any]:
    """Count an export's ballots again with its method: the same tally the server published."""
    meta = export.get("ballot") or {}
    try:
        method = get_method(meta.get("method"))
        params = method.params_from(meta.get("params"))
        ballots = [
            WeightedBallot(row["content"], float(row["weight"]), row["pseudonym"])
            for row in export.get("ballots") or ()
        ]
    except (BallotError, KeyError, TypeError) as exc:
        raise ServiceError("bad_export", f"That export cannot be recounted: {exc}") from None
    return method.tally(list(meta.get("options") or ()), ballots, params)
