"""No personal data in the server's logs: canary names, ID numbers and phone numbers go through
every endpoint that takes them; nothing logged at any level may contain them."""

from __future__ import annotations

import logging

import pytest

from .conftest import KIOSK, SignedClient, record

CANARY_NAME = "卡纳瑞测试员"
CANARY_ID = "11010519491231002X"
CANARY_PHONE = "13912345678"


def test_logs_never_contain_personal_data(
    kiosk: SignedClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    payload = {
        "answers": {"name": CANARY_NAME, "phone": CANARY_PHONE, "id_number": CANARY_ID},
        "verification": {"id_number": CANARY_ID, "name": CANARY_NAME},
    }
    rec = record(payload=payload)
    hdr = {"Idempotency-Key": rec["id"]}
    assert kiosk.post("/api/v1/records", json=rec, headers=hdr).status_code == 201
    assert kiosk.post("/api/v1/records", json=rec, headers=hdr).status_code == 200
    assert (
        kiosk.post("/api/v1/records", json=rec | {"item_code": "X"}, headers=hdr).status_code == 409
    )
    bad = record(payload=payload, kind="bogus")
    assert (
        kiosk.post("/api/v1/records", json=bad, headers={"Idempotency-Key": bad["id"]}).status_code
        == 422
    )
    assert (
        kiosk.get(
            "/api/v1/violations", params={"plate": "京A12345", "id_number": CANARY_ID}
        ).status_code
        == 200
    )
    # an identify session for a number the register has no photo for, and one for a demo citizen
    ident = {"id_number": CANARY_ID, "via": "typed"}
    assert kiosk.post("/api/v1/identify-sessions", json=ident).status_code == 404
    opened = kiosk.post("/api/v1/identify-sessions", json={"id_number": "110105199003071239", "via": "card"})
    assert opened.status_code == 201
    done = {"session": opened.json()["session"], "encodings": [[0.05] * 128]}
    assert kiosk.post("/api/v1/identify-sessions/verifications", json=done).json()["result"] == "no_match"
    assert (
        kiosk.get(f"/api/v1/cases/{rec['case_number']}", params={"id_last4": "002X"}).status_code
        == 200
    )
    slots = kiosk.get(
        "/api/v1/appointments/slots", params={"service": "counter", "date": "2099-01-01"}
    )
    assert slots.status_code == 200
    body = {
        "hold_id": "h-x",
        "item_code": "ZA-0201",
        "contact": {"name": CANARY_NAME, "phone": CANARY_PHONE},
    }
    assert (
        kiosk.post("/api/v1/appointments", json=body, headers={"Idempotency-Key": "k1"}).status_code
        == 404
    )
    hb = {
        "kiosk_id": KIOSK,
        "at": "2026-11-23T08:00:00Z",
        "outbox": {"depth": 0, "oldest_age_s": 0, "parked": 0},
    }
    kiosk.clock_offset = -1000
    assert kiosk.post("/api/v1/heartbeats", json=hb).status_code == 401
    # The test's own HTTP client (httpx) logs URLs on the kiosk side; the server's loggers must not.
    server_side = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    logged = "\n".join(r.getMessage() + str(r.args) for r in server_side)
    assert "record" in logged  # the server does log, by id
    assert "identify" in logged  # identify sessions are logged, without the number
    for canary in (CANARY_NAME, CANARY_ID, CANARY_PHONE, CANARY_ID[-4:] + "'", "110105199003071239",
                   opened.json()["session"]):
        assert canary not in logged
