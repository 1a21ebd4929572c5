"""Driver registry: (kind, driver name) -> factory. Modules are imported only when used, so a
kiosk without a camera never imports OpenCV."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from devices.spec import DeviceKind, DeviceSpec

if TYPE_CHECKING:
    from devices.base import Device

DRIVERS: dict[tuple[DeviceKind, str], str] = {
    (DeviceKind.CARD_READER, "simulator"): "devices.card_reader.simulator:SimulatedCardReader",
    (DeviceKind.CARD_READER, "sam_serial"): "devices.card_reader.driver:SerialCardReader",
    (DeviceKind.CAMERA, "simulator"): "devices.camera.simulator:SimulatedCamera",
    (DeviceKind.CAMERA, "opencv"): "devices.camera.driver:OpenCVCamera",
    (DeviceKind.RGB_IR_CAMERA, "simulator"): "devices.camera.binocular:SimulatedBinocularCamera",
    (DeviceKind.RGB_IR_CAMERA, "opencv"): "devices.camera.binocular:BinocularCamera",
    (DeviceKind.PRINTER, "simulator"): "devices.printer.simulator:SimulatedPrinter",
    (DeviceKind.PRINTER, "escpos_serial"): "devices.printer.driver:EscposPrinter",
    (DeviceKind.PRINTER, "escpos_network"): "devices.printer.driver:EscposPrinter",
    (DeviceKind.PRINTER, "escpos_usb"): "devices.printer.driver:EscposPrinter",
    (DeviceKind.PAYMENT_TERMINAL, "simulator"): "devices.payment.simulator:SimulatedPaymentTerminal",
    (DeviceKind.PAYMENT_TERMINAL, "mispos"): "devices.payment.driver:MisPosTerminal",
    (DeviceKind.SCANNER, "simulator"): "devices.scanner.simulator:SimulatedScanner",
    (DeviceKind.SCANNER, "serial"): "devices.scanner.driver:SerialScanner",
    (DeviceKind.DOCUMENT_PRINTER, "simulator"): "devices.document_printer.simulator:SimulatedDocumentPrinter",
    (DeviceKind.DOCUMENT_PRINTER, "ipp"): "devices.document_printer.driver:IppDocumentPrinter",
    (DeviceKind.CARD_DISPENSER, "simulator"): "devices.card_dispenser.simulator:SimulatedCardDispenser",
    (DeviceKind.CARD_DISPENSER, "k720_serial"): "devices.card_dispenser.driver:SerialCardDispenser",
    (DeviceKind.FINGERPRINT, "simulator"): "devices.fingerprint.simulator:SimulatedFingerprintModule",
    (DeviceKind.FINGERPRINT, "as608_serial"): "devices.fingerprint.driver:SerialFingerprintModule",
}


def driver_names(kind: DeviceKind) -> list[str]:
    return sorted(d for k, d in DRIVERS if k == kind)


def build_device(spec: DeviceSpec) -> Device:
    target = DRIVERS.get((DeviceKind(spec.kind), spec.driver))
    if target is None:
        raise ValueError(f"device {spec.name!r}: no driver {spec.driver!r} for {spec.kind.value}; "
                         f"known: {', '.join(driver_names(spec.kind))}")
    module_name, class_name = target.split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    device: Device = cls(spec)
    return device
