"""Outbox records from kiosks: idempotent on (kiosk id, record id), permanently.

* first time → 201 and the stored answer; same id + same body → 200 and exactly that answer;
  same id + different body → 409. "Same body" means the same canonical JSON (sorted keys), so a
  retry serialised differently by another library is still the same record.
* a record commits together with its side effects (a case row for a submission, a help call for
  a help_call), so a record and its effects exist exactly once. A batch's storable records
  commit in one transaction with set-based inserts (store_records); each record is still
  answered on its own, and if that transaction fails the batch falls back to one transaction
  per record.
* two identical requests racing: the primary key decides. In a batch, INSERT … ON CONFLICT DO
  NOTHING skips the rows a concurrent twin committed (PostgreSQL waits for it) and their
  answers are re-read; alone, the loser gets IntegrityError, rolls back and re-reads.
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
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import DateTime, Table, TypeDecorator, select
from sqlalchemy import text as sql
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from server import casenumbers
from server.auth import kiosk_auth
from server.db import (
    Base,
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


def _case_row(kiosk_id: str, rec: RecordIn) -> dict[str, Any]:
    """The cases row a submission opens (a dict: batches insert many at once)."""
    last4 = _id_last4(rec.payload)
    now = utcnow()
    return {
        "case_number": rec.case_number,
        "item_code": rec.item_code,
        "kiosk_id": kiosk_id,
        "record_id": rec.id,
        "id_last4": _plain(last4, 4) if last4 else None,
        "status": "received",
        "created_at": now,
        "updated_at": now,
    }


def _received_event(case_number: str) -> dict[str, Any]:
    return {
        "case_number": case_number,
        "at": utcnow(),
        "status": "received",
        "note_zh": "已收到申请，等待审核",
        "note_en": "Application received; waiting for review",
    }


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
    s.add(Case(**_case_row(kiosk_id, rec)))
    s.add(CaseEvent(**_received_event(rec.case_number)))
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


def _help_call_row(kiosk_id: str, rec: RecordIn) -> HelpCall:
    p = rec.payload
    return HelpCall(
        id=f"hc-{uuid.uuid4().hex[:20]}",
        kiosk_id=kiosk_id,
        at=rec.created_at,
        screen=_plain(p.get("screen", ""), 200),
        language=_plain(p.get("language", ""), 16),
    )


RELATIONSHIP_NAMES = {"parent": ("父母", "parent"), "child": ("子女", "son or daughter"),
                      "spouse": ("配偶", "spouse"), "guardian": ("监护人", "guardian"),
                      "entrusted": ("受托人", "entrusted person")}


def _note_agent(s: Session, rec: RecordIn, case_number: str | None) -> None:
    """代办: a case submitted by someone acting for the applicant says so in its history, and
    asks staff to check the relationship where the item's law requires it (catalog agent rule)."""
    acting_for = rec.payload.get("acting_for")
    if case_number is None or not isinstance(acting_for, str) or acting_for not in RELATIONSHIP_NAMES:
        return
    zh, en = RELATIONSHIP_NAMES[acting_for]
    if rec.payload.get("staff_check") is True:
        note = (f"代办（{zh}）：待人工核验代办关系及证明材料后再办理",
                f"Submitted by an agent ({en}): staff must check the relationship and its proof before processing")
    else:
        note = (f"代办（{zh}）", f"Submitted by an agent ({en})")
    s.add(CaseEvent(case_number=case_number, status="received", note_zh=note[0], note_en=note[1]))


DELIVERY_NOTES = {
    "mail": ("送达方式：免费邮寄（申请人未到窗口，结果邮寄到申请表填写的地址）",
             "Delivery: free post to the address on the application (no counter visit)"),
    "dispenser": ("送达方式：申请所在自助终端取证（制证完成改为待领取时，证件放入该终端的取证槽位）",
                  "Delivery: collected at the kiosk of the application (marking it ready for pickup puts "
                  "the card into that kiosk's dispenser)"),
}


def _note_delivery(s: Session, rec: RecordIn, case_number: str | None) -> None:
    """送达方式 in the case's history, where the citizen did not choose a counter: staff post the
    result, or the finished card goes to the kiosk's dispenser (server.collect.card_ready)."""
    notes = DELIVERY_NOTES.get(str(rec.payload.get("delivery")))
    if case_number is not None and notes is not None:
        s.add(CaseEvent(case_number=case_number, status="received", note_zh=notes[0], note_en=notes[1]))


