"""Payloads of the playbook actions: validated and capped before any service sees them.

(The front matter of playbook pages is described by :mod:`hackkit.playbooks.schema`.)
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from hackkit.playbooks.models import ITEM_MAX
from hackkit.playbooks.pages import MAX_SLUG_CHARS
from hackkit.schemas import Payload, ShortText

# A page slug is only ever looked up in the loaded library, never used as a path.
Slug = Annotated[str, StringConstraints(min_length=1, max_length=MAX_SLUG_CHARS)]


class CreateFromTemplate(Payload):
    template: Slug = Field(description="The template's slug, e.g. formats/one-day-hackathon")
    name: ShortText | None = Field(default=None, description="Default: the template's title")


class TickItem(Payload):
    phase_id: int = Field(ge=1, lt=2**53)
    item: Annotated[str, StringConstraints(min_length=1, max_length=ITEM_MAX)] = Field(
        description="The checklist item's text, exactly as listed"
    )
    done: bool
