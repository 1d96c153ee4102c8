"""credentials: the Open Badges 3.0 credentials an event issued, with their revocation bits

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("award_key", sa.String(length=40), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("juror_id", sa.Integer(), nullable=True),
        sa.Column("mentor_id", sa.Integer(), nullable=True),
        sa.Column("recipient_name", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("status_index", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_credentials_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["juror_id"],
            ["jury_members.id"],
            name=op.f("fk_credentials_juror_id_jury_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentors.id"],
            name=op.f("fk_credentials_mentor_id_mentors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_credentials_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credentials")),
        sa.UniqueConstraint(
            "event_id", "status_index", name=op.f("uq_credentials_event_id_status_index")
        ),
        sa.UniqueConstraint("event_id", "uid", name=op.f("uq_credentials_event_id_uid")),
    )
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credentials_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_credentials_juror_id"), ["juror_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_credentials_mentor_id"), ["mentor_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_credentials_participant_id"), ["participant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credentials_participant_id"))
        batch_op.drop_index(batch_op.f("ix_credentials_mentor_id"))
        batch_op.drop_index(batch_op.f("ix_credentials_juror_id"))
        batch_op.drop_index(batch_op.f("ix_credentials_event_id"))

    op.drop_table("credentials")
