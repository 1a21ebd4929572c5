from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import Settings, VoiceSettings
from kiosk.core import KioskCore
from ui.app import build_shell
from ui.shell import Shell


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    # Qt's mock speech engine: voice guidance runs for real without a sound card.
    return Settings(data_dir=tmp_path / "data", key_file=tmp_path / "keys" / "data.key",
                    voice=VoiceSettings(engine="mock"))


@pytest.fixture()
def core(settings: Settings) -> Iterator[KioskCore]:
    core = KioskCore(settings, log_to_file=True)
    yield core
    core.close()


@pytest.fixture()
def shell(qtbot: QtBot, core: KioskCore) -> Iterator[Shell]:
    shell = build_shell(core, keyboard=True)
    qtbot.addWidget(shell)
    shell.show()
    qtbot.waitExposed(shell)
    yield shell
    if shell.keyboard is not None:
        shell.keyboard.close_down()
