"""Eligibility rules from the catalog, decided on what the kiosk knows (card type, birth date,
yes/no answers), against the laws the rules cite: 《保安服务管理条例》第十六条 (a security guard
is a Chinese citizen aged 18 or over), 《居民身份证法》第二条 (resident ID cards are for Chinese
citizens), and an endorsement needs a valid Hong Kong and Macao permit to go on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from devices.card_reader.identity import CardType, IdentityRecord
from kiosk.catalog import CatalogError, StepKind, default_catalog_dir, load_catalog
from kiosk.eligibility import Verdict, card_type_of_number, decide, describe, facts_of
from kiosk.session import Session
from kiosk.workflow import Workflow

CATALOG = load_catalog(default_catalog_dir())
TODAY = date(2026, 12, 7)


def card(card_type: CardType, born: date) -> IdentityRecord:
    return IdentityRecord(card_type=card_type, name="测试", gender="1", nation="01", birth_date=born, address="",
                          id_number="", issuer="", valid_from=None, valid_until=None)


def session_with(card_type: CardType = CardType.RESIDENT, born: date = date(1990, 3, 7)) -> Session:
    s = Session()
    s.card = card(card_type, born)
    return s


def test_security_guard_needs_18_years_on_the_day() -> None:
    item = CATALOG.item("ZA-0201")
    # 18 tomorrow: not yet; 18 today: yes (周岁 counts from the birthday)
    young = decide([item], facts_of(session_with(born=date(2008, 12, 8))), {}, TODAY)
    assert young.verdict is Verdict.STOPPED
    assert young.rule is not None and "18" in young.rule.otherwise.zh
    assert decide([item], facts_of(session_with(born=date(2008, 12, 7))), {}, TODAY).verdict is Verdict.ELIGIBLE


def test_foreign_permanent_resident_cannot_renew_a_resident_id_card() -> None:
    for kind in (CardType.FOREIGNER_OLD, CardType.FOREIGNER_2023, CardType.HMT_RESIDENCE):
        decision = decide([CATALOG.item("HZ-0101")], facts_of(session_with(kind)), {}, TODAY)
        assert decision.verdict is Verdict.STOPPED, kind
        assert decision.rule is not None and "出入境" in decision.rule.otherwise.zh  # where to go instead
    assert decide([CATALOG.item("HZ-0101")], facts_of(session_with()), {}, TODAY).verdict is Verdict.ELIGIBLE


def test_endorsement_asks_for_a_valid_permit_and_sends_a_no_to_the_permit_item() -> None:
    item = CATALOG.item("CRJ-0102")
    facts = facts_of(session_with())
    asked = decide([item], facts, {}, TODAY)
    assert asked.verdict is Verdict.ASK and asked.rule is not None and asked.rule.ask is not None
    assert "往来港澳通行证" in asked.rule.ask.zh
    no = decide([item], facts, {(item.code, asked.index): False}, TODAY)
    assert no.verdict is Verdict.STOPPED and no.rule is not None and "CRJ-0101" in no.rule.otherwise.zh
    assert decide([item], facts, {(item.code, asked.index): True}, TODAY).verdict is Verdict.ELIGIBLE


def test_workflow_stops_before_the_form_and_never_reaches_payment() -> None:
    flow = Workflow([CATALOG.item("HZ-0101")], session_with(CardType.FOREIGNER_2023), None, today=lambda: TODAY)
    flow.next()  # consent
    assert flow.gate().verdict is Verdict.ELIGIBLE
    flow.next()  # identify: open to everyone
    assert flow.gate().verdict is Verdict.ELIGIBLE
    flow.next()  # the first step that does something for the citizen
    assert flow.step.kind is not StepKind.IDENTIFY
    assert flow.gate().verdict is Verdict.STOPPED


def test_typed_number_without_card_is_decided_from_the_number() -> None:
    # GB/T 2260 address codes 81/82/83 (Hong Kong, Macao, Taiwan) are the residence permits'
    assert card_type_of_number("810000198511200045") == "hmt_residence"
    assert card_type_of_number("911840196108040010") == "foreigner_permanent_2023"
    assert card_type_of_number("110105199003071239") == "resident"
    s = Session()
    assert facts_of(s).card_type is None  # nothing known: undecided, nobody stopped
    assert decide([CATALOG.item("HZ-0101")], facts_of(s), {}, TODAY).verdict is Verdict.ELIGIBLE
    s.answers["id_number"] = "810000198511200045"
    assert decide([CATALOG.item("HZ-0101")], facts_of(s), {}, TODAY).verdict is Verdict.STOPPED


def test_rules_are_described_for_the_guide_in_both_languages() -> None:
    rules = CATALOG.item("ZA-0201").eligibility
    assert describe(rules[0], "zh_CN").startswith("年满 18 周岁")
    assert "《保安服务管理条例》第十六条" in describe(rules[0], "zh_CN")
    assert describe(rules[0], "en").startswith("Aged 18 or over")
    assert "居民身份证" in describe(rules[1], "zh_CN")


SAMPLE = Path(__file__).parent / "data" / "catalog_sample.toml"


def with_rule(tmp_path: Path, rule: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    at = text.index("[[items.workflow]]")
    path = tmp_path / "public_order.toml"
    path.write_text(text[:at] + rule + "\n" + text[at:], encoding="utf-8")
    return path


def test_unknown_rule_key_fails_the_load_naming_item_and_field(tmp_path: Path) -> None:
    path = with_rule(tmp_path, '[[items.eligibility]]\nage_minimum = 18\notherwise = { zh = "窗口", en = "Counter" }\n')
    with pytest.raises(CatalogError, match=r"item ZA-0101, field eligibility\.0\.age_minimum: Extra inputs"):
        load_catalog(path)


def test_a_rule_has_one_condition_and_card_rules_need_an_identify_step(tmp_path: Path) -> None:
    both = '[[items.eligibility]]\nage_min = 18\ncard_types = ["resident"]\notherwise = { zh = "窗口", en = "Counter" }\n'
    with pytest.raises(CatalogError, match="exactly one condition"):
        load_catalog(with_rule(tmp_path, both))
    bad_type = '[[items.eligibility]]\ncard_types = ["passport"]\notherwise = { zh = "窗口", en = "Counter" }\n'
    with pytest.raises(CatalogError, match=r"eligibility\.0\.card_types\.0"):
        load_catalog(with_rule(tmp_path, bad_type))
    assert 'kind = "identify"' not in SAMPLE.read_text(encoding="utf-8")
    age = '[[items.eligibility]]\nage_min = 18\notherwise = { zh = "窗口", en = "Counter" }\n'
    with pytest.raises(CatalogError, match="need an identify step"):
        load_catalog(with_rule(tmp_path, age))


def test_card_type_names_match_the_card_reader() -> None:
    from typing import get_args

    from kiosk.catalog import CardTypeName
    assert set(get_args(CardTypeName)) == {t.value for t in CardType}
