"""Finished cards collected at a kiosk (自助取证): which slot of which kiosk holds whose card, and
what happened to it.

Staff load finished ID cards and permits into a kiosk's dispenser slots and record them here
(demo data: every kiosk gets 测试甲's ID card in slot 3 and 测试䶮's Hong Kong/Macao permit in
slot 5, again at each start of a demo server). After the kiosk has verified the citizen's face against their ID card it asks
`lookup` with the ID number read from that card; the centre answers only with a card whose holder
is that ID number, loaded at that kiosk. Before moving the card the kiosk says `dispensing`
(again with the ID number: a card is never marked for anyone but its holder), and afterwards the
outcome: collected, retained (not taken in time: in the retain bin), jammed (staff called),
not_dispensed (it never left its slot), unresolved (the kiosk lost power mid-dispense and cannot
tell; staff check). A card that is dispensing or unresolved is not handed out again.

Every step is a row in `collect_events` (the audit trail: card, kiosk, event, time, a detail
without personal data). Tables: finished_cards, collect_events (migration 0004_collect)."""

from __future__ import annotations

import json
import logging
import re
import secrets
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel
from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from server.auth import kiosk_auth
from server.db import Base, Case, CaseEvent, Kiosk, Record, utcnow
from server.errors import ApiError
from server.schemas import Str
from server.settings import Settings

log = logging.getLogger("server.collect")
router = APIRouter(prefix="/api/v1/collect", tags=["collect"])

CARD_ID_RE = re.compile(r"^[0-9a-f]{32}$")
KINDS = {
    "id_card": {"zh": "居民身份证", "en": "Resident ID card"},
    "hk_macao_permit": {"zh": "往来港澳通行证", "en": "Exit-Entry Permit for Hong Kong and Macao"},
    "residence_permit": {"zh": "居住证", "en": "Residence permit"},
    "temporary_id_card": {"zh": "临时居民身份证", "en": "Temporary resident ID card"},
}
# items whose finished card a citizen may collect at the kiosk of the application (delivery
# "dispenser"): the card kind staff make for it
DISPENSED_ITEMS = {"HZ-0401": "residence_permit", "HZ-0103": "temporary_id_card"}
SLOTS = 8  # slots per dispenser module (the demo's simulated module: devices/card_dispenser)
# state after each outcome the kiosk reports
OUTCOME_STATE = {
    "collected": "collected",
    "retained": "retained",
    "jammed": "jammed",
    "not_dispensed": "loaded",
    "unresolved": "unresolved",
}


class FinishedCard(Base):
    __tablename__ = "finished_cards"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # opaque; no personal data
    kiosk_id: Mapped[str] = mapped_column(String(64), index=True)
    slot: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(18), index=True)  # the holder's ID number
    kind: Mapped[str] = mapped_column(String(32))
    # loaded | dispensing | collected | retained | jammed | unresolved
    state: Mapped[str] = mapped_column(String(16))
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CollectEvent(Base):
    __tablename__ = "collect_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    card_id: Mapped[str | None] = mapped_column(String(32), index=True, nullable=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(24))
    detail: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class LookupBody(BaseModel):
    id_number: Str(18, 1)  # type: ignore[valid-type]  # bounded, no NUL: 422, never a driver error
    verification: Literal["match", "staff_pending"]
    reference: Str(16) | None = None  # type: ignore[valid-type]  # "register" / "chip": the photo the face was compared with


class DispensingBody(BaseModel):
    id_number: Str(18, 1)  # type: ignore[valid-type]


class OutcomeBody(BaseModel):
    outcome: Literal["collected", "retained", "jammed", "not_dispensed", "unresolved"]
    detail: Str(200) = ""  # type: ignore[valid-type]


def _sm(request: Request) -> sessionmaker[Session]:
    return request.app.state.sm  # type: ignore[no-any-return]


def _event(s: Session, kiosk_id: str, event: str, card_id: str | None = None, detail: str = "") -> None:
    s.add(CollectEvent(card_id=card_id, kiosk_id=kiosk_id, event=event, detail=detail[:200]))
    log.info("collect %s: %s at kiosk %s%s", (card_id or "-")[:6], event, kiosk_id, f" ({detail})" if detail else "")


def _card_for(s: Session, card_id: str, kiosk_id: str) -> FinishedCard:
    card = s.get(FinishedCard, card_id) if CARD_ID_RE.match(card_id) else None
    if card is None or card.kiosk_id != kiosk_id:
        raise ApiError(404, "not_found")
    return card


