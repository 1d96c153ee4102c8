"""Payloads of the event actions: validated, capped, and described in OpenAPI."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from hackkit.schemas import WALL_MODES, Markdown, Payload, ShortText


class CreateEvent(Payload):
    name: ShortText
    playbook: str | None = Field(default=None, max_length=200)


class JoinEvent(Payload):
    code: str = Field(min_length=1, max_length=12)
    name: str = Field(max_length=200, description="Display name; trimmed, 1-40 characters")
    device: str | None = Field(
        default=None,
        max_length=64,
        description="A random id the client keeps between joins (to spot one device joining "
        "under several names)",
    )
    invite: str | None = Field(
        default=None, max_length=16, description="Personal invite code (invite-only events)"
    )


class ChallengeFields(Payload):
    title: ShortText
    brief_md: Markdown = ""
    published: bool = False


class MarkdownPreview(Payload):
    text: Markdown


class PhaseFields(Payload):
    id: int | None = Field(default=None, ge=1)
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    minutes: float = Field(gt=0, le=24 * 60)
    wall_mode: str = Field(default="agenda", pattern="^(" + "|".join(WALL_MODES) + ")$")
    checklist: list[Annotated[str, StringConstraints(max_length=200)]] | None = Field(
        default=None, max_length=50, description="Omitted: keep the phase's checklist"
    )


class SetAgenda(Payload):
    phases: list[PhaseFields] = Field(max_length=40)


class StartPhase(Payload):
    phase_id: int | None = Field(default=None, ge=1, description="Default: the next pending phase")


class ExtendPhase(Payload):
    seconds: int = Field(ge=-3600, le=6 * 3600, description="Negative shortens")


class PostAnnouncement(Payload):
    body_md: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class SyncRequest(Payload):
    since: int | None = Field(default=None, ge=0)


class SetEventStatus(Payload):
    status: Literal["open", "joins_closed", "locked", "ended", "archived"] = Field(
        description="open, joins_closed, locked (read-only), ended or archived"
    )


class JoinProtection(Payload):
    """Each field left out stays as it is."""

    close_joins_on_vote: bool | None = Field(
        default=None, description="Close joins when a ballot opens"
    )
    invite_only: bool | None = Field(default=None, description="Joins need a personal invite code")


class ImportInvites(Payload):
    text: str = Field(
        min_length=1,
        max_length=200_000,
        description="Names or e-mail addresses, one a line (or CSV: the first column)",
    )
