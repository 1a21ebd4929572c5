"""ID card reader driver: the SAM serial protocol over pyserial.

A read is find → select → read base message. On a noisy line any step can lose or garble its
answer, and the module keeps its own state (READ needs a SELECT, SELECT a FIND, one read per
select), so a read never repeats a single step: it starts the whole sequence again, within a
time budget. What went wrong is told apart for the kiosk:
- line noise (garbled or lost answers while the module still answers): retried, never "offline";
- a dead reader (no valid answer in several probes in a row, or the port gone): offline;
- the card (select failed, read failed, left the field mid-read): a card error, never a SAM error.
A card that stays on the reader after it was delivered is found and read again by the module (the
ID card ignores HALT); the driver reports "no new card" for it until the module has answered
"no card" once (or a different card is read)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import termios
import threading
import time
from collections import deque
from typing import Any

import serial

from devices.base import Device, SelfTestResult
from devices.card_reader import protocol as p
from devices.card_reader.identity import IdentityRecord
from devices.card_reader.textblock import TEXT_LEN, parse_text_block
from devices.card_reader.wlt import WLT_LEN, PhotoDecoder, decoder_from_options
from devices.serial_link import close_quietly, configured_port, open_port
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceError, DeviceFailure, DeviceStatus, failed, online

log = logging.getLogger("devices.card_reader")

# How long the module may take before its answer starts (reference/devices.md §1). READ_BASE
# includes the module's RF read of the card; once a module has answered, the driver waits for it
# as long as it has been seen to need (twice the slowest recent start, at least READ_FLOOR_S).
TIMEOUTS_S = {
    p.SAM_STATUS: 0.3, p.READ_SAM_ID: 0.3, p.FIND_CARD: 0.1, p.SELECT_CARD: 0.1,
    p.READ_BASE: 2.0, p.READ_NEW_ADDRESS: 1.5, p.READ_BASE_FINGERPRINT: 3.0,
}
READ_FLOOR_S = 0.3
INTER_BYTE_GAP_S = 0.1  # an answer that stops flowing this long was cut short
CORRUPT_GRACE_S = 0.03   # after a garbled frame, a moment for a whole frame behind it
READ_BUDGET_S = 2.0      # no new find → select → read pass starts after this
MAX_PASSES = 20
HEALTH_TRIES = 3         # SAM status asked up to this often per health check
OFFLINE_AFTER = 3        # probes (reads, health checks) in a row without a byte back

# SW3 answers about the card in the field, not about the module: retry, never a SAM error
_CARD_SW3 = {p.SW3.FIND_FAILED, p.SW3.SELECT_FAILED, p.SW3.READ_FAILED, p.SW3.UNKNOWN_CARD_TYPE, p.SW3.VERIFY,
             p.SW3.SAM_AUTH_CARD, p.SW3.CARD_AUTH_SAM, p.SW3.RANDOM_FAILED, p.SW3.NO_CONTENT}
# SW3 answers saying our request arrived damaged: line noise in the other direction
_LINE_SW3 = {p.SW3.CHECKSUM, p.SW3.LENGTH}
_LINE_CODES = ("checksum", "timeout")


def parse_base_message(data: bytes) -> tuple[bytes, bytes]:
    """Split the data of a read-base answer into (text block, WLT photo)."""
    if len(data) < 4:
        raise p.ProtocolError("base message too short")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    if text_len != TEXT_LEN or photo_len != WLT_LEN or len(data) < 4 + text_len + photo_len:
        raise p.ProtocolError(f"base message lengths text={text_len} photo={photo_len} data={len(data)}")
    return data[4:4 + text_len], data[4 + text_len:4 + text_len + photo_len]


def _fits(command: tuple[int, int], resp: p.Response) -> bool:
    """Answers carry no command code: a late answer to an earlier command (its wait ran out)
    must not be taken for this one's. Error answers fit any command."""
    if not resp.ok:
        return True
    big = len(resp.data) >= 4 + TEXT_LEN + WLT_LEN
    if command == p.FIND_CARD:  # 9F per the protocol; a module answering 90 with ≤ 4 bytes is let through
        return resp.sw3 == p.SW3.CARD_FOUND or len(resp.data) <= 4
    if command in (p.READ_BASE, p.READ_BASE_FINGERPRINT):
        return resp.sw3 == p.SW3.OK and big
    return resp.sw3 == p.SW3.OK and not big


