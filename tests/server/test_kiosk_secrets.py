"""Kiosk secrets at rest (issue #14 item 12): whoever holds a copy of the database alone — the
SQLite file, a pg_dump, a backup — must not be able to sign as a kiosk. Checked the way an
attacker would: read every byte of the database files and every value of the kiosks table, and
try to sign with what is there."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from server.app import add_kiosk, create_app
from server.db import Kiosk, make_engine, make_sessionmaker
from server.secretbox import ServerKeyError
from server.settings import Settings

from .conftest import KIOSK, SignedClient, make_settings, old_release_database

HB = {
    "kiosk_id": KIOSK,
    "at": "2026-11-23T08:00:00Z",
    "devices": {},
    "outbox": {"depth": 0, "oldest_age_s": 0, "parked": 0},
}


def _db_bytes(tmp_path: Path) -> bytes:
    """Everything SQLite wrote: the main file, the WAL and the shared-memory index."""
    return b"".join(p.read_bytes() for p in tmp_path.glob("server.db*") if not p.name.endswith(".key"))


def _stored_values(db_url: str) -> list[str]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return [str(v) for row in conn.execute(text("SELECT * FROM kiosks")) for v in row]
    finally:
        engine.dispose()


def test_a_database_dump_does_not_hold_a_usable_secret(tmp_path: Path, sqlite_url: str) -> None:
    settings = make_settings(sqlite_url)
    secret = add_kiosk(settings, KIOSK)
    app = create_app(settings)
    with TestClient(app) as tc:
        assert SignedClient(tc, KIOSK, secret).post("/api/v1/heartbeats", json=HB).status_code == 200
        dump = _db_bytes(tmp_path)
        values = _stored_values(sqlite_url)
        raw = bytes.fromhex(secret)
        assert secret.encode() not in dump.lower() and raw not in dump
        assert secret not in " ".join(values).lower()
        # Whatever the dump holds in the secret column does not sign.
        (stored,) = [v for v in values if v.startswith("v1:")]
        for candidate in (stored, stored.encode().hex()[:64]):
            forger = SignedClient(tc, KIOSK, candidate if len(candidate) == 64 else "00" * 32)
            assert forger.post("/api/v1/heartbeats", json=HB).status_code == 401
    app.state.engine.dispose()
    key_file = Path(sqlite_url.removeprefix("sqlite:///") + ".key")
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_plaintext_secrets_of_an_older_server_are_sealed_on_start(
    tmp_path: Path, db_url: str
) -> None:
    """A database from before this change holds the hex secret itself (in a 64-character column,
    with no short id): the next start seals it in place and the kiosk goes on signing with the
    secret it has."""
    secret = "ab" * 32
    old_release_database(db_url)  # the old layout: no short id, secret in plain hex
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO kiosks (id, secret, created_at) VALUES (:i, :s, '2026-11-01')"),
            {"i": KIOSK, "s": secret},
        )
    engine.dispose()
    app = create_app(make_settings(db_url))
    with TestClient(app) as tc:
        assert SignedClient(tc, KIOSK, secret).post("/api/v1/heartbeats", json=HB).status_code == 200
    with make_sessionmaker(app.state.engine)() as s:
        kiosk = s.get(Kiosk, KIOSK)
        assert kiosk is not None and kiosk.secret != secret and kiosk.short_id == "K01"
    app.state.engine.dispose()
    assert secret not in " ".join(_stored_values(db_url)).lower()
    if db_url.startswith("sqlite"):
        assert secret.encode() not in _db_bytes(tmp_path).lower()


def test_the_server_refuses_to_start_with_another_key(tmp_path: Path, sqlite_url: str) -> None:
    settings = make_settings(sqlite_url)
    add_kiosk(settings, KIOSK)
    other = tmp_path / "other.key"
    other.write_text("11" * 32)
    with pytest.raises(ServerKeyError, match="do not open"):
        create_app(make_settings(sqlite_url, key_file=str(other)))
    # Nor with the key gone: it must not silently make a new one and lock every kiosk out.
    with pytest.raises(ServerKeyError, match="missing"):
        create_app(make_settings(sqlite_url, key_file=str(tmp_path / "gone.key")))


def test_postgresql_needs_an_explicit_key_file() -> None:
    with pytest.raises(ServerKeyError, match="--key-file"):
        add_kiosk(Settings(db_url="postgresql+psycopg://kiosk@db.invalid/kiosk"), KIOSK)
