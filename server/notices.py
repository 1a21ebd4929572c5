"""SMS notices to citizens: "your certificate is ready" (ready_for_pickup) and "it was posted"
(mailed), recorded when an operator moves a case to one of these statuses and the case's
submission answers hold a mainland mobile number (``payload.answers.phone``).

A text is one of the fixed templates below with only the case number filled in, and only a number
of the checked form (server.casenumbers) is filled in: nothing a kiosk sends can add words.
A notice is *recorded* (status "recorded") in the operator's transaction; server.smssender
(``kiosk-server send-sms``) sends it through the provider with the approved template for its
kind (server.smsconfig) and records delivery. One notice per case and status (a database
constraint), so moving a case to the same status again records nothing new.
The phone number is personal data: it is never logged, the operator page and the operator API
show it masked (139****5678); only ``GET /sms-notices?full_phone=1`` (operator bearer token)
gives it in full.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import casenumbers
from server.auth import operator_auth
from server.db import Case, Record, SmsNotice, iso
from server.errors import ErrorBody
from server.schemas import LocalText

log = logging.getLogger("server.notices")
router = APIRouter(prefix="/api/v1", tags=["operator"])

# Mainland mobile numbers: 11 digits starting 13–19 (the kiosk validates the same way).
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")

TEXTS: dict[str, tuple[str, str]] = {
    "ready_for_pickup": (
        "【公安政务服务】您的业务（受理编号 {n}）证件已制作完成，"
        "请携带受理回执和本人身份证件到受理窗口领取。",
        "[Police services] The certificate for your case {n} is ready. Please bring your "
        "acceptance receipt and your ID card to the service window to collect it.",
    ),
    "mailed": (
        "【公安政务服务】您的业务（受理编号 {n}）证件已制作完成并已邮寄，请注意查收。",
        "[Police services] The certificate for your case {n} has been sent by post. "
        "Please look out for the delivery.",
    ),
}


# a card the citizen chose to collect at the kiosk of the application (delivery "dispenser"):
# server.collect.card_ready has put it into that kiosk's dispenser
DISPENSER_READY: tuple[str, str] = (
    "【公安政务服务】您的业务（受理编号 {n}）证件已制作完成，已放入您申请时的自助终端，"
    "请本人携带身份证件到该终端刷脸自助领取。",
    "[Police services] The card for your case {n} is ready in the kiosk where you applied. "
    "Please collect it there yourself with your ID card and a face check.",
)


def mask_phone(phone: str) -> str:
    """139****5678"""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"


def normalise_mobile(value: object) -> str | None:
    """A mainland mobile number from an answer (spaces, hyphens, +86/0086 allowed) or None."""
    if not isinstance(value, str):
        return None
    digits = re.sub(r"[\s\-()]", "", value)
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return digits if _MOBILE.match(digits) else None


def _submission_payload(s: Session, case: Case) -> dict[str, Any]:
    """The payload of the stored submission that opened the case ({} when there is none)."""
    if case.record_id is None or case.kiosk_id is None:
        return {}
    rec = s.get(Record, (case.kiosk_id, case.record_id))
    if rec is None:
        return {}
    try:
        body = json.loads(rec.body)
    except ValueError:
        return {}
    payload = body.get("payload") if isinstance(body, dict) else None
    return payload if isinstance(payload, dict) else {}


def submission_phone(s: Session, case: Case) -> str | None:
    """The mobile number the citizen gave in the submission that opened the case: the stored
    record body's ``payload.answers.phone``."""
    answers = _submission_payload(s, case).get("answers")
    return normalise_mobile(answers.get("phone")) if isinstance(answers, dict) else None


def record_sms_notice(s: Session, case: Case, status: str) -> SmsNotice | None:
    """Record the notice for a case just moved to ``status`` (in the caller's transaction);
    None when the status sends none, one was already recorded, or there is no mobile number."""
    texts = TEXTS.get(status)
    if texts is None:
        return None
    if status == "ready_for_pickup" and _submission_payload(s, case).get("delivery") == "dispenser":
        texts = DISPENSER_READY  # not at a counter: in the kiosk where the citizen applied
    if casenumbers.short_id_of(case.case_number) is None:
        # Only a well-formed case number goes into an official text (a case stored before
        # numbers were checked may hold anything a kiosk sent).
        log.warning("case %r: not a case number, no SMS notice", case.case_number)
        return None
    done = s.scalar(
        select(SmsNotice.id).where(
            SmsNotice.case_number == case.case_number, SmsNotice.trigger == status
        )
    )
    if done is not None:
        log.info("case %s: SMS notice for %s already recorded", case.case_number, status)
        return None
    phone = submission_phone(s, case)
    if phone is None:
        log.info("case %s: no mobile number given, no SMS notice", case.case_number)
        return None
    notice = SmsNotice(
        case_number=case.case_number,
        trigger=status,
        phone=phone,
        text_zh=texts[0].format(n=case.case_number),
        text_en=texts[1].format(n=case.case_number),
        status="recorded",
    )
    s.add(notice)
    log.info("case %s: SMS notice recorded for %s", case.case_number, status)
    return notice


class SmsNoticeOut(BaseModel):
    id: int
    case_number: str
    trigger: str
    phone: str
    text: LocalText
    status: str
    created_at: str


class SmsNoticeList(BaseModel):
    notices: list[SmsNoticeOut]


def list_sms_notices(
    s: Session, case_number: str | None = None, limit: int = 200
) -> list[SmsNotice]:
    q = select(SmsNotice).order_by(SmsNotice.created_at.desc(), SmsNotice.id.desc()).limit(limit)
    if case_number:
        q = q.where(SmsNotice.case_number == case_number[:64])
    return list(s.scalars(q))


@router.get("/sms-notices", response_model=SmsNoticeList, responses={401: {"model": ErrorBody}})
def get_sms_notices(
    request: Request,
    case_number: str | None = Query(default=None, max_length=64),
    full_phone: bool = Query(default=False),
    _o: None = Depends(operator_auth),
) -> SmsNoticeList:
    """Recorded SMS notices, newest first (at most 200), the phone number masked (139****5678);
    ``full_phone=1`` gives it in full, for the centre's SMS gateway (logged, without the numbers).
    Operator token required."""
    with request.app.state.sm() as s:
        rows = list_sms_notices(s, case_number)
    if full_phone:
        log.info("SMS notices read with full phone numbers (%d)", len(rows))
    return SmsNoticeList(
        notices=[
            SmsNoticeOut(
                id=n.id,
                case_number=n.case_number,
                trigger=n.trigger,
                phone=n.phone if full_phone else mask_phone(n.phone),
                text=LocalText(zh=n.text_zh, en=n.text_en),
                status=n.status,
                created_at=iso(n.created_at) or "",
            )
            for n in rows
        ]
    )
