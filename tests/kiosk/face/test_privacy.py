"""Canary test: after a full session (with logging to a file in the data dir), no file created
during the test holds an image, an encoding or a score."""
from __future__ import annotations

import logging
import re
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


# 128 numbers in a row, as JSON or a repr would write an encoding
FLOAT_RUN = re.compile(rb"(-?\d\.\d{3,}(e-?\d+)?\s*,\s*){32}")


def test_centre_session_leaves_no_face_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            pipeline: FacePipeline) -> None:
    """The face check at the centre: the kiosk log, the server's database and log (all in the data
    dir) and the temp dir hold no image, no encoding (live or register) and no score afterwards."""
    import sqlite3

    import cv2
    import face_recognition

    from devices.camera.simulator import SimulatedCamera
    from devices.spec import DeviceKind, DeviceSpec
    from kiosk.identity import MATCH, Centre, IdentifyController, Phase
    from kiosk.session import Session
    from kiosk.sync.client import ServerClient
    from server.launcher import start_local_server
    from tests.kiosk.test_identity import FACE_WALL_S, Performer, citizen_from, wait_for

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    handler = logging.FileHandler(data_dir / "kiosk.log")
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    start = time.time() - 1
    camera = SimulatedCamera(DeviceSpec("camera", DeviceKind.CAMERA, "simulator",
                                        options={"width": 640, "height": 480, "fps": 15}))
    camera.open()
    try:
        with start_local_server(data_dir / "server", "demo-kiosk-01") as server:
            client = ServerClient(server.url, server.kiosk_id, server.secret)
            session = Session()
            ctl = IdentifyController(session, None, camera, pipeline=lambda: pipeline,
                                     centre=Centre(lambda: client), rng=random.Random(0))
            assert ctl.enter_id_number("110105199003071239") is None
            wait_for(ctl, {Phase.CONSENT}, 10)
            for attempt in range(3):  # a missed blink or a turn judged flat gets another try (liveness is not the point)
                performer = Performer(camera, citizen_from("id_resident", seed=attempt * 7))
                ctl.choose_face() if attempt == 0 else ctl.retry()
                view = wait_for(ctl, {Phase.MATCH, Phase.FAILED, Phase.STAFF}, FACE_WALL_S, performer)
                if view.phase is not Phase.FAILED:
                    break
            assert view.phase is Phase.MATCH and view.reference == "register", view
            assert session.verification == MATCH
            ctl.close()
            db_path = server.db_url.removeprefix("sqlite:///")
            with sqlite3.connect(db_path) as db:
                jpeg = db.execute("SELECT jpeg FROM reference_photos WHERE id_number = ?",
                                  ("110105199003071239",)).fetchone()[0]
                left = db.execute("SELECT count(*) FROM identify_sessions").fetchone()[0]
            assert left == 0, "the session (and its ID number) is gone after the verdict"
    finally:
        camera.close()
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)
    # the register encoding the centre computed (deterministic: no jitter), as the canary
    rgb = cv2.cvtColor(cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    box = face_recognition.face_locations(rgb, 1, "hog")[0]
    canary = np.asarray(face_recognition.face_encodings(rgb, [box], 1, "small")[0])
    needles = [f"{v:.4f}".encode() for v in canary[:8] if abs(v) > 0.01]
    assert (data_dir / "kiosk.log").read_text(encoding="utf-8"), "the visit logged its states"
    for path in _new_files([data_dir, private_tmp], start):
        blob = path.read_bytes()[:20_000_000]
        if path.suffix not in (".db", ".db-wal"):  # the register itself lives in the server's db
            assert not blob.startswith(IMAGE_MAGIC), f"image-like file written: {path.name}"
        assert canary.astype(np.float64).tobytes()[:64] not in blob, path.name
        assert canary.astype(np.float32).tobytes()[:32] not in blob, path.name
        assert not FLOAT_RUN.search(blob), f"a run of numbers like an encoding in {path.name}"
        if path.suffix in (".log", ".txt"):
            for needle in needles:
                assert needle not in blob, f"register encoding value in {path.name}"
