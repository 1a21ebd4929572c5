"""Small building blocks shared by the screens."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import shiboken6
from PySide6.QtCore import QByteArray, QPoint, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QCheckBox,
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

from ui.theme import PRIMARY


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


def set_role(widget: QWidget, role: str) -> None:
    """Give a recycled widget another style role; re-polished only when it changes (polishing is
    what makes a role's font and colours apply, and it costs a style pass)."""
    if (widget.property("role") or "") != role:
        widget.setProperty("role", role)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


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


class Paragraph(NamedTuple):
    """One block of text in a PagedArea: its words, style role ("" for body) and object name."""

    text: str
    role: str = ""
    name: str = ""


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
        # A visible bar says there is more below and where the citizen is (issue #16).
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
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
        self._labels: list[QLabel] = []  # show_paragraphs' recycled labels, top of the column
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
        self._labels.clear()
        self.scroll.verticalScrollBar().setValue(0)
        self._update_buttons()

    def show_paragraphs(self, paragraphs: Sequence[Paragraph]) -> None:
        """Show these paragraphs at the top of the column, in labels made once and reused (issue
        #16: a screen switch that made and destroyed ~20 labels cost ~600 Qt events and ~20 ms);
        labels not needed now are hidden, emptied and unnamed. Widgets a screen adds to the column
        itself stay below them. Starts at the first page."""
        for index, (text, role, name) in enumerate(paragraphs):
            if index == len(self._labels):
                self.column.insertWidget(index, label(""))
                item = self.column.itemAt(index)
                assert item is not None
                widget = item.widget()
                assert isinstance(widget, QLabel)
                self._labels.append(widget)
            widget = self._labels[index]
            widget.setText(text)  # QLabel ignores an unchanged text
            set_role(widget, role)
            if widget.objectName() != name:
                widget.setObjectName(name)
            if widget.isHidden():
                widget.show()
        for widget in self._labels[len(paragraphs):]:
            if not widget.isHidden():
                widget.hide()
                widget.clear()
                widget.setObjectName("")
        self.scroll.verticalScrollBar().setValue(0)
        self._update_buttons()

    def _page(self, direction: int) -> None:
        """Turn a page by whole paragraphs: the new page starts at the top of a paragraph (a
        label, field or heading), so no line or heading is cut at the top."""
        bar = self.scroll.verticalScrollBar()
        height = self.scroll.viewport().height()
        tops = sorted({w.geometry().top() for w in self.content.findChildren(QWidget)
                       if w.parent() is self.content and w.isVisible()})
        if direction > 0:
            bottom = bar.value() + height
            # the first paragraph that does not fit whole on this page starts the next one
            cut = [t for t in tops if t > bar.value() and self._bottom_of(t) > bottom]
            target = cut[0] if cut else bar.value() + height
            if target <= bar.value():
                target = bar.value() + height
        else:
            earliest = bar.value() - height
            starts = [t for t in tops if earliest <= t < bar.value()]
            target = starts[0] if starts else earliest
        bar.setValue(max(0, min(target - self.column.spacing() // 2, bar.maximum())))

    def _bottom_of(self, top: int) -> int:
        return max(w.geometry().bottom() for w in self.content.findChildren(QWidget)
                   if w.parent() is self.content and w.isVisible() and w.geometry().top() == top)

    def _update_buttons(self) -> None:
        bar = self.scroll.verticalScrollBar()
        has_pages = bar.maximum() > 0
        self.prev_button.setVisible(has_pages)
        self.next_button.setVisible(has_pages)
        self.prev_button.setEnabled(bar.value() > 0)
        self.next_button.setEnabled(bar.value() < bar.maximum())


class FullWidthCheckBox(QCheckBox):
    """A check box row that responds over its whole width, not only on the box and its words
    (the 一事联办 row was 1 044 px wide and answered on its left 312 px)."""

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802 (Qt API)
        return self.rect().contains(pos)


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


ASSETS = Path(__file__).resolve().parent.parent / "assets"


@lru_cache(maxsize=256)
def svg_pixmap(path: Path, height: int, colour: str = "") -> QPixmap:
    """An SVG drawn crisp at the pixel height asked for (the width follows its aspect ratio);
    `colour` replaces the design's primary blue (white icons on blue buttons). Drawn once per
    size and colour: home drew its ~12 icons again on every visit (issue #16, switch time);
    a QPixmap is shared copy-on-write, so callers cannot change the cached one."""
    data = path.read_bytes()
    if colour:
        data = data.replace(PRIMARY.encode(), colour.encode())
    renderer = QSvgRenderer(QByteArray(data))
    size = renderer.defaultSize()
    width = max(1, round(height * size.width() / max(1, size.height())))
    pixmap = QPixmap(width, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return pixmap


def icon(name: str, px: int, colour: str = "") -> QIcon:
    """A line icon from assets/icons (docs/design.md, icon set)."""
    return QIcon(svg_pixmap(ASSETS / "icons" / f"{name}.svg", px, colour))


def icon_label(name: str, px: int, object_name: str = "") -> QLabel:
    widget = QLabel()
    widget.setPixmap(svg_pixmap(ASSETS / "icons" / f"{name}.svg", px))
    widget.setFixedSize(px, px)
    if object_name:
        widget.setObjectName(object_name)
    return widget


class Illustration(QLabel):
    """A drawing from assets/illustrations (placing the card, the face, the printer slot): shows
    where to act, no photos of people. Hidden when its file is missing rather than an empty box."""

    def __init__(self, name: str, height: int, object_name: str = "") -> None:
        super().__init__()
        self.setObjectName(object_name or f"illustration_{name}")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.show_drawing(name, height)

    def show_drawing(self, name: str, height: int) -> None:
        path = ASSETS / "illustrations" / f"{name}.svg"
        self.name = name
        if not path.exists():
            self.clear()
            self.setVisible(False)
            return
        self.setPixmap(svg_pixmap(path, height))

    def show_for(self, name: str, height: int) -> None:
        """Show this drawing (redrawn only when it changes), or hide when `name` is empty."""
        self.setVisible(bool(name))
        if name and (name != self.name or self.pixmap().height() != height):
            self.show_drawing(name, height)


class PhaseBar(QFrame):
    """须知 → 核验 → 填写 → 核对缴费 → 取件评价: the phases of the running service, the current
    one filled, finished ones pale, with the same text for a screen reader."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("phase_bar")
        self.setProperty("role", "phasebar")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.cells: list[QLabel] = []

    def show_phases(self, names: list[str], current: int) -> None:
        """`names` in order; `current` is the index of the phase the citizen is in."""
        while len(self.cells) < len(names):
            cell = label("", wrap=True, name=f"phase_{len(self.cells) + 1}")
            cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.row.addWidget(cell, 1)
            self.cells.append(cell)
        for index, cell in enumerate(self.cells):
            cell.setVisible(index < len(names))
            if index >= len(names):
                continue
            state = "done" if index < current else "current" if index == current else "todo"
            mark = "✓ " if state == "done" else ""
            cell.setText(f"{mark}{index + 1} {names[index]}")
            if cell.property("phase") != state:
                cell.setProperty("phase", state)
                cell.style().unpolish(cell)
                cell.style().polish(cell)
        self.setAccessibleName(" → ".join(names))
