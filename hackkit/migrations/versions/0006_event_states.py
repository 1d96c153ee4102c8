"""event states, join origin, invite codes: where each join came from, personal invite codes;
old "closed" events become "ended"

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
    op.create_table(
        "invite_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_invite_codes_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_invite_codes_participant_id_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invite_codes")),
        sa.UniqueConstraint("event_id", "code", name=op.f("uq_invite_codes_event_id_code")),
    )
    with op.batch_alter_table("invite_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invite_codes_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("invite_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invite_codes_event_id"))
    op.drop_table("invite_codes")
    op.execute("UPDATE events SET status = 'closed' WHERE status <> 'open'")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participants_device_id"))
        batch_op.drop_column("join_address")
        batch_op.drop_column("device_id")
