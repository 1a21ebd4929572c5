"""A citizen's own records the kiosk's query items read (issue #17 item 6, server/own_records.py):
exit and entry records (CRJ-0301) and the vehicle facts of the inspection-mark rule (JG-0301).
The household record (ZM-0202) reads the household_register of 0003.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "exit_entry_records",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id_number", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("port_zh", sa.String(length=64), nullable=False),
        sa.Column("port_en", sa.String(length=64), nullable=False),
        sa.Column("document", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_exit_entry_records_id_number", "exit_entry_records", ["id_number"])
    op.create_table(
        "vehicle_records",
        sa.Column("plate", sa.String(length=16), nullable=False),
        sa.Column("owner_id_number", sa.String(length=32), nullable=False),
        sa.Column("vehicle_type", sa.String(length=24), nullable=False),
        sa.Column("operating", sa.Boolean(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("insurance_until", sa.Date(), nullable=False),
        sa.Column("injury_accident", sa.Boolean(), nullable=False),
        sa.Column("flag", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("plate"),
    )


def downgrade() -> None:
    op.drop_table("vehicle_records")
    op.drop_table("exit_entry_records")
