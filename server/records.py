"""Outbox records from kiosks: idempotent on (kiosk id, record id), permanently.

* first time → 201 and the stored answer; same id + same body → 200 and exactly that answer;
  same id + different body → 409. "Same body" means the same canonical JSON (sorted keys), so a
  retry serialised differently by another library is still the same record.
* each record commits in its own transaction together with its side effects (a case row for a
  submission, a help call for a help_call), so a record and its effects exist exactly once.
* two identical requests racing: both may miss the first read; the primary key lets one insert
  win and the other gets IntegrityError, rolls back and re-reads the winner's answer.
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
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from server.auth import kiosk_auth
from server.db import Case, CaseEvent, HelpCall, Record, iso, utcnow
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


def _side_effects(s: Session, kiosk_id: str, rec: RecordIn) -> None:
    if rec.kind == "submission" and rec.case_number:
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
            return
        s.add(
            Case(
                case_number=rec.case_number,
                item_code=rec.item_code,
                kiosk_id=kiosk_id,
                record_id=rec.id,
                id_last4=_plain(_id_last4(rec.payload), 4) if _id_last4(rec.payload) else None,
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


def store_record(sm: sessionmaker[Session], kiosk_id: str, raw: Any) -> tuple[int, dict[str, Any]]:
    """Validate and store one record; returns (HTTP code, body) — used by single and batch."""
    try:
        rec = RecordIn.model_validate(raw)
    except ValidationError as exc:
        return 422, {"error": "invalid", "detail": error_details(exc)}
    if rec.kiosk_id != kiosk_id:
        return 422, {"error": "kiosk_mismatch"}
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
    code, body = await run_in_threadpool(store_record, request.app.state.sm, kiosk_id, raw)
    return JSONResponse(body, status_code=code)


@router.post("/records:batch", response_model=BatchAnswer, responses={422: {"model": ErrorBody}})
async def post_records_batch(
    batch: BatchIn, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> BatchAnswer:
    sm = request.app.state.sm

    def run() -> list[BatchResult]:
        out = []
        for raw in batch.records:
            code, body = store_record(sm, kiosk_id, raw)
            rid = raw.get("id") if isinstance(raw.get("id"), str) else None
            out.append(BatchResult(id=rid, code=code, body=body))
        return out

    return BatchAnswer(results=await run_in_threadpool(run))
