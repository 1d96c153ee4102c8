"""Survey models: surveys and their questions, anonymous responses, and who has answered.

Answers are kept apart from names. ``survey_responses`` and ``survey_answers`` hold what was
answered and nothing that points at a person: no participant id, no time. ``survey_respondents``
says only that a participant has answered a survey (to refuse a second answer); it holds no
response id and no time, and stays out of every export, so no table or file joins an answer to
a name. A response may carry ``pair``, a random token the phone made and keeps to itself: it
pairs the same phone's answers before and after the event (to measure what people learned)
without the server knowing whose phone it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from hackkit.database import Base, utcnow

PAIR_MAX = 32
ANSWER_TEXT_MAX = 1000


class Survey(Base):
    """A questionnaire of one event: drafted, opened (by hand or with its phase), closed.

    ``stage`` says when it is asked: ``pre`` at the start (the self-assessment before),
    ``post`` at the end (the same learning goals after, and the feedback), ``pulse`` any time
    (a phase's rating). ``questions`` is a list of question dicts (``surveys.questions``),
    frozen once the survey has been opened.
    """

    __tablename__ = "surveys"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'open', 'closed')", name="status_known"),
        CheckConstraint("stage IN ('pre', 'post', 'pulse')", name="stage_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    stage: Mapped[str] = mapped_column(String(8), default="post")
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(8), default="draft")
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phases.id", ondelete="SET NULL"))
    opened_at_ms: Mapped[int | None] = mapped_column(BigInteger)
    closed_at_ms: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SurveyResponse(Base):
    """One phone's submission to a survey: no person, no time (see the module docstring)."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    pair: Mapped[str | None] = mapped_column(String(PAIR_MAX))


class SurveyAnswer(Base):
    """One answer of a response: a number (ratings, NPS, self-assessment) or a text.

    ``quoted`` marks a free-text answer the facilitator chose for the impact report.
    """

    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True
    )
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(40))
    number: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    quoted: Mapped[bool] = mapped_column(Boolean, default=False)


class SurveyRespondent(Base):
    """That a participant has answered a survey, and deliberately nothing else."""

    __tablename__ = "survey_respondents"

    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
