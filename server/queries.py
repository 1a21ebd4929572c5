"""Citizen queries: case progress, traffic violations (and paying them), lost and found. Unknown
and not-yours look identical (404 or an empty list) so a kiosk cannot be used to enumerate cases
or people. Register photos are not served at all: the face check runs at the centre
(server/identify.py)."""

from __future__ import annotations

import hmac
import logging
from datetime import date, datetime, time, timedelta
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from server import collect, querylimits
from server.auth import kiosk_auth, operator_auth
from server.db import (
    Case,
    CaseEvent,
    CodeOrder,
    Kiosk,
    LostItem,
    QrOrder,
    Violation,
    ViolationPayment,
    iso,
    once_more_on_conflict,
    utcnow,
)
from server.errors import ApiError, ErrorBody
from server.notices import record_sms_notice
from server.schemas import Fen, Id, LocalText, Str, Strict

log = logging.getLogger("server.queries")
router = APIRouter(prefix="/api/v1", tags=["queries"])

CaseStatus = Literal[
    "received",
    "in_review",
    "approved",
    "rejected",
    "ready_for_pickup",
    "mailed",
    "completed",
    "need_materials",
]

# China Standard Time has no DST: a fixed offset is exact.
CST = timedelta(hours=8)

STATUS_NOTES: dict[str, tuple[str, str]] = {
    "received": ("已收到申请，等待审核", "Application received; waiting for review"),
    "in_review": ("正在审核", "Under review"),
    "approved": ("审核通过", "Approved"),
    "rejected": ("未通过审核", "Not approved"),
    "ready_for_pickup": ("证件已制作完成，可以领取", "Ready for pickup"),
    "mailed": ("已邮寄", "Sent by post"),
    "completed": ("已办结", "Completed"),
    "need_materials": ("需要补充材料", "More documents are needed"),
}


class HistoryEntry(BaseModel):
    at: str
    status: str
    note: LocalText


class CaseAnswer(BaseModel):
    case_number: str
    item_code: str
    status: str
    history: list[HistoryEntry]


class StatusChange(Strict):
    status: CaseStatus
    note: LocalText | Str(500) | None = None  # type: ignore[valid-type]


class ViolationOut(BaseModel):
    id: str
    time: str
    place: str
    description: LocalText
    fine_fen: int
    points: int
    paid: bool


class ViolationList(BaseModel):
    violations: list[ViolationOut]


class ViolationPaymentIn(Strict):
    payment_ref: Id
    amount_fen: Fen


class ViolationPaymentAnswer(BaseModel):
    violation_id: str
    payment_ref: str
    amount_fen: int
    paid: bool
    paid_at: str


class LostItemOut(BaseModel):
    id: str
    category: str
    description: LocalText
    found_at: str
    place: str
    station: LocalText


class LostItemList(BaseModel):
    items: list[LostItemOut]


def case_answer(s: Session, case: Case) -> CaseAnswer:
    events = s.scalars(
        select(CaseEvent)
        .where(CaseEvent.case_number == case.case_number)
        .order_by(CaseEvent.at, CaseEvent.id)
    )
    return CaseAnswer(
        case_number=case.case_number,
        item_code=case.item_code,
        status=case.status,
        history=[
            HistoryEntry(
                at=iso(e.at) or "", status=e.status, note=LocalText(zh=e.note_zh, en=e.note_en)
            )
            for e in events
        ],
    )


@router.get(
    "/cases/{case_number}",
    response_model=CaseAnswer,
    responses={404: {"model": ErrorBody}, 429: {"model": ErrorBody}},
)
def get_case(
    case_number: str,
    request: Request,
    id_last4: str = Query(max_length=8),
    kiosk_id: str = Depends(kiosk_auth),
) -> CaseAnswer:
    """Progress of a case for the last four ID characters; 404 for unknown and wrong alike, 429
    (Retry-After) when a limit of server.querylimits is reached."""
    cfg = request.app.state.settings
    number = case_number[:64]
    wrong = 0
    with request.app.state.sm.begin() as s:
        # Take the kiosk's row lock: its concurrent queries are counted one after the other.
        s.get(Kiosk, kiosk_id, with_for_update=True)
        now = utcnow()
        refusal = querylimits.check(s, cfg, kiosk_id, number, now)
        if refusal is not None:
            querylimits.audit(s, kiosk_id, number, refusal.error, now)
            answer = None
        else:
            case = s.get(Case, number)
            ok = (
                case is not None
                and case.id_last4 is not None
                and hmac.compare_digest(case.id_last4.encode(), id_last4.strip().upper().encode())
            )
            querylimits.audit(s, kiosk_id, number, "found" if ok else "wrong", now)
            answer = case_answer(s, case) if ok and case is not None else None
            wrong = 0 if ok else querylimits.wrong_guesses(s, cfg, number, now)
    if refusal is not None:
        log.warning("case query %r kiosk=%s refused: %s", number, kiosk_id, refusal.error)
        raise ApiError(
            429,
            refusal.error,
            retry_after_s=refusal.retry_after_s,
            headers={"Retry-After": str(refusal.retry_after_s)},
        )
    if answer is None:
        if wrong == cfg.case_wrong_before_lock:
            log.warning("case %r locked after %d wrong guesses (kiosk=%s)", number, wrong, kiosk_id)
        log.info("case query %r kiosk=%s: not found or digits differ", number, kiosk_id)
        raise ApiError(404, "not_found")
    return answer


