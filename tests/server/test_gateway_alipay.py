"""Contract tests: our Alipay OpenAPI client against a local simulator that speaks the
documented wire format (form post, RSA2 over the sorted parameters, signed <method>_response),
verifies our signature with the application public key and signs with an Alipay key made here."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from server.gateways import crypto
from server.gateways.alipay import BEIJING, Alipay, AlipayConfig, response_text
from server.gateways.alipay_sim import AlipaySim
from server.gateways.base import GatewayError, State, Unreachable
from server.gateways.crypto import SignatureInvalid
from server.gateways.simhttp import LocalServer

ALI_CODE = "281234567890123456"  # 25-30 + digits (reference/devices.md §3)
APP = "2021000000000001"


@pytest.fixture(scope="module")
def keys() -> dict[str, object]:
    return {
        "app": crypto.new_rsa_key(),
        "alipay": crypto.new_rsa_key(),
        "other": crypto.new_rsa_key(),
    }


@pytest.fixture()
def sim(keys: dict[str, object]) -> Iterator[AlipaySim]:
    s = AlipaySim(APP, keys["app"].public_key(), keys["alipay"]).start()  # type: ignore[attr-defined,arg-type]
    yield s
    s.stop()


def client(sim: AlipaySim, keys: dict[str, object], **kw: object) -> Alipay:
    cfg: dict[str, object] = {
        "app_id": APP,
        "private_key": keys["app"],
        "alipay_public_key": sim.alipay_key.public_key(),
        "notify_url": "https://centre.example/notify/alipay",
        "gateway_url": sim.gateway_url,
    }
    cfg.update(kw)
    return Alipay(AlipayConfig(**cfg))  # type: ignore[arg-type]


def test_pay_query_cancel(sim: AlipaySim, keys: dict[str, object]) -> None:
    ali = client(sim, keys)
    r = ali.charge_code("K2-0001", ALI_CODE, 1550, "居民身份证补领")
    assert (r.state, r.amount_fen) == (State.PAID, 1550) and r.transaction_id
    assert ali.query("K2-0001").state == State.PAID
    ali.reverse("K2-0001")  # cancel of a paid trade refunds it (action=refund)
    assert ali.query("K2-0001").state == State.CLOSED
    assert sim.rejected == 0


def test_trade_has_success_on_a_repeated_charge_means_paid(
    sim: AlipaySim, keys: dict[str, object]
) -> None:
    ali = client(sim, keys)
    ali.charge_code("K2-0002", ALI_CODE, 800, "")
    r = ali.charge_code("K2-0002", ALI_CODE, 800, "")  # the centre retried after a lost answer
    assert (r.state, r.amount_fen) == (State.PAID, 800)


def test_wait_buyer_pay_until_confirmed(sim: AlipaySim, keys: dict[str, object]) -> None:
    sim.script = ["WAIT"]
    ali = client(sim, keys)
    assert ali.charge_code("K2-0003", ALI_CODE, 800, "").state == State.USER_PAYING
    q = ali.query("K2-0003")
    assert (q.state, q.reason) == (State.PENDING, "WAIT_BUYER_PAY")
    sim.confirm("K2-0003")
    assert ali.query("K2-0003").state == State.PAID


def test_system_error_is_unknown_and_declined_is_failed(
    sim: AlipaySim, keys: dict[str, object]
) -> None:
    sim.script = ["SYSTEM_ERROR", "NOT_ENOUGH"]
    ali = client(sim, keys)
    r = ali.charge_code("K2-0004", ALI_CODE, 800, "")
    assert (r.state, r.reason) == (State.UNKNOWN, "ACQ.SYSTEM_ERROR")
    assert ali.query("K2-0004").state == State.PAID
    r = ali.charge_code("K2-0005", ALI_CODE, 800, "")
    assert (r.state, r.reason) == (State.FAILED, "ACQ.BUYER_BALANCE_NOT_ENOUGH")
    q = ali.query("K2-NEVER")
    assert (q.state, q.reason) == (State.NOT_FOUND, "ACQ.TRADE_NOT_EXIST")
    ali.reverse("K2-NEVER")


def test_precreate_refund(sim: AlipaySim, keys: dict[str, object]) -> None:
    ali = client(sim, keys)
    qr = ali.create_qr("Q2-0001", 3000, "出入境证件", datetime.now(UTC) + timedelta(minutes=5))
    assert qr.startswith("https://qr.alipay.com/")
    assert ali.query("Q2-0001").state == State.PENDING
    sim.confirm("Q2-0001")
    assert ali.refund("Q2-0001", "R-Q2-0001", 3000, 3000) == State.REFUNDED
    assert ali.query("Q2-0001").state == State.CLOSED


def test_our_wrong_signature_is_refused(sim: AlipaySim, keys: dict[str, object]) -> None:
    ali = client(sim, keys, private_key=keys["other"])
    with pytest.raises(GatewayError) as exc:
        ali.query("K2-0001")
    assert exc.value.code == "isv.invalid-signature"
    assert ali.charge_code("K2-0009", ALI_CODE, 100, "").state == State.UNKNOWN
    assert sim.rejected == 2 and "K2-0009" not in sim.trades


def test_answer_with_wrong_signature_is_not_trusted(
    sim: AlipaySim, keys: dict[str, object]
) -> None:
    sim.sign_with = keys["other"]  # type: ignore[assignment]
    ali = client(sim, keys)
    assert ali.charge_code("K2-0010", ALI_CODE, 100, "").state == State.UNKNOWN
    with pytest.raises(SignatureInvalid):
        ali.query("K2-0010")


def test_response_text_is_the_exact_signed_substring() -> None:
    body = '{"alipay_trade_query_response":{"code":"10000","msg":"Success","total_amount":"1.00"},"sign":"x"}'
    assert (
        response_text(body, "alipay_trade_query_response")
        == '{"code":"10000","msg":"Success","total_amount":"1.00"}'
    )


def test_notify_verified_and_tamper_refused(sim: AlipaySim, keys: dict[str, object]) -> None:
    ali = client(sim, keys)
    ali.create_qr("Q2-0002", 1200, "", datetime.now(UTC) + timedelta(minutes=5))
    sim.confirm("Q2-0002")
    seen: dict[str, bytes] = {}

    def capture(method, target, headers, body):  # type: ignore[no-untyped-def]
        seen["body"] = body
        return 200, {}, b"success"

    rx = LocalServer(capture).start()
    try:
        sim.notify(rx.url, "Q2-0002")
        r = ali.parse_notify({}, seen["body"])
        assert (r.order_id, r.state, r.amount_fen) == ("Q2-0002", State.PAID, 1200)
        sim.notify(rx.url, "Q2-0002", tamper=True)
        with pytest.raises(SignatureInvalid):
            ali.parse_notify({}, seen["body"])
    finally:
        rx.stop()


def test_bill_zip_download(sim: AlipaySim, keys: dict[str, object]) -> None:
    ali = client(sim, keys)
    ali.charge_code("K2-0020", ALI_CODE, 1550, "")
    ali.create_qr("Q2-0020", 900, "", datetime.now(UTC) + timedelta(minutes=5))
    sim.confirm("Q2-0020")
    ali.refund("Q2-0020", "R-Q2-0020", 900, 900)
    rows = ali.bill(datetime.now(BEIJING).date())
    assert sorted((r.order_id, r.kind, r.amount_fen) for r in rows) == [
        ("K2-0020", "pay", 1550),
        ("Q2-0020", "pay", 900),
        ("Q2-0020", "refund", 900),
    ]
    assert ali.bill(date(2020, 1, 1)) == []


def test_check_against_simulator_and_closed_port(sim: AlipaySim, keys: dict[str, object]) -> None:
    assert "ACQ.TRADE_NOT_EXIST" in client(sim, keys).check()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(Unreachable):
        client(sim, keys, gateway_url=f"http://127.0.0.1:{port}/gateway.do").check()
