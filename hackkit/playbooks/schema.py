"""The front matter schema: what a playbook page may declare, as strict pydantic models.

Three kinds of page: ``page`` (prose; the default), ``template`` (an event recipe: agenda,
team size, skills, ballots) and ``rubrics`` (weighted judging criteria other pages refer to).
docs/playbook-schema.md documents every key; keep the two in step.

Checks that span several fields (a ballot's phase must be in the agenda, names must not repeat)
live in :func:`consistency_issues`, so the checker can report all of them with their lines. The
models also run them on validation, so code that builds a model directly can trust it.
"""

from __future__ import annotations

import types
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from hackkit.surveys.questions import MAX_QUESTIONS, QuestionFields

NAME_MAX = 80
TEXT_MAX = 300
CHECKLIST_ITEM_MAX = 200
MAX_PHASES = 40
MAX_CHECKLIST_ITEMS = 50
MAX_SKILLS = 60
MAX_BALLOTS = 20
MAX_SURVEYS = 10
MAX_GOALS = 8
MAX_RUBRICS = 20
MAX_CRITERIA = 12
MINUTES_MAX = 1440
TEAM_SIZE_MAX = 20

# Validation context flag: skip the cross-field checks so the caller can collect them all.
COLLECT_ISSUES = "collect_issues"


class WallMode(StrEnum):
    """What the video wall shows during a phase."""

    JOIN = "join"
    IDEAS = "ideas"
    RESULTS = "results"
    AGENDA = "agenda"
    ANNOUNCEMENT = "announcement"
    TEAMS = "teams"
    IDENTIFY = "identify"
    PROGRESS = "progress"
    SURVEY = "survey"


class VotingMethod(StrEnum):
    """How a ballot is cast and counted (hackkit.voting.methods holds the tallies)."""

    SINGLE = "single"
    APPROVAL = "approval"
    DOTS = "dots"
    BUDGET = "budget"
    RANKED = "ranked"
    RUBRIC = "rubric"
    PAIRWISE = "pairwise"


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=TEXT_MAX)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)]
Skill = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
ChecklistItem = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=CHECKLIST_ITEM_MAX)
]
# strict: YAML `minutes: yes` or `minutes: 2.5` is a typo, not a number to coerce.
Minutes = Annotated[int, Field(strict=True, ge=1, le=MINUTES_MAX)]
TeamCount = Annotated[int, Field(strict=True, ge=1, le=TEAM_SIZE_MAX)]
Weight = Annotated[float, Field(strict=True, gt=0, le=100)]
ParamKey = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TeamSize(_Model):
    """The team size hackkit suggests when people form teams."""

    min: TeamCount
    max: TeamCount

    @model_validator(mode="after")
    def _min_not_above_max(self) -> TeamSize:
        if self.min > self.max:
            raise PydanticCustomError(
                "team_size_order",
                "min ({min}) is larger than max ({max})",
                {"min": self.min, "max": self.max},
            )
        return self


class Phase(_Model):
    """One block of the agenda: a countdown on the wall and a checklist for the crew."""

    name: Name
    minutes: Minutes
    wall: WallMode = WallMode.AGENDA
    checklist: tuple[ChecklistItem, ...] = Field(default=(), max_length=MAX_CHECKLIST_ITEMS)


class Ballot(_Model):
    """A vote to prepare; ``params`` are checked precisely by the voting method itself."""

    title: Name
    method: VotingMethod
    params: dict[ParamKey, JsonValue] = Field(default_factory=dict, max_length=20)
    phase: Name | None = None
    rubric: Key | None = None

    @model_validator(mode="after")
    def _rubric_only_for_rubric_method(self) -> Ballot:
        if self.method is VotingMethod.RUBRIC and self.rubric is None:
            raise PydanticCustomError(
                "rubric_missing", "a ballot with method 'rubric' must name a rubric: KEY"
            )
        if self.method is not VotingMethod.RUBRIC and self.rubric is not None:
            raise PydanticCustomError(
                "rubric_unexpected", "only a ballot with method 'rubric' takes a rubric key"
            )
        return self


class Survey(_Model):
    """A survey to prepare: the standard questions for its stage (with the template's learning
    goals), or its own ``questions``; opened with ``phase`` or by hand."""

    title: Name
    stage: Literal["pre", "post", "pulse"] = "post"
    phase: Name | None = None
    questions: tuple[QuestionFields, ...] = Field(default=(), max_length=MAX_QUESTIONS)


Goal = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class Criterion(_Model):
    """One judging criterion, scored 1–5; weights are relative within the rubric."""

    key: Key
    label: Name
    weight: Weight
    description: Text = ""


class Rubric(_Model):
    """A named set of weighted criteria a jury ballot can use."""

    key: Key
    title: Name
    description: Text = ""
    criteria: tuple[Criterion, ...] = Field(min_length=1, max_length=MAX_CRITERIA)


class Achievement(_Model):
    """An achievement the event's credentials award (hackkit/credentials/achievements.py);
    any field left out keeps the default text. ``{event}``, ``{team}``, ``{idea}``,
    ``{ballot}`` and ``{place}`` are filled in per credential."""

    name: Name | None = None
    description: Text | None = None
    criteria: Text | None = None
    image: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=300)] | None = (
        None
    )


AchievementKind = Literal["participated", "team_member", "juror", "mentor", "placed"]


