"""Walls and the screens that make them up.

A wall is one logical canvas (its geometry: screens placed on it, bezels included) and what it
shows now. A screen is one browser showing a display link; it is registered the first time it
opens the link and keeps a secret in its local storage, so a reload finds its place again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hackkit.database import Base, utcnow


class Wall(Base):
    """A wall of screens and its content mode.

    ``shown_mode`` is the mode in effect: the phase's ``wall_mode`` while ``follow_agenda`` is on
    and a phase is under way, else ``mode``. ``apply_at_ms`` is the server time the last switch
    took effect on every screen together, and ``previous_mode`` what showed before it.
    """

    __tablename__ = "walls"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)  # WallGeometry.to_dict()
    grid: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the grid form it was made from
    viewing_distance_m: Mapped[float] = mapped_column(Float, default=4.0)
    pixel_pitch_mm: Mapped[float] = mapped_column(Float, default=0.6)
    dwell_ms: Mapped[int] = mapped_column(Integer, default=12_000)
    mode: Mapped[str] = mapped_column(String(20), default="join")
    follow_agenda: Mapped[bool] = mapped_column(Boolean, default=True)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # ballot_id, message_md
    shown_mode: Mapped[str] = mapped_column(String(20), default="join")
    previous_mode: Mapped[str] = mapped_column(String(20), default="join")
    apply_at_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    epoch_ms: Mapped[int] = mapped_column(BigInteger, default=0)  # page rotation starts here
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WallScreen(Base):
    """One browser showing the display link, identified by a number people read off it."""

    __tablename__ = "wall_screens"
    __table_args__ = (
        UniqueConstraint("event_id", "number"),
        UniqueConstraint("wall_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    secret: Mapped[str] = mapped_column(String(64))
    wall_id: Mapped[int | None] = mapped_column(
        ForeignKey("walls.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[str | None] = mapped_column(String(64))  # a screen key of the wall geometry
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)  # the TV's own input lag
    # Health, as the screen last reported it.
    last_seen_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    offset_ms: Mapped[float | None] = mapped_column(Float)
    rtt_ms: Mapped[float | None] = mapped_column(Float)
    viewport_w: Mapped[int | None] = mapped_column(Integer)
    viewport_h: Mapped[int | None] = mapped_column(Integer)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
