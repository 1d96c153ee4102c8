"""Teams and what they make: profiles, teams, members, ideas and their history, progress posts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hackkit.database import Base, utcnow


class Profile(Base):
    """What a participant says about themselves, for finding a team."""

    __tablename__ = "profiles"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)  # from the event's skill list
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)  # free tags
    interests: Mapped[str] = mapped_column(String(500), default="")
    preferences: Mapped[list[int]] = mapped_column(
        JSON, default=list
    )  # challenge ids, best first, <= 3
    organisation: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(80))
    role: Mapped[str | None] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Team(Base):
    """A team. ``member_count`` is kept by the same statements that add and remove members,
    and the CHECK constraint makes the database itself refuse a seat beyond ``max_size``."""

    __tablename__ = "teams"
    __table_args__ = (
        UniqueConstraint("event_id", "code"),
        CheckConstraint("member_count >= 0 AND member_count <= max_size", name="capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    code: Mapped[str] = mapped_column(String(8))
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="SET NULL")
    )
    stage: Mapped[str] = mapped_column(String(40), default="")
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    max_size: Mapped[int] = mapped_column(Integer)
    member_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TeamMember(Base):
    """Membership. One row per participant at most: nobody is in two teams."""

    __tablename__ = "team_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Idea(Base):
    """An idea submitted to a challenge, by a team (or a person, where the event allows it)."""

    __tablename__ = "ideas"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(120))
    pitch: Mapped[str] = mapped_column(String(200), default="")
    description_md: Mapped[str] = mapped_column(Text, default="")
    links: Mapped[list[str]] = mapped_column(JSON, default=list)
    image: Mapped[str | None] = mapped_column(String(80))  # file name in the instance's uploads
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IdeaRevision(Base):
    """Every saved version of an idea, for the facilitator's history view."""

    __tablename__ = "idea_revisions"
    __table_args__ = (UniqueConstraint("idea_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(120))
    pitch: Mapped[str] = mapped_column(String(200), default="")
    description_md: Mapped[str] = mapped_column(Text, default="")
    links: Mapped[list[str]] = mapped_column(JSON, default=list)
    image: Mapped[str | None] = mapped_column(String(80))
    challenge_id: Mapped[int | None] = mapped_column(Integer)
    edited_by: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )
    edited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProgressPost(Base):
    """A "working out loud" post in a team's progress feed."""

    __tablename__ = "progress_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
