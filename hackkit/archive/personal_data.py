"""Deleting an event's personal data while keeping its anonymous results and counts.

What goes: participants' names (each becomes "Participant 7", numbered in join order), their
profiles, the jurors' names, progress posts (free text people wrote about their work and each
other), the names of whoever ticked checklist items, screens' browser descriptions, and every
idea picture (the files too, once the deletion is committed). Participants' tokens are revoked,
so their phones are signed out.

What stays: every row that is counted (participants, teams, ideas and their revisions, the
voter roll, stored ballots under their pseudonyms), so turnout, results and the numbers of
participants, teams and ideas read exactly as before. Team names and ideas' texts are the
teams' work, not personal data, and stay too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from hackkit.credentials.models import Credential
from hackkit.database import aware, utcnow
from hackkit.events.models import Announcement, Event, InviteCode, Participant, Phase
from hackkit.events.retention import RetentionFacts, due_for_deletion, retention_days
from hackkit.extensions import db
from hackkit.mentors.models import HelpRequest, Mentor
from hackkit.playbooks.models import ChecklistTick
from hackkit.realtime import after_commit, disconnect_person
from hackkit.seclog import security_event
from hackkit.teams.models import Idea, IdeaRevision, Profile, ProgressPost
from hackkit.teams.uploads import image_path
from hackkit.voting.models import Ballot, JuryMember, StoredBallot
from hackkit.wall.models import WallScreen

log = logging.getLogger("hackkit.retention")
ERASED_AT = "personal_data_deleted_at"  # in Event.settings: when it was last done


def _pictures(session: Session, event_id: int) -> set[str]:
    idea_images = select(Idea.image).where(Idea.event_id == event_id, Idea.image.is_not(None))
    revision_images = (
        select(IdeaRevision.image)
        .join(Idea, Idea.id == IdeaRevision.idea_id)
        .where(Idea.event_id == event_id, IdeaRevision.image.is_not(None))
    )
    return set(session.execute(idea_images.union(revision_images)).scalars())


def _remove_files(names: set[str]) -> None:
    for name in names:
        path = image_path(name)
        if path is not None:
            path.unlink(missing_ok=True)


def delete_personal_data(session: Session, event: Event) -> dict[str, int]:
    """Delete the event's personal data (see the module docstring); return what was done."""
    event_id = event.id
    people = list(
        session.execute(
            select(Participant).where(Participant.event_id == event_id).order_by(Participant.id)
        ).scalars()
    )
    for number, person in enumerate(people, start=1):
        person.display_name = f"Participant {number}"
        person.name_key = f"~erased~{person.id}"
        person.token_version += 1
        person.device_id = None  # where they joined from, for the suspicious-joins check
        person.join_address = None
    # The imported invite list holds names or e-mail addresses; the codes keep working.
    invites = session.execute(
        update(InviteCode).where(InviteCode.event_id == event_id).values(label="")
    ).rowcount
    jurors = list(
        session.execute(
            select(JuryMember).where(JuryMember.event_id == event_id).order_by(JuryMember.id)
        ).scalars()
    )
    for number, juror in enumerate(jurors, start=1):
        juror.name = f"Juror {number}"
        juror.token_version += 1
    session.execute(
        update(Credential)
        .where(Credential.event_id == event_id)
        .values(recipient_name="", document="")
    )
    mentors = list(
        session.execute(
            select(Mentor).where(Mentor.event_id == event_id).order_by(Mentor.id)
        ).scalars()
    )
    for number, mentor in enumerate(mentors, start=1):
        mentor.name = f"Mentor {number}"
        mentor.availability_note = ""
        mentor.token_version += 1
    # What teams wrote when asking and mentors when closing may name people; the times,
    # topics and ratings stay for the statistics.
    session.execute(
        update(HelpRequest)
        .where(HelpRequest.event_id == event_id)
        .values(description="", close_note="", location="", call_url=None)
    )
    profiles = session.execute(delete(Profile).where(Profile.event_id == event_id)).rowcount
    posts = session.execute(delete(ProgressPost).where(ProgressPost.event_id == event_id)).rowcount
    session.execute(
        update(ChecklistTick).where(ChecklistTick.event_id == event_id).values(changed_by="")
    )
    session.execute(update(WallScreen).where(WallScreen.event_id == event_id).values(user_agent=""))
    pictures = _pictures(session, event_id)
    session.execute(update(Idea).where(Idea.event_id == event_id).values(image=None))
    session.execute(
        update(IdeaRevision)
        .where(IdeaRevision.idea_id.in_(select(Idea.id).where(Idea.event_id == event_id)))
        .values(image=None)
    )
    event.settings = {**(event.settings or {}), ERASED_AT: utcnow().isoformat()}
    after_commit(session, lambda: _remove_files(pictures))
    for person in people:
        after_commit(session, lambda pid=person.id: disconnect_person("participant", pid))
    for juror in jurors:
        after_commit(session, lambda jid=juror.id: disconnect_person("jury", jid))
    for mentor in mentors:
        after_commit(session, lambda mid=mentor.id: disconnect_person("mentor", mid))
    security_event("personal_data_deleted", event=event_id, participants=len(people))
    return {
        "participants": len(people),
        "profiles": profiles,
        "progress_posts": posts,
        "pictures": len(pictures),
        "invites": invites,
    }


