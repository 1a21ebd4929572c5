"""Outbox records from kiosks: idempotent on (kiosk id, record id), permanently.

* first time → 201 and the stored answer; same id + same body → 200 and exactly that answer;
  same id + different body → 409. "Same body" means the same canonical JSON (sorted keys), so a
  retry serialised differently by another library is still the same record.
* each record commits in its own transaction together with its side effects (a case row for a
  submission, a help call for a help_call), so a record and its effects exist exactly once.
* two identical requests racing: both may miss the first read; the primary key lets one insert
  win and the other gets IntegrityError, rolls back and re-reads the winner's answer.
* fines paid through a case: a submission's ``payload.payments[].violations`` (violation ids) are
  marked paid in the same transaction as the case. Whatever is wrong with them (unknown, already
  paid, amounts that do not add up) never refuses the record — the money was taken at the kiosk —
  but is flagged for staff: a warning in the log and a note in the case's history.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from typing import Any, Literal

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from server import casenumbers
from server.auth import kiosk_auth
from server.db import (
    Case,
    CaseEvent,
    CodeOrder,
    HelpCall,
    QrOrder,
    Record,
    Violation,
    ViolationPayment,
    iso,
    utcnow,
)
from server.errors import ApiError, ErrorBody
from server.schemas import Id, Open, Str, Strict, WireTime, error_details

log = logging.getLogger("server.records")
router = APIRouter(prefix="/api/v1", tags=["records"])

MAX_BATCH = 100


class RecordIn(Open):
    """Extra top-level fields are accepted (a newer kiosk) and count towards "same body"."""

    id: Id
    kind: Literal["submission", "rating", "help_call", "payment"]
    kiosk_id: Id
    item_code: Str(32)  # type: ignore[valid-type]
    created_at: WireTime
    case_number: Str(64) | None = None  # type: ignore[valid-type]
    payload: dict[str, Any] = Field(default_factory=dict)


class RecordAnswer(BaseModel):
    id: str
    status: Literal["accepted"]
    case_number: str | None
    received_at: str


class BatchIn(Strict):
    records: list[dict[str, Any]] = Field(max_length=MAX_BATCH)


class BatchResult(BaseModel):
    id: str | None
    code: int
    body: dict[str, Any]


class BatchAnswer(BaseModel):
    results: list[BatchResult]


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _id_last4(payload: dict[str, Any]) -> str | None:
    """The last four characters of the applicant's ID number, from the verification verdict or
    the answers; only these four are kept on the case for status queries."""
    top = payload.get("id_number")
    if isinstance(top, str) and len(top.strip()) >= 4:
        return top.strip()[-4:].upper()
    for section in ("verification", "answers"):
        part = payload.get(section)
        if not isinstance(part, dict):
            continue
        for key, value in part.items():
            if "id_number" in str(key) and isinstance(value, str) and len(value.strip()) >= 4:
                return value.strip()[-4:].upper()
    return None


def _plain(value: object, limit: int) -> str:
    """Free payload text made safe for any database column (no NUL, valid UTF-8, bounded)."""
    text = str(value)[:limit].replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")


def _open_case(s: Session, kiosk_id: str, rec: RecordIn) -> str | None:
    """The case for a submission; its number, or None when no case was opened."""
    if not rec.case_number:
        return None
    existing = s.get(Case, rec.case_number)
    if existing is not None:
        # E.g. a wiped kiosk restarting its daily sequence. Keep the record (never lose a
        # submission) but leave the existing case alone; staff must look at it.
        log.warning(
            "case %s already belongs to record %s; record %s kept without a case",
            rec.case_number,
            existing.record_id,
            rec.id,
        )
        return None
    last4 = _id_last4(rec.payload)
    s.add(
        Case(
            case_number=rec.case_number,
            item_code=rec.item_code,
            kiosk_id=kiosk_id,
            record_id=rec.id,
            id_last4=_plain(last4, 4) if last4 else None,
            status="received",
        )
    )
    s.add(
        CaseEvent(
            case_number=rec.case_number,
            status="received",
            note_zh="已收到申请，等待审核",
            note_en="Application received; waiting for review",
        )
    )
    return rec.case_number


def case_payment_key(payment_ref: str, violation_id: str) -> str:
    """The ViolationPayment key of a fine paid through a case: "<payment_ref>:<violation id>"
    (one payment may pay several violations). Over 64 characters, the reference part is replaced
    by the start of its SHA-256 so the key still fits the column."""
    key = f"{payment_ref}:{violation_id}"
    if len(key) <= 64:
        return key
    digest = hashlib.sha256(payment_ref.encode()).hexdigest()
    return f"{digest[: 63 - len(violation_id)]}:{violation_id}"


def _fen(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _settle_violations(s: Session, kiosk_id: str, rec: RecordIn, case_number: str | None) -> None:
    """Mark the traffic violations a submission's payments paid (JG-0101 fines), exactly like
    POST /violations/{id}/payments but never refusing: problems become flags for staff."""
    payments = rec.payload.get("payments")
    if not isinstance(payments, list):
        return
    notes: list[tuple[str, str]] = []

    def flag(what: str, zh: str, en: str, *args: object) -> None:
        log.warning(
            "record %s case=%s kiosk=%s fine payment to check: " + what,
            rec.id,
            case_number,
            kiosk_id,
            *args,
        )
        notes.append((f"待核对：{zh}", f"To be checked: {en}"))

    for p in payments:
        if not isinstance(p, dict) or p.get("violations") in (None, []):
            continue
        raw = p["violations"]
        if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
            flag(
                "malformed violations list",
                "缴费记录中的违法记录编号格式有误",
                "the violation ids in a payment are malformed",
            )
            if not isinstance(raw, list):
                continue
        vids = list(
            dict.fromkeys(_plain(v.strip(), 32) for v in raw if isinstance(v, str) and v.strip())
        )
        ref_raw = p.get("payment_ref") or p.get("order_id")
        if not isinstance(ref_raw, str) or not ref_raw.strip():
            flag(
                "no payment reference for %s",
                f"违法记录 {'、'.join(vids)} 的缴费没有支付流水号，未标记为已缴纳",
                f"the payment for violation(s) {', '.join(vids)} has no reference; not marked paid",
                ",".join(vids),
            )
            continue
        ref = _plain(ref_raw.strip(), 64)
        order_id = p.get("order_id") if isinstance(p.get("order_id"), str) else None
        order = None
        for key in dict.fromkeys(k for k in (ref, order_id) if k):
            order = s.get(QrOrder, key[:64]) or s.get(CodeOrder, key[:64])
            if order is not None:
                break
        if order is not None and order.status != "paid":
            # A reference from our own gateway must really be paid (e.g. not refunded).
            flag(
                "gateway order %s is %s; %s not marked paid",
                f"支付订单 {ref} 状态为 {order.status}，违法记录 {'、'.join(vids)} 未标记为已缴纳",
                f"payment order {ref} is {order.status}; "
                f"violation(s) {', '.join(vids)} not marked paid",
                ref,
                order.status,
                ",".join(vids),
            )
            continue
        total = 0
        paid_now: list[str] = []
        first_note = len(notes)
        for vid in vids:
            v = s.get(Violation, vid, with_for_update=True)
            if v is None:
                flag(
                    "violation %s unknown",
                    f"违法记录 {vid} 未找到，罚款已在自助机缴纳，工作人员将核实",
                    f"violation {vid} not found; the fine was paid at the kiosk, staff will check",
                    vid,
                )
                continue
            total += v.fine_fen
            key = case_payment_key(ref, v.id)
            done = s.scalar(select(ViolationPayment).where(ViolationPayment.violation_id == v.id))
            if done is not None and done.payment_ref in (ref, key):
                # This very payment already paid it: the same session's other case, or the kiosk
                # also called POST /violations/{id}/payments with this reference.
                log.info("record %s: violation %s already paid by this payment", rec.id, v.id)
                continue
            if done is not None or v.paid:
                flag(
                    "violation %s already paid by another payment",
                    f"违法记录 {v.id} 此前已缴纳，如属重复缴费将予退还",
                    f"violation {v.id} was already paid; a double payment will be refunded",
                    v.id,
                )
                continue
            v.paid = True
            s.add(
                ViolationPayment(
                    payment_ref=key,
                    violation_id=v.id,
                    kiosk_id=kiosk_id,
                    amount_fen=v.fine_fen,
                    paid_at=utcnow(),
                )
            )
            paid_now.append(v.id)
            log.info("violation %s paid ref=%s kiosk=%s via record %s", v.id, ref, kiosk_id, rec.id)
        amount = _fen(p.get("amount_fen"))
        if amount != total:
            shown = "?" if amount is None else amount
            flag(
                "amount %s fen, fines total %s fen",
                f"缴费金额 {shown} 分与所列罚款合计 {total} 分不一致",
                f"amount paid {shown} fen differs from the listed fines' total {total} fen",
                shown,
                total,
            )
        if paid_now:
            notes.insert(
                first_note,
                (
                    f"交通违法罚款已缴纳：{'、'.join(paid_now)}（支付流水号 {ref}）",
                    f"Traffic fines paid: {', '.join(paid_now)} (payment {ref})",
                ),
            )
    if case_number is not None:
        for zh, en in notes:
            s.add(CaseEvent(case_number=case_number, status="received", note_zh=zh, note_en=en))


def _side_effects(s: Session, kiosk_id: str, rec: RecordIn) -> None:
    if rec.kind == "submission":
        case_number = _open_case(s, kiosk_id, rec)
        _settle_violations(s, kiosk_id, rec, case_number)
    elif rec.kind == "help_call":
        p = rec.payload
        s.add(
            HelpCall(
                id=f"hc-{uuid.uuid4().hex[:20]}",
                kiosk_id=kiosk_id,
                at=rec.created_at,
                screen=_plain(p.get("screen", ""), 200),
                language=_plain(p.get("language", ""), 16),
            )
        )


def _replay(existing: Record, digest: str) -> tuple[int, dict[str, Any]]:
    if existing.body_sha256 == digest:
        return 200, dict(existing.answer)
    return 409, {"error": "conflict"}


def store_record(
    sm: sessionmaker[Session], kiosk_id: str, raw: Any, *, short_id: str | None
) -> tuple[int, dict[str, Any]]:
    """Validate and store one record; returns (HTTP code, body) — used by single and batch.
    ``short_id``: the signing kiosk's case-number prefix (request.state.kiosk_short_id)."""
    try:
        rec = RecordIn.model_validate(raw)
    except ValidationError as exc:
        return 422, {"error": "invalid", "detail": error_details(exc)}
    if rec.kiosk_id != kiosk_id:
        return 422, {"error": "kiosk_mismatch"}
    if rec.case_number is not None and (why := casenumbers.refusal(rec.case_number, short_id)):
        log.warning("record %s kiosk=%s refused: %s", rec.id, kiosk_id, why)
        return 422, {"error": why}
    text = canonical(raw)
    digest = hashlib.sha256(text.encode()).hexdigest()
    for _ in range(3):
        with sm() as s:
            existing = s.get(Record, (kiosk_id, rec.id))
            if existing is not None:
                code, body = _replay(existing, digest)
                log.info("record %s kiosk=%s repeated → %s", rec.id, kiosk_id, code)
                return code, body
            now = utcnow()
            answer = {
                "id": rec.id,
                "status": "accepted",
                "case_number": rec.case_number,
                "received_at": iso(now),
            }
            s.add(
                Record(
                    kiosk_id=kiosk_id,
                    record_id=rec.id,
                    kind=rec.kind,
                    item_code=rec.item_code,
                    case_number=rec.case_number,
                    created_at=rec.created_at,
                    body_sha256=digest,
                    body=text,
                    answer=answer,
                    received_at=now,
                )
            )
            try:
                s.flush()  # the primary key decides a race here, before any side effect
                _side_effects(s, kiosk_id, rec)
                s.commit()
            except IntegrityError:
                s.rollback()
                continue  # someone else stored it first: re-read their answer
            log.info(
                "record %s kind=%s case=%s kiosk=%s accepted",
                rec.id,
                rec.kind,
                rec.case_number,
                kiosk_id,
            )
            return 201, answer
    raise RuntimeError("record neither stored nor found after retries")


