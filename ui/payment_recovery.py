"""Payments a crash or a departed citizen left half-way (kiosk/payments): resolved at start-up
before the first citizen is served, and retried every minute afterwards until every one is
settled, returned, or handed to staff (manual review). While the start-up pass runs the kiosk
shows its out-of-service screen; a notice then tells whoever paid what happened to the money."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from kiosk.modes import OutOfService

if TYPE_CHECKING:
    from kiosk.core import KioskCore
    from ui.shell import Shell

log = logging.getLogger("ui.payment_recovery")

REASON = OutOfService.PAYMENTS
RETRY_MS = 60_000


class PaymentRecovery(QObject):
    def __init__(self, shell: Shell, core: KioskCore) -> None:
        super().__init__(shell)
        self.setObjectName("payment_recovery")
        self.shell = shell
        self.core = core
        self.running = False
        self.first = True
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.run)

    def start(self) -> None:
        journal = self.core.journal
        if journal is None:
            return
        if journal.in_flight():
            log.info("payments left half-way found: resolving before taking citizens")
            self.shell.set_out_of_service(True, REASON)
        self.timer.start(RETRY_MS)
        self._when_devices_ready()

    def _when_devices_ready(self) -> None:
        # The terminal is needed to query or void card payments: wait for the devices to start.
        if self.core.hardware.manager is None:
            QTimer.singleShot(200, self._when_devices_ready)
            return
        self.run()

    def run(self) -> None:
        journal = self.core.journal
        if self.running or journal is None:
            return
        session = self.shell.sessions.current
        active = frozenset({session.id}) if session is not None else frozenset()
        if not any(e.session_id not in active for e in journal.in_flight()):
            self._finished([], None)
            return
        self.running = True
        self.shell.background.run(lambda: self.core.recover_payments(active), self._finished)

    def _finished(self, results: Any, error: BaseException | None) -> None:
        self.running = False
        if error is not None:
            log.error("payment recovery failed: %r", error)
        first, self.first = self.first, False
        if REASON in self.shell.out_of_service_reasons:
            self.shell.set_out_of_service(False, REASON)
        if first and results and self.shell.sessions.current is None:
            # Imported here: not before the kiosk's first frame (issue #16).
            from ui.screens.pay import PaymentNoticeScreen

            screen = self.shell.screens["payment_notice"]
            assert isinstance(screen, PaymentNoticeScreen)
            screen.show_results(list(results))


def install_payment_recovery(shell: Shell, core: KioskCore) -> PaymentRecovery:
    recovery = PaymentRecovery(shell, core)
    recovery.start()
    return recovery
