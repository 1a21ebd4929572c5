"""Shared test set-up: Qt offscreen with the virtual keyboard module, and every test gets its own
per-user folders so nothing touches the real home directory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.card_reader.simulator import SimulatedCardReader
from devices.spec import DEMO_DIR, DeviceKind, DeviceSpec

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")
# Tests never talk to the machine's speech-dispatcher (installed by run.sh since the voice needs it):
# an explicit address that does not exist makes Qt's speechd engine fail at once, as on a machine
# without it, instead of autospawning a user service (a wedged one blocks QTextToSpeech for
# minutes). tests/ui/test_voice_engine.py points it at a private speech-dispatcher of its own.
os.environ["SPEECHD_ADDRESS"] = "unix_socket:/nonexistent/police-kiosk-tests/speechd.sock"

REPO = Path(__file__).resolve().parent.parent
FACES = REPO / "tests" / "data" / "faces"


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    for sub in ("data", "config"):
        (home / sub).mkdir(parents=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    yield home


@pytest.fixture
def card_reader() -> Iterator[SimulatedCardReader]:
    """The ID-card reader simulator on a real pseudo-terminal, with the demo sample cards."""
    # pace=False: the wire-time pacing is measured in benchmarks, tests need not wait for it
    spec = DeviceSpec("card_reader", DeviceKind.CARD_READER, "simulator",
                      options={"identities": str(DEMO_DIR / "identities.json"), "pace": False})
    reader = SimulatedCardReader(spec)
    reader.open()
    yield reader
    reader.shutdown()
