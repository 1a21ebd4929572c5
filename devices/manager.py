"""Builds every device from its spec, keeps them healthy in a background thread and tells the
kiosk which device kinds are usable now.

Health loop: every `poll_s` each open device is asked for its status; a device that is offline
or missing is closed and reopened with capped exponential backoff plus jitter. "unavailable" and
"recovered" are each logged once per outage (Home Assistant style), retries at debug level."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from devices.base import Device
from devices.registry import build_device
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceError, DeviceFailure, DeviceStatus

log = logging.getLogger("devices.manager")

StatusListener = Callable[[str, DeviceStatus], None]
_RECONNECT = (Availability.OFFLINE, Availability.NO_DEVICE)


@dataclass
class _Slot:
    device: Device
    is_open: bool = False
    failures: int = 0
    next_attempt: float = 0.0
    reported_down: bool = False
    last: DeviceStatus | None = None


def backoff_delay(failures: int, base_s: float, cap_s: float, rng: random.Random) -> float:
    """Capped exponential backoff with ±25 % jitter (so a hall of kiosks does not retry in step)."""
    raw = min(cap_s, base_s * (2 ** max(0, failures - 1)))
    return float(raw * rng.uniform(0.75, 1.25))


class DeviceManager:
    def __init__(self, specs: Sequence[DeviceSpec], *, poll_s: float = 1.0,
                 backoff_base_s: float = 0.5, backoff_cap_s: float = 8.0,
                 devices: Sequence[Device] | None = None) -> None:
        names = [s.name for s in specs]
        if len(set(names)) != len(names):
            raise ValueError(f"device names must be unique: {names}")
        built = list(devices) if devices is not None else [build_device(s) for s in specs]
        self._slots = {d.name: _Slot(d) for d in built}
        self._poll_s = poll_s
        self._base_s = backoff_base_s
        self._cap_s = backoff_cap_s
        self._rng = random.Random()
        self._listeners: list[StatusListener] = []
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- queries -----------------------------------------------------------------------------
    def get(self, name: str) -> Device:
        return self._slots[name].device

    def devices(self) -> list[Device]:
        return [s.device for s in self._slots.values()]

    def first(self, kind: DeviceKind) -> Device | None:
        return next((s.device for s in self._slots.values() if s.device.kind == kind), None)

    def statuses(self) -> dict[str, DeviceStatus]:
        return {name: slot.device.status for name, slot in self._slots.items()}

    def usable_kinds(self) -> set[DeviceKind]:
        return {s.device.kind for s in self._slots.values() if s.device.status.usable}

    def add_listener(self, callback: StatusListener) -> None:
        """`callback(name, status)` runs on the health thread on every status change."""
        with self._lock:
            self._listeners.append(callback)

    # -- lifecycle ---------------------------------------------------------------------------
    def open_all(self, *, start_health_thread: bool = True) -> None:
        for slot in self._slots.values():
            self._try_open(slot)
        if start_health_thread and self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="device-health", daemon=True)
            self._thread.start()

    def close_all(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        for slot in self._slots.values():
            try:
                slot.device.shutdown()
            except Exception:
                log.debug("%s: shutdown failed", slot.device.name, exc_info=True)
            slot.is_open = False

    def reset(self, name: str) -> DeviceStatus:
        """Close one device and open it again now (a technician's "reset device"): the cure for a
        peripheral lost after idle or a port left "busy". Returns the status after reopening."""
        slot = self._slots[name]
        log.info("%s: reset (close and reopen)", name)
        self._close(slot)
        slot.failures = 0
        slot.next_attempt = 0.0
        self._try_open(slot)
        return slot.device.status

    def poll_once(self) -> None:
        """One round of health checks and due reconnects (what the thread does every poll_s)."""
        now = time.monotonic()
        for slot in self._slots.values():
            if self._stop.is_set():
                return
            if not slot.is_open:
                if now >= slot.next_attempt:
                    self._try_open(slot)
                continue
            status = slot.device.check_health()
            if status.availability in _RECONNECT:
                self._close(slot)
                self._note_failure(slot, status)
            else:
                self._note_result(slot, status)

    def _run(self) -> None:
        while not self._stop.wait(self._poll_s):
            try:
                self.poll_once()
            except Exception:  # the health thread must survive any driver bug
                log.exception("health loop error")

    def _try_open(self, slot: _Slot) -> None:
        try:
            slot.device.open()
        except DeviceFailure as failure:
            self._close(slot)
            status = slot.device._set_status(DeviceStatus(
                Availability.NO_DEVICE if failure.error.code == "no_device" else Availability.OFFLINE,
                last_error=failure.error))
            self._note_failure(slot, status)
            return
        except Exception as exc:  # a driver bug must not take the kiosk down
            self._close(slot)
            status = slot.device._set_status(DeviceStatus(
                Availability.HARDWARE_ERROR, last_error=DeviceError("driver_error", "driver failed to open", repr(exc))))
            self._note_failure(slot, status)
            return
        slot.is_open = True
        self._note_result(slot, slot.device.check_health())

    def _close(self, slot: _Slot) -> None:
        try:
            slot.device.close()
        except Exception:
            log.debug("%s: close failed", slot.device.name, exc_info=True)
        slot.is_open = False

    def _note_failure(self, slot: _Slot, status: DeviceStatus) -> None:
        slot.failures += 1
        delay = backoff_delay(slot.failures, self._base_s, self._cap_s, self._rng)
        slot.next_attempt = time.monotonic() + delay
        log.debug("%s: retry in %.1f s (attempt %d)", slot.device.name, delay, slot.failures)
        self._note_result(slot, status)

    def _note_result(self, slot: _Slot, status: DeviceStatus) -> None:
        name = slot.device.name
        if status.usable:
            slot.failures = 0 if slot.is_open else slot.failures
            if slot.reported_down:
                log.info("%s recovered: %s", name, status.summary())
                slot.reported_down = False
        elif not slot.reported_down:
            log.warning("%s unavailable: %s", name, status.summary())
            slot.reported_down = True
        if status != slot.last:
            slot.last = status
            with self._lock:
                listeners = list(self._listeners)
            for callback in listeners:
                try:
                    callback(name, status)
                except Exception:
                    log.exception("status listener failed for %s", name)
