"""SMS provider interface and its Alibaba Cloud SMS implementation (dysmsapi, API version
2017-05-25), through the documented HTTP API (RPC style) with ``requests``.

Why no SDK: ``alibabacloud-dysmsapi20170525`` (Apache-2.0, maintained) pulls in the Tea/Darabonba
runtime (alibabacloud-tea-openapi, -tea-util, -credentials, -gateway-spi, …) for three calls whose
wire format is a form POST signed with HMAC-SHA1; ``tencentcloud-sdk-python-sms`` would be the
same trade. The signature is 20 lines, tested against the documented example vector.

Wire format (Alibaba Cloud "Signature mechanism" for RPC APIs,
https://help.aliyun.com/en/cmn/developer-reference/signature-mechanism): every parameter but
``Signature`` sorted by name, names and values percent-encoded (RFC 3986, space as %20, ``~``
kept), joined ``k=v&…``; StringToSign = ``METHOD&%2F&`` + percentEncode(that string);
Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)).
We POST the parameters as an ``application/x-www-form-urlencoded`` body, so the phone number is
not in a request line that an HTTP library may log.

Calls: SendSms (PhoneNumbers, SignName, TemplateCode, TemplateParam JSON, OutId → BizId),
QuerySendDetails (PhoneNumber, BizId, SendDate yyyyMMdd in China time → SmsSendDetailDTOs with
SendStatus 1 waiting / 2 failed / 3 delivered and ErrCode), QuerySmsTemplate (TemplateCode →
TemplateStatus 0 in review / 1 approved / 2 refused, TemplateContent) for check-gateways.
Error codes: "Domestic SMS API error codes", https://help.aliyun.com/en/sms/developer-reference/
api-error-codes (isv.BUSINESS_LIMIT_CONTROL: provider flow control; isp.SYSTEM_ERROR;
isv.MOBILE_NUMBER_ILLEGAL; isp.RAM_PERMISSION_DENY …).

Nothing here logs the phone number; errors carry the provider's code only, never its message
(which may quote the request).
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Protocol
from urllib.parse import quote

import requests

API_VERSION = "2017-05-25"
DEFAULT_ENDPOINT = "https://dysmsapi.aliyuncs.com"
CHINA = timezone(timedelta(hours=8))  # QuerySendDetails' SendDate is a China calendar date

# Worth trying again later: the provider's flow control and its own faults.
TRANSIENT_CODES = frozenset(
    {
        "isv.BUSINESS_LIMIT_CONTROL",
        "isv.DAY_LIMIT_CONTROL",
        "isv.MONTH_LIMIT_CONTROL",
        "isp.SYSTEM_ERROR",
        "isp.GATEWAY_ERROR",
        "Throttling",
        "Throttling.User",
        "Throttling.Api",
        "ServiceUnavailable",
        "InternalError",
        "SignatureNonceUsed",
    }
)
# Our keys or their permissions are wrong: nothing will go until a person fixes the
# configuration, so notices wait (retried) instead of being failed one by one.
CREDENTIAL_CODES = frozenset(
    {
        "SignatureDoesNotMatch",
        "IncompleteSignature",
        "InvalidAccessKeyId.NotFound",
        "InvalidAccessKeyId.Inactive",
        "isp.RAM_PERMISSION_DENY",
        "isv.ACCOUNT_NOT_EXISTS",
        "isv.ACCOUNT_ABNORMAL",
        "Forbidden.RAM",
    }
)


class SmsError(Exception):
    """The provider refused or could not be asked. ``code`` is the provider's error code (or
    ``unreachable`` / ``HTTP_<n>``); never the provider's message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def transient(self) -> bool:
        return self.code in TRANSIENT_CODES or self.unreachable or self.bad_credentials

    @property
    def unreachable(self) -> bool:
        return self.code == "unreachable" or self.code.startswith("HTTP_5")

    @property
    def bad_credentials(self) -> bool:
        return self.code in CREDENTIAL_CODES


class Delivery(enum.Enum):
    WAITING = 1
    FAILED = 2
    DELIVERED = 3


@dataclass(frozen=True)
class Receipt:
    state: Delivery
    code: str  # the provider's ErrCode ("DELIVERED", a carrier code, …)