def _card_failure(resp: p.Response) -> DeviceError:
    if resp.sw3 == p.SW3.SELECT_FAILED:
        return DeviceError("card_moved", "the card moved between find and select", resp.detail)
    return DeviceError("card_read_failed", resp.text, resp.detail)


def _sam_failure(resp: p.Response) -> DeviceFailure:
    if resp.sw3 in _LINE_SW3:
        return DeviceFailure(DeviceError("checksum", "the module received a damaged request", resp.detail))
    if resp.sw3 in _CARD_SW3:
        return DeviceFailure(_card_failure(resp))
    return DeviceFailure(DeviceError("sam_error", resp.text, resp.detail))


class SerialCardReader(Device):
    kind = DeviceKind.CARD_READER

    def __init__(self, spec: DeviceSpec, photo_decoder: PhotoDecoder | None = None) -> None:
        super().__init__(spec)
        opts: dict[str, Any] = dict(spec.options)
        self.baudrate = int(opts.get("baudrate", 115200))
        self.retries = int(opts.get("retries", 2))  # resends of a single command (SAM id)
        self.timeout_scale = float(opts.get("timeout_scale", 1.0))
        self.read_budget_s = float(opts.get("read_budget_s", READ_BUDGET_S))
        self._decoder = photo_decoder or decoder_from_options(opts)
        self._port: serial.Serial | None = None
        self._io = threading.Lock()
        self._asm = p.FrameAssembler()
        self.last_round_trip_s = 0.0
        self.last_read_passes = 0  # find → select → read passes the last read needed
        self._sam_id = ""  # asked once the module answers; "" until then or if it will not say
        self._read_starts: deque[float] = deque(maxlen=8)  # s until recent READ answers began
        self._bytes_heard = 0  # any byte from the module, garbled or not: it is alive
        self._silent_probes = 0  # reads / health checks in a row without a single byte back
        self._answered = False  # the module has answered since the driver was made
        # the card last handed out, while it has not left the field: a keyed digest of its text
        # (the key lives only in this process, so the digest tells nothing about the citizen)
        self._digest_key = os.urandom(16)
        self._delivered: bytes | None = None

    # -- lifecycle -----------------------------------------------------------------------------
    def port_path(self) -> str:  # the simulators answer their own pseudo-terminal's path
        return configured_port(self.spec)

    def open(self) -> None:
        with self._io:
            self._close_port()
            self._port = open_port(self.port_path(), self.baudrate)
            self._asm.reset()

    def close(self) -> None:
        with self._io:
            self._close_port()

    def _close_port(self) -> None:
        close_quietly(self._port)
        self._port = None

    # -- protocol ------------------------------------------------------------------------------
    def _transact(self, command: tuple[int, int]) -> p.Response:
        """One command, resent on line noise (for commands the module answers the same twice)."""
        last_error = DeviceError("timeout", "no answer from the card reader")
        for attempt in range(self.retries + 1):
            try:
                resp = self._exchange_once(command)
            except DeviceFailure as failure:
                if failure.error.code not in _LINE_CODES:
                    raise
                last_error = failure.error
                log.debug("card reader: %s on %02X %02X, attempt %d", last_error.code, *command, attempt + 1)
                continue
            if resp.sw3 not in _LINE_SW3:
                return resp
            last_error = _sam_failure(resp).error
        raise DeviceFailure(last_error)

    def _first_wait_s(self, command: tuple[int, int]) -> float:
        """How long to wait for the answer to start. A module that has answered READ before is
        waited for twice as long as it has recently needed, so a lost read answer costs a
        fraction of a second instead of the table's 2 s."""
        wait = TIMEOUTS_S.get(command, 1.0)
        if command == p.READ_BASE and self._read_starts:
            wait = min(wait, max(READ_FLOOR_S, 2 * max(self._read_starts)))
        return wait * self.timeout_scale

    def _exchange_once(self, command: tuple[int, int]) -> p.Response:
        port = self._port
        if port is None:
            raise DeviceFailure(DeviceError("not_connected", "card reader not open"))
        longest = TIMEOUTS_S.get(command, 1.0) * self.timeout_scale
        try:
            port.reset_input_buffer()
            self._asm.reset()
            started = time.monotonic()
            port.write(p.build_request(command))
            deadline = started + self._first_wait_s(command)
            first_byte: float | None = None
            corrupt = False
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    if corrupt:
                        raise DeviceFailure(DeviceError("checksum", "corrupted answer from the card reader"))
                    partial = f"{self._asm.pending()} bytes of an incomplete answer" if self._asm.pending() else ""
                    raise DeviceFailure(DeviceError("timeout", f"no answer within {deadline - started:.2f} s", partial))
                port.timeout = min(remaining, 0.05)
                chunk = port.read(max(1, port.in_waiting or 1))
                if not chunk:
                    continue
                now = time.monotonic()
                self._bytes_heard += len(chunk)
                self._silent_probes = 0
                if first_byte is None:
                    first_byte = now
                if not corrupt:  # once the answer flows, only a gap in it ends the wait early
                    deadline = min(started + longest, now + INTER_BYTE_GAP_S)
                for item in self._asm.feed(chunk):
                    if isinstance(item, p.ProtocolError):
                        # the rest of a corrupt frame is noise: give a real frame behind it a
                        # moment, then report the corruption instead of waiting out the timeout
                        corrupt = True
                        deadline = min(deadline, now + CORRUPT_GRACE_S)
                        continue
                    response = p.parse_response(item)
                    self._answered = True
                    if not _fits(command, response):
                        log.debug("card reader: stale answer %s skipped", response.detail)
                        continue
                    if command == p.READ_BASE and response.ok:
                        self._read_starts.append(first_byte - started)
                    self.last_round_trip_s = time.monotonic() - started
                    return response
        except serial.SerialException as exc:
            self._close_port()
            raise DeviceFailure(DeviceError("not_connected", "card reader disconnected", str(exc))) from None
        except (OSError, termios.error) as exc:  # termios.error is not an OSError
            self._close_port()
            raise DeviceFailure(DeviceError("not_connected", "card reader I/O error", str(exc))) from None

    def read_card(self) -> IdentityRecord | None:
        """Read the card on the reader: None when there is no new card in the field (none at
        all, or the one already read still lying there). Raises DeviceFailure: "card_removed"
        (found, then gone mid-read), "card_moved" / "card_read_failed" / "bad_card_data" (the
        card, after retries), "checksum" (the line kept garbling answers), "timeout" (the
        reader did not answer at all), "sam_error", "not_connected"."""
        with self._io:
            try:
                record = self._read()
            except DeviceFailure as failure:
                self._note_failure(failure.error)
                raise
            if record is None:
                return None
            self._set_status(online(**self._info()))
            log.info("card read (%s) in %d pass(es)", record.card_type.value, self.last_read_passes)
            self.count("reads")
            return record

    def _read(self) -> IdentityRecord | None:
        started = time.monotonic()
        heard_before = self._bytes_heard
        card_seen = False
        last = DeviceError("timeout", "no answer from the card reader")
        passes = 0
        # at least two passes: after one long wait, the second tells a card that left from noise
        while passes < MAX_PASSES and (passes < 2 or time.monotonic() - started < self.read_budget_s):
            passes += 1
            self.last_read_passes = passes
            try:
                found = self._exchange_once(p.FIND_CARD)
                if found.sw3 == p.SW3.FIND_FAILED:
                    self._delivered = None  # the field is empty: the next card is a new one
                    if card_seen:
                        raise DeviceFailure(DeviceError("card_removed", "the card left the reader during the read"))
                    return None
                if not found.ok:
                    raise _sam_failure(found)
                card_seen = True
                selected = self._exchange_once(p.SELECT_CARD)
                if not selected.ok:
                    raise _sam_failure(selected)
                base = self._exchange_once(p.READ_BASE)
                if not base.ok:
                    raise _sam_failure(base)
                try:
                    text, wlt = parse_base_message(base.data)
                    digest = hmac.new(self._digest_key, text, hashlib.sha256).digest()
                    if digest == self._delivered:
                        return None  # the card already handed out still lies on the reader
                    record = parse_text_block(text, self._decoder.decode(wlt))
                except p.ProtocolError as exc:
                    raise DeviceFailure(DeviceError("bad_card_data", "card data could not be parsed", str(exc))) from None
                self._delivered = digest
                return record
            except DeviceFailure as failure:
                if failure.error.code in ("not_connected", "sam_error", "card_removed"):
                    raise
                # line noise or the card: the module's state is unknown now, so the whole
                # find → select → read sequence again (a lone READ would be answered 0x41)
                last = failure.error
                if last.code in _LINE_CODES:
                    self.count("line_errors")  # the technician's hint at a bad cable
                log.debug("card reader: %s in pass %d, again from find", last.code, passes)
        if last.code in _LINE_CODES:
            if self._bytes_heard == heard_before:
                self._silent_probes += 1
                raise DeviceFailure(DeviceError("timeout", "the card reader did not answer", last.reason))
            raise DeviceFailure(DeviceError("checksum", "answers from the card reader kept arriving damaged",
                                            last.reason))
        raise DeviceFailure(last)

    def _note_failure(self, error: DeviceError) -> None:
        """Only a reader that is gone or silent is offline; noise and the card say nothing
        against the reader."""
        if error.code == "not_connected" or (error.code == "timeout" and self._silent_probes >= OFFLINE_AFTER):
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
        """SAM status, asked up to HEALTH_TRIES times. Not a byte back: offline only after
        OFFLINE_AFTER such checks in a row (a noisy line loses some answers; a dead reader
        loses all), and at once when the port is gone. Garbled answers only: unchanged."""
        if not self._io.acquire(timeout=0.5):
            return self.status  # a read is running: the device is alive
        try:
            # until the module has answered once there is nothing to keep: decide now
            rounds = 1 if self._answered else OFFLINE_AFTER
            resp: p.Response | None = None
            error = DeviceError("timeout", "no answer from the card reader")
            for _ in range(rounds):
                heard_before = self._bytes_heard
                for _ in range(HEALTH_TRIES):
                    try:
                        answer = self._exchange_once(p.SAM_STATUS)
                    except DeviceFailure as failure:
                        if failure.error.code == "not_connected":
                            return self._set_status(DeviceStatus(Availability.OFFLINE, last_error=failure.error))
                        error = failure.error
                        self.count("line_errors")
                        continue
                    if answer.sw3 in _LINE_SW3:
                        error = _sam_failure(answer).error
                        continue
                    resp = answer
                    break
                if resp is not None:
                    break
                if self._bytes_heard == heard_before:
                    self._silent_probes += 1
            if resp is None:
                if self._silent_probes >= OFFLINE_AFTER:
                    return self._set_status(DeviceStatus(Availability.OFFLINE, last_error=error))
                log.debug("card reader: health check inconclusive (%s)", error)
                return self.status
            if resp.ok and not self._sam_id:
                try:
                    self._ask_sam_id()
                except DeviceFailure:
                    pass  # asked again at the next health check
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
