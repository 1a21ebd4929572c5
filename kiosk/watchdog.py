"""systemd service notifications (sd_notify) with the plain socket module, no libsystemd.

The unit (deploy/police-kiosk.service) is ``Type=notify`` with ``WatchdogSec=30``: systemd waits
for ``READY=1`` (sent once the attract screen shows), then expects ``WATCHDOG=1`` at least every
WatchdogSec, or it kills the kiosk (SIGABRT) and ``Restart=always`` starts it again. The pings come
from a timer on the GUI thread (app/gui.py), every WatchdogSec/3, so a hung event loop stops them:
a stuck screen is restarted, not just a dead process. ``STOPPING=1`` is sent on the way out.

Outside systemd (no ``$NOTIFY_SOCKET``) every call does nothing, so demos and tests are unaffected.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger("kiosk.watchdog")


class SystemdNotifier:
    """Sends ``KEY=value`` datagrams to ``$NOTIFY_SOCKET`` (a path, or ``@name`` for the abstract
    namespace). `watchdog_interval_ms` is WatchdogSec/3 from ``$WATCHDOG_USEC``, or None when
    systemd does not watch this process."""

    def __init__(self, address: str | None, watchdog_usec: int | None = None) -> None:
        self.address = address
        self.watchdog_usec = watchdog_usec
        self.sent = 0
        self._socket: socket.socket | None = None
        self._warned = False

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> SystemdNotifier:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET") or None
        usec: int | None = None
        raw = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        # WATCHDOG_PID names the process systemd watches; a child that inherited it must not ping.
        if raw.isdigit() and int(raw) > 0 and (not pid or pid == str(os.getpid())):
            usec = int(raw)
        return cls(address, usec)

    @property
    def enabled(self) -> bool:
        return self.address is not None

    @property
    def watchdog_interval_ms(self) -> int | None:
        if not self.enabled or self.watchdog_usec is None:
            return None
        return max(1, self.watchdog_usec // 3000)  # WatchdogSec / 3, in milliseconds

    def notify(self, message: str) -> bool:
        """Send one notification; False (logged once) if it could not be sent. Never raises."""
        if self.address is None:
            return False
        target = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._socket.sendto(message.encode("utf-8"), target)
        except OSError as exc:
            if not self._warned:
                log.warning("cannot notify systemd at %s: %s", self.address, exc)
                self._warned = True
            return False
        self.sent += 1
        return True

    def ready(self, status: str = "attract screen shown") -> bool:
        log.info("telling systemd: ready (%s)", status)
        return self.notify(f"READY=1\nSTATUS={status}\nMAINPID={os.getpid()}")

    def ping(self) -> bool:
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        return self.notify(f"STATUS={text}")

    def stopping(self) -> bool:
        sent = self.notify("STOPPING=1")
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        return sent
