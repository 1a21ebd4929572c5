"""Builds the Qt application around the kiosk core and runs it."""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core import KioskCore
from kiosk.identity import Centre
from ui.i18n import Translations
from ui.input_method import prepare_environment
from ui.payment_recovery import install_payment_recovery
from ui.required_devices import install_required_devices
from ui.shell import Services, Shell, install_touch_filter
from ui.watchdog import GuiWatchdog

log = logging.getLogger("app.gui")


def make_application(argv: list[str] | None = None) -> QApplication:
    prepare_environment()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(argv or sys.argv[:1])
    app.setApplicationName("police-kiosk")
    return app


def build_shell(core: KioskCore, keyboard: bool = True, diagnostics_now: bool = True,
                build_later: bool = False) -> Shell:
    """``diagnostics_now=False``: the technician's PIN pad and pages are built on the first corner
    gesture, not before the attract screen (the kiosk's start, issue #16). ``build_later``: only the
    attract screen is built, and diagnostics are not installed: :func:`show_kiosk` does the rest
    after the first frame."""
    translations = Translations()
    translations.use(core.settings.language)
    services = Services(
        settings=core.settings,
        catalog=core.catalog,
        submitter=core.submitter,
        paused_notices=core.paused_notices,
        unusable_devices=core.unusable_devices,
        call_staff=core.call_staff,
        server=lambda: core.server.client,
        print_notice=core.print_notice if core.has_printer() else None,
        print_receipt=core.print_receipt,
        take_catalog=core.take_new_catalog,
        take_settings=core.take_new_settings,
        hardware=core.hardware,
        # The face check runs at the centre (register photo) whenever it is linked; the demo's
        # local server holds the sample identities' register photos. Offline: the chip photo.
        centre=Centre(lambda: core.server.client),
        payment_desk=core,
        print_voucher=core.print_voucher,
    )
    shell = Shell(services, translations, keyboard=keyboard, build_later=build_later)
    screen = core.settings.screen
    shell.resize(screen.width_px, screen.height_px)
    install_touch_filter(shell)
    if not build_later:
        _install_diagnostics(shell, core, diagnostics_now)
    shell.devices_changed.connect(shell.refresh_for_devices)
    shell.catalog_ready.connect(shell.switch_catalog_when_idle)
    core.on_catalog_ready(shell.catalog_ready.emit)
    shell.staff_coming.connect(shell.show_staff_coming)
    core.on_staff_coming(shell.staff_coming.emit)
    core.hardware.add_scan_listener(shell.scanned.emit)
    core.on_devices_changed(shell.devices_changed.emit)
    install_required_devices(shell, core)  # required_devices down → out of service until it recovers
    install_payment_recovery(shell, core)  # payments a crash left half-way: settled before the first citizen
    return shell


def _install_diagnostics(shell: Shell, core: KioskCore, build_now: bool) -> None:
    # Imported here: ≈ 0.1 s of modules the attract screen does not need.
    from ui.diagnostics import install_diagnostics

    install_diagnostics(shell, core, build_now=build_now)  # technician mode: corner gesture + PIN


class FirstFrame(QObject):
    """Calls back once, on the event-loop turn after ``widget`` was first painted (the frame is
    on the screen then): what the attract screen does not need waits for this. Should no paint
    come (a platform that never exposes the window), after ``fallback_ms`` all the same: the
    devices and the systemd READY must not wait for ever."""

    def __init__(self, widget: QWidget, callback: Callable[[], None], fallback_ms: int = 5_000) -> None:
        super().__init__(widget)
        self.widget = widget
        self.callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._no_paint)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint and self.callback is not None:
            QTimer.singleShot(0, self._fire())
        return False

    def _no_paint(self) -> None:
        if self.callback is not None:
            log.warning("no first frame painted after start: going on without it")
            self._fire()()

    def _fire(self) -> Callable[[], None]:
        callback, self.callback = self.callback, None
        self.widget.removeEventFilter(self)
        assert callback is not None
        return callback


def show_kiosk(core: KioskCore, windowed: bool, first_frame: Callable[[Shell], None] | None = None) -> Shell:
    """The kiosk's start (issue #16, start → attract ≤ 1 s): the attract screen is built and
    shown first; after its first frame ``first_frame(shell)`` runs (the start-up time is taken
    there), then the technician's corner gesture is installed, the devices open on their thread
    (which would otherwise compete for the GIL with the first frame) and the other screens and
    the keyboard are built one per event-loop turn. A tap before that builds what it needs."""
    shell = build_shell(core, diagnostics_now=False, build_later=True)

    def after_first_frame() -> None:
        if first_frame is not None:
            first_frame(shell)
        _install_diagnostics(shell, core, build_now=False)
        if core.hardware.manager is None:
            core.hardware.start_in_background()
        shell.build_rest_when_idle()

    FirstFrame(shell, after_first_frame)  # the window, whichever screen it opens on (out of service too)
    if windowed or not core.settings.screen.fullscreen:
        shell.show()
    else:
        shell.showFullScreen()
    return shell


def run(core: KioskCore, windowed: bool, started_at: float | None = None, quit_after_start: bool = False,
        beside: Callable[[Shell], object] | None = None) -> int:
    """`beside(shell)` opens a window next to the kiosk once it shows (`kiosk demo`: the simulated
    devices panel, app/demo_panel.py); passed in by the composition root, so ui/ needs no devices/."""
    app = make_application()
    watchdog = GuiWatchdog(parent=app)  # systemd: WATCHDOG=1 from this thread's event loop (kiosk/watchdog.py)
    panels: list[object] = []  # the window `beside` opened, kept alive here

    def first_frame(shell: Shell) -> None:
        watchdog.ready()  # READY=1 once the attract screen shows
        if started_at is not None:
            # Measured by benchmarks/bench_startup.py: process start to attract screen painted.
            elapsed = (time.perf_counter() - started_at) * 1000
            log.info("attract visible after %.0f ms", elapsed)
            if quit_after_start:
                print(f"attract visible after {elapsed:.0f} ms", flush=True)
                app.quit()
        if beside is not None:
            QTimer.singleShot(0, lambda: panels.append(beside(shell)))

    shell = show_kiosk(core, windowed, first_frame)
    # Ctrl+C in a terminal during demos: let Python see SIGINT.
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    # systemd stop / timeout: leave through the same path, so the devices close and the demo
    # server is stopped (committed cases are safe either way: the outbox is durable).
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    tick = QTimer()
    tick.start(500)
    tick.timeout.connect(lambda: None)
    code = app.exec()
    watchdog.stop()  # STOPPING=1
    core.close()
    if shell.keyboard is not None:
        shell.keyboard.close_down()
    return int(code)


def ensure_display() -> str | None:
    """A friendly error when there is no screen at all (instead of Qt's abort)."""
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("No display found. On a kiosk this runs in its X session; on a server use "
            "`xvfb-run -a kiosk demo` or set QT_QPA_PLATFORM=offscreen.")


def screenshot_dir_default() -> Path:
    return Path("out") / "screenshots"
