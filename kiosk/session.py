"""The citizen session: the one object that holds everything personal about the current citizen.

It starts on the first touch and ends on finish, cancel, idle timeout or card removal. Ending it
wipes every field; screens listen for the end and clear their widgets. Nothing personal lives
anywhere else in memory (ARCHITECTURE.md, "The citizen session").
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from kiosk.registry import Role

log = logging.getLogger("kiosk.session")


class EndReason(str, Enum):
    FINISHED = "finished"
    CANCELLED = "cancelled"
    TIMEOUT = "timeout"
    CARD_REMOVED = "card_removed"
    STAFF = "staff"


@dataclass
class Session:
    """One citizen's visit. Only ``id``, ``language`` and ``elder`` are not personal."""

    language: str = "zh_CN"
    elder: bool = False
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    answers: dict[str, str] = field(default_factory=dict)
    card: Any | None = None  # the identity read from the ID card, if any
    verification: str | None = None  # verdict only (never a score or a face)
    verification_reference: str | None = None  # "register" / "chip": the photo the verdict used
    # The ID number the face check matched (card or typed): what a document may be issued for.
    verified_id_number: str | None = None
    attachments: dict[str, bytes | bytearray] = field(default_factory=dict)  # bytearray: zeroed at the end
    deferred: list[str] = field(default_factory=list)  # material names to bring later (容缺)
    case_numbers: list[str] = field(default_factory=list)
    # Paid in this session: order_id, method, amount_fen, reference (journal: kiosk/payments).
    payments: list[dict[str, Any]] = field(default_factory=list)
    query_results: list[Any] = field(default_factory=list)  # what the query step found (may be personal)
    bookings: list[dict[str, str]] = field(default_factory=list)  # booking number, service, start
    # 代办: who the identified person acts for (relationship, principal_name, principal_id_number);
    # empty when acting for themself (kiosk/on_behalf.py)
    on_behalf: dict[str, str] = field(default_factory=dict)
    # The fingerprint step's outcome (not personal): "captured" (templates in attachments) or
    # "counter" (taken at the counter: the one reason such a case needs a visit); None: no such step
    fingerprints: str | None = None
    ended: EndReason | None = None
    # Which answer key holds each role for the items being done (kiosk.catalog.keys_by_role, set
    # by the workflow). Not personal: field keys only.
    role_keys: dict[Role, str] = field(default_factory=dict)

    def key_of(self, role: Role) -> str:
        """The answer key of a role: the item's field that declares it, else the role's own name
        (the loader reserves that key for the role, so it never holds something else)."""
        return self.role_keys.get(role, role.value)

    def answer(self, role: Role) -> str:
        """The citizen's answer in this role, or '' — code reads answers this way, never by key."""
        return self.answers.get(self.key_of(role), "")

    def set_answer(self, role: Role, value: str) -> None:
        self.answers[self.key_of(role)] = value

    def drop_answer(self, role: Role) -> None:
        self.answers.pop(self.key_of(role), None)

    def wipe(self) -> None:
        """Forget everything personal. Bytes buffers are zeroed where Python lets us."""
        for blob in self.attachments.values():
            if isinstance(blob, bytearray):
                blob[:] = b"\0" * len(blob)
        self.answers.clear()
        self.role_keys.clear()
        self.attachments.clear()
        self.deferred.clear()
        self.case_numbers.clear()
        self.payments.clear()
        self.query_results.clear()
        self.bookings.clear()
        self.on_behalf.clear()
        wipe_card = getattr(self.card, "wipe", None)
        if callable(wipe_card):
            wipe_card()
        self.card = None
        self.verification = None
        self.verification_reference = None
        self.verified_id_number = None
        self.fingerprints = None


class SessionKeeper:
    """Starts and ends sessions and tells listeners when one ends (screens clear themselves)."""

    def __init__(self, default_language: str) -> None:
        self.default_language = default_language
        self.current: Session | None = None
        self._on_end: list[Callable[[EndReason], None]] = []

    def on_end(self, callback: Callable[[EndReason], None]) -> None:
        self._on_end.append(callback)

    def start(self, language: str | None = None, elder: bool = False) -> Session:
        if self.current is not None:
            self.end(EndReason.CANCELLED)
        self.current = Session(language=language or self.default_language, elder=elder)
        log.info("session started")
        return self.current

    def ensure(self) -> Session:
        return self.current if self.current is not None else self.start()

    def end(self, reason: EndReason) -> None:
        session = self.current
        if session is None:
            return
        session.ended = reason
        session.wipe()
        self.current = None
        log.info("session ended: %s", reason.value)
        for callback in list(self._on_end):
            callback(reason)
