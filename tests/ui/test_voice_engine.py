"""The real speech engine, not Qt's mock: the kiosk's voice (ui/voice.py, engine "speechd") loads
through speech-dispatcher and espeak-ng (installed by run.sh, .ci/run and deploy/install-debian.sh),
picks espeak-ng's Mandarin voice that reads characters as Mandarin (docs/voice.md) for Chinese and
an American English voice for English, and speaks a phrase
in each to the end. The speech-dispatcher is a private one started here, its sound going to
libao's null driver (no sound card on CI). A newcomer's demo used to be silent because the engine
never loaded ("engine not initialized"). On CI (CI=true) this runs or fails; elsewhere it is
skipped only when the packages are missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtTextToSpeech import QTextToSpeech
from pytestqt.qtbot import QtBot

from kiosk.config import VoiceSettings
from ui.voice import Voice

SYSTEM_CONFIG = Path("/etc/speech-dispatcher")
ESPEAK_MODULE = Path("/usr/lib/speech-dispatcher-modules/sd_espeak-ng")
MISSING = [what for what, ok in (("speech-dispatcher", shutil.which("speech-dispatcher") is not None),
                                  ("speech-dispatcher-espeak-ng", ESPEAK_MODULE.exists()),
                                  ("espeak-ng", shutil.which("espeak-ng") is not None)) if not ok]


@pytest.fixture()
def speech_dispatcher(tmp_path: Path) -> Iterator[Path]:
    if MISSING and os.environ.get("CI") != "true":
        pytest.skip(f"not installed: {', '.join(MISSING)} (bash run.sh test installs them)")
    assert not MISSING, f"CI must have the speech engine: {', '.join(MISSING)} missing (run.sh installs them)"
    config = tmp_path / "speechd"
    shutil.copytree(SYSTEM_CONFIG, config)
    with (config / "speechd.conf").open("a", encoding="utf-8") as conf:
        conf.write('\nAudioOutputMethod "libao"\nDefaultModule espeak-ng\n')
    home = tmp_path / "speechd-home"
    home.mkdir()
    (home / ".libao").write_text("default_driver=null\n", encoding="utf-8")  # the null sound card
    socket = tmp_path / "speechd.sock"
    env = dict(os.environ, HOME=str(home), XDG_RUNTIME_DIR=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"))
    errors = (tmp_path / "speechd.err").open("wb")
    server = subprocess.Popen(
        ["speech-dispatcher", "--run-single", "--timeout", "0", "--config-dir", str(config),
         "--socket-path", str(socket), "--pid-file", str(tmp_path / "speechd.pid"),
         "--log-dir", str(tmp_path / "log"), "--communication-method", "unix_socket"],
        env=env, stdout=subprocess.DEVNULL, stderr=errors)
    deadline = time.monotonic() + 30
    while not socket.exists() and server.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if not socket.exists():
        server.kill()
        said = (tmp_path / "speechd.err").read_text(errors="replace")[-2000:]
        pytest.fail(f"speech-dispatcher did not start: {said}")
    old = os.environ.get("SPEECHD_ADDRESS")
    os.environ["SPEECHD_ADDRESS"] = f"unix_socket:{socket}"  # libspeechd connects here, not to a user session
    try:
        yield socket
    finally:
        if old is None:
            os.environ.pop("SPEECHD_ADDRESS", None)
        else:
            os.environ["SPEECHD_ADDRESS"] = old
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        errors.close()


def test_the_real_engine_speaks_a_chinese_and_an_english_phrase(qtbot: QtBot, speech_dispatcher: Path) -> None:
    voice = Voice(VoiceSettings(engine="speechd"), prompts_dir=Path("/nonexistent"))
    # The engine is created once speech-dispatcher has answered (checked off the UI thread).
    qtbot.waitUntil(lambda: not voice.loading, timeout=30_000)
    assert voice.engine is not None, "the speechd engine did not load: the kiosk would be silent"
    assert voice.available
    engine = voice.engine
    states: list[QTextToSpeech.State] = []
    engine.stateChanged.connect(states.append)

    for text, language, expected in (("请将身份证放在读卡区", "zh_CN", "Chinese (Mandarin, latin as Pinyin)"),
                                     ("Please place your ID card on the reader.", "en", "English (America)")):
        states.clear()
        voice.say(text, language)
        assert engine.voice().name() == expected, f"{language} spoken with {engine.voice().name()!r}"
        qtbot.waitUntil(lambda: QTextToSpeech.State.Speaking in states, timeout=15_000)
        qtbot.waitUntil(lambda: engine.state() == QTextToSpeech.State.Ready, timeout=30_000)
        assert QTextToSpeech.State.Error not in states, engine.errorString()
