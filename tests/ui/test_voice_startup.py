"""The attract screen does not wait for the speech engine (issue #16, start → attract ≤ 1 s).

Qt's speechd engine connects to speech-dispatcher inside its constructor and holds Python's GIL
while it waits: ≈ 4 s when the dispatcher is autospawned at boot, minutes when one is stuck. The
kiosk used to create it while building the shell, so the first screen came seconds late. Here the
real speech-dispatcher (private, sound to libao's null driver, as in test_voice_engine.py) sits
behind a socket that answers only after a few seconds: a dispatcher still starting. Faked only at
the OS boundary (the socket); the Qt engine, the kiosk shell and speech-dispatcher are real."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtTextToSpeech import QTextToSpeech
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from app.gui import build_shell
from kiosk.config import Settings, VoiceSettings
from kiosk.core import KioskCore
from tests.ui.test_voice_engine import speech_dispatcher  # noqa: F401 - the real dispatcher fixture

STALL_S = 4.0  # like an autospawned speech-dispatcher loading espeak-ng on the kiosk


# A socket in front of the real dispatcher that lets nothing through for the first STALL_S seconds.
# Its own process: Qt's engine holds the GIL while it talks to the dispatcher, so a proxy on a
# thread of the test process could never answer it.
SLOW_PROXY = """
import socket, sys, threading, time
path, real, stall = sys.argv[1], sys.argv[2], float(sys.argv[3])
opened = time.monotonic()
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(8)
print("listening", flush=True)

def pipe(source, sink):
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    try:
        sink.shutdown(socket.SHUT_WR)
    except OSError:
        pass

def serve(client):
    time.sleep(max(0.0, opened + stall - time.monotonic()))
    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    upstream.connect(real)
    threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
    pipe(upstream, client)

while True:
    client, _ = server.accept()
    threading.Thread(target=serve, args=(client,), daemon=True).start()
"""


@pytest.fixture()
def slow_dispatcher(speech_dispatcher: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:  # noqa: F811
    path = tmp_path / "slow.sock"
    proxy = subprocess.Popen([sys.executable, "-c", SLOW_PROXY, str(path), str(speech_dispatcher), str(STALL_S)],
                             stdout=subprocess.PIPE, text=True)
    assert proxy.stdout is not None and proxy.stdout.readline().strip() == "listening"
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    yield path
    proxy.kill()
    proxy.wait()


def test_attract_screen_shows_while_speech_dispatcher_is_still_starting_and_the_voice_speaks_once_ready(
        qtbot: QtBot, tmp_path: Path, slow_dispatcher: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", key_file=tmp_path / "keys" / "data.key",
                        voice=VoiceSettings(engine="speechd"))
    core = KioskCore(settings, log_to_file=False)
    try:
        started = time.monotonic()
        shell = build_shell(core, keyboard=False)
        qtbot.addWidget(shell)
        shell.show()
        qtbot.waitExposed(shell)
        shown_after = time.monotonic() - started
        # The citizen sees the attract screen and can start at once, while the voice still loads.
        assert shell.current.name == "attract" and shell.isVisible()
        # Half the stall: building the shell alone takes ≈ 0.3–1 s on a busy 2-core machine.
        assert shown_after < STALL_S / 2, f"attract screen after {shown_after:.1f} s: it waited for the speech engine"
        assert shell.voice.loading and shell.voice.engine is None
        start = shell.findChild(QAbstractButton, "attract_start")
        assert start is not None
        start.click()
        assert shell.current.name == "home"
        assert time.monotonic() - started < STALL_S, "the kiosk was not usable while the voice loaded"

        # Once speech-dispatcher answers, the home screen's prompt is spoken by the real engine.
        qtbot.waitUntil(lambda: shell.voice.engine is not None, timeout=30_000)
        engine = shell.voice.engine
        assert engine is not None
        assert time.monotonic() - started >= STALL_S - 0.5
        qtbot.waitUntil(lambda: engine.state() == QTextToSpeech.State.Speaking, timeout=15_000)
        assert shell.voice.last == shell.current.spoken_prompt()
        assert shell.repeat_button.isVisibleTo(shell)
        shell.voice.stop()
    finally:
        core.close()
    assert os.environ["SPEECHD_ADDRESS"].endswith("slow.sock")
