"""Helpers for driving the kiosk by taps in pytest-qt tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from ui.shell import Shell


def find(shell: Shell, name: str) -> QWidget:
    widget = shell.findChild(QWidget, name)
    assert widget is not None, f"no widget named {name!r} on screen {shell.current.name!r}"
    return widget


def tap(qtbot: QtBot, shell: Shell, name: str) -> None:
    widget = find(shell, name)
    assert widget.isVisible(), f"{name!r} is not visible on screen {shell.current.name!r}"
    assert widget.isEnabled(), f"{name!r} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    # Widgets added to a visible screen are shown by a queued call, as the real event loop would.
    QApplication.processEvents()


def type_into(qtbot: QtBot, shell: Shell, name: str, text: str) -> None:
    widget = find(shell, name)
    assert isinstance(widget, QLineEdit)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    widget.clear()
    # keyClicks cannot type CJK through the offscreen platform; insert() is what a committed
    # pinyin candidate does to the field.
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)


def visible_texts(root: QWidget) -> list[str]:
    """Every text a person could see or a screen reader could read in the widget tree."""
    texts = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            texts.append(widget.text())
        elif isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        texts.append(widget.accessibleName())
    return texts
