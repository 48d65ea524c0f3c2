"""Board snapshots, and a covering index for the board's window scan.

The hot board aggregates every mention in its window; the index on (at, entity_id, weight,
source_id, sentiment) lets that scan read the index alone instead of a table row per mention
(it replaces the narrower (at, entity_id) index). `board_snapshots` keeps the last computed
board per window and market, which readers are served while it is fresh (marketbuzz.board_cache).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "board_snapshots",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("computed_at", sa.Float(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mentions_window",
            ["at", "entity_id", "weight", "source_id", "sentiment"],
            unique=False,
        )
        batch_op.drop_index("ix_mentions_at_entity")


def downgrade() -> None:
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index("ix_mentions_at_entity", ["at", "entity_id"], unique=False)
        batch_op.drop_index("ix_mentions_window")
    op.drop_table("board_snapshots")
