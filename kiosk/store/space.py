"""Free space for the store (issue #14, item 14): a reserve, an emergency ballast, an alert.

* **Reserve.** A new case is refused (StoreFull → the citizen's "storage full" message) while
  the space left for the database would fall below ``reserve_bytes``: the kiosk stops well before
  the disk is full, so acknowledgements, alerts and the payment journal still find room.
  "Space left" is the file system's free space plus the database's own free pages (a purge frees
  pages inside kiosk.db, which SQLite reuses, without giving them back to the file system).
* **Ballast.** ``data_dir/space.reserve`` holds ``ballast_bytes`` of real blocks. When a write
  finds the disk full anyway (another program filled it, or the outbox did before this
  existed), the ballast is deleted and the write tried once more: purging what the server
  already holds, and the technician alert, must work on a full disk. The WAL is then
  checkpointed and truncated, which gives its space back. The ballast is laid again once there
  is room.
* **State.** :class:`SpaceState` with one logged transition function. Entering LOW or FULL
  records a ``disk_full`` technician alert; back to OK clears it. The heartbeat carries
  :meth:`DiskSpace.status` so the centre sees it too. Nothing latches: every commit looks again,
  so the kiosk takes cases again by itself as soon as there is room.
"""

from __future__ import annotations

import enum
import logging
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from kiosk.store.db import Database, StoreFull, is_disk_full

log = logging.getLogger("kiosk.store.space")

BALLAST_NAME = "space.reserve"
ALERT_KIND = "disk_full"
T = TypeVar("T")


class SpaceState(enum.Enum):
    OK = "ok"  # cases are taken
    LOW = "low"  # below the reserve: new cases refused, everything else still works
    FULL = "full"  # a write found no room at all (the ballast was spent to get it through)


ALLOWED: dict[SpaceState, set[SpaceState]] = {
    SpaceState.OK: {SpaceState.LOW, SpaceState.FULL},
    SpaceState.LOW: {SpaceState.OK, SpaceState.FULL},
    SpaceState.FULL: {SpaceState.OK, SpaceState.LOW},
}


