"""Getting in and out of diagnostics: the corner gesture opens the PIN pad over the shell, the
right PIN ends any citizen session and opens the pages, and inactivity (or the exit button)
closes them and gives the kiosk back to citizens (or leaves it out of service)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from kiosk.catalog import Catalog
from kiosk.core import KioskCore
from kiosk.diagnostics.service import Diagnostics
from kiosk.diagnostics.staffcard import StaffCards, read_staff_card
from kiosk.diagnostics.state import RESTART_EXIT_CODE
from kiosk.session import EndReason
from ui.diagnostics.entry import CORNER_MM, CornerTapFilter, CornerTaps
from ui.navigation import ScreenId
from ui.shell import Shell

if TYPE_CHECKING:
    from ui.diagnostics.window import DiagnosticsOverlay

log = logging.getLogger("ui.diagnostics")


class DiagnosticsController(QObject):
    opened = Signal()  # the PIN pad is showing
    entered = Signal()  # the right PIN: diagnostics pages are showing
    left = Signal(str)  # reason: "exit", "idle", "cancel"

    def __init__(self, shell: Shell, core: KioskCore, clock: Callable[[], float] = time.time,
                 tap_clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(shell)
        self.setObjectName("diagnostics_controller")
        self.shell = shell
        self.core = core
        self.diag = Diagnostics(core, clock)
        self._overlay: DiagnosticsOverlay | None = None  # built on first use (see overlay)
        self.taps = CornerTaps(shell.theme.mm(CORNER_MM), clock=tap_clock)
        self.filter = CornerTapFilter(shell, self.taps, self._gesture, self._touched)
        self.inside = False  # past the PIN
        cfg = core.settings.technician
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(cfg.idle_exit_s * 1000)
        self.idle_timer.timeout.connect(lambda: self.leave("idle"))
        self.refresh_timer = QTimer(self)  # live device and outbox figures while a page is open
        self.refresh_timer.setInterval(2000)
        self.refresh_timer.timeout.connect(self._refresh)
        shell.devices_changed.connect(self._refresh)
        # Staff cards (optional): the card reader is polled while the PIN pad shows.
        self.staff_cards = StaffCards(cfg.staff_cards)
        self.card_timer = QTimer(self)
        self.card_timer.setInterval(700)
        self.card_timer.timeout.connect(self._poll_card)
        self._card_reading = False
        if self.diag.persisted_out_of_service():
            # Taken out of service before a restart or power cut: citizens see it again.
            log.info("kiosk starts out of service (set by a technician)")
            self.shell.set_out_of_service(True)

    @property
    def overlay(self) -> DiagnosticsOverlay:
        """The PIN pad and the pages, built the first time a technician (or a test) needs them:
        their widgets and modules cost ≈ 0.3 s that the kiosk's start (issue #16) does without."""
        if self._overlay is None:
            from ui.diagnostics.window import DiagnosticsOverlay

            overlay = DiagnosticsOverlay(self.shell, self.core, self.diag, self)
            overlay.pin_pad.entered.connect(self.enter)
            overlay.pin_pad.cancelled.connect(lambda: self.leave("cancel"))
            self._overlay = overlay
        return self._overlay

    @property
    def active(self) -> bool:
        return self._overlay is not None and self._overlay.isVisible()

    def install(self) -> None:
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self.filter)

    # -- in --------------------------------------------------------------------------------------
    def _gesture(self) -> None:
        if self.active:
            return
        # Not inside the event filter: the shell's TouchFilter still sees this press after us and
        # would restart the citizen idle timer we are about to stop.
        QTimer.singleShot(0, self.open_pin_pad)

    def open_pin_pad(self) -> None:
        if self.active:
            return
        log.info("technician PIN pad opened")
        # The citizen's countdown must not pop up over the pad; a cancel resumes it.
        self.shell.idle.timer.stop()
        self.shell.idle.second.stop()
        self.shell.overlay.hide()
        self.overlay.show_pin_pad()
        self.idle_timer.start()
        if self.staff_cards.configured:
            self.card_timer.start()
        self.opened.emit()

    def _poll_card(self) -> None:
        reader = self.core.hardware.card_reader()
        if self._card_reading or reader is None or self.inside or not self.active:
            return
        self._card_reading = True
        self.overlay.background.run(lambda: read_staff_card(reader, self.staff_cards), self._card_read)

    def _card_read(self, ok: bool | None, error: BaseException | None) -> None:
        self._card_reading = False
        if ok is None or error is not None or self.inside or not self.active:
            return
        if ok:
            self.diag.audit.record("staff_card_ok", "")
            self.card_timer.stop()
            self.enter()
        else:
            self.diag.audit.record("staff_card_refused", "")
            self.overlay.pin_pad.card_refused()

    def enter(self) -> None:
        self.card_timer.stop()
        # The citizen's data must be gone before a technician sees anything.
        self.shell.sessions.end(EndReason.STAFF)
        self.inside = True
        self.shell.enter_diagnostics()
        self.diag.audit.record("entered", "")
        log.info("diagnostics entered")
        self.overlay.show_main()
        self.idle_timer.start()
        self.refresh_timer.start()
        self.entered.emit()

    # -- out -------------------------------------------------------------------------------------
    def leave(self, reason: str) -> None:
        if not self.active:
            return
        was_inside, self.inside = self.inside, False
        self.idle_timer.stop()
        self.refresh_timer.stop()
        self.card_timer.stop()
        self.overlay.pin_pad.reset()
        self.overlay.hide()
        if was_inside:
            self.diag.audit.record("left", f"reason={reason}")
            log.info("diagnostics left (%s)", reason)
            self.shell.leave_diagnostics()
            self.shell.go(ScreenId.OUT_OF_SERVICE if self.shell.out_of_service else ScreenId.ATTRACT)
        else:
            self.shell.idle.restart()  # back to the citizen's screen and countdown, if any
        self.left.emit(reason)

    def _touched(self) -> None:
        if self.active:
            self.idle_timer.start()

    def _refresh(self) -> None:
        if self.active and self.inside and self.overlay.current_page.name in ("overview", "sync", "actions"):
            self.overlay.current_page.refresh()

    # -- actions the pages ask for -----------------------------------------------------------------
    def set_out_of_service(self, out: bool) -> None:
        self.shell.set_out_of_service(out)
        self.diag.persist_out_of_service(out)  # survives a restart (kiosk/diagnostics/state.py)
        self.diag.audit.record("out_of_service" if out else "back_in_service", "")

    def restart(self) -> None:
        """Leave with RESTART_EXIT_CODE: systemd (Restart=always) starts the kiosk again."""
        self.diag.audit.record("restart", f"exit_code={RESTART_EXIT_CODE}")
        log.warning("restart requested by the technician: exiting with code %d", RESTART_EXIT_CODE)
        self.leave("restart")
        app = QApplication.instance()
        if app is not None:
            QTimer.singleShot(0, lambda: app.exit(RESTART_EXIT_CODE))

    def use_catalog(self, catalog: Catalog) -> None:
        self.diag.use_catalog(catalog)
        self.shell.catalog = catalog
        self.shell.services.catalog = catalog


def install_diagnostics(shell: Shell, core: KioskCore, build_now: bool = True) -> DiagnosticsController:
    """``build_now=False`` (the kiosk's start, app/gui.py): the PIN pad and pages are built on the
    first corner gesture instead of before the attract screen."""
    controller = DiagnosticsController(shell, core)
    controller.install()
    if build_now:
        controller.overlay  # noqa: B018 - builds it
    return controller
