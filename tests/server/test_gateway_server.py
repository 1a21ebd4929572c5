"""The centre with real providers configured (from key files and the environment, as a bureau
would), a real uvicorn, and the WeChat Pay / Alipay simulators on loopback: the kiosk's own
payment calls, the providers' callbacks, daily reconciliation and `check-gateways`."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from server.app import add_kiosk
from server.db import CaseEvent
from server.gateways import crypto
from server.gateways.alipay_sim import AlipaySim
from server.gateways.config import Gateways, load_gateways
from server.gateways.models import PaymentNotice
from server.gateways.wechat_sim import BEIJING, WechatSim
from server.main import main
from tests.server.conftest import KIOSK, OPERATOR, LiveServer, SignedClient, make_settings, record

WX_CODE = "134567890123456789"
ALI_CODE = "281234567890123456"
WX_NOTIFY = "/api/v1/pay/notify/wechat"
ALI_NOTIFY = "/api/v1/pay/notify/alipay"


@dataclass
class World:
    wx: WechatSim
    ali: AlipaySim
    env: dict[str, str]
    gws: Gateways
    srv: LiveServer
    kiosk: SignedClient
    db_url: str

    def records(self, order_id: str, amount_fen: int, method: str = "code") -> str:
        rec = record(
            payload={
                "answers": {},
                "payments": [
                    {
                        "payment_ref": order_id,
                        "order_id": order_id,
                        "method": method,
                        "amount_fen": amount_fen,
                    }
                ],
            }
        )
        r = self.kiosk.post("/api/v1/records", json=rec)
        assert r.status_code in (200, 201), r.text
        return str(rec["case_number"])

    def count_notices(self) -> int:
        with self.srv.app.state.sm() as s:
            return int(s.scalar(select(func.count()).select_from(PaymentNotice)) or 0)


def provider_env(
    tmp: Path, wx: WechatSim, ali: AlipaySim, merchant: Any, app_key: Any, **over: str
) -> dict[str, str]:
    """Key files written like a bureau's deployment: PEM files, the APIv3 key in its own file."""
    (tmp / "wx_key.pem").write_bytes(crypto.private_pem(merchant))
    (tmp / "wx_platform.pem").write_bytes(crypto.public_pem(wx.platform_key))
    (tmp / "wx_apiv3.key").write_bytes(wx.apiv3_key + b"\n")
    (tmp / "ali_app_key.pem").write_bytes(crypto.private_pem(app_key))
    # Alipay's console hands out its public key as bare base64: kept that way here.
    pem = crypto.public_pem(ali.alipay_key).decode()
    (tmp / "ali_public.txt").write_text("".join(pem.splitlines()[1:-1]))
    env = {
        "KIOSK_PAY_PROVIDERS": "wechat,alipay",
        "WECHATPAY_MCHID": wx.mchid,
        "WECHATPAY_APPID": wx.appid,
        "WECHATPAY_CERT_SERIAL_NO": wx.merchant_serial,
        "WECHATPAY_PRIVATE_KEY_FILE": str(tmp / "wx_key.pem"),
        "WECHATPAY_APIV3_KEY_FILE": str(tmp / "wx_apiv3.key"),
        "WECHATPAY_PLATFORM_SERIAL": wx.platform_serial,
        "WECHATPAY_PLATFORM_PUBLIC_KEY_FILE": str(tmp / "wx_platform.pem"),
        "WECHATPAY_NOTIFY_URL": "https://centre.example/api/v1/pay/notify/wechat",
        "WECHATPAY_BASE_URL": wx.url,
        "ALIPAY_APP_ID": ali.app_id,
        "ALIPAY_APP_PRIVATE_KEY_FILE": str(tmp / "ali_app_key.pem"),
        "ALIPAY_PUBLIC_KEY_FILE": str(tmp / "ali_public.txt"),
        "ALIPAY_GATEWAY_URL": ali.gateway_url,
        "ALIPAY_NOTIFY_URL": "https://centre.example/api/v1/pay/notify/alipay",
    }
    env.update(over)
    return env


@pytest.fixture(scope="module")
def keys() -> dict[str, Any]:
    return {"merchant": crypto.new_rsa_key(), "app": crypto.new_rsa_key()}


