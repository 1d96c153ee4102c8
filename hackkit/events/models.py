"""Events and what belongs to them in the foundation: participants, challenges, phases, news."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hackkit.database import Base, utcnow


class Event(Base):
    """One hackathon or sprint. ``rev`` orders every public change clients see."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    owner_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id"))
    # open / joins_closed / locked / ended / archived: see events/states.py.
    status: Mapped[str] = mapped_column(String(16), default="open")
    rev: Mapped[int] = mapped_column(BigInteger, default=0)
    # Bumped to revoke every display link of this event at once.
    display_version: Mapped[int] = mapped_column(Integer, default=1)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    playbook: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    phases: Mapped[list[Phase]] = relationship(
        back_populates="event", order_by="Phase.position", cascade="all, delete-orphan"
    )


class Participant(Base):
    """Someone who joined from a phone: a display name, no account."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("event_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(40))
    # Case- and space-folded name, so "Ada" and " ada " cannot both join.
    name_key: Mapped[str] = mapped_column(String(40))
    token_version: Mapped[int] = mapped_column(Integer, default=1)
    # Where the join came from, kept to spot one phone joining under several names, or a burst
    # of names from one address (events/suspicious.py): a random id the phone keeps in a
    # cookie, and the network address.
    device_id: Mapped[str | None] = mapped_column(String(64), index=True)
    join_address: Mapped[str | None] = mapped_column(String(64))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class InviteCode(Base):
    """A personal invite code (join protection): one per name or e-mail the facilitator
    imported; a join to an invite-only event needs one that nobody has used yet."""

    __tablename__ = "invite_codes"
    __table_args__ = (UniqueConstraint("event_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(12))
    # Whom the facilitator meant it for, as imported (a name or an e-mail address).
    label: Mapped[str] = mapped_column(String(120))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Challenge(Base):
    """A challenge brief, written in Markdown by the facilitator."""

    __tablename__ = "challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    brief_md: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Phase(Base):
    """One agenda phase. Its timer is stored as timestamps, so a restart changes nothing.

    running: ``started_at`` and ``ends_at`` set; paused: ``remaining_ms`` holds what was left.
    """

    __tablename__ = "phases"
    __table_args__ = (
        CheckConstraint("duration_s > 0", name="duration_positive"),
        CheckConstraint(
            "status IN ('pending', 'running', 'paused', 'done', 'skipped')", name="status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(80))
    duration_s: Mapped[int] = mapped_column(Integer)
    wall_mode: Mapped[str] = mapped_column(String(20), default="agenda")
    checklist: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    started_at_ms: Mapped[int | None] = mapped_column(BigInteger)
    ends_at_ms: Mapped[int | None] = mapped_column(BigInteger)
    remaining_ms: Mapped[int | None] = mapped_column(BigInteger)

    event: Mapped[Event] = relationship(back_populates="phases")


class Announcement(Base):
    """A message the facilitator posts to every screen."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    body_md: Mapped[str] = mapped_column(Text)
    created_at_ms: Mapped[int] = mapped_column(BigInteger)
