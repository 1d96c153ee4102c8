"""Payloads of the wall's actions: validated and capped before any service sees them."""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from hackkit.schemas import WALL_MODES, Payload
from hackkit.wall.layout import MAX_KEY_LENGTH, MAX_SCREENS

WallName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
ScreenKey = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_KEY_LENGTH)
]
Mode = Literal[WALL_MODES]  # type: ignore[valid-type]


class GridFields(Payload):
    """A rows x columns wall of equal screens, with the bezel (mullion) between them in pixels."""

    rows: int = Field(ge=1, le=40)
    cols: int = Field(ge=1, le=40)
    screen_w: int = Field(ge=160, le=8192, description="Pixels across one screen")
    screen_h: int = Field(ge=120, le=8192, description="Pixels down one screen")
    bezel_x: int = Field(default=0, ge=0, le=2000, description="Pixels hidden between columns")
    bezel_y: int = Field(default=0, ge=0, le=2000, description="Pixels hidden between rows")

    @model_validator(mode="after")
    def _not_too_many(self) -> GridFields:
        if self.rows * self.cols > MAX_SCREENS:
            raise ValueError(f"a wall has at most {MAX_SCREENS} screens")
        return self


class FreeScreen(Payload):
    """A screen placed as a free rectangle on the canvas, for odd set-ups."""

    key: ScreenKey
    x: int = Field(ge=0, le=100_000)
    y: int = Field(ge=0, le=100_000)
    w: int = Field(ge=160, le=16_384)
    h: int = Field(ge=120, le=16_384)


class WallFields(Payload):
    """A wall: its name, its geometry (a grid or free screens) and how it is read."""

    name: WallName
    grid: GridFields | None = None
    screens: list[FreeScreen] | None = Field(default=None, max_length=MAX_SCREENS)
    viewing_distance_m: float = Field(default=3.0, gt=0, le=200, description="Where people stand")
    pixel_pitch_mm: float = Field(default=0.6, ge=0.05, le=50, description="Size of one pixel")
    dwell_s: float = Field(default=12, ge=1, le=600, description="Seconds each page of cards shows")

    @model_validator(mode="after")
    def _one_geometry(self) -> WallFields:
        if (self.grid is None) == (self.screens is None):
            raise ValueError("give either a grid or a list of screens")
        if self.screens is not None and not self.screens:
            raise ValueError("a wall needs at least one screen")
        return self


class SetMode(Payload):
    """Switch what a wall shows; every screen switches together ~250 ms later."""

    mode: Mode
    follow_agenda: bool = Field(default=False, description="Let agenda phases switch the mode")
    ballot_id: int | None = Field(default=None, ge=1, description="Ballot shown in results mode")
    message_md: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = Field(
        default="", description="Announcement takeover text; empty shows the latest announcement"
    )


class ScreenHello(Payload):
    """A screen introduces itself on (re)connect; without a known id and secret it is new."""

    screen_id: int | None = Field(default=None, ge=1, le=2**53)
    secret: str | None = Field(default=None, max_length=64)
    wall_id: int | None = Field(default=None, ge=1, le=2**53, description="From the URL, with at")
    at: ScreenKey | None = Field(default=None, description="Position named by the URL")
    viewport_w: int | None = Field(default=None, ge=1, le=100_000)
    viewport_h: int | None = Field(default=None, ge=1, le=100_000)
    user_agent: str = Field(default="", max_length=400)


class ScreenReport(Payload):
    """A screen's health: its clock estimate and its window size."""

    offset_ms: float = Field(ge=-1e13, le=1e13)
    rtt_ms: float = Field(ge=0, le=600_000)
    viewport_w: int | None = Field(default=None, ge=1, le=100_000)
    viewport_h: int | None = Field(default=None, ge=1, le=100_000)

    @field_validator("offset_ms", "rtt_ms")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value


class AssignScreen(Payload):
    """Place a screen at a wall position; no wall means take it off its wall (it waits)."""

    wall_id: int | None = Field(default=None, ge=1, le=2**53)
    position: ScreenKey | None = None

    @model_validator(mode="after")
    def _both_or_neither(self) -> AssignScreen:
        if (self.wall_id is None) != (self.position is None):
            raise ValueError("give both wall_id and position, or neither to unassign")
        return self


class ScreenSettings(Payload):
    """Per-screen settings the facilitator tunes."""

    latency_ms: int = Field(
        ge=0, le=1000, description="The TV's own display lag, shown earlier by this much"
    )
