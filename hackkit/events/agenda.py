"""The agenda: phases with durations, and the shared countdown every screen draws.

The timer lives in the database as timestamps (see :mod:`hackkit.events.timer`); these
functions apply one transition, store it, and publish the whole agenda with a new revision.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.errors import NotFound, ServiceError
from hackkit.events import timer
from hackkit.events.models import Event, Phase
from hackkit.events.schemas import PhaseFields
from hackkit.realtime import publish, server_ms, snapshot_part

ACTIVE = ("running", "paused")
# Called as (session, event, view) after each agenda change: the wall follows the phases.
AGENDA_LISTENERS: list = []


def phase_dict(phase: Phase) -> dict[str, Any]:
    """A phase as every screen needs it to draw the countdown."""
    return {
        "id": phase.id,
        "position": phase.position,
        "name": phase.name,
        "duration_s": phase.duration_s,
        "wall_mode": phase.wall_mode,
        "status": phase.status,
        "started_at_ms": phase.started_at_ms,
        "ends_at_ms": phase.ends_at_ms,
        "remaining_ms": phase.remaining_ms,
    }


def phases_of(session: Session, event_id: int) -> list[Phase]:
    """The event's phases in agenda order."""
    stmt = select(Phase).where(Phase.event_id == event_id).order_by(Phase.position, Phase.id)
    return list(session.execute(stmt).scalars())


def agenda_view(session: Session, event_id: int) -> dict[str, Any]:
    """The agenda with the current phase (running or paused), if any."""
    phases = phases_of(session, event_id)
    current = next((p for p in phases if p.status in ACTIVE), None)
    return {
        "phases": [phase_dict(p) for p in phases],
        "current_id": current.id if current else None,
    }


def _publish_agenda(session: Session, event: Event) -> dict[str, Any]:
    session.flush()
    view = agenda_view(session, event.id)
    publish(session, event.id, "agenda.updated", view)
    for listener in AGENDA_LISTENERS:
        listener(session, event, view)
    return view


def set_agenda(session: Session, event: Event, phases: list[PhaseFields]) -> dict[str, Any]:
    """Replace the agenda: keep phases named by id, add new ones, drop the rest.

    A phase under way cannot be dropped; stop or skip it first, so no screen loses its timer.
    """
    existing = {p.id: p for p in phases_of(session, event.id)}
    wanted_ids = {p.id for p in phases if p.id is not None}
    unknown = wanted_ids - existing.keys()
    if unknown:
        raise NotFound("A phase in that agenda")
    for phase in existing.values():
        if phase.id not in wanted_ids:
            if phase.status in ACTIVE:
                raise ServiceError(
                    "phase_active", f"“{phase.name}” is under way; skip it before removing it."
                )
            session.delete(phase)
    for position, fields in enumerate(phases):
        duration_s = max(1, round(fields.minutes * 60))
        if fields.id is None:
            phase = Phase(event_id=event.id, status="pending")
            session.add(phase)
        else:
            phase = existing[fields.id]
            if phase.status in ACTIVE and phase.duration_s != duration_s:
                delta_ms = (duration_s - phase.duration_s) * 1000
                now = server_ms()
                _apply(phase, lambda s, d=delta_ms, t=now: timer.extend(s, d, t))
        phase.position = position
        phase.name = fields.name
        phase.duration_s = duration_s
        phase.wall_mode = fields.wall_mode
        if fields.checklist is not None or phase.checklist is None:
            phase.checklist = list(fields.checklist or [])
    return _publish_agenda(session, event)


def _state(phase: Phase) -> timer.TimerState:
    return timer.TimerState(
        phase.status,
        phase.duration_s * 1000,
        phase.started_at_ms,
        phase.ends_at_ms,
        phase.remaining_ms,
    )


def _store(phase: Phase, state: timer.TimerState) -> None:
    phase.status = state.status
    phase.duration_s = max(1, round(state.duration_ms / 1000))
    phase.started_at_ms = state.started_at_ms
    phase.ends_at_ms = state.ends_at_ms
    phase.remaining_ms = state.remaining_ms


def _apply(phase: Phase, transition) -> None:
    try:
        _store(phase, transition(_state(phase)))
    except timer.TimerError as exc:
        raise ServiceError("timer_state", str(exc), status=409) from None


def _current(session: Session, event: Event) -> Phase:
    phase = next((p for p in phases_of(session, event.id) if p.status in ACTIVE), None)
    if phase is None:
        raise ServiceError("no_current_phase", "No phase is under way.", status=409)
    return phase


def start_phase(session: Session, event: Event, phase_id: int | None = None) -> dict[str, Any]:
    """Start a phase (default: the next pending one); the phase under way, if any, ends."""
    phases = phases_of(session, event.id)
    if phase_id is None:
        target = next((p for p in phases if p.status == "pending"), None)
        if target is None:
            raise ServiceError("agenda_finished", "There is no next phase to start.", status=409)
    else:
        target = next((p for p in phases if p.id == phase_id), None)
        if target is None:
            raise NotFound("That phase")
    now = server_ms()
    for phase in phases:
        if phase.status in ACTIVE and phase is not target:
            _apply(phase, lambda s: timer.finish(s, skipped=False))
    if target.status in ACTIVE:
        raise ServiceError("timer_state", "That phase is already under way.", status=409)
    target.status = "pending"  # restarting a finished phase runs it again from the top
    _apply(target, lambda s: timer.start(s, now))
    return _publish_agenda(session, event)


def pause_phase(session: Session, event: Event) -> dict[str, Any]:
    """Freeze the countdown of the phase under way."""
    now = server_ms()
    _apply(_current(session, event), lambda s: timer.pause(s, now))
    return _publish_agenda(session, event)


def resume_phase(session: Session, event: Event) -> dict[str, Any]:
    """Continue the paused countdown."""
    now = server_ms()
    _apply(_current(session, event), lambda s: timer.resume(s, now))
    return _publish_agenda(session, event)


def extend_phase(session: Session, event: Event, seconds: int) -> dict[str, Any]:
    """Give the phase under way more (or less) time."""
    now = server_ms()
    _apply(_current(session, event), lambda s: timer.extend(s, seconds * 1000, now))
    return _publish_agenda(session, event)


def skip_phase(session: Session, event: Event) -> dict[str, Any]:
    """Mark the phase under way skipped and start the next pending one, if there is one."""
    current = _current(session, event)
    _apply(current, lambda s: timer.finish(s, skipped=True))
    nxt = next(
        (
            p
            for p in phases_of(session, event.id)
            if p.status == "pending" and p.position > current.position
        ),
        None,
    )
    if nxt is not None:
        now = server_ms()
        _apply(nxt, lambda s: timer.start(s, now))
    return _publish_agenda(session, event)


@snapshot_part(shared=True)
def _agenda_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    return {"agenda": agenda_view(session, event.id)}
