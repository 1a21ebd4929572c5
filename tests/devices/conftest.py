"""Device test fixtures: simulators on real pseudo-terminals, artifacts folder for PNGs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


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
