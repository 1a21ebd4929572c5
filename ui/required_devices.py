"""Required devices: with ``required_devices = ["card_reader", "printer"]`` in the configuration the
kiosk does not offer a half-working service. Once the devices have started, any required kind that
is unusable puts the shell out of service (the honest "please go to the counter" screen); when every
required device works again it returns to service by itself. A technician's own out-of-service
(diagnostics) is a separate reason and is not lifted by a device recovering."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from kiosk.modes import OutOfService

if TYPE_CHECKING:
    from kiosk.core import KioskCore
    from ui.shell import Shell

log = logging.getLogger("ui.required_devices")

REASON = OutOfService.DEVICES


class RequiredDevices(QObject):
    """Lives on the GUI thread (a child of the shell), so device changes reach it queued."""

    def __init__(self, shell: Shell, core: KioskCore) -> None:
        super().__init__(shell)
        self.setObjectName("required_devices")
        self.shell = shell
        self.core = core
        self.required = set(core.settings.required_devices)
        self.missing: set[str] = set()

    @Slot()
    def check(self) -> None:
        """On the GUI thread, after every device change (and once at start)."""
        if not self.required or self.core.hardware.manager is None:
            return  # nothing required, or devices still starting: not broken yet
        missing = self.required & self.core.unusable_devices()
        if missing == self.missing:
            return
        if missing:
            log.warning("required device(s) unusable: %s; kiosk out of service", ", ".join(sorted(missing)))
        else:
            log.info("required devices usable again; kiosk back in service")
        self.missing = missing
        self.shell.set_out_of_service(bool(missing), REASON)


def install_required_devices(shell: Shell, core: KioskCore) -> RequiredDevices:
    guard = RequiredDevices(shell, core)
    shell.devices_changed.connect(guard.check)  # queued from the health thread to the GUI thread
    guard.check()  # devices may have started before the shell (tests, technician tools)
    return guard
