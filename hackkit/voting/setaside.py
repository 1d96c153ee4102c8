"""What keeps a juror from judging an idea, or from judging at all, read in one place.

A juror never gets an idea they declared a conflict of interest with, nor an idea whose team
the facilitator marked absent; a juror marked absent or busy gets nothing until they are back;
and while the facilitator has judging paused or closed (the event's one judging switch) no
juror's judgement is taken. Pairwise assignment, rubric scoring and the juror's own view all
ask here, so every judging path refuses the same things. Only reads: see ``judging_ops``.
"""

from __future__ import annotations

from sqlalchemy import select, union_all
from sqlalchemy.orm import Session

from hackkit.errors import Conflict, ServiceError
from hackkit.events.models import Event
from hackkit.voting.models import JudgingFlag, JuryConflict

SWITCH_STATES = ("open", "paused", "closed")
JUROR_FLAGS = ("absent", "busy")


def switch_state(session: Session, event_id: int) -> str:
    """The event's judging switch: ``open`` unless the facilitator paused or closed judging."""
    event = session.get(Event, event_id)
    state = (event.settings or {}).get("judging") if event is not None else None
    return state if state in SWITCH_STATES else "open"


def conflicted_ideas(session: Session, juror_id: int) -> set[str]:
    """Ideas (as ballot options) this juror declared a conflict of interest with."""
    ids = session.execute(select(JuryConflict.idea_id).where(JuryConflict.juror_id == juror_id))
    return {str(idea_id) for idea_id in ids.scalars()}


def absent_team_ideas(session: Session, event_id: int) -> set[str]:
    """Ideas set aside because their team is absent."""
    ids = session.execute(
        select(JudgingFlag.idea_id).where(
            JudgingFlag.event_id == event_id, JudgingFlag.idea_id.is_not(None)
        )
    )
    return {str(idea_id) for idea_id in ids.scalars()}


def juror_flag(session: Session, juror_id: int) -> JudgingFlag | None:
    """The facilitator's flag on this juror (absent or busy), if any."""
    return session.execute(
        select(JudgingFlag).where(JudgingFlag.juror_id == juror_id)
    ).scalar_one_or_none()


def juror_blocked(session: Session, event_id: int, juror_id: int) -> set[str]:
    """Options a juror is not given: their conflicts and ideas whose team is absent."""
    # One statement for both (this is read on every judgement).
    conflicts = select(JuryConflict.idea_id).where(JuryConflict.juror_id == juror_id)
    absent = select(JudgingFlag.idea_id).where(
        JudgingFlag.event_id == event_id, JudgingFlag.idea_id.is_not(None)
    )
    return {str(idea_id) for idea_id in session.execute(union_all(conflicts, absent)).scalars()}


def judging_refusal(session: Session, event_id: int, juror_id: int) -> ServiceError | None:
    """Why this juror's judgement cannot be taken now (paused, closed, set aside), or None."""
    state = switch_state(session, event_id)
    if state == "paused":
        return Conflict(
            "judging_paused",
            "Judging is paused by the facilitator. Your judgement was not taken; "
            "this page carries on by itself when judging resumes.",
        )
    if state == "closed":
        return Conflict("judging_closed", "Judging has closed. Thank you!")
    flag = juror_flag(session, juror_id)
    if flag is not None:
        why = f" ({flag.reason})" if flag.reason else ""
        return Conflict(
            "judge_set_aside",
            f"The facilitator has marked you {flag.flag}{why}, so nothing is assigned to you. "
            "Tell them when you are back.",
        )
    return None
