"""Playbooks at work: creating an event from a template, and the crew's checklist ticks.

Creating from a template is one service function, called by the ``event.from_template`` action
and by the console's form alike: it creates the event, fills in its agenda (names, minutes, wall
modes, checklists), its team size and skill list, and prepares the template's ballots as drafts
through the voting service, all in the caller's one transaction.

Ticks are crew business: they go to the event's facilitators only (a push after commit, not a
revisioned publish that every phone would receive), and each message carries one item's whole
state with the server time of its change, so a console keeps the newest whatever the order
messages arrive in. A reconnecting console gets every tick back in its snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import has_app_context
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.errors import NotFound, ServiceError
from hackkit.events import agenda, lifecycle
from hackkit.events.models import Event, Phase
from hackkit.events.schemas import PhaseFields
from hackkit.playbooks.cache import app_library
from hackkit.playbooks.library import Library
from hackkit.playbooks.models import TICKED_BY_MAX, ChecklistTick
from hackkit.playbooks.schema import Ballot as TemplateBallot
from hackkit.playbooks.schema import Template, VotingMethod
from hackkit.realtime import push, role_room, server_ms, snapshot_part
from hackkit.surveys.schemas import SurveyFields
from hackkit.surveys.service import create_survey
from hackkit.voting.ballots import create_ballot
from hackkit.voting.schemas import BallotFields

# The teams feature's settings form accepts at most this many skills; a longer list from a
# template would make that form refuse to save, so the event keeps the first ones.
MAX_EVENT_SKILLS = 40
# Methods whose ballots are cast by the jury rather than by every participant.
JURY_METHODS = {VotingMethod.RUBRIC, VotingMethod.PAIRWISE}


# --- creating an event from a template --------------------------------------------------------


def find_template(library: Library, slug: str) -> Template:
    """The template page ``slug`` of the library, or a clear refusal."""
    page = library.get(slug)
    if page is None:
        raise NotFound(f"The playbook {slug!r}", code="unknown_template")
    if not isinstance(page.meta, Template):
        reason = (
            "its front matter has errors (run `hackkit playbook check`)"
            if page.kind == "template"
            else "it is a manual page, not a template"
        )
        raise ServiceError("not_a_template", f"“{page.title}” cannot create an event: {reason}.")
    return page.meta


def create_event_from_template(
    session: Session, owner_id: int, library: Library, slug: str, name: str | None = None
) -> Event:
    """Create an event pre-filled from the template ``slug``; named after it unless ``name``."""
    template = find_template(library, slug)
    event = lifecycle.create_event(session, owner_id, name or template.title, playbook=slug)
    apply_template(session, event, template, library)
    return event


def apply_template(session: Session, event: Event, template: Template, library: Library) -> None:
    """Team size, skills, agenda and draft ballots of ``template``, written to ``event``."""
    event.settings = {
        **(event.settings or {}),
        "team_min": template.team_size.min,
        "team_max": template.team_size.max,
        "skills": list(template.skills[:MAX_EVENT_SKILLS]),
    }
    phases = [
        PhaseFields(
            name=phase.name,
            minutes=phase.minutes,
            wall_mode=phase.wall.value,
            checklist=list(phase.checklist),
        )
        for phase in template.agenda
    ]
    agenda.set_agenda(session, event, phases)
    phase_ids = {phase.name: phase.id for phase in agenda.phases_of(session, event.id)}
    prepare_ballots(session, event, template.ballots, library, phase_ids)
    prepare_surveys(session, event, template, phase_ids)


def prepare_surveys(
    session: Session, event: Event, template: Template, phase_ids: Mapping[str, int]
) -> None:
    """Create each template survey as a draft, tied to its phase, through the survey service."""
    for survey in template.surveys:
        fields = SurveyFields(
            title=survey.title,
            stage=survey.stage,
            questions=list(survey.questions),
            goals=list(template.learning_goals),
            phase_id=phase_ids.get(survey.phase) if survey.phase else None,
        )
        create_survey(session, event, fields)


def prepare_ballots(
    session: Session,
    event: Event,
    ballots: Sequence[TemplateBallot],
    library: Library,
    phase_ids: Mapping[str, int],
) -> None:
    """Create each template ballot as a draft, tied to its phase, through the voting service."""
    rubrics = library.rubrics
    for ballot in ballots:
        params: dict[str, Any] = dict(ballot.params)
        if ballot.method is VotingMethod.RUBRIC:
            rubric = rubrics.get(ballot.rubric or "")
            if rubric is None:
                raise ServiceError(
                    "unknown_rubric",
                    f"Ballot “{ballot.title}” uses the rubric {ballot.rubric!r}, which no "
                    "rubrics page defines.",
                )
            params["criteria"] = [
                {"key": c.key, "label": c.label, "weight": c.weight} for c in rubric.criteria
            ]
        try:
            fields = BallotFields(
                title=ballot.title,
                method=ballot.method.value,
                params=params,
                voters="jury" if ballot.method in JURY_METHODS else "participants",
                phase_id=phase_ids.get(ballot.phase) if ballot.phase else None,
            )
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"])
            raise ServiceError(
                "template_ballot_invalid",
                f"Ballot “{ballot.title}” of this template cannot be prepared: "
                f"{where}: {first['msg']}.",
            ) from None
        create_ballot(session, event, fields)


# --- checklists ---------------------------------------------------------------------------------


def template_checklists(library: Library | None, event: Event) -> dict[str, list[str]]:
    """The checklist of each phase of the template the event came from, by phase name."""
    if library is None or not event.playbook:
        return {}
    page = library.get(event.playbook)
    if page is None or not isinstance(page.meta, Template):
        return {}
    return {phase.name: list(phase.checklist) for phase in page.meta.agenda}


def phase_checklist(phase: Phase, fallback: Mapping[str, Sequence[str]]) -> list[str]:
    """The phase's stored checklist; if it has none, its template's (matched by phase name).

    The fallback keeps the tips when an agenda editor that does not send checklists saved the
    agenda (which stores an empty one), so an edit of durations does not lose the crew's list.
    """
    stored = [item for item in (phase.checklist or []) if isinstance(item, str) and item]
    if stored:
        return stored
    return list(fallback.get(phase.name, ()))


def _tick_dict(tick: ChecklistTick) -> dict[str, Any]:
    return {
        "phase_id": tick.phase_id,
        "item": tick.item,
        "done": tick.done,
        "by": tick.changed_by,
        "at_ms": tick.changed_at_ms,
    }


def checklists_view(
    session: Session, event: Event, fallback: Mapping[str, Sequence[str]] | None = None
) -> dict[str, Any]:
    """Every phase's checklist with its ticks, in agenda order, and the phase under way."""
    phases = agenda.phases_of(session, event.id)
    ticks: dict[tuple[int, str], ChecklistTick] = {
        (tick.phase_id, tick.item): tick
        for tick in session.execute(
            select(ChecklistTick).where(ChecklistTick.event_id == event.id)
        ).scalars()
    }
    current = next((p for p in phases if p.status in agenda.ACTIVE), None)
    rows = []
    for phase in phases:
        items = []
        for text in dict.fromkeys(phase_checklist(phase, fallback or {})):
            tick = ticks.get((phase.id, text))
            items.append(
                {
                    "text": text,
                    "done": bool(tick and tick.done),
                    "by": tick.changed_by if tick else "",
                    "at_ms": tick.changed_at_ms if tick else 0,
                }
            )
        rows.append(
            {
                "id": phase.id,
                "name": phase.name,
                "position": phase.position,
                "status": phase.status,
                "minutes": round(phase.duration_s / 60),
                "items": items,
            }
        )
    return {
        "playbook": event.playbook,
        "current_id": current.id if current else None,
        "phases": rows,
    }


