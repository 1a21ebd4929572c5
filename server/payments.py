"""Simulated QR payment gateway (the payment issue's stand-in for a real acquirer).

An order is idempotent on order_id: asking again with the same amount and description returns
the same QR; a different one is 409. Expiry is evaluated when the order is read, so an order
nobody looks at costs nothing.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from server.auth import kiosk_auth
from server.db import QrOrder, iso, once_more_on_conflict, utcnow
from server.errors import ApiError, ErrorBody
from server.schemas import Fen, Id, Str, Strict

log = logging.getLogger("server.payments")
router = APIRouter(prefix="/api/v1/pay/qr", tags=["payments"])


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
    status: Literal["pending", "paid", "expired", "cancelled"]
    amount_fen: int
    paid_at: str | None
    transaction_id: str | None


class SimulateIn(Strict):
    outcome: Literal["paid", "expired"]


def _qr(o: QrOrder) -> QrAnswer:
    return QrAnswer(
        order_id=o.order_id,
        qr_text=f"https://pay.example.invalid/qr/{o.order_id}",
        expires_at=iso(o.expires_at) or "",
    )


def _status(o: QrOrder) -> QrStatus:
    return QrStatus(
        order_id=o.order_id,
        status=o.status,  # type: ignore[arg-type]  # only ever set to one of the four
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


@router.post("", response_model=QrAnswer, responses={409: {"model": ErrorBody}})
def create_order(body: QrIn, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> QrAnswer:
    seconds: int = request.app.state.settings.qr_order_seconds
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


@router.get("/{order_id}", response_model=QrStatus, responses={404: {"model": ErrorBody}})
def get_order(order_id: str, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> QrStatus:
    with request.app.state.sm.begin() as s:
        return _status(_load(s, order_id, kiosk_id))


@router.post(
    "/{order_id}/cancel",
    response_model=QrStatus,
    responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def cancel_order(order_id: str, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> QrStatus:
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
    "/{order_id}/simulate",
    response_model=QrStatus,
    responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def simulate(
    order_id: str, body: SimulateIn, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> QrStatus:
    """Demo only: play the citizen's phone (pay) or the clock (expire)."""
    if not request.app.state.settings.demo:
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
