"""Fingerprint-module driver: the AS608 / ZFM-20 / R307 protocol (protocol.py) over pyserial.

One command packet, one acknowledge packet (UpChar: then data packets up to an end packet). The
module answers within a few ms except GenImg (imaging, ~0.5 s on an optical window). A module that
answers nothing is offline; a damaged answer is retried (every command here is safe to repeat).

The operations the fingerprint step needs:
- `capture(buffer, timeout_s, stop)`: GenImg until a finger is on the window, then Img2Tz into
  CharBuffer `buffer` (1 or 2). Returns the module's outcome: "ok", "no_finger" (nobody put a
  finger down in time), "image_failed" (lifted while imaging), "too_messy" (wet or smeared),
  "too_few_points" (dry, worn or no readable ridges);
- `wait_lifted(timeout_s, stop)`: GenImg until it answers "no finger";
- `merge()`: RegModel; "ok" or "mismatch" (the two impressions are not the same finger);
- `upload(buffer)`: UpChar, the template's bytes (a bytearray the caller wipes).
Templates are never logged: packets print as their length. `DeviceFailure` codes: `not_connected`,
`no_device`, `timeout`, `checksum`, `fingerprint_error` (a refused handshake, an unexpected code)."""

from __future__ import annotations

import logging
import termios
import threading
import time
from collections.abc import Callable
from typing import Any

import serial

from devices.base import Device, SelfTestResult
from devices.fingerprint import protocol as p
from devices.serial_link import close_quietly, configured_port, open_port
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceError, DeviceFailure, DeviceStatus, online

log = logging.getLogger("devices.fingerprint")

ANSWER_TIMEOUT_S = 0.5   # the datasheet gives ≤ 0.5 s for GenImg on the slowest module
POLL_S = 0.1             # between GenImg tries while nobody has a finger on the window
RETRIES = 2
SELF_TEST_FINGER_S = 10.0
CAPTURE_OUTCOMES = ("ok", "no_finger", "image_failed", "too_messy", "too_few_points")