def _side_effects(s: Session, kiosk_id: str, rec: RecordIn) -> None:
    if rec.kind == "submission":
        case_number = _open_case(s, kiosk_id, rec)
        _settle_violations(s, kiosk_id, rec, case_number)
        _note_agent(s, rec, case_number)
        _note_delivery(s, rec, case_number)
    elif rec.kind == "help_call":
        s.add(_help_call_row(kiosk_id, rec))


@dataclass(frozen=True)
class _Checked:
    """A record that passed validation, with its canonical text and that text's digest."""

    rec: RecordIn
    text: str
    digest: str


def _check(kiosk_id: str, raw: Any, short_id: str | None) -> _Checked | tuple[int, dict[str, Any]]:
    """The record ready to store, or the refusal (HTTP code, body) it gets on its own.
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
    return _Checked(rec, text, hashlib.sha256(text.encode()).hexdigest())


def _answer(rec: RecordIn, now: datetime) -> dict[str, Any]:
    return {
        "id": rec.id,
        "status": "accepted",
        "case_number": rec.case_number,
        "received_at": iso(now),
    }


def _record_row(
    kiosk_id: str, c: _Checked, answer: dict[str, Any], now: datetime
) -> dict[str, Any]:
    return {
        "kiosk_id": kiosk_id,
        "record_id": c.rec.id,
        "kind": c.rec.kind,
        "item_code": c.rec.item_code,
        "case_number": c.rec.case_number,
        "created_at": c.rec.created_at,
        "body_sha256": c.digest,
        "body": c.text,
        "answer": answer,
        "received_at": now,
    }


def _replay(digest: str, stored_digest: str, answer: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    if stored_digest == digest:
        return 200, dict(answer)
    return 409, {"error": "conflict"}


def _insert_new(s: Session, model: type[Base], key: str, rows: list[dict[str, Any]]) -> set[Any]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING key, for many rows: the keys inserted."""
    table = cast(Table, model.__table__)
    dialect = s.get_bind().dialect
    if dialect.name == "postgresql":
        return _insert_new_postgresql(s, table, key, rows)
    # SQLite: one cached statement with the rows as parameters, which SQLAlchemy sends as a
    # single multi-row INSERT ("insertmanyvalues").
    stmt = sqlite_insert(table).on_conflict_do_nothing().returning(table.c[key])
    return set(s.execute(stmt, rows).scalars())


def _insert_new_postgresql(
    s: Session, table: Table, key: str, rows: list[dict[str, Any]]
) -> set[Any]:
    """The same on PostgreSQL as ``INSERT … SELECT FROM json_to_recordset(<the rows as one JSON
    document>)``: a short statement with a single parameter, whatever the number of rows. A
    multi-row VALUES list (1 000 placeholders per batch) or one array per column both cost the
    driver more Python time per row than the rest of the request put together."""
    dialect = s.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    columns = [c for c in table.columns if c.key in rows[0]]
    converters = []
    for col in columns:
        type_ = col.type
        decorator = type_ if isinstance(type_, TypeDecorator) else None
        impl = decorator.impl_instance if decorator is not None else type_
        converters.append((col.key, decorator, isinstance(impl, DateTime)))
    docs = []
    for row in rows:
        doc = {}
        for name, decorator, is_time in converters:
            value = row[name]
            if decorator is not None:
                value = decorator.process_bind_param(value, dialect)
            if is_time and value is not None:
                value = value.isoformat()
            doc[name] = value
        docs.append(doc)
    names = ", ".join(quote(c.name) for c in columns)
    shape = ", ".join(f"{quote(c.name)} {c.type.compile(dialect=dialect)}" for c in columns)
    stmt = sql(
        f"INSERT INTO {quote(table.name)} ({names}) SELECT {names} "
        f"FROM json_to_recordset(CAST(:rows AS JSON)) AS r({shape}) "
        f"ON CONFLICT DO NOTHING RETURNING {quote(key)}"
    )
    return set(s.execute(stmt, {"rows": json.dumps(docs)}).scalars())


