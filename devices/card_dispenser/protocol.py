"""Card-dispenser serial protocol, pure functions over bytes.

Based on the K720-compatible command set published in the QUIO QU-CD-720M/820M manual v3.19
(§3.5, "Protocol of the RS232"; 9600 8N1, half duplex):

  host → dispenser   STX C1 C2 [P…] ETX BCC        BCC = XOR of STX … ETX (inclusive)
  dispenser → host   ACK (06) or NAK (15)          NAK: damaged frame or unknown command
  host → dispenser   ENQ (05)                       "execute it"
  dispenser → host   STX R1 R2 D… ETX BCC           only for commands that answer (RF, PB, PC, GV, SL)

The manual's own example "Dispense card: 02 44 43 03 06 05" (frame, then ENQ) is a test vector
in tests/devices/test_card_dispenser.py. Commands taken from the manual: DC (dispense to the
taking place, the mouth), CP (call back into the recycle/retain bin), RF (working state, "SF" + 3
status digits in priority order), PB (12 bit flags), PC (clear the "taken" and "called back"
flags, answers like PB), ST (reset), GV (version). Bit flags (PB/PC): each data byte is 0x30 |
4 flags, see FLAG_BITS.

Our extension (invented, not in the manual; devices/README.md says so): the K720 is a single
hopper, a finished-card module has N slots holding one card each. "DC" takes a two-digit ASCII
slot number ("DC" "0" "3"); the hopper flags ("dispense failure", "hopper empty") then speak of
that slot. "SL" answers "SL" + one ASCII digit per slot ('1' holds a card, '0' empty), so the
kiosk can see where a card is after a power loss. Every data byte is printable ASCII, so ETX
(03) never occurs inside a frame's text and a frame ends at the first ETX plus one BCC byte."""

from __future__ import annotations

from dataclasses import dataclass

STX, ETX, ENQ, ACK, NAK = 0x02, 0x03, 0x05, 0x06, 0x15
MAX_TEXT = 120  # longest frame text we accept (SL with up to 99 slots)


class ProtocolError(Exception):
    """The only exception the parsers raise: bytes that are not a valid frame."""


DISPENSE = b"DC"
CAPTURE = b"CP"
STATUS = b"RF"
FLAGS = b"PB"
CLEAR_FLAGS = b"PC"
RESET = b"ST"
VERSION = b"GV"
SLOTS = b"SL"  # our extension
ANSWERING = {STATUS, FLAGS, CLEAR_FLAGS, VERSION, SLOTS}

# (data byte index, bit) of each flag in the PB / PC answer (QU-CD-720M v3.19 §3.5.5.2)
FLAG_BITS: dict[str, tuple[int, int]] = {
    "bin_full": (0, 0),
    "dispense_failed": (0, 1),
    "calling_back": (0, 2),
    "dispensing": (0, 3),
    "hopper_low": (1, 0),
    "jammed": (1, 1),
    "called_back": (1, 2),
    "taken": (1, 3),
    "ready": (2, 0),
    "at_read_place": (2, 1),
    "at_mouth": (2, 2),  # "card is taking-place": the taken-out sensor sees a card
    "hopper_empty": (2, 3),
}


def bcc(data: bytes) -> int:
    value = 0
    for b in data:
        value ^= b
    return value


def frame(text: bytes) -> bytes:
    """STX text ETX BCC, BCC over STX … ETX."""
    if not text or any(b < 0x20 or b > 0x7E for b in text):
        raise ValueError("frame text must be printable ASCII")
    body = bytes([STX]) + text + bytes([ETX])
    return body + bytes([bcc(body)])


def command(code: bytes, param: bytes = b"") -> bytes:
    return frame(code + param)


def dispense(slot: int) -> bytes:
    if not 1 <= slot <= 99:
        raise ValueError(f"slot {slot} out of 1..99")
    return command(DISPENSE, f"{slot:02d}".encode())


def parse_frame(raw: bytes) -> bytes:
    """The text of one whole frame (STX … ETX BCC)."""
    if len(raw) < 4 or raw[0] != STX or raw[-2] != ETX:
        raise ProtocolError("not a STX … ETX BCC frame")
    if bcc(raw[:-1]) != raw[-1]:
        raise ProtocolError("BCC mismatch")
    text = raw[1:-2]
    if any(b < 0x20 or b > 0x7E for b in text):
        raise ProtocolError("control byte inside the frame text")
    return text


@dataclass(frozen=True)
class Flags:
    """The 12 bit flags of a PB / PC answer."""

    bits: frozenset[str]

    def __contains__(self, name: object) -> bool:
        return name in self.bits

    @classmethod
    def from_data(cls, data: bytes) -> Flags:
        if len(data) != 3 or any(b & 0xF0 != 0x30 for b in data):
            raise ProtocolError(f"bad flag bytes {data!r}")
        return cls(frozenset(n for n, (i, bit) in FLAG_BITS.items() if data[i] & (1 << bit)))

    def to_data(self) -> bytes:
        out = bytearray(b"000")
        for name in self.bits:
            i, bit = FLAG_BITS[name]
            out[i] |= 1 << bit
        return bytes(out)

    def describe(self) -> str:
        return ",".join(sorted(self.bits)) or "none"


def flags(*names: str) -> Flags:
    unknown = set(names) - set(FLAG_BITS)
    if unknown:
        raise ValueError(f"unknown flags {sorted(unknown)}")
    return Flags(frozenset(names))


# RF answer: "SF" + three digits, the first state in this priority order (manual §3.5.5.2)
STATE_CODES: dict[bytes, str] = {
    b"200": "dispense_failed",
    b"020": "jammed",
    b"100": "bin_full",
    b"800": "dispensing",
    b"400": "calling_back",
    b"004": "at_mouth",
    b"002": "at_read_place",
    b"008": "hopper_empty",
    b"010": "hopper_low",
    b"000": "ready",
    b"001": "not_ready",
}
STATE_PRIORITY = list(STATE_CODES.values())


def parse_slots(data: bytes) -> list[bool]:
    if not data or any(b not in b"01" for b in data):
        raise ProtocolError(f"bad slot map {data!r}")
    return [b == ord("1") for b in data]


class FrameAssembler:
    """Incremental receiver for the dispenser's answers: single ACK / NAK bytes and whole
    frames. Bytes before an STX that are not ACK / NAK are dropped (line noise)."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self.dropped = 0

    def feed(self, data: bytes) -> list[int | bytes | ProtocolError]:
        self._buf += data
        out: list[int | bytes | ProtocolError] = []
        while self._buf:
            head = self._buf[0]
            if head in (ACK, NAK, ENQ):
                out.append(head)
                del self._buf[:1]
                continue
            if head != STX:
                self.dropped += 1
                del self._buf[:1]
                continue
            end = self._buf.find(bytes([ETX]))
            if end < 0:
                if len(self._buf) > MAX_TEXT + 3:
                    out.append(ProtocolError("frame too long"))
                    del self._buf[:1]
                    continue
                return out
            if len(self._buf) < end + 2:
                return out
            raw = bytes(self._buf[: end + 2])
            try:
                parse_frame(raw)
            except ProtocolError as exc:
                out.append(exc)
                self.dropped += 1
                del self._buf[:1]
                continue
            del self._buf[: end + 2]
            out.append(raw)
        return out

    def reset(self) -> None:
        self._buf.clear()
