"""The simulated QR gateway as the payment step drives it."""

from __future__ import annotations

from .conftest import SignedClient

QR = "/api/v1/pay/qr"


def _order(kiosk: SignedClient, oid: str, amount: int = 2000) -> dict[str, str]:
    resp = kiosk.post(QR, json={"order_id": oid, "amount_fen": amount, "description": "工本费"})
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def test_pay_flow(kiosk: SignedClient) -> None:
    order = _order(kiosk, "O-1")
    assert order["qr_text"] and order["expires_at"].endswith("Z")
    assert _order(kiosk, "O-1") == order  # idempotent on order_id
    assert (
        kiosk.post(QR, json={"order_id": "O-1", "amount_fen": 1, "description": "x"}).status_code
        == 409
    )
    status = kiosk.get(f"{QR}/O-1").json()
    assert status["status"] == "pending" and status["paid_at"] is None
    paid = kiosk.post(f"{QR}/O-1/simulate", json={"outcome": "paid"}).json()
    assert paid["status"] == "paid" and paid["transaction_id"] and paid["paid_at"]
    assert kiosk.get(f"{QR}/O-1").json() == paid
    # Money moved: cancelling now must not pretend otherwise.
    assert kiosk.post(f"{QR}/O-1/cancel").status_code == 409


def test_cancel_and_expire(kiosk: SignedClient) -> None:
    _order(kiosk, "O-2")
    assert kiosk.post(f"{QR}/O-2/cancel").json()["status"] == "cancelled"
    assert kiosk.post(f"{QR}/O-2/simulate", json={"outcome": "paid"}).status_code == 409
    _order(kiosk, "O-3")
    assert (
        kiosk.post(f"{QR}/O-3/simulate", json={"outcome": "expired"}).json()["status"] == "expired"
    )
    assert kiosk.get(f"{QR}/O-404").status_code == 404


