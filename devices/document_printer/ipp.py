"""The IPP/1.1 wire format (RFC 8010 §3) and the few operations the kiosk needs (RFC 8011:
Print-Job §4.2.1, Cancel-Job §4.3.3, Get-Job-Attributes §4.3.4, Get-Printer-Attributes §4.2.5).

Why our own small codec rather than pycups: pycups builds against libcups-dev and talks to a
local CUPS daemon; an IPP Everywhere printer (or a CUPS queue) speaks IPP over HTTP itself, so
~200 lines over `requests` reach the printer with no daemon and no C build on the kiosk.

Decoded attributes are a flat dict name -> list of values; collections (media-col …) decode to
dicts of their members, which the kiosk does not use but must step over correctly."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

# Operation ids (RFC 8011 §5.4.15)
PRINT_JOB = 0x0002
CANCEL_JOB = 0x0008
GET_JOB_ATTRIBUTES = 0x0009
GET_PRINTER_ATTRIBUTES = 0x000B

# Delimiter tags (RFC 8010 §3.5.1)
OPERATION = 0x01
JOB = 0x02
END = 0x03
PRINTER = 0x04
UNSUPPORTED_GROUP = 0x05

# Value tags (RFC 8010 §3.5.2)
INTEGER = 0x21
BOOLEAN = 0x22
ENUM = 0x23
OCTET_STRING = 0x30
DATETIME = 0x31
RESOLUTION = 0x32
RANGE = 0x33
BEG_COLLECTION = 0x34
TEXT_LANG = 0x35
NAME_LANG = 0x36
END_COLLECTION = 0x37
TEXT = 0x41
NAME = 0x42
KEYWORD = 0x44
URI = 0x45
CHARSET = 0x47
LANGUAGE = 0x48
MIME = 0x49
MEMBER_NAME = 0x4A

# Job states (RFC 8011 §5.3.7) and printer states (§5.4.11)
JOB_PENDING, JOB_HELD, JOB_PROCESSING, JOB_STOPPED, JOB_CANCELED, JOB_ABORTED, JOB_COMPLETED = (
    range(3, 10)
)
PRINTER_IDLE, PRINTER_PROCESSING, PRINTER_STOPPED = 3, 4, 5

STATUS_OK = 0x0000
STATUS_NOT_FOUND = 0x0406
STATUS_NOT_ACCEPTING = 0x0506
STATUS_BUSY = 0x0507


class IppError(ValueError):
    """A message that does not follow RFC 8010."""


@dataclass
class Message:
    """A request (code = operation id) or a response (code = status code)."""

    code: int
    request_id: int
    groups: list[tuple[int, list[tuple[str, int, list[Any]]]]] = field(default_factory=list)
    data: bytes = b""
    version: tuple[int, int] = (1, 1)

    def attrs(self, group: int | None = None) -> dict[str, list[Any]]:
        """Attributes of the first group with this tag (all groups merged when None)."""
        out: dict[str, list[Any]] = {}
        for tag, attrs in self.groups:
            if group is None or tag == group:
                for name, _vt, values in attrs:
                    out[name] = values
                if group is not None:
                    break
        return out


def _encode_value(tag: int, value: Any) -> bytes:
    if tag in (INTEGER, ENUM):
        return struct.pack(">i", int(value))
    if tag == BOOLEAN:
        return b"\x01" if value else b"\x00"
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


def _encode_attr(out: bytearray, name: str, tag: int, values: list[Any]) -> None:
    for i, value in enumerate(values):
        key = name.encode("ascii") if i == 0 else b""  # additional values: empty name
        if tag == BEG_COLLECTION:
            # RFC 8010 §3.1.6: begCollection, then per member a memberAttrName (its name as the
            # value) followed by its values with empty names, then endCollection. A collection
            # value is a dict member -> (value tag, values).
            out += struct.pack(">bh", tag, len(key)) + key + struct.pack(">h", 0)
            for member, (member_tag, member_values) in value.items():
                raw = member.encode("ascii")
                out += struct.pack(">bhh", MEMBER_NAME, 0, len(raw)) + raw
                _encode_attr(out, "", member_tag, member_values)
            out += struct.pack(">bhh", END_COLLECTION, 0, 0)
            continue
        raw = _encode_value(tag, value)
        out += struct.pack(">bh", tag, len(key)) + key + struct.pack(">h", len(raw)) + raw


def encode(msg: Message) -> bytes:
    out = bytearray(struct.pack(">bbhi", msg.version[0], msg.version[1], msg.code, msg.request_id))
    for group_tag, attrs in msg.groups:
        out.append(group_tag)
        for name, tag, values in attrs:
            _encode_attr(out, name, tag, values)
    out.append(END)
    return bytes(out) + msg.data


def _decode_value(tag: int, raw: bytes) -> Any:
    if tag in (INTEGER, ENUM):
        if len(raw) != 4:
            raise IppError(f"integer of {len(raw)} bytes")
        return struct.unpack(">i", raw)[0]
    if tag == BOOLEAN:
        return raw != b"\x00"
    if tag == RANGE and len(raw) == 8:
        return struct.unpack(">ii", raw)
    if tag == RESOLUTION and len(raw) == 9:
        return struct.unpack(">iib", raw)
    if tag in (OCTET_STRING, DATETIME, TEXT_LANG, NAME_LANG) or tag < 0x20:
        return raw  # out-of-band values (unknown, no-value …) have tags below 0x20
    return raw.decode("utf-8", errors="replace")


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise IppError("message ends early")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def attribute(self) -> tuple[int, str, bytes]:
        tag = self.take(1)[0]
        (nlen,) = struct.unpack(">h", self.take(2))
        name = self.take(nlen).decode("utf-8", errors="replace")
        (vlen,) = struct.unpack(">h", self.take(2))
        return tag, name, self.take(vlen)

    def peek(self) -> int:
        if self.pos >= len(self.data):
            raise IppError("no end-of-attributes tag")
        return self.data[self.pos]


def _collection(r: _Reader) -> dict[str, list[Any]]:
    """Members after a begCollection, up to its endCollection (RFC 8010 §3.1.6)."""
    out: dict[str, list[Any]] = {}
    member = ""
    while True:
        tag, _name, raw = r.attribute()
        if tag == END_COLLECTION:
            return out
        if tag == MEMBER_NAME:
            member = raw.decode("utf-8", errors="replace")
            out[member] = []
        elif tag == BEG_COLLECTION:
            out.setdefault(member, []).append(_collection(r))
        else:
            out.setdefault(member, []).append(_decode_value(tag, raw))


def decode(data: bytes) -> Message:
    r = _Reader(data)
    major, minor, code, request_id = struct.unpack(">bbhi", r.take(8))
    msg = Message(code, request_id, version=(major, minor))
    attrs: list[tuple[str, int, list[Any]]] | None = None
    while True:
        tag = r.peek()
        if tag <= 0x0F:  # a delimiter
            r.take(1)
            if tag == END:
                break
            attrs = []
            msg.groups.append((tag, attrs))
            continue
        if attrs is None:
            raise IppError("attribute before any group")
        tag, name, raw = r.attribute()
        value = _collection(r) if tag == BEG_COLLECTION else _decode_value(tag, raw)
        if name:
            attrs.append((name, tag, [value]))
        elif attrs:
            attrs[-1][2].append(value)  # an additional value of the previous attribute
        else:
            raise IppError("additional value without an attribute")
    msg.data = data[r.pos :]
    return msg


def operation_group(printer_uri: str, user: str = "kiosk") -> list[tuple[str, int, list[Any]]]:
    """The attributes every request starts with, in the order RFC 8011 §4.1.4 requires."""
    return [
        ("attributes-charset", CHARSET, ["utf-8"]),
        ("attributes-natural-language", LANGUAGE, ["en"]),
        ("printer-uri", URI, [printer_uri]),
        ("requesting-user-name", NAME, [user]),
    ]


def strip_reason(reason: str) -> str:
    """'media-empty-error' -> 'media-empty' (RFC 8011 §5.4.12: -report/-warning/-error suffixes)."""
    for suffix in ("-error", "-warning", "-report"):
        if reason.endswith(suffix):
            return reason[: -len(suffix)]
    return reason
