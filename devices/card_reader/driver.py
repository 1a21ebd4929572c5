"""ID card reader driver: the SAM serial protocol over pyserial.

find → select → read base message, each with its own timeout; garbage on the line is skipped by
the frame assembler; a corrupted answer is asked for again once. After a successful read the
card must leave the RF field before it can be found again (the SAM enforces this; we do not try
to cheat it)."""

from __future__ import annotations

import logging
import termios
import threading
import time
from typing import Any

import serial

from devices.base import Device, SelfTestResult
from devices.card_reader import protocol as p
from devices.card_reader.identity import IdentityRecord
from devices.card_reader.textblock import TEXT_LEN, parse_text_block
from devices.card_reader.wlt import WLT_LEN, PhotoDecoder, decoder_from_options
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceError, DeviceFailure, DeviceStatus, failed, online

log = logging.getLogger("devices.card_reader")

TIMEOUTS_S = {
    p.SAM_STATUS: 0.3, p.READ_SAM_ID: 0.3, p.FIND_CARD: 0.1, p.SELECT_CARD: 0.1,
    p.READ_BASE: 2.0, p.READ_NEW_ADDRESS: 1.5, p.READ_BASE_FINGERPRINT: 3.0,
}


def parse_base_message(data: bytes) -> tuple[bytes, bytes]:
    """Split the data of a read-base answer into (text block, WLT photo)."""
    if len(data) < 4:
        raise p.ProtocolError("base message too short")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    if text_len != TEXT_LEN or photo_len != WLT_LEN or len(data) < 4 + text_len + photo_len:
        raise p.ProtocolError(f"base message lengths text={text_len} photo={photo_len} data={len(data)}")
    return data[4:4 + text_len], data[4 + text_len:4 + text_len + photo_len]


def _sam_failure(resp: p.Response) -> DeviceFailure:
    code = "card_read_failed" if resp.sw3 in (p.SW3.READ_FAILED, p.SW3.UNKNOWN_CARD_TYPE,
                                              p.SW3.VERIFY, p.SW3.SAM_AUTH_CARD, p.SW3.CARD_AUTH_SAM) else "sam_error"
    return DeviceFailure(DeviceError(code, resp.text, resp.detail))


