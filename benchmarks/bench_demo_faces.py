"""The demo's sample citizens (assets/demo/faces, composites made by tools/demo_faces.py, issue #16):
the face-check distances (each card vs every camera image, nearest real photo of tests/data/faces)
and how often the simulated genuine citizen made from each camera image passes the liveness
challenge (`CooperativeCitizen`, the same session as benchmarks/bench_liveness.py).

    uv run python benchmarks/bench_demo_faces.py [--sessions 8] [--faces-dir assets/demo/faces]

`--faces-dir` another copy (e.g. the faces before issue #16, from `git archive`) to compare."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import face_recognition

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_liveness import run_session  # noqa: E402

from devices.camera.cooperative import CooperativeCitizen  # noqa: E402
from kiosk.face.pipeline import FacePipeline  # noqa: E402
from tools.demo_faces import report  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--faces-dir", type=Path, default=ROOT / "assets" / "demo" / "faces")
    ap.add_argument("--sessions", type=int, default=8)
    ap.add_argument("--no-distances", action="store_true")
    args = ap.parse_args()
    if not args.no_distances:
        report(args.faces_dir, ROOT / "tests" / "data" / "faces")
    pipeline = FacePipeline()
    total = passed = 0
    for folder in sorted(p for p in args.faces_dir.iterdir() if p.is_dir()):
        img = cv2.imread(str(folder / "1.jpg"))
        marks = face_recognition.face_landmarks(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))[0]
        results = [run_session(pipeline, CooperativeCitizen(img, landmarks=marks, seed=s), s, True, False)
                   for s in range(args.sessions)]
        ok = sum(r == "pass" for r, _ in results)
        total, passed = total + len(results), passed + ok
        reasons = ", ".join(sorted({f"{r}:{why}" for r, why in results if r != "pass"}))
        print(f"{folder.name}: genuine liveness {ok}/{len(results)} passed {reasons}", flush=True)
    print(f"all: {passed}/{total} passed")


if __name__ == "__main__":
    main()
