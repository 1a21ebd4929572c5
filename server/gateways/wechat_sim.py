"""A local WeChat Pay API v3 simulator for contract tests and `check-gateways` dry runs.

It speaks the documented wire format (see wechat.py): it verifies the merchant's Authorization
signature with the merchant public key (401 SIGN_ERROR otherwise), signs every answer with its
own platform key, sends AES-256-GCM encrypted, signed callbacks, and serves the trade bill CSV.
Faults are scripted per new codepay order: SUCCESS, USERPAYING (paid once confirm() is called),
SYSTEMERROR (the money moved), SYSTEMERROR_UNPAID, NOTENOUGH (declined).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from server.gateways import crypto
from server.gateways.base import fen_to_yuan
from server.gateways.simhttp import LocalServer
from server.gateways.wechat import BILL_HEADER

BEIJING = timezone(timedelta(hours=8))
_AUTH = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class SimOrder:
    out_trade_no: str
    amount: int
    kind: str  # "codepay" | "native"
    trade_state: str
    transaction_id: str = field(default_factory=lambda: "42000" + uuid.uuid4().hex[:23])
    success_time: datetime | None = None
    refunded: int = 0


class WechatSim:
    def __init__(
        self,
        mchid: str,
        appid: str,
        merchant_public: rsa.RSAPublicKey,
        merchant_serial: str,
        apiv3_key: bytes,
        platform_key: rsa.RSAPrivateKey | None = None,
    ) -> None:
        self.mchid, self.appid = mchid, appid
        self.merchant_public, self.merchant_serial = merchant_public, merchant_serial
        self.apiv3_key = apiv3_key
        self.platform_key = platform_key or crypto.new_rsa_key()
        self.platform_serial = "PUB_KEY_ID_" + secrets.token_hex(8).upper()
        self.orders: dict[str, SimOrder] = {}
        self.script: list[str] = []
        self.lock = threading.Lock()
        self.rejected = 0  # requests whose signature did not verify
        self.sign_with: rsa.RSAPrivateKey | None = None  # set: answers signed by a wrong key
        self.calls: list[str] = []
        self.server = LocalServer(self.handle)
        self.url = self.server.url

    def start(self) -> WechatSim:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    # -- what the citizen / the provider's back office does --------------------------------

    def confirm(self, out_trade_no: str) -> None:
        """The citizen pays (QR) or enters the password (USERPAYING)."""
        with self.lock:
            o = self.orders[out_trade_no]
            o.trade_state, o.success_time = "SUCCESS", datetime.now(BEIJING)

    def notify(self, url: str, out_trade_no: str, tamper: bool = False) -> requests.Response:
        """Send the 支付成功通知 for an order to the merchant's notify_url."""
        o = self.orders[out_trade_no]
        nonce, ad = secrets.token_hex(6), "transaction"
        cipher = crypto.aes_gcm_encrypt(
            self.apiv3_key, nonce, ad, json.dumps(self._tx(o), ensure_ascii=False).encode()
        )
        if tamper:  # flip one byte of the ciphertext: GCM must refuse it
            raw = bytearray(__import__("base64").b64decode(cipher))
            raw[0] ^= 1
            cipher = __import__("base64").b64encode(bytes(raw)).decode()
        body = json.dumps(
            {
                "id": str(uuid.uuid4()),
                "create_time": datetime.now(BEIJING).isoformat(timespec="seconds"),
                "resource_type": "encrypt-resource",
                "event_type": "TRANSACTION.SUCCESS",
                "summary": "支付成功",
                "resource": {
                    "original_type": "transaction",
                    "algorithm": "AEAD_AES_256_GCM",
                    "ciphertext": cipher,
                    "associated_data": ad,
                    "nonce": nonce,
                },
            },
            ensure_ascii=False,
        ).encode()
        headers = self._signed_headers(body)
        headers["Content-Type"] = "application/json"
        self.last_notice = (headers, body)
        return requests.post(url, data=body, headers=headers, timeout=10)

    def resend(self, url: str) -> requests.Response:
        """The provider repeats a notice (it got no answer): byte for byte the same."""
        headers, body = self.last_notice
        return requests.post(url, data=body, headers=headers, timeout=10)

    # -- wire -------------------------------------------------------------------------------

    def _signed_headers(self, body: bytes) -> dict[str, str]:
        ts, nonce = str(int(time.time())), secrets.token_hex(16)
        sig = crypto.sign(
            self.sign_with or self.platform_key, f"{ts}\n{nonce}\n".encode() + body + b"\n"
        )
        return {
            "Wechatpay-Timestamp": ts,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": sig,
            "Wechatpay-Serial": self.platform_serial,
            "Request-ID": uuid.uuid4().hex,
        }

    def _answer(self, status: int, doc: dict[str, Any] | None) -> tuple[int, dict[str, str], bytes]:
        body = b"" if doc is None else json.dumps(doc, ensure_ascii=False).encode()
        headers = self._signed_headers(body)
        if doc is not None:
            headers["Content-Type"] = "application/json"
        return status, headers, body

    def _err(self, status: int, code: str, message: str) -> tuple[int, dict[str, str], bytes]:
        return self._answer(status, {"code": code, "message": message})

    def _authorized(self, method: str, target: str, headers: dict[str, str], body: bytes) -> bool:
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        if not auth.startswith("WECHATPAY2-SHA256-RSA2048 "):
            return False
        f = dict(_AUTH.findall(auth))
        if f.get("mchid") != self.mchid or f.get("serial_no") != self.merchant_serial:
            return False
        msg = (
            f"{method}\n{target}\n{f.get('timestamp')}\n{f.get('nonce_str')}\n".encode()
            + body
            + b"\n"
        )
        try:
            crypto.verify(self.merchant_public, msg, f.get("signature", ""))
        except crypto.SignatureInvalid:
            return False
        return abs(time.time() - int(f.get("timestamp") or 0)) <= 300

    def _tx(self, o: SimOrder) -> dict[str, Any]:
        tx: dict[str, Any] = {
            "appid": self.appid,
            "mchid": self.mchid,
            "out_trade_no": o.out_trade_no,
            "trade_state": o.trade_state,
            "trade_state_desc": o.trade_state,
            "trade_type": "MICROPAY" if o.kind == "codepay" else "NATIVE",
            "amount": {"total": o.amount, "payer_total": o.amount, "currency": "CNY"},
        }
        if o.trade_state in ("SUCCESS", "REFUND"):
            tx["transaction_id"] = o.transaction_id
            tx["success_time"] = (o.success_time or datetime.now(BEIJING)).isoformat(
                timespec="seconds"
            )
        return tx

    def handle(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        path = urlsplit(target).path
        self.calls.append(f"{method} {path}")
        if not self._authorized(method, target, headers, body):
            self.rejected += 1
            return self._err(401, "SIGN_ERROR", "签名错误")
        doc: dict[str, Any] = json.loads(body) if body else {}
        with self.lock:
            return self._route(method, path, target, doc)

    def _route(
        self, method: str, path: str, target: str, doc: dict[str, Any]
    ) -> tuple[int, dict[str, str], bytes]:
        if method == "POST" and path == "/v3/pay/transactions/codepay":
            return self._codepay(doc)
        if method == "POST" and path == "/v3/pay/transactions/native":
            no = doc["out_trade_no"]
            if no not in self.orders:
                self.orders[no] = SimOrder(no, doc["amount"]["total"], "native", "NOTPAY")
            return self._answer(
                200, {"code_url": f"weixin://wxpay/bizpayurl?pr={secrets.token_urlsafe(6)}"}
            )
        m = re.fullmatch(r"/v3/pay/transactions/out-trade-no/([^/]+)(/close|/reverse)?", path)
        if m:
            o = self.orders.get(m.group(1))
            if o is None:
                return self._err(404, "ORDER_NOT_EXIST", "订单不存在")
            if m.group(2) is None:
                return self._answer(200, self._tx(o))
            if m.group(2) == "/close":
                if o.trade_state == "SUCCESS":
                    return self._err(400, "ORDER_PAID", "订单已支付")
                o.trade_state = "CLOSED"
                return self._answer(204, None)
            o.trade_state = "REVOKED"  # 撤销: money taken goes back
            return self._answer(200, {})
        if method == "POST" and path == "/v3/refund/domestic/refunds":
            o = self.orders.get(doc["out_trade_no"])
            if o is None or o.trade_state not in ("SUCCESS", "REFUND"):
                return self._err(404, "RESOURCE_NOT_EXISTS", "订单不存在")
            o.trade_state, o.refunded = "REFUND", doc["amount"]["refund"]
            return self._answer(
                200,
                {
                    "refund_id": "50" + uuid.uuid4().hex[:28],
                    "out_refund_no": doc["out_refund_no"],
                    "out_trade_no": o.out_trade_no,
                    "status": "SUCCESS",
                    "amount": {"refund": o.refunded, "total": o.amount, "currency": "CNY"},
                },
            )
        if method == "GET" and path == "/v3/bill/tradebill":
            day = parse_qs(urlsplit(target).query)["bill_date"][0]
            csv = self.bill_csv(day).encode("utf-8")
            token = secrets.token_hex(8)
            self._bills = getattr(self, "_bills", {})
            self._bills[token] = csv
            return self._answer(
                200,
                {
                    "hash_type": "SHA1",
                    "hash_value": hashlib.sha1(csv).hexdigest(),
                    "download_url": f"{self.url}/v3/billdownload/file?token={token}",
                },
            )
        if method == "GET" and path == "/v3/billdownload/file":
            token = parse_qs(urlsplit(target).query)["token"][0]
            return 200, {"Content-Type": "text/plain"}, getattr(self, "_bills", {})[token]
        return self._err(404, "NOT_FOUND", "no such API")

    def _codepay(self, doc: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        no = doc["out_trade_no"]
        if not re.fullmatch(r"1[0-5]\d{16}", doc.get("payer", {}).get("auth_code", "")):
            return self._err(400, "PARAM_ERROR", "付款码无效")
        step = (
            self.script.pop(0)
            if len(self.script) > 1
            else (self.script[0] if self.script else "SUCCESS")
        )
        o = self.orders.get(no)
        if o is None:
            o = self.orders[no] = SimOrder(no, doc["amount"]["total"], "codepay", "NOTPAY")
            if step in ("SUCCESS", "SYSTEMERROR"):
                o.trade_state, o.success_time = "SUCCESS", datetime.now(BEIJING)
            elif step == "USERPAYING":
                o.trade_state = "USERPAYING"
            elif step in ("SYSTEMERROR_UNPAID", "NOTENOUGH"):
                o.trade_state = "PAYERROR"
        if o.trade_state == "REVOKED":
            return self._err(400, "TRADE_ERROR", "订单已撤销")
        if step.startswith("SYSTEMERROR"):
            return self._err(500, "SYSTEM_ERROR", "系统繁忙,请稍后重试")
        if step == "NOTENOUGH":
            return self._err(403, "NOTENOUGH", "余额不足")
        if o.trade_state == "USERPAYING":
            return self._answer(202, {"trade_state": "USERPAYING"})
        return self._answer(200, self._tx(o))

    def bill_csv(self, day: str) -> str:
        """The trade bill for one Beijing day: header, one line per pay/refund, summary."""
        lines = [BILL_HEADER]
        total = 0
        for o in self.orders.values():
            if (
                o.success_time is None
                or o.success_time.astimezone(BEIJING).date().isoformat() != day
            ):
                continue
            if o.trade_state not in ("SUCCESS", "REFUND"):
                continue
            total += o.amount
            at = o.success_time.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
            fields = [
                at,
                self.appid,
                self.mchid,
                "0",
                "",
                o.transaction_id,
                o.out_trade_no,
                "oUser",
                "MICROPAY" if o.kind == "codepay" else "NATIVE",
                "SUCCESS",
                "OTHERS",
                "CNY",
                fen_to_yuan(o.amount),
                "0.00",
                "0",
                "0",
                "0.00",
                "0.00",
                "",
                "",
                "政务服务缴费",
                "",
                "0.00000",
                "0.00%",
                fen_to_yuan(o.amount),
                "0.00",
                "",
            ]
            lines.append(",".join("`" + f for f in fields))
        lines.append(
            "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
        )
        lines.append(
            f"`{len(lines) - 2},`{fen_to_yuan(total)},`0.00,`0.00,`0.00000,`{fen_to_yuan(total)},`0.00"
        )
        return "\r\n".join(lines) + "\r\n"
