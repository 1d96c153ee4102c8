"""Issued credentials: the signed document as it was handed out, and its revocation bit.

The document is kept as the exact JSON text that was signed and downloaded, so the file a
participant holds and the row here are the same bytes. ``status_index`` is the credential's
bit in its event's revocation list (statuslist.py), unique within the event.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hackkit.database import Base, utcnow

KIND_MAX = 20
AWARD_KEY_MAX = 40
REASON_MAX = 200


class Credential(Base):
    """One Open Badges 3.0 credential issued to a participant, a juror or a mentor of an event."""

    __tablename__ = "credentials"
    __table_args__ = (
        # Per event, not global: an event copied from its archive holds the same documents.
        UniqueConstraint("event_id", "uid"),
        UniqueConstraint("event_id", "status_index"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(36))  # the credential's urn:uuid
    kind: Mapped[str] = mapped_column(String(KIND_MAX))
    award_key: Mapped[str] = mapped_column(String(AWARD_KEY_MAX))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    juror_id: Mapped[int | None] = mapped_column(
        ForeignKey("jury_members.id", ondelete="CASCADE"), index=True
    )
    mentor_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentors.id", ondelete="CASCADE"), index=True
    )
    recipient_name: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(120))
    status_index: Mapped[int] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_reason: Mapped[str] = mapped_column(String(REASON_MAX), default="")
