"""The collect step (自助取证): shows `kiosk.collect.CollectController.view()` in large text. The
controller runs on the shell's background pool; a timer repaints its view (phase, countdown)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.collect import COUNTDOWN, CollectController, Phase, journal_in
from kiosk.lang import lang_key
from ui.screens.steps import StepScreen
from ui.widgets import button, label

if TYPE_CHECKING:
    from ui.host import ShellHost

_FINISHED = {Phase.DONE, Phase.RETAINED, Phase.JAMMED, Phase.NO_CARD, Phase.ELSEWHERE, Phase.NOT_VERIFIED,
             Phase.NEEDS_STAFF, Phase.DEVICE_UNAVAILABLE, Phase.CENTRE_UNAVAILABLE}


class CollectScreen(StepScreen):
    name = "collect"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="collect_title")
        self.card = label("", name="collect_card")
        self.body = label("", "title", wrap=True, name="collect_body")
        self.countdown = label("", "title", name="collect_countdown")
        row = QHBoxLayout()
        self.retry = button("", self._start, "collect_retry", "secondary")
        self.next_button = button("", self.shell.next_step, "collect_next")
        row.addWidget(self.retry)
        row.addStretch(1)
        row.addWidget(self.next_button)
        layout.addWidget(self.heading)
        layout.addWidget(self.card)
        layout.addWidget(self.body)
        layout.addWidget(self.countdown)
        layout.addStretch(1)
        layout.addLayout(row)
        self._controller: CollectController | None = None
        self._controller_session: object | None = None
        self._running = False
        self._spoken: Phase | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._show)

    def render(self) -> None:
        self.heading.setText(self.tr("Collect your card"))
        self.retry.setText(self.tr("Try again"))
        self.next_button.setText(self.tr("Next"))
        for b in (self.retry, self.next_button):
            b.setAccessibleName(b.text())
        session = self.workflow.session
        if self._controller is None or self._controller_session is not session:
            services = self.shell.services
            hardware = services.hardware
            self._controller = CollectController(
                services.server(), hardware.card_dispenser() if hardware is not None else None,  # type: ignore[arg-type]
                session, journal_in(self.shell.settings.data_dir))
            self._controller_session = session
            self._spoken = None
            self._start()
        self._show()

    def _start(self) -> None:
        controller = self._controller
        if controller is None or self._running:
            return
        self._running = True
        self._timer.start()
        self.shell.background.run(controller.run, self._finished)

    def _finished(self, _view: Any, error: BaseException | None) -> None:
        self._running = False
        self._timer.stop()
        if error is not None:  # a bug, not a state: say "staff" rather than freeze
            self.body.setText(self.tr("Something went wrong. Please ask the staff."))
            self.next_button.setVisible(True)
            return
        if self.shell.current is self:
            self._show()

    def _show(self) -> None:
        controller = self._controller
        if controller is None:
            return
        view = controller.view()
        key = lang_key(self.shell.language)
        self.card.setText(view.title[key] if view.title else "")
        self.body.setText(view.message[key] if view.message else "")
        self.countdown.setText(COUNTDOWN[key].format(n=view.seconds_left) if view.seconds_left is not None else "")
        self.retry.setVisible(view.can_retry and not self._running)
        self.next_button.setVisible(view.phase in _FINISHED and not self._running)
        if view.phase is not self._spoken and view.message:
            self._spoken = view.phase
            self.shell.say(view.message[key])

    def clear(self) -> None:
        """The session ended: a card still at the mouth is retained by the running controller."""
        if self._controller is not None:
            self._controller.cancel()
        self._controller = None
        self._timer.stop()
        for w in (self.card, self.body, self.countdown):
            w.clear()
