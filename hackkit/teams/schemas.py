"""Payloads of the team, profile and idea actions: validated, and every string and list capped."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from hackkit.schemas import Payload

PROFILE_FIELDS = ("organisation", "country", "role")
TEAM_NAME_MAX = 60
IDEA_TITLE_MAX = 120
IDEA_PITCH_MAX = 200
IDEA_DESCRIPTION_MAX = 10_000
IDEA_LINKS_MAX = 5
PROGRESS_MAX = 280
IMAGE_NAME_PATTERN = r"^[A-Za-z0-9_-]{22}\.webp$"


def _text(max_length: int, min_length: int = 0) -> type[str]:
    return Annotated[  # type: ignore[return-value]
        str, StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)
    ]


TeamName = _text(TEAM_NAME_MAX, 1)
Label = _text(40, 1)  # a skill, a tag or a stage
Interests = _text(500)
Organisation = _text(120)
ShortField = _text(80)
TeamCode = _text(12)
ProgressBody = _text(PROGRESS_MAX, 1)
IdeaTitle = _text(IDEA_TITLE_MAX, 1)
IdeaPitch = _text(IDEA_PITCH_MAX)
Reason = _text(300, 1)
Id = Annotated[int, Field(ge=1, lt=2**53)]
Link = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=300, pattern=r"^https?://[^\s<>\"]+$"),
]


class ProfileFields(Payload):
    """What a participant says about themselves."""

    skills: list[Label] = Field(
        default_factory=list, max_length=20, description="From the event's list"
    )
    tags: list[Label] = Field(default_factory=list, max_length=10, description="Free tags")
    interests: Interests = ""
    preferences: list[Id] = Field(
        default_factory=list, max_length=3, description="Challenge ids, best first"
    )
    organisation: Organisation | None = None
    country: ShortField | None = None
    role: ShortField | None = None


class CreateTeam(Payload):
    name: TeamName
    challenge_id: Id | None = None


class JoinTeam(Payload):
    """Join by the team's id (from the list) or by its code (told by a member)."""

    team_id: Id | None = None
    code: TeamCode | None = None

    @model_validator(mode="after")
    def _one_of(self) -> JoinTeam:
        if (self.team_id is None) == (not self.code):
            raise ValueError("give either team_id or code")
        return self


class UpdateTeam(Payload):
    """Rename a team or change its challenge; fields left out stay as they are."""

    name: TeamName | None = None
    challenge_id: Id | None = None


class SetStage(Payload):
    stage: Label


class PostProgress(Payload):
    body: ProgressBody


class MoveMember(Payload):
    participant_id: Id
    team_id: Id | None = Field(default=None, description="None takes them out of their team")


class MergeTeams(Payload):
    into_team_id: Id


class LockTeam(Payload):
    locked: bool


class TeamSettingsFields(Payload):
    """Team and idea rules of the event; fields left out stay as they are."""

    team_min: int | None = Field(default=None, ge=1, le=50)
    team_max: int | None = Field(default=None, ge=1, le=50)
    skills: list[Label] | None = Field(default=None, max_length=40)
    profile_fields: list[Literal["organisation", "country", "role"]] | None = Field(
        default=None, max_length=3
    )
    individual_ideas: bool | None = None
    team_stages: list[Label] | None = Field(default=None, min_length=1, max_length=8)
    submissions_open: bool | None = None


class MatchPreview(Payload):
    scope: Literal["unassigned", "everyone"] = Field(
        default="unassigned",
        description="Place people without a team, or re-form every unlocked team",
    )
    seed: int = Field(default=0, ge=0, le=2**31 - 1)


class MatchAccept(Payload):
    proposal: str = Field(
        min_length=1, max_length=400_000, description="The preview's signed proposal"
    )


class IdeaFields(Payload):
    challenge_id: Id | None = None
    title: IdeaTitle
    pitch: IdeaPitch = ""
    description_md: Annotated[str, StringConstraints(max_length=IDEA_DESCRIPTION_MAX)] = ""
    links: list[Link] = Field(default_factory=list, max_length=IDEA_LINKS_MAX)
    image: Annotated[str, StringConstraints(pattern=IMAGE_NAME_PATTERN)] | None = None


class EditIdea(IdeaFields):
    version: int = Field(ge=1, description="The version the edit started from")


class HideIdea(Payload):
    reason: Reason
