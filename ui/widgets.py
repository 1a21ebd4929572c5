"""Small building blocks shared by the screens."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)


def label(text: str, role: str = "", wrap: bool = True, name: str = "") -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setObjectName(name)
    return widget


def button(text: str, on_click: Callable[[], None], name: str, role: str = "", accessible: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(name)
    widget.setAccessibleName(accessible or text)
    if role:
        widget.setProperty("role", role)
    widget.clicked.connect(lambda _checked=False: on_click())
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # taps on buttons must not steal the text field's focus
    return widget


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget in a layout (screens rebuild their content on render)."""
    while layout.count():
        child = layout.takeAt(0)
        widget = child.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif child.layout() is not None:
            clear_layout(child.layout())
        # takeAt hands the item (the widget's QWidgetItem, a spacer, or the sub-layout itself) to
        # the caller, and PySide does not own it: left alone it leaked ~80 bytes per item, some
        # 56 items per citizen (heaptrack over the soak, benchmarks/soak.md).
        shiboken6.delete(child)


class PagedArea(QWidget):
    """A scrollable column moved with explicit previous/next page buttons instead of flicking
    (elderly users miss swipes, reference/ux.md)."""

    def __init__(self, prev_text: str, next_text: str, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.content = QWidget()
        self.column = QVBoxLayout(self.content)
        self.column.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.content)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.prev_button = button(prev_text, lambda: self._page(-1), f"{name}_prev", "secondary")
        self.next_button = button(next_text, lambda: self._page(1), f"{name}_next", "secondary")
        row = QHBoxLayout()
        row.addWidget(self.prev_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll, 1)
        outer.addLayout(row)
        self.scroll.verticalScrollBar().rangeChanged.connect(lambda *_: self._update_buttons())
        self.scroll.verticalScrollBar().valueChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()  # no page buttons until the content is longer than the screen

    def set_texts(self, prev_text: str, next_text: str) -> None:
        self.prev_button.setText(prev_text)
        self.prev_button.setAccessibleName(prev_text)
        self.next_button.setText(next_text)
        self.next_button.setAccessibleName(next_text)

    def reset(self) -> None:
        clear_layout(self.column)
        self.scroll.verticalScrollBar().setValue(0)
        self._update_buttons()

    def _page(self, direction: int) -> None:
        bar = self.scroll.verticalScrollBar()
        step = max(1, int(self.scroll.viewport().height() * 0.9))
        bar.setValue(bar.value() + direction * step)

    def _update_buttons(self) -> None:
        bar = self.scroll.verticalScrollBar()
        has_pages = bar.maximum() > 0
        self.prev_button.setVisible(has_pages)
        self.next_button.setVisible(has_pages)
        self.prev_button.setEnabled(bar.value() > 0)
        self.next_button.setEnabled(bar.value() < bar.maximum())


class ScreenStack(QStackedWidget):
    """A stack whose size needs are those of the screen shown, not the largest of all screens
    (QStackedWidget's default): one tall screen must not push a 1080-pixel landscape window taller
    than the panel."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()
