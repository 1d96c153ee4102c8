"""Mentors and the help queue: mentors invited by link, and teams' help requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from hackkit.database import Base, utcnow

# The states in which a request holds its team's one place in the queue.
LIVE_STATES = ("open", "claimed")


class Mentor(Base):
    """A mentor, invited by a personal link (like a juror); revoking bumps the token version."""

    __tablename__ = "mentors"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)  # from the event's skill list
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    availability_note: Mapped[str] = mapped_column(String(120), default="")
    token_version: Mapped[int] = mapped_column(Integer, default=1)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class HelpRequest(Base):
    """One team's call for help. The partial unique index lets the database itself refuse a
    second open (or claimed) request of a team, whichever process the two requests reach."""

    __tablename__ = "help_requests"
    __table_args__ = (
        Index(
            "uq_help_requests_one_live_per_team",
            "team_id",
            unique=True,
            sqlite_where=text("status IN ('open', 'claimed')"),
            postgresql_where=text("status IN ('open', 'claimed')"),
        ),
        CheckConstraint("urgency >= 0 AND urgency <= 2", name="urgency_range"),
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    asked_by: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"))
    topic: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(280), default="")
    location_kind: Mapped[str] = mapped_column(String(10))  # table, room or online
    location: Mapped[str] = mapped_column(String(60), default="")
    call_url: Mapped[str | None] = mapped_column(String(300))
    urgency: Mapped[int] = mapped_column(Integer, default=1)  # 0 low, 1 normal, 2 blocked
    preferred_mentor_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentors.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    mentor_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentors.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    renewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    close_note: Mapped[str] = mapped_column(String(500), default="")
    rating: Mapped[int | None] = mapped_column(Integer)