def store_records(
    sm: sessionmaker[Session], kiosk_id: str, raws: list[Any], *, short_id: str | None
) -> list[tuple[int, dict[str, Any]]]:
    """Validate and store records; one (HTTP code, body) per record, in order.

    Each record still succeeds or fails on its own — a malformed or conflicting record is
    refused alone — but the ones that can be stored are stored together: one transaction, one
    connection, one commit (one fsync) for the batch, set-based inserts that let the database's
    keys decide duplicates (ON CONFLICT DO NOTHING). Should that transaction fail (a deadlock
    with a concurrent batch, a row the database refuses) it is rolled back whole and each record
    is stored in its own transaction instead, so one bad record never takes its batch down.
    """
    results: list[tuple[int, dict[str, Any]] | None] = []
    checked: list[tuple[int, _Checked]] = []
    for i, raw in enumerate(raws):
        c = _check(kiosk_id, raw, short_id)
        if isinstance(c, _Checked):
            checked.append((i, c))
            results.append(None)
        else:
            results.append(c)
    if checked:
        try:
            stored = _store_together(sm, kiosk_id, [c for _, c in checked])
        except DBAPIError as exc:
            log.warning(
                "batch of %d from kiosk=%s stored record by record (%s)",
                len(checked),
                kiosk_id,
                type(exc.orig).__name__,
            )
            stored = [_store_alone(sm, kiosk_id, c) for _, c in checked]
        for (i, _), result in zip(checked, stored, strict=True):
            results[i] = result
    return [r for r in results if r is not None]


def _store_together(
    sm: sessionmaker[Session], kiosk_id: str, checked: list[_Checked]
) -> list[tuple[int, dict[str, Any]]]:
    now = utcnow()
    with sm() as s:
        ids = list(dict.fromkeys(c.rec.id for c in checked))
        known: dict[str, tuple[str, dict[str, Any]]] = {
            rid: (digest, answer)
            for rid, digest, answer in s.execute(
                select(Record.record_id, Record.body_sha256, Record.answer).where(
                    Record.kiosk_id == kiosk_id, Record.record_id.in_(ids)
                )
            )
        }
        new: dict[str, _Checked] = {}  # the first of each id not stored yet, in batch order
        for c in checked:
            if c.rec.id not in known and c.rec.id not in new:
                new[c.rec.id] = c
        answers = {rid: _answer(c.rec, now) for rid, c in new.items()}
        inserted: set[str] = set()
        if new:
            # Sorted: concurrent batches lock the same keys in the same order (no deadlock).
            rows = [_record_row(kiosk_id, new[rid], answers[rid], now) for rid in sorted(new)]
            inserted = _insert_new(s, Record, "record_id", rows)
            lost = [rid for rid in new if rid not in inserted]
            if lost:
                # A concurrent twin committed them first (PostgreSQL waited for it): its answers.
                known.update(
                    (rid, (digest, answer))
                    for rid, digest, answer in s.execute(
                        select(Record.record_id, Record.body_sha256, Record.answer).where(
                            Record.kiosk_id == kiosk_id, Record.record_id.in_(lost)
                        )
                    )
                )
                if any(rid not in known for rid in lost):
                    # Never answer for a record neither stored by us nor found: fail instead.
                    raise RuntimeError("record neither stored nor found")
        fresh = [new[rid] for rid in new if rid in inserted]  # batch order
        case_of = _open_cases(s, kiosk_id, [c.rec for c in fresh])
        for c in fresh:
            if c.rec.kind == "submission":
                _settle_violations(s, kiosk_id, c.rec, case_of.get(c.rec.id))
                _note_agent(s, c.rec, case_of.get(c.rec.id))
                _note_delivery(s, c.rec, case_of.get(c.rec.id))
        _add_help_calls(s, kiosk_id, [c.rec for c in fresh])
        s.commit()
    out: list[tuple[int, dict[str, Any]]] = []
    answered: set[str] = set()
    for c in checked:
        rid = c.rec.id
        if rid in inserted and rid not in answered:
            answered.add(rid)
            log.info(
                "record %s kind=%s case=%s kiosk=%s accepted",
                rid,
                c.rec.kind,
                c.rec.case_number,
                kiosk_id,
            )
            out.append((201, answers[rid]))
            continue
        digest, answer = known[rid] if rid in known else (new[rid].digest, answers[rid])
        code, body = _replay(c.digest, digest, answer)
        log.info("record %s kiosk=%s repeated → %s", rid, kiosk_id, code)
        out.append((code, body))
    return out


