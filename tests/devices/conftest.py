"""Device test fixtures: simulators on real pseudo-terminals, artifacts folder for PNGs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.card_reader.simulator import SimulatedCardReader
from devices.spec import DEMO_DIR, DeviceKind, DeviceSpec


@pytest.fixture
def card_reader() -> Iterator[SimulatedCardReader]:
    # pace=False: the wire-time pacing is measured in benchmarks, tests need not wait for it
    spec = DeviceSpec("card_reader", DeviceKind.CARD_READER, "simulator",
                      options={"identities": str(DEMO_DIR / "identities.json"), "pace": False})
    reader = SimulatedCardReader(spec)
    reader.open()
    yield reader
    reader.shutdown()


@pytest.fixture
def artifacts(tmp_path: Path) -> list[Path]:
    """Folders a rendered artifact (receipt PNG …) is written to: the test's tmp dir and, when
    KIOSK_ARTIFACTS is set, that folder too, so a person can look at them."""
    folders = [tmp_path / "artifacts"]
    if os.environ.get("KIOSK_ARTIFACTS"):
        folders.append(Path(os.environ["KIOSK_ARTIFACTS"]))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    return folders
