"""Schema as of the last release without migrations (made by create_all at every start).

The first revision, written so that it also adopts a database that release made: a table that
already exists is left as it is (rows and all), one that is missing (e.g. ``sms_notices`` in a
database older than that release) is created. On an empty database it is a plain CREATE of
everything.

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _missing(table: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(table)


def upgrade() -> None:
    if _missing("cases"):
        op.create_table(
            "cases",
            sa.Column("case_number", sa.String(length=64), nullable=False),
            sa.Column("item_code", sa.String(length=32), nullable=False),
            sa.Column("kiosk_id", sa.String(length=64), nullable=True),
            sa.Column("record_id", sa.String(length=64), nullable=True),
            sa.Column("id_last4", sa.String(length=4), nullable=True),
            sa.Column("status", sa.String(length=24), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("case_number"),
        )
        op.create_index(op.f("ix_cases_created_at"), "cases", ["created_at"], unique=False)

    if _missing("catalog_versions"):
        op.create_table(
            "catalog_versions",
            sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("version", sa.String(length=64), nullable=False),
            sa.Column("sha256", sa.String(length=64), nullable=False),
            sa.Column("files", sa.JSON(), nullable=False),
            sa.Column("published_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("seq"),
            sa.UniqueConstraint("version"),
        )

    if _missing("code_orders"):
        op.create_table(
            "code_orders",
            sa.Column("order_id", sa.String(length=64), nullable=False),
            sa.Column("kiosk_id", sa.String(length=64), nullable=False),
            sa.Column("amount_fen", sa.BigInteger(), nullable=False),
            sa.Column("auth_code_hash", sa.String(length=64), nullable=True),
            sa.Column("description", sa.Text(), nullable=True),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("result", sa.String(length=16), nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("scenario", sa.String(length=24), nullable=False),
            sa.Column("transaction_id", sa.String(length=64), nullable=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("paid_at", sa.DateTime(), nullable=True),
            sa.Column("reversed_at", sa.DateTime(), nullable=True),
            sa.Column("queries", sa.Integer(), nullable=False),
            sa.Column("reverse_attempts", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("order_id"),
        )

    if _missing("config_versions"):
        op.create_table(
            "config_versions",
            sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("version", sa.String(length=64), nullable=False),
            sa.Column("settings", sa.JSON(), nullable=False),
            sa.Column("published_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("seq"),
            sa.UniqueConstraint("version"),
        )

    if _missing("help_calls"):
        op.create_table(
            "help_calls",
            sa.Column("id", sa.String(length=40), nullable=False),
            sa.Column("kiosk_id", sa.String(length=64), nullable=False),
            sa.Column("at", sa.String(length=40), nullable=False),
            sa.Column("screen", sa.Text(), nullable=False),
            sa.Column("language", sa.String(length=16), nullable=False),
            sa.Column("received_at", sa.DateTime(), nullable=False),
            sa.Column("closed_at", sa.DateTime(), nullable=True),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(op.f("ix_help_calls_closed_at"), "help_calls", ["closed_at"], unique=False)
        op.create_index(op.f("ix_help_calls_kiosk_id"), "help_calls", ["kiosk_id"], unique=False)

    if _missing("kiosks"):
        op.create_table(
            "kiosks",
            sa.Column("id", sa.String(length=64), nullable=False),
            sa.Column("secret", sa.String(length=64), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("last_heartbeat_at", sa.DateTime(), nullable=True),
            sa.Column("last_heartbeat", sa.JSON(), nullable=True),
            sa.PrimaryKeyConstraint("id"),
        )

    if _missing("lost_items"):
        op.create_table(
            "lost_items",
            sa.Column("id", sa.String(length=32), nullable=False),
            sa.Column("category", sa.String(length=24), nullable=False),
            sa.Column("description_zh", sa.Text(), nullable=False),
            sa.Column("description_en", sa.Text(), nullable=False),
            sa.Column("found_at", sa.DateTime(), nullable=False),
            sa.Column("place", sa.Text(), nullable=False),
            sa.Column("station_zh", sa.Text(), nullable=False),
            sa.Column("station_en", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(op.f("ix_lost_items_category"), "lost_items", ["category"], unique=False)

    if _missing("nonces"):
        op.create_table(
            "nonces",
            sa.Column("kiosk_id", sa.String(length=64), nullable=False),
            sa.Column("nonce", sa.String(length=64), nullable=False),
            sa.Column("seen_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("kiosk_id", "nonce"),
        )
        op.create_index(op.f("ix_nonces_seen_at"), "nonces", ["seen_at"], unique=False)

    if _missing("qr_orders"):
        op.create_table(
            "qr_orders",
            sa.Column("order_id", sa.String(length=64), nullable=False),
            sa.Column("kiosk_id", sa.String(length=64), nullable=False),
            sa.Column("amount_fen", sa.BigInteger(), nullable=False),
            sa.Column("description", sa.Text(), nullable=False),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("expires_at", sa.DateTime(), nullable=False),
            sa.Column("paid_at", sa.DateTime(), nullable=True),
            sa.Column("transaction_id", sa.String(length=64), nullable=True),
            sa.PrimaryKeyConstraint("order_id"),
        )

    if _missing("records"):
        op.create_table(
            "records",
            sa.Column("kiosk_id", sa.String(length=64), nullable=False),
            sa.Column("record_id", sa.String(length=64), nullable=False),
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column("item_code", sa.String(length=32), nullable=False),
            sa.Column("case_number", sa.String(length=64), nullable=True),
            sa.Column("created_at", sa.String(length=40), nullable=False),
            sa.Column("body_sha256", sa.String(length=64), nullable=False),
            sa.Column("body", sa.Text(), nullable=False),
            sa.Column("answer", sa.JSON(), nullable=False),
            sa.Column("received_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("kiosk_id", "record_id"),
        )
        op.create_index(op.f("ix_records_received_at"), "records", ["received_at"], unique=False)

    if _missing("reference_photos"):
        op.create_table(
            "reference_photos",
            sa.Column("id_number", sa.String(length=32), nullable=False),
            sa.Column("jpeg", sa.LargeBinary(), nullable=False),
            sa.PrimaryKeyConstraint("id_number"),
        )

    if _missing("slots"):
        op.create_table(
            "slots",
            sa.Column("id", sa.String(length=48), nullable=False),
            sa.Column("service", sa.String(length=32), nullable=False),
            sa.Column("start", sa.DateTime(), nullable=False),
            sa.Column("end", sa.DateTime(), nullable=False),
            sa.Column("capacity", sa.Integer(), nullable=False),
            sa.Column("lock_version", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(op.f("ix_slots_service"), "slots", ["service"], unique=False)
        op.create_index(op.f("ix_slots_start"), "slots", ["start"], unique=False)

    if _missing("violations"):
        op.create_table(
            "violations",
            sa.Column("id", sa.String(length=32), nullable=False),
            sa.Column("plate", sa.String(length=16), nullable=False),
            sa.Column("owner_id_number", sa.String(length=32), nullable=False),
            sa.Column("time", sa.DateTime(), nullable=False),
            sa.Column("place", sa.Text(), nullable=False),
            sa.Column("description_zh", sa.Text(), nullable=False),
            sa.Column("description_en", sa.Text(), nullable=False),
            sa.Column("fine_fen", sa.BigInteger(), nullable=False),
            sa.Column("points", sa.Integer(), nullable=False),
            sa.Column("paid", sa.Boolean(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(op.f("ix_violations_plate"), "violations", ["plate"], unique=False)

    if _missing("case_events"):
        op.create_table(
            "case_events",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("case_number", sa.String(length=64), nullable=False),
            sa.Column("at", sa.DateTime(), nullable=False),
            sa.Column("status", sa.String(length=24), nullable=False),
            sa.Column("note_zh", sa.Text(), nullable=False),
            sa.Column("note_en", sa.Text(), nullable=False),
            sa.ForeignKeyConstraint(
                ["case_number"],
                ["cases.case_number"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(
            op.f("ix_case_events_case_number"), "case_events", ["case_number"], unique=False
        )

    if _missing("holds"):
        op.create_table(
            "holds",
            sa.Column("id", sa.String(length=40), nullable=False),
            sa.Column("slot_id", sa.String(length=48), nullable=False),
            sa.Column("kiosk_id", sa.String(length=64), nullable=False),
            sa.Column("expires_at", sa.DateTime(), nullable=False),
            sa.Column("used", sa.Boolean(), nullable=False),
            sa.ForeignKeyConstraint(
                ["slot_id"],
                ["slots.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(op.f("ix_holds_slot_id"), "holds", ["slot_id"], unique=False)

    if _missing("sms_notices"):
        op.create_table(
            "sms_notices",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("case_number", sa.String(length=64), nullable=False),
            sa.Column("trigger", sa.String(length=24), nullable=False),
            sa.Column("phone", sa.String(length=32), nullable=False),
            sa.Column("text_zh", sa.Text(), nullable=False),
            sa.Column("text_en", sa.Text(), nullable=False),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(
                ["case_number"],
                ["cases.case_number"],
            ),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("case_number", "trigger"),
        )
        op.create_index(
            op.f("ix_sms_notices_case_number"), "sms_notices", ["case_number"], unique=False
        )
        op.create_index(
            op.f("ix_sms_notices_created_at"), "sms_notices", ["created_at"], unique=False
        )

    if _missing("violation_payments"):
        op.create_table(
            "violation_payments",
            sa.Column("payment_ref", sa.String(length=64), nullable=False),
            sa.Column("violation_id", sa.String(length=32), nullable=False),
            sa.Column("kiosk_id", sa.String(length=64), nullable=False),
            sa.Column("amount_fen", sa.BigInteger(), nullable=False),
            sa.Column("paid_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(
                ["violation_id"],
                ["violations.id"],
            ),
            sa.PrimaryKeyConstraint("payment_ref"),
            sa.UniqueConstraint("violation_id"),
        )

    if _missing("bookings"):
        op.create_table(
            "bookings",
            sa.Column("booking_number", sa.String(length=32), nullable=False),
            sa.Column("kiosk_id", sa.String(length=64), nullable=False),
            sa.Column("idempotency_key", sa.String(length=64), nullable=False),
            sa.Column("body_sha256", sa.String(length=64), nullable=False),
            sa.Column("hold_id", sa.String(length=40), nullable=False),
            sa.Column("slot_id", sa.String(length=48), nullable=False),
            sa.Column("item_code", sa.String(length=32), nullable=False),
            sa.Column("contact_name", sa.Text(), nullable=False),
            sa.Column("contact_phone", sa.String(length=32), nullable=False),
            sa.Column("answer", sa.JSON(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(
                ["hold_id"],
                ["holds.id"],
            ),
            sa.ForeignKeyConstraint(
                ["slot_id"],
                ["slots.id"],
            ),
            sa.PrimaryKeyConstraint("booking_number"),
            sa.UniqueConstraint("hold_id"),
            sa.UniqueConstraint("kiosk_id", "idempotency_key"),
        )
        op.create_index(op.f("ix_bookings_slot_id"), "bookings", ["slot_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bookings_slot_id"))

    op.drop_table("bookings")
    op.drop_table("violation_payments")
    with op.batch_alter_table("sms_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sms_notices_created_at"))
        batch_op.drop_index(batch_op.f("ix_sms_notices_case_number"))

    op.drop_table("sms_notices")
    with op.batch_alter_table("holds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_holds_slot_id"))

    op.drop_table("holds")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_events_case_number"))

    op.drop_table("case_events")
    with op.batch_alter_table("violations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_violations_plate"))

    op.drop_table("violations")
    with op.batch_alter_table("slots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slots_start"))
        batch_op.drop_index(batch_op.f("ix_slots_service"))

    op.drop_table("slots")
    op.drop_table("reference_photos")
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_records_received_at"))

    op.drop_table("records")
    op.drop_table("qr_orders")
    with op.batch_alter_table("nonces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nonces_seen_at"))

    op.drop_table("nonces")
    with op.batch_alter_table("lost_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lost_items_category"))

    op.drop_table("lost_items")
    op.drop_table("kiosks")
    with op.batch_alter_table("help_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_calls_kiosk_id"))
        batch_op.drop_index(batch_op.f("ix_help_calls_closed_at"))

    op.drop_table("help_calls")
    op.drop_table("config_versions")
    op.drop_table("code_orders")
    op.drop_table("catalog_versions")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_created_at"))

    op.drop_table("cases")
