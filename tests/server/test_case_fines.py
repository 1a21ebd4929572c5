"""Fines paid through a case: a submission's payload.payments[].violations are marked paid with
the case, exactly once; anything odd is accepted and flagged for staff, never refused."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from server.db import Violation, ViolationPayment, make_engine, make_sessionmaker
from server.records import case_payment_key

from .conftest import SignedClient, record

V1, V2 = "V2026110001", "V2026110002"  # demo data: 200 yuan each
FINE = 20000


def _post(kiosk: SignedClient, rec: dict[str, Any]) -> httpx.Response:
    return kiosk.post("/api/v1/records", json=rec, headers={"Idempotency-Key": str(rec["id"])})


def _fine_record(violations: Any, amount_fen: Any, ref: str = "TX-0001", **over: Any) -> dict:
    rec = record(**({"item_code": "JG-0101"} | over))
    rec["payload"]["payments"] = [
        {
            "payment_ref": ref,
            "order_id": f"ord-{ref}",
            "method": "qr",
            "amount_fen": amount_fen,
            "violations": violations,
        }
    ]
    return rec


def _db(db_url: str) -> tuple[dict[str, bool], dict[str, tuple[str, int]]]:
    """(paid flag per violation, {violation id: (payment key, amount)})."""
    engine = make_engine(db_url)
    try:
        with make_sessionmaker(engine)() as s:
            paid = {v.id: v.paid for v in s.scalars(select(Violation))}
            rows = {
                p.violation_id: (p.payment_ref, p.amount_fen)
                for p in s.scalars(select(ViolationPayment))
            }
            return paid, rows
    finally:
        engine.dispose()


def _notes(kiosk: SignedClient, rec: dict[str, Any]) -> list[str]:
    resp = kiosk.get(f"/api/v1/cases/{rec['case_number']}", params={"id_last4": "1239"})
    assert resp.status_code == 200, resp.text
    return [h["note"]["en"] for h in resp.json()["history"]]


def test_one_payment_pays_two_violations_once(kiosk: SignedClient, db_url: str) -> None:
    rec = _fine_record([V1, V2], 2 * FINE)
    first = _post(kiosk, rec)
    assert first.status_code == 201, first.text
    paid, rows = _db(db_url)
    assert paid[V1] and paid[V2]
    assert rows == {V1: (f"TX-0001:{V1}", FINE), V2: (f"TX-0001:{V2}", FINE)}
    notes = _notes(kiosk, rec)
    assert any(f"Traffic fines paid: {V1}, {V2}" in n for n in notes)
    assert not any("To be checked" in n for n in notes)
    # The idempotent resend: the first answer, nothing paid or noted twice.
    again = _post(kiosk, rec)
    assert again.status_code == 200 and again.json() == first.json()
    assert _db(db_url)[1] == rows and _notes(kiosk, rec) == notes
    # The same session's other case carries the same payment: no flag, no second row.
    sibling = _fine_record([V1, V2], 2 * FINE, item_code="ZA-0101")
    assert _post(kiosk, sibling).status_code == 201
    assert _db(db_url)[1] == rows
    assert not any("To be checked" in n for n in _notes(kiosk, sibling))
    # The direct endpoint now says already paid, as for any paid violation.
    direct = kiosk.post(
        f"/api/v1/violations/{V1}/payments", json={"payment_ref": "TX-9", "amount_fen": FINE}
    )
    assert direct.status_code == 409


def test_violation_already_paid_is_accepted_and_flagged(
    kiosk: SignedClient, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    direct = kiosk.post(
        f"/api/v1/violations/{V1}/payments", json={"payment_ref": "TX-EARLIER", "amount_fen": FINE}
    )
    assert direct.status_code == 200, direct.text
    caplog.set_level(logging.INFO)
    rec = _fine_record([V1, V2], 2 * FINE)
    assert _post(kiosk, rec).status_code == 201
    paid, rows = _db(db_url)
    assert rows[V1] == ("TX-EARLIER", FINE)  # the earlier payment stays as it was
    assert rows[V2] == (f"TX-0001:{V2}", FINE) and paid[V2]
    notes = _notes(kiosk, rec)
    assert any("To be checked" in n and V1 in n and "already paid" in n for n in notes)
    assert any(f"Traffic fines paid: {V2}" in n for n in notes)
    assert any(
        r.levelname == "WARNING" and V1 in r.getMessage() and rec["id"] in r.getMessage()
        for r in caplog.records
    )
    # The same payment reference as the direct call: the same payment, nothing to check.
    same = _fine_record([V1], FINE, ref="TX-EARLIER")
    assert _post(kiosk, same).status_code == 201
    assert not any("To be checked" in n for n in _notes(kiosk, same))


def test_unknown_violation_and_wrong_amount_are_flagged_not_refused(
    kiosk: SignedClient, db_url: str
) -> None:
    rec = _fine_record([V1, "V-NO-SUCH"], FINE + 5000)
    assert _post(kiosk, rec).status_code == 201
    paid, rows = _db(db_url)
    assert paid[V1] and set(rows) == {V1}
    notes = _notes(kiosk, rec)
    assert any("V-NO-SUCH" in n and "not found" in n for n in notes)
    assert any("25000 fen" in n and "20000 fen" in n for n in notes)

    wrong = _fine_record([V2], 100)
    assert _post(kiosk, wrong).status_code == 201
    assert _db(db_url)[0][V2]  # paid at the kiosk: marked, and the amount flagged
    assert any("100 fen" in n and "To be checked" in n for n in _notes(kiosk, wrong))


@pytest.mark.parametrize("violations", ["V2026110001", [1, None], {"id": V1}, [""]])
def test_malformed_violations_never_refuse_the_record(
    kiosk: SignedClient, db_url: str, violations: Any
) -> None:
    rec = _fine_record(violations, "lots")
    assert _post(kiosk, rec).status_code == 201
    assert _db(db_url)[1] == {}
    assert any("To be checked" in n for n in _notes(kiosk, rec))


def test_gateway_order_not_paid_marks_nothing(kiosk: SignedClient, db_url: str) -> None:
    qr = kiosk.post(
        "/api/v1/pay/qr", json={"order_id": "ord-open-1", "amount_fen": FINE, "description": "x"}
    )
    assert qr.status_code in (200, 201), qr.text
    rec = _fine_record([V1], FINE, ref="ord-open-1")
    assert _post(kiosk, rec).status_code == 201
    paid, rows = _db(db_url)
    assert not paid[V1] and rows == {}
    assert any("pending" in n and "not marked paid" in n for n in _notes(kiosk, rec))


def test_long_reference_key_fits_the_column() -> None:
    key = case_payment_key("R" * 64, V1)
    assert len(key) <= 64 and key.endswith(f":{V1}")
    assert case_payment_key("TX-1", V1) == f"TX-1:{V1}"
