"""Collecting a finished card at the kiosk (自助取证), Qt-free: the screen runs `run()` on a worker
thread and shows `view()`.

identify (face matched against the ID card just read; staff verification means the counter) →
ask the centre which slot holds this citizen's card → journal the intent → tell the centre →
dispense → wait for the card to be taken (the mouth's taken-out sensor) → the centre marks it
collected. Not taken within `take_s`: the card goes back into the retain bin, the centre records
it, the citizen is told to ask at the counter. A jam: the centre records it, staff are called.

Never to the wrong person: the ID number sent is the one read from the card whose photo the
citizen's face matched in the identify step (a typed number is not enough here); the centre names
a slot only for a card whose holder has that number and is loaded at this kiosk, and refuses to
mark a card for anyone else. Every step is in the centre's audit trail.

Never twice: the intent (opaque card id and slot, no personal data) is written and fsynced to
`CollectJournal` before the centre is told and before the module moves anything. After a power
loss `reconcile()` reads the module: the card still in its slot → not dispensed; at the mouth →
retained into the bin; gone from both → unresolved (taken, or called back by the module at
power-on: staff check the bin). The outcome reaches the centre before the journal entry is
dropped; the centre does not hand out a card that is dispensing or unresolved."""

from __future__ import annotations

import enum
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from devices.card_dispenser.protocol import Flags
from devices.status import DeviceFailure
from kiosk.messages import Bilingual, translate
from kiosk.session import Session
from kiosk.sync.client import ServerClient
from kiosk.sync.errors import ApiError, SyncError

log = logging.getLogger("kiosk.collect")

TAKE_S = 30.0  # how long the card waits at the mouth before it is retained
JOURNAL_NAME = "collect.journal"  # in data_dir


class Dispenser(Protocol):
    def slots(self) -> list[bool]: ...
    def flags(self) -> Flags: ...
    def dispense(self, slot: int) -> Flags: ...
    def wait_taken(self, timeout_s: float, stop: Any = ...) -> bool: ...
    def retain(self) -> Flags: ...


class Phase(str, enum.Enum):
    READY = "ready"
    NOT_VERIFIED = "not_verified"  # face not matched to a card read here: the counter hands it over
    ASKING = "asking"  # asking the centre
    NO_CARD = "no_card"  # nothing waiting for this citizen at this kiosk
    ELSEWHERE = "elsewhere"  # waiting at another kiosk
    CENTRE_UNAVAILABLE = "centre_unavailable"  # nothing dispensed
    DISPENSING = "dispensing"
    TAKE_CARD = "take_card"  # at the mouth: take it (countdown)
    DONE = "done"  # taken, the centre knows
    RETAINED = "retained"  # not taken in time: in the retain bin, recorded
    JAMMED = "jammed"  # staff called, recorded
    NEEDS_STAFF = "needs_staff"  # an earlier attempt is unresolved, or the slot was empty
    DEVICE_UNAVAILABLE = "device_unavailable"  # nothing moved (bin full, dispenser offline)


MESSAGES: dict[Phase, Bilingual] = {
    Phase.NOT_VERIFIED: translate(
        "Collect", "Collecting at the kiosk needs your ID card read and your face verified. "
                   "Please collect it at the counter, where staff will check your identity."),
    Phase.ASKING: translate("Collect", "Looking for your card…"),
    Phase.NO_CARD: translate(
        "Collect", "There is no card waiting for you at this kiosk. You will get a text message when "
                   "it is ready; ask at the counter if in doubt."),
    Phase.ELSEWHERE: translate("Collect", "Your card is waiting in another kiosk. Please ask at the counter which one."),
    Phase.CENTRE_UNAVAILABLE: translate(
        "Collect", "The card system cannot be reached; nothing was dispensed. "
                   "Please try again later or collect it at the counter."),
    Phase.DISPENSING: translate("Collect", "Dispensing your card…"),
    Phase.TAKE_CARD: translate("Collect", "Please take your card from the slot."),
    Phase.DONE: translate("Collect", "Card collected. Please check the details on it and keep it safe."),
    Phase.RETAINED: translate(
        "Collect", "The card was not taken in time. It has been taken back into the machine and is "
                   "kept safe. Please collect it at the counter with your ID card."),
    Phase.JAMMED: translate("Collect", "The card got stuck in the machine. Staff have been called and will help you."),
    Phase.NEEDS_STAFF: translate("Collect", "Your card needs a check by staff. Please collect it at the counter."),
    Phase.DEVICE_UNAVAILABLE: translate(
        "Collect", "The card dispenser is not working; nothing was dispensed. Please collect it at the counter."),
}


