"""The kiosk's payment routes (server/payments.py) when real providers are configured.

Same wire answers as the simulator; behind them the provider is asked. Every order row is
written before the provider call it leads to, so a crash never leaves money we do not know
about. One function, apply(), moves an order from a provider's word — the kiosk's polling and
the provider's callback both go through it, so they cannot disagree, and a repeated callback
finds nothing left to change.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from server.db import CodeOrder, QrOrder, iso, utcnow
from server.errors import ApiError
from server.gateways.base import GatewayError, Result, State, Unreachable
from server.gateways.config import Gateways
from server.gateways.crypto import SignatureInvalid
from server.gateways.models import ProviderOrder
from server.payments import (
    CodeAnswer,
    CodeIn,
    CodeReversed,
    CodeStatus,
    QrAnswer,
    QrIn,
    QrStatus,
    _code_status,
    _hash,
    _status,
    refuse_another_charge,
)

log = logging.getLogger("server.gateways")

# ValueError: an answer that is not the JSON it should be (a proxy's error page …)
PROVIDER_TROUBLE = (GatewayError, Unreachable, SignatureInvalid, ValueError)


def _unavailable(what: str, order_id: str, exc: Exception) -> ApiError:
    # 503: the kiosk treats it as "no answer" and keeps its own rules (query, then reverse).
    log.warning("%s %s: provider trouble %s", what, order_id, exc)
    return ApiError(503, "gateway_unavailable")


def apply(o: QrOrder | CodeOrder, r: Result) -> bool:
    """Move our order to what the provider says; True when something changed. Money taken is
    never hidden: a paid answer for an order we closed is still recorded (the kiosk refunds)."""
    if r.amount_fen is not None and r.amount_fen != o.amount_fen and r.state == State.PAID:
        log.warning(
            "ALERT order %s: provider says paid %d fen, ours is %d fen: not marked paid",
            o.order_id,
            r.amount_fen,
            o.amount_fen,
        )
        return False
    before = o.status
    if isinstance(o, QrOrder):
        if r.state == State.PAID and o.status in ("pending", "expired", "cancelled"):
            o.status, o.paid_at, o.transaction_id = "paid", r.paid_at or utcnow(), r.transaction_id
        elif r.state == State.REFUNDED and o.status == "paid":
            o.status = "refunded"
        elif r.state == State.CLOSED and o.status == "pending":
            o.status = "cancelled"
    else:
        if r.state == State.PAID and o.status in ("user_paying", "failed"):
            o.status, o.paid_at = "paid", r.paid_at or utcnow()
            o.transaction_id = r.transaction_id
        elif r.state in (State.FAILED, State.CLOSED) and o.status == "user_paying":
            o.status = "failed"
    if o.status != before:
        log.info(
            "order %s: %s -> %s (provider %s)", o.order_id, before, o.status, r.reason or r.state
        )
        return True
    return False


def _provider_of(s: Session, order_id: str) -> ProviderOrder | None:
    return s.get(ProviderOrder, order_id)


# -- QR (Native / precreate) --------------------------------------------------------------------


def create_qr(
    sm: sessionmaker[Session], gws: Gateways, body: QrIn, kiosk_id: str, seconds: int
) -> QrAnswer:
    with sm.begin() as s:
        old = s.get(QrOrder, body.order_id)
        if old is not None:
            if (old.kiosk_id, old.amount_fen, old.description) != (
                kiosk_id,
                body.amount_fen,
                body.description,
            ):
                raise ApiError(409, "conflict")
            po = _provider_of(s, body.order_id)
            if po is not None and po.qr_text:
                return QrAnswer(
                    order_id=old.order_id, qr_text=po.qr_text, expires_at=iso(old.expires_at) or ""
                )
            expires_at, provider = old.expires_at, po.provider if po else gws.qr_provider
        else:
            expires_at, provider = utcnow() + timedelta(seconds=seconds), gws.qr_provider
            s.add(
                QrOrder(
                    order_id=body.order_id,
                    kiosk_id=kiosk_id,
                    amount_fen=body.amount_fen,
                    description=body.description,
                    status="pending",
                    expires_at=expires_at,
                )
            )
            s.add(ProviderOrder(order_id=body.order_id, kind="qr", provider=provider))
    try:
        # The provider is idempotent on the order number for the same amount: a retry after a
        # lost answer gets the same order.
        qr_text = gws.by_name[provider].create_qr(
            body.order_id, body.amount_fen, body.description, expires_at
        )
    except PROVIDER_TROUBLE as exc:
        raise _unavailable("qr order", body.order_id, exc) from exc
    with sm.begin() as s:
        po = s.get(ProviderOrder, body.order_id)
        assert po is not None
        po.qr_text = qr_text
    log.info(
        "qr order %s amount=%d kiosk=%s provider=%s",
        body.order_id,
        body.amount_fen,
        kiosk_id,
        provider,
    )
    return QrAnswer(order_id=body.order_id, qr_text=qr_text, expires_at=iso(expires_at) or "")


def _load_qr(s: Session, order_id: str, kiosk_id: str) -> tuple[QrOrder, ProviderOrder | None]:
    o = s.get(QrOrder, order_id[:64])
    if o is None or o.kiosk_id != kiosk_id:
        raise ApiError(404, "not_found")
    return o, _provider_of(s, o.order_id)


def _refresh_qr(sm: sessionmaker[Session], gws: Gateways, order_id: str, kiosk_id: str) -> QrStatus:
    with sm.begin() as s:
        o, po = _load_qr(s, order_id, kiosk_id)
        if o.status != "pending" or po is None:
            return _status(o)
        provider = po.provider
    r = gws.by_name[provider].query(o.order_id)  # outside the transaction: no lock over the network
    with sm.begin() as s:
        o, _po = _load_qr(s, order_id, kiosk_id)
        apply(o, r)
        if (
            o.status == "pending"
            and o.expires_at <= utcnow()
            and r.state in (State.PENDING, State.NOT_FOUND)
        ):
            o.status = "expired"  # the provider's time_expire has passed too
        return _status(o)


def get_qr(sm: sessionmaker[Session], gws: Gateways, order_id: str, kiosk_id: str) -> QrStatus:
    try:
        return _refresh_qr(sm, gws, order_id, kiosk_id)
    except PROVIDER_TROUBLE:
        with sm.begin() as s:  # the provider is silent: what we know (a callback may have come)
            return _status(_load_qr(s, order_id, kiosk_id)[0])


def cancel_qr(sm: sessionmaker[Session], gws: Gateways, order_id: str, kiosk_id: str) -> QrStatus:
    try:
        st = _refresh_qr(sm, gws, order_id, kiosk_id)
        if st.status == "paid":
            raise ApiError(409, "already_paid")
        if st.status not in ("pending", "expired"):
            return st
        with sm.begin() as s:
            o, po = _load_qr(s, order_id, kiosk_id)
            provider = po.provider if po else gws.qr_provider
        gws.by_name[provider].close(o.order_id)
    except PROVIDER_TROUBLE as exc:
        raise _unavailable("qr cancel", order_id, exc) from exc
    with sm.begin() as s:
        o, _po = _load_qr(s, order_id, kiosk_id)
        if o.status in ("pending", "expired"):
            o.status = "cancelled"
            log.info("qr order %s cancelled at the provider", o.order_id)
        return _status(o)


def refund_qr(sm: sessionmaker[Session], gws: Gateways, order_id: str, kiosk_id: str) -> QrStatus:
    try:
        st = _refresh_qr(sm, gws, order_id, kiosk_id)
        if st.status == "refunded":
            return st
        if st.status != "paid":
            raise ApiError(409, "not_paid", order_status=st.status)
        with sm.begin() as s:
            o, po = _load_qr(s, order_id, kiosk_id)
            provider = po.provider if po else gws.qr_provider
        gws.by_name[provider].refund(o.order_id, "R" + o.order_id[:63], o.amount_fen, o.amount_fen)
    except PROVIDER_TROUBLE as exc:
        raise _unavailable("qr refund", order_id, exc) from exc
    with sm.begin() as s:
        o, _po = _load_qr(s, order_id, kiosk_id)
        o.status = "refunded"
        log.info("qr order %s refunded at the provider", o.order_id)
        return _status(o)


# -- payment code (codepay / trade.pay) -------------------------------------------------------

_ANSWER = {  # the provider's state -> (result for the kiosk, reason)
    State.PAID: ("paid", "paid"),
    State.USER_PAYING: ("user_paying", "waiting_for_password"),
    State.FAILED: ("failed", "payment_failed"),
    State.UNKNOWN: ("system_error", "system_error"),  # unknown: the kiosk queries
}


def charge_code(
    sm: sessionmaker[Session], gws: Gateways, body: CodeIn, kiosk_id: str
) -> CodeAnswer:
    code_hash = _hash(body.auth_code)
    gw = gws.for_code(body.auth_code)
    with sm.begin() as s:
        old = s.get(CodeOrder, body.order_id)
        if old is not None:
            refuse_another_charge(old, kiosk_id, code_hash, body)
            if old.result:  # answered before: the same answer for its current state
                return CodeAnswer(
                    order_id=old.order_id,
                    result=old.status,  # type: ignore[arg-type]  # paid|user_paying|failed
                    transaction_id=old.transaction_id if old.status == "paid" else None,
                    reason=old.reason,
                )
            # No answer recorded (a crash or a lost answer mid-call): ask the provider again
            # with the same order number; it never charges one order number twice.
        else:
            s.add(
                CodeOrder(
                    order_id=body.order_id,
                    kiosk_id=kiosk_id,
                    amount_fen=body.amount_fen,
                    auth_code_hash=code_hash,
                    description=body.description,
                    status="user_paying" if gw else "failed",
                    result="" if gw else "failed",
                    reason="" if gw else "code_not_supported",
                    scenario="provider",
                    queries=0,
                    reverse_attempts=0,
                )
            )
            if gw is not None:
                s.add(ProviderOrder(order_id=body.order_id, kind="code", provider=gw.name))
    if gw is None:  # e.g. a UnionPay code with only WeChat/Alipay merchant accounts
        return CodeAnswer(
            order_id=body.order_id,
            result="failed",
            transaction_id=None,
            reason="code_not_supported",
        )
    r = gw.charge_code(body.order_id, body.auth_code, body.amount_fen, body.description)
    result, reason = _ANSWER.get(r.state, _ANSWER[State.UNKNOWN])
    if r.state == State.FAILED and r.reason:
        reason = r.reason  # the provider's refusal code (NOTENOUGH …): for journals and logs
    with sm.begin() as s:
        o = s.get(CodeOrder, body.order_id)
        assert o is not None
        if r.state == State.PAID and not apply(o, r) and o.status != "paid":
            # paid for another amount: not accepted (ALERT logged); the kiosk queries, then
            # reverses, and the money goes back
            result, reason = "system_error", "amount_mismatch"
        elif r.state == State.FAILED:
            o.status = "failed"
        o.result, o.reason = result, reason  # a repeated charge answers the same
    log.info(
        "code order %s amount=%d kiosk=%s provider=%s result=%s",
        body.order_id,
        body.amount_fen,
        kiosk_id,
        gw.name,
        result,
    )
    return CodeAnswer(
        order_id=body.order_id,
        result=result,  # type: ignore[arg-type]
        transaction_id=r.transaction_id if result == "paid" else None,
        reason=reason,
    )


def _load_code(s: Session, order_id: str, kiosk_id: str) -> CodeOrder:
    o = s.get(CodeOrder, order_id[:64])
    if o is None or o.kiosk_id != kiosk_id:
        raise ApiError(404, "not_found")
    return o


def get_code(sm: sessionmaker[Session], gws: Gateways, order_id: str, kiosk_id: str) -> CodeStatus:
    with sm.begin() as s:
        o = _load_code(s, order_id, kiosk_id)
        po = _provider_of(s, o.order_id)
        if o.status != "user_paying" or po is None:
            return _code_status(o)
        provider = po.provider
    try:
        r = gws.by_name[provider].query(o.order_id)
    except PROVIDER_TROUBLE as exc:
        raise _unavailable("code query", order_id, exc) from exc
    with sm.begin() as s:
        o = _load_code(s, order_id, kiosk_id)
        o.queries += 1
        if r.state == State.NOT_FOUND:
            # The charge never arrived: the kiosk reverses (and the number is dead after that).
            log.info("code order %s: the provider never saw it", o.order_id)
        apply(o, r)
        return _code_status(o)


def reverse_code(
    sm: sessionmaker[Session], gws: Gateways, order_id: str, kiosk_id: str
) -> CodeReversed:
    with sm.begin() as s:
        o = s.get(CodeOrder, order_id)
        if o is not None and o.kiosk_id != kiosk_id:
            raise ApiError(404, "not_found")
        if o is not None and o.status == "reversed":
            return CodeReversed(order_id=order_id, status="reversed")
        if o is None:  # tombstone first: a late charge with this number is refused from now on
            s.add(
                CodeOrder(
                    order_id=order_id,
                    kiosk_id=kiosk_id,
                    amount_fen=0,
                    status="user_paying",
                    result="",
                    reason="reversed before any charge arrived",
                    scenario="provider",
                    queries=0,
                    reverse_attempts=0,
                )
            )
        else:
            o.reverse_attempts += 1
        po = _provider_of(s, order_id)
        names = [po.provider] if po else list(gws.by_name)  # unknown provider: ask each
    try:
        for name in names:
            gws.by_name[name].reverse(order_id)
    except PROVIDER_TROUBLE as exc:
        raise ApiError(503, "reverse_failed") from exc
    with sm.begin() as s:
        o = s.get(CodeOrder, order_id)
        assert o is not None
        o.status, o.reversed_at = "reversed", utcnow()
    log.info("code order %s reversed at %s", order_id, ",".join(names))
    return CodeReversed(order_id=order_id, status="reversed")
