"""What a citizen pays: the catalog's fees for the chosen items, exemptions applied, in integer fen.

A fee is waived only when the kiosk can tell from what it knows that the rule applies:

* ``age_over_70`` / ``age_under_16``: the birth date from the ID card, the form, or the ID number;
* any rule with a ``when`` condition in the catalog: the citizen's answer to that question (for
  ``student_holiday`` also today must fall in a holiday window from the configuration).

Other rules (proof only staff can check) are listed as "ask at the counter", never applied here.
Combined items (一事联办) are summed; an unpaid fine found by a query adds its own line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.catalog import Exemption, Item, Text
from kiosk.messages import translate
from kiosk.registry import Role
from kiosk.session import Session

AUTOMATIC_RULES = frozenset({"age_over_70", "age_under_16"})


@dataclass(frozen=True)
class FeeLine:
    item_code: str
    name: Text
    amount_fen: int  # the catalog's amount
    due_fen: int  # what is charged: 0 when waived
    waived_by: Exemption | None = None
    violation: str = ""  # a fine: the server's violation id, marked paid when the case arrives


@dataclass(frozen=True)
class Quote:
    lines: tuple[FeeLine, ...]
    ask_staff: tuple[Exemption, ...]  # exemptions the kiosk cannot decide: "ask at the counter"

    @property
    def total_fen(self) -> int:
        return sum(line.due_fen for line in self.lines)

    @property
    def waived(self) -> tuple[FeeLine, ...]:
        return tuple(line for line in self.lines if line.waived_by is not None)


def birth_date(session: Session) -> date | None:
    """From the ID card, else a birth_date answer, else digits 7–14 of the ID number (GB 11643).
    Acting for someone (代办): the principal's, from their ID number — never the agent's card."""
    principal = session.on_behalf.get("principal_id_number", "")
    if principal:
        return _born_from_number(principal)
    card_birth = getattr(session.card, "birth_date", None)
    if isinstance(card_birth, date):
        return card_birth
    answer = session.answer(Role.BIRTH_DATE)
    try:
        if answer:
            return date.fromisoformat(answer)
    except ValueError:
        pass
    return _born_from_number(session.answer(Role.ID_NUMBER) or str(getattr(session.card, "id_number", "") or ""))


def _born_from_number(number: str) -> date | None:
    if len(number) == 18 and number[6:14].isdigit():
        try:
            return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            return None
    return None


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def in_windows(today: date, windows: Sequence[tuple[str, str]]) -> bool:
    """Windows are ("MM-DD", "MM-DD") pairs; one may run over the new year (("12-20", "02-28"))."""
    day = today.strftime("%m-%d")
    for start, end in windows:
        if (start <= day <= end) if start <= end else (day >= start or day <= end):
            return True
    return False


def applies(exemption: Exemption, session: Session, today: date, holidays: Sequence[tuple[str, str]]) -> bool | None:
    """True/False when the kiosk can decide, None when only staff can."""
    if exemption.rule in AUTOMATIC_RULES:
        born = birth_date(session)
        if born is None:
            return None
        age = age_on(born, today)
        return age >= 70 if exemption.rule == "age_over_70" else age < 16
    if exemption.when is None:
        return None
    answered = session.answers.get(exemption.when.key) == exemption.when.equals
    if exemption.rule == "student_holiday":
        return answered and in_windows(today, holidays)
    return answered


def quote(items: Sequence[Item], session: Session, today: date,
          holidays: Sequence[tuple[str, str]] = ()) -> Quote:
    lines: list[FeeLine] = []
    ask: list[Exemption] = []
    for item in items:
        for fee in item.guide.fees:
            waived_by = None
            for exemption in fee.exemptions:
                decided = applies(exemption, session, today, holidays)
                if decided:
                    waived_by = exemption
                    break
                if decided is None and exemption not in ask:
                    ask.append(exemption)
            lines.append(FeeLine(item.code, fee.name, fee.amount_fen, 0 if waived_by else fee.amount_fen, waived_by))
    for found in session.query_results:
        lines.extend(_fines(found))
    if not any(line.waived_by is None and line.amount_fen for line in lines):
        ask = []  # nothing left to waive: no need to send anyone to the counter
    return Quote(tuple(lines), tuple(ask))


FINE = translate("Fees", "Fine")  # a fine the centre sent without a description


def _fines(found: Any) -> list[FeeLine]:
    """Unpaid fines a query found (traffic violations): each entry with a ``due_fen`` is a line."""
    out = []
    for entry in getattr(found, "entries", ()):
        due = int(getattr(entry, "due_fen", 0) or 0)
        if due > 0:
            title = getattr(entry, "title", {})
            name = {lang: title.get(lang) or FINE[lang] for lang in ("zh", "en")}  # the centre's words, else ours
            out.append(FeeLine("", Text(zh=name["zh"], en=name["en"]), due, due,
                               violation=str(getattr(entry, "ref", ""))))
    return out
