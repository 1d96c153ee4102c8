"""Payloads of the archive actions."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from hackkit.events.retention import MAX_RETENTION_DAYS
from hackkit.schemas import Payload


class ArchiveUpload(Payload):
    """A whole-event archive, passed on as it came: ``schema.check_archive`` checks every
    field against the tables (and names the first problem), which a second, hand-written
    model here could only drift from. The request's size is capped by the action."""

    model_config = ConfigDict(extra="allow")


class RetentionFields(Payload):
    days: int | None = Field(
        ge=0,
        le=MAX_RETENTION_DAYS,
        description="Delete personal data this many days after the event ends; null: keep "
        "until deleted by hand",
    )


class ConfirmErase(Payload):
    confirm: bool = Field(description="Must be true: the deletion cannot be undone")
