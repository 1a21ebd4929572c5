"""The sync worker: one background thread that drains the outbox and sends heartbeats.

* woken at once by a commit (``Outbox.on_commit`` → :meth:`SyncWorker.wake`), otherwise asleep on
  an Event until the next heartbeat or retry is due — never busy-polling an empty table;
* batches of up to ``batch_size`` records and ``max_request_bytes`` of JSON, ``Idempotency-Key`` =
  record id, so a retry after a lost response is harmless (the server answers 200 with its first
  answer). On a slow link a batch that cannot cross within the client timeout would be retried
  unchanged forever (the server stores it, the answer never arrives): a timeout halves the next
  batch by count and by bytes, each delivered batch doubles it back up to the configured limits
  (:class:`BatchSize`);
* transient failures back off with full jitter (base 1 s, cap 300 s) for as long as it takes —
  days offline are fine, the records wait on disk; a definite refusal (409/413/422) parks that
  record and alerts a technician instead of retrying it forever;
* stop() sets a flag and wakes the thread; at worst it waits for the request in flight (bounded
  by the client timeout). Stopping or being killed mid-batch loses nothing: unacknowledged
  records stay pending and are resent.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from kiosk.store.db import StoreError
from kiosk.store.quarantine import parse_case_number
from kiosk.store.store import Store
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import SendResult, ServerClient
from kiosk.sync.errors import PARK_CODES, ApiError, AuthError, ClockSkewError, TransientError

log = logging.getLogger("kiosk.sync.worker")

MAX_REQUEST_BYTES = 6_000_000  # the server refuses > 8 MB; leave room for the envelope

DeviceHealth = Callable[[], dict[str, dict[str, Any]]]


def _size(body: dict[str, Any]) -> int:
    return len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


class BatchSize:
    """How much the next request may carry. Halved (count and bytes, from what the timed-out
    request really carried) on a timeout, doubled after a delivered batch, never above
    ``max_count`` / ``max_bytes``. A single record larger than the byte limit still goes alone:
    it cannot be split, and parking it would lose a case the server may well accept."""

    FORGET_AFTER = 16  # delivered batches in a row after which the link may have got faster again

    def __init__(self, max_count: int, max_bytes: int) -> None:
        self.max_count = max_count
        self.max_bytes = max_bytes
        self.count = max_count
        self.bytes = max_bytes
        # 3/4 of the last request that timed out: growing back stops below it, so a link that
        # cannot carry that much is not made to waste the same upload again and again.
        self._ceiling: tuple[int, int] | None = None
        self._delivered = 0

    def cut(self, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The longest prefix of ``bodies`` within the limits (at least one record)."""
        total = 2 + len('{"records":[]}')
        for n, body in enumerate(bodies[:self.count]):
            total += _size(body) + 1
            if total > self.bytes and n > 0:
                return bodies[:n]
        return bodies[:self.count]

    def shrink(self, sent_count: int, sent_bytes: int) -> None:
        self.count = max(1, sent_count // 2)
        self.bytes = max(1, sent_bytes // 2)
        self._ceiling = (max(1, sent_count * 3 // 4), max(1, sent_bytes * 3 // 4))
        self._delivered = 0
        log.info("request timed out with %d record(s), %d bytes: next batch at most %d record(s), %d bytes",
                 sent_count, sent_bytes, self.count, self.bytes)

    def grow(self) -> None:
        self._delivered += 1
        if self._ceiling is not None and self._delivered >= self.FORGET_AFTER:
            self._ceiling = None
        max_count, max_bytes = self.max_count, self.max_bytes
        if self._ceiling is not None:
            max_count, max_bytes = min(max_count, self._ceiling[0]), min(max_bytes, self._ceiling[1])
        if self.count < max_count or self.bytes < max_bytes:
            self.count = max(self.count, min(max_count, self.count * 2))
            self.bytes = max(self.bytes, min(max_bytes, self.bytes * 2))
            log.debug("batch delivered: next batch at most %d record(s), %d bytes", self.count, self.bytes)


class SyncWorker:
    def __init__(self, store: Store, client: ServerClient, *, batch_size: int = 100, heartbeat_s: float = 60.0,
                 device_health: DeviceHealth | None = None, versions: dict[str, str] | None = None,
                 backoff: Backoff | None = None, idle_poll_s: float | None = None,
                 on_heartbeat: Callable[[dict[str, Any]], None] | None = None,
                 max_request_bytes: int = 1_000_000,
                 hall_status: Callable[[], dict[str, Any]] | None = None) -> None:
        self.store = store
        self.client = client
        self.batch_size = max(1, min(100, batch_size))
        self.size = BatchSize(self.batch_size, max(1, min(MAX_REQUEST_BYTES, max_request_bytes)))
        self.heartbeat_s = heartbeat_s
        self.device_health = device_health
        self.versions = versions or {}
        self.backoff = backoff or Backoff()
        # Only for a worker in another process than the committer (python -m kiosk.sync): it cannot
        # be woken by an Event, so it looks at the outbox this often when idle.
        self.idle_poll_s = idle_poll_s
        self.on_heartbeat = on_heartbeat
        # {"hall": {"zh", "en"}, "paused": [item codes]} for the staff console's fleet view.
        self.hall_status = hall_status
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_heartbeat = 0.0
        self._online: bool | None = None
        self._alerted: set[str] = set()
        self.delivered = 0
        self.last_error: str | None = None

    # -- control --------------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("sync worker already started")
        self.store.outbox.on_commit(self.wake)
        self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)
        self._thread.start()
        log.info("sync worker started")

    def wake(self) -> None:
        """New work (a commit) or "sync now" from the technician: run at once."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop the thread; True when it has ended within ``timeout``."""
        self._stopping.set()
        self._wake.set()
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def status(self) -> dict[str, Any]:
        """For the technician screen."""
        outbox = self.store.outbox
        return {"online": self._online, "depth": outbox.depth(), "oldest_age_s": outbox.oldest_age_s(),
                "parked": outbox.parked_count(), "failures": self.backoff.failures, "last_error": self.last_error,
                "delivered": self.delivered}

    # -- the loop -------------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                if time.monotonic() >= self._next_heartbeat:
                    self._heartbeat()
                outcome, delay = self.drain_once()
            except Exception:
                log.exception("sync round failed")
                outcome, delay = "failed", self.backoff.next_delay()
            if outcome == "more":
                continue
            self._sleep(delay)
        log.info("sync worker stopped")

    def _sleep(self, delay: float | None) -> None:
        until_heartbeat = max(0.0, self._next_heartbeat - time.monotonic())
        waits = [until_heartbeat]
        if delay is not None:
            waits.append(delay)
        if self.idle_poll_s is not None:
            waits.append(self.idle_poll_s)
        self._wake.wait(min(waits))
        self._wake.clear()

    def drain_once(self) -> tuple[str, float | None]:
        """Send one batch. Returns ("more", None) after progress, ("idle", seconds until a record
        is due or None) when nothing is due, ("failed", backoff delay) on a transient failure."""
        batch = self.store.outbox.next_batch(self.size.count)
        if not batch:
            return "idle", self.store.outbox.next_due_in()
        # Within the byte budget; an oversized single record is sent alone (and parked on 413) so
        # it cannot block the others.
        bodies = self.size.cut([p.body for p in batch])
        try:
            results = self._send(bodies)
        except TransientError as exc:
            if exc.reason == "timeout":
                self.size.shrink(len(bodies), sum(_size(b) for b in bodies))
            delay = self.backoff.next_delay()
            self._failed(exc)
            self.store.outbox.mark_retry([b["id"] for b in bodies], delay, exc.reason)
            return "failed", delay
        self.size.grow()
        stored = [r.id for r in results if r.stored]
        refused = [r for r in results if r.code in PARK_CODES]
        unclear = [r.id for r in results if not r.stored and r.code not in PARK_CODES]
        self.store.outbox.mark_acknowledged(stored)
        for r in refused:
            self.store.outbox.mark_parked(r.id, f"http_{r.code} {str(r.body.get('error', ''))[:40]}".strip())
        self.delivered += len(stored)
        self._succeeded()
        if unclear:
            delay = self.backoff.next_delay()
            self.store.outbox.mark_retry(unclear, delay, "unclear_result")
            return ("more", None) if stored else ("failed", delay)
        return "more", None

    def _send(self, bodies: list[dict[str, Any]]) -> list[SendResult]:
        if len(bodies) == 1:
            return [self.client.send_record(bodies[0])]
        try:
            return self.client.send_batch(bodies)
        except ApiError as exc:
            # The batch as a whole was refused (too large, or a server without batches): one by one,
            # so the per-record verdicts decide.
            log.warning("batch refused (HTTP %d): sending one by one", exc.status)
            return [self.client.send_record(b) for b in bodies]

    def _heartbeat(self) -> None:
        self._next_heartbeat = time.monotonic() + self.heartbeat_s
        outbox = self.store.outbox
        devices: dict[str, dict[str, Any]] = {}
        if self.device_health is not None:
            try:
                devices = self.device_health()
            except Exception:
                log.exception("device health callback failed")
        payload = {"kiosk_id": self.client.kiosk_id, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                   "versions": self.versions, "devices": devices,
                   "outbox": {"depth": outbox.depth(), "oldest_age_s": round(outbox.oldest_age_s(), 1),
                              "parked": outbox.parked_count()}}
        if self.hall_status is not None:
            try:
                payload.update(self.hall_status())
            except Exception:
                log.exception("hall status callback failed")
        space = self.store.space
        if space is not None:
            try:
                space.check()  # also lays the emergency space again, and resumes, once there is room
                payload["storage"] = space.status()  # state "low"/"full" is the centre's disk-full flag
            except Exception:  # the heartbeat must go out even when the disk cannot be looked at
                log.exception("storage check failed")
        try:
            answer = self.client.heartbeat(payload)
        except (TransientError, ApiError) as exc:
            self._failed(exc)
            return
        self._succeeded()
        self._continue_after(answer.get("last_case_number"))
        if self.on_heartbeat is not None:
            try:
                self.on_heartbeat(answer)
            except Exception:
                log.exception("heartbeat callback failed")

    def _continue_after(self, number: object) -> None:
        """The server's last case number of this kiosk: a kiosk whose database was lost or
        reimaged continues after it instead of handing out a number a citizen already holds."""
        parsed = parse_case_number(number, self.store.outbox.short_id) if isinstance(number, str) else None
        if parsed is not None:
            try:
                self.store.outbox.raise_case_floors({parsed[0]: parsed[1]}, "server's last case number")
            except StoreError as exc:
                log.warning("could not record the server's last case number: %s", exc)

    # -- state changes, logged once each ---------------------------------------------------------
    def _failed(self, exc: Exception) -> None:
        reason = getattr(exc, "reason", None) or str(exc)
        self.last_error = reason
        if self._online is not False:
            log.warning("server unreachable or refusing (%s); records wait on disk", reason)
        else:
            log.debug("still offline (%s)", reason)
        self._online = False
        if isinstance(exc, ClockSkewError) and "clock" not in self._alerted:
            self._alerted.add("clock")
            self.store.add_alert("clock_wrong", f"The kiosk clock is wrong: it read {exc.local_time} while the "
                                                f"server time was {exc.server_time}. Set the time (NTP).")
        elif isinstance(exc, AuthError) and "auth" not in self._alerted:
            self._alerted.add("auth")
            self.store.add_alert("sync_credentials", f"The server refused this kiosk's credentials ({exc.reason}). "
                                                     "Check kiosk id and secret in the sync settings.")

    def _succeeded(self) -> None:
        if self._online is not True:
            log.info("server reachable; outbox depth %d", self.store.outbox.depth())
        self._online = True
        self.backoff.reset()
        self.last_error = None
        self._alerted.discard("auth")
