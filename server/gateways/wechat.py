"""WeChat Pay API v3, direct merchant (普通商户), over its documented HTTP API.

Calls (pay.weixin.qq.com/docs/merchant/apis/…):
- 付款码支付 POST /v3/pay/transactions/codepay (code-payment-v3/direct/code-pay.html, 2025-02;
  the v2 XML /pay/micropay with MD5/HMAC-SHA256 sign is the older form of the same product; we use
  v3 so one signing scheme covers every call) and its 撤销 POST
  /v3/pay/transactions/out-trade-no/{no}/reverse (code-payment-v3/direct/reverse.html);
- Native 下单 POST /v3/pay/transactions/native → code_url; 关单 POST …/out-trade-no/{no}/close;
- 查单 GET /v3/pay/transactions/out-trade-no/{no}?mchid=…;
- 退款 POST /v3/refund/domestic/refunds;
- 交易账单 GET /v3/bill/tradebill?bill_date=…&bill_type=ALL → download_url (then a signed GET).

Signing (interface-rules/signature-generation.html): the message is
"METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n", SHA256withRSA with the merchant private key, sent as
`Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",
serial_no="…"`. Every answer and callback is verified (signature-verification.html):
"TIMESTAMP\\nNONCE\\nBODY\\n" against the platform public key named by Wechatpay-Serial, and the
timestamp must be within 5 minutes. An answer that does not verify is never trusted: a charge
becomes UNKNOWN (the kiosk queries, then reverses), anything else raises.

Error codes: v3 answers errors as HTTP 4xx/5xx with {"code", "message"}: SYSTEM_ERROR (500),
ORDER_NOT_EXIST (404), USERPAYING (付款码: the citizen must enter the password; the query then says
trade_state USERPAYING). The v2 spellings SYSTEMERROR / ORDERNOTEXIST are accepted too.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from server.gateways import crypto
from server.gateways.base import BillRow, GatewayError, Result, State, Unreachable, yuan_to_fen
from server.gateways.crypto import SignatureInvalid

log = logging.getLogger("server.gateways.wechat")

DEFAULT_BASE_URL = "https://api.mch.weixin.qq.com"
BEIJING = timezone(timedelta(hours=8))  # rfc3339 with +08:00, as the examples show
CLOCK_WINDOW_S = 300
TIMEOUT_S = 10.0

_TRADE_STATES = {
    "SUCCESS": State.PAID,
    "REFUND": State.REFUNDED,
    "NOTPAY": State.PENDING,
    "CLOSED": State.CLOSED,
    "REVOKED": State.CLOSED,
    "USERPAYING": State.USER_PAYING,
    "PAYERROR": State.FAILED,
    "ACCEPT": State.UNKNOWN,
}
_UNKNOWN_CODES = {"SYSTEM_ERROR", "SYSTEMERROR", "BANK_ERROR", "BANKERROR", "FREQUENCY_LIMITED"}
_NOT_FOUND_CODES = {"ORDER_NOT_EXIST", "ORDERNOTEXIST", "RESOURCE_NOT_EXISTS"}


@dataclass(frozen=True)
class WechatConfig:
    mchid: str
    appid: str
    serial_no: str  # the merchant API certificate's serial number
    private_key: rsa.RSAPrivateKey
    apiv3_key: bytes  # 32 bytes
    platform_serial: str  # 平台证书序列号 or 微信支付公钥ID (PUB_KEY_ID_…)
    platform_key: rsa.RSAPublicKey
    notify_url: str
    base_url: str = DEFAULT_BASE_URL
    store_id: str = "kiosk"  # scene_info.store_info.out_id (required by codepay)


class WechatPay:
    name = "wechat"

    def __init__(self, cfg: WechatConfig, session: requests.Session | None = None) -> None:
        self.cfg = cfg
        self.http = session or requests.Session()

    # -- transport --------------------------------------------------------------------------

    def authorization(self, method: str, target: str, body: str) -> str:
        ts, nonce = str(int(time.time())), secrets.token_hex(16)
        message = f"{method}\n{target}\n{ts}\n{nonce}\n{body}\n".encode()
        sig = crypto.sign(self.cfg.private_key, message)
        return (
            f'WECHATPAY2-SHA256-RSA2048 mchid="{self.cfg.mchid}",nonce_str="{nonce}",'
            f'signature="{sig}",timestamp="{ts}",serial_no="{self.cfg.serial_no}"'
        )

    def verify(self, headers: Any, body: bytes) -> None:
        """Raise SignatureInvalid unless the platform key signed exactly this body, recently."""
        h = {str(k).lower(): str(v) for k, v in headers.items()}  # HTTP names are case-blind
        ts = h.get("wechatpay-timestamp")
        nonce = h.get("wechatpay-nonce")
        sig = h.get("wechatpay-signature")
        serial = h.get("wechatpay-serial")
        if not (ts and nonce and sig and serial):
            raise SignatureInvalid("Wechatpay-* signature headers missing")
        if serial != self.cfg.platform_serial:
            raise SignatureInvalid(f"unknown platform serial {serial}")
        if not ts.isdigit() or abs(time.time() - int(ts)) > CLOCK_WINDOW_S:
            raise SignatureInvalid("Wechatpay-Timestamp outside 5 minutes")
        crypto.verify(self.cfg.platform_key, f"{ts}\n{nonce}\n".encode() + body + b"\n", sig)

    def _call(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        text = "" if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        headers = {
            "Authorization": self.authorization(method, path, text),
            "Accept": "application/json",
            "User-Agent": "police-kiosk-server",
        }
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            resp = self.http.request(
                method,
                self.cfg.base_url + path,
                data=text.encode() if body is not None else None,
                headers=headers,
                timeout=TIMEOUT_S,
            )
        except requests.RequestException as exc:
            raise Unreachable(f"WeChat Pay not reachable: {type(exc).__name__}") from exc
        self.verify(resp.headers, resp.content)
        data = json.loads(resp.content) if resp.content else {}
        return resp.status_code, data

    @staticmethod
    def _error(status: int, data: dict[str, Any]) -> GatewayError:
        return GatewayError(
            str(data.get("code", f"HTTP_{status}")), str(data.get("message", "")), status
        )

    def _result(self, data: dict[str, Any], fallback_id: str) -> Result:
        state = _TRADE_STATES.get(str(data.get("trade_state", "")), State.UNKNOWN)
        amount = data.get("amount") or {}
        paid_at = data.get("success_time")
        return Result(
            order_id=str(data.get("out_trade_no") or fallback_id),
            state=state,
            amount_fen=amount.get("total") if isinstance(amount.get("total"), int) else None,
            transaction_id=data.get("transaction_id"),
            paid_at=datetime.fromisoformat(paid_at) if paid_at else None,
            reason=str(data.get("trade_state", "")),
        )

    # -- calls ------------------------------------------------------------------------------

    def charge_code(
        self, order_id: str, auth_code: str, amount_fen: int, description: str
    ) -> Result:
        body = {
            "appid": self.cfg.appid,
            "mchid": self.cfg.mchid,
            "description": description or "政务服务缴费",
            "out_trade_no": order_id,
            "payer": {"auth_code": auth_code},
            "amount": {"total": amount_fen, "currency": "CNY"},
            "scene_info": {"store_info": {"out_id": self.cfg.store_id}},
        }
        try:
            status, data = self._call("POST", "/v3/pay/transactions/codepay", body)
        except (SignatureInvalid, Unreachable, ValueError) as exc:
            # The charge may have gone through: only a query can tell.
            log.warning("codepay %s: answer not usable (%s): query", order_id, type(exc).__name__)
            return Result(order_id, State.UNKNOWN, reason=type(exc).__name__)
        if 200 <= status < 300:
            return self._result(data, order_id)
        code = str(data.get("code", ""))
        if code == "USERPAYING":
            return Result(order_id, State.USER_PAYING, reason=code)
        if status >= 500 or code in _UNKNOWN_CODES:
            return Result(order_id, State.UNKNOWN, reason=code or f"HTTP_{status}")
        return Result(order_id, State.FAILED, reason=code or f"HTTP_{status}")

    def query(self, order_id: str) -> Result:
        status, data = self._call(
            "GET", f"/v3/pay/transactions/out-trade-no/{order_id}?mchid={self.cfg.mchid}"
        )
        if status == 200:
            return self._result(data, order_id)
        code = str(data.get("code", ""))
        if code in _NOT_FOUND_CODES:
            return Result(order_id, State.NOT_FOUND, reason=code)
        if status >= 500 or code in _UNKNOWN_CODES:
            return Result(order_id, State.UNKNOWN, reason=code)
        raise self._error(status, data)

    def reverse(self, order_id: str) -> None:
        status, data = self._call(
            "POST",
            f"/v3/pay/transactions/out-trade-no/{order_id}/reverse",
            {"appid": self.cfg.appid, "mchid": self.cfg.mchid},
        )
        if not 200 <= status < 300 and str(data.get("code")) not in _NOT_FOUND_CODES:
            raise self._error(status, data)

    def create_qr(
        self, order_id: str, amount_fen: int, description: str, expires_at: datetime
    ) -> str:
        status, data = self._call(
            "POST",
            "/v3/pay/transactions/native",
            {
                "appid": self.cfg.appid,
                "mchid": self.cfg.mchid,
                "description": description or "政务服务缴费",
                "out_trade_no": order_id,
                "time_expire": expires_at.astimezone(BEIJING).isoformat(timespec="seconds"),
                "notify_url": self.cfg.notify_url,
                "amount": {"total": amount_fen, "currency": "CNY"},
            },
        )
        if status != 200 or not data.get("code_url"):
            raise self._error(status, data)
        return str(data["code_url"])

    def close(self, order_id: str) -> None:
        status, data = self._call(
            "POST", f"/v3/pay/transactions/out-trade-no/{order_id}/close", {"mchid": self.cfg.mchid}
        )
        if status != 204 and not 200 <= status < 300:
            raise self._error(status, data)

    def refund(self, order_id: str, refund_id: str, amount_fen: int, total_fen: int) -> State:
        status, data = self._call(
            "POST",
            "/v3/refund/domestic/refunds",
            {
                "out_trade_no": order_id,
                "out_refund_no": refund_id,
                "amount": {"refund": amount_fen, "total": total_fen, "currency": "CNY"},
            },
        )
        if status != 200:
            raise self._error(status, data)
        # SUCCESS or PROCESSING: the money is on its way back; CLOSED/ABNORMAL need staff.
        if data.get("status") in ("SUCCESS", "PROCESSING"):
            return State.REFUNDED
        raise GatewayError(f"REFUND_{data.get('status')}", "refund not accepted", status)

    def parse_notify(self, headers: dict[str, str], body: bytes) -> Result:
        """支付通知 (jsapi-payment/payment-notice.html): verify the headers' signature over the
        raw body, then decrypt resource (AEAD_AES_256_GCM, APIv3 key) into the transaction."""
        self.verify(headers, body)
        doc = json.loads(body)
        res = doc.get("resource") or {}
        if res.get("algorithm") != "AEAD_AES_256_GCM":
            raise SignatureInvalid("unexpected resource algorithm")
        plain = crypto.aes_gcm_decrypt(
            self.cfg.apiv3_key,
            str(res.get("nonce", "")),
            str(res.get("associated_data", "")),
            str(res.get("ciphertext", "")),
        )
        tx = json.loads(plain)
        if tx.get("mchid") not in (None, self.cfg.mchid):
            raise SignatureInvalid("callback for another merchant")
        return self._result(tx, str(tx.get("out_trade_no", "")))

    def bill(self, day: date) -> list[BillRow]:
        status, data = self._call(
            "GET", f"/v3/bill/tradebill?bill_date={day.isoformat()}&bill_type=ALL"
        )
        if status != 200:
            if str(data.get("code")) == "NO_STATEMENT_EXIST":
                return []  # no trade that day: the bill is empty, not missing
            raise self._error(status, data)
        url = str(data["download_url"])
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            resp = self.http.get(
                url,
                headers={"Authorization": self.authorization("GET", target, "")},
                timeout=TIMEOUT_S,
            )
        except requests.RequestException as exc:
            raise Unreachable(f"WeChat Pay bill download failed: {type(exc).__name__}") from exc
        if resp.status_code != 200:
            raise GatewayError(f"HTTP_{resp.status_code}", "bill download", resp.status_code)
        # The file itself is not signed; its digest comes in the signed answer above.
        import hashlib

        if (
            data.get("hash_type") == "SHA1"
            and hashlib.sha1(resp.content).hexdigest() != str(data.get("hash_value", "")).lower()
        ):
            raise SignatureInvalid("bill file does not match its SHA1 from the signed answer")
        return parse_trade_bill(resp.content.decode("utf-8-sig"))

    def check(self) -> str:
        """A signed query for an order number that cannot exist: ORDER_NOT_EXIST proves the
        merchant key, serial and platform key all work (SIGN_ERROR / bad signature do not)."""
        r = self.query(f"CHECK{secrets.token_hex(8)}")
        return f"wechat ok (mchid {self.cfg.mchid}: signed query answered {r.reason or r.state})"


# Trade bill columns (下载账单-产品介绍 "交易账单" ALL): every value is prefixed with a backtick.
BILL_HEADER = (
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
    "交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,"
    "充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
)


def parse_trade_bill(text: str) -> list[BillRow]:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return []
    header = [h.strip() for h in lines[0].split(",")]
    col = {name: i for i, name in enumerate(header)}
    rows: list[BillRow] = []
    for line in lines[1:]:
        if line.startswith("总交易单数"):
            break  # the summary block follows the detail lines
        v = [f.strip().lstrip("`") for f in line.split(",")]
        refund = v[col["交易状态"]] == "REFUND"
        amount = v[col["退款金额"]] if refund else v[col["订单金额"]]
        rows.append(
            BillRow(
                order_id=v[col["商户订单号"]],
                transaction_id=v[col["微信订单号"]],
                kind="refund" if refund else "pay",
                amount_fen=yuan_to_fen(amount),
                at=v[col["交易时间"]],
            )
        )
    return rows
