"""Case numbers and kiosk short ids (protocol.md, "Case numbers").

A case number is ``<short id>-<YYYYMMDD>-<sequence>``: the kiosk's short id (1–8 of A–Z 0–9),
a real calendar day, and the day's sequence (4 digits; 5–6 once a day passes 9999). A kiosk may
only open cases under its own short id. The number goes into official SMS texts, so nothing else
is accepted: a stolen kiosk credential must not be able to put words into a police SMS.

The short id is set when the kiosk is provisioned (``kiosk-server add-kiosk ID --short-id K01``)
and is unique in the fleet. Its default follows the kiosk's own rule (``sync.short_id`` unset):
the kiosk id's trailing digits → ``K`` + the last 4 of them, at least 2 (``demo-kiosk-01`` →
``K01``); no trailing digits → its first 6 letters/digits in upper case.
"""

from __future__ import annotations

import re
from datetime import date

SHORT_ID = re.compile(r"^[A-Z0-9]{1,8}$")
_CASE_NUMBER = re.compile(r"^([A-Z0-9]{1,8})-([0-9]{4})([0-9]{2})([0-9]{2})-([0-9]{4,6})$")


def default_short_id(kiosk_id: str) -> str:
    digits = re.search(r"(\d+)$", kiosk_id)
    if digits:
        return "K" + digits.group(1)[-4:].zfill(2)
    letters = re.sub(r"[^A-Za-z0-9]", "", kiosk_id).upper()
    return letters[:6] or "K00"


def short_id_of(case_number: str) -> str | None:
    """The short id a well-formed case number names, or None when it is not a case number."""
    m = _CASE_NUMBER.fullmatch(case_number)
    if m is None:
        return None
    try:
        date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
    except ValueError:
        return None
    return m.group(1)


def refusal(case_number: str, kiosk_short_id: str | None) -> str | None:
    """Why a kiosk with this short id may not open this case number (an error code for the 422
    answer), or None when it may."""
    prefix = short_id_of(case_number)
    if prefix is None:
        return "bad_case_number"
    if kiosk_short_id is None or prefix != kiosk_short_id:
        return "case_number_not_yours"
    return None
