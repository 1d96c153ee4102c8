"""Survey questions: the kinds a survey may ask, their checks, and the standard sets.

Pure: plain values in, plain values out (no Flask, no database).

* ``rating``: 1 to 5, where 5 is excellent (satisfaction; ``topic`` says with what: the event
  overall, a phase, the mentors, the organisation);
* ``nps``: 0 to 10, "how likely are you to recommend ..." (the net promoter score);
* ``assessment``: 1 to 5, a self-assessment of one learning goal, asked in the ``pre`` survey
  and again in the ``post`` one under the same key, so the change can be measured;
* ``word``: one word (the wall's word cloud);
* ``text``: free text (quotes for the report);
* ``choice``: one of ``options`` (demographics: gender, role, first hackathon?). "Prefer not
  to say" is always offered and counted apart.
* ``country``: a short text naming a country (or "Prefer not to say").
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from hackkit.schemas import Payload

KINDS = ("rating", "nps", "assessment", "word", "text", "choice", "country")
NUMERIC = {"rating": (1, 5), "nps": (0, 10), "assessment": (1, 5)}
TOPICS = (
    "overall",
    "phase",
    "mentors",
    "organisation",
    "recommend",
    "goal",
    "gender",
    "country",
    "role",
    "first_hackathon",
    "other",
)
DEMOGRAPHICS = ("gender", "country", "role", "first_hackathon")
PREFER_NOT = "Prefer not to say"
WORD_MAX = 30
COUNTRY_MAX = 60
TEXT_MAX = 1000
MAX_QUESTIONS = 30
MAX_OPTIONS = 12
_WORD = re.compile(r"^[^\s]{1,30}$")

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Option = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class QuestionFields(Payload):
    """One question as a survey stores it."""

    key: Key
    kind: Literal["rating", "nps", "assessment", "word", "text", "choice", "country"]
    label: Label
    topic: Literal[TOPICS] = "other"  # type: ignore[valid-type]
    options: list[Option] = Field(default_factory=list, max_length=MAX_OPTIONS)
    optional: bool = True

    @model_validator(mode="after")
    def _options_only_for_choice(self) -> QuestionFields:
        if self.kind == "choice" and len(self.options) < 2:
            raise ValueError("a choice question needs at least two options")
        if self.kind != "choice" and self.options:
            raise ValueError("only a choice question takes options")
        return self


def check_questions(questions: list[QuestionFields]) -> list[dict[str, Any]]:
    """The questions as stored; keys must not repeat."""
    seen: set[str] = set()
    for question in questions:
        if question.key in seen:
            raise ValueError(f"the question key {question.key!r} is used twice")
        seen.add(question.key)
    return [q.model_dump() for q in questions]


class AnswerError(ValueError):
    """An answer that does not fit its question (the message says why, for the phone)."""


def clean_answer(question: dict[str, Any], value: Any) -> tuple[int | None, str | None]:
    """``(number, text)`` to store for one answer, or :class:`AnswerError`."""
    kind = question["kind"]
    label = question["label"]
    if kind in NUMERIC:
        low, high = NUMERIC[kind]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise AnswerError(f"“{label}”: choose a number from {low} to {high}.")
        return value, None
    if not isinstance(value, str):
        raise AnswerError(f"“{label}”: that answer is not text.")
    text = " ".join(value.split())
    if not text:
        raise AnswerError(f"“{label}”: the answer is empty.")
    if kind == "word":
        if not _WORD.match(text):
            raise AnswerError(f"“{label}”: one word, at most {WORD_MAX} characters.")
        return None, text.casefold()
    if kind == "text":
        if len(value) > TEXT_MAX:
            raise AnswerError(f"“{label}”: at most {TEXT_MAX} characters.")
        return None, value.strip()
    if kind == "choice":
        if text not in (*question.get("options", ()), PREFER_NOT):
            raise AnswerError(f"“{label}”: choose one of the options.")
        return None, text
    # country
    if len(text) > COUNTRY_MAX:
        raise AnswerError(f"“{label}”: at most {COUNTRY_MAX} characters.")
    return None, text if text == PREFER_NOT else text.title()


def goal_key(index: int) -> str:
    """The question key of the ``index``-th learning goal (the same before and after)."""
    return f"goal-{index + 1}"


def goal_questions(goals: list[str]) -> list[dict[str, Any]]:
    """Self-assessment questions for the event's learning goals."""
    return [
        {
            "key": goal_key(i),
            "kind": "assessment",
            "label": f"How well can you {goal}?",
            "topic": "goal",
            "options": [],
            "optional": True,
        }
        for i, goal in enumerate(goals)
    ]


def _q(key: str, kind: str, label: str, topic: str, options: list[str] | None = None) -> dict:
    return {
        "key": key,
        "kind": kind,
        "label": label,
        "topic": topic,
        "options": options or [],
        "optional": True,
    }


DEMOGRAPHIC_QUESTIONS = [
    _q("gender", "choice", "Your gender", "gender", ["Woman", "Man", "Non-binary", "Other"]),
    _q("country", "country", "The country you live in", "country"),
    _q(
        "role",
        "choice",
        "What you do",
        "role",
        ["Student", "Developer", "Designer", "Researcher", "Business", "Other"],
    ),
    _q("first", "choice", "Is this your first hackathon?", "first_hackathon", ["Yes", "No"]),
]

FEEDBACK_QUESTIONS = [
    _q("overall", "rating", "How satisfied are you with the event overall?", "overall"),
    _q("mentors", "rating", "How helpful were the mentors?", "mentors"),
    _q("organisation", "rating", "How well was the event organised?", "organisation"),
    _q(
        "recommend",
        "nps",
        "How likely are you to recommend this event to a friend?",
        "recommend",
    ),
    _q("word", "word", "The event in one word", "other"),
    _q("comment", "text", "Anything you would like to tell the organisers?", "other"),
]


def standard_questions(stage: str, goals: list[str]) -> list[dict[str, Any]]:
    """The standard set: before, the goals and the demographics; after, the goals again and
    the feedback; a pulse, one rating."""
    if stage == "pre":
        return goal_questions(goals) + DEMOGRAPHIC_QUESTIONS
    if stage == "post":
        return FEEDBACK_QUESTIONS[:4] + goal_questions(goals) + FEEDBACK_QUESTIONS[4:]
    return [_q("phase", "rating", "How was this part of the event?", "phase")]
