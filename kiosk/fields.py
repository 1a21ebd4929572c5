"""Validation of form answers, as pure functions.

Each validator takes the raw text a citizen entered and returns the normalised value or an error
*code*; the screen translates the code into the citizen's language and shows it next to the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from devices.card_reader.idnumber import is_valid_id_number
from kiosk.catalog import FieldKind, FormField
from kiosk.registry import Role
from kiosk.session import Session

# Mainland mobile numbers: 11 digits starting 13–19 (MIIT numbering plan).
_PHONE = re.compile(r"^1[3-9][0-9]{9}$")
_DATE = re.compile(r"^([0-9]{4})-?([0-9]{2})-?([0-9]{2})$")
# The 15-character number of the foreign permanent residence card issued before 1 December 2023:
# 3 Latin letters (the country or region) + 12 digits. National Immigration Administration,
# 《新版外国人永久居留身份证机读信息规则（2023版）》 §2: the new card's 18-digit number (first digit 9,
# GB 11643 check digit) replaced "15 位（3 位拉丁字母+12 位数字）"; old cards stay valid until they
# expire, so both are accepted wherever an ID number is.
_OLD_PERMANENT_RESIDENCE = re.compile(r"^[A-Z]{3}[0-9]{12}$")
# Province abbreviations used as the first character of a vehicle plate (GA 36).
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(rf"^[{PLATE_PROVINCES}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{{5,6}}$")


# The answer to a phone field when there is no mobile phone (我没有手机). Nobody is turned away for
# lacking one: notices then go by the receipt and pick-up at the counter, and the centre records
# no SMS notice for the case (server/notices.py finds no mobile number in it).
NO_PHONE = "none"


def has_no_phone(session: Session) -> bool:
    """Did the citizen say they have no mobile phone (for their own number, role ``phone``)?"""
    return session.answer(Role.PHONE) == NO_PHONE


@dataclass(frozen=True)
class Checked:
    """The outcome of checking one answer: the value to keep, or an error code to show."""

    value: str | None
    error: str | None = None


def check_answer(field: FormField, raw: str, today: date | None = None) -> Checked:
    """Validate one answer. Error codes: required, too_long, phone, date, date_future,
    id_number, choice, number, number_range, plate. A phone field also takes NO_PHONE."""
    text = raw.strip()
    if field.kind is FieldKind.ID_NUMBER or field.kind is FieldKind.PLATE:
        text = text.upper().replace(" ", "")
    if not text:
        return Checked(None, "required" if field.required else None)
    if len(text) > field.max_length:
        return Checked(None, "too_long")
    kind = field.kind
    if kind is FieldKind.PHONE:
        if text == NO_PHONE:
            return Checked(NO_PHONE)
        digits = text.replace(" ", "").replace("-", "")
        return Checked(digits) if _PHONE.match(digits) else Checked(None, "phone")
    if kind is FieldKind.DATE:
        return _check_date(text, today or date.today())
    if kind is FieldKind.ID_NUMBER:
        return Checked(text) if is_id_number(text) else Checked(None, "id_number")
    if kind is FieldKind.CHOICE:
        allowed = {c.value for c in field.choices}
        return Checked(text) if text in allowed else Checked(None, "choice")
    if kind is FieldKind.NUMBER:
        try:
            number = float(text)
        except ValueError:
            return Checked(None, "number")
        low, high = field.min_value, field.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            return Checked(None, "number_range")
        return Checked(text)
    if kind is FieldKind.PLATE:
        return Checked(text) if _PLATE.match(text) else Checked(None, "plate")
    return Checked(text)


def is_id_number(text: str) -> bool:
    """An 18-character number with a valid GB 11643 check digit (resident ID card, residence
    permit of Hong Kong, Macao or Taiwan residents, foreign permanent residence card since 2023)
    or the old 15-character foreign permanent residence number."""
    text = text.strip().upper()
    return is_valid_id_number(text) or bool(_OLD_PERMANENT_RESIDENCE.match(text))


def is_old_permanent_residence_number(text: str) -> bool:
    return bool(_OLD_PERMANENT_RESIDENCE.match(text.strip().upper()))


def _check_date(text: str, today: date) -> Checked:
    match = _DATE.match(text)
    if not match:
        return Checked(None, "date")
    try:
        value = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return Checked(None, "date")
    if value > today:
        return Checked(None, "date_future")
    return Checked(value.isoformat())
