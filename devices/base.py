"""The lifecycle every device shares: explicit open/close, a bounded health check, a self-test.

Drivers raise `DeviceFailure` from `open()` when the device cannot be reached; `check_health()`
never raises and returns within a few hundred milliseconds; the manager polls it."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field

from devices.spec import DeviceKind, DeviceSpec
from devices.status import NOT_OPEN, DeviceStatus


@dataclass(frozen=True)
class SelfTestResult:
    ok: bool
    lines: list[str] = field(default_factory=list)


class Device(ABC):
    kind: DeviceKind

    def __init__(self, spec: DeviceSpec) -> None:
        self.spec = spec
        self.name = spec.name
        self._status = NOT_OPEN
        self._status_lock = threading.Lock()
        # What a technician's overview counts since start: reads, prints, payments, scans, errors.
        self.counters: Counter[str] = Counter()

    @property
    def status(self) -> DeviceStatus:
        """Last status seen (by a health check or an operation)."""
        with self._status_lock:
            return self._status

    def _set_status(self, status: DeviceStatus) -> DeviceStatus:
        with self._status_lock:
            before = self._status.last_error
            self._status = status
            if status.last_error is not None and (before is None or before.code != status.last_error.code):
                self.counters["errors"] += 1  # once per new error, not per health poll
        return status

    def count(self, what: str) -> None:
        self.counters[what] += 1

    @abstractmethod
    def open(self) -> None:
        """Connect; raise DeviceFailure when the device cannot be reached."""

    @abstractmethod
    def close(self) -> None:
        """Release the port; safe to call twice."""

    def shutdown(self) -> None:
        """Close for good (simulators also stop their fake hardware). Manager's close_all."""
        self.close()

    @abstractmethod
    def check_health(self) -> DeviceStatus:
        """Ask the device how it is (bounded time, never raises) and remember the answer."""

    def self_test(self) -> SelfTestResult:
        status = self.check_health()
        return SelfTestResult(status.usable, [f"status: {status.summary()}"])

    def describe(self) -> str:
        port = f" on {self.spec.port}" if self.spec.port else ""
        return f"{self.name} ({self.kind.value}, {self.spec.driver}{port})"
