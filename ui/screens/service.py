"""Screens that talk to the central server while the citizen waits: query → result, and book.
Network calls run off the UI thread (shell.background); every failure says what to do next."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout

from kiosk.appointments import show_time
from kiosk.lang import lang_key
from kiosk.steps.book import BookController, BookNotice, BookPhase, BookView
from kiosk.steps.query import QueryController, QueryPhase
from kiosk.sync.client import ServerClient
from ui.screens.steps import StepScreen
from ui.widgets import PagedArea, button, clear_layout, label

if TYPE_CHECKING:
    from ui.host import ShellHost


class QueryScreen(StepScreen):
    """Renders `kiosk.steps.query.QueryView`; the `QueryController` asks the centre."""

    name = "query"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="query_title")
        self.body = label("", name="query_body")
        row = QHBoxLayout()
        self.change = button("", self.shell.back, "query_change", "secondary")
        self.retry = button("", self._retry, "query_retry")
        row.addWidget(self.change)
        row.addStretch(1)
        row.addWidget(self.retry)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addStretch(1)
        layout.addLayout(row)
        self.controller: QueryController | None = None

    def render(self) -> None:
        if self.controller is None or self.controller.flow is not self.shell.workflow:
            self._stop_controller()
            self.controller = QueryController(self.workflow, self._client, self.shell.background,
                                              changed=lambda: self._show(speak=True))
            self.controller.start()
        self._show(speak=False)

    def _client(self) -> ServerClient | None:
        return self.shell.services.server()  # looked up at each call: the link comes and goes

    def _retry(self) -> None:
        if self.controller is not None:
            self.controller.retry()

    def _show(self, speak: bool) -> None:
        if self.controller is None:
            return
        view = self.controller.view()
        if view.phase is QueryPhase.FOUND:
            if self.shell.current is self:
                self.shell.next_step()
            return
        self.change.setText(self.tr("Change my answers"))
        self.retry.setText(self.tr("Try again"))
        for b in (self.change, self.retry):
            b.setAccessibleName(b.text())
        self.retry.setVisible(view.can_retry)
        if view.phase is QueryPhase.CHECK_ANSWERS and view.message is not None:
            self.heading.setText(self.tr("Please check your answers"))
            self.body.setText(view.message[lang_key(self.shell.language)])
            self.change.setVisible(True)
        elif view.phase is QueryPhase.UNAVAILABLE:
            self.heading.setText(self.tr("The search is not available right now"))
            self.body.setText(self.tr("The police service platform cannot be reached. Please try again in a "
                                      "moment, or ask at %1.").replace("%1", self.shell.counter_text()))
            self.change.setVisible(self.workflow.can_go_back)
            if speak:
                self.shell.say(self.body.text())
        else:
            self.heading.setText(self.tr("Searching…"))
            self.body.setText(self.tr("Asking the police service platform. This usually takes a few seconds."))
            self.change.setVisible(False)

    def _stop_controller(self) -> None:
        if self.controller is not None:
            self.controller.leave()
        self.controller = None

    def left(self) -> None:
        self._stop_controller()

    def clear(self) -> None:
        self._stop_controller()


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
    """Pick a day, then a free half hour; the slot is held while the citizen confirms. Renders
    `kiosk.steps.book.BookView`; every booking decision is the `BookController`'s."""

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
        self.controller: BookController | None = None
        self._shown: BookView | None = None

    def render(self) -> None:
        if self.controller is None or self.controller.flow is not self.shell.workflow:
            self._stop_controller()
            self.controller = BookController(self.workflow, self._client, self.shell.background,
                                             changed=self._changed)
            self.controller.start()
        self._shown = None
        self._changed()

    def _changed(self) -> None:
        if self.controller is None:
            return
        view = self.controller.view()
        before, self._shown = self._shown, view
        if view.phase is BookPhase.BOOKED:
            if self.shell.current is self:
                self.shell.next_step()
            return
        self.heading.setText(self.tr("Choose a time for your visit"))
        self.other.setText(self.tr("Choose another time"))
        self.confirm.setText(self.tr("Book this time"))
        for b in (self.other, self.confirm):
            b.setAccessibleName(b.text())
        if before is None or before.day != view.day:
            clear_layout(self.days)
            for day in view.days:
                b = button(f"{day.month}/{day.day}\n{self._weekday(day)}", lambda d=day: self._pick_day(d),
                           f"book_day_{day.isoformat()}", "" if day == view.day else "secondary")
                self.days.addWidget(b)
        if before is None or before.slots != view.slots or before.phase is not view.phase:
            self._show_slots(view)
        held = view.phase in (BookPhase.HELD, BookPhase.BOOKING) and view.held is not None
        self.confirm_text.setVisible(held)
        self.confirm.setVisible(held)
        self.other.setVisible(held)
        if held and view.held is not None:
            slot = view.held
            when = f"{show_time(slot.start)}–{show_time(slot.end)[11:]}"
            self.confirm_text.setText(self.tr("Your visit: %1 at %2. The time is kept for you for 2 minutes.")
                                      .replace("%1", when).replace("%2", self.shell.counter_text()))
        self.status.setText(self._status(view))
        if view.phase is BookPhase.UNAVAILABLE or view.notice is not None and (before is None or before.notice is not view.notice):
            self.shell.say(self.status.text())

    def _status(self, view: BookView) -> str:
        counter = self.shell.counter_text()
        notice = {
            BookNotice.TAKEN: self.tr("Someone has just taken this time. Please choose another."),
            BookNotice.RELEASED: self.tr("The time was released before you confirmed. Please choose again."),
            BookNotice.NOT_CONFIRMED: self.tr("The booking could not be confirmed. Please try again."),
            BookNotice.NO_CONTACT: self.tr("This service cannot be booked here. Please ask at %1.").replace("%1", counter),
        }.get(view.notice) if view.notice is not None else None
        if view.phase is BookPhase.UNAVAILABLE:
            return self.tr("Booking is not available right now: the police service platform cannot be "
                           "reached. Please try again in a moment, or ask at %1.").replace("%1", counter)
        if view.phase is BookPhase.LOADING:
            return "\n".join(t for t in (notice, self.tr("Looking for free times…")) if t)
        if view.phase is BookPhase.SLOTS:
            free = (self.tr("Free times on this day:") if view.any_free
                    else self.tr("No free times on this day. Please choose another day."))
            return "\n".join(t for t in (notice, free) if t)
        return notice or ""

    def _show_slots(self, view: BookView) -> None:
        clear_layout(self.slots)
        if view.phase is not BookPhase.SLOTS:
            return
        # Landscape has the width but not the height for eight rows of large buttons.
        landscape = self.shell.width() > self.shell.height()
        columns = (4 if landscape else 2) if self.shell.theme.elder else (6 if landscape else 4)
        for index, slot in enumerate(view.slots):
            start, end = show_time(slot.start)[11:], show_time(slot.end)[11:]
            b = button(f"{start}–{end}", lambda s=slot.id: self._hold(s), f"book_slot_{start.replace(':', '')}", "secondary")
            b.setEnabled(slot.free > 0)
            self.slots.addWidget(b, index // columns, index % columns)

    def _client(self) -> ServerClient | None:
        return self.shell.services.server()

    def _weekday(self, day: date) -> str:
        names = [self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"), self.tr("Sat"), self.tr("Sun")]
        return names[day.weekday()]

    def _pick_day(self, day: date) -> None:
        if self.controller is not None:
            self.controller.pick_day(day)

    def _hold(self, slot_id: str) -> None:
        if self.controller is not None:
            self.controller.hold(slot_id)

    def _release(self) -> None:
        if self.controller is not None:
            self.controller.release()

    def _book(self) -> None:
        if self.controller is not None:
            self.controller.book()

    def _stop_controller(self) -> None:
        if self.controller is not None:
            self.controller.leave()
        self.controller = None

    def left(self) -> None:
        self._stop_controller()

    def clear(self) -> None:
        self._stop_controller()
        self._shown = None
        clear_layout(self.slots)
        self.confirm_text.clear()
