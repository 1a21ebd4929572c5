"""SAM serial protocol (GA 467 style), pure functions over bytes.

Request:  AA AA AA 96 69 | LEN_HI LEN_LO | CMD PARA | data | CHK
Response: AA AA AA 96 69 | LEN_HI LEN_LO | SW1 SW2 SW3 | data | CHK
LEN counts every byte after itself including CHK; CHK = XOR of LEN_HI .. last data byte.
Sources: HslCommunication SAMSerial.cs, hev-idcard-reader (reference/devices.md §1)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_LEN = 7  # preamble + 2 length bytes
MAX_LEN = 0x2000  # longest legitimate answer (base + fingerprint) is ~2.3 KiB


class ProtocolError(Exception):
    """The only exception the parsers raise: bytes that are not a valid frame."""


SAM_STATUS = (0x11, 0xFF)
READ_SAM_ID = (0x12, 0xFF)
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_BASE = (0x30, 0x01)
READ_NEW_ADDRESS = (0x30, 0x03)
READ_BASE_FINGERPRINT = (0x30, 0x10)


class SW3(IntEnum):
    OK = 0x90
    CARD_FOUND = 0x9F
    NO_CONTENT = 0x91
    CHECKSUM = 0x10
    LENGTH = 0x11
    COMMAND = 0x21
    NOT_PERMITTED = 0x23
    UNRECOGNISED = 0x24
    CARD_AUTH_SAM = 0x31
    SAM_AUTH_CARD = 0x32
    VERIFY = 0x33
    UNKNOWN_CARD_TYPE = 0x40
    READ_FAILED = 0x41
    RANDOM_FAILED = 0x47
    SAM_SELF_TEST = 0x60
    SAM_NOT_AUTHORISED = 0x66
    FIND_FAILED = 0x80
    SELECT_FAILED = 0x81


SW3_TEXT = {
    0x90: "OK", 0x9F: "card found", 0x91: "no content", 0x10: "checksum error in command",
    0x11: "length error in command", 0x21: "command error", 0x23: "command not permitted",
    0x24: "unrecognised error", 0x31: "card failed to authenticate SAM",
    0x32: "SAM failed to authenticate card", 0x33: "verification error",
    0x40: "unknown card type", 0x41: "card read failed", 0x47: "random number failed",
    0x60: "SAM self-test failed", 0x66: "SAM not authorised", 0x80: "no card found",
    0x81: "card select failed",
}


def xor(data: bytes) -> int:
    value = 0
    for b in data:
        value ^= b
    return value


def _frame(body: bytes) -> bytes:
    length = len(body) + 1
    head = length.to_bytes(2, "big")
    return PREAMBLE + head + body + bytes([xor(head + body)])


def build_request(command: tuple[int, int], data: bytes = b"") -> bytes:
    return _frame(bytes(command) + data)


def build_response(sw1: int, sw2: int, sw3: int, data: bytes = b"") -> bytes:
    return _frame(bytes((sw1, sw2, sw3)) + data)


@dataclass(frozen=True)
class Response:
    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @property
    def ok(self) -> bool:
        return self.sw1 == 0 and self.sw2 == 0 and self.sw3 in (SW3.OK, SW3.CARD_FOUND)

    @property
    def text(self) -> str:
        return SW3_TEXT.get(self.sw3, f"unknown status {self.sw3:#04x}")

    @property
    def detail(self) -> str:
        return f"SW={self.sw1:02X} {self.sw2:02X} {self.sw3:02X}"


@dataclass(frozen=True)
class Request:
    command: tuple[int, int]
    data: bytes


def _body(frame: bytes, minimum: int) -> bytes:
    if len(frame) < HEADER_LEN + 1 or not frame.startswith(PREAMBLE):
        raise ProtocolError("no preamble")
    length = int.from_bytes(frame[5:7], "big")
    if length < minimum + 1 or length > MAX_LEN:
        raise ProtocolError(f"bad length {length}")
    if len(frame) != HEADER_LEN + length:
        raise ProtocolError(f"frame is {len(frame)} bytes, length field says {HEADER_LEN + length}")
    if xor(frame[5:-1]) != frame[-1]:
        raise ProtocolError("checksum mismatch")
    return frame[7:-1]


def parse_response(frame: bytes) -> Response:
    body = _body(frame, 3)
    return Response(body[0], body[1], body[2], bytes(body[3:]))


def parse_request(frame: bytes) -> Request:
    body = _body(frame, 2)
    return Request((body[0], body[1]), bytes(body[2:]))


class FrameAssembler:
    """Incremental receiver: feed bytes as they arrive, get whole frames out. Garbage before a
    preamble is dropped (resynchronisation); a frame whose checksum fails is reported and the
    search restarts one byte after its preamble, so a false preamble inside noise cannot eat a
    real frame behind it."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self.dropped = 0

    def feed(self, data: bytes) -> list[bytes | ProtocolError]:
        self._buf += data
        out: list[bytes | ProtocolError] = []
        while True:
            start = self._buf.find(PREAMBLE)
            if start < 0:
                keep = max(0, len(self._buf) - (len(PREAMBLE) - 1))
                self.dropped += keep
                del self._buf[:keep]
                return out
            if start:
                self.dropped += start
                del self._buf[:start]
            if len(self._buf) < HEADER_LEN:
                return out
            length = int.from_bytes(self._buf[5:7], "big")
            if length < 2 or length > MAX_LEN:
                out.append(ProtocolError(f"bad length {length}"))
                del self._buf[:1]
                self.dropped += 1
                continue
            if len(self._buf) < HEADER_LEN + length:
                later = self._complete_frame_after(1)
                if later < 0:
                    return out
                # a truncated frame followed by a whole one: drop the truncated part
                out.append(ProtocolError("truncated frame"))
                self.dropped += later
                del self._buf[:later]
                continue
            frame = bytes(self._buf[: HEADER_LEN + length])
            if xor(frame[5:-1]) != frame[-1]:
                out.append(ProtocolError("checksum mismatch"))
                del self._buf[:1]
                self.dropped += 1
                continue
            del self._buf[: HEADER_LEN + length]
            out.append(frame)

    def _complete_frame_after(self, start: int) -> int:
        """Offset of the first whole, checksum-valid frame at or after `start`, or -1."""
        pos = self._buf.find(PREAMBLE, start)
        while pos >= 0:
            if len(self._buf) >= pos + HEADER_LEN:
                length = int.from_bytes(self._buf[pos + 5:pos + 7], "big")
                end = pos + HEADER_LEN + length
                if 2 <= length <= MAX_LEN and end <= len(self._buf) and xor(self._buf[pos + 5:end - 1]) == self._buf[end - 1]:
                    return pos
            pos = self._buf.find(PREAMBLE, pos + 1)
        return -1

    def pending(self) -> int:
        return len(self._buf)

    def reset(self) -> None:
        self._buf.clear()
