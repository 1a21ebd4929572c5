"""Whether the kiosk takes citizens: one state machine for the whole kiosk, without Qt.

IN_SERVICE: citizens are served. OUT_OF_SERVICE while any typed reason holds (a technician took
the kiosk out, a required device is down, payments left half-way by a crash are being resolved).
DIAGNOSTICS while a technician is inside diagnostics; leaving it returns to OUT_OF_SERVICE or
IN_SERVICE by the reasons that still hold. Every change of mode goes through `_go` and is logged;
reasons are set and cleared only here, so the three parts of the kiosk that hold one cannot clear
each other's."""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable

log = logging.getLogger("kiosk.modes")


class Mode(str, enum.Enum):
    IN_SERVICE = "in_service"
    OUT_OF_SERVICE = "out_of_service"
    DIAGNOSTICS = "diagnostics"


class OutOfService(str, enum.Enum):
    """Why citizens are not taken."""

    STAFF = "staff"          # a technician's choice in diagnostics (persisted over restarts)
    DEVICES = "devices"      # a device every service needs is down (ui/required_devices.py)
    PAYMENTS = "payments"    # payments a crash left half-way are being resolved (ui/payment_recovery.py)


class ModeMachine:
    def __init__(self, changed: Callable[[Mode, Mode], None] = lambda old, new: None) -> None:
        self._mode = Mode.IN_SERVICE
        self._reasons: set[OutOfService] = set()
        self._changed = changed  # (old, new), after each change of mode

    @property
    def mode(self) -> Mode:
        return self._mode

    @property
    def reasons(self) -> frozenset[OutOfService]:
        return frozenset(self._reasons)

    @property
    def out_of_service(self) -> bool:
        """No citizen may start: a reason holds (also while a technician is inside)."""
        return bool(self._reasons)

    def hold(self, reason: OutOfService, on: bool = True) -> None:
        """Set (or with on=False clear) one reason; the others are untouched."""
        if on == (reason in self._reasons):
            return
        if on:
            self._reasons.add(reason)
        else:
            self._reasons.discard(reason)
        log.info("out-of-service reason %s %s (now: %s)", reason.value, "set" if on else "cleared",
                 ", ".join(sorted(r.value for r in self._reasons)) or "none")
        if self._mode is not Mode.DIAGNOSTICS:
            self._go(self._resting())

    def release(self, reason: OutOfService) -> None:
        self.hold(reason, False)

    def enter_diagnostics(self) -> None:
        self._go(Mode.DIAGNOSTICS)

    def leave_diagnostics(self) -> None:
        if self._mode is Mode.DIAGNOSTICS:
            self._go(self._resting())

    def _resting(self) -> Mode:
        return Mode.OUT_OF_SERVICE if self._reasons else Mode.IN_SERVICE

    def _go(self, mode: Mode) -> None:
        """The one transition function."""
        if mode is self._mode:
            return
        old, self._mode = self._mode, mode
        log.info("mode: %s -> %s", old.value, mode.value)
        self._changed(old, mode)
