"""Contract tests: our WeChat Pay v3 client against a local simulator that speaks the documented
wire format, verifies our signatures with the merchant public key and signs its answers with a
platform key generated here."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from server.gateways import crypto
from server.gateways.base import State
from server.gateways.crypto import SignatureInvalid
from server.gateways.wechat import WechatConfig, WechatPay
from server.gateways.wechat_sim import BEIJING, WechatSim

WX_CODE = "134567890123456789"  # 18 digits starting 13 (reference/devices.md §3)


@pytest.fixture(scope="module")
def keys() -> dict[str, object]:
    return {
        "merchant": crypto.new_rsa_key(),
        "platform": crypto.new_rsa_key(),
        "other": crypto.new_rsa_key(),
    }


@pytest.fixture()
def sim(keys: dict[str, object]) -> Iterator[WechatSim]:
    s = WechatSim(
        "1900000001",
        "wx0000000000000001",
        keys["merchant"].public_key(),
        "MCHSERIAL01",  # type: ignore[attr-defined]
        b"k" * 32,
        keys["platform"],
    ).start()  # type: ignore[arg-type]
    yield s
    s.stop()


def client(sim: WechatSim, keys: dict[str, object], **kw: object) -> WechatPay:
    cfg = {
        "mchid": sim.mchid,
        "appid": sim.appid,
        "serial_no": "MCHSERIAL01",
        "private_key": keys["merchant"],
        "apiv3_key": sim.apiv3_key,
        "platform_serial": sim.platform_serial,
        "platform_key": sim.platform_key.public_key(),
        "notify_url": "https://centre.example/notify/wechat",
        "base_url": sim.url,
    }
    cfg.update(kw)
    return WechatPay(WechatConfig(**cfg))  # type: ignore[arg-type]


def test_codepay_paid_then_query_and_reverse(sim: WechatSim, keys: dict[str, object]) -> None:
    wx = client(sim, keys)
    r = wx.charge_code("K1-0001", WX_CODE, 1500, "居民身份证补领")
    assert (r.state, r.amount_fen) == (State.PAID, 1500) and r.transaction_id
    assert wx.query("K1-0001").state == State.PAID
    wx.reverse("K1-0001")
    assert wx.query("K1-0001").state == State.CLOSED  # REVOKED: the money went back
    assert sim.rejected == 0


def test_codepay_userpaying_until_the_citizen_confirms(
    sim: WechatSim, keys: dict[str, object]
) -> None:
    sim.script = ["USERPAYING"]
    wx = client(sim, keys)
    assert wx.charge_code("K1-0002", WX_CODE, 2000, "").state == State.USER_PAYING
    assert wx.query("K1-0002").state == State.USER_PAYING
    sim.confirm("K1-0002")
    assert wx.query("K1-0002").state == State.PAID


def test_codepay_systemerror_is_unknown_and_the_query_tells(
    sim: WechatSim, keys: dict[str, object]
) -> None:
    sim.script = ["SYSTEMERROR", "SYSTEMERROR_UNPAID"]
    wx = client(sim, keys)
    r = wx.charge_code("K1-0003", WX_CODE, 500, "")
    assert (r.state, r.reason) == (State.UNKNOWN, "SYSTEM_ERROR")
    assert wx.query("K1-0003").state == State.PAID  # the money had moved
    assert wx.charge_code("K1-0004", WX_CODE, 500, "").state == State.UNKNOWN
    assert wx.query("K1-0004").state == State.FAILED


def test_declined_and_never_seen(sim: WechatSim, keys: dict[str, object]) -> None:
    sim.script = ["NOTENOUGH"]
    wx = client(sim, keys)
    r = wx.charge_code("K1-0005", WX_CODE, 500, "")
    assert (r.state, r.reason) == (State.FAILED, "NOTENOUGH")
    q = wx.query("K1-NEVER")
    assert (q.state, q.reason) == (State.NOT_FOUND, "ORDER_NOT_EXIST")
    wx.reverse("K1-NEVER")  # reversing an order the provider never saw is harmless


def test_native_qr_close_and_refund(sim: WechatSim, keys: dict[str, object]) -> None:
    wx = client(sim, keys)
    url = wx.create_qr("Q1-0001", 3000, "出入境证件", datetime.now(UTC) + timedelta(minutes=5))
    assert url.startswith("weixin://wxpay/bizpayurl?pr=")
    assert wx.query("Q1-0001").state == State.PENDING
    wx.close("Q1-0001")
    assert wx.query("Q1-0001").state == State.CLOSED
    wx.create_qr("Q1-0002", 3000, "", datetime.now(UTC) + timedelta(minutes=5))
    sim.confirm("Q1-0002")
    assert wx.query("Q1-0002").state == State.PAID
    assert wx.refund("Q1-0002", "R-Q1-0002", 3000, 3000) == State.REFUNDED
    assert wx.query("Q1-0002").state == State.REFUNDED


def test_our_wrong_signature_is_refused_by_the_provider(
    sim: WechatSim, keys: dict[str, object]
) -> None:
    wx = client(sim, keys, private_key=keys["other"])
    with pytest.raises(Exception) as exc:
        wx.query("K1-0001")
    assert "SIGN_ERROR" in str(exc.value)
    assert sim.rejected == 1
    # a charge with a bad signature never reports paid
    assert wx.charge_code("K1-0009", WX_CODE, 100, "").state != State.PAID


def test_provider_answer_with_wrong_signature_is_not_trusted(
    sim: WechatSim, keys: dict[str, object]
) -> None:
    sim.sign_with = keys["other"]  # type: ignore[assignment]
    wx = client(sim, keys)
    r = wx.charge_code("K1-0010", WX_CODE, 100, "")
    assert r.state == State.UNKNOWN  # the sim did charge, but an unverified "paid" is not believed
    with pytest.raises(SignatureInvalid):
        wx.query("K1-0010")


def test_callback_verified_and_decrypted(sim: WechatSim, keys: dict[str, object]) -> None:
    wx = client(sim, keys)
    wx.create_qr("Q1-0003", 1200, "", datetime.now(UTC) + timedelta(minutes=5))
    sim.confirm("Q1-0003")
    seen: dict[str, object] = {}

    def capture(method: str, target: str, headers: dict[str, str], body: bytes):  # type: ignore[no-untyped-def]
        seen["headers"], seen["body"] = headers, body
        return 204, {}, b""

    from server.gateways.simhttp import LocalServer

    receiver = LocalServer(capture).start()
    try:
        sim.notify(receiver.url + "/n", "Q1-0003")
        r = wx.parse_notify(seen["headers"], seen["body"])  # type: ignore[arg-type]
        assert (r.order_id, r.state, r.amount_fen) == ("Q1-0003", State.PAID, 1200)
        sim.notify(receiver.url + "/n", "Q1-0003", tamper=True)
        with pytest.raises(SignatureInvalid):
            wx.parse_notify(seen["headers"], seen["body"])  # type: ignore[arg-type]
        sim.notify(receiver.url + "/n", "Q1-0003")
        body = bytes(seen["body"]).replace(b"TRANSACTION.SUCCESS", b"TRANSACTION.FAILED")  # type: ignore[call-overload]
        with pytest.raises(SignatureInvalid):
            wx.parse_notify(seen["headers"], body)  # type: ignore[arg-type]
    finally:
        receiver.stop()


def test_trade_bill_download_and_columns(sim: WechatSim, keys: dict[str, object]) -> None:
    wx = client(sim, keys)
    wx.charge_code("K1-0020", WX_CODE, 1550, "")
    rows = wx.bill(datetime.now(BEIJING).date())
    assert [(r.order_id, r.kind, r.amount_fen) for r in rows] == [("K1-0020", "pay", 1550)]
    assert rows[0].transaction_id.startswith("42000")
    assert wx.bill(date(2020, 1, 1)) == []


def test_check_against_simulator_and_closed_port(sim: WechatSim, keys: dict[str, object]) -> None:
    assert "ORDER_NOT_EXIST" in client(sim, keys).check()
    import socket

    from server.gateways.base import Unreachable

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(Unreachable):
        client(sim, keys, base_url=f"http://127.0.0.1:{port}").check()


def test_replayed_old_callback_is_refused(sim: WechatSim, keys: dict[str, object]) -> None:
    """A genuine signature over a notice older than 5 minutes (a captured one played again)."""
    import time

    body = b'{"id":"x","resource":{}}'
    ts, nonce = str(int(time.time()) - 600), "abc123"
    headers = {
        "Wechatpay-Timestamp": ts,
        "Wechatpay-Nonce": nonce,
        "Wechatpay-Serial": sim.platform_serial,
        "Wechatpay-Signature": crypto.sign(
            sim.platform_key, f"{ts}\n{nonce}\n".encode() + body + b"\n"
        ),
    }
    with pytest.raises(SignatureInvalid, match="5 minutes"):
        client(sim, keys).parse_notify(headers, body)
