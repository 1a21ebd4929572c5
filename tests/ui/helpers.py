"""Helpers for driving the kiosk by taps in pytest-qt tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from devices.spec import DeviceKind
from kiosk.catalog import load_catalog
from kiosk.config import Settings
from kiosk.core import KioskCore
from app.gui import build_shell
from ui.shell import Shell

T = TypeVar("T")


def find(shell: Shell, name: str) -> QWidget:
    widget = shell.findChild(QWidget, name)
    assert widget is not None, f"no widget named {name!r} on screen {shell.current.name!r}"
    return widget


def tap(qtbot: QtBot, shell: Shell, name: str) -> None:
    # A screen redrawn a moment ago (a device changed state on its health thread) shows its new
    # buttons on the next event-loop turn, as on the real kiosk: give it that turn.
    try:
        qtbot.waitUntil(lambda: find(shell, name).isVisible(), timeout=1000)
    except qtbot.TimeoutError:
        pass  # the assertions below say what is wrong
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


@contextmanager
def running_kiosk(qtbot: QtBot, settings: Settings, catalog: Path | None = None, devices: bool = True,
                  keyboard: bool = False) -> Iterator[tuple[Shell, KioskCore]]:
    """A kiosk core (demo simulators unless devices=False) with its shell on screen; closed after."""
    core = KioskCore(settings, catalog=load_catalog(catalog) if catalog is not None else None,
                     start_devices=devices)
    shell = build_shell(core, keyboard=keyboard)
    qtbot.addWidget(shell)
    shell.show()
    try:
        yield shell, core
    finally:
        shell.background.wait()
        core.close()


def simulated(core: KioskCore, kind: DeviceKind, cls: type[T]) -> T:
    """The running simulator of one device kind, for steering it from a test."""
    manager = core.hardware.manager
    device = manager.first(kind) if manager is not None else None
    assert isinstance(device, cls), f"no simulated {kind.value} running"
    return device


def open_item(qtbot: QtBot, shell: Shell, area: str, code: str, *then: str) -> None:
    """From the attract screen to an item's guide, then the taps in `then` (e.g. guide_start)."""
    for name in ("attract_start", f"area_{area}", f"item_{code}", *then):
        tap(qtbot, shell, name)
