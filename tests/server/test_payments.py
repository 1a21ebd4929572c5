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
    pays = fire(
        "POST",
        "/api/v1/violations/V2026110003/payments",
        {"payment_ref": "P-twin", "amount_fen": 20000},
    )
    assert {code for code, _ in pays} == {200} and len({t for _, t in pays}) == 1, pays
