"""An archive cut down to the event's set-up: what a rehearsal hands on to the real day.

Kept: the settings, challenges, the agenda with its checklists (timers reset), the ballots
(back to drafts, with no options: they are chosen again when a ballot opens) and the walls with
their screens. Dropped: everyone and everything they made or did (participants, profiles,
teams, ideas, posts, jurors, votes), the announcements and the checklist ticks.
"""

from __future__ import annotations

from typing import Any

from hackkit.archive.personal_data import ERASED_AT

KEPT = ("challenges", "phases", "ballots", "walls", "wall_screens")


def setup_only(data: dict[str, Any]) -> dict[str, Any]:
    """A checked archive reduced to its set-up (a new dict; ``data`` is not changed)."""
    settings = {k: v for k, v in (data["event"]["settings"] or {}).items() if k != ERASED_AT}
    out: dict[str, Any] = {
        **data,
        "event": {**data["event"], "status": "open", "settings": settings},
        "pictures": {},
        "results": {},
    }
    for name in data:
        if isinstance(data[name], list) and name not in KEPT:
            out[name] = []
    out["phases"] = [
        {**p, "status": "pending", "started_at_ms": None, "ends_at_ms": None, "remaining_ms": None}
        for p in data["phases"]
    ]
    out["ballots"] = [
        {
            **b,
            "status": "draft",
            "options": [],
            "shortlist": [],
            "opened_at_ms": None,
            "closed_at_ms": None,
            "revealed_at_ms": None,
            "last_vote_ms": None,
        }
        for b in data["ballots"]
    ]
    out["walls"] = [{**w, "options": {**w["options"], "ballot_id": None}} for w in data["walls"]]
    return out
