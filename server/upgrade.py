"""The data steps that follow the migrations on start, and the key that seals kiosk secrets. Run
by every process that opens the database (serve, add-kiosk) right after the schema is migrated
(server/schema.py; the columns these steps need come from migration 0002); every step is
idempotent and safe when several workers start at once.

Steps: open the server key (create it only for a database that holds no sealed secret yet); check
that every sealed secret opens with it; seal the plaintext secrets older servers stored; give
kiosks without a short id the default one (server.casenumbers) unless another kiosk has it.
"""

from __future__ import annotations

import logging
import secrets

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from server.casenumbers import default_short_id
from server.db import Kiosk
from server.secretbox import (
    SecretBox,
    ServerKeyError,
    create_key,
    is_sealed,
    key_path,
    read_key,
)

log = logging.getLogger("server.upgrade")


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
def prepare(engine: Engine, sm: sessionmaker[Session], db_url: str, key_file: str) -> SecretBox:
    key_path(db_url, key_file)  # a missing --key-file is said before the database is touched
    box = open_box(sm, db_url, key_file)
    seal_plaintext(sm, box)
    backfill_short_ids(sm)
    return box
