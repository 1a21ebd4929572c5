"""Fixed-width MIS-POS request/response records (the `bankall(req, rsp)` convention of vendor
libraries, reference/devices.md §3). Pure functions; parsers raise only MisPosError.

Request (59 bytes): POS no 8 · operator 8 · type 2 · amount in fen 12 · original date 8 ·
original reference 12 · original voucher 6 · LRC 3.
Response (148 bytes): result 2 · bank code 4 · masked card 20 · voucher 6 · amount 12 ·
message 40 (GBK) · merchant id 15 · terminal id 8 · batch 6 · date MMDD 4 · time hhmmss 6 ·
reference 12 · auth code 6 · settlement date 4 · LRC 3.

The LRC's definition is acquirer-specific and not public; here it is the XOR of every preceding
byte as three decimal digits. A vendor whose LRC differs is configured with lrc="none"."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class MisPosError(Exception):
    """A record that cannot be built or parsed."""


# A VOID of a sale whose day the bank has already settled is refused as an invalid transaction;
# the money goes back with a REFUND (02) carrying the original reference and date instead.
VOID_AFTER_SETTLEMENT = "12"


class TransType(str, Enum):
    SALE = "00"
    VOID = "01"
    REFUND = "02"
    BALANCE = "03"
    REPRINT = "04"  # also used to look a transaction up by reference (query)
    SIGN_IN = "05"
    SETTLEMENT = "06"


REQUEST_FIELDS = (("pos_no", 8), ("operator", 8), ("trans_type", 2), ("amount_fen", 12),
                  ("orig_date", 8), ("orig_reference", 12), ("orig_voucher", 6))
RESPONSE_FIELDS = (("result", 2), ("bank_code", 4), ("card", 20), ("voucher", 6), ("amount_fen", 12),
                   ("message", 40), ("merchant_id", 15), ("terminal_id", 8), ("batch", 6),
                   ("date", 4), ("time", 6), ("reference", 12), ("auth_code", 6), ("settle_date", 4))
REQUEST_LEN = sum(w for _, w in REQUEST_FIELDS) + 3
RESPONSE_LEN = sum(w for _, w in RESPONSE_FIELDS) + 3
MAX_AMOUNT_FEN = 10**12 - 1

RESULT_TEXT = {
    "00": "approved", "01": "refer to card issuer", "05": "do not honour", "14": "invalid card",
    "25": "original transaction not found", "51": "insufficient funds", "54": "expired card",
    "55": "wrong PIN", "61": "exceeds amount limit", "75": "PIN tries exceeded",
    "96": "system malfunction", "98": "no answer from the bank (result unknown)",
    "A0": "MAC check failed, sign in again", "Z1": "not signed in",
}


def lrc(data: bytes) -> bytes:
    value = 0
    for b in data:
        value ^= b
    return f"{value:03d}".encode("ascii")


def _fit(value: str, width: int, numeric: bool, name: str) -> bytes:
    if numeric:
        if not value.isascii() or not value.isdigit() or len(value) > width:
            raise MisPosError(f"{name} must be up to {width} digits")
        return value.zfill(width).encode("ascii")
    raw = value.encode("gbk", errors="strict") if value else b""
    if len(raw) > width:
        raise MisPosError(f"{name} longer than {width} bytes")
    return raw.ljust(width, b" ")


@dataclass(frozen=True)
class MisPosRequest:
    trans_type: TransType
    amount_fen: int = 0
    pos_no: str = "00000001"
    operator: str = "0001"
    orig_date: str = ""  # YYYYMMDD
    orig_reference: str = ""
    orig_voucher: str = ""


def build_request(req: MisPosRequest, with_lrc: bool = True) -> bytes:
    if not isinstance(req.amount_fen, int) or isinstance(req.amount_fen, bool):
        raise MisPosError("amount must be an integer number of fen")
    if not 0 <= req.amount_fen <= MAX_AMOUNT_FEN:
        raise MisPosError("amount out of range")
    body = (_fit(req.pos_no, 8, False, "pos_no") + _fit(req.operator, 8, False, "operator")
            + req.trans_type.value.encode("ascii") + _fit(str(req.amount_fen), 12, True, "amount")
            + _fit(req.orig_date, 8, False, "orig_date") + _fit(req.orig_reference, 12, False, "orig_reference")
            + _fit(req.orig_voucher, 6, False, "orig_voucher"))
    return body + (lrc(body) if with_lrc else b"000")


def parse_request(data: bytes, check_lrc: bool = True) -> MisPosRequest:
    if len(data) != REQUEST_LEN:
        raise MisPosError(f"request is {len(data)} bytes, expected {REQUEST_LEN}")
    if check_lrc and lrc(data[:-3]) != data[-3:]:
        raise MisPosError("request LRC mismatch")
    fields = _split(data[:-3], REQUEST_FIELDS)
    try:
        trans_type = TransType(fields["trans_type"])
    except ValueError:
        raise MisPosError(f"unknown transaction type {fields['trans_type']!r}") from None
    amount = fields["amount_fen"]
    if not amount.isascii() or not amount.isdigit():
        raise MisPosError("amount is not numeric")
    return MisPosRequest(trans_type, int(amount), fields["pos_no"], fields["operator"], fields["orig_date"],
                         fields["orig_reference"], fields["orig_voucher"])


def _split(data: bytes, layout: tuple[tuple[str, int], ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    pos = 0
    for name, width in layout:
        raw = data[pos:pos + width]
        pos += width
        try:
            out[name] = raw.decode("gbk" if name == "message" else "ascii").strip()
        except UnicodeDecodeError:
            if name != "message":
                raise MisPosError(f"{name} is not ASCII") from None
            out[name] = raw.decode("gbk", errors="replace").strip()
    return out


@dataclass(frozen=True)
class MisPosResponse:
    result: str
    bank_code: str = ""
    card: str = ""  # masked by the terminal, e.g. 622202******1234
    voucher: str = ""
    amount_fen: int = 0
    message: str = ""
    merchant_id: str = ""
    terminal_id: str = ""
    batch: str = ""
    date: str = ""
    time: str = ""
    reference: str = ""
    auth_code: str = ""
    settle_date: str = ""

    @property
    def approved(self) -> bool:
        return self.result == "00"

    @property
    def result_text(self) -> str:
        return RESULT_TEXT.get(self.result, f"declined (code {self.result})")


def build_response(resp: MisPosResponse) -> bytes:
    parts = []
    for name, width in RESPONSE_FIELDS:
        value = getattr(resp, name)
        if name == "amount_fen":
            parts.append(_fit(str(value), width, True, name))
        elif name == "message":
            raw = value.encode("gbk", errors="replace")
            while len(raw) > width:  # cut at a character boundary
                value = value[:-1]
                raw = value.encode("gbk", errors="replace")
            parts.append(raw.ljust(width, b" "))
        else:
            parts.append(_fit(value, width, False, name))
    body = b"".join(parts)
    return body + lrc(body)


def parse_response(data: bytes, check_lrc: bool = True) -> MisPosResponse:
    data = data.rstrip(b"\x00")  # the library writes into a zeroed C buffer
    if len(data) != RESPONSE_LEN:
        raise MisPosError(f"response is {len(data)} bytes, expected {RESPONSE_LEN}")
    if check_lrc and lrc(data[:-3]) != data[-3:]:
        raise MisPosError("response LRC mismatch")
    fields = _split(data[:-3], RESPONSE_FIELDS)
    amount = fields.pop("amount_fen")
    if amount and (not amount.isdigit()):
        raise MisPosError("amount is not numeric")
    if len(fields["result"]) != 2:
        raise MisPosError("missing result code")
    return MisPosResponse(amount_fen=int(amount or 0), **fields)
