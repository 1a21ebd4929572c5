"""Daily reconciliation (对账): each provider's bill for one day against our orders and cases.

Three kinds of difference, each reported once per day (re-running is harmless):
- paid_no_case: the provider took money for an order no case refers to (kept, not refunded);
- case_no_payment: a case refers to a provider order the bill does not show as paid;
- amount_mismatch: the bill's amount differs from our order's or the case's.
A payment fully refunded the same day is not a difference. Each one is logged as an ALERT
(the operators' log alerting), written to reconciliation_diffs (GET
/api/v1/operator/reconciliation?date=…) and, when a case is involved, noted in the case's
history for staff. Days are Beijing days: the providers' bills are.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from server.auth import operator_auth
from server.db import Case, CaseEvent, CodeOrder, QrOrder, Record
from server.errors import ApiError
from server.gateways.base import BillRow, Gateway
from server.gateways.models import ProviderOrder, ReconciliationDiff

log = logging.getLogger("server.gateways.reconcile")
BEIJING = timezone(timedelta(hours=8))
router = APIRouter(prefix="/api/v1/operator", tags=["operator"])

_NOTES = {
    "paid_no_case": (
        "对账差异：第三方已收款 {p} 元（订单 {o}），但没有对应的受理案件",
        "Reconciliation: the provider took ¥{p} (order {o}) but no case refers to it",
    ),
    "case_no_payment": (
        "对账差异：案件引用的订单 {o} 在第三方账单中没有成功支付记录",
        "Reconciliation: order {o} of this case is not paid in the provider's bill",
    ),
    "amount_mismatch": (
        "对账差异：订单 {o} 第三方金额 {p} 元，本系统 {u} 元",
        "Reconciliation: order {o} is ¥{p} at the provider, ¥{u} here",
    ),
}


@dataclass(frozen=True)
class Diff:
    provider: str
    kind: str
    order_id: str
    provider_fen: int | None
    our_fen: int | None
    case_number: str | None


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), BEIJING).astimezone(UTC)
    return start, start + timedelta(days=1)


def _case_refs(s: Session, since: datetime) -> dict[str, tuple[str | None, int | None]]:
    """order id → (case number, amount the case says was paid), from submissions' payments."""
    refs: dict[str, tuple[str | None, int | None]] = {}
    rows = s.execute(
        select(Record.body, Record.case_number).where(
            Record.kind == "submission", Record.received_at >= since
        )
    )
    for body, case_number in rows:
        try:
            payments = json.loads(body).get("payload", {}).get("payments") or []
        except (ValueError, AttributeError):
            continue
        for p in payments if isinstance(payments, list) else []:
            if not isinstance(p, dict):
                continue
            amount = p.get("amount_fen") if isinstance(p.get("amount_fen"), int) else None
            for key in (p.get("order_id"), p.get("payment_ref")):
                if isinstance(key, str) and key:
                    refs[key[:64]] = (case_number, amount)
    return refs


def _fen(v: int | None) -> str:
    return "—" if v is None else f"{v // 100}.{v % 100:02d}"