def _ms_to_datetime(ms: int | None) -> datetime | None:
    return datetime.fromtimestamp(ms / 1000, tz=UTC) if ms else None


def last_activity(session: Session, event: Event) -> datetime:
    """The last thing that happened in the event (the moment its retention counts from)."""
    eid = event.id
    moments = [
        select(func.max(Participant.joined_at)).where(Participant.event_id == eid),
        select(func.max(Idea.updated_at)).where(Idea.event_id == eid),
        select(func.max(ProgressPost.created_at)).where(ProgressPost.event_id == eid),
    ]
    stamps_ms = [
        select(func.max(Phase.ends_at_ms)).where(Phase.event_id == eid),
        select(func.max(Announcement.created_at_ms)).where(Announcement.event_id == eid),
        select(func.max(StoredBallot.cast_at_ms))
        .join(Ballot, Ballot.id == StoredBallot.ballot_id)
        .where(Ballot.event_id == eid),
    ]
    found = [aware(event.created_at)]
    found += [aware(session.execute(stmt).scalar()) for stmt in moments]
    found += [_ms_to_datetime(session.execute(stmt).scalar()) for stmt in stamps_ms]
    return max(m for m in found if m is not None)


def erased_at(event: Event) -> datetime | None:
    """When the event's personal data was last deleted, if it was."""
    raw = (event.settings or {}).get(ERASED_AT)
    try:
        return aware(datetime.fromisoformat(raw)) if isinstance(raw, str) else None
    except ValueError:
        return None


def retention_facts(session: Session, event: Event) -> RetentionFacts:
    """What the retention rule needs to know about one event."""
    return RetentionFacts(
        event.id, retention_days(event.settings), last_activity(session, event), erased_at(event)
    )


def apply_retention(session: Session, now: datetime | None = None) -> list[int]:
    """Delete the personal data of every event that is due; return their ids."""
    moment = now or utcnow()
    events = list(session.execute(select(Event).order_by(Event.id)).scalars())
    due = set(due_for_deletion([retention_facts(session, e) for e in events], moment))
    for event in events:
        if event.id in due:
            delete_personal_data(session, event)
    return sorted(due)


RETENTION_CHECK_S = 24 * 3600


def run_retention(app: Flask, sleep: Callable[[float], object]) -> None:
    """Apply the retention at server start, then daily (a background task, forever)."""
    while True:
        try:
            with app.app_context(), db.transaction() as session:
                due = apply_retention(session)
            if due:
                log.info("retention: personal data deleted for events %s", due)
        except Exception:  # a failed check must not end the task: the next one tries again
            log.exception("retention check failed")
        finally:
            with app.app_context():
                db.remove()
        sleep(RETENTION_CHECK_S)
