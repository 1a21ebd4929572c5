"""Canary test: after a full session (with logging to a file in the data dir), no file created
during the test holds an image, an encoding or a score."""
from __future__ import annotations

import logging
import os
import random
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from devices.camera.cooperative import CooperativeCitizen
from kiosk.face.drive import run_attempt
from kiosk.face.liveness import Action
from kiosk.face.pipeline import FacePipeline, Outcome, SessionState, VerificationSession
from tests.kiosk.face.conftest import load, photo_landmarks

IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"BM", b"\x93NUMPY", b"RIFF")


def _new_files(roots: list[Path], since: float) -> list[Path]:
    found = []
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                p = Path(dirpath) / name
                try:
                    if p.stat().st_mtime >= since:
                        found.append(p)
                except OSError:
                    continue
    return found


def test_session_leaves_no_face_data(pipeline: FacePipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    system_tmp = Path(tempfile.gettempdir())
    # anything the code puts in "the" temp dir lands here, so other processes cannot confuse us
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    handler = logging.FileHandler(data_dir / "kiosk.log")
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    start = time.time() - 1
    try:
        img = load("obama/1.jpg")
        reference = pipeline.prepare_reference(load("obama/2.jpg"))
        canary = reference.encoding.copy()  # type: ignore[union-attr]
        citizen = CooperativeCitizen(img, landmarks=photo_landmarks(img))
        session = VerificationSession(pipeline, reference, random.Random(5))

        def act(action: Action, t: float) -> None:
            citizen.perform(action.value, at=t)

        verdict = run_attempt(session, citizen, on_action=act)
        assert verdict.outcome is Outcome.MATCH
        distance = verdict.technician_distance
        session.wipe()
        assert session.state is SessionState.WIPED and reference.encoding is None
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)
    files = _new_files([data_dir, private_tmp], start)
    shared = [p for p in _new_files([system_tmp], start) if tmp_path not in p.parents]
    assert (data_dir / "kiosk.log").read_text(encoding="utf-8"), "the session logged its states"
    needles = [f"{v:.4f}".encode() for v in canary[:8]] + [f"{distance:.4f}".encode()]
    for path in files:
        try:
            blob = path.read_bytes()[:2_000_000]
        except OSError:
            continue
        assert not blob.startswith(IMAGE_MAGIC), f"image-like file written: {path.name}"
        assert canary.astype(np.float64).tobytes()[:64] not in blob
        assert canary.astype(np.float32).tobytes()[:32] not in blob
        for needle in needles:
            assert needle not in blob, f"encoding/score value found in {path.name}"
    for path in shared:  # the shared temp dir: other programs write there too, so check values only
        try:
            blob = path.read_bytes()[:2_000_000]
        except OSError:
            continue
        assert canary.astype(np.float64).tobytes()[:64] not in blob, path.name
