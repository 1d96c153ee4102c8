"""mentors and help requests: the mentor role, and teams' requests with one live request per
team enforced by a partial unique index (SQLite and PostgreSQL)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 02:13:40.233008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mentors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("availability_note", sa.String(length=120), nullable=False),
        sa.Column("token_version", sa.Integer(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_mentors_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentors")),
    )
    with op.batch_alter_table("mentors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentors_event_id"), ["event_id"], unique=False)

    op.create_table(
        "help_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("asked_by", sa.Integer(), nullable=True),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=280), nullable=False),
        sa.Column("location_kind", sa.String(length=10), nullable=False),
        sa.Column("location", sa.String(length=60), nullable=False),
        sa.Column("call_url", sa.String(length=300), nullable=True),
        sa.Column("urgency", sa.Integer(), nullable=False),
        sa.Column("preferred_mentor_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("renewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_note", sa.String(length=500), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "rating IS NULL OR (rating >= 1 AND rating <= 5)",
            name=op.f("ck_help_requests_rating_range"),
        ),
        sa.CheckConstraint(
            "urgency >= 0 AND urgency <= 2", name=op.f("ck_help_requests_urgency_range")
        ),
        sa.ForeignKeyConstraint(
            ["asked_by"],
            ["participants.id"],
            name=op.f("fk_help_requests_asked_by_participants"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_help_requests_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentors.id"],
            name=op.f("fk_help_requests_mentor_id_mentors"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["preferred_mentor_id"],
            ["mentors.id"],
            name=op.f("fk_help_requests_preferred_mentor_id_mentors"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_help_requests_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_requests")),
    )
    with op.batch_alter_table("help_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_help_requests_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_help_requests_mentor_id"), ["mentor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_help_requests_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_help_requests_team_id"), ["team_id"], unique=False)
        batch_op.create_index(
            "uq_help_requests_one_live_per_team",
            ["team_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('open', 'claimed')"),
            postgresql_where=sa.text("status IN ('open', 'claimed')"),
        )


def downgrade() -> None:
    with op.batch_alter_table("help_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_help_requests_one_live_per_team",
            sqlite_where=sa.text("status IN ('open', 'claimed')"),
            postgresql_where=sa.text("status IN ('open', 'claimed')"),
        )
        batch_op.drop_index(batch_op.f("ix_help_requests_team_id"))
        batch_op.drop_index(batch_op.f("ix_help_requests_status"))
        batch_op.drop_index(batch_op.f("ix_help_requests_mentor_id"))
        batch_op.drop_index(batch_op.f("ix_help_requests_event_id"))

    op.drop_table("help_requests")
    with op.batch_alter_table("mentors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentors_event_id"))

    op.drop_table("mentors")
