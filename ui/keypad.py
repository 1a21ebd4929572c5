"""A big-key number pad for fields that take digits: the ID number (0–9 and X), phone numbers and
plain numbers (0–9), and dates (0–9, the YYYY-MM-DD dashes filled in as the citizen types).

The QWERTY/pinyin keyboard made a citizen hunt for digits in a row of small keys and offered
pinyin for an 18-digit number (issue #16). The pad follows the focused field: a field says which
pad it wants with the ``keypad`` property (see :func:`mark`); any other field gets the keyboard.
Keys are the theme's secondary buttons (#111 on #DDE3EA, 14.6:1) at body size, so they grow in
elder mode like every other button.
"""

from __future__ import annotations

import logging
from enum import Enum
from functools import partial

from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from kiosk.catalog import FieldKind
from ui.widgets import button

log = logging.getLogger("ui.keypad")


class PadMode(Enum):
    ID_NUMBER = "id_number"  # 0–9 and X (the GB 11643 check digit)
    DIGITS = "digits"
    DATE = "date"


_MODE_FOR_KIND = {
    FieldKind.ID_NUMBER: PadMode.ID_NUMBER,
    FieldKind.PHONE: PadMode.DIGITS,
    FieldKind.NUMBER: PadMode.DIGITS,
    FieldKind.DATE: PadMode.DATE,
}


def mark(edit: QLineEdit, kind: FieldKind) -> None:
    """Make ``edit`` open the pad its kind needs (nothing for text fields: they get the keyboard)."""
    mode = _MODE_FOR_KIND.get(kind)
    if mode is not None:
        edit.setProperty("keypad", mode.value)


def mode_of(widget: QWidget | None) -> PadMode | None:
    value = widget.property("keypad") if isinstance(widget, QLineEdit) else None
    return PadMode(value) if isinstance(value, str) else None


def as_date(digits: str) -> str:
    """'1949123' → '1949-12-3': the dashes appear as soon as the year and the month are typed."""
    digits = digits[:8]
    return "-".join(part for part in (digits[:4], digits[4:6], digits[6:]) if part)


class Keypad(QWidget):
    """3×4 keys: 1 2 3 / 4 5 6 / 7 8 9 / X 0 Delete (X only for an ID number)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        self.setAccessibleName("Number pad / 数字键盘")
        self.target: QLineEdit | None = None
        self.mode = PadMode.DIGITS
        grid = QGridLayout(self)
        self.keys: dict[str, QPushButton] = {}
        for index, key in enumerate("123456789X0"):
            b = button(key, partial(self.press, key), f"keypad_{key}", "secondary")
            self.keys[key] = b
            grid.addWidget(b, index // 3, index % 3)
        self.delete = button("", lambda: self.press(""), "keypad_delete", "secondary")
        grid.addWidget(self.delete, 3, 2)
        self.hide()

    def set_texts(self, delete: str, target_px: int) -> None:
        self.delete.setText(delete)
        self.delete.setAccessibleName(delete)
        for b in (*self.keys.values(), self.delete):
            b.setMinimumHeight(round(target_px * 1.25))  # bigger than the 16 mm minimum: typed often
            b.setMinimumWidth(target_px * 3)

    def attach(self, edit: QLineEdit | None) -> None:
        """Follow the focused field; hidden when it is not a field for the pad."""
        mode = mode_of(edit)
        self.target = edit if mode is not None else None
        if mode is not None:
            self.mode = mode
            # An empty cell, not a dead X key, where X means nothing.
            self.keys["X"].setVisible(mode is PadMode.ID_NUMBER)
        self.setVisible(mode is not None)

    def press(self, key: str) -> None:
        """A digit or X; '' is Delete."""
        edit = self.target
        if edit is None:
            return
        if self.mode is PadMode.DATE:
            digits = "".join(c for c in edit.text() if c.isdigit())
            edit.setText(as_date(digits[:-1] if key == "" else digits + key))
        elif key == "":
            edit.backspace()
        elif len(edit.text()) < edit.maxLength():
            edit.insert(key)
