"""The submit step's store: turns a citizen session into outbox records (one per item)."""

from __future__ import annotations

import base64
import logging
from collections.abc import Sequence
from typing import Any

from kiosk.catalog import Item
from kiosk.delivery import chosen_delivery
from kiosk.payments.journal import JournalError, PaymentJournal
from kiosk.session import Session
from kiosk.store.db import StoreError, StoreFull
from kiosk.store.outbox import Outbox, OutboxRecord
from kiosk.workflow import SubmitError

log = logging.getLogger("kiosk.submitter")

_CARD_FIELDS = ("name", "gender", "nation", "birth_date", "address", "id_number", "issuer", "valid_from",
                "valid_until")


def _media_type(data: bytes) -> str:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"%PDF"):
        return "application/pdf"
    return "application/octet-stream"


def _identity(card: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    if card is None:
        return out
    card_type = getattr(card, "card_type", None)
    if card_type is not None:
        out["card_type"] = str(getattr(card_type, "value", card_type))
    for name in _CARD_FIELDS:
        value = getattr(card, name, None)
        if value is not None and value != "":
            out[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return out


def _deferred_for(item: Item, deferred: Sequence[str]) -> list[str]:
    names = {n for m in item.guide.materials for n in (m.name.zh, m.name.en)}
    return [d for d in deferred if d in names]


class OutboxSubmitter:
    """Implements :class:`kiosk.workflow.Submitter` on top of the outbox.

    All items of a combined session are committed in one transaction: the citizen gets every
    receipt or none. Personal data (answers, identity, verdict, attachments, rating reason) goes
    into the encrypted part; item code, deferred materials and payment references stay readable.
    """

    def __init__(self, outbox: Outbox, journal: PaymentJournal | None = None) -> None:
        self.outbox = outbox
        self.journal = journal  # payments are settled in the case's own transaction

    def submit(self, session: Session, items: Sequence[Item]) -> list[str]:
        attachments = [{"name": name, "media_type": _media_type(bytes(data)),
                        "data_b64": base64.b64encode(bytes(data)).decode("ascii")}
                       for name, data in session.attachments.items()]
        # Flat: the server keeps the last four digits of a top-level "id_number" for case queries.
        verification: dict[str, Any] = {**_identity(session.card), "verdict": session.verification or "none"}
        if session.verification_reference:  # which photo the face was compared with (never a score)
            verification["reference"] = session.verification_reference
        # 代办: the principal (personal) and, readable for routing, the relationship and whether
        # staff must check it (the centre notes it in the case's history: server/records.py).
        on_behalf: dict[str, Any] = {}
        public_agent: dict[str, Any] = {}
        if session.on_behalf:
            on_behalf = {"on_behalf": {k: session.on_behalf[k] for k in
                                       ("relationship", "principal_name", "principal_id_number")}}
            public_agent = {"acting_for": session.on_behalf["relationship"],
                            "staff_check": bool(session.on_behalf.get("staff_check"))}
        # Whether the fingers were taken here or must be at the counter: readable, so the staff
        # console shows it; the templates themselves travel only in the encrypted attachments.
        fingers: dict[str, Any] = {}
        if session.fingerprints:
            taken = sum(1 for name in session.attachments if name.startswith("fingerprint_"))
            fingers = {"fingerprints": {"status": session.fingerprints, "count": taken}}
        records = []
        for item in items:
            # On the wire an answer with a role goes under the role's name (the centre reads
            # answers.phone, answers.id_number), whatever key the catalog gives the field; the
            # loader reserves role names as keys, so nothing else is ever sent under them.
            answers = {(f.role.value if f.role else f.key): session.answers[f.key]
                       for f in item.fields() if f.key in session.answers}
            records.append(OutboxRecord(
                kind="submission", item_code=item.code,
                public={"deferred_materials": _deferred_for(item, session.deferred),
                        # violations: fines this payment paid (JG-0101); the centre marks them paid
                        "payments": [{"payment_ref": p["reference"] or p["order_id"], "order_id": p["order_id"],
                                      "method": p["method"], "amount_fen": p["amount_fen"],
                                      "violations": list(p.get("violations", []))}
                                     for p in session.payments], **public_agent, **fingers,
                        # 送达方式, readable for routing: the centre posts the result or puts the
                        # finished card into this kiosk's dispenser (server/records.py)
                        **({"delivery": way} if (way := chosen_delivery(item, session)) else {})},
                personal={"answers": answers, "verification": verification, "attachments": attachments,
                          **on_behalf}))
        orders = [p["order_id"] for p in session.payments]
        also = None
        if orders:
            if self.journal is None:
                raise SubmitError("payment_error", "paid, but this kiosk keeps no payment journal")
            journal = self.journal
            also = lambda conn, numbers: journal.settle_in(conn, orders, [n for n in numbers if n])  # noqa: E731
        try:
            numbers = self.outbox.commit_many(records, also=also)
        except JournalError as exc:
            log.error("submission refused: %s", exc)
            raise SubmitError("payment_error", "the payment is no longer valid") from exc
        except StoreFull as exc:
            log.error("submission refused: store full (%s)", exc)
            raise SubmitError("store_full", "the kiosk's storage is full") from exc
        except StoreError as exc:
            log.error("submission failed: %s", exc)
            raise SubmitError("store_error", "the case could not be stored") from exc
        return [n for n in numbers if n is not None]

    def rate(self, session: Session, items: Sequence[Item], score: int, reason: str) -> None:
        record = OutboxRecord(
            kind="rating", item_code=items[0].code if items else None,
            personal={"rating": {"score": score, "reason": reason, "item_codes": [i.code for i in items],
                                 "case_numbers": list(session.case_numbers)}})
        try:
            self.outbox.commit(record)
        except StoreError as exc:
            # A rating is not a promise to the citizen (no receipt): losing it beats blocking the screen.
            log.warning("rating not stored: %s", type(exc).__name__)
