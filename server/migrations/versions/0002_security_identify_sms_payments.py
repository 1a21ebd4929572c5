"""Security, face check at the centre, SMS sending and the payment providers (issues #14, #15, #18).

- ``kiosks.short_id`` (unique): the prefix of a kiosk's case numbers, checked on every record;
  ``kiosks.secret`` widened for the sealed form (server/secretbox.py).
- ``case_queries``: every case query, for the per-kiosk and per-case limits (server/querylimits.py).
- ``identify_sessions`` / ``identify_audit``: identify sessions at the centre (server/identify.py).
- ``sms_notices``: the sending columns (server/smssender.py).
- ``provider_orders``, ``payment_notices``, ``reconciliation_diffs``: the payment providers
  (server/gateways/).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("kiosks") as batch:
        batch.add_column(sa.Column("short_id", sa.String(length=8), nullable=True))
        batch.alter_column("secret", existing_type=sa.String(length=64), type_=sa.String(length=128),
                           existing_nullable=False)
    op.create_index("ix_kiosks_short_id", "kiosks", ["short_id"], unique=True)

    op.create_table(
        "case_queries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=False),
        sa.Column("case_number", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_queries_at", "case_queries", ["at"])
    op.create_index("ix_case_queries_case_at", "case_queries", ["case_number", "at"])
    op.create_index("ix_case_queries_kiosk_at", "case_queries", ["kiosk_id", "at"])

    op.create_table(
        "identify_sessions",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=False),
        sa.Column("id_number", sa.String(length=32), nullable=False),
        sa.Column("via", sa.String(length=8), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("attempts_used", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("token_sha256"),
    )
    op.create_index("ix_identify_sessions_expires_at", "identify_sessions", ["expires_at"])
    op.create_index("ix_identify_sessions_kiosk_id", "identify_sessions", ["kiosk_id"])
    op.create_table(
        "identify_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=False),
        sa.Column("session_ref", sa.String(length=16), nullable=False),
        sa.Column("event", sa.String(length=24), nullable=False),
        sa.Column("result", sa.String(length=24), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("via", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_identify_audit_at", "identify_audit", ["at"])
    op.create_index("ix_identify_audit_kiosk_id", "identify_audit", ["kiosk_id"])

    with op.batch_alter_table("sms_notices") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        for name in ("next_attempt_at", "claimed_until", "sent_at", "status_at"):
            batch.add_column(sa.Column(name, sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("biz_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("error_code", sa.String(length=64), nullable=True))

    op.create_table(
        "provider_orders",
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("qr_text", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("order_id"),
    )
    op.create_index("ix_provider_orders_provider", "provider_orders", ["provider"])
    op.create_index("ix_provider_orders_created_at", "provider_orders", ["created_at"])
    op.create_table(
        "payment_notices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("changed", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("provider", "digest"),
    )
    op.create_index("ix_payment_notices_order_id", "payment_notices", ["order_id"])
    op.create_table(
        "reconciliation_diffs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("provider_fen", sa.BigInteger(), nullable=True),
        sa.Column("our_fen", sa.BigInteger(), nullable=True),
        sa.Column("case_number", sa.String(length=64), nullable=True),
        sa.Column("found_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("day", "provider", "kind", "order_id"),
    )
    op.create_index("ix_reconciliation_diffs_day", "reconciliation_diffs", ["day"])


def downgrade() -> None:
    for table in ("reconciliation_diffs", "payment_notices", "provider_orders", "identify_audit",
                  "identify_sessions", "case_queries"):
        op.drop_table(table)
    with op.batch_alter_table("sms_notices") as batch:
        for name in ("attempts", "next_attempt_at", "claimed_until", "sent_at", "status_at", "biz_id",
                     "error_code"):
            batch.drop_column(name)
    op.drop_index("ix_kiosks_short_id", table_name="kiosks")
    with op.batch_alter_table("kiosks") as batch:
        batch.drop_column("short_id")
