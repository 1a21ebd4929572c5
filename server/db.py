"""Database models and engine set-up (SQLAlchemy 2.x; SQLite by default, PostgreSQL by URL).

Uniqueness that matters for correctness is enforced by the database, never only by a read
check: records on (kiosk_id, record_id), bookings on (kiosk_id, idempotency key), nonces on
(kiosk_id, nonce). Concurrent duplicates then collide on a constraint and the loser re-reads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

T = TypeVar("T")


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime | None) -> str | None:
    """Wire format: ISO-8601 UTC with Z, second precision."""
    if dt is None:
        return None
    return aware(dt).strftime("%Y-%m-%dT%H:%M:%SZ")


def aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """SQLite drops tz info; store naive UTC everywhere and hand back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else aware(value).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON}


class Kiosk(Base):
    __tablename__ = "kiosks"
    # server.upgrade brings older databases to this shape on start (short_id added, secret widened).
    __table_args__ = (Index("ix_kiosks_short_id", "short_id", unique=True),)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Sealed with the server key (server.secretbox), never the plain hex secret.
    secret: Mapped[str] = mapped_column(String(128))
    # The prefix of this kiosk's case numbers (server.casenumbers); unique in the fleet.
    short_id: Mapped[str | None] = mapped_column(String(8), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_heartbeat_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_heartbeat: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)


class Nonce(Base):
    __tablename__ = "nonces"
    kiosk_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(index=True)


