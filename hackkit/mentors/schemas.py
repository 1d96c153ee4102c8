"""Payloads of the mentor and help-queue actions: validated, every string and list capped."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, StringConstraints, field_validator, model_validator

from hackkit.schemas import Id, Payload

DESCRIPTION_MAX = 280
NOTE_MAX = 500
LOCATION_MAX = 60
QUEUE_MESSAGE_MAX = 200


def _text(max_length: int, min_length: int = 0) -> type[str]:
    return Annotated[  # type: ignore[return-value]
        str, StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)
    ]


MentorName = _text(60, 1)
Skill = _text(40, 1)
CallUrl = _text(300, 1)


class InviteMentor(Payload):
    """A mentor the facilitator invites by name, with the skills they bring."""

    name: MentorName
    skills: list[Skill] = Field(default_factory=list, max_length=20)


class MentorProfile(Payload):
    """What a mentor says about themselves: their skills and whether they can help now."""

    skills: list[Skill] | None = Field(default=None, max_length=20)
    available: bool | None = None
    availability_note: _text(120) | None = None  # type: ignore[valid-type]


class AskForHelp(Payload):
    """A team's call for help."""

    topic: Skill
    description: _text(DESCRIPTION_MAX) = ""  # type: ignore[valid-type]
    location_kind: Literal["table", "room", "online"]
    location: _text(LOCATION_MAX) = ""  # type: ignore[valid-type]
    call_url: CallUrl | None = None
    urgency: int = Field(default=1, ge=0, le=2)
    same_mentor_as: Id | None = Field(
        default=None, description="An earlier request of the team: ask its mentor again"
    )

    @field_validator("call_url")
    @classmethod
    def _http_link(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if (
            parts.scheme not in ("http", "https")
            or not parts.netloc
            or any(c in value for c in " <>\"'")
        ):
            raise ValueError("the call link must be an http:// or https:// address")
        return value

    @model_validator(mode="after")
    def _where(self) -> AskForHelp:
        if self.location_kind == "online" and not self.call_url:
            raise ValueError("an online request needs the call link")
        if self.location_kind != "online" and not self.location:
            raise ValueError("say which table or room the team is at")
        if self.location_kind != "online":
            self.call_url = None
        return self


class CloseHelp(Payload):
    """A mentor closes a request they took, with a note for the team and the organisers."""

    note: _text(NOTE_MAX) = ""  # type: ignore[valid-type]


class RateHelp(Payload):
    """The team's rating of the help it got."""

    rating: int = Field(ge=1, le=5)


class HelpSettings(Payload):
    """The queue's switches and times."""

    closed: bool | None = None
    message: _text(QUEUE_MESSAGE_MAX) | None = None  # type: ignore[valid-type]
    widen_after_s: int | None = Field(default=None, ge=0, le=3600)
    expire_after_s: int | None = Field(default=None, ge=60, le=6 * 3600)
