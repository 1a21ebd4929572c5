"""The kiosk's durable store: one SQLite database holding the outbox, the audit log and alerts."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.store.crypto import FieldCipher
from kiosk.store.db import Database
from kiosk.store.outbox import Outbox, OutboxLimits, short_id_for
from kiosk.store.quarantine import case_floors, fallback_floor, quarantined_copies, undelivered
from kiosk.store.space import DiskSpace


@dataclass(frozen=True)
class Alert:
    at: str
    kind: str
    message: str


@dataclass(frozen=True)
class Recovered:
    """What one quarantined copy gave back (technician command and diagnostics)."""

    folder: str
    taken: int  # undelivered records back in the outbox, sent by the sync worker
    already: int  # taken or committed here before: not taken twice
    undecryptable: int  # not this kiosk's data key
    unreadable: int  # rows on damaged pages


class Store:
    def __init__(self, db: Database, outbox: Outbox) -> None:
        self.db = db
        self.outbox = outbox

    @property
    def data_dir(self) -> Path:
        return self.db.data_dir

    @property
    def space(self) -> DiskSpace | None:
        return self.outbox.space

    def alerts(self, include_cleared: bool = False) -> list[Alert]:
        """Technician alerts (corrupt database quarantined, clock wrong, record parked …)."""
        sql = "SELECT at, kind, message FROM alerts" + ("" if include_cleared else " WHERE cleared = 0")
        return [Alert(*row) for row in self.db.conn().execute(sql + " ORDER BY seq")]

    def add_alert(self, kind: str, message: str) -> None:
        self.db.add_alert(kind, message)

    def clear_alerts(self, kind: str | None = None) -> None:
        with self.db.write() as conn:
            if kind is None:
                conn.execute("UPDATE alerts SET cleared = 1")
            else:
                conn.execute("UPDATE alerts SET cleared = 1 WHERE kind = ?", (kind,))

    def quarantined_undelivered(self) -> int:
        """Undelivered records in quarantined copies not yet taken back (diagnostics shows it)."""
        total = 0
        conn = self.db.conn()
        for folder in quarantined_copies(self.data_dir):
            records, _ = undelivered(folder)
            for rec in records:
                if conn.execute("SELECT 1 FROM audit WHERE record_id = ? LIMIT 1", (rec.id,)).fetchone() is None:
                    total += 1
        return total

    def resend_quarantined(self) -> list[Recovered]:
        """Take every undelivered record of every quarantined copy back into the outbox (once;
        the sync worker sends them, the server answers a resend of one it has with 200)."""
        report = []
        for folder in quarantined_copies(self.data_dir):
            records, unreadable = undelivered(folder)
            taken, already, foreign = self.outbox.adopt(records, folder.name)
            report.append(Recovered(folder.name, taken, already, foreign, unreadable))
        return report

    def integrity_check(self) -> str:
        return str(self.db.conn().execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        self.db.close()


def open_store(data_dir: Path, key: bytes, *, kiosk_id: str = "demo-kiosk-01", short_id: str | None = None,
               limits: OutboxLimits | None = None, max_page_count: int | None = None,
               clock: Callable[[], float] = time.time) -> Store:
    """Open (or create) ``data_dir/kiosk.db``. A corrupt database is quarantined to
    ``data_dir/quarantine/<timestamp>/`` and replaced by a fresh one, with an alert in
    :meth:`Store.alerts`. ``max_page_count`` caps the database size (tests of the disk-full path)."""
    db = Database(Path(data_dir), max_page_count=max_page_count)
    limits = limits or OutboxLimits()
    outbox = Outbox(db, FieldCipher(key), kiosk_id, short_id or short_id_for(kiosk_id), limits, clock,
                    DiskSpace(db, limits.reserve_bytes))
    if db.quarantined is not None:
        _continue_case_numbers(db, outbox, db.quarantined)
    return Store(db, outbox)


def _continue_case_numbers(db: Database, outbox: Outbox, folder: Path) -> None:
    """A fresh database would restart the day at 0001 and hand a citizen a number another citizen
    already holds: continue after what the quarantined copy gave out, or, when that cannot be
    read, in the fallback series (fallback_floor) (the server's last number raises it further at the
    first heartbeat, kiosk/sync/worker.py)."""
    floors = case_floors(folder, outbox.short_id)
    if floors is None:
        floor = fallback_floor(outbox.now())
        floors = {outbox.today(): floor}
        db.add_alert("case_numbers_fallback",
                     f"The quarantined database's case numbers could not be read: today's numbers continue from "
                     f"{floor + 1} so that none repeats. Undelivered records may be recovered with "
                     "`kiosk technician resend-quarantined` (or Diagnostics → Sync).")
        outbox.raise_case_floors(floors, "quarantined database unreadable")
    elif floors:
        outbox.raise_case_floors(floors, f"continued from {folder.name}")