class _CheckedModel(_Model):
    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Any:
        if info.context and info.context.get(COLLECT_ISSUES):
            return self
        issues = consistency_issues(self)
        if issues:
            first = issues[0]
            raise PydanticCustomError(
                "inconsistent", "{message}", {"message": first.message, "at": first.loc}
            )
        return self


class Page(_Model):
    """A manual page; front matter is optional and only names it."""

    kind: Literal["page"] = "page"
    title: Name | None = None
    summary: Text | None = None


class Template(_CheckedModel):
    """An event recipe: creating an event from it pre-fills agenda, ballots and skills."""

    kind: Literal["template"]
    title: Name
    summary: Text | None = None
    team_size: TeamSize = TeamSize(min=3, max=5)
    skills: tuple[Skill, ...] = Field(default=(), max_length=MAX_SKILLS)
    agenda: tuple[Phase, ...] = Field(min_length=1, max_length=MAX_PHASES)
    ballots: tuple[Ballot, ...] = Field(default=(), max_length=MAX_BALLOTS)
    achievements: dict[AchievementKind, Achievement] = Field(default_factory=dict)
    learning_goals: tuple[Goal, ...] = Field(default=(), max_length=MAX_GOALS)
    surveys: tuple[Survey, ...] = Field(default=(), max_length=MAX_SURVEYS)

    @property
    def total_minutes(self) -> int:
        """Length of the whole agenda."""
        return sum(phase.minutes for phase in self.agenda)


class RubricsPage(_CheckedModel):
    """A page whose front matter defines rubrics, shared by every template."""

    kind: Literal["rubrics"]
    title: Name | None = None
    summary: Text | None = None
    rubrics: tuple[Rubric, ...] = Field(min_length=1, max_length=MAX_RUBRICS)


FrontMatterModel = Page | Template | RubricsPage
MODELS: dict[str, type[FrontMatterModel]] = {
    "page": Page,
    "template": Template,
    "rubrics": RubricsPage,
}


@dataclass(frozen=True)
class Issue:
    """A cross-field mistake and the front matter path it is about."""

    loc: tuple[str | int, ...]
    message: str


def consistency_issues(meta: BaseModel) -> list[Issue]:
    """Every cross-field mistake in a template or rubrics page (empty list when none)."""
    if isinstance(meta, Template):
        return _template_issues(meta)
    if isinstance(meta, RubricsPage):
        return _rubrics_issues(meta)
    return []


def _template_issues(template: Template) -> list[Issue]:
    issues = _repeats([p.name for p in template.agenda], "agenda", "name", "phase name")
    issues += _repeats([b.title for b in template.ballots], "ballots", "title", "ballot title")
    seen: set[str] = set()
    for index, skill in enumerate(template.skills):
        if skill.casefold() in seen:
            issues.append(Issue(("skills", index), f"skill {skill!r} is listed twice"))
        seen.add(skill.casefold())
    phases = [phase.name for phase in template.agenda]
    for index, ballot in enumerate(template.ballots):
        if ballot.phase is not None and ballot.phase not in phases:
            issues.append(
                Issue(
                    ("ballots", index, "phase"),
                    f"ballot {ballot.title!r} names phase {ballot.phase!r}, which is not in "
                    f"the agenda (phases: {', '.join(phases)})",
                )
            )
    issues += _repeats([s.title for s in template.surveys], "surveys", "title", "survey title")
    for index, survey in enumerate(template.surveys):
        if survey.phase is not None and survey.phase not in phases:
            issues.append(
                Issue(
                    ("surveys", index, "phase"),
                    f"survey {survey.title!r} names phase {survey.phase!r}, which is not in "
                    f"the agenda (phases: {', '.join(phases)})",
                )
            )
        keys = [q.key for q in survey.questions]
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            issues.append(
                Issue(("surveys", index, "questions"), f"question key {key!r} is used twice")
            )
    return issues


def _rubrics_issues(page: RubricsPage) -> list[Issue]:
    issues = _repeats([r.key for r in page.rubrics], "rubrics", "key", "rubric key")
    for index, rubric in enumerate(page.rubrics):
        keys = [c.key for c in rubric.criteria]
        issues += _repeats(keys, ("rubrics", index, "criteria"), "key", "criterion key")
    return issues


def _repeats(
    values: list[str], where: str | tuple[str | int, ...], field: str, what: str
) -> list[Issue]:
    base = (where,) if isinstance(where, str) else where
    counts = Counter(values)
    first_seen: set[str] = set()
    issues = []
    for index, value in enumerate(values):
        if counts[value] > 1 and value in first_seen:
            issues.append(Issue((*base, index, field), f"{what} {value!r} is used twice"))
        first_seen.add(value)
    return issues


def allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str] | None:
    """The keys the model accepts at ``loc`` (for "unknown key, expected one of ..." errors)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _model_inside(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return None


def _model_inside(annotation: Any) -> Any:
    """Unwrap Optional/tuple/list/Annotated until a model class (or anything else) remains."""
    while True:
        origin = get_origin(annotation)
        if origin is None:
            return annotation
        args = [a for a in get_args(annotation) if a is not type(None) and a is not Ellipsis]
        if origin in (Union, types.UnionType, tuple, list, Annotated):
            if not args:
                return None
            annotation = args[0]
        else:
            return None
