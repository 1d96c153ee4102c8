"""wall: walls, screens, wall state

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "walls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.Column("grid", sa.JSON(), nullable=True),
        sa.Column("viewing_distance_m", sa.Float(), nullable=False),
        sa.Column("pixel_pitch_mm", sa.Float(), nullable=False),
        sa.Column("dwell_ms", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("follow_agenda", sa.Boolean(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("shown_mode", sa.String(length=20), nullable=False),
        sa.Column("previous_mode", sa.String(length=20), nullable=False),
        sa.Column("apply_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("epoch_ms", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_walls_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_walls")),
        sa.UniqueConstraint("event_id", "name", name=op.f("uq_walls_event_id_name")),
    )
    with op.batch_alter_table("walls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_walls_event_id"), ["event_id"], unique=False)

    op.create_table(
        "wall_screens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("wall_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(length=64), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("last_seen_ms", sa.BigInteger(), nullable=False),
        sa.Column("offset_ms", sa.Float(), nullable=True),
        sa.Column("rtt_ms", sa.Float(), nullable=True),
        sa.Column("viewport_w", sa.Integer(), nullable=True),
        sa.Column("viewport_h", sa.Integer(), nullable=True),
        sa.Column("user_agent", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_wall_screens_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["wall_id"],
            ["walls.id"],
            name=op.f("fk_wall_screens_wall_id_walls"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wall_screens")),
        sa.UniqueConstraint("event_id", "number", name=op.f("uq_wall_screens_event_id_number")),
        sa.UniqueConstraint("wall_id", "position", name=op.f("uq_wall_screens_wall_id_position")),
    )
    with op.batch_alter_table("wall_screens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wall_screens_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_wall_screens_wall_id"), ["wall_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("wall_screens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wall_screens_wall_id"))
        batch_op.drop_index(batch_op.f("ix_wall_screens_event_id"))

    op.drop_table("wall_screens")
    with op.batch_alter_table("walls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_walls_event_id"))

    op.drop_table("walls")