@router.post("/lookup")
def lookup(body: LookupBody, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> dict[str, Any]:
    """The card waiting at this kiosk for the verified holder of `id_number`. Refusals are
    committed to the audit trail before the error is answered."""
    id_number = body.id_number.strip().upper()
    refusal: ApiError | None = None
    with _sm(request).begin() as s:
        if body.verification != "match":
            # staff verify at the counter; the card is handed over there, not by the machine
            _event(s, kiosk_id, "refused_unverified", detail=body.verification)
            refusal = ApiError(403, "not_verified")
        else:
            cards = s.scalars(select(FinishedCard).where(FinishedCard.subject == id_number)).all()
            here = [c for c in cards if c.kiosk_id == kiosk_id]
            busy = [c for c in here if c.state in ("dispensing", "unresolved", "jammed")]
            ready = [c for c in here if c.state == "loaded"]
            if ready:
                card = ready[0]
                _event(s, kiosk_id, "matched", card.id, f"slot {card.slot}, face {body.reference or '?'}")
                return {"card_id": card.id, "slot": card.slot, "kind": card.kind, "title": KINDS.get(card.kind)}
            if busy:
                _event(s, kiosk_id, "refused_busy", busy[0].id, busy[0].state)
                refusal = ApiError(409, "needs_staff")
            else:
                elsewhere = any(c.state == "loaded" for c in cards)
                _event(s, kiosk_id, "no_card", detail="at another kiosk" if elsewhere else "")
                refusal = ApiError(404, "elsewhere" if elsewhere else "no_card")
    raise refusal


@router.post("/{card_id}/dispensing")
def dispensing(card_id: str, body: DispensingBody, request: Request,
               kiosk_id: str = Depends(kiosk_auth)) -> dict[str, Any]:
    """The kiosk is about to move the card: from now on it is not handed out again until the
    outcome is known. Idempotent for a retried request."""
    with _sm(request).begin() as s:
        card = _card_for(s, card_id, kiosk_id)
        if card.subject == body.id_number.strip().upper():
            if card.state == "dispensing":
                return {"card_id": card.id, "state": card.state}
            if card.state != "loaded":
                raise ApiError(409, "not_loaded")
            card.state = "dispensing"
            card.updated_at = utcnow()
            _event(s, kiosk_id, "dispensing", card.id, f"slot {card.slot}")
            return {"card_id": card.id, "state": card.state}
        _event(s, kiosk_id, "refused_mismatch", card.id)
    raise ApiError(403, "not_holder")


@router.post("/{card_id}/outcome")
def outcome(card_id: str, body: OutcomeBody, request: Request,
            kiosk_id: str = Depends(kiosk_auth)) -> dict[str, Any]:
    """What happened to a card that was dispensing. Reporting the same outcome twice is fine."""
    with _sm(request).begin() as s:
        card = _card_for(s, card_id, kiosk_id)
        state = OUTCOME_STATE[body.outcome]
        if card.state == state:
            return {"card_id": card.id, "state": card.state}
        if card.state not in ("dispensing", "unresolved"):
            raise ApiError(409, "not_dispensing")
        card.state = state
        card.updated_at = utcnow()
        _event(s, kiosk_id, body.outcome, card.id, re.sub(r"[^\x20-\x7e]", "", body.detail))
        return {"card_id": card.id, "state": card.state}


def load_card(s: Session, kiosk_id: str, slot: int, subject: str, kind: str) -> FinishedCard:
    """Staff load a finished card into a slot (the demo data uses this too)."""
    card = FinishedCard(id=secrets.token_hex(16), kiosk_id=kiosk_id, slot=slot, subject=subject,
                        kind=kind, state="loaded")
    s.add(card)
    _event(s, kiosk_id, "loaded", card.id, f"slot {slot}, {kind}")
    return card


def card_ready(s: Session, case: Case) -> bool | None:
    """A case whose citizen chose to collect at the kiosk (delivery "dispenser") moved to
    ready_for_pickup: its finished card goes into a free slot of that kiosk's dispenser for its
    holder (the ID number of the face-verified applicant, from the stored submission). True: loaded
    (or already waiting); False: no free slot (staff load it by hand; noted in the case history);
    None: not a dispenser case. In the caller's transaction."""
    kind = DISPENSED_ITEMS.get(case.item_code)
    rec = s.get(Record, (case.kiosk_id, case.record_id)) if case.kiosk_id and case.record_id else None
    if kind is None or rec is None:
        return None
    try:
        payload = json.loads(rec.body).get("payload") or {}
        subject = str((payload.get("verification") or {}).get("id_number", "")).strip().upper()
    except (ValueError, AttributeError):
        return None
    if payload.get("delivery") != "dispenser" or not subject or case.kiosk_id is None:
        return None
    cards = s.scalars(select(FinishedCard).where(FinishedCard.kiosk_id == case.kiosk_id)).all()
    if any(c.subject == subject and c.kind == kind and c.state == "loaded" for c in cards):
        return True  # moved to ready twice: the card is already waiting
    taken = {c.slot for c in cards if c.state in ("loaded", "dispensing", "jammed", "unresolved")}
    free = [n for n in range(1, SLOTS + 1) if n not in taken]
    if not free:
        _event(s, case.kiosk_id, "no_free_slot", detail=kind)
        s.add(CaseEvent(case_number=case.case_number, status=case.status,
                        note_zh="自助终端取证槽位已满，请人工装入证件或联系申请人",
                        note_en="The kiosk's dispenser has no free slot: load the card by hand or contact the applicant"))
        return False
    card = load_card(s, case.kiosk_id, free[0], subject, kind)
    s.add(CaseEvent(case_number=case.case_number, status=case.status,
                    note_zh=f"证件已放入自助终端 {case.kiosk_id} 第 {card.slot} 号槽位，待本人刷证刷脸领取",
                    note_en=f"Card placed in slot {card.slot} of kiosk {case.kiosk_id} for its holder to collect"))
    return True


def install(app: Any, settings: Settings) -> None:
    """Routes; in demo mode every provisioned kiosk has the demo cards waiting at each start (the
    demo's simulated dispenser starts with every slot full, so a card collected in an earlier
    demo run is there again)."""
    if settings.demo:
        from server.demo_data import demo_id_number

        demo = ((3, demo_id_number("resident"), "id_card"), (5, demo_id_number("rare_name"), "hk_macao_permit"))
        with app.state.sm.begin() as s:
            for kiosk_id in s.scalars(select(Kiosk.id)).all():
                for slot, subject, kind in demo:
                    waiting = select(FinishedCard.id).where(FinishedCard.kiosk_id == kiosk_id,
                                                            FinishedCard.subject == subject,
                                                            FinishedCard.state == "loaded")
                    if s.scalars(waiting).first() is None:
                        load_card(s, kiosk_id, slot, subject, kind)
    app.include_router(router)
