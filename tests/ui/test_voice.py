"""Voice guidance with Qt's mock speech engine: each screen's prompt is spoken in the citizen's
language, a touch stops it, "repeat" says it again, and a session end forgets it and resets the
volume. Recorded prompts (a generated WAV in a temporary prompt folder) win over the engine."""

from __future__ import annotations

import math
import re
import struct
import wave
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTextToSpeech import QTextToSpeech
from pytestqt.qtbot import QtBot

import ui.voice as voice_module
from kiosk.config import Settings, VoiceSettings
from tests.ui.helpers import find, running_kiosk, tap
from app.prompts import collect_prompts
from ui.shell import Shell
from ui.voice import prompt_file, prompt_key

RECEIPT_CATALOG = Path(__file__).parent / "data" / "catalog_receipt.toml"
CJK = re.compile(r"[\u3400-\u9fff]")


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


def write_wav(path: Path, seconds: float = 0.3) -> Path:
    """A small real recording: a 440 Hz tone, 16-bit mono."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rate = 16_000
    frames = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate)))
                      for n in range(int(rate * seconds)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


def test_prompt_key_is_stable_and_per_language(tmp_path: Path) -> None:
    assert prompt_key("请选择您要办理的业务") == prompt_key("  请选择您要办理的业务 ")
    assert prompt_key("Public order") != prompt_key("Public  order!")
    assert prompt_file("Public order", "en", tmp_path) == tmp_path / "en" / f"{prompt_key('Public order')}.wav"
    assert prompt_file("户政", "zh_CN", tmp_path).parent.name == "zh_CN"


def test_a_recorded_prompt_wins_over_speech_a_touch_stops_it_and_repeat_plays_it_again(
        qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home_title = "请选择您要办理的业务"
    recording = write_wav(prompt_file(home_title, "zh_CN", tmp_path / "prompts"))
    monkeypatch.setattr(voice_module, "PROMPTS_DIR", tmp_path / "prompts")
    with running_kiosk(qtbot, settings, devices=False) as (shell, _core):
        voice = shell.voice
        assert voice.engine is not None
        engine_states: list[QTextToSpeech.State] = []
        voice.engine.stateChanged.connect(engine_states.append)

        with qtbot.waitSignal(voice.recording_played, timeout=2000) as played:
            tap(qtbot, shell, "attract_start")
        assert played.args == [str(recording)]
        assert voice.recording == recording and voice.speaking()
        assert QTextToSpeech.State.Speaking not in engine_states  # the speech engine was not used
        assert voice.engine.state() != QTextToSpeech.State.Speaking

        qtbot.mouseClick(find(shell, "home_title"), Qt.MouseButton.LeftButton)  # the person acts
        assert voice.recording is None and not voice.speaking()

        with qtbot.waitSignal(voice.recording_played, timeout=2000):
            tap(qtbot, shell, "frame_repeat")
        assert voice.recording == recording
        assert QTextToSpeech.State.Speaking not in engine_states

        tap(qtbot, shell, "area_public_order")  # no recording for this phrase: the engine says it
        assert voice.recording is None
        assert voice.last == "治安" and voice.engine.state() == QTextToSpeech.State.Speaking

        shell.cancel_session()
        assert voice.last == "" and not voice.speaking()


def test_recordings_alone_keep_the_repeat_button(qtbot: QtBot, settings: Settings, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    write_wav(prompt_file("请选择您要办理的业务", "zh_CN", tmp_path / "prompts"))
    monkeypatch.setattr(voice_module, "PROMPTS_DIR", tmp_path / "prompts")
    quiet = settings.model_copy(update={"voice": VoiceSettings(engine="no-such-engine")})
    with running_kiosk(qtbot, quiet, devices=False) as (shell, _core):
        assert shell.voice.engine is None and shell.voice.available
        tap(qtbot, shell, "attract_start")
        assert find(shell, "frame_repeat").isVisible()
        assert shell.voice.recording is not None


def test_prompts_list_names_the_file_of_every_phrase(qtbot: QtBot, settings: Settings) -> None:
    said = collect_prompts(settings.model_copy(update={"catalog_dir": RECEIPT_CATALOG}))
    assert "请选择您要办理的业务" in said["zh_CN"] and "What would you like to do?" in said["en"]
    assert any("30" in text or "秒" in text for text in said["zh_CN"])  # the time-out warning
    assert len(said["en"]) >= 10 and not any(CJK.search(t) for t in said["en"] if "(" not in t)
    assert prompt_file("What would you like to do?", "en").name == prompt_key("What would you like to do?") + ".wav"
