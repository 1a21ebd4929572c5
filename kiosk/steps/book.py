"""The book step without Qt: pick a day, then a free half hour; the slot is held at the centre
while the citizen confirms; then a booking number.

Booking rules: one idempotency key per held slot, so a confirmation retried after a lost answer
books once; a slot taken by someone else meanwhile (409 on hold) or a hold that ran out (409/410
on book) sends the citizen back to the free times with a sentence saying so; the booking is
written to the session here and nowhere else. Server calls run through the owner's `Runner`."""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.appointments import beijing_today, bookable_days, contact_of
from kiosk.steps.runner import Runner
from kiosk.sync.client import ServerClient
from kiosk.sync.errors import ApiError
from kiosk.workflow import Workflow

log = logging.getLogger("kiosk.steps.book")


class BookPhase(str, enum.Enum):
    LOADING = "loading"          # asking for the day's free times
    SLOTS = "slots"              # the day's times (free ones tappable)
    HOLDING = "holding"          # asking the centre to keep the chosen time
    HELD = "held"                # kept for 2 minutes: confirm, or choose another
    BOOKING = "booking"
    BOOKED = "booked"            # in the session: next step
    UNAVAILABLE = "unavailable"  # the centre cannot be reached
    LEFT = "left"


class BookNotice(str, enum.Enum):
    TAKEN = "taken"                  # someone has just taken this time
    RELEASED = "released"            # the hold ran out before the citizen confirmed
    NOT_CONFIRMED = "not_confirmed"  # the answer was lost: try again (same key, books once)
    NO_CONTACT = "no_contact"        # the service asks for no name/phone: book at the counter


@dataclass(frozen=True)
class Slot:
    id: str
    start: str   # server timestamps (UTC, ISO); the screen shows Beijing time
    end: str
    free: int


@dataclass(frozen=True)
class BookView:
    phase: BookPhase
    days: tuple[date, ...]
    day: date
    slots: tuple[Slot, ...] = ()
    held: Slot | None = None
    notice: BookNotice | None = None

    @property
    def any_free(self) -> bool:
        return any(s.free > 0 for s in self.slots)


class BookController:
    def __init__(self, flow: Workflow, server: Callable[[], ServerClient | None], runner: Runner,
                 today: Callable[[], date] = beijing_today, changed: Callable[[], None] = lambda: None) -> None:
        self.flow = flow
        self._server = server
        self._runner = runner
        self._changed = changed
        self._days = tuple(bookable_days(today()))
        self._phase = BookPhase.LOADING
        self._view = BookView(BookPhase.LOADING, self._days, self._days[0])
        self._hold_id = ""
        self._key = ""
        self._call = 0  # answers to an older call (another day, a released time) are dropped

    @property
    def phase(self) -> BookPhase:
        return self._phase

    def view(self) -> BookView:
        return self._view

    # -- commands ---------------------------------------------------------------------------------------
    def start(self) -> None:
        self.pick_day(self._view.day)

    def pick_day(self, day: date) -> None:
        """A tap on a day. Not while a booking is being confirmed."""
        if self._phase in (BookPhase.BOOKING, BookPhase.BOOKED, BookPhase.LEFT) or day not in self._days:
            return
        self._load(day)

    def _load(self, day: date, notice: BookNotice | None = None) -> None:
        client = self._server()
        if client is None:
            self._go(BookPhase.UNAVAILABLE, day=day)
            return
        self._hold_id = ""
        self._go(BookPhase.LOADING, day=day, notice=notice)
        service = self.flow.step.service or ""
        call = self._next_call()
        self._runner.run(lambda: client.slots(service, day.isoformat()),
                         lambda slots, error: self._slots(call, slots, error))

    def hold(self, slot_id: str) -> None:
        slot = next((s for s in self._view.slots if s.id == slot_id and s.free > 0), None)
        client = self._server()
        if self._phase is not BookPhase.SLOTS or slot is None:
            return
        if client is None:
            self._go(BookPhase.UNAVAILABLE)
            return
        self._go(BookPhase.HOLDING, slots=self._view.slots, held=slot)
        call = self._next_call()
        self._runner.run(lambda: client.hold(slot.id), lambda held, error: self._held(call, slot, held, error))

    def release(self) -> None:
        """"Choose another time" (the centre lets the hold run out by itself)."""
        if self._phase is BookPhase.HELD:
            self.pick_day(self._view.day)

    def book(self) -> None:
        held, client = self._view.held, self._server()
        if self._phase is not BookPhase.HELD or held is None:
            return
        if client is None:
            self._go(BookPhase.UNAVAILABLE)
            return
        contact = contact_of(self.flow.session)
        if contact is None:
            self._go(BookPhase.HELD, held=held, notice=BookNotice.NO_CONTACT)
            return
        item_code, hold_id, key = self.flow.items[0].code, self._hold_id, self._key
        self._go(BookPhase.BOOKING, held=held)
        call = self._next_call()
        self._runner.run(lambda: client.book(hold_id, item_code, contact, key),
                         lambda booked, error: self._booked(call, held, booked, error))

    def leave(self) -> None:
        self._go(BookPhase.LEFT)
        self._next_call()

    # -- inside -----------------------------------------------------------------------------------------
    def _go(self, phase: BookPhase, **view: Any) -> None:
        if phase is not self._phase:
            log.info("book: %s -> %s", self._phase.value, phase.value)
        self._phase = phase
        view.setdefault("day", self._view.day)
        self._view = BookView(phase, self._days, **view)
        self._changed()

    def _next_call(self) -> int:
        self._call += 1
        return self._call

    def _slots(self, call: int, slots: Any, error: BaseException | None) -> None:
        if call != self._call:
            return
        if error is not None or not isinstance(slots, list):
            self._go(BookPhase.UNAVAILABLE)
            return
        shown = tuple(Slot(str(s["id"]), str(s["start"]), str(s["end"]), int(s.get("free", 0))) for s in slots)
        self._go(BookPhase.SLOTS, slots=shown, notice=self._view.notice)

    def _held(self, call: int, slot: Slot, held: Any, error: BaseException | None) -> None:
        if call != self._call:
            return
        if isinstance(error, ApiError) and error.status == 409:
            self._load(self._view.day, BookNotice.TAKEN)
            return
        if error is not None or not isinstance(held, dict):
            self._go(BookPhase.UNAVAILABLE)
            return
        self._hold_id = str(held["hold_id"])
        self._key = uuid.uuid4().hex  # one key per held time: a retried confirmation books once
        self._go(BookPhase.HELD, held=slot)

    def _booked(self, call: int, held: Slot, booked: Any, error: BaseException | None) -> None:
        if call != self._call:
            return
        if isinstance(error, ApiError) and error.status in (409, 410):
            self._load(self._view.day, BookNotice.RELEASED)
            return
        if error is not None or not isinstance(booked, dict):
            self._go(BookPhase.HELD, held=held, notice=BookNotice.NOT_CONFIRMED)
            return
        slot = booked["slot"]
        self.flow.session.bookings.append({"booking_number": str(booked["booking_number"]),
                                           "start": str(slot.get("start", "")), "service": str(slot.get("service", ""))})
        self._go(BookPhase.BOOKED)
