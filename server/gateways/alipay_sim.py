"""A local Alipay OpenAPI simulator for contract tests and `check-gateways` dry runs.

One gateway URL (/gateway.do) taking the documented form post: it verifies our RSA2 sign with
the application public key (40002 isv.invalid-signature otherwise), signs the
`<method>_response` text with its own Alipay key, sends signed async notifications, and serves
the trade bill as a zip of GBK CSV. Faults are scripted per new trade.pay: SUCCESS, WAIT (10003,
paid once confirm() is called), SYSTEM_ERROR (20000 ACQ.SYSTEM_ERROR, money moved),
SYSTEM_ERROR_UNPAID, NOT_ENOUGH (40004 ACQ.BUYER_BALANCE_NOT_ENOUGH).
"""

from __future__ import annotations

import io
import json
import re
import secrets
import threading
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from server.gateways import crypto
from server.gateways.alipay import BEIJING, sign_content
from server.gateways.base import fen_to_yuan, yuan_to_fen
from server.gateways.simhttp import LocalServer

BILL_COLUMNS = (
    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,"
    "对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,"
    "券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注"
)


@dataclass
class SimTrade:
    out_trade_no: str
    amount: int
    status: str  # WAIT_BUYER_PAY | TRADE_SUCCESS | TRADE_CLOSED
    trade_no: str = field(
        default_factory=lambda: (
            datetime.now(BEIJING).strftime("%Y%m%d") + "22001" + uuid.uuid4().hex[:15]
        )
    )
    paid_at: datetime | None = None
    refunded: int = 0
    refund_no: str = ""


