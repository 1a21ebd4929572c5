"""The redactor every text of the diagnostics bundle passes through.

Logs are written without personal data by design (kiosk/logs.py), but a bundle leaves the kiosk
on a USB stick, so it is checked again against a *declared* set of personal patterns. What is
declared here is what is promised; anything else (a name typed into free text with no field
label) is not detected, which is why code must never log values in the first place.

Declared personal data, each replaced by ``[REDACTED]``:

- Chinese citizen ID numbers: 18 characters with a valid GB 11643 check digit and birth date
  (lower-case x too), not part of a longer run of digits.
- Old foreign permanent residence numbers: 3 Latin letters + 12 digits (kiosk/fields.py).
- Mainland mobile numbers: 11 digits 1[3-9]…, optionally +86/0086 and spaces or hyphens 3-4-4.
- Values of personal fields, by field name (``NAME_FIELDS`` / ``ADDRESS_FIELDS`` …) in the forms
  ``field=value``, ``field: value``, ``"field": "value"`` (JSON) and 姓名：value.
- Chinese postal addresses in free text: a place name with an administrative unit (省 市 区 县 …)
  followed by a street-level part (路 街 巷 号 村 室 …).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from devices.card_reader.idnumber import is_valid_id_number

REDACTED = "[REDACTED]"

NAME_FIELDS = ("name", "full_name", "holder_name", "contact_name", "applicant_name", "english_name",
               "citizen_name", "姓名", "名字", "联系人")
ADDRESS_FIELDS = ("address", "home_address", "residence_address", "contact_address", "住址", "地址", "户籍地址")
OTHER_FIELDS = ("id_number", "phone", "mobile", "plate", "passport_number", "birth_date",
                "身份证号", "公民身份号码", "手机", "电话", "出生日期")
PERSONAL_FIELDS: tuple[str, ...] = NAME_FIELDS + ADDRESS_FIELDS + OTHER_FIELDS

_ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
# The old foreign permanent residence number: 3 letters + 12 digits (kiosk/fields.py).
_OLD_PR_NUMBER = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{3}\d{12}(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ffff"
_ADMIN = r"(?:省|自治区|自治州|市|区|县|旗|盟|镇|乡|街道)"
_STREET = r"(?:路|街|大街|大道|巷|弄|胡同|里|村|组|号|号楼|栋|幢|单元|室|屯)"
_ADDRESS = re.compile(
    rf"[{_CJK}]{{1,12}}{_ADMIN}[{_CJK}0-9０-９A-Za-z\-－#]{{0,40}}?{_STREET}"
    rf"(?:[{_CJK}0-9０-９A-Za-z\-－#]{{0,30}}{_STREET})*")


def _field_pattern(fields: Iterable[str]) -> re.Pattern[str]:
    names = "|".join(sorted((re.escape(f) for f in fields), key=len, reverse=True))
    return re.compile(
        # JSON: "name": "value" (value up to the closing quote, escaped quotes allowed)
        rf'(?P<jkey>"(?:{names})"\s*:\s*)"(?:[^"\\]|\\.)*"'
        # key=value / key: value / 姓名：value (up to a separator or the end of the line)
        rf'|(?P<kkey>(?<![A-Za-z0-9_])(?:{names})\s*[=:：]\s*)(?!\[REDACTED\])[^\s,;，；&"\'}}\]]+',
        re.IGNORECASE)


_FIELDS = _field_pattern(PERSONAL_FIELDS)


def _fields(match: re.Match[str]) -> str:
    if match.group("jkey") is not None:
        return f'{match.group("jkey")}"{REDACTED}"'
    return f"{match.group('kkey')}{REDACTED}"


def _id(match: re.Match[str]) -> str:
    return REDACTED if is_valid_id_number(match.group(1)) else match.group(0)


def redact(text: str) -> str:
    """``text`` with every declared personal pattern replaced by [REDACTED]."""
    # Numbers first: a field value like "139 1234 5678" has spaces the field rule stops at.
    text = _ID_CANDIDATE.sub(_id, text)
    text = _OLD_PR_NUMBER.sub(REDACTED, text)
    text = _MOBILE.sub(REDACTED, text)
    text = _FIELDS.sub(_fields, text)
    return _ADDRESS.sub(REDACTED, text)
