"""The kiosk's durable store: one SQLite database holding the outbox, the audit log and alerts."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.store.crypto import FieldCipher
from kiosk.store.db import Database
from kiosk.store.outbox import Outbox, OutboxLimits, short_id_for


@dataclass(frozen=True)
class Alert:
    at: str
    kind: str
    message: str


class Store:
    def __init__(self, db: Database, outbox: Outbox) -> None:
        self.db = db
        self.outbox = outbox

    @property
    def data_dir(self) -> Path:
        return self.db.data_dir

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
    outbox = Outbox(db, FieldCipher(key), kiosk_id, short_id or short_id_for(kiosk_id),
                    limits or OutboxLimits(), clock)
    return Store(db, outbox)
