"""Screens built once (issue #16): home, an area's list, the guide and the form make their widgets
on the first visit and only put new words and values into them afterwards. A rebuild per visit
made and destroyed dozens of widgets per tap (~600 Qt events, the slowest part of a switch,
benchmarks/ui.md) and threw away what the citizen had ticked when they changed the language.
The switch time itself is measured by benchmarks/bench_screens.py, not here (a shared machine)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.helpers import find, open_item, tap
from ui.shell import Shell


class WidgetsMade(QObject):
    """Counts widgets given a parent (QEvent.ChildAdded with a widget child) anywhere in the app:
    each is a widget made (or moved) for the screen."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.ChildAdded and isinstance(event.child(), QWidget):  # type: ignore[attr-defined]
            self.count += 1
        return False


def _walk(qtbot: QtBot, shell: Shell, code: str) -> None:
    """Attract → home → area → guide → form, then Home: the benchmark's path."""
    open_item(qtbot, shell, "public_order", code, "guide_start")
    assert shell.current.name == "form"
    tap(qtbot, shell, "frame_home")
    shell.cancel_session()
    qtbot.waitUntil(lambda: shell.current.name == "attract", timeout=3000)


def test_a_second_citizen_on_the_same_path_makes_no_new_widgets(qtbot: QtBot, shell: Shell) -> None:
    _walk(qtbot, shell, "ZA-0101")  # the first citizen: screens made
    made = WidgetsMade()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(made)
    try:
        _walk(qtbot, shell, "ZA-0101")
        assert made.count == 0, f"{made.count} widgets made for a path already shown"
    finally:
        app.removeEventFilter(made)


def test_another_guide_reuses_the_paragraphs_of_the_first(qtbot: QtBot, shell: Shell) -> None:
    open_item(qtbot, shell, "public_order", "ZA-0101")
    title = find(shell, "guide_title").text()
    made = WidgetsMade()
    app = QApplication.instance()
    assert app is not None
    tap(qtbot, shell, "frame_back")
    app.installEventFilter(made)
    try:
        tap(qtbot, shell, "item_ZA-0102")
        assert find(shell, "guide_title").text() != title  # the other guide is shown …
        assert made.count <= 3, made.count  # … in the labels already made (a longer one adds a few)
    finally:
        app.removeEventFilter(made)


def test_a_ticked_combined_service_stays_ticked_when_the_language_changes(qtbot: QtBot, shell: Shell) -> None:
    """一事联办: a citizen ticks a second service, then switches to English to read on; the tick
    was lost when the guide rebuilt its boxes on the language change."""
    tap(qtbot, shell, "attract_start")
    item = next(i for i in shell.catalog.items() if i.related and not shell.unavailable_reason(i)
                and any(not shell.unavailable_reason(shell.catalog.item(c)) for c in i.related if c in shell.catalog))
    shell.show_guide(item)
    box = next(b for b in shell.current.findChildren(QCheckBox) if b.objectName().startswith("combine_"))
    name, zh = box.objectName(), box.text()
    box.setChecked(True)
    tap(qtbot, shell, "frame_language")
    box = find(shell, name)
    assert isinstance(box, QCheckBox) and box.text() != zh  # in English now
    assert box.isChecked()
    # and leaving the guide and coming back to it is a new choice: nothing ticked
    tap(qtbot, shell, "frame_back")
    shell.show_guide(item)
    assert not any(b.isChecked() for b in shell.current.findChildren(QCheckBox) if b.isVisible())


def test_the_next_citizen_finds_the_reused_form_empty_with_nothing_to_undo(qtbot: QtBot, shell: Shell) -> None:
    """The form's fields are kept for the next citizen: nothing of the one before may stay in
    them, not even one undo away (QLineEdit.clear() is undoable)."""
    open_item(qtbot, shell, "public_order", "ZA-0101", "guide_start")
    tap(qtbot, shell, "form_next")  # empty: errors shown
    assert find(shell, "error_item_description").isVisible()
    field = find(shell, "field_item_description")
    assert isinstance(field, QLineEdit)
    field.setFocus()
    qtbot.keyClicks(field, "black wallet with my ID card")
    shell.cancel_session()
    qtbot.waitUntil(lambda: shell.current.name == "attract", timeout=3000)
    open_item(qtbot, shell, "public_order", "ZA-0101", "guide_start")
    again = find(shell, "field_item_description")
    assert again is field  # the same widget, reused
    assert field.text() == "" and not field.isUndoAvailable()
    assert not find(shell, "error_item_description").isVisible()  # no error left from before
    assert not field.property("invalid")  # no red border left from before
