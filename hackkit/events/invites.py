"""Personal invite codes (join protection for public votes): the facilitator imports a list of
names or e-mail addresses, each gets a code, and an invite-only event lets in only a join that
brings a code nobody has used yet, so one person cannot join twice under two names."""

from __future__ import annotations

import csv
import io
import secrets
import unicodedata
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hackkit.database import utcnow
from hackkit.errors import ServiceError
from hackkit.events.lifecycle import CODE_ALPHABET, event_dict, normalise_code
from hackkit.events.models import Event, InviteCode, Participant
from hackkit.realtime import publish

INVITE_LENGTH = 8  # 31^8: not guessable at the join rate limit
MAX_INVITES = 2000
LABEL_MAX = 120


def invite_only(event: Event) -> bool:
    """Whether joins to this event need a personal invite code."""
    return bool((event.settings or {}).get("invite_only"))


def labels_from_text(text: str) -> list[str]:
    """The names or addresses in a pasted list or CSV: the first cell of each line, once each."""
    seen: set[str] = set()
    labels: list[str] = []
    try:
        # newline="": the csv module reads line ends itself (a lone "\r" from an old Mac
        # export, or a quoted cell spanning lines).
        for row in csv.reader(io.StringIO(text, newline="")):
            label = _clean_label(row[0] if row else "")
            if label and label.casefold() not in seen:
                seen.add(label.casefold())
                labels.append(label)
    except csv.Error as exc:
        raise ServiceError("invites_unreadable", f"That list could not be read: {exc}.") from None
    return labels


def _clean_label(raw: str) -> str:
    # Control characters are dropped: PostgreSQL refuses NUL, and none belongs in a name.
    printable = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C")
    return " ".join(printable.split())[:LABEL_MAX]


def import_invites(session: Session, event: Event, text: str) -> list[dict[str, Any]]:
    """One new code per name or address not already invited; returns the whole list."""
    existing = {
        label.casefold()
        for label in session.execute(
            select(InviteCode.label).where(InviteCode.event_id == event.id)
        ).scalars()
    }
    labels = [label for label in labels_from_text(text) if label.casefold() not in existing]
    if len(existing) + len(labels) > MAX_INVITES:
        raise ServiceError("too_many_invites", f"An event can have at most {MAX_INVITES} invites.")
    if not labels and not existing:
        raise ServiceError("no_invites", "Paste names or e-mail addresses, one a line.")
    for label in labels:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(INVITE_LENGTH))
        session.add(InviteCode(event_id=event.id, code=code, label=label))
    session.flush()
    return list_invites(session, event)


def list_invites(session: Session, event: Event) -> list[dict[str, Any]]:
    """Every invite of the event, with who used it (for the facilitator)."""
    rows = session.execute(
        select(InviteCode, Participant.display_name)
        .outerjoin(Participant, Participant.id == InviteCode.participant_id)
        .where(InviteCode.event_id == event.id)
        .order_by(InviteCode.id)
    ).all()
    return [
        {"id": invite.id, "label": invite.label, "code": invite.code, "used_by": used_by}
        for invite, used_by in rows
    ]


def set_invite_only(session: Session, event: Event, required: bool) -> dict[str, Any]:
    """Require (or stop requiring) a personal invite code to join."""
    event.settings = {**(event.settings or {}), "invite_only": required}
    publish(session, event.id, "event.updated", event_dict(event))
    return event_dict(event)


def use_invite(session: Session, event: Event, raw_code: str | None, participant_id: int) -> None:
    """Spend an invite code on a join (in the join's transaction); refuse a missing, unknown or
    used one. The conditional update decides between two phones racing with one code."""
    code = normalise_code(raw_code or "")
    if not code:
        raise ServiceError(
            "invite_required",
            "This event needs your personal invite code. Ask the facilitator for it.",
            status=403,
        )
    stmt = (
        update(InviteCode)
        .where(
            InviteCode.event_id == event.id,
            InviteCode.code == code,
            InviteCode.participant_id.is_(None),
        )
        .values(participant_id=participant_id, used_at=utcnow())
    )
    if session.execute(stmt).rowcount != 1:
        raise ServiceError(
            "invite_invalid",
            "That invite code is not valid or has been used already. Check it, or ask the "
            "facilitator.",
            status=403,
        )
