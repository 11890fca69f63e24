"""The overview's counts and assignments read from indexes alone.

The rounds pane and the overview count each round's and each dossier's submitted
current reviews. The index on (round_id, current) still sent every count to the
table rows, which carry the signed payloads (54 MB for a provincial round's 14,000
reviews, read again on every refresh); with status and dossier_id added the counts
are answered from the index alone. Likewise a round's assignments (who reviews
which dossier) come from the round's index once it holds both ids.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain index operations: SQLite needs no table copy for these.
    op.drop_index("ix_reviews_current", table_name="reviews")
    op.create_index("ix_reviews_current", "reviews", ["round_id", "current", "status", "dossier_id"])
    op.drop_index("ix_assignments_round_id", table_name="assignments")
    op.create_index("ix_assignments_round_id", "assignments", ["round_id", "dossier_id", "expert_id"])


def downgrade() -> None:
    op.drop_index("ix_reviews_current", table_name="reviews")
    op.create_index("ix_reviews_current", "reviews", ["round_id", "current"])
    op.drop_index("ix_assignments_round_id", table_name="assignments")
    op.create_index("ix_assignments_round_id", "assignments", ["round_id"])
