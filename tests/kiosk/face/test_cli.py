"""`kiosk face calibrate` on a tiny four-person set (a copy, so "_" folders and bad files are ours):
two people fall in the tuning split, two in the held-out split."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from kiosk.face.cli import EXIT_REFUSED, command
from tests.kiosk.face.conftest import FACES


def _small_set(tmp_path: Path) -> Path:
    root = tmp_path / "faces"
    for name in ("obama", "biden", "person_1", "person_2"):   # held-out: obama, biden
        (root / name).mkdir(parents=True)
        for f in ("1.jpg", "2.jpg"):
            shutil.copy(FACES / name / f, root / name / f)
    shutil.copytree(FACES / "_multi", root / "_multi")  # skipped
    (root / "obama" / "broken.jpg").write_bytes(b"not an image")
    return root


def test_calibrate_refuses_a_threshold_it_cannot_vouch_for(tmp_path: Path) -> None:
    root = _small_set(tmp_path)
    chip, register = tmp_path / "calibration.json", tmp_path / "face_calibration.json"
    shipped = '{"threshold": 0.615, "uncertain_band": 0.09, "source": "old"}\n'
    chip.write_text(shipped, encoding="utf-8")
    args = ["calibrate", str(root), "--chip-file", str(chip), "--register-file", str(register), "--write-calibration"]
    out = io.StringIO()
    report = tmp_path / "report.md"
    assert command(args + ["--report", str(report)], out) == EXIT_REFUSED
    text = out.getvalue()
    assert "Images: 8 of 4 people" in text and "tuning 2 people / 4 images, held-out 2 people / 4 images" in text
    assert "### chip reference" in text and "### register reference" in text
    assert "| configured | 0.615 / 0.705 |" in text                  # the file's threshold, measured held-out
    assert "| configured | (no calibration file) |" in text
    assert "refused: the chip threshold" in text and "refused: the register threshold" in text
    assert "Nothing was written" in text
    assert chip.read_text(encoding="utf-8") == shipped and not register.exists()
    assert report.read_text(encoding="utf-8").strip() in text

    # the operator overrides: written, and the file says so; the same data gives the same report
    out2 = io.StringIO()
    assert command(args + ["--accept-far-bound", "pilot kiosk, staff double-check"], out2) == 0
    assert out2.getvalue().startswith(report.read_text(encoding="utf-8").strip())
    for path in (chip, register):
        stored = json.loads(path.read_text(encoding="utf-8"))
        assert 0.2 <= stored["threshold"] <= 0.9 and stored["uncertain_band"] > 0
        assert "accepted by the operator: pilot kiosk, staff double-check" in stored["source"]
        assert "FAR BOUND ABOVE THE 0.1% TARGET" in stored["source"]


def test_calibrate_bad_input(tmp_path: Path) -> None:
    out = io.StringIO()
    assert command(["calibrate", str(tmp_path / "missing")], out) == 2
    assert "not a folder" in out.getvalue()
    assert command(["calibrate", str(tmp_path)], out) == 2
    # one person per side is not enough for impostor pairs on both sides
    for name in ("obama", "person_1"):
        (tmp_path / name).mkdir()
        shutil.copy(FACES / name / "1.jpg", tmp_path / name / "1.jpg")
    out = io.StringIO()
    assert command(["calibrate", str(tmp_path)], out) == 2
    assert "at least two identities on each side" in out.getvalue()
    assert command(["bogus"], out) == 2
    out = io.StringIO()
    assert command(["calibrate", str(tmp_path), "--write-calibration", "--register-file",
                    str(tmp_path / "no" / "server" / "face_calibration.json")], out) == 2
    assert "no folder for" in out.getvalue()
