"""Surveys: define, open and close them (by hand or with their phase), answer, pick quotes.

Every change is published with a revision (``survey.updated`` carries the whole survey);
answers are views (``results.mark_changed``). An answer is stored in three rows that do not
point at each other by person: the response (no person, no time), its answers, and the
respondent flag (a person, no response) that refuses a second answer.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.errors import Conflict, NotFound, ServiceError
from hackkit.events.agenda import AGENDA_LISTENERS
from hackkit.events.models import Event, Phase
from hackkit.realtime import publish, push, role_room, server_ms
from hackkit.surveys.models import Survey, SurveyAnswer, SurveyRespondent, SurveyResponse
from hackkit.surveys.questions import (
    AnswerError,
    check_questions,
    clean_answer,
    standard_questions,
)
from hackkit.surveys.results import mark_changed
from hackkit.surveys.schemas import SurveyChanges, SurveyFields

ACTIVE_PHASE = ("running", "paused")
FINISHED_PHASE = ("done", "skipped")
MAX_SURVEYS = 40


def survey_dict(survey: Survey) -> dict[str, Any]:
    """A survey as phones, screens and the console see it (figures travel as views)."""
    return {
        "id": survey.id,
        "title": survey.title,
        "stage": survey.stage,
        "questions": list(survey.questions or ()),
        "status": survey.status,
        "phase_id": survey.phase_id,
        "opened_at_ms": survey.opened_at_ms,
        "closed_at_ms": survey.closed_at_ms,
    }


def get_survey(session: Session, event: Event, survey_id: int) -> Survey:
    """The event's survey, or NotFound."""
    survey = session.get(Survey, survey_id)
    if survey is None or survey.event_id != event.id:
        raise NotFound("That survey")
    return survey


def event_surveys(session: Session, event_id: int, *, drafts: bool) -> list[Survey]:
    """The event's surveys in the order they were made (drafts for the facilitator only)."""
    stmt = select(Survey).where(Survey.event_id == event_id).order_by(Survey.id)
    if not drafts:
        stmt = stmt.where(Survey.status != "draft")
    return list(session.execute(stmt).scalars())


def _check_phase(session: Session, event: Event, phase_id: int | None) -> None:
    if phase_id is None:
        return
    phase = session.get(Phase, phase_id)
    if phase is None or phase.event_id != event.id:
        raise NotFound("That phase")


def _questions(fields: SurveyFields) -> list[dict[str, Any]]:
    if not fields.questions:
        return standard_questions(fields.stage, list(fields.goals))
    try:
        return check_questions(fields.questions)
    except ValueError as exc:
        raise ServiceError("invalid_questions", str(exc)) from None


def _announce(session: Session, survey: Survey) -> dict[str, Any]:
    session.flush()
    data = survey_dict(survey)
    if survey.status == "draft":  # drafts are the facilitator's own
        push(session, role_room(survey.event_id, "facilitator"), "survey.updated", data)
    else:
        publish(session, survey.event_id, "survey.updated", data)
    mark_changed(session, survey.id)
    return data


def create_survey(session: Session, event: Event, fields: SurveyFields) -> Survey:
    """A draft survey: the questions given, or the standard set for its stage."""
    count = len(event_surveys(session, event.id, drafts=True))
    if count >= MAX_SURVEYS:
        raise ServiceError("too_many", f"An event can have at most {MAX_SURVEYS} surveys.")
    _check_phase(session, event, fields.phase_id)
    survey = Survey(
        event_id=event.id,
        title=fields.title,
        stage=fields.stage,
        questions=_questions(fields),
        phase_id=fields.phase_id,
    )
    session.add(survey)
    _announce(session, survey)
    return survey


def update_survey(session: Session, event: Event, survey_id: int, changes: SurveyChanges) -> Survey:
    """Change a survey's title; its questions and phase only while it is a draft."""
    survey = get_survey(session, event, survey_id)
    if (changes.questions is not None or changes.phase_id is not None) and survey.status != "draft":
        raise Conflict("survey_started", "The questions cannot change once the survey has opened.")
    if changes.title is not None:
        survey.title = changes.title
    if changes.questions is not None:
        try:
            survey.questions = check_questions(changes.questions)
        except ValueError as exc:
            raise ServiceError("invalid_questions", str(exc)) from None
    if changes.phase_id is not None:
        _check_phase(session, event, changes.phase_id or None)
        survey.phase_id = changes.phase_id or None
    _announce(session, survey)
    return survey


def open_survey(session: Session, event: Event, survey_id: int) -> Survey:
    """Open a survey: every phone offers it (a closed one may be opened again)."""
    survey = get_survey(session, event, survey_id)
    if survey.status == "open":
        raise Conflict("survey_open", "That survey is already open.")
    if not survey.questions:
        raise ServiceError("no_questions", "Add a question before opening the survey.")
    survey.status = "open"
    survey.opened_at_ms = server_ms()
    _announce(session, survey)
    return survey


def close_survey(session: Session, event: Event, survey_id: int) -> Survey:
    """Close a survey: later answers are refused."""
    survey = get_survey(session, event, survey_id)
    if survey.status != "open":
        raise Conflict("survey_not_open", "That survey is not open.")
    survey.status = "closed"
    survey.closed_at_ms = server_ms()
    _announce(session, survey)
    return survey