COUNTDOWN: Bilingual = translate("Collect", "Take it within {n} s")


@dataclass(frozen=True)
class CollectView:
    phase: Phase
    message: Bilingual | None
    title: Bilingual | None = None  # "居民身份证" / "Resident ID card"
    seconds_left: int | None = None  # while the card waits at the mouth
    device_error: str | None = None  # DeviceError code, for staff
    can_retry: bool = False


class CollectJournal:
    """One pending dispense on disk: {"card_id", "slot", "stage", "outcome"}. No personal data
    (the card id is the centre's opaque id). Written with fsync and an atomic rename."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.error("collect journal unreadable: kept for a technician as %s.bad", self.path.name)
            self.path.replace(self.path.with_suffix(".bad"))
            return {"card_id": "", "slot": 0, "stage": "intent", "outcome": None}
        return data if isinstance(data, dict) else None

    def write(self, entry: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(entry, f)
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(self.path)
        dfd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def journal_in(data_dir: Path) -> CollectJournal:
    return CollectJournal(data_dir / JOURNAL_NAME)


def _report(client: ServerClient, card_id: str, outcome: str, detail: str = "") -> bool:
    """Tell the centre the outcome; True when it has it. Three tries."""
    for attempt in range(3):
        try:
            client.request("POST", f"/api/v1/collect/{card_id}/outcome", endpoint="collect/outcome",
                           json_body={"outcome": outcome, "detail": detail})
            return True
        except ApiError as exc:
            # a definite answer (already settled, card unknown here): the centre has decided and
            # its audit trail shows it; keeping the entry would block this kiosk for good
            log.error("collect: centre refused outcome %s: %s", outcome, exc.error)
            return True
        except SyncError as exc:
            log.warning("collect: outcome %s not delivered (try %d): %s", outcome, attempt + 1, type(exc).__name__)
    return False


def reconcile(journal: CollectJournal, dispenser: Dispenser, client: ServerClient | None) -> str | None:
    """At start (and before each collection): settle a dispense a power loss interrupted. Returns
    the outcome recorded (or waiting for the centre), None when nothing was pending."""
    entry = journal.read()
    if entry is None:
        return None
    outcome = entry.get("outcome")
    slot = int(entry.get("slot") or 0)
    if entry.get("stage") == "intent" or outcome is None:
        try:
            still_there = 1 <= slot <= len(slots := dispenser.slots()) and slots[slot - 1]
            if still_there:
                outcome = "not_dispensed"
            elif "at_mouth" in dispenser.flags():
                dispenser.retain()  # nobody is waiting for it any more
                outcome = "retained"
            else:
                outcome = "unresolved"  # taken, or called back at power-on: staff check the bin
        except DeviceFailure as exc:
            log.warning("collect: cannot read the dispenser to reconcile (%s)", exc.error.code)
            return None
        entry = {**entry, "stage": "outcome", "outcome": outcome, "detail": "after restart"}
        journal.write(entry)
        log.warning("collect: interrupted dispense of %s… settled as %s", str(entry["card_id"])[:6], outcome)
    if client is not None and entry.get("card_id") and _report(client, entry["card_id"], str(outcome),
                                                               str(entry.get("detail", ""))):
        journal.clear()
    elif not entry.get("card_id"):
        journal.clear()  # an unreadable journal: kept aside as .bad, the centre has "dispensing"
    return str(outcome)


class CollectController:
    def __init__(self, client: ServerClient | None, dispenser: Dispenser | None, session: Session,
                 journal: CollectJournal, take_s: float = TAKE_S) -> None:
        self._client = client
        self._dispenser = dispenser
        self._session = session
        self._journal = journal
        self._take_s = take_s
        self._phase = Phase.READY
        self._title: Bilingual | None = None
        self._deadline: float | None = None
        self._device_error: str | None = None
        self._stop = threading.Event()

    # -- the one transition function ---------------------------------------------------------
    def _to(self, phase: Phase, why: str = "") -> None:
        log.info("collect: %s -> %s%s", self._phase.value, phase.value, f" ({why})" if why else "")
        self._phase = phase

    @property
    def phase(self) -> Phase:
        return self._phase

    def view(self) -> CollectView:
        left = None
        if self._phase is Phase.TAKE_CARD and self._deadline is not None:
            left = max(0, int(self._deadline - time.monotonic() + 0.999))
        return CollectView(self._phase, MESSAGES.get(self._phase), self._title, left, self._device_error,
                           self._phase is Phase.CENTRE_UNAVAILABLE)

    def cancel(self) -> None:
        """The session ends: stop waiting at the mouth (the card is then retained)."""
        self._stop.set()

    # -- the flow --------------------------------------------------------------------------------
    def run(self) -> CollectView:
        """Blocking: run it off the UI thread. Again after CENTRE_UNAVAILABLE to retry."""
        if self._phase not in (Phase.READY, Phase.CENTRE_UNAVAILABLE):
            return self.view()
        card = self._session.card
        id_number = str(getattr(card, "id_number", "") or "")
        if self._session.verification != "match" or not id_number:
            self._to(Phase.NOT_VERIFIED, self._session.verification or "no card")
            return self.view()
        if self._client is None:
            self._to(Phase.CENTRE_UNAVAILABLE, "not linked")
            return self.view()
        if self._dispenser is None:
            self._to(Phase.DEVICE_UNAVAILABLE, "no dispenser")
            return self.view()
        reconcile(self._journal, self._dispenser, self._client)
        if self._journal.read() is not None:  # an earlier dispense not settled: move nothing
            self._to(Phase.DEVICE_UNAVAILABLE, "earlier dispense not settled")
            return self.view()
        self._to(Phase.ASKING)
        try:
            _status, found = self._client.request(
                "POST", "/api/v1/collect/lookup", endpoint="collect/lookup",
                json_body={"id_number": id_number, "verification": "match",
                           "reference": self._session.verification_reference})
        except ApiError as exc:
            self._to({"no_card": Phase.NO_CARD, "elsewhere": Phase.ELSEWHERE,
                      "not_verified": Phase.NOT_VERIFIED}.get(exc.error, Phase.NEEDS_STAFF), exc.error)
            return self.view()
        except SyncError as exc:
            self._to(Phase.CENTRE_UNAVAILABLE, type(exc).__name__)
            return self.view()
        card_id, slot = str(found["card_id"]), int(found["slot"])
        self._title = found.get("title")
        entry = {"card_id": card_id, "slot": slot, "stage": "intent", "outcome": None}
        self._journal.write(entry)  # before anything can move
        try:
            self._client.request("POST", f"/api/v1/collect/{card_id}/dispensing", endpoint="collect/dispensing",
                                 json_body={"id_number": id_number})
        except (ApiError, SyncError) as exc:
            self._journal.clear()  # nothing moved
            self._to(Phase.CENTRE_UNAVAILABLE if isinstance(exc, SyncError) else Phase.NEEDS_STAFF,
                     type(exc).__name__)
            return self.view()
        self._to(Phase.DISPENSING, f"slot {slot}")
        try:
            self._dispenser.dispense(slot)
        except DeviceFailure as exc:
            return self._dispense_failed(entry, exc.error.code)
        self._deadline = time.monotonic() + self._take_s
        self._to(Phase.TAKE_CARD)
        try:
            taken = self._dispenser.wait_taken(self._take_s, self._stop.is_set)
            if taken:
                return self._settle(entry, "collected", Phase.DONE)
            self._dispenser.retain()
        except DeviceFailure as exc:
            self._device_error = exc.error.code
            outcome, phase = ("jammed", Phase.JAMMED) if exc.error.code == "card_jam" else ("unresolved", Phase.NEEDS_STAFF)
            return self._settle(entry, outcome, phase, exc.error.code)
        return self._settle(entry, "retained", Phase.RETAINED, f"not taken in {self._take_s:.0f} s")

    def _dispense_failed(self, entry: dict[str, Any], code: str) -> CollectView:
        self._device_error = code
        if code == "card_jam":
            return self._settle(entry, "jammed", Phase.JAMMED, code)
        if code in ("bin_full", "mouth_occupied"):  # refused before any motion
            return self._settle(entry, "not_dispensed", Phase.DEVICE_UNAVAILABLE, code)
        if code == "slot_empty":  # the centre's slot and the machine disagree: staff check
            return self._settle(entry, "unresolved", Phase.NEEDS_STAFF, code)
        # the line went away mid-command: the card may or may not have moved
        return self._settle(entry, "unresolved", Phase.DEVICE_UNAVAILABLE, code)

    def _settle(self, entry: dict[str, Any], outcome: str, phase: Phase, detail: str = "") -> CollectView:
        """Journal the outcome, tell the centre, then forget the entry."""
        self._journal.write({**entry, "stage": "outcome", "outcome": outcome, "detail": detail})
        assert self._client is not None
        if _report(self._client, entry["card_id"], outcome, detail):
            self._journal.clear()
        self._to(phase, detail or outcome)
        return self.view()
