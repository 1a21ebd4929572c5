"""Eligibility (申请条件) as rules: decide, on what the kiosk knows, whether a citizen may use an
item here, before any form or payment. Qt-free; the guide renders the same rules (``describe``).

What the kiosk knows: the birth date (ID card, else the ID number given on a form, GB 11643
digits 7–14), the card type (ID card, else the shape of the ID number) and the citizen's answers
to the rules' yes/no questions. A rule whose fact is not known yet (a typed ID number with no
card) is *undecided*: it does not stop anyone, and it is decided as soon as the fact is known —
the gate runs again before every later step, so before review, payment and submission.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from kiosk.catalog import Item, Rule
from kiosk.fees import age_on, birth_date
from kiosk.fields import is_old_permanent_residence_number
from kiosk.messages import Bilingual, fill, translate
from kiosk.messages import text as text_in
from kiosk.registry import Role
from kiosk.session import Session

log = logging.getLogger("kiosk.eligibility")

CARD_TYPE_NAMES: dict[str, Bilingual] = {
    "resident": translate("Eligibility", "resident ID card"),
    "hmt_residence": translate("Eligibility", "residence permit for Hong Kong, Macao and Taiwan residents"),
    "foreigner_permanent_old": translate("Eligibility", "foreign permanent resident ID card (2017)"),
    "foreigner_permanent_2023": translate("Eligibility", "foreign permanent resident ID card (2023)"),
}

# The rules in words (describe): one message per shape, so each language keeps its own word order.
MUST_ANSWER = {"yes": translate("Eligibility", "{question} (must be “yes”)"),
               "no": translate("Eligibility", "{question} (must be “no”)")}
WITH_CARD = translate("Eligibility", "With a {cards}")
CARD_OR_CARD = translate("Eligibility", "{first} or {second}")
AGED_BETWEEN = translate("Eligibility", "Aged {low} to {high}")
AGED_AT_LEAST = translate("Eligibility", "Aged {low} or over")
AGED_UNDER = translate("Eligibility", "Under {age}")
WITH_BASIS = translate("Eligibility", "{rule} ({basis})")


class Verdict(str, Enum):
    ELIGIBLE = "eligible"  # every rule passed or cannot be decided yet
    ASK = "ask"  # a question must be answered first
    STOPPED = "stopped"  # a rule fails: say where to go instead


@dataclass(frozen=True)
class Facts:
    birth_date: date | None
    card_type: str | None


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    item: Item | None = None  # the item and rule that ask or stop
    rule: Rule | None = None
    index: int = -1  # the rule's position in item.eligibility


ELIGIBLE = Decision(Verdict.ELIGIBLE)


def card_type_of_number(number: str) -> str | None:
    """The card type an ID number belongs to: 3 letters + 12 digits is the old foreign permanent
    residence card (kiosk/fields.py); of 18 characters, 81/82/83 (Hong Kong, Macao, Taiwan
    in the address code, GB/T 2260) are residence permits of Hong Kong, Macao and Taiwan
    residents; 9 is the foreign permanent resident ID card of 2023; other digits a resident's."""
    number = number.strip().upper()
    if is_old_permanent_residence_number(number):
        return "foreigner_permanent_old"
    if len(number) != 18:
        return None
    if number[:2] in ("81", "82", "83"):
        return "hmt_residence"
    if number[0] == "9":
        return "foreigner_permanent_2023"
    return "resident"


def facts_of(session: Session) -> Facts:
    """Acting for someone (代办), the facts are the principal's, from their ID number."""
    principal = session.on_behalf.get("principal_id_number", "")
    if principal:
        return Facts(birth_date(session), card_type_of_number(principal))
    card = session.card
    card_type = getattr(getattr(card, "card_type", None), "value", None)
    if card_type is None:
        card_type = card_type_of_number(session.answer(Role.ID_NUMBER))
    return Facts(birth_date(session), card_type)


def check(rule: Rule, facts: Facts, answer: bool | None, today: date) -> bool | None:
    """True: passes, False: fails, None: not known yet (unanswered, no birth date, no card)."""
    if rule.ask is not None:
        return None if answer is None else answer == (rule.qualifies == "yes")
    if rule.card_types:
        return None if facts.card_type is None else facts.card_type in rule.card_types
    if facts.birth_date is None:
        return None
    age = age_on(facts.birth_date, today)
    return (rule.age_min is None or age >= rule.age_min) and (rule.age_max is None or age <= rule.age_max)


def decide(items: Sequence[Item], facts: Facts, answers: Mapping[tuple[str, int], bool], today: date) -> Decision:
    """The first failing rule stops; else the first unanswered question asks; else eligible."""
    question: Decision | None = None
    for item in items:
        for index, rule in enumerate(item.eligibility):
            outcome = check(rule, facts, answers.get((item.code, index)), today)
            if outcome is False:
                return Decision(Verdict.STOPPED, item, rule, index)
            if outcome is None and rule.ask is not None and question is None:
                question = Decision(Verdict.ASK, item, rule, index)
    return question or ELIGIBLE


def describe(rule: Rule, lang: str) -> str:
    """The rule in words for the guide (申请条件), in ``lang``."""
    text: Bilingual
    if rule.ask is not None:
        text = fill(MUST_ANSWER[rule.qualifies], question=rule.ask.model_dump())
    elif rule.card_types:
        cards = CARD_TYPE_NAMES[rule.card_types[0]]
        for more in rule.card_types[1:]:
            cards = fill(CARD_OR_CARD, first=cards, second=CARD_TYPE_NAMES[more])
        text = fill(WITH_CARD, cards=cards)
    else:
        low, high = rule.age_min, rule.age_max
        if low is not None and high is not None:
            text = fill(AGED_BETWEEN, low=low, high=high)
        elif low is not None:
            text = fill(AGED_AT_LEAST, low=low)
        else:
            text = fill(AGED_UNDER, age=(high or 0) + 1)
    if rule.basis is not None:
        text = fill(WITH_BASIS, rule=text, basis=rule.basis.model_dump())
    return text_in(text, lang)


def log_decision(decision: Decision) -> None:
    """No personal data: the item code, the rule's position and the verdict only."""
    if decision.item is not None:
        log.info("eligibility %s rule %d: %s", decision.item.code, decision.index, decision.verdict.value)
