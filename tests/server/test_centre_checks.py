"""The centre's checks for applications that no longer need a counter (server/centre_checks.py):
each register's yes and no with where and why, bad input as 422, and the statutory check
character of the unified social credit code (GB 32100-2015) tested against codes published by
others, not against our own demo codes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.centre_checks import BIRTH_LATE, BIRTH_OK, HOTEL_OK, NEWCOMER, SHOP, uscc_valid
from server.collect import SLOTS, FinishedCard
from server.db import utcnow
from tests.server.conftest import KIOSK, OPERATOR, SignedClient, record

RESIDENT = "110105199003071239"  # 测试甲: registered in Beijing
RARE = "440104195808120036"  # 测试䶮: Guangzhou, holds a Beijing residence permit


def check(kiosk: SignedClient, service: str, **body: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    r = kiosk.post(f"/api/v1/applications/{service}/check", json=body)
    return r.status_code, r.json()


def test_uscc_check_character_follows_gb_32100() -> None:
    # published example codes (the standard's worked example and a well-known company's licence)
    assert uscc_valid("91350100M000100Y43") and uscc_valid("91110000802100433B")
    assert not uscc_valid("91350100M000100Y44")  # one character off
    assert not uscc_valid("91350100M000100Y4")  # 17 characters
    assert not uscc_valid("9135010OM000100Y43")  # O is not in the code's alphabet


def born(days: int) -> str:
    return ((utcnow() + timedelta(hours=8)).date() - timedelta(days=days)).isoformat()


@pytest.mark.parametrize(("service", "body", "why"), [
    ("residence_permit", {"id_number": RESIDENT, "residence_basis": "housing"}, "常住户口在北京市"),
    ("residence_permit", {"id_number": RARE, "residence_basis": "housing"}, "已持有本市居住证"),
    ("residence_permit", {"id_number": NEWCOMER, "residence_basis": "study"}, "未查到您在本市的学籍记录"),
    ("temporary_id_card", {"id_number": RARE}, "未查到您正在办理的居民身份证"),
    ("security_guard", {"id_number": RARE}, "保安员考试合格记录"),
    ("birth_registration", {"id_number": RESIDENT, "birth_certificate_number": BIRTH_LATE,
                            "child_birth_date": "2025-01-15", "register_with": "mother"}, "超过一个月"),
    ("birth_registration", {"id_number": RESIDENT, "birth_certificate_number": BIRTH_OK,
                            "child_birth_date": born(11), "register_with": "mother"}, "出生日期与出生医学证明不一致"),
    ("birth_registration", {"id_number": RESIDENT, "birth_certificate_number": BIRTH_OK,
                            "child_birth_date": born(10), "register_with": "father"}, "随落户的一方不在本市"),
    ("birth_registration", {"id_number": RARE, "birth_certificate_number": BIRTH_OK,
                            "child_birth_date": born(10), "register_with": "mother"}, "父母不是您"),
    ("hotel_licence", {"id_number": RESIDENT, "credit_code": SHOP}, "不含住宿服务"),
    ("hotel_licence", {"id_number": RARE, "credit_code": HOTEL_OK}, "不是该单位登记的法定代表人"),
    ("hotel_licence", {"id_number": RESIDENT, "credit_code": "91350100M000100Y43"}, "市场主体登记信息中查不到"),
])
def test_refusals_say_where_and_why(kiosk: SignedClient, service: str, body: dict[str, str], why: str) -> None:
    status, answer = check(kiosk, service, **body)
    assert status == 409 and answer["error"] == "counter", answer
    assert why in answer["why"][0] and answer["why"][1] and answer["where"][0] and answer["where"][1]


@pytest.mark.parametrize(("service", "body"), [
    ("residence_permit", {"id_number": NEWCOMER, "residence_basis": "housing"}),
    ("temporary_id_card", {"id_number": RESIDENT}),
    ("security_guard", {"id_number": RESIDENT}),
    ("birth_registration", {"id_number": RESIDENT, "birth_certificate_number": BIRTH_OK.lower(),
                            "child_birth_date": born(10), "register_with": "mother"}),
    ("hotel_licence", {"id_number": RESIDENT, "credit_code": HOTEL_OK.lower()}),
])
def test_what_the_registers_confirm_passes(kiosk: SignedClient, service: str, body: dict[str, str]) -> None:
    assert check(kiosk, service, **body) == (200, {"ok": True})


def test_bad_input_unknown_people_and_unknown_checks(kiosk: SignedClient, app_client: TestClient) -> None:
    assert check(kiosk, "hotel_licence", id_number=RESIDENT, credit_code="91110105MA01HTL7Q5")[0] == 422
    assert check(kiosk, "residence_permit", id_number=NEWCOMER, residence_basis="lottery")[0] == 422
    assert check(kiosk, "security_guard", id_number="110105199001010011")[1]["error"] == "not_registered"
    assert check(kiosk, "security_guard", id_number="1" * 19)[0] == 422
    assert check(kiosk, "nonsense", id_number=RESIDENT)[0] == 404
    unsigned = app_client.post("/api/v1/applications/security_guard/check", json={"id_number": RESIDENT})
    assert unsigned.status_code == 401


# -- what the centre does with the delivery the citizen chose ------------------------------------
BEARER = {"Authorization": f"Bearer {OPERATOR}"}


def submit(kiosk: SignedClient, item: str, delivery: str, id_number: str, phone: str = "13912345678") -> str:
    rec = record(item_code=item)
    rec["payload"].update({"delivery": delivery, "answers": {"phone": phone},
                           "verification": {"id_number": id_number, "verdict": "match"}})
    assert kiosk.post("/api/v1/records", json=rec).status_code == 201
    return str(rec["case_number"])


def move(app_client: TestClient, number: str, status: str) -> dict:  # type: ignore[type-arg]
    r = app_client.post(f"/api/v1/cases/{number}/status", json={"status": status}, headers=BEARER)
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_a_dispenser_case_made_ready_puts_the_card_in_the_kiosk_for_its_holder(
        kiosk: SignedClient, app_client: TestClient) -> None:
    number = submit(kiosk, "HZ-0401", "dispenser", NEWCOMER)
    case = move(app_client, number, "ready_for_pickup")
    notes = " ".join(h["note"]["zh"] for h in case["history"])
    assert "自助终端取证" in notes and "号槽位" in notes
    move(app_client, number, "ready_for_pickup")  # twice: still one card waiting
    found = kiosk.post("/api/v1/collect/lookup", json={"id_number": NEWCOMER, "verification": "match"})
    assert found.status_code == 200 and found.json()["kind"] == "residence_permit"
    with app_client.app.state.sm() as s:  # type: ignore[attr-defined]
        cards = s.scalars(select(FinishedCard).where(FinishedCard.subject == NEWCOMER)).all()
    assert len(cards) == 1 and cards[0].kiosk_id == KIOSK
    sms = app_client.get("/api/v1/sms-notices", params={"case_number": number}, headers=BEARER).json()["notices"]
    assert len(sms) == 1 and "自助终端" in sms[0]["text"]["zh"] and "窗口" not in sms[0]["text"]["zh"]


def test_a_full_dispenser_is_said_in_the_case_and_a_mail_case_loads_nothing(
        kiosk: SignedClient, app_client: TestClient) -> None:
    for n in range(SLOTS):  # eight applicants' cards (made-up numbers: the dispenser takes any holder)
        move(app_client, submit(kiosk, "HZ-0103", "dispenser", f"11010519900307{n:03d}X"), "ready_for_pickup")
    full = move(app_client, submit(kiosk, "HZ-0103", "dispenser", RESIDENT), "ready_for_pickup")
    assert "槽位已满" in " ".join(h["note"]["zh"] for h in full["history"])
    mailed = move(app_client, submit(kiosk, "ZA-0201", "mail", RESIDENT), "mailed")
    assert "免费邮寄" in " ".join(h["note"]["zh"] for h in mailed["history"])
    with app_client.app.state.sm() as s:  # type: ignore[attr-defined]
        kinds = [c.kind for c in s.scalars(select(FinishedCard).where(FinishedCard.kiosk_id == KIOSK))]
    assert kinds.count("temporary_id_card") <= SLOTS and "security_guard" not in kinds
