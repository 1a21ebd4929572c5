"""SMS notice when the certificate is ready: recorded once per case and status when the
submission gave a mobile number; masked on the operator page, in full only through the
operator API, never in the log."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from .conftest import OPERATOR, SignedClient, operator_login, record

PHONE = "13912345678"
BEARER = {"Authorization": f"Bearer {OPERATOR}"}


def _submit(kiosk: SignedClient, answers: dict[str, Any]) -> str:
    rec = record()
    rec["payload"]["answers"] = {"id_number": "110105199003071239", **answers}
    resp = kiosk.post("/api/v1/records", json=rec, headers={"Idempotency-Key": rec["id"]})
    assert resp.status_code == 201, resp.text
    return str(rec["case_number"])


def _move(kiosk: SignedClient, case_number: str, status: str) -> None:
    resp = kiosk.http.post(
        f"/api/v1/cases/{case_number}/status", json={"status": status}, headers=BEARER
    )
    assert resp.status_code == 200, resp.text


def _notices(kiosk: SignedClient, case_number: str) -> list[dict[str, Any]]:
    resp = kiosk.http.get(
        "/api/v1/sms-notices",
        params={"case_number": case_number, "full_phone": "1"},  # as the SMS gateway asks
        headers=BEARER,
    )
    assert resp.status_code == 200, resp.text
    return list(resp.json()["notices"])


def test_ready_for_pickup_records_one_notice(
    kiosk: SignedClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    number = _submit(kiosk, {"name": "测试甲", "phone": "139 1234 5678"})
    _move(kiosk, number, "in_review")
    assert _notices(kiosk, number) == []
    _move(kiosk, number, "ready_for_pickup")
    _move(kiosk, number, "ready_for_pickup")  # the same status again: nothing new
    notices = _notices(kiosk, number)
    assert len(notices) == 1
    n = notices[0]
    assert n["phone"] == PHONE and n["status"] == "recorded" and n["trigger"] == "ready_for_pickup"
    assert number in n["text"]["zh"] and "领取" in n["text"]["zh"] and number in n["text"]["en"]
    assert n["created_at"].endswith("Z")

    operator_login(kiosk.http)
    page = kiosk.http.get(f"/cases/{number}").text  # the staff console's case page lists its notices
    assert "139****5678" in page and PHONE not in page and number in page
    assert "待发送" in page  # its state in words (recorded: the sender, kiosk-server send-sms, has not sent it yet)

    # Posted later: the mail notice is a second, different one (the operator page form too).
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    resp = kiosk.http.post(
        f"/operator/cases/{number}/status",
        content=b"status=mailed",
        headers=form,
        follow_redirects=False,
    )
    assert resp.status_code == 303
    notices = _notices(kiosk, number)
    assert [x["trigger"] for x in notices] == ["mailed", "ready_for_pickup"]
    assert "邮寄" in notices[0]["text"]["zh"]

    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert "SMS notice recorded" in logged
    assert PHONE not in logged and "139 1234 5678" not in logged


def test_no_phone_no_notice(kiosk: SignedClient) -> None:
    number = _submit(kiosk, {"name": "测试甲"})
    _move(kiosk, number, "ready_for_pickup")
    assert _notices(kiosk, number) == []
    bad = _submit(kiosk, {"phone": "12345"})  # not a mobile number
    _move(kiosk, bad, "ready_for_pickup")
    assert _notices(kiosk, bad) == []
    # A demo case has no submission record at all.
    _move(kiosk, "K01-20261115-0003", "ready_for_pickup")
    assert _notices(kiosk, "K01-20261115-0003") == []
    operator_login(kiosk.http)
    for case in (number, bad):
        page = kiosk.http.get(f"/cases/{case}").text
        assert "id=sms-notices" not in page and "139****" not in page  # no notice listed for it


def test_sms_notices_need_the_operator_token(kiosk: SignedClient) -> None:
    assert kiosk.http.get("/api/v1/sms-notices").status_code == 401
    wrong = {"Authorization": "Bearer wrong"}
    assert kiosk.http.get("/api/v1/sms-notices", headers=wrong).status_code == 401
    assert kiosk.get("/api/v1/sms-notices").status_code == 401  # a kiosk signature is not enough
    assert kiosk.http.get("/api/v1/sms-notices", headers=BEARER).json() == {"notices": []}
