"""Payloads of the survey actions: validated and capped before any service sees them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictInt, StringConstraints

from hackkit.schemas import Payload, ShortText
from hackkit.surveys.models import PAIR_MAX
from hackkit.surveys.questions import MAX_QUESTIONS, QuestionFields

Stage = Literal["pre", "post", "pulse"]
Goal = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
PairToken = Annotated[str, StringConstraints(pattern=rf"^[A-Za-z0-9_-]{{8,{PAIR_MAX}}}$")]


class SurveyFields(Payload):
    title: ShortText
    stage: Stage = "post"
    questions: list[QuestionFields] = Field(default_factory=list, max_length=MAX_QUESTIONS)
    # Without questions, the standard set for the stage, with these learning goals.
    goals: list[Goal] = Field(default_factory=list, max_length=8)
    phase_id: int | None = Field(default=None, ge=1, description="open and close with this phase")


class SurveyChanges(Payload):
    """Edits: the title any time; questions and phase while a draft."""

    title: ShortText | None = None
    questions: list[QuestionFields] | None = Field(default=None, max_length=MAX_QUESTIONS)
    phase_id: int | None = Field(default=None, ge=0, description="0 unties the survey")


class SurveyAnswers(Payload):
    # Question key -> a number (scales) or a text (words, choices, free text).
    answers: dict[
        Annotated[str, StringConstraints(max_length=40)],
        # Strict: JSON ``true`` is not the number 1.
        StrictInt | Annotated[str, StringConstraints(strict=True, max_length=1000)],
    ] = Field(max_length=MAX_QUESTIONS)
    pair: PairToken | None = Field(
        default=None, description="The phone's own random token, pairing its before and after"
    )


class QuoteChoice(Payload):
    quoted: bool
