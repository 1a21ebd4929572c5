"""Tables of the provider integration. New tables only (create_all makes them on an existing
database); the simulator's qr_orders / code_orders keep their columns."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, utcnow


class ProviderOrder(Base):
    """Which provider holds an order of qr_orders / code_orders (no row: the simulator)."""

    __tablename__ = "provider_orders"
    order_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # qr | code
    provider: Mapped[str] = mapped_column(String(16), index=True)
    qr_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class PaymentNotice(Base):
    """Each verified provider callback once (the provider repeats a notice until answered)."""

    __tablename__ = "payment_notices"
    __table_args__ = (UniqueConstraint("provider", "digest"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the verified body
    order_id: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(16))
    changed: Mapped[bool] = mapped_column(default=False)  # did it move the order
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReconciliationDiff(Base):
    """One difference found between a provider's daily bill and our orders and cases."""

    __tablename__ = "reconciliation_diffs"
    __table_args__ = (UniqueConstraint("day", "provider", "kind", "order_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[str] = mapped_column(String(10), index=True)
    provider: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(
        String(24)
    )  # paid_no_case | case_no_payment | amount_mismatch
    order_id: Mapped[str] = mapped_column(String(64))
    provider_fen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    our_fen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    case_number: Mapped[str | None] = mapped_column(String(64), nullable=True)
    found_at: Mapped[datetime] = mapped_column(default=utcnow)
