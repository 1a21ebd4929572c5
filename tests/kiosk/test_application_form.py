"""The application form (申请表) without Qt: which shipped items name one, what goes on it for a
citizen and for an agent (代办), and the catalog refusing a form anywhere but on a sign step."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from devices.card_reader.identity import CardType, IdentityRecord
from kiosk.application_form import form_of
from kiosk.catalog import CatalogError, StepKind, default_catalog_dir, load_catalog
from kiosk.session import Session
from kiosk.workflow import Workflow
from tests.kiosk.test_catalog import broken_copy
from tests.kiosk.test_catalog_content import MUST_SIGN

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32  # the bytes only travel here; the UI test renders a real one
AGENT = IdentityRecord(CardType.RESIDENT, "测试乙", "1", "01", date(1965, 1, 2), "北京市西城区示例路1号",
                       "110102196501020017", "北京市公安局西城分局", None, None)


def signed_case(code: str, session: Session) -> Workflow:
    catalog = load_catalog(default_catalog_dir())
    flow = Workflow([catalog.item(code)], session, None)
    flow.index = [s.kind for s in flow.steps].index(StepKind.SIGN)
    flow.sign(PNG)
    session.case_numbers.append("CASE-1")
    return flow


def test_every_application_the_law_wants_signed_names_its_official_form() -> None:
    catalog = load_catalog(default_catalog_dir())
    forms = {}
    for code in sorted(MUST_SIGN):
        sign = next(s for s in catalog.item(code).workflow if s.kind is StepKind.SIGN)
        assert sign.form is not None and sign.form.zh.endswith("表") and sign.form.en, code
        forms[code] = sign.form.zh
    assert forms["HZ-0101"] == forms["HZ-0102"] == "居民身份证申领登记表"
    assert forms["HZ-0103"] == "临时居民身份证申领登记表"
    assert {forms[c] for c in MUST_SIGN if c.startswith("CRJ")} == {"中国公民出入境证件申请表"}


def test_a_form_only_on_a_sign_step(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, 'kind = "review"', 'kind = "review"\nform = { zh = "申请表", en = "Form" }')
    with pytest.raises(CatalogError, match="only a sign step names an application form"):
        load_catalog(path)


def test_no_form_before_the_case_is_signed_and_submitted() -> None:
    session = Session()
    flow = signed_case("CRJ-0101", session)
    session.case_numbers.clear()
    assert form_of(flow) is None  # not submitted: nothing to keep a copy of
    session.case_numbers.append("CASE-1")
    assert form_of(flow) is not None
    session.attachments.clear()
    assert form_of(flow) is None  # not signed


def test_an_agent_signs_for_the_applicant_whose_details_are_printed_not_the_agents() -> None:
    session = Session()
    session.card = AGENT  # the agent identified themself with their own card
    session.on_behalf.update({"relationship": "child", "principal_name": "测试丙",
                              "principal_id_number": "110105195001010016"})
    session.answers.update({"name": "测试丙", "id_number": "110105195001010016"})
    form = form_of(signed_case("HZ-0102", session), date(2026, 12, 7))
    assert form is not None and form.by_agent and form.applied_on == "2026-12-07"
    values = {f.key: f.value for f in form.fields}
    assert values["name"] == "测试丙" and values["id_number"] == "110105195001010016"
    assert "address" not in values and "gender" not in values  # the agent's card is not the applicant's
    assert values["agent_name"] == "测试乙" and values["relationship"].startswith("子女")
    assert "测试" not in repr(form) and "1101" not in repr(form)
