"""Issuing and revoking an event's credentials: who earned what, signed, stored, told.

Issuing is idempotent: an award already issued (same kind, key and recipient) is skipped, so
"Issue credentials" can be pressed again at the end of the event to cover late joiners and new
placings without giving anyone a second copy. Everything is signed before the first row is
written, so the transaction holds the database only for the inserts.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hackkit import realtime
from hackkit.credentials import dataintegrity, openbadge
from hackkit.credentials.achievements import Award, Definition, awards_for_event, definitions
from hackkit.credentials.keys import KeyRing
from hackkit.credentials.models import REASON_MAX, Credential
from hackkit.errors import ServiceError
from hackkit.events.models import Event, Participant
from hackkit.mentors.models import Mentor
from hackkit.playbooks.cache import app_library
from hackkit.playbooks.schema import Template
from hackkit.teams.models import Idea, Team, TeamMember
from hackkit.voting.models import Ballot, JuryMember
from hackkit.voting.tallies import count

# Under gevent a bulk issue is CPU for seconds: yield every few signatures so phones and
# votes are served in between (each signature is ~3 ms).
YIELD_EVERY = 20


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_list_url(base: str, event_id: int) -> str:
    """Where an event's revocation list is served."""
    return f"{base}/credentials/status/{event_id}"


def achievement_url(base: str, event_id: int, award: Award) -> str:
    """The achievement's id: one per kind and key in an event."""
    return f"{base}/credentials/achievements/{event_id}/{award.kind}/{award.key}"


def image_url(base: str, event_id: int, kind: str) -> str:
    """The badge image the instance draws for an achievement kind."""
    return f"{base}/credentials/images/{event_id}/{kind}.png"


def event_definitions(event: Event) -> dict[str, Definition]:
    """The achievement definitions of an event: defaults, then the overrides in the front
    matter of the playbook template it was made from (if that template is still there)."""
    overrides: dict[str, dict[str, Any]] = {}
    page = app_library().get(event.playbook) if event.playbook else None
    if page is not None and isinstance(page.meta, Template):
        overrides = {
            kind: achievement.model_dump(exclude_none=True)
            for kind, achievement in page.meta.achievements.items()
        }
    return definitions(overrides)


def _placings(session: Session, event_id: int) -> list[tuple[int, str, int, str, str, list[int]]]:
    """(ballot id, title, rank, idea, team, member ids) of every closed ballot's top places."""
    rows: list[tuple[int, str, int, str, str, list[int]]] = []
    ballots = session.scalars(
        select(Ballot).where(Ballot.event_id == event_id, Ballot.status == "closed")
    ).all()
    for ballot in ballots:
        ranking = count(session, ballot).get("ranking", [])
        for entry in ranking:
            if entry["rank"] > 3 or not str(entry["option"]).isdigit():
                continue
            idea = session.get(Idea, int(entry["option"]))
            if idea is None or idea.team_id is None:
                continue
            team = session.get(Team, idea.team_id)
            members = session.scalars(
                select(TeamMember.participant_id).where(TeamMember.team_id == idea.team_id)
            ).all()
            rows.append((ballot.id, ballot.title, entry["rank"], idea.title, team.name, members))
    return rows


def event_awards(session: Session, event: Event) -> list[Award]:
    """Every award the event's data earns now."""
    participants = session.execute(
        select(Participant.id, Participant.display_name)
        .where(Participant.event_id == event.id, Participant.removed_at.is_(None))
        .order_by(Participant.id)
    ).all()
    teams = []
    for team in session.scalars(select(Team).where(Team.event_id == event.id)).all():
        idea = session.scalars(
            select(Idea).where(Idea.team_id == team.id, Idea.hidden.is_(False)).order_by(Idea.id)
        ).first()
        if idea is None:
            continue  # a team member credential names the idea worked on
        members = session.scalars(
            select(TeamMember.participant_id).where(TeamMember.team_id == team.id)
        ).all()
        teams.append((team.id, team.name, idea.title, list(members)))
    jurors = session.execute(
        select(JuryMember.id, JuryMember.name)
        .where(JuryMember.event_id == event.id, JuryMember.revoked_at.is_(None))
        .order_by(JuryMember.id)
    ).all()
    mentors = session.execute(
        select(Mentor.id, Mentor.name)
        .where(Mentor.event_id == event.id, Mentor.revoked_at.is_(None))
        .order_by(Mentor.id)
    ).all()
    return awards_for_event(
        event.name,
        [(pid, name) for pid, name in participants],
        teams,
        [(jid, name) for jid, name in jurors],
        _placings(session, event.id),
        [(mid, name) for mid, name in mentors],
    )


def _issued_keys(
    session: Session, event_id: int
) -> set[tuple[str, str, int | None, int | None, int | None]]:
    rows = session.execute(
        select(
            Credential.kind,
            Credential.award_key,
            Credential.participant_id,
            Credential.juror_id,
            Credential.mentor_id,
        ).where(Credential.event_id == event_id)
    ).all()
    return {tuple(row) for row in rows}  # type: ignore[misc]


def _recipient(award: Award) -> tuple[int | None, int | None, int | None]:
    """The award's (participant, juror, mentor) ids: one of the three is set."""
    if award.recipient_kind == "juror":
        return None, award.recipient_id, None
    if award.recipient_kind == "mentor":
        return None, None, award.recipient_id
    return award.recipient_id, None, None


