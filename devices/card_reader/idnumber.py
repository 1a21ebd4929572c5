"""GB 11643 citizen ID number check digit (ISO 7064 MOD 11-2). Pure; used by the card parser and
the kiosk's on-screen keyboard. Deliberately no region-table check: codes change (see
reference/devices.md §1), and foreigner numbers starting with 9 use the same digit."""

from __future__ import annotations

import re
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("need exactly 17 ASCII digits")
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS)) % 11]


def is_valid_id_number(s: str) -> bool:
    """True for an 18-character number with a valid check digit and a real birth date
    (lower-case x accepted)."""
    if not isinstance(s, str):
        return False
    s = s.strip().upper()
    if not _SHAPE.match(s):
        return False
    try:
        date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return check_digit(s[:17]) == s[17]


def mask_id_number(s: str) -> str:
    """`110105********1234` style: first 6 and last 4 visible."""
    return s[:6] + "*" * max(0, len(s) - 10) + s[-4:] if len(s) > 10 else "*" * len(s)
