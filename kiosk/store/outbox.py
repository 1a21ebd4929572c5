"""The outbox: cases and ratings committed durably before a receipt, delivered later by the sync
worker, purged once the server has acknowledged them.

A record's life: ``pending`` → (server acknowledged) deleted, or ``pending`` → ``parked`` when the
server refuses it for good (409/413/422) — parked records stay for a technician, never retried
in a loop. Personal fields are one AES-GCM ciphertext bound to the record id; everything else
(item code, case number, kind, deferred materials …) is plain JSON the technician may see.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.store.crypto import DecryptError, FieldCipher
from kiosk.store.db import Database, StoreFull, utc_iso
from kiosk.store.quarantine import QuarantinedRecord, parse_case_number
from kiosk.store.space import DiskSpace

log = logging.getLogger("kiosk.store.outbox")

KINDS = ("submission", "rating", "help_call", "payment")
PERSONAL_FIELD = "personal"


@dataclass(frozen=True)
class OutboxLimits:
    """When to tell a technician, and when to stop taking cases (cf. Moneris' 500-item cap)."""

    warn_depth: int = 200
    warn_age_s: float = 6 * 3600.0
    max_depth: int = 20_000  # beyond this the kiosk refuses new cases (StoreFull) rather than grow forever
    reserve_bytes: int = 100_000_000  # free space kept for purges, alerts and payments (kiosk/store/space.py)


@dataclass
class OutboxRecord:
    """What the submit step hands to the store. ``personal`` is encrypted, ``public`` is not."""

    kind: str
    item_code: str | None
    public: dict[str, Any] = field(default_factory=dict)
    personal: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    case_number: str | None = None  # None: assigned at commit for submissions
    created_at: float | None = None

    def __repr__(self) -> str:  # never let personal data reach a log through repr()
        return f"OutboxRecord(id={self.id}, kind={self.kind}, item_code={self.item_code}, <personal redacted>)"


@dataclass(frozen=True, repr=False)
class PendingRecord:
    """A record ready to send: ``body`` is the exact wire JSON (same bytes on every retry)."""

    id: str
    seq: int
    attempts: int
    body: dict[str, Any]

    def __repr__(self) -> str:
        return f"PendingRecord(id={self.id}, attempts={self.attempts})"


def short_id_for(kiosk_id: str) -> str:
    """Default short id for case numbers: ``demo-kiosk-01`` → ``K01``. Configure ``sync.short_id``
    when the fleet's ids do not end in distinct digits."""
    digits = re.search(r"(\d+)$", kiosk_id)
    if digits:
        return "K" + digits.group(1)[-4:].zfill(2)
    letters = re.sub(r"[^A-Za-z0-9]", "", kiosk_id).upper()
    return letters[:6] or "K00"


def _dumps(value: Any) -> str:
    # sort_keys: the body sent on a retry must be byte-for-byte the first one (server answers 409
    # to "same id, different body").
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class Outbox:
    def __init__(self, db: Database, cipher: FieldCipher, kiosk_id: str, short_id: str,
                 limits: OutboxLimits, clock: Callable[[], float] = time.time,
                 space: DiskSpace | None = None) -> None:
        self._db = db
        self.space = space
        self._cipher = cipher
        self.kiosk_id = kiosk_id
        self.short_id = short_id
        self.limits = limits
        self._clock = clock
        self._listeners: list[Callable[[], None]] = []
        self._listeners_lock = threading.Lock()

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Called (in the committing thread) after every durable commit: wakes the sync worker."""
        with self._listeners_lock:
            self._listeners.append(callback)

    # -- commit -------------------------------------------------------------------------------
    def commit(self, record: OutboxRecord) -> str | None:
        """Store ``record`` durably (fsynced WAL) and return its case number (None for records
        without one). Raises :class:`StoreFull` with nothing written when there is no room."""
        return self.commit_many([record])[0]

    def commit_many(self, records: Sequence[OutboxRecord],
                    also: Callable[[sqlite3.Connection, list[str | None]], None] | None = None) -> list[str | None]:
        """Commit several records in one transaction (一事联办: all items of a session or none).
        ``also`` runs inside the same transaction with the case numbers (the payment journal marks
        its payments settled there: a case and its payment are committed together or not at all)."""
        prepared = []
        for record in records:
            if record.kind not in KINDS:
                raise ValueError(f"unknown record kind {record.kind!r}")
            now = record.created_at if record.created_at is not None else self._clock()
            blob = self._cipher.encrypt(record.id, PERSONAL_FIELD, _dumps(record.personal).encode("utf-8"))
            prepared.append((record, now, _dumps(record.public), blob))
        # Refused while it would eat into the free-space reserve (rough: WAL + table + index pages).
        need = sum(2 * (len(blob) + len(public_json)) + 16_384 for _r, _n, public_json, blob in prepared)
        if self.space is not None and not self.space.check(need):
            raise StoreFull(f"free space below the reserve of {self.space.reserve_bytes // 1_000_000} MB")
        numbers: list[str | None] = []
        with self._db.write() as conn:
            depth = conn.execute("SELECT count(*) FROM records WHERE state = 'pending'").fetchone()[0]
            if depth + len(records) > self.limits.max_depth:
                raise StoreFull(f"outbox holds {depth} undelivered records (cap {self.limits.max_depth})")
            for record, now, public_json, blob in prepared:
                numbers.append(self._insert(conn, record, now, public_json, blob))
            if also is not None:
                also(conn, numbers)
        for record, number in zip(records, numbers):
            log.info("committed %s %s (case %s)", record.kind, record.id, number or "-")
        with self._listeners_lock:
            listeners = list(self._listeners)
        for callback in listeners:
            callback()
        return numbers

    def _insert(self, conn: sqlite3.Connection, record: OutboxRecord, now: float, public_json: str,
                blob: bytes) -> str | None:
        existing = conn.execute("SELECT case_number FROM records WHERE id = ?", (record.id,)).fetchone()
        if existing is not None:  # the same record twice (a double tap that got through): keep the first
            return str(existing[0]) if existing[0] is not None else None
        case_number = record.case_number
        if case_number is None and record.kind == "submission":
            case_number = self._next_case_number(conn, now)
        conn.execute(
            "INSERT INTO records (id, kind, item_code, case_number, created_at, created_ts, public, personal)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (record.id, record.kind, record.item_code, case_number, utc_iso(now), now, public_json, blob))
        self._audit(conn, "kiosk", "committed", record.id, f"kind={record.kind} case={case_number or '-'}")
        return case_number

    def _next_case_number(self, conn: sqlite3.Connection, now: float) -> str:
        day = time.strftime("%Y%m%d", time.localtime(now))  # the date printed on the receipt is local
        (n,) = conn.execute(
            "INSERT INTO case_sequence (day, last) VALUES (?, 1)"
            " ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last", (day,)).fetchone()
        return f"{self.short_id}-{day}-{n:04d}"

    # -- case numbers that must not repeat (issue #14 item 7) --------------------------------------
    def raise_case_floors(self, floors: dict[str, int], why: str) -> dict[str, int]:
        """Make the next number of each day come after ``floors[day]``; never lowers a counter.
        Returns the days whose counter moved (for the log and the technician)."""
        moved: dict[str, int] = {}
        with self._db.write() as conn:
            for day, floor in sorted(floors.items()):
                row = conn.execute("SELECT last FROM case_sequence WHERE day = ?", (day,)).fetchone()
                if row is not None and int(row[0]) >= floor:
                    continue
                conn.execute("INSERT INTO case_sequence (day, last) VALUES (?, ?)"
                             " ON CONFLICT (day) DO UPDATE SET last = max(last, excluded.last)", (day, floor))
                moved[day] = floor
            if moved:
                self._audit(conn, "kiosk", "case_floor", None,
                            f"{why}: " + ",".join(f"{d}>{n}" for d, n in moved.items()))
        for day, floor in moved.items():
            log.warning("case numbers of %s continue after %04d (%s)", day, floor, why)
        return moved

    def now(self) -> float:
        return self._clock()

    def today(self) -> str:
        return time.strftime("%Y%m%d", time.localtime(self._clock()))

    def adopt(self, records: Sequence[QuarantinedRecord], source: str) -> tuple[int, int, int]:
        """Take undelivered records of a quarantined copy (kiosk/store/quarantine.py) back into
        the outbox exactly as they were (same id, case number, time and ciphertext, so the server
        recognises a resend and answers 200 instead of storing it twice). A record this database
        already took, delivered or not (the audit log remembers), is skipped: running it twice
        sends nothing twice. Returns (taken, already here, undecryptable with this kiosk's key)."""
        taken = already = foreign = 0
        floors: dict[str, int] = {}
        with self._db.write() as conn:
            for rec in records:
                seen = conn.execute("SELECT 1 FROM audit WHERE record_id = ? AND event IN ('committed', 'adopted')"
                                    " LIMIT 1", (rec.id,)).fetchone()
                if seen is not None or conn.execute("SELECT 1 FROM records WHERE id = ?", (rec.id,)).fetchone():
                    already += 1
                    continue
                try:
                    if rec.personal is not None:
                        self._cipher.decrypt(rec.id, PERSONAL_FIELD, rec.personal)
                except DecryptError:
                    foreign += 1
                    continue
                conn.execute(
                    "INSERT INTO records (id, kind, item_code, case_number, created_at, created_ts, state, public,"
                    " personal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (rec.id, rec.kind, rec.item_code, rec.case_number, rec.created_at, rec.created_ts,
                     rec.state, rec.public, rec.personal))
                self._audit(conn, "technician", "adopted", rec.id, f"from={source} case={rec.case_number or '-'}")
                taken += 1
                parsed = parse_case_number(rec.case_number or "", self.short_id)
                if parsed is not None:
                    floors[parsed[0]] = max(parsed[1], floors.get(parsed[0], 0))
        if floors:
            self.raise_case_floors(floors, f"records taken from {source}")
        log.info("took %d undelivered record(s) from %s (%d already here, %d undecryptable)",
                 taken, source, already, foreign)
        if taken:
            with self._listeners_lock:
                listeners = list(self._listeners)
            for callback in listeners:
                callback()
        return taken, already, foreign

    # -- delivery -----------------------------------------------------------------------------
    def next_batch(self, limit: int = 100, now: float | None = None) -> list[PendingRecord]:
        """Due pending records in commit order. A record that no longer decrypts (wrong key,
        tampered) is parked here rather than blocking the queue."""
        now = self._clock() if now is None else now
        rows = self._db.conn().execute(
            "SELECT seq, id, kind, item_code, case_number, created_at, attempts, public, personal FROM records"
            " WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY seq LIMIT ?", (now, limit)).fetchall()
        batch: list[PendingRecord] = []
        for seq, rid, kind, item_code, case_number, created_at, attempts, public, personal in rows:
            try:
                secret = json.loads(self._cipher.decrypt(rid, PERSONAL_FIELD, personal)) if personal else {}
            except DecryptError:
                self.mark_parked(rid, "undecryptable")
                continue
            payload = json.loads(public)
            payload.update(secret)
            body = {"id": rid, "kind": kind, "kiosk_id": self.kiosk_id, "item_code": item_code or "",
                    "created_at": created_at, "case_number": case_number, "payload": payload}
            batch.append(PendingRecord(rid, seq, attempts, body))
        return batch

    def mark_acknowledged(self, ids: Iterable[str]) -> int:
        """The server holds these: delete the local copy (personal data included) for good."""
        ids = list(ids)
        if not ids:
            return 0

        def purge() -> int:
            with self._db.write() as conn:
                removed = 0
                for rid in ids:
                    removed += conn.execute("DELETE FROM records WHERE id = ? AND state != 'parked'", (rid,)).rowcount
                    self._audit(conn, "sync", "acknowledged", rid, "purged")
            return removed

        # On a full disk the purge is what makes room again: it may spend the emergency space.
        removed = self.space.retry_when_full(purge, "purge") if self.space is not None else purge()
        log.info("acknowledged and purged %d record(s)", removed)
        if self.space is not None:
            self.space.check()  # room again: cases are taken again from the next commit on
        return removed

    def mark_retry(self, ids: Iterable[str], delay_s: float, error: str) -> None:
        """Delivery failed for a reason that may pass (network, 5xx): try again after ``delay_s``."""
        due = self._clock() + max(0.0, delay_s)
        with self._db.write() as conn:
            conn.executemany(
                "UPDATE records SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                " WHERE id = ? AND state = 'pending'", [(due, error[:100], rid) for rid in ids])

    def mark_parked(self, record_id: str, reason: str) -> None:
        """The server refused the record for good: keep it for a technician, stop retrying."""
        with self._db.write() as conn:
            conn.execute("UPDATE records SET state = 'parked', last_error = ? WHERE id = ?",
                         (reason[:100], record_id))
            self._audit(conn, "sync", "parked", record_id, reason[:100])
        log.error("record %s parked: %s", record_id, reason[:100])
        self._db.add_alert("record_parked",
                           f"The server refused record {record_id} ({reason[:100]}); it is kept on the kiosk "
                           "and no longer retried. Contact support.")

    def requeue_parked(self, record_id: str) -> bool:
        """Technician: try a parked record again (after the server side was fixed)."""
        with self._db.write() as conn:
            changed = conn.execute("UPDATE records SET state = 'pending', next_attempt_at = 0 WHERE id = ?"
                                   " AND state = 'parked'", (record_id,)).rowcount
            if changed:
                self._audit(conn, "technician", "requeued", record_id, "")
        return bool(changed)

    # -- health -------------------------------------------------------------------------------
    def depth(self) -> int:
        return int(self._db.conn().execute("SELECT count(*) FROM records WHERE state = 'pending'").fetchone()[0])

    def parked_count(self) -> int:
        return int(self._db.conn().execute("SELECT count(*) FROM records WHERE state = 'parked'").fetchone()[0])

    def oldest_age_s(self) -> float:
        row = self._db.conn().execute("SELECT min(created_ts) FROM records WHERE state = 'pending'").fetchone()
        return 0.0 if row[0] is None else max(0.0, self._clock() - float(row[0]))

    def next_due_in(self) -> float | None:
        """Seconds until the earliest pending record is due (0 if now), None when nothing is pending."""
        row = self._db.conn().execute("SELECT min(next_attempt_at) FROM records WHERE state = 'pending'").fetchone()
        return None if row[0] is None else max(0.0, float(row[0]) - self._clock())

    def alarm(self) -> str | None:
        """A technician message when the outbox is too deep or too old, else None."""
        depth, age, parked = self.depth(), self.oldest_age_s(), self.parked_count()
        problems = []
        if depth >= self.limits.warn_depth:
            problems.append(f"{depth} records wait for delivery (alarm at {self.limits.warn_depth}, "
                            f"new cases are refused at {self.limits.max_depth})")
        if depth and age >= self.limits.warn_age_s:
            problems.append(f"the oldest undelivered record is {age / 3600:.1f} h old "
                            f"(alarm at {self.limits.warn_age_s / 3600:.1f} h)")
        if parked:
            problems.append(f"{parked} record(s) were refused by the server and are parked")
        if not problems:
            return None
        return "Outbox: " + "; ".join(problems) + ". Check the network and the server connection; " \
            "do not reset or reimage this kiosk while records are undelivered."

    def committed_ids(self) -> list[str]:
        """Every record id ever committed here (from the audit log, which survives the purge)."""
        rows = self._db.conn().execute("SELECT record_id FROM audit WHERE event = 'committed' ORDER BY seq")
        return [r[0] for r in rows]

    @staticmethod
    def _audit(conn: sqlite3.Connection, actor: str, event: str, record_id: str | None, detail: str) -> None:
        conn.execute("INSERT INTO audit (at, actor, event, record_id, detail) VALUES (?, ?, ?, ?, ?)",
                     (utc_iso(time.time()), actor, event, record_id, detail))