def delete_survey(session: Session, event: Event, survey_id: int) -> None:
    """Delete a survey that is not open, with its answers."""
    survey = get_survey(session, event, survey_id)
    if survey.status == "open":
        raise Conflict("survey_open", "Close the survey before deleting it.")
    was_public = survey.status != "draft"
    session.delete(survey)
    session.flush()
    if was_public:
        publish(session, event.id, "survey.removed", {"id": survey_id})
    else:
        push(session, role_room(event.id, "facilitator"), "survey.removed", {"id": survey_id})


def answered_surveys(session: Session, event_id: int, participant_id: int) -> list[int]:
    """The ids of the event's surveys this participant has answered."""
    stmt = (
        select(SurveyRespondent.survey_id)
        .join(Survey, Survey.id == SurveyRespondent.survey_id)
        .where(Survey.event_id == event_id, SurveyRespondent.participant_id == participant_id)
    )
    return sorted(session.execute(stmt).scalars())


def answer_survey(
    session: Session,
    event: Event,
    principal: Principal,
    survey_id: int,
    answers: dict[str, Any],
    pair: str | None,
) -> dict[str, Any]:
    """Store one participant's answers to an open survey, once."""
    survey = get_survey(session, event, survey_id)
    if survey.status != "open":
        raise Conflict("survey_closed", "This survey is closed.")
    questions = {q["key"]: q for q in survey.questions}
    unknown = sorted(set(answers) - questions.keys())
    if unknown:
        raise ServiceError("unknown_question", f"No question {unknown[0]!r} in this survey.")
    cleaned: list[tuple[str, int | None, str | None]] = []
    for key, question in questions.items():
        if key not in answers:
            if not question.get("optional", True):
                raise ServiceError("answer_missing", f"“{question['label']}” needs an answer.")
            continue
        try:
            number, text = clean_answer(question, answers[key])
        except AnswerError as exc:
            raise ServiceError("invalid_answer", str(exc)) from None
        cleaned.append((key, number, text))
    if not cleaned:
        raise ServiceError("no_answers", "Answer at least one question.")
    already = Conflict("already_answered", "You have already answered this survey.")
    if session.get(SurveyRespondent, (survey.id, principal.subject_id)) is not None:
        raise already
    try:  # two answers sent at once: the primary key lets one in
        with session.begin_nested():
            session.add(SurveyRespondent(survey_id=survey.id, participant_id=principal.subject_id))
            session.flush()
    except IntegrityError:
        raise already from None
    response = SurveyResponse(survey_id=survey.id, pair=pair if survey.stage != "pulse" else None)
    session.add(response)
    session.flush()
    session.add_all(
        SurveyAnswer(
            response_id=response.id, survey_id=survey.id, question=key, number=number, text=text
        )
        for key, number, text in cleaned
    )
    session.flush()
    mark_changed(session, survey.id)
    # Only the phone that answered learns it did (its other screens resynchronise).
    return {"survey_id": survey.id, "answered": True}


def free_texts(session: Session, event: Event, survey_id: int) -> list[dict[str, Any]]:
    """A survey's free-text answers for the facilitator to read and pick quotes from."""
    survey = get_survey(session, event, survey_id)
    texts = {q["key"] for q in survey.questions if q["kind"] == "text"}
    rows = session.execute(
        select(SurveyAnswer.id, SurveyAnswer.question, SurveyAnswer.text, SurveyAnswer.quoted)
        .where(SurveyAnswer.survey_id == survey.id, SurveyAnswer.question.in_(texts))
        .order_by(SurveyAnswer.id)
    )
    return [
        {"id": i, "question": q, "text": t or "", "quoted": bool(quoted)}
        for i, q, t, quoted in rows
    ]


def set_quoted(session: Session, event: Event, answer_id: int, quoted: bool) -> dict[str, Any]:
    """Choose (or drop) a free-text answer as a quote for the impact report."""
    answer = session.get(SurveyAnswer, answer_id)
    survey = session.get(Survey, answer.survey_id) if answer is not None else None
    if survey is None or survey.event_id != event.id:
        raise NotFound("That answer")
    if not any(q["key"] == answer.question and q["kind"] == "text" for q in survey.questions):
        raise ServiceError("not_text", "Only free-text answers can be quoted.")
    answer.quoted = quoted
    session.flush()
    return {"id": answer.id, "quoted": quoted}


def follow_agenda(session: Session, event: Event) -> None:
    """Open surveys whose phase has started and close those whose phase has finished.

    Runs in the agenda change's own transaction: the phase and its survey change together.
    """
    rows = session.execute(
        select(Survey, Phase.status)
        .join(Phase, Phase.id == Survey.phase_id)
        .where(Survey.event_id == event.id)
    ).all()
    for survey, phase_status in rows:
        if phase_status in ACTIVE_PHASE and survey.status == "draft" and survey.questions:
            survey.status = "open"
            survey.opened_at_ms = server_ms()
            _announce(session, survey)
        elif phase_status in FINISHED_PHASE and survey.status == "open":
            survey.status = "closed"
            survey.closed_at_ms = server_ms()
            _announce(session, survey)


def _on_agenda_change(session: Session, event: Event, _view: dict[str, Any]) -> None:
    follow_agenda(session, event)


if _on_agenda_change not in AGENDA_LISTENERS:
    AGENDA_LISTENERS.append(_on_agenda_change)
