"""Simulated payment gateway (the payment issue's stand-in for a real acquirer).

Dynamic QR (/pay/qr): an order is idempotent on order_id: asking again with the same amount and
description returns the same QR; a different one is 409. Expiry is evaluated when the order is
read, so an order nobody looks at costs nothing. A paid order can be refunded.

Payment code (/pay/code, WeChat-micropay style): the kiosk scans the code on the citizen's phone
and charges it. The answer may be paid, failed, user_paying (the citizen must confirm on the
phone: query) or system_error (unknown: query, then reverse). Reversing is always safe, even for
an order the gateway never saw: the number is then recorded as reversed and a late charge with it
is refused. The scanned code is a bearer credential: only its SHA-256 is stored, it is never
logged or echoed.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session, sessionmaker

from server.auth import kiosk_auth
from server.db import CodeOrder, QrOrder, iso, once_more_on_conflict, utcnow
from server.errors import ApiError, ErrorBody
from server.schemas import Fen, Id, Str, Strict

log = logging.getLogger("server.payments")
router = APIRouter(prefix="/api/v1/pay", tags=["payments"])
QR = "/qr"
CODE = "/code"


class QrIn(Strict):
    order_id: Id
    amount_fen: Fen
    description: Str(200) = ""  # type: ignore[valid-type]


class QrAnswer(BaseModel):
    order_id: str
    qr_text: str
    expires_at: str


class QrStatus(BaseModel):
    order_id: str
    status: Literal["pending", "paid", "expired", "cancelled", "refunded"]
    amount_fen: int
    paid_at: str | None
    transaction_id: str | None


class SimulateIn(Strict):
    outcome: Literal["paid", "expired"]


def _providers(request: Request) -> Any:
    """The configured payment providers (server/gateways), None for this built-in simulator."""
    return getattr(request.app.state, "gateways", None)


def _svc() -> Any:
    from server.gateways import service  # imported late: it builds on this module's schemas

    return service


def _qr(o: QrOrder) -> QrAnswer:
    return QrAnswer(
        order_id=o.order_id,
        qr_text=f"https://pay.example.invalid/qr/{o.order_id}",
        expires_at=iso(o.expires_at) or "",
    )


def _status(o: QrOrder) -> QrStatus:
    return QrStatus(
        order_id=o.order_id,
        status=o.status,  # type: ignore[arg-type]  # only ever set to one of the five
        amount_fen=o.amount_fen,
        paid_at=iso(o.paid_at),
        transaction_id=o.transaction_id,
    )


def _load(s: Session, order_id: str, kiosk_id: str) -> QrOrder:
    o = s.get(QrOrder, order_id[:64])
    if o is None or o.kiosk_id != kiosk_id:
        raise ApiError(404, "not_found")
    if o.status == "pending" and o.expires_at <= utcnow():
        o.status = "expired"
    return o


@router.post(QR, response_model=QrAnswer, responses={409: {"model": ErrorBody}})
def create_order(body: QrIn, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> QrAnswer:
    seconds: int = request.app.state.settings.qr_order_seconds
    if (gws := _providers(request)) is not None:
        return _svc().create_qr(request.app.state.sm, gws, body, kiosk_id, seconds)
    return once_more_on_conflict(lambda: _create(request.app.state.sm, body, kiosk_id, seconds))


def _create(sm: sessionmaker[Session], body: QrIn, kiosk_id: str, seconds: int) -> QrAnswer:
    with sm.begin() as s:
        old = s.get(QrOrder, body.order_id)
        if old is not None:
            if (old.kiosk_id, old.amount_fen, old.description) != (
                kiosk_id,
                body.amount_fen,
                body.description,
            ):
                raise ApiError(409, "conflict")
            return _qr(old)
        o = QrOrder(
            order_id=body.order_id,
            kiosk_id=kiosk_id,
            amount_fen=body.amount_fen,
            description=body.description,
            status="pending",
            expires_at=utcnow() + timedelta(seconds=seconds),
        )
        s.add(o)
    log.info("qr order %s amount=%d kiosk=%s", o.order_id, o.amount_fen, kiosk_id)
    return _qr(o)


@router.get(QR + "/{order_id}", response_model=QrStatus, responses={404: {"model": ErrorBody}})
def get_order(order_id: str, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> QrStatus:
    if (gws := _providers(request)) is not None:
        return _svc().get_qr(request.app.state.sm, gws, order_id, kiosk_id)
    with request.app.state.sm.begin() as s:
        return _status(_load(s, order_id, kiosk_id))


@router.post(
    QR + "/{order_id}/cancel",
    response_model=QrStatus,
    responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def cancel_order(order_id: str, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> QrStatus:
    if (gws := _providers(request)) is not None:
        return _svc().cancel_qr(request.app.state.sm, gws, order_id, kiosk_id)
    with request.app.state.sm.begin() as s:
        o = _load(s, order_id, kiosk_id)
        if o.status == "paid":
            raise ApiError(
                409, "already_paid"
            )  # the money moved: the kiosk must record it, not cancel
        if o.status == "pending":
            o.status = "cancelled"
            log.info("qr order %s cancelled", o.order_id)
        return _status(o)


@router.post(
    QR + "/{order_id}/simulate",
    response_model=QrStatus,
    responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def simulate(
    order_id: str, body: SimulateIn, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> QrStatus:
    """Demo only: play the citizen's phone (pay) or the clock (expire)."""
    if not request.app.state.settings.demo or _providers(request) is not None:
        raise ApiError(404, "not_found")
    with request.app.state.sm.begin() as s:
        o = _load(s, order_id, kiosk_id)
        if o.status != "pending":
            if o.status == body.outcome:
                return _status(o)
            raise ApiError(409, f"already_{o.status}")
        if body.outcome == "paid":
            o.status, o.paid_at, o.transaction_id = (
                "paid",
                utcnow(),
                f"T{uuid.uuid4().hex[:24].upper()}",
            )
        else:
            o.status = "expired"
        log.info("qr order %s simulated %s", o.order_id, o.status)
        return _status(o)


