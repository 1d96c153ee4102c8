"""voting: ballots, voter rolls, stored ballots, pairwise decisions, jury

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jury_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("token_version", sa.Integer(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_jury_members_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jury_members")),
    )
    with op.batch_alter_table("jury_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jury_members_event_id"), ["event_id"], unique=False)

    op.create_table(
        "ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("scope", sa.String(length=12), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("shortlist", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("visibility", sa.String(length=8), nullable=False),
        sa.Column("voters", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("phase_id", sa.Integer(), nullable=True),
        sa.Column("opened_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("closed_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("revealed_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("last_vote_ms", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "scope IN ('all', 'challenge', 'shortlist')", name=op.f("ck_ballots_scope_known")
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'open', 'closed')", name=op.f("ck_ballots_status_known")
        ),
        sa.CheckConstraint(
            "visibility IN ('live', 'hidden', 'never')", name=op.f("ck_ballots_visibility_known")
        ),
        sa.CheckConstraint(
            "voters IN ('participants', 'jury', 'both')", name=op.f("ck_ballots_voters_known")
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_ballots_challenge_id_challenges"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_ballots_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["phase_id"],
            ["phases.id"],
            name=op.f("fk_ballots_phase_id_phases"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballots")),
    )
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ballots_event_id"), ["event_id"], unique=False)

    op.create_table(
        "ballot_voters",
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("voter_kind", sa.String(length=12), nullable=False),
        sa.Column("voter_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballots.id"],
            name=op.f("fk_ballot_voters_ballot_id_ballots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "ballot_id", "voter_kind", "voter_id", name=op.f("pk_ballot_voters")
        ),
    )
    op.create_table(
        "pair_assignments",
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("judge", sa.String(length=32), nullable=False),
        sa.Column("item_a", sa.String(length=32), nullable=False),
        sa.Column("item_b", sa.String(length=32), nullable=False),
        sa.Column("assigned_at_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballots.id"],
            name=op.f("fk_pair_assignments_ballot_id_ballots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("ballot_id", "judge", name=op.f("pk_pair_assignments")),
    )
    op.create_table(
        "stored_ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=32), nullable=False),
        sa.Column("slot", sa.String(length=64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("vote_id", sa.String(length=64), nullable=False),
        sa.Column("cast_at_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballots.id"],
            name=op.f("fk_stored_ballots_ballot_id_ballots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_ballots")),
        sa.UniqueConstraint(
            "ballot_id",
            "pseudonym",
            "slot",
            name=op.f("uq_stored_ballots_ballot_id_pseudonym_slot"),
        ),
        sa.UniqueConstraint("vote_id", name=op.f("uq_stored_ballots_vote_id")),
    )
    op.create_table(
        "vote_receipts",
        sa.Column("vote_id", sa.String(length=64), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballots.id"],
            name=op.f("fk_vote_receipts_ballot_id_ballots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vote_id", name=op.f("pk_vote_receipts")),
    )
    with op.batch_alter_table("vote_receipts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_receipts_ballot_id"), ["ballot_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vote_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_receipts_ballot_id"))

    op.drop_table("vote_receipts")
    op.drop_table("stored_ballots")
    op.drop_table("pair_assignments")
    op.drop_table("ballot_voters")
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ballots_event_id"))

    op.drop_table("ballots")
    with op.batch_alter_table("jury_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jury_members_event_id"))

    op.drop_table("jury_members")