@router.post(
    "/cases/{case_number}/status",
    response_model=CaseAnswer,
    responses={401: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)
def post_case_status(
    case_number: str, change: StatusChange, request: Request, _o: None = Depends(operator_auth)
) -> CaseAnswer:
    return move_case(request.app.state.sm, case_number, change)


def move_case(sm: sessionmaker[Session], case_number: str, change: StatusChange) -> CaseAnswer:
    """Move a case along; ready_for_pickup / mailed also record the citizen's SMS notice (once per
    case and status; a concurrent twin loses on the constraint and runs again)."""
    return once_more_on_conflict(lambda: _move_case(sm, case_number, change))


def _move_case(sm: sessionmaker[Session], case_number: str, change: StatusChange) -> CaseAnswer:
    zh, en = STATUS_NOTES[change.status]
    if isinstance(change.note, LocalText):
        zh, en = change.note.zh[:500], change.note.en[:500]
    elif isinstance(change.note, str) and change.note:
        zh = en = change.note
    with sm.begin() as s:
        case = s.get(Case, case_number[:64])
        if case is None:
            raise ApiError(404, "not_found")
        case.status = change.status
        case.updated_at = utcnow()
        s.add(CaseEvent(case_number=case.case_number, status=change.status, note_zh=zh, note_en=en))
        record_sms_notice(s, case, change.status)
        if change.status == "ready_for_pickup":
            collect.card_ready(s, case)  # 自助取证: the card goes into the applicant's kiosk
        s.flush()
        log.info("case %s moved to %s by operator", case.case_number, change.status)
        return case_answer(s, case)


def _violation_out(v: Violation) -> ViolationOut:
    return ViolationOut(
        id=v.id,
        time=iso(v.time) or "",
        place=v.place,
        description=LocalText(zh=v.description_zh, en=v.description_en),
        fine_fen=v.fine_fen,
        points=v.points,
        paid=v.paid,
    )


@router.get("/violations", response_model=ViolationList)
def get_violations(
    request: Request,
    plate: str = Query(max_length=16),
    id_number: str = Query(max_length=32),
    _k: str = Depends(kiosk_auth),
) -> ViolationList:
    plate_n = plate.strip().upper()
    with request.app.state.sm() as s:
        rows = s.scalars(
            select(Violation).where(Violation.plate == plate_n).order_by(Violation.time)
        )
        # Only the registered owner sees a plate's violations; anyone else sees none.
        mine = [
            _violation_out(v)
            for v in rows
            if hmac.compare_digest(v.owner_id_number.encode(), id_number.strip().upper().encode())
        ]
    log.info("violation query: %d found", len(mine))
    return ViolationList(violations=mine)


@router.post(
    "/violations/{violation_id}/payments",
    response_model=ViolationPaymentAnswer,
    responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
def pay_violation(
    violation_id: str,
    pay: ViolationPaymentIn,
    request: Request,
    kiosk_id: str = Depends(kiosk_auth),
) -> ViolationPaymentAnswer:
    return once_more_on_conflict(lambda: _pay(request.app.state.sm, violation_id, pay, kiosk_id))


def _pay(
    sm: sessionmaker[Session], violation_id: str, pay: ViolationPaymentIn, kiosk_id: str
) -> ViolationPaymentAnswer:
    with sm.begin() as s:
        # Lock the violation row first (PostgreSQL; SQLite already holds the write lock): a
        # concurrent retry then waits here and afterwards finds this payment by its reference.
        v = s.get(Violation, violation_id[:32], with_for_update=True)
        done = s.get(ViolationPayment, pay.payment_ref)
        if done is not None:  # idempotent on payment_ref
            if done.violation_id != violation_id[:32] or done.amount_fen != pay.amount_fen:
                raise ApiError(409, "conflict")
            return ViolationPaymentAnswer(
                violation_id=done.violation_id,
                payment_ref=done.payment_ref,
                amount_fen=done.amount_fen,
                paid=True,
                paid_at=iso(done.paid_at) or "",
            )
        if v is None:
            raise ApiError(404, "not_found")
        if v.paid:
            raise ApiError(409, "already_paid")
        if pay.amount_fen != v.fine_fen:
            raise ApiError(422, "amount_mismatch", fine_fen=v.fine_fen)
        order = s.get(QrOrder, pay.payment_ref) or s.get(CodeOrder, pay.payment_ref)
        if order is not None and order.status != "paid":
            # A reference from our own gateway must really be paid.
            raise ApiError(409, "payment_not_completed")
        v.paid = True
        rec = ViolationPayment(
            payment_ref=pay.payment_ref,
            violation_id=v.id,
            kiosk_id=kiosk_id,
            amount_fen=pay.amount_fen,
            paid_at=utcnow(),
        )
        s.add(rec)
        log.info("violation %s paid ref=%s kiosk=%s", v.id, pay.payment_ref, kiosk_id)
        return ViolationPaymentAnswer(
            violation_id=v.id,
            payment_ref=rec.payment_ref,
            amount_fen=rec.amount_fen,
            paid=True,
            paid_at=iso(rec.paid_at) or "",
        )


@router.get("/lost-found", response_model=LostItemList)
def get_lost_found(
    request: Request,
    category: str | None = Query(default=None, max_length=24),
    since: date | None = None,
    _k: str = Depends(kiosk_auth),
) -> LostItemList:
    with request.app.state.sm() as s:
        q = select(LostItem).order_by(LostItem.found_at.desc()).limit(200)
        if category:
            q = q.where(LostItem.category == category)
        if since is not None:
            try:
                start = (
                    datetime.combine(since, time()) - CST
                )  # the day starts at 00:00 Beijing time
            except OverflowError:
                start = datetime.min
            q = q.where(LostItem.found_at >= start)
        items = [
            LostItemOut(
                id=i.id,
                category=i.category,
                description=LocalText(zh=i.description_zh, en=i.description_en),
                found_at=iso(i.found_at) or "",
                place=i.place,
                station=LocalText(zh=i.station_zh, en=i.station_en),
            )
            for i in s.scalars(q)
        ]
    return LostItemList(items=items)