@pytest.fixture
def world(tmp_path: Path, keys: dict[str, Any]) -> Iterator[World]:
    wx = WechatSim(
        "1900000001",
        "wx0000000000000001",
        keys["merchant"].public_key(),
        "MCHSERIAL01",
        b"0123456789abcdef0123456789abcdef",
    ).start()
    ali = AlipaySim("2021000000000001", keys["app"].public_key()).start()
    env = provider_env(tmp_path, wx, ali, keys["merchant"], keys["app"])
    gws = load_gateways(env)
    assert gws is not None
    db_url = f"sqlite:///{tmp_path / 'server.db'}"
    settings = make_settings(db_url, pay_gateways=gws)
    secret = add_kiosk(settings, KIOSK)
    with LiveServer(settings) as srv, httpx.Client(base_url=srv.url, timeout=30) as http:
        yield World(wx, ali, env, gws, srv, SignedClient(http, KIOSK, secret), db_url)
    wx.stop()
    ali.stop()


def test_code_user_paying_then_callback_and_polling_agree(world: World) -> None:
    world.wx.script = ["USERPAYING"]
    r = world.kiosk.post(
        "/api/v1/pay/code", json={"order_id": "K1-A", "auth_code": WX_CODE, "amount_fen": 1500}
    )
    assert r.json()["result"] == "user_paying"
    assert world.kiosk.get("/api/v1/pay/code/K1-A").json()["status"] == "user_paying"
    world.wx.confirm("K1-A")
    assert world.wx.notify(world.srv.url + WX_NOTIFY, "K1-A").status_code == 204
    first = world.kiosk.get("/api/v1/pay/code/K1-A").json()
    assert first["status"] == "paid"
    assert first["transaction_id"] == world.wx.orders["K1-A"].transaction_id
    # The provider repeats the very same notice: answered as received, nothing moves again.
    assert world.wx.resend(world.srv.url + WX_NOTIFY).status_code == 204
    assert world.count_notices() == 1
    assert world.kiosk.get("/api/v1/pay/code/K1-A").json() == first


def test_forged_or_tampered_callback_changes_nothing(world: World) -> None:
    world.kiosk.post("/api/v1/pay/qr", json={"order_id": "Q1-A", "amount_fen": 3000})
    world.wx.confirm("Q1-A")  # paid at the provider; the callback arrives tampered
    r = world.wx.notify(world.srv.url + WX_NOTIFY, "Q1-A", tamper=True)
    assert r.status_code == 401 and r.json()["code"] == "FAIL"
    with world.srv.app.state.sm() as s:
        from server.db import QrOrder

        assert s.get(QrOrder, "Q1-A").status == "pending"  # type: ignore[union-attr]
    assert world.count_notices() == 0
    # forged with another key: refused too
    world.wx.sign_with = crypto.new_rsa_key()
    assert world.wx.notify(world.srv.url + WX_NOTIFY, "Q1-A").status_code == 401
    world.wx.sign_with = None
    # the kiosk's polling still finds out from the provider itself
    assert world.kiosk.get("/api/v1/pay/qr/Q1-A").json()["status"] == "paid"


def test_wechat_native_qr_cancel_closes_it_at_the_provider(world: World) -> None:
    r = world.kiosk.post(
        "/api/v1/pay/qr", json={"order_id": "Q1-B", "amount_fen": 3000, "description": "出入境"}
    )
    assert r.json()["qr_text"].startswith("weixin://wxpay/bizpayurl?pr=")
    again = world.kiosk.post(
        "/api/v1/pay/qr", json={"order_id": "Q1-B", "amount_fen": 3000, "description": "出入境"}
    )
    assert again.json()["qr_text"] == r.json()["qr_text"]
    assert world.kiosk.get("/api/v1/pay/qr/Q1-B").json()["status"] == "pending"
    # the demo's "play the phone" cannot fake a payment the provider never took
    assert (
        world.kiosk.post("/api/v1/pay/qr/Q1-B/simulate", json={"outcome": "paid"}).status_code
        == 404
    )
    assert world.kiosk.post("/api/v1/pay/qr/Q1-B/cancel").json()["status"] == "cancelled"
    assert world.wx.orders["Q1-B"].trade_state == "CLOSED"


