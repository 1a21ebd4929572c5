"""Voice guidance with Qt's mock speech engine: each screen's prompt is spoken in the citizen's
language, a touch stops it, "repeat" says it again, and a session end forgets it and resets the
volume."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTextToSpeech import QTextToSpeech
from pytestqt.qtbot import QtBot

from tests.ui.helpers import find, tap
from ui.shell import Shell


def test_prompts_are_spoken_stopped_by_a_touch_and_repeatable(qtbot: QtBot, shell: Shell) -> None:
    voice = shell.voice
    assert voice.available and find(shell, "frame_repeat").isVisible()
    tap(qtbot, shell, "attract_start")
    assert voice.last == find(shell, "home_title").text() == "请选择您要办理的业务"
    assert voice.engine is not None and voice.engine.state() == QTextToSpeech.State.Speaking
    assert voice.locale.name() == "zh_CN"

    qtbot.mouseClick(find(shell, "home_title"), Qt.MouseButton.LeftButton)  # the person acts
    qtbot.waitUntil(lambda: voice.engine is not None and voice.engine.state() != QTextToSpeech.State.Speaking,
                    timeout=2000)

    tap(qtbot, shell, "frame_repeat")
    assert voice.last == "请选择您要办理的业务"
    tap(qtbot, shell, "frame_language")
    tap(qtbot, shell, "area_public_order")
    assert voice.last == "Public order" and voice.locale.name() == "en_US"


def test_session_end_forgets_what_was_said_and_resets_the_volume(qtbot: QtBot, shell: Shell) -> None:
    voice = shell.voice
    assert voice.engine is not None
    tap(qtbot, shell, "attract_start")
    voice.engine.setVolume(0.2)  # a citizen turned it down
    shell.say("张三，请核对")
    shell.cancel_session()
    assert voice.last == ""
    assert abs(voice.engine.volume() - shell.settings.voice.volume) < 0.01
