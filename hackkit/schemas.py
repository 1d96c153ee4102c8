"""The shared vocabulary of every payload: the strict base model and the capped field types."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from hackkit.markup import MAX_MARKDOWN_CHARS

# The wall modes a phase may switch the wall to: the agenda and the wall speak of the same set.
WALL_MODES = (
    "join",
    "ideas",
    "results",
    "agenda",
    "announcement",
    "teams",
    "identify",
    "progress",
    "survey",
    "help",
)

# Ids and counts fit every database's integer (JavaScript's safe range, too).
Id = Annotated[int, Field(ge=1, le=2**53)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Markdown = Annotated[str, StringConstraints(max_length=MAX_MARKDOWN_CHARS)]


class Payload(BaseModel):
    """Base for every payload: unknown fields are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_max_length=MAX_MARKDOWN_CHARS)
