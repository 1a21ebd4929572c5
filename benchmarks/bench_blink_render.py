"""Does dlib see the simulated citizen's blink as a closed eye? For each photo of a split: the
eye aspect ratio (EAR, dlib 68-point landmarks via face_recognition) of the rendered open frame
and of the rendered closed-eye frame, and their ratio. The liveness detector counts a blink when
the EAR falls below max(0.20, 0.85 x the person's open EAR) and comes back.

    uv run python benchmarks/bench_blink_render.py [--split tuning|held_out]

Developed on the tuning split only (benchmarks/bench_liveness.py SPLITS)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import face_recognition

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.bench_liveness import SPLITS, photos  # noqa: E402
from devices.camera.cooperative import CooperativeCitizen  # noqa: E402
from kiosk.face.liveness import EAR_CLOSED, EAR_RELATIVE_CLOSED, mean_ear  # noqa: E402


def ear_of(img) -> float | None:  # type: ignore[no-untyped-def]
    rgb = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    boxes = face_recognition.face_locations(rgb, 1, "hog")
    if len(boxes) != 1:
        return None
    marks = face_recognition.face_landmarks(rgb, boxes)[0]
    return mean_ear(marks)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="tuning", choices=sorted(SPLITS))
    args = ap.parse_args()
    closed_ok = total = 0
    for name, img, marks in photos(args.split):
        if marks is None:
            print(f"{name:32s} no face in the photo")
            continue
        c = CooperativeCitizen(img, landmarks=marks)
        e_open, e_closed = ear_of(c._base), ear_of(c._closed)
        if e_open is None or e_closed is None:
            print(f"{name:32s} open {e_open} closed {e_closed} (face not found)")
            continue
        total += 1
        seen = e_closed < max(EAR_CLOSED, e_open * EAR_RELATIVE_CLOSED)
        closed_ok += int(seen)
        print(f"{name:32s} open {e_open:.3f} closed {e_closed:.3f} ratio {e_closed / e_open:.2f} {'closed' if seen else 'OPEN'}")
    print(f"{args.split}: closed eyes seen as closed on {closed_ok} of {total} photos")


if __name__ == "__main__":
    main()
