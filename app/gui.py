"""Builds the Qt application around the kiosk core and runs it."""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.core import KioskCore
from kiosk.identity import Centre
from ui.diagnostics import install_diagnostics
from ui.i18n import Translations
from ui.keyboard import prepare_environment
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


def build_shell(core: KioskCore, keyboard: bool = True, diagnostics_now: bool = True) -> Shell:
    """``diagnostics_now=False``: the technician's PIN pad and pages are built on the first corner
    gesture, not before the attract screen (the kiosk's start, issue #16)."""
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
    shell = Shell(services, translations, keyboard=keyboard)
    screen = core.settings.screen
    shell.resize(screen.width_px, screen.height_px)
    install_touch_filter(shell)
    install_diagnostics(shell, core, build_now=diagnostics_now)  # technician mode: corner gesture + PIN
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


def run(core: KioskCore, windowed: bool, started_at: float | None = None, quit_after_start: bool = False,
        beside: Callable[[Shell], object] | None = None) -> int:
    """`beside(shell)` opens a window next to the kiosk once it shows (`kiosk demo`: the simulated
    devices panel, app/demo_panel.py); passed in by the composition root, so ui/ needs no devices/."""
    app = make_application()
    shell = build_shell(core, diagnostics_now=False)
    if windowed or not core.settings.screen.fullscreen:
        shell.show()
    else:
        shell.showFullScreen()
    if core.hardware.manager is None:
        core.hardware.start_in_background()
    panels: list[object] = []  # the window `beside` opened, kept alive here
    if beside is not None:
        QTimer.singleShot(0, lambda: panels.append(beside(shell)))
    watchdog = GuiWatchdog(parent=app)  # systemd: WATCHDOG=1 from this thread's event loop (kiosk/watchdog.py)
    QTimer.singleShot(0, watchdog.ready)  # READY=1 once the attract screen shows
    if started_at is not None:
        # Measured by benchmarks/bench_startup.py: process start to attract screen visible.
        start = started_at

        def report() -> None:
            elapsed = (time.perf_counter() - start) * 1000
            log.info("attract visible after %.0f ms", elapsed)
            if quit_after_start:
                print(f"attract visible after {elapsed:.0f} ms", flush=True)
                app.quit()

        QTimer.singleShot(0, report)
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
