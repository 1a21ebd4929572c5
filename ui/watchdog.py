"""The systemd watchdog on the GUI thread: a QTimer sends ``WATCHDOG=1`` every WatchdogSec/3, so
the pings stop whenever the event loop is blocked (a hung slot, a deadlock, an endless redraw) and
systemd restarts the kiosk. The socket side is kiosk/watchdog.py."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from kiosk.watchdog import SystemdNotifier


class GuiWatchdog(QObject):
    def __init__(self, notifier: SystemdNotifier | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier if notifier is not None else SystemdNotifier.from_environment()
        self.timer = QTimer(self)
        self.timer.setObjectName("systemd_watchdog")
        self.timer.timeout.connect(self.notifier.ping)
        interval = self.notifier.watchdog_interval_ms
        if interval is not None:
            self.timer.start(interval)
            self.notifier.ping()

    def ready(self) -> None:
        """Call once the first screen shows (systemd's start-up ends here)."""
        self.notifier.ready()

    def stop(self) -> None:
        self.timer.stop()
        self.notifier.stopping()
