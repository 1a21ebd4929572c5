"""Liveness (ISO/IEC 30107-3): APCER per attack type and BPCER for cooperative genuine sessions,
on identities the liveness constants were never tuned on.

Split (by identity, no person in both; tests/data/faces = ../shared/data/faces):
  tuning   : obama, biden, person_1, person_4, person_6, alex_lacamoire (20 photos) — used to
             choose the constants in kiosk/face/liveness.py (run with --split tuning)
  held-out : kit_harington, lin_manuel_miranda, person_2, person_3, person_5, rose_leslie
             (18 photos) — reported in benchmarks/face.md
Each session: one photo (cycled through the split), seed = session number, the real
VerificationSession (HOG + 68 landmarks + challenge) fed at 15 frames per simulated second.
An attack "passes" when the session reaches READY (liveness passed); a genuine session is
"rejected" when it does not. Sessions whose first usable frontal frame never comes (the photo
itself is turned or undetectable) are counted apart as failure-to-acquire, not as liveness.

    uv run python benchmarks/bench_liveness.py [--split held_out|tuning] [--sessions 37]
        [--only genuine,folded_print,...] [--dump times.json]
    uv run python benchmarks/bench_liveness.py --combine a.json b.json   (times of parallel runs together)
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import face_recognition
import numpy as np

from devices.camera.attacks import AnimatedPhoto, FoldedPrint, JitteredStill, ScreenReplay
from devices.camera.binocular import ir_view
from devices.camera.cooperative import CooperativeCitizen, StillPhoto
from kiosk.face.pipeline import FacePipeline, Reference, SessionState, VerificationSession

FACES = Path(__file__).resolve().parents[1] / "tests" / "data" / "faces"
SPLITS = {
    "tuning": ["obama", "biden", "person_1", "person_4", "person_6", "alex_lacamoire"],
    "held_out": ["kit_harington", "lin_manuel_miranda", "person_2", "person_3", "person_5", "rose_leslie"],
}
FPS = 15.0
GUIDING_S = 5.0  # a photo that gives no usable frontal frame in 5 s never will (it is a still photo)

# name -> (factory(photo, landmarks, seed), responsive to requests?, IR camera fitted?)
Factory = Callable[[Any, Any, int], Any]
KINDS: dict[str, tuple[Factory, bool, bool]] = {
    "genuine": (lambda p, m, s: CooperativeCitizen(p, landmarks=m, seed=s), True, False),
    "genuine_ir": (lambda p, m, s: CooperativeCitizen(p, landmarks=m, seed=s), True, True),
    "still_print": (lambda p, m, s: StillPhoto(p, noise=2.0, seed=s, landmarks=m), False, False),
    "jittered_still": (lambda p, m, s: JitteredStill(p, landmarks=m, seed=s), False, False),
    "folded_print": (lambda p, m, s: FoldedPrint(p, landmarks=m, seed=s), False, False),
    "folded_print_responsive": (lambda p, m, s: FoldedPrint(p, landmarks=m, seed=s, responsive=True), True, False),
    "animated_photo": (lambda p, m, s: AnimatedPhoto(p, landmarks=m, seed=s), False, False),
    "screen_replay_rgb": (lambda p, m, s: ScreenReplay(p, landmarks=m, seed=s), True, False),
    "screen_replay_ir": (lambda p, m, s: ScreenReplay(p, landmarks=m, seed=s), True, True),
}


def photos(split: str) -> list[tuple[str, Any, Any]]:
    out = []
    for person in SPLITS[split]:
        for path in sorted((FACES / person).iterdir()):
            img = cv2.imread(str(path))
            if img is None:
                continue
            marks = face_recognition.face_landmarks(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
            out.append((f"{person}/{path.name}", img, marks[0] if marks else None))
    return out


FRAME_S: list[float] = []    # processing time of each frame (feed), seconds
VERDICT_S: list[float] = []  # the last frame's feed + decide(): from the deciding frame to the verdict


def percentile(xs: list[float], q: float) -> float:
    ys = sorted(xs)
    return ys[min(len(ys) - 1, max(0, math.ceil(q / 100 * len(ys)) - 1))] if ys else float("nan")


def run_session(pipeline: FacePipeline, source: Any, seed: int, responsive: bool, ir: bool) -> tuple[str, str]:
    """One attempt on a simulated clock. Returns (result, reason): result is "pass", "fail" or
    "fta" (no usable frontal frame ever: failure to acquire)."""
    session = VerificationSession(pipeline, Reference(None), random.Random(seed))
    asked: set[int] = set()
    t = 0.0
    while not session.timed_out(t):
        if session.state is SessionState.GUIDING and t > GUIDING_S:
            break  # never a usable frontal frame: failure to acquire, not a liveness decision
        rgb = source.frame_at(t)
        irv = ir_view(source, t, rgb) if ir else None  # what the binocular simulator shows
        started = time.perf_counter()
        state = session.feed(t, rgb, ir=irv) if ir else session.feed(t, rgb)
        took = time.perf_counter() - started
        FRAME_S.append(took)
        if state is SessionState.READY:
            started = time.perf_counter()
            session.decide()
            VERDICT_S.append(took + time.perf_counter() - started)
            return "pass", ""
        action = session.current_action
        if action is not None and session.challenge.done not in asked:
            asked.add(session.challenge.done)
            if responsive:
                source.perform(action.value, at=t + 0.3)  # reacts after ~0.3 s
        if action is not None and session.turn_further and -1 - session.challenge.done not in asked:
            asked.add(-1 - session.challenge.done)  # "a little further": told once per turn
            if responsive:  # a steered attacker reads the screen too
                source.perform(action.value, at=t + 0.3, further=True)
        t += 1.0 / FPS
    if session.state is SessionState.GUIDING:
        return "fta", "no frontal frame"
    challenge = session.challenge
    if challenge.failure is None:
        return "fail", "time"
    # which step failed: "no response" to a blink and to a turn have different causes
    step = challenge.actions[challenge.done].value if challenge.done < len(challenge.actions) else ""
    return "fail", f"{challenge.failure.value}:{step}" if challenge.failure.value in ("no_response", "no_return") else challenge.failure.value


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval for k successes in n trials."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="held_out", choices=sorted(SPLITS))
    ap.add_argument("--sessions", type=int, default=37)
    ap.add_argument("--first", type=int, default=0,
                    help="first session number: sessions first … first+N-1 (seed = photo index = session "
                         "number, so parallel ranges give the same sessions as one run)")
    ap.add_argument("--only", default=",".join(KINDS))
    ap.add_argument("--dump", type=Path, help="write the per-frame and per-verdict times (JSON) to combine runs")
    ap.add_argument("--combine", type=Path, nargs="+", help="only print the times of earlier --dump files together")
    ap.add_argument("--each", action="store_true", help="print every session's result as it ends")
    ap.add_argument("--no-encodings", action="store_true",
                    help="skip the face encodings made during the pauses (they cannot change a liveness "
                         "result: only the comparison uses them); the times printed are then not the kiosk's")
    args = ap.parse_args()
    if args.combine:
        for path in args.combine:
            times = json.loads(path.read_text())
            FRAME_S.extend(times["frame_s"])
            VERDICT_S.extend(times["verdict_s"])
        print_times()
        return
    pipeline = FacePipeline()
    if args.no_encodings:
        pipeline.encode = lambda frame, box, jitters=1: np.zeros(128)  # type: ignore[method-assign]
        print("--no-encodings: liveness results only; times are NOT the kiosk's")
    pics = photos(args.split)
    print(f"split {args.split}: {len(pics)} photos of {len(SPLITS[args.split])} people; {args.sessions} sessions per kind")
    for kind in args.only.split(","):
        factory, responsive, ir = KINDS[kind]
        counts: Counter[str] = Counter()
        reasons: Counter[str] = Counter()
        failed_on: list[str] = []
        t0 = time.perf_counter()
        for i in range(args.first, args.first + args.sessions):
            name, img, marks = pics[i % len(pics)]
            result, reason = run_session(pipeline, factory(img, marks, i), i, responsive, ir)
            if args.each:
                print(f"  {kind} #{i} {name}: {result} {reason}", flush=True)
            counts[result] += 1
            if reason:
                reasons[reason] += 1
            if result != "pass" and kind.startswith("genuine"):
                failed_on.append(f"{name}#{i}:{reason}")
        n = counts["pass"] + counts["fail"]
        lo, hi = wilson(counts["pass"], n)
        rate = "BPCER" if kind.startswith("genuine") else "APCER"
        k = counts["fail"] if rate == "BPCER" else counts["pass"]
        lo, hi = wilson(k, n)
        print(f"{kind:24s} pass {counts['pass']:2d} / fail {counts['fail']:2d} / fta {counts['fta']:2d}  "
              f"{rate} {k}/{n} = {100 * k / max(n, 1):.1f} % [95 % CI {100 * lo:.1f}–{100 * hi:.1f} %]  "
              f"reasons {dict(reasons)}  ({time.perf_counter() - t0:.0f} s)"
              + (f"  rejected: {failed_on}" if failed_on else ""), flush=True)
    print_times()
    if args.dump:
        args.dump.write_text(json.dumps({"frame_s": FRAME_S, "verdict_s": VERDICT_S}))


def print_times() -> None:
    print(f"decision time: per frame p50 {1000 * percentile(FRAME_S, 50):.0f} ms, p95 {1000 * percentile(FRAME_S, 95):.0f} ms "
          f"({len(FRAME_S)} frames); per verdict (deciding frame + decide) p50 {1000 * percentile(VERDICT_S, 50):.0f} ms, "
          f"p95 {1000 * percentile(VERDICT_S, 95):.0f} ms ({len(VERDICT_S)} verdicts); "
          f"frames over 150 ms: {sum(x > 0.15 for x in FRAME_S)}")


if __name__ == "__main__":
    main()