def test_alipay_qr_notify_then_refund(world: World) -> None:
    world.gws.qr_provider = "alipay"
    r = world.kiosk.post("/api/v1/pay/qr", json={"order_id": "Q2-A", "amount_fen": 1200})
    assert r.json()["qr_text"].startswith("https://qr.alipay.com/")
    world.ali.confirm("Q2-A")
    n = world.ali.notify(world.srv.url + ALI_NOTIFY, "Q2-A")
    assert (n.status_code, n.text) == (200, "success")
    assert world.ali.resend(world.srv.url + ALI_NOTIFY).text == "success"
    assert world.count_notices() == 1
    assert world.kiosk.get("/api/v1/pay/qr/Q2-A").json()["status"] == "paid"
    assert world.kiosk.post("/api/v1/pay/qr/Q2-A/cancel").status_code == 409  # money moved
    assert world.kiosk.post("/api/v1/pay/qr/Q2-A/refund").json()["status"] == "refunded"
    assert world.ali.trades["Q2-A"].refunded == 1200
    bad = world.ali.notify(world.srv.url + ALI_NOTIFY, "Q2-A", tamper=True)
    assert (bad.status_code, bad.text) == (400, "fail")


def test_code_system_error_is_queried_and_reversed(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    world.ali.script = ["SYSTEM_ERROR"]
    r = world.kiosk.post(
        "/api/v1/pay/code", json={"order_id": "K2-A", "auth_code": ALI_CODE, "amount_fen": 800}
    )
    assert r.json()["result"] == "system_error"
    assert world.kiosk.get("/api/v1/pay/code/K2-A").json()["status"] == "paid"
    assert world.kiosk.post("/api/v1/pay/code/K2-A/reverse").json()["status"] == "reversed"
    assert world.ali.trades["K2-A"].status == "TRADE_CLOSED"  # the money went back
    # a lost charge reversed first: the number is dead at both ends
    assert world.kiosk.post("/api/v1/pay/code/K1-LOST/reverse").json()["status"] == "reversed"
    late = world.kiosk.post(
        "/api/v1/pay/code", json={"order_id": "K1-LOST", "auth_code": WX_CODE, "amount_fen": 800}
    )
    assert late.status_code == 409 and "K1-LOST" not in world.wx.orders
    # the payment code is a bearer credential: in no log line, at any level
    assert caplog.records and not any(
        code in r.getMessage() for r in caplog.records for code in (ALI_CODE, WX_CODE)
    )


def test_provider_down_is_no_answer_for_the_kiosk(world: World) -> None:
    world.wx.stop()
    r = world.kiosk.post(
        "/api/v1/pay/code", json={"order_id": "K1-DOWN", "auth_code": WX_CODE, "amount_fen": 800}
    )
    assert r.json()["result"] == "system_error"  # unknown: the kiosk queries, then reverses
    assert world.kiosk.get("/api/v1/pay/code/K1-DOWN").status_code == 503
    world.wx.server = type(world.wx.server)(world.wx.handle)  # a fresh one for teardown's stop()
    world.wx.server.start()


def test_reconciliation_finds_each_kind_of_difference(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    k = world.kiosk
    # A: paid, with its case: no difference
    k.post("/api/v1/pay/code", json={"order_id": "K1-OK", "auth_code": WX_CODE, "amount_fen": 1500})
    world.records("K1-OK", 1500)
    # B: paid at the provider, no case (the kiosk lost power before the submission)
    k.post(
        "/api/v1/pay/code", json={"order_id": "K1-NOCASE", "auth_code": WX_CODE, "amount_fen": 1500}
    )
    # C: a case relying on an order the provider never took money for
    world.wx.script = ["SYSTEMERROR_UNPAID", "SUCCESS"]
    k.post(
        "/api/v1/pay/code", json={"order_id": "K1-NOPAY", "auth_code": WX_CODE, "amount_fen": 900}
    )
    case_c = world.records("K1-NOPAY", 900)
    # D: the provider's record of the amount differs from ours
    k.post(
        "/api/v1/pay/code", json={"order_id": "K2-AMT", "auth_code": ALI_CODE, "amount_fen": 2000}
    )
    case_d = world.records("K2-AMT", 2000)
    world.ali.trades["K2-AMT"].amount = 1900
    # E: paid and refunded the same day (Alipay): not a difference
    world.gws.qr_provider = "alipay"
    k.post("/api/v1/pay/qr", json={"order_id": "Q2-REF", "amount_fen": 700})
    world.ali.confirm("Q2-REF")
    k.post("/api/v1/pay/qr/Q2-REF/refund")

    day = datetime.now(BEIJING).date().isoformat()
    with caplog.at_level(logging.WARNING, logger="server.gateways.reconcile"):
        code = reconcile_cli(world, day)
    assert code == 1
    got = k.http.get(
        f"/api/v1/operator/reconciliation?date={day}",
        headers={"Authorization": f"Bearer {OPERATOR}"},
    ).json()
    assert sorted(
        (d["provider"], d["kind"], d["order_id"], d["provider_fen"], d["our_fen"]) for d in got
    ) == [
        ("alipay", "amount_mismatch", "K2-AMT", 1900, 2000),
        ("wechat", "case_no_payment", "K1-NOPAY", None, 900),
        ("wechat", "paid_no_case", "K1-NOCASE", 1500, 1500),
    ]
    assert sum("ALERT reconciliation" in r.getMessage() for r in caplog.records) == 3
    with world.srv.app.state.sm() as s:
        notes = {
            e.case_number: e.note_en
            for e in s.scalars(select(CaseEvent).where(CaseEvent.note_en.like("Reconciliation%")))
        }
    assert set(notes) == {case_c, case_d}
    assert "¥19.00" in notes[case_d] and "¥20.00" in notes[case_d]
    # Running the day again reports the same differences but alerts nothing new.
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="server.gateways.reconcile"):
        assert reconcile_cli(world, day) == 1
    assert not any("ALERT" in r.getMessage() for r in caplog.records)


def reconcile_cli(world: World, day: str) -> int:
    mp = pytest.MonkeyPatch()
    try:
        for name, value in world.env.items():
            mp.setenv(name, value)
        return main(["reconcile", "--date", day, "--db", world.db_url])
    finally:
        mp.undo()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_check_gateways(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in world.env.items():
        monkeypatch.setenv(name, value)
    assert main(["check-gateways"]) == 0
    out = capsys.readouterr().out
    assert "wechat ok" in out and "alipay ok" in out
    monkeypatch.setenv("WECHATPAY_BASE_URL", f"http://127.0.0.1:{closed_port()}")
    assert main(["check-gateways"]) == 1
    assert "wechat: not reachable" in capsys.readouterr().err
    monkeypatch.setenv("WECHATPAY_BASE_URL", world.wx.url)
    monkeypatch.setenv("WECHATPAY_PLATFORM_SERIAL", "PUB_KEY_ID_SOMEONE_ELSE")
    assert main(["check-gateways"]) == 2
    assert "signature does not verify" in capsys.readouterr().err
    monkeypatch.delenv("WECHATPAY_PRIVATE_KEY_FILE")
    assert main(["check-gateways"]) == 2
    assert "WECHATPAY_PRIVATE_KEY_FILE is not set" in capsys.readouterr().err
    monkeypatch.setenv("WECHATPAY_PRIVATE_KEY_FILE", "/nonexistent/key.pem")
    assert main(["serve", "--db", "sqlite://"]) == 2  # refused before serving, the setting named
    assert "WECHATPAY_PRIVATE_KEY_FILE: cannot read /nonexistent/key.pem" in capsys.readouterr().err
    monkeypatch.setenv("KIOSK_PAY_PROVIDERS", "")
    assert main(["check-gateways"]) == 0
    assert "built-in simulator" in capsys.readouterr().out


def test_repeated_charge_is_not_a_second_charge(world: World) -> None:
    body = {"order_id": "K1-TWICE", "auth_code": WX_CODE, "amount_fen": 1500}
    first = world.kiosk.post("/api/v1/pay/code", json=body).json()
    again = world.kiosk.post("/api/v1/pay/code", json=body).json()
    assert first == again and first["result"] == "paid"
    assert world.wx.calls.count("POST /v3/pay/transactions/codepay") == 1
    other = world.kiosk.post("/api/v1/pay/code", json=dict(body, amount_fen=1600))
    assert other.status_code == 409
