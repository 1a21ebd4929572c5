"""The one interface every payment gateway of the centre implements (server/payments.py calls it).

The kiosk's wire contract does not change: the centre turns the kiosk's calls into the
provider's, so no merchant key ever leaves the centre.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


class State(enum.StrEnum):
    """What the provider says about one order, in the centre's words."""

    PAID = "paid"
    USER_PAYING = "user_paying"  # the citizen must confirm on the phone: query again
    PENDING = "pending"  # a QR order nobody has paid yet
    FAILED = "failed"  # nothing charged (declined, code expired …)
    CLOSED = "closed"  # closed/reversed/cancelled: nothing charged, the number is dead
    REFUNDED = "refunded"
    UNKNOWN = "unknown"  # system error, timeout, unverifiable answer: query, then reverse
    NOT_FOUND = "not_found"  # the provider never saw the order


@dataclass(frozen=True)
class Result:
    order_id: str
    state: State
    amount_fen: int | None = None
    transaction_id: str | None = None
    paid_at: datetime | None = None
    reason: str = ""  # the provider's code (USERPAYING, ACQ.SYSTEM_ERROR …) for logs


@dataclass(frozen=True)
class BillRow:
    """One line of the provider's daily bill (对账单)."""

    order_id: str
    transaction_id: str
    kind: str  # "pay" | "refund"
    amount_fen: int
    at: str


class GatewayError(Exception):
    """The provider answered with an error we cannot turn into a state (bad merchant id …)."""

    def __init__(self, code: str, message: str = "", status: int = 0) -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.status = status


class Unreachable(Exception):
    """No answer from the provider (connection refused, DNS, timeout)."""


class Gateway(Protocol):
    name: str  # "wechat" | "alipay" | "simulator"

    def charge_code(
        self, order_id: str, auth_code: str, amount_fen: int, description: str
    ) -> Result: ...

    def create_qr(
        self, order_id: str, amount_fen: int, description: str, expires_at: datetime
    ) -> str:
        """The text the kiosk shows as a QR code (WeChat code_url, Alipay qr_code)."""
        ...

    def query(self, order_id: str) -> Result: ...

    def reverse(self, order_id: str) -> None:
        """Undo a payment-code order: money taken goes back, a pending one is closed."""
        ...

    def close(self, order_id: str) -> None:
        """Close an unpaid QR order so it can no longer be paid."""
        ...

    def refund(self, order_id: str, refund_id: str, amount_fen: int, total_fen: int) -> State: ...

    def parse_notify(self, headers: dict[str, str], body: bytes) -> Result:
        """Verify a callback (raises SignatureInvalid) and say what it reports."""
        ...

    def bill(self, day: date) -> list[BillRow]: ...

    def check(self) -> str:
        """Prove the credentials work with one harmless signed call; raises on failure."""
        ...


def yuan_to_fen(text: str) -> int:
    """Both bills and Alipay amounts are yuan with two decimals; never through float."""
    from decimal import Decimal

    value = Decimal(text.strip().lstrip("`¥").replace(",", "")) * 100
    if value != value.to_integral_value():
        raise ValueError(f"not a whole number of fen: {text!r}")
    return int(value)


def fen_to_yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def provider_for_auth_code(auth_code: str) -> str | None:
    """reference/devices.md §3: WeChat 10-15 + 16 digits, Alipay 25-30 + 14-22 digits."""
    if len(auth_code) == 18 and auth_code[:2] in {"10", "11", "12", "13", "14", "15"}:
        return "wechat"
    if 16 <= len(auth_code) <= 24 and 25 <= int(auth_code[:2]) <= 30:
        return "alipay"
    return None
