"""The household number (户号) of each register entry: the kinship certificate (ZM-0301,
server/documents.py) reads who lives in the same household from it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("household_register", sa.Column("household_no", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("household_register") as batch:
        batch.drop_column("household_no")
