"""Technician events in the store's audit table (the same table the outbox writes "committed" /
"acknowledged" to), so one place answers "who did what on this kiosk, when".

Rows carry codes only: an event name and a short detail such as ``outcome=wrong`` or
``device=printer ok=0``. Never a PIN, never a citizen's value."""

from __future__ import annotations

import calendar
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.store.db import Database, utc_iso

log = logging.getLogger("kiosk.diagnostics.audit")

ACTOR = "technician"


@dataclass(frozen=True)
class AuditEntry:
    at: str  # ISO-8601 UTC with Z, like the rest of the audit table
    ts: float  # unix seconds (parsed back from ``at`` for rows read from the database)
    actor: str
    event: str
    detail: str


def _parse_iso(at: str) -> float:
    try:
        base, _, frac = at.rstrip("Z").partition(".")
        return calendar.timegm(time.strptime(base, "%Y-%m-%dT%H:%M:%S")) + (int(frac) / 1000 if frac else 0.0)
    except ValueError:
        return 0.0


class TechnicianAudit:
    """Writes to ``audit`` in the kiosk database; without a store (tests of the UI that bring
    their own submitter) it keeps the entries in memory so the gate still works."""

    def __init__(self, db: Database | None, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.clock = clock
        self._memory: list[AuditEntry] = []
        self._lock = threading.Lock()

    def record(self, event: str, detail: str = "") -> None:
        now = self.clock()
        entry = AuditEntry(utc_iso(now), now, ACTOR, event, detail[:200])
        if self.db is None:
            with self._lock:
                self._memory.append(entry)
        else:
            with self.db.write() as conn:
                conn.execute("INSERT INTO audit (at, actor, event, record_id, detail) VALUES (?, ?, ?, NULL, ?)",
                             (entry.at, entry.actor, entry.event, entry.detail))
        log.info("technician %s %s", event, detail)

    def recent(self, limit: int = 200, actor: str | None = ACTOR) -> list[AuditEntry]:
        """Newest last. ``actor=None``: every actor (the bundle shows sync and kiosk rows too)."""
        if self.db is None:
            with self._lock:
                rows = [e for e in self._memory if actor is None or e.actor == actor]
            return rows[-limit:]
        sql = "SELECT at, actor, event, detail FROM audit"
        params: tuple[object, ...] = ()
        if actor is not None:
            sql += " WHERE actor = ?"
            params = (actor,)
        sql += " ORDER BY seq DESC LIMIT ?"
        found = self.db.conn().execute(sql, params + (limit,)).fetchall()
        return [AuditEntry(at, _parse_iso(at), who, event, detail or "") for at, who, event, detail in reversed(found)]
