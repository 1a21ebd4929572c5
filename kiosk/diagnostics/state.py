"""Kiosk state a technician sets that must survive a restart, and the "reset local data" action.

**Out of service** is a row in the store's small ``kiosk_state`` table (key/value, no personal
data). At start the diagnostics controller reads it and shows citizens the out-of-service screen
again, so a power cut or a restart does not quietly put a broken kiosk back in front of people.

**Local data** (what "reset local data" clears) is what this kiosk keeps for itself and can do
without: the kept prints for reprint (``print_history``), catalog versions downloaded from the
centre (``data_dir/catalog``: fetched again at the next heartbeat; the shipped catalog is used
meanwhile) and diagnostics bundles written to ``data_dir/bundles``. Never cleared: the outbox
(it is the reason for the refusal below), the audit table (who did what), alerts, logs, the
quarantine folder (may hold undelivered cases), the data key, the configuration, and the
out-of-service flag. The action is **refused while the outbox holds any record** — waiting or
parked — because the same technician may go on to reimage the kiosk believing it is empty."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from kiosk.store.db import Database

log = logging.getLogger("kiosk.diagnostics.state")

SCHEMA = "CREATE TABLE IF NOT EXISTS kiosk_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
OUT_OF_SERVICE = "out_of_service"


class KioskState:
    """Key/value flags in the kiosk database (``db=None``: in memory, for UI tests without a store)."""

    def __init__(self, db: Database | None) -> None:
        self.db = db
        self._memory: dict[str, str] = {}
        if db is not None:
            with db.write() as conn:
                conn.execute(SCHEMA)

    def get(self, key: str, default: str = "") -> str:
        if self.db is None:
            return self._memory.get(key, default)
        row = self.db.conn().execute("SELECT value FROM kiosk_state WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set(self, key: str, value: str) -> None:
        if self.db is None:
            self._memory[key] = value
            return
        with self.db.write() as conn:
            conn.execute("INSERT INTO kiosk_state (key, value) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    @property
    def out_of_service(self) -> bool:
        return self.get(OUT_OF_SERVICE) == "1"

    @out_of_service.setter
    def out_of_service(self, out: bool) -> None:
        self.set(OUT_OF_SERVICE, "1" if out else "0")


@dataclass(frozen=True)
class ResetCheck:
    allowed: bool
    unsent: int  # records waiting or parked
    reason: str  # why refused, "" when allowed


def local_data_paths(data_dir: Path) -> list[Path]:
    return [data_dir / "catalog", data_dir / "bundles"]


def clear_local_data(data_dir: Path) -> list[str]:
    """Removes the local caches (see the module text); returns what was removed, for the audit."""
    removed = []
    for path in local_data_paths(data_dir):
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    log.info("local data cleared: %s", ", ".join(removed) or "nothing on disk")
    return removed
RESTART_EXIT_CODE = 75  # EX_TEMPFAIL: "restart me" (systemd Restart=always starts the kiosk again)