def issue(
    session: Session,
    event: Event,
    keyring: KeyRing,
    base: str,
    defs: dict[str, Definition],
    *,
    participant_id: int | None = None,
    pause: Any = None,
) -> list[Credential]:
    """Issue every award not issued yet (or only ``participant_id``'s); returns the new rows."""
    awards = event_awards(session, event)
    if participant_id is not None:
        awards = [
            a
            for a in awards
            if a.recipient_kind == "participant" and a.recipient_id == participant_id
        ]
        if not awards:
            raise ServiceError(
                "no_award", "That person has not earned a credential here.", status=404
            )
    done = _issued_keys(session, event.id)
    todo = [a for a in awards if (a.kind, a.key, *_recipient(a)) not in done]
    highest = session.execute(
        select(func.max(Credential.status_index)).where(Credential.event_id == event.id)
    ).scalar_one()
    next_index = 0 if highest is None else highest + 1
    key = keyring.signing_key
    issuer = {"id": keyring.issuer_id(key), "type": ["Profile"], "name": event.name}
    method = keyring.method_id(key)
    now = datetime.now(UTC)
    stamp = _iso(now)
    list_url = status_list_url(base, event.id)
    rows = []
    for n, award in enumerate(todo):
        index = next_index + n
        credential_id = uuid.uuid4()
        unsigned = openbadge.build_credential(
            award=award,
            definition=defs[award.kind],
            credential_id=f"urn:uuid:{credential_id}",
            issuer=issuer,
            valid_from=stamp,
            achievement_id=achievement_url(base, event.id, award),
            image_url=image_url(base, event.id, award.kind),
            status=openbadge.status_entry(list_url, index),
        )
        signed = dataintegrity.sign(unsigned, key.private, method, stamp)
        participant, juror, mentor = _recipient(award)
        rows.append(
            Credential(
                event_id=event.id,
                uid=str(credential_id),
                kind=award.kind,
                award_key=award.key,
                participant_id=participant,
                juror_id=juror,
                mentor_id=mentor,
                recipient_name=award.recipient_name[:60],
                title=signed["name"][:120],
                status_index=index,
                document=json.dumps(signed, ensure_ascii=False, indent=1),
                issued_at=now,
            )
        )
        if pause is not None and n % YIELD_EVERY == YIELD_EVERY - 1:
            pause()
    session.add_all(rows)
    session.flush()
    for pid in {row.participant_id for row in rows if row.participant_id is not None}:
        realtime.push(session, realtime.person_room("participant", pid), "credentials.issued", {})
    return rows


def pending_awards(session: Session, event: Event) -> list[Award]:
    """The awards the event's data earns that are not issued yet."""
    done = _issued_keys(session, event.id)
    return [a for a in event_awards(session, event) if (a.kind, a.key, *_recipient(a)) not in done]


def pending_count(session: Session, event: Event) -> int:
    """How many awards the event's data earns that are not issued yet."""
    return len(pending_awards(session, event))


def pending_people(session: Session, event: Event) -> list[dict[str, Any]]:
    """The participants with awards not issued yet, by name: for issuing one by one."""
    people: dict[int, dict[str, Any]] = {}
    for award in pending_awards(session, event):
        if award.recipient_kind == "participant":
            entry = people.setdefault(
                award.recipient_id,
                {"id": award.recipient_id, "name": award.recipient_name, "count": 0},
            )
            entry["count"] += 1
    return sorted(people.values(), key=lambda person: person["name"].casefold())


def credential_in_event(session: Session, event: Event, credential_id: int) -> Credential:
    """One of the event's credentials, or a 404 refusal."""
    row = session.get(Credential, credential_id)
    if row is None or row.event_id != event.id:
        raise ServiceError("not_found", "No such credential in this event.", status=404)
    return row


def revoke(session: Session, event: Event, credential_id: int, reason: str) -> Credential:
    """Revoke a credential: its bit in the event's status list is set from now on."""
    row = credential_in_event(session, event, credential_id)
    if row.revoked_at is not None:
        raise ServiceError("already_revoked", "This credential is already revoked.", status=409)
    row.revoked_at = datetime.now(UTC)
    row.revoked_reason = reason[:REASON_MAX]
    session.flush()
    if row.participant_id is not None:
        realtime.push(
            session,
            realtime.person_room("participant", row.participant_id),
            "credentials.issued",
            {},
        )
    return row


def revoked_indexes(session: Session, event_id: int) -> list[int]:
    """The status indexes of an event's revoked credentials."""
    return list(
        session.scalars(
            select(Credential.status_index).where(
                Credential.event_id == event_id, Credential.revoked_at.is_not(None)
            )
        ).all()
    )


def credential_dict(row: Credential, *, with_document: bool = False) -> dict[str, Any]:
    """A credential as the console and phones list it."""
    out: dict[str, Any] = {
        "id": row.id,
        "uid": row.uid,
        "kind": row.kind,
        "title": row.title,
        "recipient": row.recipient_name,
        "recipient_kind": "juror"
        if row.juror_id is not None
        else "mentor"
        if row.mentor_id is not None
        else "participant",
        "issued_at": _iso(row.issued_at),
        "revoked": row.revoked_at is not None,
        "revoked_reason": row.revoked_reason or "",
    }
    if with_document:
        out["document"] = json.loads(row.document)
    return out


def event_credentials(session: Session, event_id: int, participant_id: int | None = None) -> list:
    """An event's credentials (or one participant's), newest last."""
    query = select(Credential).where(Credential.event_id == event_id)
    if participant_id is not None:
        query = query.where(Credential.participant_id == participant_id)
    return list(session.scalars(query.order_by(Credential.id)).all())
