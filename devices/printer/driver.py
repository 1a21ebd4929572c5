"""Receipt printer driver: python-escpos over serial, network or USB, with DLE EOT status checked
before and after every job (the field lesson: printers that silently queue jobs with no paper)."""

from __future__ import annotations

import logging
import termios
import threading
import time
from dataclasses import replace
from typing import Any

from escpos.escpos import Escpos
from escpos.exceptions import Error as EscposError

from devices.base import Device, SelfTestResult
from devices.printer.escpos_out import CODE_PAGES, write_receipt
from devices.printer.receipt import PAPER_COLUMNS, Receipt
from devices.printer.status import DLE_EOT, StatusError, parse_status, to_device_status
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceError, DeviceFailure, DeviceStatus

log = logging.getLogger("devices.printer")

_IO_ERRORS = (OSError, termios.error, EscposError)
GS_I = b"\x1dI"  # transmit printer ID


class EscposPrinter(Device):
    kind = DeviceKind.PRINTER

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        opts: dict[str, Any] = dict(spec.options)
        self.paper_mm = int(opts.get("paper_width_mm", 80))
        if self.paper_mm not in PAPER_COLUMNS:
            raise ValueError(f"{spec.name}: paper_width_mm must be 58 or 80")
        self.status_timeout_s = float(opts.get("status_timeout_s", 0.5))
        self.code_page = str(opts.get("code_page", "gbk"))
        if self.code_page not in CODE_PAGES:
            raise ValueError(f"{spec.name}: code_page must be one of {', '.join(CODE_PAGES)}")
        self._opts = opts
        self._printer: Escpos | None = None
        self._printer_id: dict[str, str] = {}  # firmware / model as the printer reported them
        self._io = threading.Lock()

    def new_receipt(self) -> Receipt:
        return Receipt(self.paper_mm)

    # -- lifecycle -----------------------------------------------------------------------------
    def _transport(self) -> str:
        return self.spec.driver.removeprefix("escpos_")

    def _serial_port(self) -> str:
        if not self.spec.port:
            raise DeviceFailure(DeviceError("no_device", "no printer port configured"))
        return self.spec.port

    def _build(self) -> Escpos:
        transport = self._transport()
        if transport == "serial":
            from escpos.printer import Serial

            return Serial(devfile=self._serial_port(), baudrate=int(self._opts.get("baudrate", 115200)),
                          timeout=self.status_timeout_s, dsrdtr=False)
        if transport == "network":
            from escpos.printer import Network

            host, _, port = (self.spec.port or "").partition(":")
            return Network(host, port=int(port or 9100), timeout=self.status_timeout_s)
        if transport == "usb":
            from escpos.printer import Usb

            return Usb(int(str(self._opts["usb_vendor_id"]), 16), int(str(self._opts["usb_product_id"]), 16),
                       timeout=int(self.status_timeout_s * 1000))
        raise ValueError(f"unknown printer transport {transport!r}")

    def open(self) -> None:
        with self._io:
            self._close()
            printer = self._build()
            try:
                printer.open()
            except (EscposError, OSError, termios.error) as exc:
                raise DeviceFailure(DeviceError("no_device", "cannot open the printer", str(exc))) from None
            device = getattr(printer, "device", None)
            if device is not None and hasattr(device, "write_timeout"):
                device.write_timeout = 5.0  # a printer that stops reading must not hang the kiosk
            self._printer = printer
            try:
                self._printer_id = self._ask_printer_id(printer)
            except _IO_ERRORS:
                self._printer_id = {}  # the status queries that follow report the broken link

    def close(self) -> None:
        with self._io:
            self._close()

    def _close(self) -> None:
        if self._printer is not None:
            try:
                self._printer.close()
            except Exception:  # closing a dead port must not raise
                log.debug("printer close failed", exc_info=True)
                # WORKAROUND for python-escpos closing again from __del__ (and raising there)
                # when flush() on an unplugged port failed: forget the port object.
                self._printer._device = False
            self._printer = None

    # -- status --------------------------------------------------------------------------------
    def _ask_printer_id(self, printer: Escpos) -> dict[str, str]:
        """Firmware version and model for the technician (GS I 65 / 67: "_" + text + NUL).
        Asked once per open, over serial only; a printer that ignores GS I costs one timeout and
        its firmware shows as unknown."""
        device = getattr(printer, "device", None)
        if device is None or not hasattr(device, "read_until"):
            return {}
        found: dict[str, str] = {}
        for n, key in ((65, "firmware"), (67, "model")):
            device.reset_input_buffer()
            printer._raw(GS_I + bytes([n]))
            answer: bytes = device.read_until(b"\0", 81)
            if not (answer.startswith(b"_") and answer.endswith(b"\0")):
                break  # no answer (or noise): do not wait out the second question
            text = answer[1:-1].decode("ascii", errors="replace").strip()
            if text.isprintable() and text:
                found[key] = text
        return found

    def _query(self, printer: Escpos, n: int) -> bytes:
        device = getattr(printer, "device", None)
        if device is not None and hasattr(device, "reset_input_buffer"):
            device.reset_input_buffer()
        printer._raw(DLE_EOT + bytes([n]))
        if device is not None and hasattr(device, "read") and hasattr(device, "in_waiting"):
            # pyserial: read(1) returns as soon as the byte is there (escpos' _read waits for 16)
            answer: bytes = device.read(1)
            return answer
        deadline = time.monotonic() + self.status_timeout_s
        answer = b""
        while not answer and time.monotonic() < deadline:
            answer = printer._read() or b""
        return answer[-1:]

    def _read_status(self) -> DeviceStatus:
        printer = self._printer
        if printer is None:
            return DeviceStatus(Availability.OFFLINE, last_error=DeviceError("not_connected", "printer not open"))
        answers: dict[int, bytes] = {}
        try:
            for n in (1, 2, 3, 4):
                # Asked twice before giving up: a printer busy feeding paper (or a loaded host)
                # can miss one query, and a receipt refused for that is a citizen sent away.
                answers[n] = self._query(printer, n) or self._query(printer, n)
                if not answers[n]:
                    break  # one unanswered query is enough: do not wait out the others
        except _IO_ERRORS as exc:
            self._close()
            return DeviceStatus(Availability.OFFLINE, last_error=DeviceError("not_connected", "printer disconnected", str(exc)))
        if len(answers) < 4 or any(not a for a in answers.values()):
            return DeviceStatus(Availability.OFFLINE, last_error=DeviceError(
                "timeout", "printer does not answer status queries", f"no DLE EOT answer in {self.status_timeout_s:.1f} s"))
        try:
            status = to_device_status(parse_status(answers))
            return replace(status, info={**self._printer_id, **status.info})
        except StatusError as exc:
            return DeviceStatus(Availability.HARDWARE_ERROR, last_error=DeviceError("bad_status", "unexpected status answer", str(exc)))

    def status_answers(self) -> dict[int, bytes]:
        """The raw DLE EOT 1–4 answers (one byte each, b"" when unanswered) for the technician's
        decoded view; {} when the printer is not open or busy printing for more than a second."""
        if not self._io.acquire(timeout=1.0):
            return {}
        try:
            printer = self._printer
            if printer is None:
                return {}
            answers: dict[int, bytes] = {}
            try:
                for n in (1, 2, 3, 4):
                    answers[n] = self._query(printer, n)
            except _IO_ERRORS:
                self._close()
                return {}
            return answers
        finally:
            self._io.release()

    def check_health(self) -> DeviceStatus:
        if not self._io.acquire(timeout=1.0):
            return self.status  # printing: the printer is alive
        try:
            return self._set_status(self._read_status())
        finally:
            self._io.release()

    # -- printing ------------------------------------------------------------------------------
    def print_receipt(self, receipt: Receipt) -> None:
        """Print, checking status before and after. Raises DeviceFailure (paper_empty,
        cover_open, paper_jam, timeout, not_connected …) when the receipt was not printed or may
        be incomplete; the kiosk then offers its fallback (SMS / on-screen QR)."""
        with self._io:
            before = self._set_status(self._read_status())
            if not before.usable:
                raise DeviceFailure(before.last_error or DeviceError("printer_error", "printer not ready"))
            printer = self._printer
            assert printer is not None
            try:
                write_receipt(printer, receipt, self.code_page)
            except _IO_ERRORS as exc:
                self._close()
                error = DeviceError("not_connected", "printer connection lost while printing", str(exc))
                self._set_status(DeviceStatus(Availability.OFFLINE, last_error=error))
                raise DeviceFailure(error) from None
            after = self._set_status(self._read_status())
            if not after.usable:
                error = after.last_error or DeviceError("printer_error", "printer failed during the job")
                raise DeviceFailure(DeviceError(error.code, f"{error.reason}; the receipt may be incomplete", error.detail))
            log.info("receipt printed (%d items)", len(receipt.items))
            self.count("prints")

    def self_test(self) -> SelfTestResult:
        status = self.check_health()
        lines = [f"status: {status.summary()}",
                 f"model: {self._printer_id.get('model', 'unknown')}, "
                 f"firmware: {self._printer_id.get('firmware', 'unknown')}"]
        if not status.usable:
            return SelfTestResult(False, lines)
        receipt = self.new_receipt().title("打印机自检 Printer test").separator()
        receipt.text("中文：（）：，。【】￥ 测试䶮").pair("纸宽 Paper", f"{self.paper_mm} mm")
        if "firmware" in self._printer_id:
            receipt.pair("固件 Firmware", self._printer_id["firmware"])
        receipt.qr("self-test").cut()
        try:
            self.print_receipt(receipt)
        except DeviceFailure as failure:
            return SelfTestResult(False, lines + [f"test print: {failure.error}"])
        return SelfTestResult(True, lines + ["test receipt printed"])
