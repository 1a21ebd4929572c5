"""The kiosk's SQLite database: WAL, ``synchronous=FULL``, one connection per thread, corruption
detected at start and quarantined.

``synchronous=FULL`` in WAL mode syncs the WAL on every commit: a receipt is printed right after
a commit, so that commit must survive a power cut, not only a crash (sqlite.org/pragma.html).
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.private_files import restrict

log = logging.getLogger("kiosk.store.db")

DB_NAME = "kiosk.db"
SIDECARS = ("", "-wal", "-shm", "-journal")
SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,   -- commit order, drained in this order
    id              TEXT NOT NULL UNIQUE,                -- uuid4, also the Idempotency-Key
    kind            TEXT NOT NULL,
    item_code       TEXT,
    case_number     TEXT,
    created_at      TEXT NOT NULL,                       -- ISO-8601 UTC with Z (wire format)
    created_ts      REAL NOT NULL,                       -- unix seconds, for ages
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'parked')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL DEFAULT 0,
    last_error      TEXT,                                -- a code, never a value
    public          TEXT NOT NULL,                       -- JSON, no personal data
    personal        BLOB                                 -- AES-GCM of JSON, NULL once purged
);
CREATE INDEX IF NOT EXISTS records_due ON records (state, next_attempt_at, seq);
CREATE TABLE IF NOT EXISTS case_sequence (
    day  TEXT PRIMARY KEY,                               -- YYYYMMDD, kiosk local date
    last INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    event      TEXT NOT NULL,
    record_id  TEXT,
    detail     TEXT NOT NULL DEFAULT ''                  -- codes and counts only
);
CREATE INDEX IF NOT EXISTS audit_record ON audit (record_id);
CREATE TABLE IF NOT EXISTS alerts (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    kind     TEXT NOT NULL,
    message  TEXT NOT NULL,
    cleared  INTEGER NOT NULL DEFAULT 0
);
"""

SQLITE_FULL = 13


class StoreError(RuntimeError):
    """The store cannot do what was asked."""


class StoreFull(StoreError):
    """No space left (disk full or the outbox hard cap). Nothing was written."""


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None and code & 0xFF == SQLITE_FULL:
            return True
        return "database or disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno == errno.ENOSPC


def utc_iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int(ts % 1 * 1000):03d}Z"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _Connection(sqlite3.Connection):
    """A connection that can be weakly referenced (the plain sqlite3 class cannot)."""


class _ThreadConnection:
    """Held in the thread-local only: when the thread's Python state goes away, the connection is
    closed right there, on its own thread (the connection is in a reference cycle with its
    statement cache, so without this it would linger, with its files open, until a GC pass)."""

    def __init__(self, conn: _Connection) -> None:
        self.conn = conn

    def __del__(self) -> None:
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001 - already closed by Database.close(), or interpreter exit
            pass


class Database:
    """Opens ``data_dir/kiosk.db``; each thread gets its own connection (sqlite3 connections are
    not shared across threads, and per-thread connections let the sync worker read while the UI
    thread commits). A connection lives as long as its thread: the UI's thread pool runs each job
    with a fresh Python thread state, so holding connections beyond that leaked one per job."""

    def __init__(self, data_dir: Path, max_page_count: int | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_NAME
        self.max_page_count = max_page_count  # tests use it to make SQLite really run out of room
        self._local = threading.local()
        self._lock = threading.Lock()
        # Weak: the thread-local holds the connection; when the thread ends, it is closed.
        self._all: weakref.WeakSet[_Connection] = weakref.WeakSet()
        self.quarantined: Path | None = None
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        # An older version left these 0755/0644; new ones are private through the umask (app/cli.py).
        restrict(self.data_dir, *(Path(str(self.path) + suffix) for suffix in SIDECARS))
        self._open_checked()

    # -- connections ---------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so a write transaction takes
        # the write lock up front instead of failing half-way with SQLITE_BUSY.
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=10.0, check_same_thread=True,
                               factory=_Connection)
        conn.execute("PRAGMA busy_timeout = 10000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(f"cannot switch {self.path} to WAL (got {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Deleted rows are overwritten with zeros (purge after acknowledgement, GB/T 22239 §8.1.4
        # residual data) instead of lingering in free pages.
        conn.execute("PRAGMA secure_delete = ON")
        if self.max_page_count:
            conn.execute(f"PRAGMA max_page_count = {int(self.max_page_count)}")
        return conn

    def conn(self) -> sqlite3.Connection:
        held: _ThreadConnection | None = getattr(self._local, "conn", None)
        if held is None:
            conn = self._connect()
            self._local.conn = _ThreadConnection(conn)  # type: ignore[arg-type]
            with self._lock:
                self._all.add(conn)  # type: ignore[arg-type]
            return conn
        return held.conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. Disk full → :class:`StoreFull` after rolling back: never half a row."""
        conn = self.conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            if is_disk_full(exc):
                raise StoreFull("no space left for the database") from exc
            raise
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite may already have rolled back on SQLITE_FULL
            if is_disk_full(exc):
                raise StoreFull("no space left for the database") from exc
            raise

    def close(self) -> None:
        with self._lock:
            conns, self._all = list(self._all), weakref.WeakSet()
        for conn in conns:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        self._local = threading.local()

    # -- start-up check and quarantine -----------------------------------------------------------
    def _open_checked(self) -> None:
        existed = self.path.exists()
        try:
            conn = self.conn()
            if existed:
                result = conn.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise sqlite3.DatabaseError(f"quick_check: {result}")
            self._create_schema(conn)
        except sqlite3.DatabaseError as exc:
            if is_disk_full(exc):
                raise StoreFull("no space left to open the database") from exc
            if not existed:
                raise
            reason = str(exc).splitlines()[0][:200]
            log.error("database %s is corrupt (%s): quarantining it", self.path, reason)
            self.close()
            self.quarantined = self._quarantine()
            self._create_schema(self.conn())
            self.add_alert("database_quarantined",
                           f"The kiosk database was corrupt ({reason}) and was moved to {self.quarantined}; "
                           "a new empty database was started. Cases not yet delivered may be in the quarantined "
                           "copy: send them with `kiosk technician resend-quarantined` (or Diagnostics → Sync) "
                           "and never delete it before.")

    def _quarantine(self) -> Path:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        target = self.data_dir / "quarantine" / stamp
        n = 1
        while target.exists():
            n += 1
            target = self.data_dir / "quarantine" / f"{stamp}-{n}"
        target.mkdir(mode=0o700, parents=True)
        for suffix in SIDECARS:
            src = Path(str(self.path) + suffix)
            if src.exists():
                shutil.move(str(src), str(target / src.name))
        _fsync_dir(target)
        _fsync_dir(self.data_dir)
        return target

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer kiosk (schema {version})")
        if version < SCHEMA_VERSION:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    # -- alerts and audit ------------------------------------------------------------------------
    def add_alert(self, kind: str, message: str) -> None:
        with self.write() as conn:
            conn.execute("INSERT INTO alerts (at, kind, message) VALUES (?, ?, ?)",
                         (utc_iso(time.time()), kind, message))
        log.warning("technician alert %s", kind)