@router.post(
    QR + "/{order_id}/refund",
    response_model=QrStatus,
    responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def refund_order(order_id: str, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> QrStatus:
    """Give a paid order's money back in full (the business step failed after the payment).
    Idempotent: refunding a refunded order answers the same; an order never paid is 409."""
    if (gws := _providers(request)) is not None:
        return _svc().refund_qr(request.app.state.sm, gws, order_id, kiosk_id)
    with request.app.state.sm.begin() as s:
        o = _load(s, order_id, kiosk_id)
        if o.status == "paid":
            o.status = "refunded"
            log.info("qr order %s refunded", o.order_id)
        elif o.status != "refunded":
            raise ApiError(409, "not_paid", order_status=o.status)
        return _status(o)


# -- payment code (micropay) ------------------------------------------------------------------

# WeChat: 18 digits starting 10-15; Alipay: 16-24 digits starting 25-30; UnionPay QR: 19 digits
# starting 62 (reference/devices.md §3).
AUTH_CODE_PATTERN = r"^(?:1[0-5][0-9]{16}|(?:2[5-9]|30)[0-9]{14,22}|62[0-9]{17})$"
AuthCode = Annotated[str, Field(min_length=16, max_length=24, pattern=AUTH_CODE_PATTERN)]
ChargeFen = Annotated[int, Field(ge=1, le=10**12)]

CodeStep = Literal[
    "paid",
    "declined",
    "user_paying",
    "user_paying_forever",
    "system_error",
    "system_error_unpaid",
    "reverse_fails",
]
PAYING_QUERIES = 2  # "user_paying": the citizen confirms on the phone before the 2nd query
REVERSE_FAILURES = 2  # "reverse_fails": the first two reverse calls answer 503


class CodeIn(Strict):
    order_id: Id
    auth_code: AuthCode
    amount_fen: ChargeFen
    description: Str(200) = ""  # type: ignore[valid-type]


class CodeAnswer(BaseModel):
    order_id: str
    result: Literal["paid", "user_paying", "failed", "system_error"]
    transaction_id: str | None
    reason: str


class CodeStatus(BaseModel):
    order_id: str
    status: Literal["paid", "user_paying", "failed", "reversed"]
    amount_fen: int
    transaction_id: str | None
    paid_at: str | None


class CodeReversed(BaseModel):
    order_id: str
    status: Literal["reversed"]


class CodeScriptIn(Strict):
    steps: list[CodeStep] = Field(min_length=1, max_length=100)


class CodeScriptAnswer(BaseModel):
    steps: list[str]


class CodeScripts:
    """Demo scripts per kiosk, in memory: one step per new order, the last one repeats."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._steps: dict[str, list[str]] = {}

    def set(self, kiosk_id: str, steps: list[str]) -> list[str]:
        with self._lock:
            self._steps[kiosk_id] = list(steps)
            return list(steps)

    def take(self, kiosk_id: str) -> tuple[str, bool]:
        """The next step and whether it was used up (to give it back if the order is not made)."""
        with self._lock:
            steps = self._steps.get(kiosk_id)
            if not steps:
                return "paid", False
            if len(steps) > 1:
                return steps.pop(0), True
            return steps[0], False

    def give_back(self, kiosk_id: str, step: str) -> None:
        with self._lock:
            self._steps.setdefault(kiosk_id, []).insert(0, step)


_scripts_lock = threading.Lock()


def _scripts(request: Request) -> CodeScripts:
    state = request.app.state
    with _scripts_lock:
        scripts = getattr(state, "code_scripts", None)
        if scripts is None:
            scripts = state.code_scripts = CodeScripts()
    return scripts  # type: ignore[no-any-return]


def _hash(auth_code: str) -> str:
    return hashlib.sha256(auth_code.encode("ascii")).hexdigest()


def _transaction_id() -> str:
    return f"T{uuid.uuid4().hex[:24].upper()}"


# step -> (status stored, result answered, money moved, reason: a short code, like WeChat's
# err_code, for the kiosk's journal and logs; the kiosk shows its own words)
_OUTCOMES: dict[str, tuple[str, str, bool, str]] = {
    "paid": ("paid", "paid", True, "paid"),
    "reverse_fails": ("paid", "paid", True, "paid"),
    "declined": ("failed", "failed", False, "insufficient_balance"),
    "user_paying": ("user_paying", "user_paying", False, "waiting_for_password"),
    "user_paying_forever": ("user_paying", "user_paying", False, "waiting_for_password"),
    "system_error": ("paid", "system_error", True, "system_error"),
    "system_error_unpaid": ("failed", "system_error", False, "system_error"),
}

# What a repeated charge answers for an order's current state (the declined reason is kept).
_REPLAY = {
    "paid": ("paid", "paid"),
    "user_paying": ("user_paying", "waiting_for_password"),
    "failed": ("failed", "payment_failed"),
}


def _code_status(o: CodeOrder) -> CodeStatus:
    return CodeStatus(
        order_id=o.order_id,
        status=o.status,  # type: ignore[arg-type]  # only ever set to one of the four
        amount_fen=o.amount_fen,
        transaction_id=o.transaction_id,
        paid_at=iso(o.paid_at),
    )


def _load_code(s: Session, order_id: str, kiosk_id: str) -> CodeOrder:
    o = s.get(CodeOrder, order_id[:64])
    if o is None or o.kiosk_id != kiosk_id:
        raise ApiError(404, "not_found")
    return o


def _pay(o: CodeOrder) -> None:
    o.status, o.paid_at = "paid", utcnow()
    o.transaction_id = o.transaction_id or _transaction_id()


@router.post(
    CODE,
    response_model=CodeAnswer,
    responses={409: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
def charge_code(body: CodeIn, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> CodeAnswer:
    """Charge a payment code scanned from the citizen's phone. Idempotent on order_id: the same
    code, amount and description again answer the order's current state without a second
    charge; a different body is 409 conflict; a reversed order number is 409 order_reversed."""
    if (gws := _providers(request)) is not None:
        return once_more_on_conflict(
            lambda: _svc().charge_code(request.app.state.sm, gws, body, kiosk_id)
        )
    scripts = _scripts(request)
    return once_more_on_conflict(
        lambda: _charge(request.app.state.sm, scripts, body, kiosk_id)
    )


def refuse_another_charge(old: CodeOrder, kiosk_id: str, code_hash: str, body: CodeIn) -> None:
    """A charge repeated under an order id already used must be that same charge, from the same
    kiosk, on an order not reversed: anything else is refused (409), never charged."""
    if old.kiosk_id != kiosk_id:
        raise ApiError(409, "conflict")
    if old.status == "reversed":
        raise ApiError(409, "order_reversed")
    if (old.auth_code_hash, old.amount_fen, old.description) != (
        code_hash,
        body.amount_fen,
        body.description,
    ):
        raise ApiError(409, "conflict")


def _charge(
    sm: sessionmaker[Session], scripts: CodeScripts, body: CodeIn, kiosk_id: str
) -> CodeAnswer:
    code_hash = _hash(body.auth_code)
    step, used = "paid", False
    try:
        with sm.begin() as s:
            old = s.get(CodeOrder, body.order_id)
            if old is not None:
                refuse_another_charge(old, kiosk_id, code_hash, body)
                result, reason = _REPLAY[old.status]
                return CodeAnswer(
                    order_id=old.order_id,
                    result=result,  # type: ignore[arg-type]
                    transaction_id=old.transaction_id,
                    reason=old.reason if old.scenario == "declined" else reason,
                )
            step, used = scripts.take(kiosk_id)
            status, result, moved, reason = _OUTCOMES[step]
            o = CodeOrder(
                order_id=body.order_id,
                kiosk_id=kiosk_id,
                amount_fen=body.amount_fen,
                auth_code_hash=code_hash,
                description=body.description,
                status=status,
                result=result,
                reason=reason,
                scenario=step,
                queries=0,
                reverse_attempts=0,
            )
            if moved:
                _pay(o)
            s.add(o)
    except Exception:
        if used:  # the order was not made: the next one gets this step
            scripts.give_back(kiosk_id, step)
        raise
    log.info(
        "code order %s amount=%d kiosk=%s result=%s", o.order_id, o.amount_fen, kiosk_id, result
    )
    # system_error: the money may have moved (it did, or did not), the kiosk must query
    return CodeAnswer(
        order_id=o.order_id,
        result=result,  # type: ignore[arg-type]
        transaction_id=o.transaction_id if result == "paid" else None,
        reason=reason,
    )


@router.get(
    CODE + "/{order_id}", response_model=CodeStatus, responses={404: {"model": ErrorBody}}
)
def get_code_order(
    order_id: str, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> CodeStatus:
    """Query a payment-code order (404 when the gateway never saw it)."""
    if (gws := _providers(request)) is not None:
        return _svc().get_code(request.app.state.sm, gws, order_id, kiosk_id)
    with request.app.state.sm.begin() as s:
        o = _load_code(s, order_id, kiosk_id)
        o.queries += 1
        confirmed = o.scenario == "user_paying" and o.queries >= PAYING_QUERIES
        if o.status == "user_paying" and confirmed:
            _pay(o)
            log.info("code order %s paid (the payer confirmed)", o.order_id)
        return _code_status(o)


@router.post(
    CODE + "/{order_id}/reverse",
    response_model=CodeReversed,
    responses={404: {"model": ErrorBody}, 503: {"model": ErrorBody}},
)
def reverse_code_order(
    order_id: str, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> CodeReversed:
    """Undo a payment-code order: money taken is returned, a pending payment is closed. Safe for
    an order the gateway never saw (the number is recorded as reversed, so the charge, should
    it still arrive, is refused). Idempotent. 503 reverse_failed: try again."""
    oid = order_id[:64]
    if (gws := _providers(request)) is not None:
        return _svc().reverse_code(request.app.state.sm, gws, oid, kiosk_id)
    return once_more_on_conflict(lambda: _reverse(request.app.state.sm, oid, kiosk_id))


def _reverse(sm: sessionmaker[Session], order_id: str, kiosk_id: str) -> CodeReversed:
    failed = False
    with sm.begin() as s:
        o = s.get(CodeOrder, order_id)
        if o is None:
            s.add(
                CodeOrder(
                    order_id=order_id,
                    kiosk_id=kiosk_id,
                    amount_fen=0,
                    status="reversed",
                    result="",
                    reason="reversed before any charge arrived",
                    scenario="",
                    reversed_at=utcnow(),
                    queries=0,
                    reverse_attempts=1,
                )
            )
            log.info("code order %s reversed before any charge arrived", order_id)
        elif o.kiosk_id != kiosk_id:
            raise ApiError(404, "not_found")
        elif o.status != "reversed":
            o.reverse_attempts += 1
            if o.scenario == "reverse_fails" and o.reverse_attempts <= REVERSE_FAILURES:
                failed = True  # committed: the attempt counts
            else:
                o.status, o.reversed_at = "reversed", utcnow()
                log.info("code order %s reversed", o.order_id)
    if failed:
        log.info("code order %s: reverse failed (scripted)", order_id)
        raise ApiError(503, "reverse_failed")
    return CodeReversed(order_id=order_id, status="reversed")


@router.post(
    CODE + "/script",
    response_model=CodeScriptAnswer,
    responses={404: {"model": ErrorBody}},
)
def script_codes(
    body: CodeScriptIn, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> CodeScriptAnswer:
    """Demo only: how the gateway answers this kiosk's next payment-code orders, one step per
    new order, the last step repeating. paid, declined, user_paying (paid at the 2nd query),
    user_paying_forever, system_error (money moved), system_error_unpaid, reverse_fails (paid;
    the first two reverse calls answer 503)."""
    if not request.app.state.settings.demo or _providers(request) is not None:
        raise ApiError(404, "not_found")
    steps = _scripts(request).set(kiosk_id, list(body.steps))
    log.info("code script for kiosk %s: %s", kiosk_id, ",".join(steps))
    return CodeScriptAnswer(steps=steps)
