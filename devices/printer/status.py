"""DLE EOT real-time status bytes (Epson ESC/POS), pure parsing.

Every status byte has fixed bits: bit 1 and bit 4 set, bits 0 and 7 clear (mask 0x93 == 0x12);
anything else is not a status answer. n=1 printer: bit 3 offline. n=2 offline cause: bit 2
cover open, bit 3 feed button, bit 5 stopped by paper end, bit 6 error. n=3 error cause: bit 3
auto-cutter error, bit 5 unrecoverable, bit 6 auto-recoverable. n=4 paper sensor: bits 2–3 near
end, bits 5–6 paper end."""

from __future__ import annotations

from dataclasses import dataclass

from devices.status import Availability, DeviceError, DeviceStatus, MediaState

DLE_EOT = b"\x10\x04"
QUERIES = (1, 2, 3, 4)


class StatusError(Exception):
    """A byte that is not a valid DLE EOT answer."""


def check_status_byte(value: bytes) -> int:
    if len(value) != 1:
        raise StatusError(f"expected one status byte, got {len(value)}")
    b = value[0]
    if b & 0x93 != 0x12:
        raise StatusError(f"not a status byte: {b:#04x}")
    return b


@dataclass(frozen=True)
class PrinterState:
    offline: bool = False
    cover_open: bool = False
    paper_end_stop: bool = False
    error: bool = False
    cutter_error: bool = False
    unrecoverable: bool = False
    paper_near_end: bool = False
    paper_end: bool = False

    def detail(self) -> str:
        return ",".join(k for k, v in self.__dict__.items() if v) or "ok"


def parse_status(answers: dict[int, bytes]) -> PrinterState:
    """answers: n -> the one byte the printer sent for DLE EOT n (1, 2, 4 at least)."""
    s1 = check_status_byte(answers[1])
    s2 = check_status_byte(answers[2])
    s3 = check_status_byte(answers[3]) if 3 in answers else 0x12
    s4 = check_status_byte(answers[4])
    return PrinterState(
        offline=bool(s1 & 0x08), cover_open=bool(s2 & 0x04), paper_end_stop=bool(s2 & 0x20),
        error=bool(s2 & 0x40), cutter_error=bool(s3 & 0x08), unrecoverable=bool(s3 & 0x20),
        paper_near_end=bool(s4 & 0x0C), paper_end=bool(s4 & 0x60),
    )


def encode_status(state: PrinterState) -> dict[int, int]:
    """The bytes a printer in this state answers (used by the simulator)."""
    return {
        1: 0x12 | (0x08 if state.offline else 0),
        2: 0x12 | (0x04 if state.cover_open else 0) | (0x20 if state.paper_end_stop else 0)
        | (0x40 if state.error else 0),
        3: 0x12 | (0x08 if state.cutter_error else 0) | (0x20 if state.unrecoverable else 0),
        4: 0x12 | (0x0C if state.paper_near_end or state.paper_end else 0) | (0x60 if state.paper_end else 0),
    }


def to_device_status(state: PrinterState) -> DeviceStatus:
    detail = state.detail()
    info = {"paper": "end" if state.paper_end else "near end" if state.paper_near_end else "ok"}
    if state.paper_end or state.paper_end_stop:
        return DeviceStatus(Availability.ONLINE, MediaState.EMPTY,
                            DeviceError("paper_empty", "out of paper", detail), info)
    if state.cover_open:
        return DeviceStatus(Availability.HARDWARE_ERROR, MediaState.OK,
                            DeviceError("cover_open", "printer cover is open", detail), info)
    if state.cutter_error:
        return DeviceStatus(Availability.HARDWARE_ERROR, MediaState.JAMMED,
                            DeviceError("paper_jam", "auto-cutter error (paper jam)", detail), info)
    if state.error or state.unrecoverable or state.offline:
        return DeviceStatus(Availability.HARDWARE_ERROR, MediaState.OK,
                            DeviceError("printer_error", "printer reports an error", detail), info)
    media = MediaState.LOW if state.paper_near_end else MediaState.OK
    return DeviceStatus(Availability.ONLINE, media, None, info)