class Record(Base):
    """A record from a kiosk outbox. Kept forever: a kiosk may be offline for days, so the
    deduplication must not be a time window."""

    __tablename__ = "records"
    kiosk_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    item_code: Mapped[str] = mapped_column(String(32))
    case_number: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[str] = mapped_column(String(40))
    body_sha256: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    answer: Mapped[dict[str, Any]] = mapped_column()
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Case(Base):
    __tablename__ = "cases"
    case_number: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_code: Mapped[str] = mapped_column(String(32))
    kiosk_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    record_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Only the last four digits of the applicant's ID number: enough to answer a status query.
    id_last4: Mapped[str | None] = mapped_column(String(4), nullable=True)
    status: Mapped[str] = mapped_column(String(24))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseEvent(Base):
    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_number: Mapped[str] = mapped_column(ForeignKey("cases.case_number"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(24))
    note_zh: Mapped[str] = mapped_column(Text, default="")
    note_en: Mapped[str] = mapped_column(Text, default="")


class CaseQuery(Base):
    """One case query by the last four ID characters (audit trail; server.querylimits counts these
    rows). Kept 90 days. outcome: found | wrong | rate_limited | case_locked."""

    __tablename__ = "case_queries"
    __table_args__ = (
        Index("ix_case_queries_kiosk_at", "kiosk_id", "at"),
        Index("ix_case_queries_case_at", "case_number", "at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    case_number: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))


class Violation(Base):
    __tablename__ = "violations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    plate: Mapped[str] = mapped_column(String(16), index=True)
    owner_id_number: Mapped[str] = mapped_column(String(32))
    time: Mapped[datetime] = mapped_column()
    place: Mapped[str] = mapped_column(Text)
    description_zh: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    fine_fen: Mapped[int] = mapped_column(BigInteger)
    points: Mapped[int] = mapped_column(Integer)
    paid: Mapped[bool] = mapped_column(Boolean, default=False)


class ViolationPayment(Base):
    """One row per paid violation. Paid directly (POST /violations/{id}/payments) the key is the
    payment reference; paid through a case (a submission's payload.payments[].violations) it is
    "<payment_ref>:<violation id>" (server.records.case_payment_key), since one payment there may
    pay several violations."""

    __tablename__ = "violation_payments"
    payment_ref: Mapped[str] = mapped_column(String(64), primary_key=True)
    violation_id: Mapped[str] = mapped_column(ForeignKey("violations.id"), unique=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    paid_at: Mapped[datetime] = mapped_column(default=utcnow)


class SmsNotice(Base):
    """An SMS notice to a citizen that a case's certificate is ready or was posted, recorded in
    the operator's transaction and sent later by server.smssender (status: its SmsState). One
    notice per case and trigger status, enforced by the database."""

    __tablename__ = "sms_notices"
    __table_args__ = (UniqueConstraint("case_number", "trigger"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_number: Mapped[str] = mapped_column(ForeignKey("cases.case_number"), index=True)
    trigger: Mapped[str] = mapped_column(String(24))  # the case status: ready_for_pickup|mailed
    phone: Mapped[str] = mapped_column(String(32))
    text_zh: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="recorded")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Sending (server.smssender); migration 0002 adds these to older tables.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(nullable=True)
    biz_id: Mapped[str | None] = mapped_column(String(64), nullable=True)  # provider receipt id
    error_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    status_at: Mapped[datetime | None] = mapped_column(nullable=True)


class LostItem(Base):
    __tablename__ = "lost_items"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    category: Mapped[str] = mapped_column(String(24), index=True)
    description_zh: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    found_at: Mapped[datetime] = mapped_column()
    place: Mapped[str] = mapped_column(Text)
    station_zh: Mapped[str] = mapped_column(Text)
    station_en: Mapped[str] = mapped_column(Text)


class Slot(Base):
    __tablename__ = "slots"
    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    service: Mapped[str] = mapped_column(String(32), index=True)
    start: Mapped[datetime] = mapped_column(index=True)
    end: Mapped[datetime] = mapped_column()
    capacity: Mapped[int] = mapped_column(Integer)
    # Bumped by every hold/booking: the UPDATE takes the row lock (PostgreSQL) or the write lock
    # (SQLite) before the capacity is counted, so two kiosks cannot both take the last place.
    lock_version: Mapped[int] = mapped_column(Integer, default=0)


class Hold(Base):
    __tablename__ = "holds"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    slot_id: Mapped[str] = mapped_column(ForeignKey("slots.id"), index=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column()
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (UniqueConstraint("kiosk_id", "idempotency_key"),)
    booking_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    body_sha256: Mapped[str] = mapped_column(String(64))
    hold_id: Mapped[str] = mapped_column(ForeignKey("holds.id"), unique=True)
    slot_id: Mapped[str] = mapped_column(ForeignKey("slots.id"), index=True)
    item_code: Mapped[str] = mapped_column(String(32))
    contact_name: Mapped[str] = mapped_column(Text)
    contact_phone: Mapped[str] = mapped_column(String(32))
    answer: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HelpCall(Base):
    __tablename__ = "help_calls"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[str] = mapped_column(String(40))
    screen: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Staff said "on my way" in the console; the kiosk shows the citizen (docs/protocol.md).
    acknowledged_at: Mapped[datetime | None] = mapped_column(nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)


class QrOrder(Base):
    __tablename__ = "qr_orders"
    order_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # pending|paid|expired|cancelled|refunded
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    paid_at: Mapped[datetime | None] = mapped_column(nullable=True)
    transaction_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class CodeOrder(Base):
    """A payment-code (micropay) charge. Only a SHA-256 of the scanned payment code is kept,
    never the code itself. A row with status "reversed" and no hash is a tombstone: the kiosk
    reversed an order the gateway never saw, so a late charge with that number is refused."""

    __tablename__ = "code_orders"
    order_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    amount_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    auth_code_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(16))  # paid|user_paying|failed|reversed
    result: Mapped[str] = mapped_column(String(16), default="")  # the charge's first answer
    reason: Mapped[str] = mapped_column(Text, default="")
    scenario: Mapped[str] = mapped_column(String(24), default="paid")  # demo script step
    transaction_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(nullable=True)
    reversed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    queries: Mapped[int] = mapped_column(Integer, default=0)
    reverse_attempts: Mapped[int] = mapped_column(Integer, default=0)


class CatalogVersion(Base):
    __tablename__ = "catalog_versions"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    files: Mapped[dict[str, Any]] = mapped_column()
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConfigVersion(Base):
    __tablename__ = "config_versions"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    settings: Mapped[dict[str, Any]] = mapped_column()
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReferencePhoto(Base):
    """The population register's certificate photo. It never leaves the centre: identify
    sessions (server/identify.py) compare live encodings with it here."""

    __tablename__ = "reference_photos"
    id_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    jpeg: Mapped[bytes] = mapped_column(LargeBinary)


class IdentifySession(Base):
    """A live identify session (server/identify.py). Only a hash of the token is stored; the row,
    and with it the ID number, is deleted when the session passes, is closed or has expired."""

    __tablename__ = "identify_sessions"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64), index=True)
    id_number: Mapped[str] = mapped_column(String(32))
    via: Mapped[str] = mapped_column(String(8))  # card | typed
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    attempts_used: Mapped[int] = mapped_column(Integer, default=0)


class IdentifyAudit(Base):
    """Audit trail of identify sessions without personal data: no ID number, no score, no image.
    `session_ref` (the start of the token's hash) links the events of one session. The rows of
    event "opened" are also what the per-kiosk rate limit counts."""

    __tablename__ = "identify_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    kiosk_id: Mapped[str] = mapped_column(String(64), index=True)
    session_ref: Mapped[str] = mapped_column(String(16), default="")
    event: Mapped[str] = mapped_column(String(24))  # opened|no_register|rate_limited|verified|refused|closed
    result: Mapped[str] = mapped_column(String(24), default="")  # pass|no_match|to_staff or a refusal code
    reference: Mapped[str] = mapped_column(String(16), default="")  # register
    via: Mapped[str] = mapped_column(String(8), default="")


def make_engine(
    url: str, sqlite_synchronous: str = "FULL", pool_size: int = 10, max_overflow: int = 5
) -> Engine:
    """hide_parameters: a database error's message would otherwise quote the bound values (names,
    ID numbers) into the log. pool_size + max_overflow is the most connections this process
    opens to PostgreSQL (Settings.db_pool_size/db_max_overflow; `serve` checks the sum over all
    workers against the server's max_connections)."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True
        )

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy's "begin" hook below issue BEGIN itself.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA synchronous={sqlite_synchronous}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # IMMEDIATE: take the write lock up front. A deferred transaction that reads and then
            # writes fails at once with SQLITE_BUSY (no waiting) when another writer committed in
            # between; with IMMEDIATE writers queue on busy_timeout instead.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
        hide_parameters=True,
    )


def make_sessionmaker(engine: Engine) -> sessionmaker[Any]:
    return sessionmaker(engine, expire_on_commit=False)


def create_schema(engine: Engine) -> None:
    """The schema at the newest migration (server/schema.py: Alembic, safe when processes race)."""
    from server.schema import prepare_database

    prepare_database(engine)


def once_more_on_conflict(fn: Callable[[], T]) -> T:
    """Run a read-check-insert transaction; if a concurrent twin inserted the same key first
    (IntegrityError), run it again: the second run takes the "already there" branch."""
    try:
        return fn()
    except IntegrityError:
        return fn()
