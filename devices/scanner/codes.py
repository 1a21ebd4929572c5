"""What a scanned code is. Payment-code rules (reference/devices.md §3, checked against the
WeChat Pay micropay and Alipay trade.pay documentation): WeChat 18 digits starting 10–15;
Alipay 16–24 digits starting 25–30; UnionPay QR payment code 19 digits starting 62."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class CodeKind(str, Enum):
    WECHAT_PAY = "wechat_pay"
    ALIPAY = "alipay"
    UNIONPAY = "unionpay"
    OTHER = "other"  # receipt numbers, URLs, anything else

    @property
    def is_payment(self) -> bool:
        return self is not CodeKind.OTHER


@dataclass(frozen=True, repr=False)
class ScannedCode:
    kind: CodeKind
    text: str

    def __repr__(self) -> str:  # payment codes are single-use secrets: keep them out of logs
        return f"ScannedCode({self.kind.value}, {len(self.text)} chars)"


def classify_code(text: str) -> ScannedCode:
    code = text.strip()
    if code.isascii() and code.isdigit():
        prefix = int(code[:2]) if len(code) >= 2 else -1
        if len(code) == 18 and 10 <= prefix <= 15:
            return ScannedCode(CodeKind.WECHAT_PAY, code)
        if 16 <= len(code) <= 24 and 25 <= prefix <= 30:
            return ScannedCode(CodeKind.ALIPAY, code)
        if len(code) == 19 and prefix == 62:
            return ScannedCode(CodeKind.UNIONPAY, code)
    return ScannedCode(CodeKind.OTHER, code)