def _open_cases(s: Session, kiosk_id: str, recs: list[RecordIn]) -> dict[str, str]:
    """_open_case for many submissions at once; record id → the case number it opened. The
    first claim wins: a case number that already exists, or that an earlier record of the same
    batch claimed, leaves the later record stored without a case."""
    claims: dict[str, RecordIn] = {}
    for rec in recs:
        if rec.kind != "submission" or not rec.case_number:
            continue
        if rec.case_number in claims:
            log.warning(
                "case %s already belongs to record %s; record %s kept without a case",
                rec.case_number,
                claims[rec.case_number].id,
                rec.id,
            )
            continue
        claims[rec.case_number] = rec
    if not claims:
        return {}
    rows = [_case_row(kiosk_id, claims[n]) for n in sorted(claims)]
    opened = _insert_new(s, Case, "case_number", rows)
    taken = [n for n in claims if n not in opened]
    if taken:
        owners = {
            number: record_id
            for number, record_id in s.execute(
                select(Case.case_number, Case.record_id).where(Case.case_number.in_(taken))
            )
        }
        for number in taken:
            log.warning(
                "case %s already belongs to record %s; record %s kept without a case",
                number,
                owners.get(number),
                claims[number].id,
            )
    if opened:
        _insert_new(s, CaseEvent, "id", [_received_event(n) for n in sorted(opened)])
    return {claims[n].id: n for n in opened}


def _add_help_calls(s: Session, kiosk_id: str, recs: list[RecordIn]) -> None:
    calls = [_help_call_row(kiosk_id, r) for r in recs if r.kind == "help_call"]
    if calls:
        s.add_all(calls)


def _store_alone(
    sm: sessionmaker[Session], kiosk_id: str, c: _Checked
) -> tuple[int, dict[str, Any]]:
    """One record in its own transaction (the fallback when its batch's transaction failed)."""
    rec = c.rec
    for _ in range(3):
        with sm() as s:
            existing = s.get(Record, (kiosk_id, rec.id))
            if existing is not None:
                code, body = _replay(c.digest, existing.body_sha256, existing.answer)
                log.info("record %s kiosk=%s repeated → %s", rec.id, kiosk_id, code)
                return code, body
            now = utcnow()
            answer = _answer(rec, now)
            s.add(Record(**_record_row(kiosk_id, c, answer, now)))
            try:
                s.flush()  # the primary key decides a race here, before any side effect
                _side_effects(s, kiosk_id, rec)
                s.commit()
            except IntegrityError:
                s.rollback()
                continue  # someone else stored it first: re-read their answer
            except DBAPIError as exc:
                s.rollback()
                # This record only: the kiosk keeps it and sends it again later.
                log.error(
                    "record %s kiosk=%s not stored: %s", rec.id, kiosk_id, type(exc.orig).__name__
                )
                return 503, {"error": "unavailable"}
            log.info(
                "record %s kind=%s case=%s kiosk=%s accepted",
                rec.id,
                rec.kind,
                rec.case_number,
                kiosk_id,
            )
            return 201, answer
    return 503, {"error": "unavailable"}


def store_record(
    sm: sessionmaker[Session], kiosk_id: str, raw: Any, *, short_id: str | None
) -> tuple[int, dict[str, Any]]:
    """Validate and store one record; returns (HTTP code, body)."""
    return store_records(sm, kiosk_id, [raw], short_id=short_id)[0]


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
    short_id = request.state.kiosk_short_id

    def run() -> list[BatchResult]:
        stored = store_records(request.app.state.sm, kiosk_id, batch.records, short_id=short_id)
        return [
            BatchResult(id=rid if isinstance(rid := raw.get("id"), str) else None, code=c, body=b)
            for raw, (c, b) in zip(batch.records, stored, strict=True)
        ]

    return BatchAnswer(results=await run_in_threadpool(run))
