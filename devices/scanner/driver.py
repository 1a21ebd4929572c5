"""Serial (or USB-CDC) code scanner: a reader thread splits CR/LF lines into classified codes."""

from __future__ import annotations

import logging
import queue
import termios
import threading
import time
from collections.abc import Callable
from typing import Any

import serial

from devices.base import Device, SelfTestResult
from devices.scanner.assembler import BURST_GAP_S, LineSplitter
from devices.scanner.codes import ScannedCode, classify_code
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceError, DeviceFailure, DeviceStatus, NOT_OPEN, online

log = logging.getLogger("devices.scanner")

CodeListener = Callable[[ScannedCode], None]


class SerialScanner(Device):
    kind = DeviceKind.SCANNER

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        opts: dict[str, Any] = dict(spec.options)
        self.baudrate = int(opts.get("baudrate", 9600))
        self.gap_s = float(opts.get("gap_s", BURST_GAP_S))  # silence that ends a scan (assembler.py)
        self._port: serial.Serial | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._codes: queue.Queue[ScannedCode] = queue.Queue(maxsize=16)
        self._listeners: list[CodeListener] = []
        self._lost: DeviceError | None = None

    def port_path(self) -> str:
        if not self.spec.port:
            raise DeviceFailure(DeviceError("no_device", "no scanner port configured"))
        return self.spec.port

    def add_code_listener(self, callback: CodeListener) -> None:
        """callback(code) runs on the reader thread for every scan."""
        self._listeners.append(callback)

    def open(self) -> None:
        self.close()
        path = self.port_path()
        try:
            # reads time out well within the gap, so the end of a burst is seen promptly
            self._port = serial.Serial(path, self.baudrate, timeout=self.gap_s / 2)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise DeviceFailure(DeviceError("no_device", f"cannot open {path}", str(exc))) from None
        self._lost = None
        self.clear_codes()  # a code scanned before a reconnect belongs to nobody
        self._stop.clear()
        self._thread = threading.Thread(target=self._read_loop, args=(self._port,), name=f"scanner-{self.name}", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=1)
        self._thread = None
        if self._port is not None:
            try:
                self._port.close()
            except (serial.SerialException, OSError, termios.error):
                pass
            self._port = None

    def _read_loop(self, port: serial.Serial) -> None:
        splitter = LineSplitter(gap_s=self.gap_s)
        broken = 0
        while not self._stop.is_set():
            try:
                data = port.read(max(1, port.in_waiting or 1))
            except (serial.SerialException, OSError, termios.error) as exc:
                self._lost = DeviceError("not_connected", "scanner disconnected", str(exc))
                return
            now = time.monotonic()
            lines = splitter.feed(data, now) if data else splitter.idle(now)
            if splitter.broken != broken:
                broken = splitter.broken
                log.warning("scan dropped: a terminator in the middle of a code (line noise?)")
                self.count("garbled_scans")
            for line in lines:
                code = classify_code(line)
                if not code.text:
                    continue
                log.info("code scanned (%s)", code.kind.value)
                self.count("scans")
                try:
                    self._codes.put_nowait(code)
                except queue.Full:  # nobody is waiting for codes: keep the newest
                    self._codes.get_nowait()
                    self._codes.put_nowait(code)
                for callback in list(self._listeners):
                    try:
                        callback(code)
                    except Exception:
                        log.exception("scanner listener failed")

    def read_code(self, timeout_s: float) -> ScannedCode | None:
        """The next scanned code, or None after timeout_s."""
        try:
            return self._codes.get(timeout=timeout_s)
        except queue.Empty:
            return None

    def clear_codes(self) -> None:
        while not self._codes.empty():
            self._codes.get_nowait()

    def check_health(self) -> DeviceStatus:
        if self._lost is not None:
            return self._set_status(DeviceStatus(Availability.OFFLINE, last_error=self._lost))
        if self._port is None or self._thread is None or not self._thread.is_alive():
            return self._set_status(NOT_OPEN)
        return self._set_status(online())

    def self_test(self) -> SelfTestResult:
        status = self.check_health()
        lines = [f"status: {status.summary()}"]
        if not status.usable:
            return SelfTestResult(False, lines)
        code = self.read_code(10.0)
        if code is None:
            return SelfTestResult(True, lines + ["no code scanned within 10 s (scan a code to test)"])
        return SelfTestResult(True, lines + [f"scanned: {code.kind.value}, {len(code.text)} characters"])
