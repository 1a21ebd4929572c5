"""A local Alibaba Cloud SMS (dysmsapi 2017-05-25) simulator: a real HTTP server on 127.0.0.1 that
checks each request as the provider documents it and keeps the messages it accepted.

It verifies the RPC signature with its own canonicalisation (not the client's code), the
timestamp (±15 min) and that no SignatureNonce is used twice; SendSms needs a known approved
TemplateCode and a TemplateParam JSON with exactly the template's variables; a phone that is not
an 11-digit mainland mobile is isv.MOBILE_NUMBER_ILLEGAL. Scripted faults: ``fail_next`` (answer
the next n SendSms calls with an error code, e.g. isv.BUSINESS_LIMIT_CONTROL or isp.SYSTEM_ERROR
with HTTP 500), ``undeliverable`` numbers (accepted, then the receipt says SendStatus 2),
``hold_receipts`` (receipts stay SendStatus 1). It is the default provider of the demo and the
tests; it keeps the phone numbers it got in memory only and logs nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

from server.notices import TEXTS

# As a bureau would have them approved: the text without the 【signature】 (SignName adds it).
DEFAULT_TEMPLATES = {
    f"SMS_SIM_{kind.upper()}": re.sub(r"^【[^】]*】", "", zh).replace("{n}", "${case_number}")
    for kind, (zh, _en) in TEXTS.items()
}
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


@dataclass
class Message:
    biz_id: str
    phone: str
    template_code: str
    params: dict[str, str]
    text: str
    out_id: str
    sign_name: str
    at: datetime


@dataclass
class _Fault:
    code: str
    http_status: int
    remaining: int


def _enc(value: str) -> str:
    # RFC 3986 unreserved characters stay; everything else %XX of its UTF-8 bytes.
    out = []
    for byte in value.encode("utf-8"):
        ch = chr(byte)
        out.append(ch if ch.isascii() and (ch.isalnum() or ch in "-_.~") else f"%{byte:02X}")
    return "".join(out)


def expected_signature(method: str, params: dict[str, str], secret: str) -> str:
    pairs = sorted((k, v) for k, v in params.items() if k != "Signature")
    query = "&".join(_enc(k) + "=" + _enc(v) for k, v in pairs)
    to_sign = method + "&" + _enc("/") + "&" + _enc(query)
    mac = hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


@dataclass
class SimulatorState:
    keys: dict[str, str]
    templates: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TEMPLATES))
    pending_templates: set[str] = field(default_factory=set)  # TemplateStatus 0 (in review)
    messages: list[Message] = field(default_factory=list)
    undeliverable: set[str] = field(default_factory=set)
    hold_receipts: bool = False
    requests: list[str] = field(default_factory=list)  # the Action of every request, in order
    faults: list[_Fault] = field(default_factory=list)
    nonces: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


class AliyunSmsSimulator:
    def __init__(self, keys: dict[str, str] | None = None, port: int = 0) -> None:
        self.key_id = "LTAI-sim-" + secrets.token_hex(4)
        self.key_secret = secrets.token_urlsafe(24)
        self.state = SimulatorState(keys=keys or {self.key_id: self.key_secret})
        state = self.state

        class Handler(_Handler):
            sim = state

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def start(self) -> AliyunSmsSimulator:
        return self.__enter__()

    def fail_next(self, code: str, times: int = 1, http_status: int = 200) -> None:
        with self.state.lock:
            self.state.faults.append(_Fault(code, http_status, times))

    @property
    def messages(self) -> list[Message]:
        with self.state.lock:
            return list(self.state.messages)

    def sends(self) -> int:
        with self.state.lock:
            return self.state.requests.count("SendSms")


class _Handler(BaseHTTPRequestHandler):
    sim: SimulatorState

    def log_message(self, format: str, *args: object) -> None:
        pass  # request lines and bodies carry phone numbers

    def do_GET(self) -> None:
        query = urllib.parse.urlsplit(self.path).query
        self._handle("GET", query)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._handle("POST", self.rfile.read(length).decode("utf-8", "replace"))

    def _answer(self, status: int, body: dict[str, object]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, code: str, message: str) -> None:
        self._answer(status, {"RequestId": secrets.token_hex(8), "Code": code, "Message": message})

    def _handle(self, method: str, raw: str) -> None:
        params = dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))
        sim = self.sim
        secret = sim.keys.get(params.get("AccessKeyId", ""))
        if secret is None:
            return self._error(
                404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."
            )
        if params.get("SignatureMethod") != "HMAC-SHA1" or params.get("SignatureVersion") != "1.0":
            return self._error(400, "IncompleteSignature", "The request signature is incomplete.")
        good = expected_signature(method, params, secret)
        if not hmac.compare_digest(good, params.get("Signature", "")):
            return self._error(400, "SignatureDoesNotMatch", "Specified signature is not matched.")
        try:
            ts = datetime.strptime(params.get("Timestamp", ""), "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            return self._error(400, "InvalidTimeStamp.Format", "Timestamp format is invalid.")
        if abs(datetime.now(UTC) - ts.replace(tzinfo=UTC)) > timedelta(minutes=15):
            return self._error(400, "InvalidTimeStamp.Expired", "Timestamp has expired.")
        action = params.get("Action", "")
        with sim.lock:
            nonce = params.get("SignatureNonce", "")
            if not nonce or nonce in sim.nonces:
                return self._error(400, "SignatureNonceUsed", "The nonce has been used.")
            sim.nonces.add(nonce)
            sim.requests.append(action)
            if params.get("Version") != "2017-05-25":
                return self._error(
                    400, "InvalidVersion", "Specified parameter Version is not valid."
                )
            if action == "SendSms":
                return self._send(params)
            if action == "QuerySendDetails":
                return self._details(params)
            if action == "QuerySmsTemplate":
                return self._template(params)
        return self._error(404, "InvalidAction.NotFound", "Specified api is not found.")

    def _ok(self, **extra: object) -> None:
        self._answer(
            200, {"RequestId": secrets.token_hex(8), "Code": "OK", "Message": "OK", **extra}
        )

    def _send(self, p: dict[str, str]) -> None:
        sim = self.sim
        if sim.faults:
            fault = sim.faults[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                sim.faults.pop(0)
            return self._error(fault.http_status, fault.code, "scripted fault")
        phone, code = p.get("PhoneNumbers", ""), p.get("TemplateCode", "")
        if not _MOBILE.match(phone):
            return self._error(200, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
        if not p.get("SignName"):
            return self._error(200, "isv.SMS_SIGNATURE_ILLEGAL", "签名不合法")
        content = sim.templates.get(code)
        if content is None or code in sim.pending_templates:
            return self._error(200, "isv.SMS_TEMPLATE_ILLEGAL", "模板不合法")
        try:
            values = json.loads(p.get("TemplateParam", ""))
        except ValueError:
            return self._error(200, "isv.INVALID_JSON_PARAM", "JSON参数不合法")
        names = set(re.findall(r"\$\{(\w+)\}", content))
        if not isinstance(values, dict) or set(values) != names:
            return self._error(200, "isv.TEMPLATE_MISSING_PARAMETERS", "模板缺少变量")
        text = f"【{p['SignName']}】" + re.sub(
            r"\$\{(\w+)\}", lambda m: str(values[m.group(1)]), content
        )
        biz_id = f"{secrets.randbelow(10**12):012d}^0"
        sim.messages.append(
            Message(
                biz_id,
                phone,
                code,
                values,
                text,
                p.get("OutId", ""),
                p["SignName"],
                datetime.now(UTC),
            )
        )
        self._ok(BizId=biz_id)

    def _details(self, p: dict[str, str]) -> None:
        sim = self.sim
        phone, biz_id = p.get("PhoneNumber", ""), p.get("BizId", "")
        if not p.get("SendDate"):
            return self._error(200, "isv.INVALID_PARAMETERS", "SendDate is mandatory")
        rows = []
        for m in sim.messages:
            if m.phone != phone or (biz_id and m.biz_id != biz_id):
                continue
            if sim.hold_receipts:
                status, err = 1, ""
            elif phone in sim.undeliverable:
                status, err = 2, "UNDELIV"
            else:
                status, err = 3, "DELIVERED"
            rows.append(
                {
                    "PhoneNum": phone,
                    "SendStatus": status,
                    "ErrCode": err,
                    "TemplateCode": m.template_code,
                    "Content": m.text,
                    "SendDate": m.at.strftime("%Y-%m-%d %H:%M:%S"),
                    "ReceiveDate": m.at.strftime("%Y-%m-%d %H:%M:%S") if status != 1 else "",
                    "OutId": m.out_id,
                }
            )
        self._ok(TotalCount=len(rows), SmsSendDetailDTOs={"SmsSendDetailDTO": rows})

    def _template(self, p: dict[str, str]) -> None:
        code = p.get("TemplateCode", "")
        content = self.sim.templates.get(code)
        if content is None:
            return self._error(200, "isv.SMS_TEMPLATE_ILLEGAL", "模板不存在")
        status = 0 if code in self.sim.pending_templates else 1
        self._ok(TemplateCode=code, TemplateStatus=status, TemplateContent=content, TemplateType=1)
