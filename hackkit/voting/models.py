"""Voting models: ballots, the voter roll, stored ballots, receipts, jury members, pair slots.

Who voted and what was voted are kept apart. ``ballot_voters`` (the roll) names people and
nothing else: no content, no time. ``stored_ballots`` holds content under a pseudonym, an HMAC
of the voter with the server's secret key, so neither table alone ties a choice to a person.
One ballot per voter is the unique constraint ``(ballot_id, pseudonym, slot)``; ``slot`` is ""
for every method except the jury rubric (one row per scored item) and pairwise judging (one
row per judged pair), whose ballots are naturally many small decisions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hackkit.database import Base, utcnow

PSEUDONYM_LENGTH = 32
VOTE_ID_MAX = 64
SLOT_MAX = 64


class Ballot(Base):
    """A vote over a set of ideas with one method; opened, closed and revealed by hand or agenda.

    ``options`` are idea ids as strings, resolved from ``scope`` when the ballot opens and
    frozen from then on. ``last_vote_ms`` is touched by every batch of votes: the update is how
    the vote writer checks, inside its own transaction, that the ballot is still open.
    """

    __tablename__ = "ballots"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'open', 'closed')", name="status_known"),
        CheckConstraint("visibility IN ('live', 'hidden', 'never')", name="visibility_known"),
        CheckConstraint("voters IN ('participants', 'jury', 'both')", name="voters_known"),
        CheckConstraint("scope IN ('all', 'challenge', 'shortlist')", name="scope_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    method: Mapped[str] = mapped_column(String(16))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    scope: Mapped[str] = mapped_column(String(12), default="all")
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="SET NULL")
    )
    shortlist: Mapped[list[int]] = mapped_column(JSON, default=list)
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    visibility: Mapped[str] = mapped_column(String(8), default="live")
    voters: Mapped[str] = mapped_column(String(12), default="participants")
    status: Mapped[str] = mapped_column(String(8), default="draft")
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phases.id", ondelete="SET NULL"))
    opened_at_ms: Mapped[int | None] = mapped_column(BigInteger)
    closed_at_ms: Mapped[int | None] = mapped_column(BigInteger)
    revealed_at_ms: Mapped[int | None] = mapped_column(BigInteger)
    last_vote_ms: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class BallotVoter(Base):
    """The voter roll: who has voted in a ballot. Deliberately nothing else, not even a time."""

    __tablename__ = "ballot_voters"

    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("ballots.id", ondelete="CASCADE"), primary_key=True
    )
    voter_kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    voter_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class StoredBallot(Base):
    """What was voted, under the voter's pseudonym; a changed ballot replaces its row."""

    __tablename__ = "stored_ballots"
    __table_args__ = (UniqueConstraint("ballot_id", "pseudonym", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"))
    pseudonym: Mapped[str] = mapped_column(String(PSEUDONYM_LENGTH))
    slot: Mapped[str] = mapped_column(String(SLOT_MAX), default="")
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    # The client's id for the submission now in this row (unique: a retry cannot add a row).
    vote_id: Mapped[str] = mapped_column(String(VOTE_ID_MAX), unique=True)
    cast_at_ms: Mapped[int] = mapped_column(BigInteger)


class VoteReceipt(Base):
    """Every client vote id ever accepted, so a late retry of a replaced vote is still a
    duplicate (acknowledged, not applied again) rather than a change back."""

    __tablename__ = "vote_receipts"

    vote_id: Mapped[str] = mapped_column(String(VOTE_ID_MAX), primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"), index=True)
    pseudonym: Mapped[str] = mapped_column(String(PSEUDONYM_LENGTH))


class JuryMember(Base):
    """A juror, invited by a personal link; ``weight`` multiplies their ballots."""

    __tablename__ = "jury_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    token_version: Mapped[int] = mapped_column(Integer, default=1)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PairAssignment(Base):
    """The pair a judge is looking at now, in the database so every process agrees on who is
    busy with what, and a restart forgets nothing."""

    __tablename__ = "pair_assignments"

    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("ballots.id", ondelete="CASCADE"), primary_key=True
    )
    judge: Mapped[str] = mapped_column(String(PSEUDONYM_LENGTH), primary_key=True)
    item_a: Mapped[str] = mapped_column(String(32))
    item_b: Mapped[str] = mapped_column(String(32))
    assigned_at_ms: Mapped[int] = mapped_column(BigInteger)


class JuryConflict(Base):
    """A conflict of interest a juror declared with an idea: they are never given it to judge."""

    __tablename__ = "jury_conflicts"
    __table_args__ = (UniqueConstraint("juror_id", "idea_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("jury_members.id", ondelete="CASCADE"))
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(200), default="")
    declared_at_ms: Mapped[int] = mapped_column(BigInteger)


class JudgingFlag(Base):
    """What the facilitator set aside from judging, and why: a juror who is absent or busy,
    or an idea whose team is absent. A flagged juror or idea is not assigned while flagged."""

    __tablename__ = "judging_flags"
    __table_args__ = (
        CheckConstraint("flag IN ('absent', 'busy', 'team_absent')", name="flag_known"),
        CheckConstraint(
            "(juror_id IS NULL) <> (idea_id IS NULL)", name="flags_one_juror_or_one_idea"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    juror_id: Mapped[int | None] = mapped_column(
        ForeignKey("jury_members.id", ondelete="CASCADE"), unique=True
    )
    idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), unique=True
    )
    flag: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(200), default="")
    set_at_ms: Mapped[int] = mapped_column(BigInteger)
