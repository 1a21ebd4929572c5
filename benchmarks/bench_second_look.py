"""Genuine chip MATCH after the second look (issue #15 item 4), on the held-out people of the
verification split (`kiosk.face.calibrate.split_of`), at the shipped chip threshold and band.

The kiosk's rule (kiosk/face/pipeline.py `VerificationSession.decide`): the first look's fused
encoding vs the chip reference; MATCH passes, NO_MATCH fails, UNCERTAIN asks for a second look
(advice: glasses off, light, look straight) whose new frames alone are compared again; after it,
anything but MATCH goes to staff.

Model of a look, on this data set (no kiosk-camera footage exists): one look is one photo of the
person, encoded as the kiosk encodes a frame (calibrate.load_samples). The first look is photo j,
the chip reference is made from photo i (i != j, as in bench_face_far.py). The second look is a
*different* photo of the same person — another pose, light, expression, as a person looks after
following advice: photo k, the next photo after j in file order that is neither i nor j. A person
with only two photos has no other look: the second look then sees photo j again (the same
distance: staff), which is what happens to someone who cannot change anything.
A second variant counts every possible second look k (all triples i, j, k) to show how much the
deterministic choice of k matters.

    uv run python benchmarks/bench_second_look.py [--split held_out|tuning]
No image or encoding is written anywhere; only counts are printed."""

from __future__ import annotations

import argparse
import math
import os
from collections import defaultdict
from pathlib import Path

import numpy as np

from kiosk.face.calibrate import Kind, Sample, Split, load_samples, split_of
from kiosk.face.errorrates import clopper_pearson
from kiosk.face.pipeline import Calibration, FacePipeline, Outcome, decide_distance

ROOT = Path(__file__).resolve().parents[1]


def _d(ref: np.ndarray | None, live: np.ndarray | None) -> float:
    return math.inf if ref is None or live is None else float(np.linalg.norm(ref - live))


def _outcome(distance: float, cal: Calibration) -> Outcome:
    # no usable chip face: the kiosk cannot compare, the citizen goes to staff (not a match)
    return Outcome.NO_MATCH if math.isinf(distance) else decide_distance(distance, cal)


def _fmt(k: int, n: int) -> str:
    lo, hi = clopper_pearson(k, n)
    return f"{100 * k / max(n, 1):.1f} % ({k}/{n}; 95 % CI {100 * lo:.1f}–{100 * hi:.1f} %)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="held_out", choices=[s.value for s in Split])
    args = ap.parse_args()
    print(f"start: load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    pipeline = FacePipeline()
    cal = pipeline.settings.calibration
    band = cal.threshold + cal.uncertain_band
    print(f"chip calibration: MATCH <= {cal.threshold:.3f}, second look / staff <= {band:.3f}")
    samples = [s for s in load_samples([ROOT / "tests" / "data" / "faces"], pipeline)
               if split_of(s.identity) is Split(args.split)]
    people: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        people[s.identity].append(s)
    first = {o: 0 for o in Outcome}
    after, n = 0, 0
    after_all, n_all = 0, 0
    for _identity, photos in sorted(people.items()):
        for i, ref_photo in enumerate(photos):
            ref = ref_photo.refs[Kind.CHIP]
            for j, look in enumerate(photos):
                if i == j or look.live is None:
                    continue
                o1 = _outcome(_d(ref, look.live), cal)
                first[o1] += 1
                n += 1
                others = [k for k in range(len(photos)) if k not in (i, j) and photos[k].live is not None]
                if o1 is Outcome.MATCH:
                    after += 1
                    after_all += max(len(others), 1)
                    n_all += max(len(others), 1)
                    continue
                if o1 is not Outcome.UNCERTAIN:
                    n_all += max(len(others), 1)
                    continue
                after_k = [k for k in others if k > j] + [k for k in others if k < j]
                k2 = after_k[0] if after_k else j
                after += _outcome(_d(ref, photos[k2].live), cal) is Outcome.MATCH
                for k in others or [j]:
                    after_all += _outcome(_d(ref, photos[k].live), cal) is Outcome.MATCH
                    n_all += 1
    print(f"{args.split}: {len(people)} people, {len(samples)} photos, {n} genuine (chip i, look j) pairs")
    print(f"first look: MATCH {_fmt(first[Outcome.MATCH], n)}, second look asked {_fmt(first[Outcome.UNCERTAIN], n)}, "
          f"NO_MATCH {_fmt(first[Outcome.NO_MATCH], n)}")
    print(f"genuine MATCH after the second look (next other photo): {_fmt(after, n)}")
    print(f"genuine MATCH after the second look (every other photo as second look, triples): {_fmt(after_all, n_all)}")
    print(f"end: load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
