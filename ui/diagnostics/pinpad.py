"""The technician PIN pad: large digit buttons (no keyboard: the kiosk has none), one dot per
digit typed (never the digits), and the lockout shown as a countdown. The PIN is checked off
the UI thread (scrypt takes about a tenth of a second by design) and never leaves this widget
except to the gate."""

from __future__ import annotations

import math
from functools import partial
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout

from kiosk.diagnostics.pin import Attempt, Outcome, PinGate
from ui.background import Background
from ui.widgets import button, label

MAX_DIGITS = 12


class PinPad(QFrame):
    entered = Signal()  # the right PIN
    cancelled = Signal()

    def __init__(self, gate: PinGate, background: Background) -> None:
        super().__init__()
        self.setObjectName("diag_pinpad")
        self.gate = gate
        self.background = background
        self._digits: list[str] = []
        self._checking = False
        self._message: Callable[[], str] = lambda: ""
        self.title = label("", "title", name="diag_pin_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = label("", name="diag_pin_dots", wrap=False)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setMinimumHeight(self.dots.fontMetrics().height())  # re-set in showEvent (style)
        self.message = label("", name="diag_pin_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        self.digit_buttons = []
        for index, digit in enumerate("123456789"):
            b = button(digit, partial(self.press, digit), f"diag_pin_{digit}", "digit")
            self.digit_buttons.append(b)
            grid.addWidget(b, index // 3, index % 3)
        self.clear_button = button("", self.clear_digits, "diag_pin_clear", "secondary")
        zero = button("0", lambda: self.press("0"), "diag_pin_0", "digit")
        self.digit_buttons.append(zero)
        self.ok_button = button("", self.submit, "diag_pin_ok")
        grid.addWidget(self.clear_button, 3, 0)
        grid.addWidget(zero, 3, 1)
        grid.addWidget(self.ok_button, 3, 2)
        self.cancel_button = button("", self.cancel, "diag_pin_cancel", "secondary")
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.dots)
        column.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(grid)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        self.ticker = QTimer(self)  # the lockout countdown, only while locked
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.refresh)

    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)  # type: ignore[arg-type]
        # The stylesheet's font is known only once polished: an empty field keeps a dot's height.
        self.dots.ensurePolished()
        margins = self.dots.contentsMargins()
        self.dots.setMinimumHeight(self.dots.fontMetrics().height() + margins.top() + margins.bottom())

    def reset(self) -> None:
        self._digits.clear()
        self._message = lambda: ""
        self.refresh()

    def refresh(self) -> None:
        self.title.setText(self.tr("Technician PIN"))
        self.clear_button.setText(self.tr("Clear"))
        self.ok_button.setText(self.tr("OK"))
        self.cancel_button.setText(self.tr("Cancel"))
        for b in (self.clear_button, self.ok_button, self.cancel_button):
            b.setAccessibleName(b.text())
        # One dot per digit typed, in a field-like box that keeps its height when empty, so the
        # technician sees each tap land (issue #16); emptied on Clear and after every check.
        self.dots.setText(" ".join("●" * len(self._digits)))
        self.dots.setAccessibleName(self.tr("%n digit(s) entered", "", len(self._digits)))
        locked = self.gate.locked_for_s()
        if locked > 0:
            minutes = max(1, math.ceil(locked / 60))
            self.message.setText(self.tr("Too many wrong PINs. Try again in %n minute(s).", "", minutes))
            self.ticker.start()
        else:
            self.ticker.stop()
            self.message.setText(self._message())
        enabled = locked <= 0 and not self._checking
        for b in self.digit_buttons + [self.clear_button, self.ok_button]:
            b.setEnabled(enabled)

    def card_refused(self) -> None:
        """A card on the reader that is not a configured staff card."""
        self._message = lambda: self.tr("This card is not a technician staff card.")
        self.refresh()

    def press(self, digit: str) -> None:
        if len(self._digits) < MAX_DIGITS:
            self._digits.append(digit)
        self.refresh()

    def clear_digits(self) -> None:
        self._digits.clear()
        self.refresh()

    def cancel(self) -> None:
        self._digits.clear()
        self.ticker.stop()
        self.cancelled.emit()

    def submit(self) -> None:
        if not self._digits or self._checking:
            return
        pin = "".join(self._digits)
        self._digits.clear()
        self._checking = True
        self._message = lambda: self.tr("Checking…")
        self.refresh()
        self.background.run(lambda: self.gate.try_pin(pin), self._checked)

    def _checked(self, attempt: Attempt | None, error: BaseException | None) -> None:
        self._checking = False
        if error is not None or attempt is None:
            self._message = lambda: self.tr("The PIN could not be checked. See the log.")
        elif attempt.outcome is Outcome.OK:
            self._message = lambda: ""
            self.refresh()
            self.entered.emit()
            return
        elif attempt.outcome is Outcome.WRONG:
            left = attempt.attempts_left
            self._message = lambda: self.tr("Wrong PIN. %n attempt(s) left.", "", left)
        elif attempt.outcome is Outcome.NOT_CONFIGURED:
            self._message = lambda: self.tr("No technician PIN is configured on this kiosk.")
        self.refresh()
