"""The embedded pinyin keyboard: shown for text entry, never over the focused field, and it
forgets what it learned when the session ends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.core import KioskCore
from tests.ui.helpers import find, tap
from app.gui import build_shell
from ui.shell import Shell


@pytest.fixture()
def shell_with_keyboard(qtbot: QtBot, tmp_path: Path) -> Iterator[Shell]:
    core = KioskCore(Settings(data_dir=tmp_path / "data", key_file=tmp_path / "keys" / "data.key"))
    shell = build_shell(core, keyboard=True)
    qtbot.addWidget(shell)
    shell.show()
    qtbot.waitExposed(shell)
    yield shell
    assert shell.keyboard is not None
    shell.keyboard.close_down()
    core.close()


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def test_keyboard_docks_below_the_form_and_forgets_on_session_end(qtbot: QtBot, shell_with_keyboard: Shell) -> None:
    shell = shell_with_keyboard
    keyboard = shell.keyboard
    assert keyboard is not None
    assert keyboard.status() != keyboard.Status.Error, "the virtual keyboard QML did not load"
    assert not keyboard.isVisible()  # no keyboard on the attract screen

    tap(qtbot, shell, "attract_start")
    tap(qtbot, shell, "area_public_order")
    tap(qtbot, shell, "item_ZA-0101")
    tap(qtbot, shell, "guide_start")
    field = find(shell, "field_item_description")
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert keyboard.isVisible()
    assert keyboard.height() > 200
    assert not global_rect(keyboard).intersects(global_rect(field)), "keyboard covers the focused field"

    # Something the pinyin engine might have learned this session.
    (keyboard.user_data / "learned.dat").write_text("x")
    tap(qtbot, shell, "frame_home")
    assert not keyboard.isVisible()
    assert list(keyboard.user_data.iterdir()) == []
