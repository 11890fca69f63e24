"""Exchange records and the expert's desk; full-text index of dossier pages.

Adds return-file records, paper double entry, reading positions and private notes,
the trim threshold of rounds, and an FTS5 (trigram) index of page texts so that
Chinese, which has no spaces between words, can be searched.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("trim_threshold", sa.Integer(), nullable=False, server_default="5"))
    with op.batch_alter_table("dossier_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("indexed", sa.Boolean(), nullable=False, server_default=sa.false()))

    op.create_table('notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notes_sha256'), ['sha256'], unique=False)

    op.create_table('reader_state',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('zoom', sa.String(length=20), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )

    op.create_table('return_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('expert_id', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reviews', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('return_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_return_files_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_return_files_sha256'), ['sha256'], unique=False)

    op.create_table('paper_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('entered_by', sa.String(length=100), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('paper_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_entries_review_id'), ['review_id'], unique=False)
    op.execute(
        "CREATE VIRTUAL TABLE page_text USING fts5("
        "sha256 UNINDEXED, page UNINDEXED, text, tokenize='trigram')"
    )


def downgrade() -> None:
    op.execute("DROP TABLE page_text")
    for table in ("paper_entries", "return_files", "reader_state", "notes"):
        op.drop_table(table)
    with op.batch_alter_table("dossier_files", schema=None) as batch_op:
        batch_op.drop_column("indexed")
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_column("trim_threshold")
