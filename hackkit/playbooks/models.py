"""Checklist ticks: which items of a phase's checklist the crew has done.

A tick names its item by text, not by position: when the facilitator edits a checklist, the
ticks stay with the items they were made on, and a removed item's tick simply no longer shows.
Unticking keeps the row (``done`` false) so that the time of the last change orders concurrent
clicks on the same item from two consoles.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hackkit.database import Base

ITEM_MAX = 200  # the longest checklist item the playbook schema and PhaseFields accept
TICKED_BY_MAX = 80


class ChecklistTick(Base):
    """The state of one checklist item of one phase, and who changed it last."""

    __tablename__ = "checklist_ticks"
    __table_args__ = (UniqueConstraint("phase_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(ITEM_MAX))
    done: Mapped[bool] = mapped_column(Boolean, default=True)
    changed_by: Mapped[str] = mapped_column(String(TICKED_BY_MAX), default="")
    changed_at_ms: Mapped[int] = mapped_column(BigInteger)
