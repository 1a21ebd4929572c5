"""`kiosk demo`: a private central server on loopback, started in the background so the attract
screen is up at once; the kiosk links to it when it answers (and works offline until then)."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from kiosk.core import KioskCore

if TYPE_CHECKING:
    from server.launcher import LocalServer

log = logging.getLogger("app.demo")


class DemoServer:
    def __init__(self, core: KioskCore) -> None:
        self.core = core
        self.local: LocalServer | None = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._start, name="demo-server", daemon=True)
        # Beside, not inside, the kiosk's data: the central server keeps case data in plain text
        # (it is the centre), and the kiosk's data folder must hold nothing unencrypted.
        data_dir = core.settings.data_dir
        self.server_dir = data_dir.with_name(data_dir.name + "-demo-server")

    def start(self) -> None:
        self._thread.start()

    def _start(self) -> None:
        from server.launcher import ServerStartError, start_local_server

        settings = self.core.settings
        try:
            local = start_local_server(self.server_dir, settings.kiosk_id)
        except ServerStartError as exc:
            log.error("demo server did not start: %s (the kiosk works offline)", exc)
            return
        self.local = local
        if self._stopped.is_set():
            local.stop()
            return
        self.core.server.link(local.url, local.kiosk_id, local.secret)
        log.info("demo server at %s; operator page %s/login (token in %s)", local.url, local.url,
                 self.server_dir / "operator.token")

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=30)
        local = self.local
        if local is not None:
            local.stop()
