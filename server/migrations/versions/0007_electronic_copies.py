"""Electronic copies (电子证照) of issued documents (issue #17 item 1, server/ecopy.py): the
one-time links shown as a QR on the kiosk, stored only as the SHA-256 of their token.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "electronic_copy_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("fetches", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_electronic_copy_tokens_code", "electronic_copy_tokens", ["code"])


def downgrade() -> None:
    op.drop_index("ix_electronic_copy_tokens_code", table_name="electronic_copy_tokens")
    op.drop_table("electronic_copy_tokens")