def compare(s: Session, provider: str, day: date, bill: list[BillRow]) -> list[Diff]:
    start, end = _day_bounds(day)
    refs = _case_refs(s, start - timedelta(days=2))
    paid: dict[str, int] = {}
    for r in bill:
        paid[r.order_id] = paid.get(r.order_id, 0) + (r.amount_fen if r.kind == "pay" else 0)
    refunded = {r.order_id: r.amount_fen for r in bill if r.kind == "refund"}
    diffs: list[Diff] = []

    def ours(order_id: str) -> QrOrder | CodeOrder | None:
        return s.get(QrOrder, order_id) or s.get(CodeOrder, order_id)

    for order_id, fen in sorted(paid.items()):
        if fen == 0 or refunded.get(order_id) == fen:
            continue  # the money went back the same day
        o = ours(order_id)
        case_number, case_fen = refs.get(order_id, (None, None))
        if order_id not in refs:
            diffs.append(
                Diff(provider, "paid_no_case", order_id, fen, o.amount_fen if o else None, None)
            )
        elif (o is not None and o.amount_fen != fen) or (case_fen is not None and case_fen != fen):
            diffs.append(
                Diff(
                    provider,
                    "amount_mismatch",
                    order_id,
                    fen,
                    case_fen if case_fen is not None else (o.amount_fen if o else None),
                    case_number,
                )
            )
    # Orders of this provider made that day that a case relies on but the bill does not show.
    made = s.scalars(
        select(ProviderOrder.order_id).where(
            ProviderOrder.provider == provider,
            ProviderOrder.created_at >= start,
            ProviderOrder.created_at < end,
        )
    )
    for order_id in sorted(made):
        if order_id in refs and order_id not in paid:
            case_number, case_fen = refs[order_id]
            o = ours(order_id)
            diffs.append(
                Diff(
                    provider,
                    "case_no_payment",
                    order_id,
                    None,
                    case_fen if case_fen is not None else (o.amount_fen if o else None),
                    case_number,
                )
            )
    return diffs


def record(sm: sessionmaker[Session], day: date, diffs: list[Diff]) -> int:
    """Store and alert each difference once; returns how many were new."""
    new = 0
    for d in diffs:
        try:
            with sm.begin() as s:
                s.add(
                    ReconciliationDiff(
                        day=day.isoformat(),
                        provider=d.provider,
                        kind=d.kind,
                        order_id=d.order_id,
                        provider_fen=d.provider_fen,
                        our_fen=d.our_fen,
                        case_number=d.case_number,
                    )
                )
                s.flush()
                zh, en = _NOTES[d.kind]
                args = {"o": d.order_id, "p": _fen(d.provider_fen), "u": _fen(d.our_fen)}
                case = s.get(Case, d.case_number) if d.case_number else None
                if case is not None:
                    s.add(
                        CaseEvent(
                            case_number=case.case_number,
                            status=case.status,
                            note_zh=zh.format(**args),
                            note_en=en.format(**args),
                        )
                    )
        except IntegrityError:
            continue  # reported on an earlier run
        new += 1
        log.warning(
            "ALERT reconciliation %s %s %s order=%s provider_fen=%s our_fen=%s case=%s",
            day,
            d.provider,
            d.kind,
            d.order_id,
            d.provider_fen,
            d.our_fen,
            d.case_number,
        )
    return new


def reconcile(sm: sessionmaker[Session], gateways: dict[str, Gateway], day: date) -> list[Diff]:
    """Download each provider's bill for the day, compare, store and alert."""
    diffs: list[Diff] = []
    for name, gw in gateways.items():
        bill = gw.bill(day)
        with sm() as s:
            found = compare(s, name, day, bill)
        log.info(
            "reconciliation %s %s: %d bill lines, %d differences", day, name, len(bill), len(found)
        )
        diffs += found
    record(sm, day, diffs)
    return diffs


class DiffOut(BaseModel):
    day: str
    provider: str
    kind: str
    order_id: str
    provider_fen: int | None
    our_fen: int | None
    case_number: str | None


@router.get("/reconciliation", response_model=list[DiffOut])
def list_diffs(request: Request, date: str, _o: None = Depends(operator_auth)) -> list[DiffOut]:
    try:
        day = datetime.strptime(date, "%Y-%m-%d").date().isoformat()
    except ValueError as exc:
        raise ApiError(422, "invalid", detail="date: YYYY-MM-DD") from exc
    with request.app.state.sm() as s:
        rows: Any = s.scalars(
            select(ReconciliationDiff)
            .where(ReconciliationDiff.day == day)
            .order_by(ReconciliationDiff.id)
        )
        return [
            DiffOut(
                day=r.day,
                provider=r.provider,
                kind=r.kind,
                order_id=r.order_id,
                provider_fen=r.provider_fen,
                our_fen=r.our_fen,
                case_number=r.case_number,
            )
            for r in rows
        ]
