"""A survey's figures, counted from its stored answers: per question the number of answers,
the mean with its interval, the distribution, the word counts; and the live push of them.

Figures are views: the wall and the console get ``survey.live`` from the coalescer at most ten
times a second however many phones answer at once (``coalesce.py``), and a reconnecting screen
gets the same figures in its snapshot.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hackkit.events.lifecycle import participant_count
from hackkit.realtime import Routed, live_view, mark_view, role_room, server_ms
from hackkit.surveys import stats
from hackkit.surveys.models import Survey, SurveyAnswer, SurveyResponse
from hackkit.surveys.questions import NUMERIC

WALL_WORDS = 40


def answers_by_question(session: Session, survey_id: int) -> dict[str, list[tuple[Any, Any]]]:
    """Every answer of a survey as ``{question: [(number, text), ...]}``, in stored order."""
    table = SurveyAnswer.__table__
    rows = session.execute(
        select(table.c.question, table.c.number, table.c.text)
        .where(table.c.survey_id == survey_id)
        .order_by(table.c.id)
    )
    out: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    for question, number, text in rows:
        out[question].append((number, text))
    return out


def response_count(session: Session, survey_id: int) -> int:
    """How many phones have answered a survey."""
    stmt = (
        select(func.count())
        .select_from(SurveyResponse)
        .where(SurveyResponse.survey_id == survey_id)
    )
    return int(session.execute(stmt).scalar_one())


def question_figures(question: dict[str, Any], answers: list[tuple[Any, Any]]) -> dict[str, Any]:
    """One question's figures (numbers for scales, counts for words and choices)."""
    kind = question["kind"]
    figures: dict[str, Any] = {"key": question["key"], "kind": kind, "n": len(answers)}
    if kind in NUMERIC:
        low, high = NUMERIC[kind]
        values = [number for number, _ in answers if number is not None]
        summary = stats.mean_ci(values, bounds=(low, high))
        figures.update(
            mean=summary.mean,
            low=summary.low,
            high=summary.high,
            distribution=stats.distribution(values, low, high),
            scale=[low, high],
        )
        if kind == "nps":
            figures["nps"] = stats.net_promoter(values).score
    elif kind in ("word", "choice", "country"):
        figures["counts"] = stats.word_counts(
            (text for _, text in answers), WALL_WORDS if kind == "word" else 1000
        )
    return figures


def survey_figures(session: Session, survey: Survey) -> dict[str, Any]:
    """Every question's figures, the response count and who could have answered."""
    at_ms = server_ms()  # before reading: every answer committed by now is in it
    answers = answers_by_question(session, survey.id)
    return {
        "survey_id": survey.id,
        "status": survey.status,
        "responses": response_count(session, survey.id),
        "eligible": participant_count(session, survey.event_id),
        # Free text is for the facilitator's console and the report, never the wall.
        "questions": [
            question_figures(q, answers.get(q["key"], []))
            for q in survey.questions
            if q["kind"] != "text"
        ],
        "at_ms": at_ms,
    }


@live_view("survey.live")
def survey_views(session: Session, arg: str) -> Routed:
    """One count to the facilitators and the wall's screens."""
    survey = session.get(Survey, int(arg))
    if survey is None:
        return Routed(())
    figures = survey_figures(session, survey)
    return Routed(
        (
            (role_room(survey.event_id, "facilitator"), figures),
            (role_room(survey.event_id, "display"), figures),
        )
    )


def mark_changed(session: Session, survey_id: int) -> None:
    """After this transaction commits, push the survey's figures (merged with other answers)."""
    mark_view(session, "survey.live", survey_id)
