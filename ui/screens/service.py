"""Screens that talk to the central server while the citizen waits: query → result, and book.
Network calls run off the UI thread (shell.background); every failure says what to do next."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout

from kiosk.appointments import beijing_today, bookable_days, contact_of, show_time
from kiosk.lang import lang_key
from kiosk.queries import QUERY_SERVICES, QueryInputError, QueryResult
from kiosk.sync.errors import ApiError
from ui.screens.steps import StepScreen
from ui.widgets import PagedArea, button, clear_layout, label

if TYPE_CHECKING:
    from ui.host import ShellHost


class QueryScreen(StepScreen):
    name = "query"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="query_title")
        self.body = label("", name="query_body")
        row = QHBoxLayout()
        self.change = button("", self.shell.back, "query_change", "secondary")
        self.retry = button("", self.render, "query_retry")
        row.addWidget(self.change)
        row.addStretch(1)
        row.addWidget(self.retry)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addStretch(1)
        layout.addLayout(row)
        self._ticket = 0

    def render(self) -> None:
        self.heading.setText(self.tr("Searching…"))
        self.body.setText(self.tr("Asking the police service platform. This usually takes a few seconds."))
        self.change.setText(self.tr("Change my answers"))
        self.retry.setText(self.tr("Try again"))
        for b in (self.change, self.retry):
            b.setAccessibleName(b.text())
            b.setVisible(False)
        client = self.shell.services.server()
        service = QUERY_SERVICES.get(self.workflow.step.service or "")
        if client is None or service is None:
            self._failed(None)
            return
        # The worker thread gets its own copy of the answers: the session may be wiped meanwhile.
        session = replace(self.workflow.session, answers=dict(self.workflow.session.answers))
        self._ticket += 1
        ticket = self._ticket
        self.shell.background.run(lambda: service(client, session),
                                  lambda result, error: self._answered(ticket, result, error))

    def _answered(self, ticket: int, result: Any, error: BaseException | None) -> None:
        if ticket != self._ticket or self.shell.workflow is None or self.shell.current is not self:
            return  # the citizen left (home, timeout) while the query ran
        if error is not None:
            self._failed(error)
            return
        assert isinstance(result, QueryResult)
        self.workflow.session.query_results[:] = [result]
        self.shell.next_step()

    def _failed(self, error: BaseException | None) -> None:
        if isinstance(error, QueryInputError):
            self.heading.setText(self.tr("Please check your answers"))
            self.body.setText(error.message[lang_key(self.shell.language)])
            self.change.setVisible(True)
            return
        self.heading.setText(self.tr("The search is not available right now"))
        self.body.setText(self.tr("The police service platform cannot be reached. Please try again in a "
                                  "moment, or ask at %1.").replace("%1", self.shell.counter_text()))
        self.retry.setVisible(True)
        self.change.setVisible(self.workflow.can_go_back)
        self.shell.say(self.body.text())

    def clear(self) -> None:
        self._ticket += 1  # answers still on their way are dropped


class ResultScreen(StepScreen):
    name = "result"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="result_title")
        self.pages = PagedArea("", "", "result_page")
        self.finish = button("", self.shell.next_step, "result_next")
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.finish)

    def render(self) -> None:
        lang = lang_key(self.shell.language)
        self.heading.setText(self.tr("What we found"))
        self.pages.set_texts(self.tr("Previous page"), self.tr("Next page"))
        self.pages.reset()
        results = self.workflow.session.query_results
        result = results[-1] if results else None
        if result is None or not result.entries:
            message = result.empty_message[lang] if result is not None else self.tr("Nothing found.")
            self.pages.column.addWidget(label(message, name="result_empty"))
        else:
            for index, entry in enumerate(result.entries):
                self.pages.column.addWidget(label(entry.title[lang], "highlight" if entry.attention else "title",
                                                  name=f"result_entry_{index}"))
                for line in entry.lines:
                    self.pages.column.addWidget(label(line[lang]))
        self.finish.setText(self.tr("Next"))
        self.finish.setAccessibleName(self.finish.text())

    def clear(self) -> None:
        self.pages.reset()


class BookScreen(StepScreen):
    """Pick a day, then a free half hour; the slot is held while the citizen confirms."""

    name = "book"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="book_title")
        self.days = QHBoxLayout()
        self.status = label("", name="book_status")
        self.slots = QGridLayout()
        self.confirm_text = label("", "highlight", name="book_confirm_text")
        row = QHBoxLayout()
        self.other = button("", self._release, "book_other", "secondary")
        self.confirm = button("", self._book, "book_confirm")
        row.addWidget(self.other)
        row.addStretch(1)
        row.addWidget(self.confirm)
        layout.addWidget(self.heading)
        layout.addLayout(self.days)
        layout.addWidget(self.status)
        layout.addLayout(self.slots)
        layout.addStretch(1)
        layout.addWidget(self.confirm_text)
        layout.addLayout(row)
        self.day: date | None = None
        self.held: dict[str, Any] | None = None  # {"hold_id", "slot": {...}}
        self._ticket = 0
        self._booking_key = ""

    def render(self) -> None:
        self.heading.setText(self.tr("Choose a time for your visit"))
        self.other.setText(self.tr("Choose another time"))
        self.confirm.setText(self.tr("Book this time"))
        for b in (self.other, self.confirm):
            b.setAccessibleName(b.text())
        clear_layout(self.days)
        days = bookable_days(beijing_today())
        if self.day not in days:
            self.day = days[0]
        for day in days:
            b = button(f"{day.month}/{day.day}\n{self._weekday(day)}", lambda d=day: self._pick_day(d),
                       f"book_day_{day.isoformat()}", "" if day == self.day else "secondary")
            self.days.addWidget(b)
        self._show_hold()
        if self.held is None:
            self._load_slots()

    def _weekday(self, day: date) -> str:
        names = [self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"), self.tr("Sat"), self.tr("Sun")]
        return names[day.weekday()]

    def _pick_day(self, day: date) -> None:
        self.day = day
        self.held = None
        self.render()

    def _client_or_fail(self) -> Any:
        client = self.shell.services.server()
        if client is None:
            self._unavailable()
        return client

    def _unavailable(self) -> None:
        clear_layout(self.slots)
        self.status.setText(self.tr("Booking is not available right now: the police service platform cannot be "
                                    "reached. Please try again in a moment, or ask at %1.").replace("%1", self.shell.counter_text()))
        self.shell.say(self.status.text())

    def _load_slots(self) -> None:
        clear_layout(self.slots)
        client = self._client_or_fail()
        if client is None or self.day is None:
            return
        self.status.setText(self.tr("Looking for free times…"))
        service, day = self.workflow.step.service or "", self.day.isoformat()
        self._ticket += 1
        ticket = self._ticket
        self.shell.background.run(lambda: client.slots(service, day),
                                  lambda slots, error: self._show_slots(ticket, slots, error))

    def _show_slots(self, ticket: int, slots: Any, error: BaseException | None) -> None:
        if ticket != self._ticket or self.shell.current is not self:
            return
        if error is not None:
            self._unavailable()
            return
        free = [s for s in slots if int(s.get("free", 0)) > 0]
        self.status.setText(self.tr("Free times on this day:") if free else self.tr("No free times on this day. Please choose another day."))
        # Landscape has the width but not the height for eight rows of large buttons.
        landscape = self.shell.width() > self.shell.height()
        columns = (4 if landscape else 2) if self.shell.theme.elder else (6 if landscape else 4)
        for index, slot in enumerate(slots):
            start, end = show_time(str(slot["start"]))[11:], show_time(str(slot["end"]))[11:]
            b = button(f"{start}–{end}", lambda s=slot: self._hold(s), f"book_slot_{start.replace(':', '')}", "secondary")
            b.setEnabled(int(slot.get("free", 0)) > 0)
            self.slots.addWidget(b, index // columns, index % columns)

    def _hold(self, slot: dict[str, Any]) -> None:
        client = self._client_or_fail()
        if client is None:
            return
        self._ticket += 1
        ticket = self._ticket
        self.shell.background.run(lambda: client.hold(str(slot["id"])),
                                  lambda held, error: self._held(ticket, slot, held, error))

    def _held(self, ticket: int, slot: dict[str, Any], held: Any, error: BaseException | None) -> None:
        if ticket != self._ticket or self.shell.current is not self:
            return
        if isinstance(error, ApiError) and error.status == 409:
            self.status.setText(self.tr("Someone has just taken this time. Please choose another."))
            self._load_slots()
            return
        if error is not None:
            self._unavailable()
            return
        self.held = {"hold_id": held["hold_id"], "slot": slot}
        self._booking_key = uuid.uuid4().hex  # one key per confirmation: a retry cannot book twice
        clear_layout(self.slots)
        self._show_hold()

    def _show_hold(self) -> None:
        held = self.held is not None
        self.confirm_text.setVisible(held)
        self.confirm.setVisible(held)
        self.other.setVisible(held)
        if self.held is not None and self.day is not None:
            slot = self.held["slot"]
            when = f"{show_time(str(slot['start']))}–{show_time(str(slot['end']))[11:]}"
            self.confirm_text.setText(self.tr("Your visit: %1 at %2. The time is kept for you for 2 minutes.")
                                      .replace("%1", when).replace("%2", self.shell.counter_text()))
            self.status.setText("")

    def _release(self) -> None:
        self.held = None
        self.render()

    def _book(self) -> None:
        held = self.held
        client = self._client_or_fail()
        if held is None or client is None:
            return
        contact = contact_of(self.workflow.session)
        if contact is None:
            self.status.setText(self.tr("This service cannot be booked here. Please ask at %1.").replace("%1", self.shell.counter_text()))
            return
        item_code, key = self.workflow.items[0].code, self._booking_key
        self._ticket += 1
        ticket = self._ticket
        self.shell.background.run(lambda: client.book(held["hold_id"], item_code, contact, key),
                                  lambda booked, error: self._booked(ticket, booked, error))

    def _booked(self, ticket: int, booked: Any, error: BaseException | None) -> None:
        if ticket != self._ticket or self.shell.current is not self or self.shell.workflow is None:
            return
        if isinstance(error, ApiError) and error.status in (409, 410):
            self.held = None
            self.render()
            self.status.setText(self.tr("The time was released before you confirmed. Please choose again."))
            return
        if error is not None:
            self.status.setText(self.tr("The booking could not be confirmed. Please try again."))
            return
        slot = booked["slot"]
        self.workflow.session.bookings.append({"booking_number": str(booked["booking_number"]),
                                               "start": str(slot.get("start", "")), "service": str(slot.get("service", ""))})
        self.held = None
        self.shell.next_step()

    def clear(self) -> None:
        self.held = None
        self.day = None
        self._ticket += 1
        clear_layout(self.slots)
        self.confirm_text.clear()