class AlipaySim:
    def __init__(
        self, app_id: str, app_public: rsa.RSAPublicKey, alipay_key: rsa.RSAPrivateKey | None = None
    ) -> None:
        self.app_id, self.app_public = app_id, app_public
        self.alipay_key = alipay_key or crypto.new_rsa_key()
        self.trades: dict[str, SimTrade] = {}
        self.script: list[str] = []
        self.lock = threading.Lock()
        self.rejected = 0
        self.sign_with: rsa.RSAPrivateKey | None = None
        self.bills: dict[str, bytes] = {}
        self.server = LocalServer(self.handle)
        self.url = self.server.url
        self.gateway_url = self.url + "/gateway.do"

    def start(self) -> AlipaySim:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    def confirm(self, out_trade_no: str) -> None:
        with self.lock:
            t = self.trades[out_trade_no]
            t.status, t.paid_at = "TRADE_SUCCESS", datetime.now(BEIJING)

    def notify(self, url: str, out_trade_no: str, tamper: bool = False) -> requests.Response:
        t = self.trades[out_trade_no]
        now = datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
        params = {
            "notify_time": now,
            "notify_type": "trade_status_sync",
            "notify_id": uuid.uuid4().hex,
            "app_id": self.app_id,
            "charset": "utf-8",
            "version": "1.0",
            "sign_type": "RSA2",
            "trade_no": t.trade_no,
            "out_trade_no": t.out_trade_no,
            "trade_status": t.status,
            "total_amount": fen_to_yuan(t.amount),
            "receipt_amount": fen_to_yuan(t.amount),
            "gmt_payment": (t.paid_at or datetime.now(BEIJING)).strftime("%Y-%m-%d %H:%M:%S"),
        }
        signed = {k: v for k, v in params.items() if k != "sign_type"}
        params["sign"] = crypto.sign(self.alipay_key, sign_content(signed).encode())
        if tamper:
            params["total_amount"] = fen_to_yuan(t.amount + 100)
        self.last_notice = params
        return requests.post(url, data=params, timeout=10)

    def resend(self, url: str) -> requests.Response:
        return requests.post(url, data=self.last_notice, timeout=10)

    def _answer(
        self, method: str, data: dict[str, Any], signed: bool = True
    ) -> tuple[int, dict[str, str], bytes]:
        key = method.replace(".", "_") + "_response"
        inner = json.dumps(data, ensure_ascii=False)
        body = f'{{"{key}":{inner}'
        if signed:
            body += f',"sign":"{crypto.sign(self.sign_with or self.alipay_key, inner.encode())}"'
        body += "}"
        return 200, {"Content-Type": "text/html;charset=utf-8"}, body.encode()

    def _biz_error(
        self, method: str, sub: str, msg: str, code: str = "40004"
    ) -> tuple[int, dict[str, str], bytes]:
        return self._answer(
            method,
            {
                "code": code,
                "msg": "Business Failed" if code == "40004" else "Service Currently Unavailable",
                "sub_code": sub,
                "sub_msg": msg,
            },
        )

    def handle(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        path = urlsplit(target).path
        if path.startswith("/bill/"):
            return 200, {"Content-Type": "application/zip"}, self.bills[path[6:]]
        params = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        api = params.get("method", "")
        sig = params.get("sign", "")
        try:
            if params.get("app_id") != self.app_id or params.get("sign_type") != "RSA2":
                raise crypto.SignatureInvalid("app")
            crypto.verify(self.app_public, sign_content(params).encode("utf-8"), sig)
        except crypto.SignatureInvalid:
            self.rejected += 1
            return self._answer(
                api or "error",
                {
                    "code": "40002",
                    "msg": "Invalid Arguments",
                    "sub_code": "isv.invalid-signature",
                    "sub_msg": "验签出错",
                },
                signed=False,
            )
        biz: dict[str, Any] = json.loads(params.get("biz_content") or "{}")
        with self.lock:
            return self._route(api, biz)

    def _route(self, api: str, biz: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        no = str(biz.get("out_trade_no", ""))
        t = self.trades.get(no)
        if api == "alipay.trade.pay":
            return self._pay(api, biz)
        if api == "alipay.trade.precreate":
            if t is None:
                self.trades[no] = SimTrade(no, yuan_to_fen(biz["total_amount"]), "WAIT_BUYER_PAY")
            return self._answer(
                api,
                {
                    "code": "10000",
                    "msg": "Success",
                    "out_trade_no": no,
                    "qr_code": f"https://qr.alipay.com/{secrets.token_hex(10)}",
                },
            )
        if (
            api in ("alipay.trade.query", "alipay.trade.cancel", "alipay.trade.refund")
            and t is None
        ):
            return self._biz_error(api, "ACQ.TRADE_NOT_EXIST", "交易不存在")
        assert t is not None or api == "alipay.data.dataservice.bill.downloadurl.query"
        if api == "alipay.trade.query":
            return self._answer(api, self._trade(t))  # type: ignore[arg-type]
        if api == "alipay.trade.cancel":
            action = "refund" if t.status == "TRADE_SUCCESS" else "close"  # type: ignore[union-attr]
            t.status = "TRADE_CLOSED"  # type: ignore[union-attr]
            return self._answer(
                api,
                {
                    "code": "10000",
                    "msg": "Success",
                    "out_trade_no": no,
                    "retry_flag": "N",
                    "action": action,
                },
            )
        if api == "alipay.trade.refund":
            if t.status != "TRADE_SUCCESS":  # type: ignore[union-attr]
                return self._biz_error(api, "ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
            t.refunded, t.refund_no = yuan_to_fen(biz["refund_amount"]), str(biz["out_request_no"])  # type: ignore[union-attr]
            if t.refunded == t.amount:  # type: ignore[union-attr]
                t.status = "TRADE_CLOSED"  # type: ignore[union-attr]
            return self._answer(
                api,
                {
                    "code": "10000",
                    "msg": "Success",
                    "out_trade_no": no,
                    "trade_no": t.trade_no,  # type: ignore[union-attr]
                    "fund_change": "Y",
                    "refund_fee": biz["refund_amount"],
                },
            )  # type: ignore[union-attr]
        if api == "alipay.data.dataservice.bill.downloadurl.query":
            token = secrets.token_hex(8)
            self.bills[token] = self.bill_zip(str(biz["bill_date"]))
            return self._answer(
                api,
                {
                    "code": "10000",
                    "msg": "Success",
                    "bill_download_url": f"{self.url}/bill/{token}",
                },
            )
        return self._answer(
            api,
            {"code": "40004", "msg": "Business Failed", "sub_code": "isv.invalid-method"},
            signed=False,
        )

    def _trade(self, t: SimTrade) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": "10000",
            "msg": "Success",
            "out_trade_no": t.out_trade_no,
            "trade_no": t.trade_no,
            "trade_status": t.status,
            "total_amount": fen_to_yuan(t.amount),
        }
        if t.paid_at:
            d["send_pay_date"] = t.paid_at.strftime("%Y-%m-%d %H:%M:%S")
        return d

    def _pay(self, api: str, biz: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        no = str(biz["out_trade_no"])
        if biz.get("scene") != "bar_code" or not re.fullmatch(
            r"(2[5-9]|30)\d{14,22}", str(biz.get("auth_code", ""))
        ):
            return self._biz_error(
                api, "ACQ.PAYMENT_AUTH_CODE_INVALID", "支付失败，获取顾客账户信息失败"
            )
        t = self.trades.get(no)
        if t is not None:
            if t.status == "TRADE_SUCCESS":
                return self._biz_error(api, "ACQ.TRADE_HAS_SUCCESS", "交易已被支付")
            if t.status == "TRADE_CLOSED":
                return self._biz_error(api, "ACQ.TRADE_HAS_CLOSE", "交易已经关闭")
        step = (
            self.script.pop(0)
            if len(self.script) > 1
            else (self.script[0] if self.script else "SUCCESS")
        )
        t = self.trades[no] = SimTrade(no, yuan_to_fen(biz["total_amount"]), "WAIT_BUYER_PAY")
        if step in ("SUCCESS", "SYSTEM_ERROR"):
            t.status, t.paid_at = "TRADE_SUCCESS", datetime.now(BEIJING)
        elif step in ("SYSTEM_ERROR_UNPAID", "NOT_ENOUGH"):
            t.status = "TRADE_CLOSED"
        if step.startswith("SYSTEM_ERROR"):
            return self._biz_error(api, "ACQ.SYSTEM_ERROR", "系统异常", code="20000")
        if step == "NOT_ENOUGH":
            return self._biz_error(api, "ACQ.BUYER_BALANCE_NOT_ENOUGH", "买家余额不足")
        if step == "WAIT":
            return self._answer(
                api,
                {
                    "code": "10003",
                    "msg": "order success pay inprocess",
                    "out_trade_no": no,
                    "trade_no": t.trade_no,
                    "total_amount": biz["total_amount"],
                },
            )
        d = self._trade(t)
        d.pop("trade_status")
        d["gmt_payment"] = d.pop("send_pay_date")
        return self._answer(api, d)

    def bill_zip(self, day: str) -> bytes:
        """The trade bill zip: 业务明细 (comment lines, header, detail, totals) and 汇总, GBK."""
        lines = [
            "#支付宝业务明细查询",
            f"#账号：[{self.app_id}]",
            f"#起始日期：[{day} 00:00:00]   终止日期：[{day} 23:59:59]",
            "#-----------------------------------------业务明细列表----------------------------------------",
            BILL_COLUMNS,
        ]
        for t in self.trades.values():
            if t.paid_at is None or t.paid_at.date().isoformat() != day:
                continue
            at = t.paid_at.strftime("%Y-%m-%d %H:%M:%S")
            lines.append(
                ",".join(
                    [
                        t.trade_no + "\t",
                        t.out_trade_no + "\t",
                        "交易",
                        "政务服务缴费",
                        at,
                        at,
                        "",
                        "",
                        "",
                        "",
                        "buy***@example.com",
                        fen_to_yuan(t.amount),
                        fen_to_yuan(t.amount),
                        "0.00",
                        "0.00",
                        "0.00",
                        "0.00",
                        "0.00",
                        "",
                        "0.00",
                        "0.00",
                        "",
                        "0.00",
                        "0.00",
                        "",
                    ]
                )
            )
            if t.refunded:
                lines.append(
                    ",".join(
                        [
                            t.trade_no + "\t",
                            t.out_trade_no + "\t",
                            "退款",
                            "政务服务缴费",
                            at,
                            at,
                            "",
                            "",
                            "",
                            "",
                            "buy***@example.com",
                            "-" + fen_to_yuan(t.refunded),
                            "-" + fen_to_yuan(t.refunded),
                            "0.00",
                            "0.00",
                            "0.00",
                            "0.00",
                            "0.00",
                            "",
                            "0.00",
                            "0.00",
                            t.refund_no,
                            "0.00",
                            "0.00",
                            "",
                        ]
                    )
                )
        lines += [
            "#-----------------------------------------业务明细列表结束------------------------------------",
            "#导出时间：[" + datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S") + "]",
        ]
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            stem = f"2088000000000000_{day.replace('-', '')}"
            # Alipay writes GBK names without the UTF-8 flag: store the raw GBK bytes as the name.
            for suffix, text in (
                ("_业务明细.csv", "\r\n".join(lines) + "\r\n"),
                ("_业务明细(汇总).csv", "#汇总\r\n"),
            ):
                info = zipfile.ZipInfo((stem + suffix).encode("gbk").decode("cp437"))
                z.writestr(info, text.encode("gbk"))
        return buf.getvalue()
