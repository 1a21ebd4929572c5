"""`kiosk face calibrate` on a tiny two-identity set (a copy, so "_" folders and bad files are ours)."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from kiosk.face.cli import command
from tests.kiosk.face.conftest import FACES


def test_calibrate_small_set(tmp_path: Path) -> None:
    for name in ("obama", "biden"):
        (tmp_path / name).mkdir()
        for f in ("1.jpg", "2.jpg"):
            shutil.copy(FACES / name / f, tmp_path / name / f)
    shutil.copytree(FACES / "_multi", tmp_path / "_multi")  # skipped
    (tmp_path / "obama" / "broken.jpg").write_bytes(b"not an image")
    out = io.StringIO()
    cal = tmp_path / "cal.json"
    report = tmp_path / "report.md"
    assert command(["calibrate", str(tmp_path), "--report", str(report), "--write-calibration", str(cal)], out) == 0
    text = out.getvalue()
    assert "Images: 4 in 2 identities" in text
    assert "| live vs live | plain face_recognition (t=0.6) | 2 | 4 |" in text
    assert "| chip vs live |" in text and report.read_text(encoding="utf-8").strip() == text.strip()
    stored = json.loads(cal.read_text(encoding="utf-8"))
    assert 0.2 <= stored["threshold"] <= 0.9 and stored["uncertain_band"] > 0


def test_calibrate_bad_input(tmp_path: Path) -> None:
    out = io.StringIO()
    assert command(["calibrate", str(tmp_path / "missing")], out) == 2
    assert "not a folder" in out.getvalue()
    assert command(["calibrate", str(tmp_path)], out) == 2
    assert command(["bogus"], out) == 2