@router.post(
    "/records",
    status_code=201,
    response_model=RecordAnswer,
    responses={
        200: {"model": RecordAnswer, "description": "a retry: the first answer"},
        409: {"model": ErrorBody},
        413: {"model": ErrorBody},
        422: {"model": ErrorBody},
    },
)
async def post_record(
    record: RecordIn,
    request: Request,
    kiosk_id: str = Depends(kiosk_auth),
    idempotency_key: str | None = Header(default=None, alias="Idempotency-Key", max_length=64),
) -> JSONResponse:
    if idempotency_key is not None and idempotency_key != record.id:
        raise ApiError(422, "idempotency_key_mismatch")
    raw = json.loads(await request.body())
    short_id = request.state.kiosk_short_id
    code, body = await run_in_threadpool(
        lambda: store_record(request.app.state.sm, kiosk_id, raw, short_id=short_id)
    )
    return JSONResponse(body, status_code=code)


@router.post("/records:batch", response_model=BatchAnswer, responses={422: {"model": ErrorBody}})
async def post_records_batch(
    batch: BatchIn, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> BatchAnswer:
    sm = request.app.state.sm
    short_id = request.state.kiosk_short_id

    def run() -> list[BatchResult]:
        out = []
        for raw in batch.records:
            code, body = store_record(sm, kiosk_id, raw, short_id=short_id)
            rid = raw.get("id") if isinstance(raw.get("id"), str) else None
            out.append(BatchResult(id=rid, code=code, body=body))
        return out

    return BatchAnswer(results=await run_in_threadpool(run))