def ballast_size(reserve_bytes: int) -> int:
    """4 MB — room to checkpoint a full WAL (SQLite's automatic checkpoint keeps it near 1000
    pages) and to purge a 1 MB batch with its zeroed pages — or a quarter of a smaller reserve,
    at least 256 kB."""
    return max(256 * 1024, min(4 * 1024 * 1024, reserve_bytes // 4))


class DiskSpace:
    def __init__(self, db: Database, reserve_bytes: int, ballast_bytes: int | None = None) -> None:
        self._db = db
        self.reserve_bytes = reserve_bytes
        self.ballast_bytes = ballast_size(reserve_bytes) if ballast_bytes is None else ballast_bytes
        self.ballast = db.data_dir / BALLAST_NAME
        self.state = SpaceState.OK
        self._lock = threading.RLock()
        self._alert_due = False  # the alert could not be written yet (no room even for that)
        self._writing_alert = False  # the alert's own retry must not write a second one
        self.check()

    # -- measuring -------------------------------------------------------------------------------
    def free_bytes(self) -> int:
        st = os.statvfs(self._db.data_dir)
        return st.f_bavail * st.f_frsize

    def available(self) -> int:
        """File-system free space plus the database's free pages."""
        conn = self._db.conn()
        pages = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
        return self.free_bytes() + pages * int(conn.execute("PRAGMA page_size").fetchone()[0])

    def status(self) -> dict[str, Any]:
        """For the heartbeat: state and free space, no paths."""
        return {"state": self.state.value, "free_mb": round(self.free_bytes() / 1e6, 1),
                "reserve_mb": round(self.reserve_bytes / 1e6, 1)}

    # -- the state machine -----------------------------------------------------------------------
    def _move(self, new: SpaceState, reason: str) -> None:
        old = self.state
        if new is old:
            return
        if new not in ALLOWED[old]:
            raise ValueError(f"space state {old.value} → {new.value} not allowed")
        self.state = new
        log_at = log.info if new is SpaceState.OK else log.error
        log_at("storage %s → %s (%s)", old.value, new.value, reason)
        if new is SpaceState.OK:
            self._alert_due = False
            try:
                with self._db.write() as conn:
                    conn.execute("UPDATE alerts SET cleared = 1 WHERE kind = ? AND cleared = 0", (ALERT_KIND,))
            except StoreFull:
                pass
        elif old is SpaceState.OK:
            self._alert_due = True
        if self._alert_due:
            self._write_alert(reason)

    def _write_alert(self, reason: str) -> None:
        if self._writing_alert:
            return
        message = (f"The kiosk's disk is (almost) full ({reason}; {self.free_bytes() / 1e6:.1f} MB free, reserve "
                   f"{self.reserve_bytes / 1e6:.0f} MB): new cases are refused until there is room again. Free space "
                   f"on the data disk ({self._db.data_dir}); the kiosk resumes by itself.")
        self._writing_alert = True
        try:
            self.retry_when_full(lambda: self._db.add_alert(ALERT_KIND, message), "alert")
            self._alert_due = False
        except StoreFull:
            log.error("technician alert %s could not be stored: no room at all", ALERT_KIND)
        finally:
            self._writing_alert = False

    # -- what the store calls --------------------------------------------------------------------
    def check(self, need: int = 0) -> bool:
        """True when ``need`` more bytes leave the reserve intact. Moves the state and lays the
        ballast again when there is room."""
        with self._lock:
            try:
                available = self.available()
            except OSError as exc:
                log.warning("free space unknown (%s)", exc)
                return True
            if available - need >= self.reserve_bytes:
                self._move(SpaceState.OK, f"{available / 1e6:.1f} MB available")
                self._lay_ballast(available)
                return True
            if self.state is not SpaceState.FULL:
                self._move(SpaceState.LOW, f"{available / 1e6:.1f} MB available, below the reserve")
            elif self._alert_due:
                self._write_alert("no room left")
            return False

    def retry_when_full(self, write: Callable[[], T], what: str) -> T:
        """Run ``write``; when it finds the disk full, spend the ballast and run it once more."""
        try:
            return write()
        except StoreFull:
            with self._lock:
                freed = self._release_ballast()
                if self.state is not SpaceState.FULL:
                    self._move_full(what)
            if not freed:
                raise
            result = write()
            self._truncate_wal()
            return result

    def _move_full(self, what: str) -> None:
        # The alert write itself goes through retry_when_full: the ballast is already released.
        self._move(SpaceState.FULL, f"no room for the {what}")

    # -- ballast and WAL -------------------------------------------------------------------------
    def _lay_ballast(self, available: int) -> None:
        if self.ballast_bytes <= 0 or self.ballast.exists():
            return
        if available < self.reserve_bytes + self.ballast_bytes:
            return  # not at the price of the reserve
        try:
            fd = os.open(self.ballast, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.posix_fallocate(fd, 0, self.ballast_bytes)  # real blocks, not a sparse file
                os.fsync(fd)
            finally:
                os.close(fd)
            log.info("emergency space of %d bytes laid in %s", self.ballast_bytes, self.ballast.name)
        except OSError as exc:
            self.ballast.unlink(missing_ok=True)
            if not is_disk_full(exc):
                log.warning("emergency space not laid: %s", exc)

    def _release_ballast(self) -> bool:
        try:
            self.ballast.unlink()
        except FileNotFoundError:
            return False
        log.warning("disk full: emergency space released")
        return True

    def _truncate_wal(self) -> None:
        """Give the WAL's space back to the file system after an emergency write."""
        try:
            self._db.conn().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except Exception as exc:  # noqa: BLE001 - best effort: a busy reader only delays it
            log.warning("WAL not truncated after a disk-full write: %s", exc)
