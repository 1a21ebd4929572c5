"""代办: after identifying, the agent says for whom; the principal's name and ID number (check
digit) are taken, the relationship recorded, a staff check asked where the law requires it
(《居民身份证法》第七条: a guardian applies for a child under 16, checked against the booklet), and
items that may not be done by an agent say so."""

from __future__ import annotations

from datetime import date

from devices.card_reader.identity import CardType, IdentityRecord
from kiosk.catalog import StepKind, default_catalog_dir, load_catalog
from kiosk.eligibility import facts_of
from kiosk.fees import birth_date
from kiosk.on_behalf import Phase, describe
from kiosk.session import Session
from kiosk.workflow import Workflow

CATALOG = load_catalog(default_catalog_dir())
AGENT_NUMBER = "110105199003071239"  # the sample resident card: the agent
CHILD = "110105201501010025"  # born 2015-01-01, valid check digit


def identified() -> Session:
    s = Session()
    s.card = IdentityRecord(card_type=CardType.RESIDENT, name="测试甲", gender="2", nation="01",
                            birth_date=date(1990, 3, 7), address="", id_number=AGENT_NUMBER, issuer="",
                            valid_from=None, valid_until=None)
    return s


def after_identify(code: str, session: Session) -> Workflow:
    flow = Workflow([CATALOG.item(code)], session, None, today=lambda: date(2026, 12, 7))
    flow.prefill_from_card()
    while flow.step.kind is not StepKind.IDENTIFY:
        flow.next()
    flow.next()
    return flow


def test_guardian_applies_for_a_child_and_the_case_asks_for_a_staff_check() -> None:
    session = identified()
    flow = after_identify("HZ-0102", session)
    assert flow.needs_on_behalf()
    ob = flow.on_behalf
    assert ob.view().phase is Phase.CHOOSE
    ob.for_someone_else()
    assert ob.view().phase is Phase.PRINCIPAL
    assert ob.enter_principal("guardian", "测试小", "110105201501010026") == {"principal_id_number": "id_number"}
    assert ob.enter_principal("guardian", "测试小", AGENT_NUMBER) == {"principal_id_number": "same_person"}
    assert ob.enter_principal("other", "测试小", CHILD) == {"relationship": "choice"}
    assert ob.enter_principal("guardian", "", CHILD) == {"principal_name": "required"}
    assert ob.enter_principal("guardian", "测试小", CHILD) == {}
    assert not flow.needs_on_behalf()
    assert session.on_behalf == {"relationship": "guardian", "principal_name": "测试小",
                                 "principal_id_number": CHILD, "staff_check": "1"}
    # the child is the applicant: the form's name and number, age and fee exemptions are the child's
    assert session.answers["id_number"] == CHILD and session.answers["name"] == "测试小"
    assert facts_of(session).birth_date == date(2015, 1, 1)
    assert birth_date(session) == date(2015, 1, 1)  # fee exemptions by age (kiosk/fees.py) are the child's
    assert session.card is not None and session.card.id_number == AGENT_NUMBER  # the agent stays identified


def test_changing_back_to_myself_puts_the_agents_own_details_back() -> None:
    session = identified()
    flow = after_identify("HZ-0102", session)
    flow.on_behalf.for_someone_else()
    flow.on_behalf.enter_principal("parent", "测试小", CHILD)
    flow.act_for_myself()
    assert session.on_behalf == {}
    assert session.answers.get("id_number", AGENT_NUMBER) == AGENT_NUMBER


def test_own_record_items_say_they_are_in_person_only() -> None:
    for code in ("ZM-0101", "ZM-0202", "CRJ-0301"):
        flow = after_identify(code, identified())
        flow.on_behalf.for_someone_else()
        view = flow.on_behalf.view()
        assert view.phase is Phase.IN_PERSON_ONLY, code
        assert "窗口" in view.agent.basis.zh, code  # where to go instead
        flow.act_for_myself()
        assert not flow.needs_on_behalf()


def test_items_without_an_agent_rule_ask_nothing_and_the_guide_shows_the_rule() -> None:
    flow = after_identify("JG-0301", identified())
    assert not flow.needs_on_behalf()
    agent = CATALOG.item("HZ-0102").agent
    assert agent is not None
    assert "监护人" in describe(agent, "zh_CN") and "窗口核验" in describe(agent, "zh_CN")
    assert "Guardian" in describe(agent, "en")
    assert describe(CATALOG.item("ZM-0202").agent, "zh_CN").startswith("须本人办理")  # type: ignore[arg-type]