def set_tick(
    session: Session,
    event: Event,
    phase_id: int,
    item: str,
    done: bool,
    by: str,
    fallback: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Tick (or untick) one checklist item of one phase; every console of the event hears it."""
    phase = session.get(Phase, phase_id)
    if phase is None or phase.event_id != event.id:
        raise NotFound("That phase")
    if item not in phase_checklist(phase, fallback or {}):
        raise ServiceError(
            "unknown_item", f"“{phase.name}” has no checklist item “{item[:80]}”.", status=404
        )
    tick = _find_tick(session, phase.id, item)
    if tick is None:
        try:
            # Two consoles ticking the same item at once both try to insert: one wins, and the
            # other updates the winner's row instead of failing.
            with session.begin_nested():
                tick = ChecklistTick(
                    event_id=event.id, phase_id=phase.id, item=item, changed_at_ms=0
                )
                session.add(tick)
                session.flush()
        except IntegrityError:
            tick = _find_tick(session, phase.id, item)
            if tick is None:  # pragma: no cover - the row that won was deleted with its phase
                raise NotFound("That phase") from None
    tick.done = done
    tick.changed_by = by[:TICKED_BY_MAX]
    # Never go back in time: the newest change must carry the largest stamp, even if another
    # server process's clock is a little ahead of this one.
    tick.changed_at_ms = max(server_ms(), tick.changed_at_ms + 1)
    session.flush()
    data = _tick_dict(tick)
    push(session, role_room(event.id, "facilitator"), "checklist.tick", data)
    return data


def _find_tick(session: Session, phase_id: int, item: str) -> ChecklistTick | None:
    return session.execute(
        select(ChecklistTick).where(ChecklistTick.phase_id == phase_id, ChecklistTick.item == item)
    ).scalar_one_or_none()


# --- the glue to the running app: snapshot part and agenda changes ------------------------------


def app_fallback(event: Event) -> dict[str, list[str]]:
    """Template checklists of the event from the app's library (none outside an app)."""
    if not event.playbook or not has_app_context():
        return {}
    return template_checklists(app_library(), event)


@snapshot_part
def _checklists_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    if principal.role != "facilitator":
        return {}
    return {"checklists": checklists_view(session, event, app_fallback(event))}


def _on_agenda_change(session: Session, event: Event, _view: dict[str, Any]) -> None:
    # A new phase under way, or an edited checklist: consoles redraw the whole list.
    data = checklists_view(session, event, app_fallback(event))
    push(session, role_room(event.id, "facilitator"), "checklist.updated", data)


if _on_agenda_change not in agenda.AGENDA_LISTENERS:
    agenda.AGENDA_LISTENERS.append(_on_agenda_change)
