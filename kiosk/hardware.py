"""The kiosk's view of its devices: which are configured, which work now, and what citizens are
told while one is broken (services that need it are paused, the rest go on)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from devices.base import Device
from devices.manager import DeviceManager
from devices.printer.receipt import Receipt
from devices.spec import DeviceKind, DeviceSpec, demo_specs
from devices.status import DeviceFailure, DeviceStatus
from kiosk.config import Settings
from kiosk.messages import Bilingual, fill, text, translate

if TYPE_CHECKING:
    from devices.document_printer.driver import DocumentPrinter
    from devices.printer.driver import EscposPrinter

log = logging.getLogger("kiosk.hardware")

# Citizen-facing names, from the message catalog (kiosk/messages.py).
KIND_NAMES: dict[DeviceKind, Bilingual] = {
    DeviceKind.CARD_READER: translate("Hardware", "ID card reader"),
    DeviceKind.CAMERA: translate("Hardware", "camera"),
    DeviceKind.RGB_IR_CAMERA: translate("Hardware", "RGB + infrared camera"),
    DeviceKind.PRINTER: translate("Hardware", "printer"),
    DeviceKind.PAYMENT_TERMINAL: translate("Hardware", "payment terminal"),
    DeviceKind.SCANNER: translate("Hardware", "code scanner"),
    DeviceKind.DOCUMENT_PRINTER: translate("Hardware", "document printer"),
    DeviceKind.CARD_DISPENSER: translate("Hardware", "card dispenser"),
    DeviceKind.FINGERPRINT: translate("Hardware", "fingerprint reader"),
}

PAUSED = translate("Hardware", "The {device} is not working; services that need it are paused, everything else works.")


def device_specs(settings: Settings) -> list[DeviceSpec]:
    """Devices from the configuration; none configured means one simulator of each kind."""
    if not settings.devices:
        return demo_specs()
    return [DeviceSpec(name, DeviceKind(d.kind), d.driver, d.port, dict(d.options))
            for name, d in settings.devices.items()]


class Hardware:
    """Owns the DeviceManager. Listeners are called on the health thread: the UI hands the call
    over to its own thread."""

    def __init__(self, specs: list[DeviceSpec], manager: DeviceManager | None = None) -> None:
        self.specs = specs
        self._given = manager
        self.manager: DeviceManager | None = None  # None until start(): no device is usable yet
        self._listeners: list[Callable[[], None]] = []
        self._usable: set[DeviceKind] = set()
        self._lock = threading.Lock()
        self._stopped = False
        self._scan_listeners: list[Callable[[str], None]] = []
        # After every print attempt: (the built receipt, printed?). KioskCore sets it to the
        # encrypted print history (kiosk/diagnostics/prints.py) that diagnostics reprints from.
        self.recorder: Callable[[Receipt, bool], None] | None = None

    def start(self) -> None:
        """Build and open every device (drivers are imported here, not at kiosk start)."""
        manager = self._given if self._given is not None else DeviceManager(self.specs)
        manager.add_listener(self._on_status)
        manager.open_all()
        with self._lock:
            if self._stopped:
                manager.close_all()
                return
            self.manager = manager
        self._usable = manager.usable_kinds()
        scanner = manager.first(DeviceKind.SCANNER)
        if scanner is not None and hasattr(scanner, "add_code_listener"):
            scanner.add_code_listener(lambda code: [cb(code.text) for cb in list(self._scan_listeners)])
        log.info("devices usable: %s", ", ".join(sorted(k.value for k in self._usable)) or "none")
        for callback in list(self._listeners):
            callback()

    def start_in_background(self) -> threading.Thread:
        """The kiosk shows its attract screen first; devices come up a moment later."""
        thread = threading.Thread(target=self.start, name="devices-start", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            manager = self.manager
        if manager is not None:
            manager.close_all()

    def add_listener(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def add_scan_listener(self, callback: Callable[[str], None]) -> None:
        """`callback(text)` runs on the scanner's reader thread for every code scanned."""
        self._scan_listeners.append(callback)

    def _on_status(self, name: str, status: DeviceStatus) -> None:
        if self.manager is None:
            return
        usable = self.manager.usable_kinds()
        if usable != self._usable:
            self._usable = usable
            for callback in list(self._listeners):
                callback()

    # -- what the kiosk asks -------------------------------------------------------------------
    def unusable_kinds(self) -> set[DeviceKind]:
        """Kinds a service may need that cannot be used now (broken, or not installed here)."""
        usable = self.manager.usable_kinds() if self.manager is not None else set()
        if DeviceKind.RGB_IR_CAMERA in usable:
            usable = usable | {DeviceKind.CAMERA}  # services that need "a camera" run on the binocular one
        return set(DeviceKind) - usable

    def paused_notices(self, language: str) -> list[str]:
        if self.manager is None:
            return []  # still starting (a second after boot), not broken
        configured = {s.kind for s in self.specs}
        broken = sorted((k for k in self.unusable_kinds() if k in configured), key=lambda k: k.value)
        return [text(fill(PAUSED, device=KIND_NAMES[k]), language) for k in broken]

    def statuses(self) -> dict[str, DeviceStatus]:
        return self.manager.statuses() if self.manager is not None else {}

    def card_reader(self) -> Device | None:
        return self.manager.first(DeviceKind.CARD_READER) if self.manager is not None else None

    def card_dispenser(self) -> Device | None:
        """The finished-card dispenser (自助取证), or None while devices start or none is fitted."""
        return self.manager.first(DeviceKind.CARD_DISPENSER) if self.manager is not None else None

    def fingerprint(self) -> Device | None:
        """The fingerprint capture module, or None while devices start or when none is configured."""
        return self.manager.first(DeviceKind.FINGERPRINT) if self.manager is not None else None

    def camera(self) -> Device | None:
        """The camera (face checks, document photos), or None while devices start or none is fitted.
        A binocular RGB + IR camera, where fitted, is preferred: its IR image stops screen replays."""
        if self.manager is None:
            return None
        return self.manager.first(DeviceKind.RGB_IR_CAMERA) or self.manager.first(DeviceKind.CAMERA)

    def printer(self) -> EscposPrinter | None:
        from devices.printer.driver import EscposPrinter  # imported with the drivers, not at start-up

        device = self.manager.first(DeviceKind.PRINTER) if self.manager is not None else None
        return device if isinstance(device, EscposPrinter) else None

    def document_printer(self) -> DocumentPrinter | None:
        """The A4 printer for documents issued on the spot (IPP), or None."""
        from devices.document_printer.driver import DocumentPrinter

        device = self.manager.first(DeviceKind.DOCUMENT_PRINTER) if self.manager is not None else None
        return device if isinstance(device, DocumentPrinter) else None

    def print(self, build: Callable[[Receipt], None]) -> bool:
        """Print one receipt filled in by `build`. False (and logged) when it did not print."""
        printer = self.printer()
        if printer is None:
            return False
        # No check of the cached status here: print_receipt asks the printer itself, so a reprint
        # right after staff loaded paper works without waiting for the next health poll.
        receipt = printer.new_receipt()
        build(receipt)
        try:
            printer.print_receipt(receipt)
        except DeviceFailure as exc:
            log.warning("print failed: %s", exc.error)
            self._record(receipt, False)
            return False
        self._record(receipt, True)
        return True

    def _record(self, receipt: Receipt, ok: bool) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        try:
            recorder(receipt, ok)
        except Exception:  # noqa: BLE001 - keeping a copy must never turn a print into a failure
            log.exception("print recorder failed")
