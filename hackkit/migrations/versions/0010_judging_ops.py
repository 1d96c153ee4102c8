"""judging operations: conflicts of interest jurors declare, and jurors or ideas set aside
from judging (absent, busy, team absent) with the reason

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jury_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("juror_id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("declared_at_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_jury_conflicts_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_jury_conflicts_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["juror_id"],
            ["jury_members.id"],
            name=op.f("fk_jury_conflicts_juror_id_jury_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jury_conflicts")),
        sa.UniqueConstraint("juror_id", "idea_id", name=op.f("uq_jury_conflicts_juror_id_idea_id")),
    )
    with op.batch_alter_table("jury_conflicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jury_conflicts_event_id"), ["event_id"], unique=False)
    op.create_table(
        "judging_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("juror_id", sa.Integer(), nullable=True),
        sa.Column("idea_id", sa.Integer(), nullable=True),
        sa.Column("flag", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("set_at_ms", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "flag IN ('absent', 'busy', 'team_absent')", name=op.f("ck_judging_flags_flag_known")
        ),
        sa.CheckConstraint(
            "(juror_id IS NULL) <> (idea_id IS NULL)",
            name=op.f("ck_judging_flags_flags_one_juror_or_one_idea"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_judging_flags_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_judging_flags_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["juror_id"],
            ["jury_members.id"],
            name=op.f("fk_judging_flags_juror_id_jury_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judging_flags")),
        sa.UniqueConstraint("idea_id", name=op.f("uq_judging_flags_idea_id")),
        sa.UniqueConstraint("juror_id", name=op.f("uq_judging_flags_juror_id")),
    )
    with op.batch_alter_table("judging_flags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_judging_flags_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("judging_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_judging_flags_event_id"))
    op.drop_table("judging_flags")
    with op.batch_alter_table("jury_conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jury_conflicts_event_id"))
    op.drop_table("jury_conflicts")
