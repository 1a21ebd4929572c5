"""The test print with the printer's real-time status bits decoded for the technician: DLE EOT 1
(printer), 2 (offline cause), 3 (error cause) and 4 (paper sensor), each byte in hex and every
meaningful bit by name, plus a reason in words when the printer is not ready. No Qt."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from devices.base import SelfTestResult
from devices.printer.status import StatusError, check_status_byte, parse_status

log = logging.getLogger("kiosk.diagnostics.printer")

# (query n, bit, name shown) — Epson ESC/POS DLE EOT; every one of these bits set means trouble.
BITS: tuple[tuple[int, int, str], ...] = (
    (1, 3, "offline"),
    (2, 2, "cover open"),
    (2, 3, "paper being fed by the FEED button"),
    (2, 5, "printing stopped by paper end"),
    (2, 6, "error"),
    (3, 3, "auto-cutter error"),
    (3, 5, "unrecoverable error"),
    (3, 6, "auto-recoverable error"),
    (4, 2, "paper near end"),
    (4, 5, "paper end"),
)
QUERY_NAMES = {1: "printer", 2: "offline cause", 3: "error cause", 4: "paper sensor"}


@dataclass
class PrinterCheck:
    """Decoded status (before the print), the verdict and the test print's outcome."""

    answered: bool
    raw: dict[int, int] = field(default_factory=dict)  # n -> byte
    flags: dict[str, bool] = field(default_factory=dict)  # summary: online, cover_open, paper_near_end, paper_end, error
    reason: str = ""  # why the printer is not ready, in words ("" when ready)
    codes: list[str] = field(default_factory=list)  # the same as codes: paper_end, cover_open, cutter, error, offline, no_answer, bad_status
    printed: bool | None = None  # None: no print attempted
    lines: list[str] = field(default_factory=list)  # the driver's own self-test lines

    @property
    def ok(self) -> bool:
        return self.answered and not self.reason and bool(self.printed)


def decode(answers: dict[int, bytes]) -> PrinterCheck:
    if not answers or any(not answers.get(n) for n in (1, 2, 4)):
        return PrinterCheck(False, reason="the printer does not answer status queries (off, unplugged or wrong port)",
                            codes=["no_answer"])
    try:
        raw = {n: check_status_byte(b) for n, b in answers.items() if b}
        state = parse_status(answers)
    except StatusError as exc:
        return PrinterCheck(False, reason=f"unexpected status answer ({exc})", codes=["bad_status"])
    flags = {
        "online": not state.offline,
        "cover_open": state.cover_open,
        "paper_near_end": state.paper_near_end and not state.paper_end,
        "paper_end": state.paper_end or state.paper_end_stop,
        "error": state.error or state.cutter_error or state.unrecoverable,
    }
    codes = []
    if flags["paper_end"]:
        codes.append("paper_end")
    if flags["cover_open"]:
        codes.append("cover_open")
    if state.cutter_error:
        codes.append("cutter")
    elif flags["error"]:
        codes.append("error")
    if not flags["online"] and not codes:
        codes.append("offline")
    return PrinterCheck(True, raw, flags, "; ".join(REASONS[c] for c in codes), codes)


REASONS = {
    "paper_end": "out of paper: load a new roll",
    "cover_open": "cover open: close the printer cover",
    "cutter": "auto-cutter error: clear the paper jam",
    "error": "the printer reports an error: switch it off and on",
    "offline": "the printer is offline",
    "no_answer": "the printer does not answer status queries (off, unplugged or wrong port)",
}


def bit_lines(check: PrinterCheck) -> list[str]:
    """One line per status byte: `DLE EOT 2 (offline cause) = 0x16: cover open`."""
    lines = []
    for n in (1, 2, 3, 4):
        if n not in check.raw:
            continue
        value = check.raw[n]
        set_bits = [name for q, bit, name in BITS if q == n and value & (1 << bit)]
        lines.append(f"DLE EOT {n} ({QUERY_NAMES[n]}) = 0x{value:02X}: {', '.join(set_bits) or 'all clear'}")
    return lines


def check_printer(printer: Any, print_test: bool = True) -> PrinterCheck:
    """Blocking: read and decode the status bits, then (if ready) run the driver's self-test,
    which prints the test receipt, and read the bits again to show what the print left behind."""
    answers = printer.status_answers() if hasattr(printer, "status_answers") else {}
    check = decode(answers)
    if print_test and not check.reason:
        try:
            result: SelfTestResult = printer.self_test()
        except Exception as exc:  # noqa: BLE001 - a broken driver is a failed test
            log.exception("printer self-test raised")
            result = SelfTestResult(False, [f"self-test raised {type(exc).__name__}"])
        check.printed = result.ok
        check.lines = list(result.lines)
        if not result.ok:
            after = decode(printer.status_answers() if hasattr(printer, "status_answers") else {})
            if after.reason:  # e.g. the paper ran out during the test print
                after.printed, after.lines = False, check.lines
                check = after
    log.info("printer check: answered=%s ready=%s printed=%s", check.answered, not check.reason, check.printed)
    return check
