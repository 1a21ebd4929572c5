"""The 256-byte text block of the card, UCS-2 little-endian, space padded. Layouts per card type
(reference/devices.md §1, from readinfo PCSCGetData.h and HslCommunication). Pure functions;
`parse_text_block` raises only ProtocolError."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from devices.card_reader.identity import CardType, IdentityRecord, Photo
from devices.card_reader.protocol import ProtocolError

TEXT_LEN = 256
NO_EXPIRY = "长期"

Field = tuple[int, int]  # byte offsets [start, end)

RESIDENT: dict[str, Field] = {
    "name": (0, 30), "gender": (30, 32), "nation": (32, 36), "birth": (36, 52),
    "address": (52, 122), "id_number": (122, 158), "issuer": (158, 188),
    "valid_from": (188, 204), "valid_until": (204, 220),
}
HMT_EXTRA: dict[str, Field] = {"pass_number": (220, 238), "issue_count": (238, 242)}
FOREIGNER_OLD: dict[str, Field] = {
    "english_name": (0, 120), "gender": (120, 122), "id_number": (122, 152),
    "nationality": (152, 158), "name": (158, 188), "valid_from": (188, 204),
    "valid_until": (204, 220), "birth": (220, 236), "card_version": (236, 240),
    "authority_code": (240, 248),
}
FOREIGNER_2023: dict[str, Field] = {
    "name": (0, 30), "gender": (30, 32), "renewal_count": (32, 36), "birth": (36, 52),
    "english_name_1": (52, 122), "id_number": (122, 158), "valid_from": (188, 204),
    "valid_until": (204, 220), "english_name_2": (220, 242), "nationality": (242, 248),
}
FLAG: Field = (248, 250)
_FLAGS = {"J": CardType.HMT_RESIDENCE, "I": CardType.FOREIGNER_OLD, "Y": CardType.FOREIGNER_2023}


def layout_for(card_type: CardType) -> dict[str, Field]:
    if card_type is CardType.RESIDENT:
        return RESIDENT
    if card_type is CardType.HMT_RESIDENCE:
        return {**RESIDENT, **HMT_EXTRA}
    if card_type is CardType.FOREIGNER_OLD:
        return FOREIGNER_OLD
    return FOREIGNER_2023


def _field(block: bytes, span: Field, strip: bool = True) -> str:
    raw = block[span[0]:span[1]]
    try:
        text = raw.decode("utf-16-le")
    except UnicodeDecodeError as exc:  # a lone surrogate: the card or the line is corrupt
        raise ProtocolError(f"field at {span[0]} is not UCS-2") from exc
    text = text.replace("\x00", " ")
    return text.strip() if strip else text


def _date(value: str, field_name: str) -> date | None:
    if value == "":
        return None
    if len(value) != 8 or not value.isascii() or not value.isdigit():
        raise ProtocolError(f"{field_name} is not YYYYMMDD")
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError as exc:
        raise ProtocolError(f"{field_name} is not a date") from exc


def card_type_of(block: bytes) -> CardType:
    flag = _field(block, FLAG)
    if flag == "":
        return CardType.RESIDENT
    try:
        return _FLAGS[flag]
    except KeyError:
        raise ProtocolError(f"unknown card type flag {flag!r}") from None


def parse_text_block(block: bytes, photo: Photo | None = None) -> IdentityRecord:
    if len(block) != TEXT_LEN:
        raise ProtocolError(f"text block is {len(block)} bytes, expected {TEXT_LEN}")
    card_type = card_type_of(block)
    values = {key: _field(block, span) for key, span in layout_for(card_type).items()}
    until_text = values.pop("valid_until")
    valid_until = None if until_text == NO_EXPIRY else _date(until_text, "valid_until")
    common = {"name", "gender", "nation", "birth", "address", "id_number", "issuer", "valid_from"}
    extra = {k: v for k, v in values.items() if k not in common}
    if card_type in (CardType.FOREIGNER_OLD, CardType.FOREIGNER_2023):
        nation = values.get("nationality", "")
        if card_type is CardType.FOREIGNER_2023:
            # part 2 continues part 1 character for character when the name is longer than
            # part 1's 35 characters: join both raw fields before trimming the padding, or a space
            # that falls first in part 2 (a split exactly at a word gap) is trimmed away
            extra["english_name"] = (_field(block, FOREIGNER_2023["english_name_1"], strip=False)
                                     + _field(block, FOREIGNER_2023["english_name_2"], strip=False)).strip()
            del extra["english_name_1"], extra["english_name_2"]
    else:
        nation = values["nation"]
    return IdentityRecord(
        card_type=card_type,
        name=values["name"],
        gender=values["gender"],
        nation=nation,
        birth_date=_date(values["birth"], "birth"),
        address=values.get("address", ""),
        id_number=values["id_number"],
        issuer=values.get("issuer", ""),
        valid_from=_date(values["valid_from"], "valid_from"),
        valid_until=valid_until,
        extra=extra,
        photo=photo or Photo(None, "not read"),
    )


def build_text_block(card_type: CardType, values: Mapping[str, str]) -> bytes:
    """Inverse of parse_text_block, for the simulator and tests. Every field must fit."""
    block = bytearray(" ".encode("utf-16-le") * (TEXT_LEN // 2))
    layout = dict(layout_for(card_type))
    if card_type is not CardType.RESIDENT:
        layout["flag"] = FLAG
        values = {**values, "flag": {v: k for k, v in _FLAGS.items()}[card_type]}
    for key, text in values.items():
        if key not in layout:
            raise ValueError(f"{card_type.value} has no field {key!r}")
        start, end = layout[key]
        raw = text.encode("utf-16-le")
        if len(raw) > end - start:
            raise ValueError(f"{key} does not fit in {end - start} bytes")
        block[start:start + len(raw)] = raw
    return bytes(block)
