"""A simulated ESC/POS receipt printer on a pseudo-terminal, driven by the real python-escpos
Serial transport. It interprets what it receives, answers DLE EOT status like the hardware,
runs out of paper on a script and renders what it printed to PNG.

Control API: load_paper(lines=None), set_fault(name), clear_fault(), unplug(), replug(),
receipts(), last_receipt_text(), uncut_text(), render_last(path), received (raw bytes). Faults: FAULTS.
Options: paper_width_mm, paper_lines (the roll runs out after so many lines), answers_printer_id
(false: a printer that ignores GS I, so its firmware stays unknown)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from devices.printer.driver import EscposPrinter
from devices.printer.interpret import LINE_DOTS, BarcodeOp, CutOp, EscPosInterpreter, FeedOp, LineOp, Op, QrOp, RasterOp, printed_text
from devices.printer.receipt import PAPER_DOTS
from devices.printer.render import render_png
from devices.printer.status import PrinterState, encode_status
from devices.pty_link import PtyLink
from devices.spec import DeviceSpec
from devices.status import DeviceError, DeviceFailure

log = logging.getLogger("devices.printer.sim")

FAULTS = {
    "paper_empty": "paper roll is empty",
    "paper_low": "paper near-end sensor triggered",
    "cover_open": "printer cover is open",
    "jam": "auto-cutter jammed",
    "offline": "printer does not answer status queries",
}
NEAR_END_DOTS = 40 * LINE_DOTS
PRINTER_ID = {65: "SIM 1.04", 66: "SIMULATED", 67: "SIM-80 receipt printer"}


def op_height(op: Op) -> int:
    if isinstance(op, LineOp):
        return op.height * LINE_DOTS + 6
    if isinstance(op, QrOp):
        return 30 * max(1, op.module)  # rough: a 25–29 module symbol plus quiet zone
    if isinstance(op, BarcodeOp):
        return op.height + (LINE_DOTS if op.hri else 0)
    if isinstance(op, RasterOp):
        return op.height
    if isinstance(op, FeedOp):
        return op.dots
    return 0


class PrinterHardware:
    def __init__(self, paper_mm: int = 80, paper_lines: int | None = None,
                 printer_id: dict[int, str] | None = None) -> None:
        self.paper_dots = PAPER_DOTS[paper_mm]
        # GS I answers (65 firmware, 66 maker, 67 model); {} is a printer that ignores GS I
        self.printer_id = dict(PRINTER_ID if printer_id is None else printer_id)
        self._lock = threading.Lock()
        self._interp = EscPosInterpreter()
        self._paper_left: int | None = None if paper_lines is None else paper_lines * LINE_DOTS
        self._faults: set[str] = set()
        self.received = bytearray()
        self._jobs: list[list[Op]] = [[]]
        self.lost_ops = 0
        self.link = PtyLink("printer0", self._on_bytes)
        self.link.start()

    # -- control API ---------------------------------------------------------------------------
    def load_paper(self, lines: int | None = None) -> None:
        """A new roll: unlimited (None) or running out after `lines` text lines (a script)."""
        with self._lock:
            self._paper_left = None if lines is None else lines * LINE_DOTS
            self._faults.discard("paper_empty")

    def set_fault(self, name: str) -> None:
        if name not in FAULTS:
            raise ValueError(f"unknown printer fault {name!r}; known: {', '.join(FAULTS)}")
        with self._lock:
            self._faults.add(name)

    def clear_fault(self, name: str | None = None) -> None:
        with self._lock:
            if name is None:
                self._faults.clear()
            else:
                self._faults.discard(name)

    def state(self) -> PrinterState:
        with self._lock:
            return self._state()

    def receipts(self) -> list[list[Op]]:
        """Finished receipts (cut), oldest first."""
        with self._lock:
            return [list(job) for job in self._jobs[:-1]]

    def last_receipt_text(self) -> str:
        jobs = self.receipts()
        return printed_text(jobs[-1]) if jobs else ""

    def uncut_text(self) -> str:
        """What came out since the last cut: the top of a receipt cut short by an empty roll."""
        with self._lock:
            return printed_text(self._jobs[-1])

    def render_last(self, path: str | Path) -> Path:
        jobs = self.receipts()
        if not jobs:
            raise LookupError("nothing printed yet")
        return render_png(jobs[-1], path, self.paper_dots)

    # -- the hardware --------------------------------------------------------------------------
    def _state(self) -> PrinterState:
        out = "paper_empty" in self._faults or self._paper_left == 0
        near = "paper_low" in self._faults or (self._paper_left is not None and self._paper_left < NEAR_END_DOTS)
        cover = "cover_open" in self._faults
        jam = "jam" in self._faults
        return PrinterState(offline=out or cover or jam, cover_open=cover, paper_end_stop=out,
                            error=jam, cutter_error=jam, paper_near_end=near, paper_end=out)

    def _on_bytes(self, data: bytes) -> None:
        answers: list[bytes] = []
        with self._lock:
            self.received += data
            before = len(self._interp.ops)
            queries = self._interp.feed(data)
            for op in self._interp.ops[before:]:
                self._print(op)
            del self._interp.ops[:]
            if "offline" not in self._faults:
                codes = encode_status(self._state())
                for q in queries:
                    if q.command == "GS I":
                        if q.n in self.printer_id:
                            answers.append(b"_" + self.printer_id[q.n].encode("ascii") + b"\0")
                    elif q.n in codes:
                        answers.append(bytes([codes[q.n]]))
        if answers:
            self.link.write(b"".join(answers))

    def _print(self, op: Op) -> None:
        state = self._state()
        if state.offline:  # no paper, cover open or jammed: the printer prints nothing
            self.lost_ops += 1
            return
        height = op_height(op)
        if self._paper_left is not None:
            if height > self._paper_left:
                self._paper_left = 0
                self.lost_ops += 1
                log.info("simulated printer ran out of paper")
                return
            self._paper_left -= height
        self._jobs[-1].append(op)
        if isinstance(op, CutOp):
            self._jobs.append([])

    def shutdown(self) -> None:
        self.link.shutdown()


class SimulatedPrinter(EscposPrinter):
    """python-escpos Serial on a pty with PrinterHardware on the other end."""

    def __init__(self, spec: DeviceSpec) -> None:
        opts: dict[str, Any] = dict(spec.options)
        super().__init__(spec)
        lines = opts.get("paper_lines")
        printer_id = None if opts.get("answers_printer_id", True) else {}
        self.hardware = PrinterHardware(self.paper_mm, int(lines) if lines is not None else None, printer_id)

    def _serial_port(self) -> str:
        if not self.hardware.link.plugged:
            raise DeviceFailure(DeviceError("no_device", "printer port does not exist (unplugged)"))
        return str(self.hardware.link.link)

    def _transport(self) -> str:
        return "serial"

    def load_paper(self, lines: int | None = None) -> None:
        self.hardware.load_paper(lines)

    def set_fault(self, name: str) -> None:
        self.hardware.set_fault(name)

    def clear_fault(self, name: str | None = None) -> None:
        self.hardware.clear_fault(name)

    def unplug(self) -> None:
        self.hardware.link.unplug()

    def replug(self) -> None:
        self.hardware.link.replug()

    def shutdown(self) -> None:
        self.close()
        self.hardware.shutdown()
