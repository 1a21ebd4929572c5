from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.catalog import load_catalog
from kiosk.config import Settings, VoiceSettings
from kiosk.core import KioskCore
from app.gui import build_shell
from ui.shell import Shell


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    # Qt's mock speech engine: voice guidance runs for real without a sound card.
    return Settings(data_dir=tmp_path / "data", key_file=tmp_path / "keys" / "data.key",
                    voice=VoiceSettings(engine="mock"))


@pytest.fixture()
def core(settings: Settings, request: pytest.FixtureRequest) -> Iterator[KioskCore]:
    """The kiosk core with demo devices; a test module may set CATALOG (a catalog file) to use
    its own services instead of the shipped ones."""
    catalog = getattr(request.module, "CATALOG", None)
    core = KioskCore(settings, catalog=load_catalog(catalog) if catalog is not None else None, log_to_file=True)
    yield core
    core.close()


@pytest.fixture()
def shell(qtbot: QtBot, core: KioskCore, request: pytest.FixtureRequest) -> Iterator[Shell]:
    """The citizen shell on screen; a test module may set KEYBOARD = False to leave out the
    embedded keyboard (its own tests are in test_keyboard.py)."""
    shell = build_shell(core, keyboard=getattr(request.module, "KEYBOARD", True))
    qtbot.addWidget(shell)
    shell.show()
    qtbot.waitExposed(shell)
    yield shell
    shell.background.wait()
    if shell.keyboard is not None:
        shell.keyboard.close_down()
