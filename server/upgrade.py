"""Bring a database made by an older server up to date on start, in place, and open the key that
seals kiosk secrets. Run by every process that opens the database (serve, add-kiosk) right after
the schema is created; every step is idempotent and safe when several workers start at once.

Steps: add ``kiosks.short_id`` (and its unique index) and widen ``kiosks.secret`` for the sealed
form; open the server key (create it only for a database that holds no sealed secret yet); check
that every sealed secret opens with it; seal the plaintext secrets older servers stored; give
kiosks without a short id the default one (server.casenumbers) unless another kiosk has it.
"""

from __future__ import annotations

import logging
import secrets

from sqlalchemy import inspect, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from server.casenumbers import default_short_id
from server.db import Kiosk
from server.secretbox import (
    SEALED_LENGTH,
    SecretBox,
    ServerKeyError,
    create_key,
    is_sealed,
    key_path,
    read_key,
)

log = logging.getLogger("server.upgrade")


def _columns(engine: Engine) -> dict[str, object]:
    return {c["name"]: c["type"] for c in inspect(engine).get_columns("kiosks")}


def upgrade_schema(engine: Engine) -> None:
    cols = _columns(engine)
    if "short_id" not in cols:
        try:
            with engine.begin() as conn:
                conn.execute(text("ALTER TABLE kiosks ADD COLUMN short_id VARCHAR(8)"))
            log.info("kiosks.short_id added")
        except DBAPIError:
            if "short_id" not in _columns(engine):  # not a concurrent twin's success: real error
                raise
    with engine.begin() as conn:
        conn.execute(
            text("CREATE UNIQUE INDEX IF NOT EXISTS ix_kiosks_short_id ON kiosks (short_id)")
        )
    length = getattr(_columns(engine)["secret"], "length", None)
    if engine.dialect.name != "sqlite" and length is not None and length < SEALED_LENGTH:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE kiosks ALTER COLUMN secret TYPE VARCHAR(128)"))
        log.info("kiosks.secret widened for sealed secrets")


def open_box(sm: sessionmaker[Session], db_url: str, key_file: str) -> SecretBox:
    path = key_path(db_url, key_file)
    with sm() as s:
        stored = list(s.execute(select(Kiosk.id, Kiosk.secret)))
    sealed = [(kid, value) for kid, value in stored if is_sealed(value)]
    if path is None:  # in-memory database: the key lives exactly as long as it does
        key: bytes | None = secrets.token_bytes(32)
    else:
        key = read_key(path)
        if key is None:
            if sealed:
                raise ServerKeyError(
                    f"server key file {path} is missing, but the database holds kiosk secrets "
                    "sealed with a key: restore the key file (or provision every kiosk again)"
                )
            key = create_key(path)
    assert key is not None
    box = SecretBox(key)
    for kiosk_id, value in sealed:
        try:
            box.open(kiosk_id, value)
        except ServerKeyError as exc:
            raise ServerKeyError(
                f"kiosk secrets in the database do not open with the server key {path}: "
                "is it the key this database was set up with?"
            ) from exc
    return box


def seal_plaintext(sm: sessionmaker[Session], box: SecretBox) -> int:
    """Seal the plaintext secrets an older server stored; returns how many. Each row is updated
    only if it still holds the plaintext, so a concurrent worker's sealing is never undone."""
    done = 0
    with sm() as s:
        rows = s.execute(select(Kiosk.id, Kiosk.secret))
        plain = [(kid, v) for kid, v in rows if not is_sealed(v)]
    for kiosk_id, value in plain:
        try:
            sealed = box.seal(kiosk_id, value)
        except ValueError:
            log.error("kiosk %s: stored secret is not hex; provision the kiosk again", kiosk_id)
            continue
        with sm.begin() as s:
            res = s.execute(
                update(Kiosk)
                .where(Kiosk.id == kiosk_id, Kiosk.secret == value)
                .values(secret=sealed)
            )
            done += res.rowcount  # type: ignore[attr-defined]
    if done:
        log.warning("%d plaintext kiosk secret(s) sealed with the server key", done)
    return done


def backfill_short_ids(sm: sessionmaker[Session]) -> None:
    with sm() as s:
        q = select(Kiosk.id).where(Kiosk.short_id.is_(None))
        missing = list(s.scalars(q.order_by(Kiosk.created_at, Kiosk.id)))
    for kiosk_id in missing:
        short = default_short_id(kiosk_id)
        try:
            with sm.begin() as s:
                owner = s.scalar(select(Kiosk.id).where(Kiosk.short_id == short))
                if owner is not None:
                    log.error(
                        "kiosk %s has no case-number prefix: its default %s belongs to kiosk %s; "
                        "its case numbers are refused until it is provisioned with --short-id",
                        kiosk_id,
                        short,
                        owner,
                    )
                    continue
                s.execute(
                    update(Kiosk)
                    .where(Kiosk.id == kiosk_id, Kiosk.short_id.is_(None))
                    .values(short_id=short)
                )
        except IntegrityError:
            continue  # a concurrent worker gave it (or another kiosk) this short id first


# SMS sending (server.smssender): columns added to sms_notices. Kept apart from the kiosk
# steps above so they can be folded into a migration on their own.
SMS_NOTICE_COLUMNS = {
    "attempts": "INTEGER NOT NULL DEFAULT 0",
    "next_attempt_at": "TIMESTAMP",
    "claimed_until": "TIMESTAMP",
    "biz_id": "VARCHAR(64)",
    "error_code": "VARCHAR(64)",
    "sent_at": "TIMESTAMP",
    "status_at": "TIMESTAMP",
}


def upgrade_sms_notices(engine: Engine) -> None:
    def have() -> set[str]:
        return {c["name"] for c in inspect(engine).get_columns("sms_notices")}

    for name, ddl in SMS_NOTICE_COLUMNS.items():
        if name in have():
            continue
        try:
            with engine.begin() as conn:
                conn.execute(text(f"ALTER TABLE sms_notices ADD COLUMN {name} {ddl}"))
            log.info("sms_notices.%s added", name)
        except DBAPIError:
            if name not in have():  # not a concurrent twin's success: real error
                raise
    with engine.begin() as conn:
        conn.execute(
            text("CREATE INDEX IF NOT EXISTS ix_sms_notices_status ON sms_notices (status)")
        )


def prepare(engine: Engine, sm: sessionmaker[Session], db_url: str, key_file: str) -> SecretBox:
    key_path(db_url, key_file)  # a missing --key-file is said before the database is touched
    box = open_box(sm, db_url, key_file)
    seal_plaintext(sm, box)
    backfill_short_ids(sm)
    return box
