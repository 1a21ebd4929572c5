"""Verification FAR / FRR per reference kind, and decision time, for benchmarks/face.md.

Run: uv run python benchmarks/bench_face_far.py [--timing-only] [DIR ...]   (default: tests/data/faces)

1. `kiosk face calibrate` twice on the same data, reading the shipped calibration files (so the
   "configured" rows are the thresholds the kiosk and the centre use); prints the report and whether
   the two runs printed the same text (deterministic encodings).
2. Decision time on the held-out people: what `VerificationSession.decide()` computes once liveness
   has passed (encode the best 3 frames, fuse, distance, threshold), on 640x480 frames from the
   cooperative simulated citizen; and reference preparation per kind (once per session).
Prints machine load before and after: other engineers share the 2 cores."""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

import cv2
import face_recognition
import numpy as np

from devices.camera.cooperative import CooperativeCitizen
from kiosk.face.calibrate import Split, degrade_like_chip, image_paths, register_like, split_of
from kiosk.face.cli import command
from kiosk.face.pipeline import FacePipeline, NoFaceInReference, decide_distance, fuse

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 3  # frames are drawn at different times of the simulated citizen's clock


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} on {os.cpu_count()} cores"


def _pct(xs: list[float], q: int) -> float:
    return statistics.quantiles(xs, n=100, method="inclusive")[q - 1]


def calibrate_twice(dirs: list[str]) -> None:
    runs = []
    for _ in range(2):
        out = io.StringIO()
        t0 = time.perf_counter()
        code = command(["calibrate", *dirs], out)
        runs.append((code, out.getvalue(), time.perf_counter() - t0))
    print(runs[0][1])
    print(f"\ncalibrate exit codes {runs[0][0]}, {runs[1][0]}; run time {runs[0][2]:.0f} s, {runs[1][2]:.0f} s; "
          f"the two reports are {'IDENTICAL' if runs[0][1] == runs[1][1] else 'DIFFERENT'}")


def decision_times(dirs: list[str], pipeline: FacePipeline) -> None:
    decide_s: list[float] = []
    decide_cpu: list[float] = []   # this process's CPU time: what one idle core would take
    ref_s: dict[str, list[float]] = {"chip": [], "register": []}
    for identity, path in image_paths([ROOT / d if not Path(d).is_absolute() else Path(d) for d in dirs]):
        if split_of(identity) is not Split.HELD_OUT:
            continue
        img = cv2.imread(str(path))
        if img is None:
            continue
        found = face_recognition.face_locations(cv2.cvtColor(img, cv2.COLOR_BGR2RGB), 1, "hog")
        if not found:
            continue
        marks = face_recognition.face_landmarks(cv2.cvtColor(img, cv2.COLOR_BGR2RGB), found[:1])[0]
        for kind, photo in (("chip", degrade_like_chip(img, found[0])), ("register", register_like(img, found[0]))):
            t0 = time.perf_counter()
            try:
                ref = pipeline.prepare_reference(photo).encoding
            except NoFaceInReference:   # a chip photo HOG cannot read: staff in the kiosk
                ref = None
                continue
            ref_s[kind].append(time.perf_counter() - t0)
        citizen = CooperativeCitizen(img, landmarks=marks, seed=0)
        for r in range(REPEATS):
            frames = []
            for k in range(3):
                frame = citizen.frame_at(0.1 * (3 * r + k))
                boxes = pipeline.detect(frame) if frame is not None else []
                if frame is not None and len(boxes) == 1:
                    frames.append((frame, boxes[0]))
            if len(frames) < 3 or ref is None:
                continue
            t0, c0 = time.perf_counter(), time.process_time()
            # the work of decide() after liveness: 3 encodings, fusion, distance, threshold
            live = fuse([pipeline.encode(f, b) for f, b in frames])
            decide_distance(float(np.linalg.norm(live - ref)), pipeline.settings.calibration)
            decide_s.append(time.perf_counter() - t0)
            decide_cpu.append(time.process_time() - c0)
    print(f"\ndecision (3 encodings + fusion + distance), {len(decide_s)} decisions: "
          f"wall p50 {_pct(decide_s, 50):.3f} s, p95 {_pct(decide_s, 95):.3f} s, max {max(decide_s):.3f} s; "
          f"CPU p50 {_pct(decide_cpu, 50):.3f} s, p95 {_pct(decide_cpu, 95):.3f} s")
    for kind, xs in ref_s.items():
        print(f"reference preparation ({kind}, photo + mirror), {len(xs)} photos: "
              f"p50 {_pct(xs, 50):.3f} s, p95 {_pct(xs, 95):.3f} s")


def main() -> None:
    args = sys.argv[1:]
    timing_only = "--timing-only" in args
    dirs = [a for a in args if a != "--timing-only"] or ["tests/data/faces"]
    print(f"start: {_load()}")
    if not timing_only:
        calibrate_twice(dirs)
        print(f"after calibration: {_load()}")
    decision_times(dirs, FacePipeline())
    print(f"end: {_load()}")


if __name__ == "__main__":
    main()
