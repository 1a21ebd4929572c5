"""What a scanned code is: a payment code only when the whole code has the provider's shape
(every character an ASCII digit, the exact length, the prefix). Rules (reference/devices.md §3):
- WeChat Pay 付款码: 18 digits starting 10–15 (WeChat Pay, "Important Parameters", auth_code:
  https://pay.weixin.qq.com/wiki/doc/api/wxpay/en/guide/pos/ImportantParameters.shtml; micropay
  API https://pay.weixin.qq.com/wiki/doc/api/micropay.php?chapter=5_1);
- Alipay 付款码: 16–24 digits starting 25–30 (alipay.trade.pay, auth_code:
  https://opendocs.alipay.com/open/194/106039/);
- UnionPay QR payment code: 19 digits starting 62 (acquirers' integration notes; no public
  UnionPay page found).
None of the three publishes a check digit, so none is computed here. A code that arrived cut
short or glued to another is kept from this function by the scanner's burst rule (assembler.py):
a shape check cannot tell a 16-digit piece of a 20-digit Alipay code from a whole one."""

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