def test_order_expires_by_time(kiosk: SignedClient, db_url: str) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from server.db import QrOrder, make_engine, make_sessionmaker

    _order(kiosk, "O-4")
    engine = make_engine(db_url)
    with make_sessionmaker(engine).begin() as s:
        s.execute(
            update(QrOrder)
            .where(QrOrder.order_id == "O-4")
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    engine.dispose()
    assert kiosk.get(f"{QR}/O-4").json()["status"] == "expired"


def test_concurrent_twins_get_one_answer(live: object) -> None:
    """Retries that overlap (a kiosk timed out and resent) never cause a 500 or a double."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from .conftest import KIOSK

    srv, secret = live  # type: ignore[misc]

    def fire(method: str, url: str, body: dict[str, object]) -> list[tuple[int, str]]:
        barrier = threading.Barrier(6)

        def one(_: int) -> tuple[int, str]:
            with httpx.Client(base_url=srv.url, timeout=30) as http:
                c = SignedClient(http, KIOSK, secret)
                barrier.wait()
                resp = c.request(method, url, json=body)
                return resp.status_code, resp.text

        with ThreadPoolExecutor(6) as pool:
            return list(pool.map(one, range(6)))

    orders = fire("POST", QR, {"order_id": "O-twin", "amount_fen": 500, "description": "x"})
    assert {code for code, _ in orders} == {200} and len({t for _, t in orders}) == 1, orders
    charges = fire(
        "POST",
        "/api/v1/pay/code",
        {"order_id": "C-twin", "auth_code": "134567890123456789", "amount_fen": 500},
    )
    assert {code for code, _ in charges} == {200} and len({t for _, t in charges}) == 1, charges
    reverses = fire("POST", "/api/v1/pay/code/C-twin-lost/reverse", {})
    assert {code for code, _ in reverses} == {200} and len({t for _, t in reverses}) == 1, reverses
    pays = fire(
        "POST",
        "/api/v1/violations/V2026110003/payments",
        {"payment_ref": "P-twin", "amount_fen": 20000},
    )
    assert {code for code, _ in pays} == {200} and len({t for _, t in pays}) == 1, pays


def test_qr_refund(kiosk: SignedClient) -> None:
    _order(kiosk, "O-r1")
    refused = kiosk.post(f"{QR}/O-r1/refund")
    assert refused.status_code == 409 and refused.json()["error"] == "not_paid"
    kiosk.post(f"{QR}/O-r1/simulate", json={"outcome": "paid"})
    refunded = kiosk.post(f"{QR}/O-r1/refund")
    assert refunded.status_code == 200, refunded.text
    body = refunded.json()
    assert body["status"] == "refunded" and body["transaction_id"] and body["paid_at"]
    assert kiosk.post(f"{QR}/O-r1/refund").json() == body  # idempotent
    assert kiosk.get(f"{QR}/O-r1").json() == body
    assert kiosk.post(f"{QR}/O-r1/cancel").json()["status"] == "refunded"  # nothing to cancel
    _order(kiosk, "O-r2")
    kiosk.post(f"{QR}/O-r2/cancel")
    assert kiosk.post(f"{QR}/O-r2/refund").json()["error"] == "not_paid"
    assert kiosk.post(f"{QR}/O-r404/refund").status_code == 404


# -- payment code (micropay) --------------------------------------------------------------------

CODE = "/api/v1/pay/code"
WECHAT = "134567890123456789"  # 18 digits, 10-15
ALIPAY = "2812345678901234"  # 16-24 digits, 25-30
UNIONPAY = "6212345678901234567"  # 19 digits, 62


def _body(
    oid: str, code: str = WECHAT, amount: int = 2000, desc: str = "工本费"
) -> dict[str, object]:
    return {"order_id": oid, "auth_code": code, "amount_fen": amount, "description": desc}


def _charge(
    kiosk: SignedClient, oid: str, code: str = WECHAT, amount: int = 2000, desc: str = "工本费"
) -> dict[str, object]:
    resp = kiosk.post(CODE, json=_body(oid, code, amount, desc))
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def _script(kiosk: SignedClient, *steps: str) -> None:
    resp = kiosk.post(f"{CODE}/script", json={"steps": list(steps)})
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"steps": list(steps)}


def test_code_paid_and_idempotent(kiosk: SignedClient) -> None:
    first = _charge(kiosk, "C-1")
    assert first["result"] == "paid" and first["transaction_id"] and first["order_id"] == "C-1"
    assert _charge(kiosk, "C-1") == first  # a retry: same answer, no second charge
    status = kiosk.get(f"{CODE}/C-1").json()
    assert status == {
        "order_id": "C-1",
        "status": "paid",
        "amount_fen": 2000,
        "transaction_id": first["transaction_id"],
        "paid_at": status["paid_at"],
    }
    assert status["paid_at"].endswith("Z")
    for changed in (
        {"auth_code": "134567890123456780"},
        {"amount_fen": 2001},
        {"description": "other"},
    ):
        resp = kiosk.post(CODE, json={**_body("C-1"), **changed})
        assert resp.status_code == 409 and resp.json()["error"] == "conflict", changed
    assert kiosk.get(f"{CODE}/C-404").status_code == 404
    # every scheme's code is accepted
    assert _charge(kiosk, "C-ali", ALIPAY)["result"] == "paid"
    assert _charge(kiosk, "C-ali24", "30" + "1" * 22)["result"] == "paid"
    assert _charge(kiosk, "C-up", UNIONPAY)["result"] == "paid"


def test_code_validation(kiosk: SignedClient) -> None:
    bad_codes = [
        "",
        "12345",
        "164567890123456789",  # 18 digits but 16 is no WeChat prefix
        "13456789012345678",  # 17 digits
        "1345678901234567890",  # 19 digits starting 13
        "281234567890123",  # Alipay too short
        "2812345678901234567890123",  # Alipay too long
        "3112345678901234",  # 31 is no Alipay prefix
        "621234567890123456",  # UnionPay 18 digits
        "13456789012345678x",
        "１３４５６７８９０１２３４５６７８９",  # full-width digits
    ]
    for code in bad_codes:
        resp = kiosk.post(CODE, json=_body("C-bad", code))
        assert resp.status_code == 422, code
        assert code not in resp.text or not code  # the input is never echoed
    for amount in (0, -1):
        resp = kiosk.post(CODE, json=_body("C-bad", amount=amount))
        assert resp.status_code == 422
    assert kiosk.get(f"{CODE}/C-bad").status_code == 404  # nothing was made


def test_code_declined(kiosk: SignedClient) -> None:
    _script(kiosk, "declined", "paid")
    declined = _charge(kiosk, "C-d1")
    assert declined["result"] == "failed" and declined["transaction_id"] is None
    assert declined["reason"] == "insufficient_balance"
    assert _charge(kiosk, "C-d1") == declined  # the retry neither charges nor uses a step
    assert kiosk.get(f"{CODE}/C-d1").json()["status"] == "failed"
    assert _charge(kiosk, "C-d2")["result"] == "paid"  # next step, then it repeats
    assert _charge(kiosk, "C-d3")["result"] == "paid"


def test_code_user_paying_then_paid_at_second_query(kiosk: SignedClient) -> None:
    _script(kiosk, "user_paying")
    answer = _charge(kiosk, "C-u1")
    assert answer["result"] == "user_paying" and answer["transaction_id"] is None
    assert answer["reason"] == "waiting_for_password"
    first = kiosk.get(f"{CODE}/C-u1").json()
    assert first["status"] == "user_paying" and first["paid_at"] is None
    second = kiosk.get(f"{CODE}/C-u1").json()
    assert second["status"] == "paid" and second["transaction_id"] and second["paid_at"]
    assert kiosk.get(f"{CODE}/C-u1").json() == second
    assert _charge(kiosk, "C-u1")["result"] == "paid"  # a late retry sees the current state


def test_code_user_paying_forever_is_reversed(kiosk: SignedClient) -> None:
    _script(kiosk, "user_paying_forever")
    assert _charge(kiosk, "C-f1")["result"] == "user_paying"
    for _ in range(5):
        assert kiosk.get(f"{CODE}/C-f1").json()["status"] == "user_paying"
    reversed_ = kiosk.post(f"{CODE}/C-f1/reverse")
    assert reversed_.status_code == 200 and reversed_.json() == {
        "order_id": "C-f1",
        "status": "reversed",
    }
    assert kiosk.get(f"{CODE}/C-f1").json()["status"] == "reversed"
    assert kiosk.post(f"{CODE}/C-f1/reverse").json()["status"] == "reversed"  # idempotent
    again = kiosk.post(CODE, json=_body("C-f1"))
    assert again.status_code == 409 and again.json()["error"] == "order_reversed"


def test_code_system_error_with_and_without_money(kiosk: SignedClient) -> None:
    _script(kiosk, "system_error", "system_error_unpaid")
    moved = _charge(kiosk, "C-s1")
    assert moved["result"] == "system_error" and moved["transaction_id"] is None
    assert moved["reason"] == "system_error"
    status = kiosk.get(f"{CODE}/C-s1").json()
    assert status["status"] == "paid" and status["transaction_id"] and status["amount_fen"] == 2000
    unpaid = _charge(kiosk, "C-s2")
    assert unpaid["result"] == "system_error"
    assert kiosk.get(f"{CODE}/C-s2").json()["status"] == "failed"
    assert _charge(kiosk, "C-s1")["result"] == "paid"  # a resend answers the current state
    assert _charge(kiosk, "C-s2")["reason"] == "payment_failed"
    # the paid one is reversed: the money goes back
    assert kiosk.post(f"{CODE}/C-s1/reverse").json()["status"] == "reversed"
    after = kiosk.get(f"{CODE}/C-s1").json()
    assert after["status"] == "reversed" and after["transaction_id"] == status["transaction_id"]


def test_code_reverse_paid_order(kiosk: SignedClient) -> None:
    paid = _charge(kiosk, "C-p1")
    assert kiosk.post(f"{CODE}/C-p1/reverse").json() == {"order_id": "C-p1", "status": "reversed"}
    status = kiosk.get(f"{CODE}/C-p1").json()
    assert status["status"] == "reversed" and status["transaction_id"] == paid["transaction_id"]
    resp = kiosk.post(CODE, json=_body("C-p1"))
    assert resp.status_code == 409 and resp.json()["error"] == "order_reversed"


def test_code_reverse_before_the_charge_arrives_refuses_the_late_charge(
    kiosk: SignedClient,
) -> None:
    # The kiosk's charge request was lost (or is still on its way); it gives up and reverses.
    resp = kiosk.post(f"{CODE}/C-late/reverse")
    assert resp.status_code == 200 and resp.json() == {"order_id": "C-late", "status": "reversed"}
    assert kiosk.get(f"{CODE}/C-late").json()["status"] == "reversed"
    late = kiosk.post(CODE, json=_body("C-late", desc=""))
    assert late.status_code == 409 and late.json()["error"] == "order_reversed"
    assert kiosk.post(f"{CODE}/C-late/reverse").status_code == 200  # still idempotent


def test_code_reverse_fails_twice_then_succeeds(kiosk: SignedClient) -> None:
    _script(kiosk, "reverse_fails")
    assert _charge(kiosk, "C-rf")["result"] == "paid"
    for _ in range(2):
        resp = kiosk.post(f"{CODE}/C-rf/reverse")
        assert resp.status_code == 503 and resp.json() == {"error": "reverse_failed"}
        assert kiosk.get(f"{CODE}/C-rf").json()["status"] == "paid"  # nothing returned yet
    assert kiosk.post(f"{CODE}/C-rf/reverse").json()["status"] == "reversed"
    assert kiosk.get(f"{CODE}/C-rf").json()["status"] == "reversed"
    assert kiosk.post(f"{CODE}/C-rf/reverse").status_code == 200


def test_code_orders_belong_to_their_kiosk(
    kiosk: SignedClient, settings: object, app_client: object
) -> None:
    from server.app import add_kiosk

    _charge(kiosk, "C-own")
    secret = add_kiosk(settings, "other-kiosk")  # type: ignore[arg-type]
    other = SignedClient(app_client, "other-kiosk", secret)  # type: ignore[arg-type]
    assert other.get(f"{CODE}/C-own").status_code == 404
    assert other.post(f"{CODE}/C-own/reverse").status_code == 404
    resp = other.post(CODE, json=_body("C-own"))
    assert resp.status_code == 409
    assert kiosk.get(f"{CODE}/C-own").json()["status"] == "paid"
    # scripts are per kiosk
    _script(other, "declined")
    assert _charge(kiosk, "C-own2")["result"] == "paid"
    assert _charge(other, "C-oth")["result"] == "failed"


def test_code_script_is_demo_only_and_validated(kiosk: SignedClient, sqlite_url: str) -> None:
    from fastapi.testclient import TestClient

    from server.app import add_kiosk, create_app

    from .conftest import KIOSK, make_settings

    assert kiosk.post(f"{CODE}/script", json={"steps": ["lottery"]}).status_code == 422
    assert kiosk.post(f"{CODE}/script", json={"steps": []}).status_code == 422
    cfg = make_settings(sqlite_url)
    cfg = type(cfg)(**{**cfg.__dict__, "demo": False})
    app = create_app(cfg)
    with TestClient(app) as tc:
        prod = SignedClient(tc, KIOSK, add_kiosk(cfg, KIOSK))
        assert prod.post(f"{CODE}/script", json={"steps": ["declined"]}).status_code == 404
        assert _charge(prod, "C-prod")["result"] == "paid"
    app.state.engine.dispose()


def test_payment_code_is_never_stored_or_logged(
    kiosk: SignedClient, settings: object, caplog: object
) -> None:
    import logging
    from pathlib import Path

    import pytest

    caplog.set_level(logging.DEBUG)  # type: ignore[attr-defined]
    db_url = str(settings.db_url)  # type: ignore[attr-defined]
    if not db_url.startswith("sqlite"):
        pytest.skip("reads the SQLite file")
    codes = [WECHAT, ALIPAY, UNIONPAY]
    _script(kiosk, "paid", "user_paying", "declined")
    for i, code in enumerate(codes):
        _charge(kiosk, f"C-priv{i}", code)
        _charge(kiosk, f"C-priv{i}", code)  # the idempotent path too
        kiosk.get(f"{CODE}/C-priv{i}")
    bad = "164567890123456789"
    assert kiosk.post(CODE, json=_body("C-x", bad)).status_code == 422
    conflict = kiosk.post(
        CODE, json={"order_id": "C-priv0", "auth_code": "104567890123456789", "amount_fen": 2000}
    )
    assert conflict.status_code == 409 and "104567890123456789" not in conflict.text
    kiosk.post(f"{CODE}/C-priv0/reverse")
    db = Path(db_url.removeprefix("sqlite:///"))
    stored = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    logged = caplog.text  # type: ignore[attr-defined]
    assert "code order C-priv0" in logged  # the log was captured at all
    for code in [*codes, bad, "104567890123456789"]:
        assert code.encode() not in stored, code
        assert code not in logged, code
    import hashlib

    assert hashlib.sha256(WECHAT.encode()).hexdigest().encode() in stored  # only the hash


def test_violation_paid_with_a_code_order_only_once_it_is_paid(kiosk: SignedClient) -> None:
    url = "/api/v1/violations/V2026110003/payments"
    _script(kiosk, "user_paying", "paid")
    _charge(kiosk, "C-v1", amount=20000)
    refused = kiosk.post(url, json={"payment_ref": "C-v1", "amount_fen": 20000})
    assert refused.status_code == 409 and refused.json()["error"] == "payment_not_completed"
    kiosk.get(f"{CODE}/C-v1")
    assert kiosk.get(f"{CODE}/C-v1").json()["status"] == "paid"
    assert kiosk.post(url, json={"payment_ref": "C-v1", "amount_fen": 20000}).status_code == 200
