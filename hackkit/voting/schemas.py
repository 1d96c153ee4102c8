"""Payloads of the voting actions: validated and capped before any service sees them."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import Field, JsonValue, StringConstraints, field_validator

from hackkit.schemas import Payload, ShortText

METHOD_NAMES = ("single", "approval", "dots", "budget", "ranked", "rubric", "pairwise")
Method = Literal["single", "approval", "dots", "budget", "ranked", "rubric", "pairwise"]
Visibility = Literal["live", "hidden", "never"]
Voters = Literal["participants", "jury", "both"]
Scope = Literal["all", "challenge", "shortlist"]

MAX_OPTIONS = 200
MAX_CRITERIA = 12
# A ballot's content is small (a choice, a ranking of a few ids, points for some ideas); this
# bound keeps a hostile client from making the server parse and store megabytes per vote.
MAX_CONTENT_CHARS = 8_000
VoteId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]


class CriterionFields(Payload):
    key: Key
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    weight: float = Field(default=1.0, gt=0, le=100)


class MethodParams(Payload):
    """Every method's parameters in one capped model; each method checks the ones it uses."""

    dots: int | None = Field(default=None, ge=1, le=100, description="dots: dots per voter (k)")
    max_per_option: int | None = Field(default=None, ge=1, le=100, description="dots: most on one")
    max_choices: int | None = Field(default=None, ge=1, le=MAX_OPTIONS, description="approval")
    budget: int | None = Field(default=None, ge=1, le=10_000, description="budget: points")
    max_rank: int | None = Field(default=None, ge=1, le=MAX_OPTIONS, description="ranked: k")
    epsilon: float | None = Field(default=None, ge=0, le=1, description="pairwise: random share")
    criteria: list[CriterionFields] | None = Field(default=None, max_length=MAX_CRITERIA)

    def stored(self) -> dict[str, Any]:
        """The parameters as stored on the ballot (unset ones left to the method's defaults)."""
        return self.model_dump(exclude_none=True)


class BallotFields(Payload):
    title: ShortText
    method: Method
    params: MethodParams = Field(default_factory=MethodParams)
    rubric: Key | None = Field(default=None, description="rubric: a playbook rubric's key")
    scope: Scope = "all"
    challenge_id: int | None = Field(default=None, ge=1)
    idea_ids: list[Annotated[int, Field(ge=1)]] = Field(
        default_factory=list, max_length=MAX_OPTIONS
    )
    visibility: Visibility = "live"
    voters: Voters = "participants"
    phase_id: int | None = Field(default=None, ge=1, description="open and close with this phase")


class BallotChanges(Payload):
    """Edits: title and visibility any time before the reveal; the rest while a draft."""

    title: ShortText | None = None
    visibility: Visibility | None = None
    params: MethodParams | None = None
    scope: Scope | None = None
    challenge_id: int | None = Field(default=None, ge=1)
    idea_ids: list[Annotated[int, Field(ge=1)]] | None = Field(default=None, max_length=MAX_OPTIONS)
    voters: Voters | None = None
    phase_id: int | None = Field(default=None, ge=0, description="0 unties the ballot")


class CastVote(Payload):
    vote_id: VoteId = Field(description="Chosen by the client; a retry sends the same id")
    content: dict[str, JsonValue] = Field(description="The method's ballot, e.g. {choice: id}")

    @field_validator("content")
    @classmethod
    def _small(cls, value: dict[str, Any]) -> dict[str, Any]:
        if len(json.dumps(value, separators=(",", ":"))) > MAX_CONTENT_CHARS:
            raise ValueError(f"a ballot can be at most {MAX_CONTENT_CHARS} characters of JSON")
        return value


class InviteJuror(Payload):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    weight: float = Field(default=1.0, gt=0, le=10)


class VotingSettings(Payload):
    forbid_own_team_vote: bool


Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class DeclareConflict(Payload):
    idea_id: int = Field(ge=1, le=2**53)
    reason: Reason = Field(default="", description="e.g. 'I mentored this team'")


class JurorFlag(Payload):
    status: Literal["judging", "absent", "busy"] = Field(
        description="absent or busy: nothing is assigned to them until set back to judging"
    )
    reason: Reason = ""


class IdeaFlag(Payload):
    team_absent: bool = Field(description="true: no juror is given this idea")
    reason: Reason = ""


class JudgingSwitch(Payload):
    state: Literal["open", "paused", "closed"]


class PlanFields(Payload):
    """A judging plan; ideas and judges default to the event's ideas and active jurors."""

    ideas: int | None = Field(default=None, ge=0, le=10_000)
    judges: int | None = Field(default=None, ge=0, le=1_000)
    minutes_per_judgement: float = Field(gt=0, le=120)
    round_minutes: float = Field(gt=0, le=24 * 60)
    method: Literal["pairwise", "rubric"] = "pairwise"
    groups: int = Field(default=1, ge=1, le=100)
    target: int = Field(default=3, ge=1, le=100)
    ballot_id: int | None = Field(
        default=None, ge=1, description="take the ideas and conflicts from this ballot"
    )


class ShortlistFields(Payload):
    """A final round from an earlier round's result: its top ideas, judged again."""

    top: int = Field(ge=2, le=MAX_OPTIONS)
    title: ShortText
    method: Literal["pairwise", "rubric"] | None = Field(
        default=None, description="default: the earlier round's method"
    )
    rubric: Key | None = None
    params: MethodParams = Field(default_factory=MethodParams)
