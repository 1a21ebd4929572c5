"""Alipay OpenAPI (当面付), over its documented HTTP API.

Every call is a POST to the gateway (https://openapi.alipay.com/gateway.do) with the common
parameters app_id, method, format=JSON, charset=utf-8, sign_type=RSA2, timestamp
"yyyy-MM-dd HH:mm:ss", version=1.0, biz_content (JSON) and sign. The sign is SHA256withRSA with
the application private key over every non-empty parameter except sign, sorted by name and
joined as k=v&k=v (opendocs.alipay.com/common/02kf5q, "自行实现签名").

The answer is {"<method with _>_response": {...}, "sign": "..."}; the sign covers the exact text
of the response object as it appears in the body, verified with the Alipay public key
(opendocs.alipay.com/common/02mse7 "自行实现验签"). Unverifiable answers are never trusted.

Calls: alipay.trade.pay (scene bar_code + auth_code; code 10000 paid, 10003 waiting for the
buyer, 20000/ACQ.SYSTEM_ERROR unknown, 40004 + sub_code otherwise), alipay.trade.precreate
(qr_code), alipay.trade.query (trade_status WAIT_BUYER_PAY / TRADE_SUCCESS / TRADE_FINISHED /
TRADE_CLOSED; ACQ.TRADE_NOT_EXIST), alipay.trade.cancel, alipay.trade.refund and
alipay.data.dataservice.bill.downloadurl.query (a zip of GBK CSV files). Async notifications are
form posts verified the same way, minus sign and sign_type (opendocs.alipay.com/open/194/103296).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import secrets
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl

import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from server.gateways import crypto
from server.gateways.base import (
    BillRow,
    GatewayError,
    Result,
    State,
    Unreachable,
    fen_to_yuan,
    yuan_to_fen,
)
from server.gateways.crypto import SignatureInvalid

log = logging.getLogger("server.gateways.alipay")

DEFAULT_GATEWAY = "https://openapi.alipay.com/gateway.do"
SANDBOX_GATEWAY = "https://openapi-sandbox.dl.alipaydev.com/gateway.do"
BEIJING = timezone(timedelta(hours=8))
TIMEOUT_S = 10.0

_TRADE_STATUS = {
    "WAIT_BUYER_PAY": State.PENDING,
    "TRADE_SUCCESS": State.PAID,
    "TRADE_FINISHED": State.PAID,
    "TRADE_CLOSED": State.CLOSED,
}
_UNKNOWN_SUB = {"ACQ.SYSTEM_ERROR", "aop.ACQ.SYSTEM_ERROR", "isp.unknow-error"}


def sign_content(params: dict[str, str]) -> str:
    """The string that is signed: non-empty params except sign, sorted, k=v joined by &."""
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "sign" and v != "")


def response_text(body: str, key: str) -> str:
    """The exact text of body's `key` object (what Alipay signed), not a re-serialisation."""
    anchor = body.find(f'"{key}"')
    if anchor < 0:
        raise SignatureInvalid(f"{key} missing from the answer")
    start = body.index(":", anchor + len(key) + 2) + 1
    while body[start] in " \t\r\n":
        start += 1
    _obj, end = json.JSONDecoder().raw_decode(body, start)
    return body[start:end]


@dataclass(frozen=True)
class AlipayConfig:
    app_id: str
    private_key: rsa.RSAPrivateKey  # the application private key (应用私钥)
    alipay_public_key: rsa.RSAPublicKey  # 支付宝公钥
    notify_url: str
    gateway_url: str = DEFAULT_GATEWAY