@dataclass(frozen=True)
class Template:
    """A template approved at the provider: its code and the names of its variables."""

    code: str
    params: tuple[str, ...]


class SmsProvider(Protocol):
    def send(self, phone: str, template: Template, params: dict[str, str], out_id: str) -> str:
        """Submit one templated message; returns the provider's receipt id (BizId)."""
        ...

    def delivery(self, phone: str, biz_id: str, sent_at: datetime) -> Receipt:
        """The delivery receipt of a message sent at ``sent_at``."""
        ...

    def template_status(self, template: Template) -> str:
        """'' when the template is approved and has exactly these variables, else why not."""
        ...


def percent_encode(value: str) -> str:
    return quote(value, safe="~")


def rpc_signature(method: str, params: dict[str, str], secret: str) -> str:
    canonical = "&".join(
        f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items())
    )
    to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def template_variables(content: str) -> tuple[str, ...]:
    """The ${name} variables of a template text, in order."""
    out: list[str] = []
    rest = content
    while "${" in rest:
        rest = rest.split("${", 1)[1]
        name, _, rest = rest.partition("}")
        if name not in out:
            out.append(name)
    return tuple(out)


class AliyunSms:
    """Alibaba Cloud SMS over its RPC HTTP API."""

    def __init__(
        self,
        endpoint: str,
        access_key_id: str,
        access_key_secret: str,
        sign_name: str,
        timeout: tuple[float, float] = (5.0, 15.0),
    ) -> None:
        self.endpoint = endpoint.rstrip("/") + "/"
        self._key_id = access_key_id
        self._secret = access_key_secret
        self.sign_name = sign_name
        self.timeout = timeout
        self._http = requests.Session()

    def _call(self, action: str, params: dict[str, str]) -> dict[str, object]:
        form = {
            "AccessKeyId": self._key_id,
            "Action": action,
            "Format": "JSON",
            "RegionId": "cn-hangzhou",
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": API_VERSION,
            **params,
        }
        form["Signature"] = rpc_signature("POST", form, self._secret)
        try:
            resp = self._http.post(self.endpoint, data=form, timeout=self.timeout)
        except requests.RequestException as exc:
            raise SmsError("unreachable") from exc
        try:
            body = resp.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise SmsError(f"HTTP_{resp.status_code}")
        code = str(body.get("Code", f"HTTP_{resp.status_code}"))
        if code != "OK":
            raise SmsError(code)
        return body

    def send(self, phone: str, template: Template, params: dict[str, str], out_id: str) -> str:
        body = self._call(
            "SendSms",
            {
                "PhoneNumbers": phone,
                "SignName": self.sign_name,
                "TemplateCode": template.code,
                "TemplateParam": json.dumps(params, ensure_ascii=False, separators=(",", ":")),
                "OutId": out_id,
            },
        )
        return str(body.get("BizId", ""))

    def delivery(self, phone: str, biz_id: str, sent_at: datetime) -> Receipt:
        body = self._call(
            "QuerySendDetails",
            {
                "PhoneNumber": phone,
                "BizId": biz_id,
                "SendDate": sent_at.astimezone(CHINA).strftime("%Y%m%d"),
                "PageSize": "10",
                "CurrentPage": "1",
            },
        )
        dtos = body.get("SmsSendDetailDTOs")
        rows = dtos.get("SmsSendDetailDTO") if isinstance(dtos, dict) else None
        if not isinstance(rows, list) or not rows or not isinstance(rows[0], dict):
            return Receipt(Delivery.WAITING, "")  # not in the provider's records yet
        row = rows[0]
        try:
            state = Delivery(int(row.get("SendStatus", 1)))
        except ValueError:
            state = Delivery.WAITING
        return Receipt(state, str(row.get("ErrCode", "")))

    def template_status(self, template: Template) -> str:
        body = self._call("QuerySmsTemplate", {"TemplateCode": template.code})
        status = body.get("TemplateStatus")
        if str(status) != "1":
            return f"template {template.code} is not approved (TemplateStatus {status})"
        found = template_variables(str(body.get("TemplateContent", "")))
        if sorted(found) != sorted(template.params):
            return (
                f"template {template.code} has variables {list(found)}, "
                f"the configuration names {list(template.params)}"
            )
        return ""
