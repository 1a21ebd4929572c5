"""Documents issued at the kiosk (issue #17): the household register extract the centre issues
from (demo data in demo mode) and every signed document it issued (server/documents.py).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "household_register",
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("gender", sa.String(length=4), nullable=False),
        sa.Column("nation", sa.String(length=16), nullable=False),
        sa.Column("birth", sa.String(length=10), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("head_name", sa.String(length=64), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("station", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id_number"),
    )
    op.create_table(
        "issued_documents",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=18), nullable=False),
        sa.Column("canonical", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(length=86), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("printed_at", sa.DateTime(), nullable=True),
        sa.Column("prints", sa.Integer(), nullable=False),
        sa.Column("failed_prints", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
        sa.UniqueConstraint("kiosk_id", "request_id", name="uq_issued_documents_request"),
    )
    op.create_index("ix_issued_documents_subject", "issued_documents", ["subject"])


def downgrade() -> None:
    op.drop_table("issued_documents")
    op.drop_table("household_register")