class SerialFingerprintModule(Device):
    kind = DeviceKind.FINGERPRINT

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        opts: dict[str, Any] = dict(spec.options)
        self.baudrate = int(opts.get("baudrate", 57600))
        self.address = int(str(opts.get("address", "0xFFFFFFFF")), 0)
        self.password = int(str(opts.get("password", "0")), 0)
        self.poll_s = float(opts.get("poll_s", POLL_S))
        self._port: serial.Serial | None = None
        self._io = threading.RLock()
        self._asm = p.PacketAssembler()
        self._pending: list[p.Packet] = []  # packets decoded but not read yet (UpChar's data arrive together)
        self.params: p.SysPara | None = None

    # -- lifecycle -----------------------------------------------------------------------------
    def port_path(self) -> str:
        return configured_port(self.spec)

    def open(self) -> None:
        with self._io:
            self._close_port()
            self._port = open_port(self.port_path(), self.baudrate)
            self._asm.reset()
            code, _ = self.exchange(p.VFY_PWD, self.password.to_bytes(4, "big"))
            if code != p.OK:
                self._close_port()
                raise DeviceFailure(DeviceError("fingerprint_error", "the module refused the password",
                                                f"code {code:#04x}"))
            self.params = self.read_params()

    def close(self) -> None:
        with self._io:
            self._close_port()

    def _close_port(self) -> None:
        close_quietly(self._port)
        self._port = None

    # -- protocol ------------------------------------------------------------------------------
    def _read_packet(self, timeout_s: float) -> p.Packet | None:
        port = self._port
        assert port is not None
        deadline = time.monotonic() + timeout_s
        while not self._pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            port.timeout = min(remaining, 0.05)
            chunk = port.read(max(1, port.in_waiting or 1))
            for item in self._asm.feed(chunk) if chunk else []:
                if isinstance(item, p.ProtocolError):
                    self.count("line_errors")
                    log.debug("fingerprint: %s", item)
                    continue
                self._pending.append(item)
        return self._pending.pop(0)

    def exchange(self, instruction: int, params: bytes = b"") -> tuple[int, bytes]:
        """One command and its acknowledgement: (confirmation code, the rest of the payload)."""
        with self._io:
            if self._port is None:
                raise DeviceFailure(DeviceError("not_connected", "fingerprint module not open"))
            request = p.command(instruction, params, self.address)
            last = DeviceError("timeout", f"no answer to instruction {instruction:#04x}")
            try:
                for _ in range(RETRIES + 1):
                    self._port.reset_input_buffer()
                    self._asm.reset()
                    self._pending.clear()
                    self._port.write(request)
                    answer = self._read_packet(ANSWER_TIMEOUT_S)
                    if answer is None:
                        continue
                    if answer.pid != p.PID_ACK or not answer.payload:
                        last = DeviceError("checksum", f"unexpected packet {answer!r}")
                        continue
                    if answer.payload[0] == p.PACKET_ERROR:  # the module saw our packet damaged
                        last = DeviceError("checksum", "the module received a damaged packet")
                        self.count("line_errors")
                        continue
                    return answer.payload[0], answer.payload[1:]
                raise DeviceFailure(last)
            except serial.SerialException as exc:
                self._close_port()
                raise DeviceFailure(DeviceError("not_connected", "fingerprint module disconnected", str(exc))) from None
            except (OSError, termios.error) as exc:
                self._close_port()
                raise DeviceFailure(DeviceError("not_connected", "fingerprint module I/O error", str(exc))) from None

    def read_params(self) -> p.SysPara:
        code, data = self.exchange(p.READ_SYS_PARA)
        if code != p.OK:
            raise DeviceFailure(DeviceError("fingerprint_error", "ReadSysPara refused", f"code {code:#04x}"))
        try:
            return p.SysPara.parse(data)
        except p.ProtocolError as exc:
            raise DeviceFailure(DeviceError("checksum", str(exc))) from None

    # -- operations ----------------------------------------------------------------------------
    def capture(self, buffer: int, timeout_s: float, stop: Callable[[], bool] = lambda: False) -> str:
        """Wait for a finger on the window, image it and make a character file in `buffer`."""
        deadline = time.monotonic() + timeout_s
        with self._io:
            while True:
                code, _ = self.exchange(p.GEN_IMG)
                if code == p.OK:
                    break
                if code != p.NO_FINGER:
                    self.count("capture_errors")
                    return p.CONFIRMATION.get(code, "image_failed")
                if time.monotonic() >= deadline or stop():
                    return "no_finger"
                time.sleep(self.poll_s)
            code, _ = self.exchange(p.IMG2TZ, bytes([buffer]))
        outcome = p.CONFIRMATION.get(code, "too_few_points")
        self.count("captures" if outcome == "ok" else "capture_errors")
        return outcome if outcome in CAPTURE_OUTCOMES else "too_few_points"

    def wait_lifted(self, timeout_s: float, stop: Callable[[], bool] = lambda: False) -> bool:
        """True once the window is empty (GenImg: no finger)."""
        deadline = time.monotonic() + timeout_s
        while True:
            code, _ = self.exchange(p.GEN_IMG)
            if code == p.NO_FINGER:
                return True
            if time.monotonic() >= deadline or stop():
                return False
            time.sleep(self.poll_s)

    def merge(self) -> str:
        code, _ = self.exchange(p.REG_MODEL)
        return "ok" if code == p.OK else p.CONFIRMATION.get(code, "mismatch")

    def upload(self, buffer: int = 1) -> bytearray:
        """The template in `buffer` (after merge(): the merged one), as a bytearray to wipe."""
        with self._io:
            code, _ = self.exchange(p.UP_CHAR, bytes([buffer]))
            if code != p.OK:
                raise DeviceFailure(DeviceError("fingerprint_error", "UpChar refused", f"code {code:#04x}"))
            template = bytearray()
            try:
                while True:
                    part = self._read_packet(ANSWER_TIMEOUT_S)
                    if part is None:
                        raise DeviceFailure(DeviceError("timeout", "the template stopped arriving",
                                                        f"{len(template)} bytes"))
                    if part.pid not in (p.PID_DATA, p.PID_END):
                        raise DeviceFailure(DeviceError("checksum", f"unexpected packet {part!r}"))
                    template += part.payload
                    if part.pid == p.PID_END:
                        return template
            except DeviceFailure:
                template[:] = b"\0" * len(template)
                raise
            except (serial.SerialException, OSError, termios.error) as exc:
                template[:] = b"\0" * len(template)
                self._close_port()
                raise DeviceFailure(DeviceError("not_connected", "fingerprint module disconnected", str(exc))) from None

    # -- health --------------------------------------------------------------------------------
    def check_health(self) -> DeviceStatus:
        if not self._io.acquire(timeout=0.5):
            return self.status  # a capture is running: the module is alive
        try:
            params = self.read_params()
        except DeviceFailure as failure:
            code = failure.error.code
            availability = Availability.OFFLINE if code in ("not_connected", "timeout") else Availability.HARDWARE_ERROR
            return self._set_status(DeviceStatus(availability, last_error=failure.error))
        finally:
            self._io.release()
        self.params = params
        return self._set_status(online(baudrate=str(self.baudrate), packet_size=str(params.packet_size)))

    def self_test(self) -> SelfTestResult:
        """Health, then "place a finger on the window" (up to SELF_TEST_FINGER_S): the technician's
        finger is imaged and turned into a character file, which stays in the module (nothing is
        uploaded or kept)."""
        status = self.check_health()
        lines = [f"status: {status.summary()}"]
        if self.params is None or not status.usable:
            return SelfTestResult(False, lines)
        lines.append(f"address {self.params.address:#010x}, packet {self.params.packet_size} bytes, "
                     f"{self.params.baudrate} baud")
        lines.append(f"place a finger on the window (within {SELF_TEST_FINGER_S:.0f} s)")
        try:
            outcome = self.capture(1, SELF_TEST_FINGER_S)
        except DeviceFailure as failure:
            return SelfTestResult(False, lines + [f"capture: {failure.error}"])
        lines.append(f"finger read: {outcome}")
        return SelfTestResult(outcome == "ok", lines)
