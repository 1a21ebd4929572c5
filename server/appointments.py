"""Appointment slots, short holds while the citizen confirms, and bookings.

Capacity is checked under a lock on the slot row: every hold and booking first bumps
`slots.lock_version` (row lock on PostgreSQL, the write lock on SQLite), then counts bookings plus
live holds. Two kiosks therefore cannot both take the last place. Holds simply expire by time;
nothing needs sweeping.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from datetime import date, datetime, time, timedelta

from fastapi import APIRouter, Depends, Header, Query, Request
from pydantic import BaseModel
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from server.auth import kiosk_auth
from server.db import Booking, Hold, Slot, iso, utcnow
from server.errors import ApiError, ErrorBody
from server.records import canonical
from server.schemas import Id, Str, Strict

log = logging.getLogger("server.appointments")
router = APIRouter(prefix="/api/v1/appointments", tags=["appointments"])

CST = timedelta(hours=8)


class SlotOut(BaseModel):
    id: str
    start: str
    end: str
    free: int


class SlotList(BaseModel):
    slots: list[SlotOut]


class HoldIn(Strict):
    slot_id: Str(48, 1)  # type: ignore[valid-type]


class HoldAnswer(BaseModel):
    hold_id: str
    expires_at: str


class Contact(Strict):
    name: Str(64, 1)  # type: ignore[valid-type]
    phone: Str(32, 1)  # type: ignore[valid-type]


class BookingIn(Strict):
    hold_id: Str(40, 1)  # type: ignore[valid-type]
    item_code: Str(32, 1)  # type: ignore[valid-type]
    contact: Contact


class BookedSlot(BaseModel):
    id: str
    service: str
    start: str
    end: str


class BookingAnswer(BaseModel):
    booking_number: str
    slot: BookedSlot


def taken(s: Session, slot_id: str) -> int:
    now = utcnow()
    booked = (
        s.scalar(select(func.count()).select_from(Booking).where(Booking.slot_id == slot_id)) or 0
    )
    held = (
        s.scalar(
            select(func.count())
            .select_from(Hold)
            .where(Hold.slot_id == slot_id, Hold.used.is_(False), Hold.expires_at > now)
        )
        or 0
    )
    return booked + held


def _lock_slot(s: Session, slot_id: str) -> bool:
    res = s.execute(
        update(Slot).where(Slot.id == slot_id).values(lock_version=Slot.lock_version + 1)
    )
    return bool(res.rowcount)  # type: ignore[attr-defined]


@router.get("/slots", response_model=SlotList)
def get_slots(
    request: Request,
    service: str = Query(max_length=32),
    day: date = Query(alias="date"),
    _k: str = Depends(kiosk_auth),
) -> SlotList:
    try:  # the date is a Beijing-time day
        start = datetime.combine(day, time()) - CST
        end = start + timedelta(days=1)
    except OverflowError:
        return SlotList(slots=[])
    with request.app.state.sm() as s:
        rows = list(
            s.scalars(
                select(Slot)
                .where(Slot.service == service, Slot.start >= start, Slot.start < end)
                .order_by(Slot.start)
            )
        )
        return SlotList(
            slots=[
                SlotOut(
                    id=r.id,
                    start=iso(r.start) or "",
                    end=iso(r.end) or "",
                    free=max(0, r.capacity - taken(s, r.id)),
                )
                for r in rows
            ]
        )


@router.post(
    "/holds",
    response_model=HoldAnswer,
    responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def post_hold(body: HoldIn, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> HoldAnswer:
    seconds = request.app.state.settings.hold_seconds
    with request.app.state.sm.begin() as s:
        if not _lock_slot(s, body.slot_id):
            raise ApiError(404, "not_found")
        slot = s.get(Slot, body.slot_id)
        assert slot is not None
        if slot.start <= utcnow():
            raise ApiError(409, "slot_passed")
        if taken(s, slot.id) >= slot.capacity:
            log.info("hold refused: slot %s full", slot.id)
            raise ApiError(409, "full")
        hold = Hold(
            id=f"h-{uuid.uuid4().hex}",
            slot_id=slot.id,
            kiosk_id=kiosk_id,
            expires_at=utcnow() + timedelta(seconds=seconds),
        )
        s.add(hold)
    log.info("hold %s on slot %s kiosk=%s", hold.id, hold.slot_id, kiosk_id)
    return HoldAnswer(hold_id=hold.id, expires_at=iso(hold.expires_at) or "")


def _replay(s: Session, kiosk_id: str, key: str, digest: str) -> BookingAnswer | None:
    old = s.scalars(
        select(Booking).where(Booking.kiosk_id == kiosk_id, Booking.idempotency_key == key)
    ).first()
    if old is None:
        return None
    if old.body_sha256 != digest:
        raise ApiError(409, "conflict")
    return BookingAnswer.model_validate(old.answer)


def book(sm: sessionmaker[Session], kiosk_id: str, key: str, body: BookingIn) -> BookingAnswer:
    digest = hashlib.sha256(canonical(body.model_dump(mode="json")).encode()).hexdigest()
    try:
        with sm.begin() as s:
            hold = s.get(Hold, body.hold_id)
            if hold is None or hold.kiosk_id != kiosk_id:
                raise ApiError(404, "hold_not_found")
            # Lock the slot first: concurrent retries of this booking then run one after the
            # other, and each later one finds the first one's booking below.
            _lock_slot(s, hold.slot_id)
            again = _replay(s, kiosk_id, key, digest)
            if again is not None:
                return again
            s.refresh(hold)  # as of now, under the lock
            if hold.used:
                raise ApiError(409, "hold_used")
            if hold.expires_at <= utcnow():
                raise ApiError(410, "hold_expired")
            slot = s.get(Slot, hold.slot_id)
            assert slot is not None
            day = (slot.start + CST).strftime("%Y%m%d")
            number = f"BK{day}-{secrets.token_hex(5).upper()}"
            answer = BookingAnswer(
                booking_number=number,
                slot=BookedSlot(
                    id=slot.id,
                    service=slot.service,
                    start=iso(slot.start) or "",
                    end=iso(slot.end) or "",
                ),
            )
            hold.used = True
            s.add(
                Booking(
                    booking_number=number,
                    kiosk_id=kiosk_id,
                    idempotency_key=key,
                    body_sha256=digest,
                    hold_id=hold.id,
                    slot_id=slot.id,
                    item_code=body.item_code,
                    contact_name=body.contact.name,
                    contact_phone=body.contact.phone,
                    answer=answer.model_dump(mode="json"),
                )
            )
            s.flush()
    except IntegrityError:
        # A concurrent retry with the same key (or another booking on the same hold) won.
        with sm() as s:
            again = _replay(s, kiosk_id, key, digest)
        if again is None:
            raise ApiError(409, "hold_used") from None
        return again
    log.info("booking %s slot=%s kiosk=%s", answer.booking_number, answer.slot.id, kiosk_id)
    return answer


@router.post(
    "",
    response_model=BookingAnswer,
    responses={
        404: {"model": ErrorBody},
        409: {"model": ErrorBody},
        410: {"model": ErrorBody},
        422: {"model": ErrorBody},
    },
)
def post_booking(
    body: BookingIn,
    request: Request,
    kiosk_id: str = Depends(kiosk_auth),
    idempotency_key: Id | None = Header(default=None, alias="Idempotency-Key"),
) -> BookingAnswer:
    if not idempotency_key:
        raise ApiError(422, "idempotency_key_required")
    return book(request.app.state.sm, kiosk_id, idempotency_key, body)