class Alipay:
    name = "alipay"

    def __init__(self, cfg: AlipayConfig, session: requests.Session | None = None) -> None:
        self.cfg = cfg
        self.http = session or requests.Session()

    def _call(self, method: str, biz: dict[str, Any], notify: bool = False) -> dict[str, Any]:
        params = {
            "app_id": self.cfg.app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
            "version": "1.0",
            "biz_content": json.dumps(biz, ensure_ascii=False, separators=(",", ":")),
        }
        if notify and self.cfg.notify_url:
            params["notify_url"] = self.cfg.notify_url
        params["sign"] = crypto.sign(self.cfg.private_key, sign_content(params).encode())
        try:
            resp = self.http.post(
                self.cfg.gateway_url + "?charset=utf-8", data=params, timeout=TIMEOUT_S
            )
        except requests.RequestException as exc:
            raise Unreachable(f"Alipay not reachable: {type(exc).__name__}") from exc
        text = resp.content.decode("utf-8")
        key = method.replace(".", "_") + "_response"
        if f'"{key}"' not in text and '"error_response"' in text:
            key = "error_response"  # e.g. the app itself is unknown
        doc = json.loads(text)
        raw = response_text(text, key)
        sig = doc.get("sign")
        if not sig:
            # Alipay leaves unsigned only answers about the request itself (bad app_id, bad
            # sign): never a business result.
            data = doc.get(key) or {}
            raise GatewayError(
                str(data.get("sub_code") or data.get("code")),
                str(data.get("sub_msg", "")),
                resp.status_code,
            )
        crypto.verify(self.cfg.alipay_public_key, raw.encode("utf-8"), str(sig))
        return dict(doc[key])

    @staticmethod
    def _error(data: dict[str, Any]) -> GatewayError:
        return GatewayError(
            str(data.get("sub_code") or data.get("code")),
            str(data.get("sub_msg") or data.get("msg", "")),
        )

    def _result(self, order_id: str, data: dict[str, Any], state: State) -> Result:
        paid = data.get("gmt_payment") or data.get("send_pay_date")
        return Result(
            order_id=str(data.get("out_trade_no") or order_id),
            state=state,
            amount_fen=yuan_to_fen(data["total_amount"]) if data.get("total_amount") else None,
            transaction_id=data.get("trade_no"),
            paid_at=datetime.strptime(paid, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
            if paid
            else None,
            reason=str(data.get("trade_status") or data.get("sub_code") or data.get("code", "")),
        )

    def charge_code(
        self, order_id: str, auth_code: str, amount_fen: int, description: str
    ) -> Result:
        try:
            data = self._call(
                "alipay.trade.pay",
                {
                    "out_trade_no": order_id,
                    "scene": "bar_code",
                    "auth_code": auth_code,
                    "product_code": "FACE_TO_FACE_PAYMENT",
                    "subject": description or "政务服务缴费",
                    "total_amount": fen_to_yuan(amount_fen),
                },
                notify=True,
            )
        except (SignatureInvalid, Unreachable, ValueError, GatewayError) as exc:
            log.warning("trade.pay %s: answer not usable (%s): query", order_id, type(exc).__name__)
            return Result(order_id, State.UNKNOWN, reason=type(exc).__name__)
        code, sub = str(data.get("code")), str(data.get("sub_code", ""))
        if code == "10000":
            return self._result(order_id, data, State.PAID)
        if code == "10003":  # ORDER_SUCCESS_PAY_INPROCESS: the buyer must confirm
            return Result(order_id, State.USER_PAYING, reason="10003")
        if sub == "ACQ.TRADE_HAS_SUCCESS":
            return self.query(
                order_id
            )  # paid already (a retried charge): the query says by how much
        if code == "20000" or sub in _UNKNOWN_SUB:
            return Result(order_id, State.UNKNOWN, reason=sub or code)
        return Result(order_id, State.FAILED, reason=sub or code)

    def query(self, order_id: str) -> Result:
        data = self._call("alipay.trade.query", {"out_trade_no": order_id})
        code, sub = str(data.get("code")), str(data.get("sub_code", ""))
        if code == "10000":
            return self._result(
                order_id, data, _TRADE_STATUS.get(str(data.get("trade_status")), State.UNKNOWN)
            )
        if sub == "ACQ.TRADE_NOT_EXIST":
            return Result(order_id, State.NOT_FOUND, reason=sub)
        if code == "20000" or sub in _UNKNOWN_SUB:
            return Result(order_id, State.UNKNOWN, reason=sub or code)
        raise self._error(data)

    def reverse(self, order_id: str) -> None:
        """alipay.trade.cancel: closes an unpaid trade, refunds a paid one (action close|refund).
        retry_flag=Y means try again."""
        data = self._call("alipay.trade.cancel", {"out_trade_no": order_id})
        if str(data.get("code")) == "10000" and data.get("retry_flag") != "Y":
            return
        if str(data.get("sub_code")) == "ACQ.TRADE_NOT_EXIST":
            return  # nothing to undo
        raise (
            self._error(data)
            if str(data.get("code")) != "10000"
            else GatewayError("RETRY", "cancel: retry_flag=Y")
        )

    close = reverse  # an unpaid precreate order is closed by the same cancel

    def create_qr(
        self, order_id: str, amount_fen: int, description: str, expires_at: datetime
    ) -> str:
        data = self._call(
            "alipay.trade.precreate",
            {
                "out_trade_no": order_id,
                "total_amount": fen_to_yuan(amount_fen),
                "subject": description or "政务服务缴费",
                "time_expire": expires_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
            },
            notify=True,
        )
        if str(data.get("code")) != "10000" or not data.get("qr_code"):
            raise self._error(data)
        return str(data["qr_code"])

    def refund(self, order_id: str, refund_id: str, amount_fen: int, total_fen: int) -> State:
        data = self._call(
            "alipay.trade.refund",
            {
                "out_trade_no": order_id,
                "refund_amount": fen_to_yuan(amount_fen),
                "out_request_no": refund_id,
            },
        )
        if str(data.get("code")) != "10000":
            raise self._error(data)
        return State.REFUNDED

    def parse_notify(self, headers: dict[str, str], body: bytes) -> Result:
        params = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        sig = params.pop("sign", "")
        params.pop("sign_type", None)
        crypto.verify(self.cfg.alipay_public_key, sign_content(params).encode("utf-8"), sig)
        if params.get("app_id") != self.cfg.app_id:
            raise SignatureInvalid("notification for another app")
        state = _TRADE_STATUS.get(params.get("trade_status", ""), State.UNKNOWN)
        return self._result(params.get("out_trade_no", ""), params, state)

    def bill(self, day: date) -> list[BillRow]:
        data = self._call(
            "alipay.data.dataservice.bill.downloadurl.query",
            {"bill_type": "trade", "bill_date": day.isoformat()},
        )
        if str(data.get("code")) != "10000":
            if str(data.get("sub_code")) == "isp.bill_not_exist":
                return []
            raise self._error(data)
        try:
            resp = self.http.get(str(data["bill_download_url"]), timeout=TIMEOUT_S)
        except requests.RequestException as exc:
            raise Unreachable(f"Alipay bill download failed: {type(exc).__name__}") from exc
        if resp.status_code != 200:
            raise GatewayError(f"HTTP_{resp.status_code}", "bill download", resp.status_code)
        return parse_bill_zip(resp.content)

    def check(self) -> str:
        r = self.query(f"CHECK{secrets.token_hex(8)}")
        return f"alipay ok (app {self.cfg.app_id}: signed query answered {r.reason or r.state})"


def parse_bill_zip(data: bytes) -> list[BillRow]:
    """The trade bill zip holds <pid>_<date>_业务明细.csv (and a 汇总 summary), GBK encoded:
    '#' comment lines, a header starting 支付宝交易号, detail lines, then '#' totals."""
    rows: list[BillRow] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            fixed = _zip_name(name)
            if "业务明细" not in fixed or "汇总" in fixed:
                continue
            text = z.read(name).decode("gbk")
            lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
            reader = csv.reader(lines)
            header = [h.strip() for h in next(reader)]
            col = {h: i for i, h in enumerate(header)}
            for v in reader:
                v = [f.strip() for f in v]
                kind = "refund" if v[col["业务类型"]] == "退款" else "pay"
                rows.append(
                    BillRow(
                        order_id=v[col["商户订单号"]],
                        transaction_id=v[col["支付宝交易号"]],
                        kind=kind,
                        amount_fen=abs(yuan_to_fen(v[col["订单金额（元）"]])),
                        at=v[col["完成时间"]],
                    )
                )
    return rows


def _zip_name(name: str) -> str:
    """Zip entries without the UTF-8 flag come back as cp437; Alipay writes them in GBK."""
    try:
        return name.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name
