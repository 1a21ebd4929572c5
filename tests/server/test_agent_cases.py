"""A case submitted by an agent (代办) says so in its history, and asks staff to check the
relationship where the kiosk marked it (catalog agent rule with staff_check)."""

from __future__ import annotations

from .conftest import SignedClient, record


def _history(kiosk: SignedClient, number: str) -> list[dict]:  # type: ignore[type-arg]
    got = kiosk.get(f"/api/v1/cases/{number}", params={"id_last4": "1239"})
    assert got.status_code == 200, got.text
    return list(got.json()["history"])


def test_agent_case_is_marked_for_a_staff_check(kiosk: SignedClient) -> None:
    rec = record(item_code="HZ-0102")
    rec["payload"].update({"acting_for": "guardian", "staff_check": True,
                           "on_behalf": {"relationship": "guardian", "principal_name": "测试小",
                                         "principal_id_number": "110105201501010025"}})
    assert kiosk.post("/api/v1/records", json=rec, headers={"Idempotency-Key": rec["id"]}).status_code == 201
    notes = [h["note"]["zh"] for h in _history(kiosk, rec["case_number"])]
    assert any("代办（监护人）" in n and "人工核验" in n for n in notes)
    assert all("测试小" not in n for n in notes)  # the principal's name is not in the history


def test_agent_without_staff_check_and_a_citizen_in_person(kiosk: SignedClient) -> None:
    rec = record()
    rec["payload"].update({"acting_for": "spouse", "staff_check": False})
    kiosk.post("/api/v1/records", json=rec, headers={"Idempotency-Key": rec["id"]})
    notes = [h["note"]["zh"] for h in _history(kiosk, rec["case_number"])]
    assert "代办（配偶）" in notes and not any("人工核验" in n for n in notes)
    own = record()
    kiosk.post("/api/v1/records", json=own, headers={"Idempotency-Key": own["id"]})
    assert not any("代办" in h["note"]["zh"] for h in _history(kiosk, own["case_number"]))


def test_batch_path_notes_it_too(kiosk: SignedClient) -> None:
    rec = record(item_code="HZ-0102")
    rec["payload"].update({"acting_for": "parent", "staff_check": True})
    resp = kiosk.post("/api/v1/records:batch", json={"records": [rec]})
    assert resp.status_code in (200, 207), resp.text
    assert any("代办（父母）" in h["note"]["zh"] for h in _history(kiosk, rec["case_number"]))
