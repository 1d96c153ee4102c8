"""event states, join origin: where each join came from; old "closed" events become "ended"

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("join_address", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_participants_device_id"), ["device_id"], unique=False)
    # "closed" meant "over" before events had states (events/states.py).
    op.execute("UPDATE events SET status = 'ended' WHERE status = 'closed'")


def downgrade() -> None:
    op.execute("UPDATE events SET status = 'closed' WHERE status <> 'open'")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participants_device_id"))
        batch_op.drop_column("join_address")
        batch_op.drop_column("device_id")
