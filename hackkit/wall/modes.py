"""What a wall shows, and when a switch takes effect.

Pure: plain values in, plain values out. The service stores the result; every screen applies a
switch at the same server instant (``apply_at_ms``), each by a timer at that instant.
"""

from __future__ import annotations

from dataclasses import dataclass

from hackkit.schemas import WALL_MODES

MODES: tuple[str, ...] = WALL_MODES
# How far ahead a switch is scheduled: long enough for the message to reach every screen on a
# busy venue network (fan-out to 80 screens is ~20 ms p99 here), short enough to feel instant.
SWITCH_LEAD_MS = 250
# Bands and text sizes follow from the wall's minimum readable glyph.
BANNER_PER_GLYPH = 1.8


@dataclass(frozen=True)
class Switch:
    """A scheduled change of mode: what showed before, what shows from ``apply_at_ms`` on."""

    previous_mode: str
    mode: str
    apply_at_ms: int


def effective_mode(manual_mode: str, follow_agenda: bool, phase_mode: str | None) -> str:
    """The mode a wall shows: the running phase's while following the agenda, else its own."""
    if follow_agenda and phase_mode in MODES:
        return phase_mode
    return manual_mode


def schedule(shown_mode: str, new_mode: str, now_ms: int, lead_ms: int = SWITCH_LEAD_MS) -> Switch:
    """A switch from ``shown_mode`` to ``new_mode`` taking effect ``lead_ms`` from now."""
    if new_mode not in MODES:
        raise ValueError(f"unknown wall mode {new_mode!r}")
    return Switch(shown_mode, new_mode, now_ms + lead_ms)


def banner_px(glyph_px: int) -> int:
    """Height of the wall-wide banner (event, phase, countdown) for a given glyph size."""
    return max(1, round(glyph_px * BANNER_PER_GLYPH))
