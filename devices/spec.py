"""What a device is and how to build it: the configuration contract between kiosk and devices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any


class DeviceKind(str, Enum):
    CARD_READER = "card_reader"
    CAMERA = "camera"
    RGB_IR_CAMERA = "rgb_ir_camera"  # binocular RGB + near-infrared (devices/camera/binocular.py)
    PRINTER = "printer"
    PAYMENT_TERMINAL = "payment_terminal"
    SCANNER = "scanner"
    DOCUMENT_PRINTER = "document_printer"  # A4 over IPP, for documents issued on the spot
    CARD_DISPENSER = "card_dispenser"  # finished ID cards / permits in slots (自助取证)
    FINGERPRINT = "fingerprint"  # AS608 / R307-family capture module (ID card, exit-entry renewals)


@dataclass(frozen=True)
class DeviceSpec:
    name: str
    kind: DeviceKind
    driver: str  # "simulator" or a real driver name (see devices/README.md)
    port: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


DEMO_DIR = Path(__file__).resolve().parent.parent / "assets" / "demo"


def demo_specs() -> list[DeviceSpec]:
    """One simulator of each kind, with the sample identities and faces from assets/demo."""
    return [
        DeviceSpec("card_reader", DeviceKind.CARD_READER, "simulator",
                   options={"identities": str(DEMO_DIR / "identities.json"), "baudrate": 115200}),
        DeviceSpec("camera", DeviceKind.CAMERA, "simulator",
                   options={"images": str(DEMO_DIR / "faces"), "width": 640, "height": 480, "fps": 25}),
        DeviceSpec("printer", DeviceKind.PRINTER, "simulator",
                   options={"paper_width_mm": 80}),
        # tray-2 holds temporary-plate stock (labels), 50 sheets: the demo prints JG-0302 plates
        DeviceSpec("document_printer", DeviceKind.DOCUMENT_PRINTER, "simulator",
                   options={"plate_tray": "tray-2", "plate_media_type": "labels", "plate_sheets": 50}),
        DeviceSpec("payment_terminal", DeviceKind.PAYMENT_TERMINAL, "simulator",
                   options={"script": ["approve"]}),
        # the demo citizen takes the card 2 s after it reaches the mouth
        DeviceSpec("card_dispenser", DeviceKind.CARD_DISPENSER, "simulator",
                   options={"slots": 8, "take_after_s": 2.0}),
        # the demo citizen puts each finger down 0.6 s after being asked and lifts it after the read
        DeviceSpec("fingerprint", DeviceKind.FINGERPRINT, "simulator", options={"auto_s": 0.6}),
        DeviceSpec("scanner", DeviceKind.SCANNER, "simulator", options={}),  # last: tests swap it
    ]
