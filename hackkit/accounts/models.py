"""Facilitator accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hackkit.database import Base, utcnow


class Facilitator(Base):
    """A person who runs events; signs in with a password (argon2-hashed)."""

    __tablename__ = "facilitators"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    # Bumped to revoke every token and one-time link issued before (sign out everywhere).
    token_version: Mapped[int] = mapped_column(Integer, default=1)
    # The one-time sign-in link's secret; cleared when the link is used.
    signin_nonce: Mapped[str | None] = mapped_column(String(64))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
