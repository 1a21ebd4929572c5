"""Face benchmarks on this machine: guidance loop fps at 640x480, decision time after liveness
passed, whole identify step (real-time clock) for a cooperative simulated citizen.
Run: uv run python benchmarks/bench_face.py   (results go in benchmarks/face.md by hand)."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

import cv2
import face_recognition

from devices.camera.cooperative import CooperativeCitizen, StillPhoto
from kiosk.face.pipeline import FacePipeline, Outcome, Reference, SessionState, VerificationSession

FACES = Path(__file__).resolve().parents[1] / "tests" / "data" / "faces"
PEOPLE = ["obama", "biden", "kit_harington", "person_1", "person_2"]


def _citizen(name: str, seed: int) -> tuple[CooperativeCitizen, object]:
    img = cv2.imread(str(FACES / name / "1.jpg"))
    marks = face_recognition.face_landmarks(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))[0]
    return CooperativeCitizen(img, landmarks=marks, seed=seed), img


def guidance_fps(pipeline: FacePipeline, seconds: float = 5.0) -> float:
    citizen, _ = _citizen("obama", 0)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        frame = citizen.frame_at(n / 15)
        assert frame is not None and frame.shape == (480, 640, 3)
        pipeline.analyse_for_guidance(frame)
        n += 1
    return n / (time.perf_counter() - t0)


def whole_step(pipeline: FacePipeline, name: str, seed: int) -> tuple[Outcome, float, float, float]:
    """Real-time run: (outcome, prepare-reference s, liveness+capture s, decide s)."""
    citizen, _ = _citizen(name, seed)
    ref_img = cv2.imread(str(FACES / name / "2.jpg"))
    t0 = time.perf_counter()
    reference = pipeline.prepare_reference(ref_img)
    t_ref = time.perf_counter() - t0
    session = VerificationSession(pipeline, reference, random.Random(seed))
    asked: set[int] = set()
    start = time.perf_counter()
    while True:
        t = time.perf_counter() - start
        if session.timed_out(t) or session.feed(t, citizen.frame_at(t)) is SessionState.READY:
            break
        action = session.current_action
        if action is not None and session.challenge.done not in asked:
            asked.add(session.challenge.done)
            citizen.perform(action.value, at=t + 0.3)
    t_live = time.perf_counter() - start
    t1 = time.perf_counter()
    verdict = session.decide()
    t_dec = time.perf_counter() - t1
    session.wipe()
    return verdict.outcome, t_ref, t_live, t_dec


def replay_attempts(pipeline: FacePipeline, n: int) -> int:
    img = cv2.imread(str(FACES / "obama" / "1.jpg"))
    marks = face_recognition.face_landmarks(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))[0]
    passed = 0
    for i in range(n):
        still = StillPhoto(img, noise=2.0, seed=i, landmarks=marks)
        session = VerificationSession(pipeline, Reference(None), random.Random(i))
        t = 0.0
        while not session.timed_out(t):
            if session.feed(t, still.frame_at(t)) is SessionState.READY:
                passed += 1
                break
            t += 1 / 8
    return passed


def main() -> None:
    pipeline = FacePipeline()
    print(f"guidance loop 640x480: {guidance_fps(pipeline):.1f} fps")
    rows = []
    for i, name in enumerate(PEOPLE):
        rows.append(whole_step(pipeline, name, i))
        o, r, l, d = rows[-1]
        print(f"{name}: {o.value}; reference {r:.2f} s, camera+liveness {l:.2f} s, decision {d:.2f} s, "
              f"step after reference {l + d:.2f} s")
    print(f"decision median {statistics.median(r[3] for r in rows):.2f} s, max {max(r[3] for r in rows):.2f} s")
    print(f"step (camera+liveness+decision) median {statistics.median(r[2] + r[3] for r in rows):.2f} s, "
          f"max {max(r[2] + r[3] for r in rows):.2f} s")
    print(f"replayed still photo passing liveness: {replay_attempts(pipeline, 10)} of 10 (full sessions)")


if __name__ == "__main__":
    main()