class SerialCardReader(Device):
    kind = DeviceKind.CARD_READER

    def __init__(self, spec: DeviceSpec, photo_decoder: PhotoDecoder | None = None) -> None:
        super().__init__(spec)
        opts: dict[str, Any] = dict(spec.options)
        self.baudrate = int(opts.get("baudrate", 115200))
        self.retries = int(opts.get("retries", 1))
        self.timeout_scale = float(opts.get("timeout_scale", 1.0))
        self._decoder = photo_decoder or decoder_from_options(opts)
        self._port: serial.Serial | None = None
        self._io = threading.Lock()
        self._asm = p.FrameAssembler()
        self.last_round_trip_s = 0.0
        self._sam_id = ""  # asked once the module answers; "" until then or if it will not say

    # -- lifecycle -----------------------------------------------------------------------------
    def port_path(self) -> str:
        if not self.spec.port:
            raise DeviceFailure(DeviceError("no_device", "no serial port configured"))
        return self.spec.port

    def open(self) -> None:
        with self._io:
            self._close_port()
            path = self.port_path()
            try:
                self._port = serial.Serial(path, self.baudrate, timeout=0.05, write_timeout=1.0)
            except (serial.SerialException, OSError, ValueError) as exc:
                raise DeviceFailure(DeviceError("no_device", f"cannot open {path}", str(exc))) from None
            self._asm.reset()

    def close(self) -> None:
        with self._io:
            self._close_port()

    def _close_port(self) -> None:
        if self._port is not None:
            try:
                self._port.close()
            except (serial.SerialException, OSError):
                pass
            self._port = None

    # -- protocol ------------------------------------------------------------------------------
    def _transact(self, command: tuple[int, int]) -> p.Response:
        """Send one command and wait (bounded) for its answer; resend once on a corrupt answer."""
        last_error = DeviceError("timeout", "no answer from the card reader")
        for attempt in range(self.retries + 1):
            try:
                return self._exchange_once(command)
            except DeviceFailure as failure:
                last_error = failure.error
                retry = failure.error.code == "checksum" or (
                    failure.error.code == "timeout" and command != p.FIND_CARD)  # silence on find: just no answer
                if not retry:
                    raise
                log.debug("card reader: %s on %02X %02X, attempt %d", failure.error.code, *command, attempt + 1)
        raise DeviceFailure(last_error)

    def _exchange_once(self, command: tuple[int, int]) -> p.Response:
        port = self._port
        if port is None:
            raise DeviceFailure(DeviceError("not_connected", "card reader not open"))
        timeout = TIMEOUTS_S.get(command, 1.0) * self.timeout_scale
        try:
            port.reset_input_buffer()
            self._asm.reset()
            started = time.monotonic()
            port.write(p.build_request(command))
            deadline = started + timeout
            corrupt = False
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    if corrupt:
                        raise DeviceFailure(DeviceError("checksum", "corrupted answer from the card reader"))
                    partial = f"{self._asm.pending()} bytes of an incomplete answer" if self._asm.pending() else ""
                    raise DeviceFailure(DeviceError("timeout", f"no answer within {timeout:.2f} s", partial))
                port.timeout = min(remaining, 0.05)
                chunk = port.read(max(1, port.in_waiting or 1))
                if not chunk:
                    continue
                for item in self._asm.feed(chunk):
                    if isinstance(item, p.ProtocolError):
                        # the rest of a corrupt frame is noise: give a real frame behind it a
                        # moment, then report the corruption instead of waiting out the timeout
                        corrupt = True
                        deadline = min(deadline, time.monotonic() + 0.1)
                        continue
                    response = p.parse_response(item)
                    self.last_round_trip_s = time.monotonic() - started
                    return response
        except serial.SerialException as exc:
            self._close_port()
            raise DeviceFailure(DeviceError("not_connected", "card reader disconnected", str(exc))) from None
        except (OSError, termios.error) as exc:  # termios.error is not an OSError
            self._close_port()
            raise DeviceFailure(DeviceError("not_connected", "card reader I/O error", str(exc))) from None

    def read_card(self) -> IdentityRecord | None:
        """Read the card on the reader: None when there is no (new) card in the field.
        Raises DeviceFailure for timeouts, corrupt lines, SAM and card errors."""
        with self._io:
            try:
                found = self._transact(p.FIND_CARD)
                if found.sw3 == p.SW3.FIND_FAILED:
                    return None
                if not found.ok:
                    raise _sam_failure(found)
                selected = self._transact(p.SELECT_CARD)
                if not selected.ok:
                    raise _sam_failure(selected)
                base = self._transact(p.READ_BASE)
                if not base.ok:
                    raise _sam_failure(base)
                try:
                    text, wlt = parse_base_message(base.data)
                    record = parse_text_block(text, self._decoder.decode(wlt))
                except p.ProtocolError as exc:
                    raise DeviceFailure(DeviceError("bad_card_data", "card data could not be parsed", str(exc))) from None
            except DeviceFailure as failure:
                self._note_failure(failure.error)
                raise
            self._set_status(online(**self._info()))
            log.info("card read (%s)", record.card_type.value)
            self.count("reads")
            return record

    def _note_failure(self, error: DeviceError) -> None:
        if error.code in ("not_connected", "timeout"):
            self._set_status(DeviceStatus(Availability.OFFLINE, last_error=error))
        elif error.code == "sam_error":
            self._set_status(DeviceStatus(Availability.HARDWARE_ERROR, last_error=error))

    def sam_id(self) -> str:
        with self._io:
            resp = self._ask_sam_id()
        if not resp.ok:
            raise _sam_failure(resp)
        return self._sam_id

    def _ask_sam_id(self) -> p.Response:
        """With the I/O lock held: the module's SAM id, kept for the overview when it answers."""
        resp = self._transact(p.READ_SAM_ID)
        if resp.ok:
            self._sam_id = resp.data.hex()
        return resp

    def _info(self) -> dict[str, str]:
        """What the technician's overview shows about the module: its SAM id (the security
        module's identity and version, asked once) and the line speed."""
        return {"baudrate": str(self.baudrate), **({"sam_id": self._sam_id} if self._sam_id else {})}

    def check_health(self) -> DeviceStatus:
        if not self._io.acquire(timeout=0.5):
            return self.status  # a read is running: the device is alive
        try:
            resp = self._transact(p.SAM_STATUS)
            if resp.ok and not self._sam_id:
                self._ask_sam_id()
        except DeviceFailure as failure:
            availability = Availability.OFFLINE if failure.error.code in ("timeout", "not_connected") else Availability.HARDWARE_ERROR
            return self._set_status(DeviceStatus(availability, last_error=failure.error))
        finally:
            self._io.release()
        if resp.ok:
            return self._set_status(online(**self._info()))
        return self._set_status(failed(Availability.HARDWARE_ERROR, "sam_error", resp.text, resp.detail))

    def self_test(self) -> SelfTestResult:
        status = self.check_health()
        lines = [f"status: {status.summary()}"]
        if not status.usable:
            return SelfTestResult(False, lines)
        try:
            lines.append(f"SAM id: {self.sam_id()}")
            record = self.read_card()
        except DeviceFailure as failure:
            return SelfTestResult(False, lines + [f"read: {failure.error}"])
        if record is None:
            lines.append("no card on the reader (place a card to test a read)")
        else:
            photo = "photo decoded" if record.photo.image is not None else f"photo: {record.photo.unavailable_reason}"
            lines.append(f"card read OK: {record.card_type.value}, {photo} ({self.last_round_trip_s * 1000:.0f} ms)")
        return SelfTestResult(True, lines)
