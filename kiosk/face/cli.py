"""`kiosk face ...` commands. `command(argv)` gets the arguments after "face"."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from kiosk.face.pipeline import CALIBRATION_FILE, Calibration, FacePipeline, FaceSettings


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk face", description="face verification tools")
    sub = p.add_subparsers(dest="cmd", required=True)
    cal = sub.add_parser("calibrate", help="measure error rates on a folder-per-identity set")
    cal.add_argument("dir", type=Path)
    cal.add_argument("--report", type=Path, help="write the markdown report here")
    cal.add_argument("--write-calibration", type=Path, nargs="?", const=CALIBRATION_FILE,
                     help="store the chosen threshold and band (default: the shipped calibration.json)")
    return p


def _fmt(r: object) -> str:
    from kiosk.face.calibrate import Rates
    assert isinstance(r, Rates)
    return (f"| {r.genuine_pairs} | {r.impostor_pairs} | {r.far:.2%} | {r.frr:.2%} | {r.eer:.1%} "
            f"(t={r.eer_threshold:.3f}) | {r.frr_at_far_01:.1%} (t={r.threshold_far_01:.3f}) |")


def calibrate(folder: Path, report: Path | None, write_to: Path | None, out: TextIO) -> int:
    """Run the calibration, print the markdown report, optionally write it and the calibration."""
    from kiosk.face.calibrate import load_samples, pair_distances, rates

    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=out)
        return 2
    # the current threshold must not bias the measurement: encode with defaults
    pipeline = FacePipeline(FaceSettings(calibration=Calibration(0.5, 0.0)))
    samples = load_samples(folder, pipeline)
    if len({s.identity for s in samples}) < 2:
        print("error: need at least two identity folders with images", file=out)
        return 2
    live = pair_distances(samples, "live")
    chip_ours = pair_distances(samples, "chip", "ours")
    chip_plain = pair_distances(samples, "chip", "plain")
    # shipped threshold: FAR <= 0.1 % on the hard (chip) case; band up to the EER threshold
    chip_r = rates(*chip_ours, 0.5)
    threshold = chip_r.threshold_far_01
    band = round(max(chip_r.eer_threshold - threshold, 0.04), 3)
    lines = [
        f"Images: {len(samples)} in {len({s.identity for s in samples})} identities; "
        f"no face found (live): {sum(s.live is None for s in samples)}, "
        f"chip reference not usable: ours {sum(s.ref_ours is None for s in samples)}, "
        f"plain {sum(s.ref_plain is None for s in samples)}.",
        f"Chosen threshold {threshold:.3f}, uncertain band {threshold:.3f}–{threshold + band:.3f} (to staff).",
        "",
        "| comparison | method | genuine pairs | impostor pairs | FAR @t | FRR @t | EER | FRR @ FAR≤0.1 % |",
        "|---|---|---|---|---|---|---|---|",
        f"| live vs live | plain face_recognition (t=0.6) " + _fmt(rates(*live, 0.6)),
        f"| live vs live | kiosk (t={threshold:.3f}) " + _fmt(rates(*live, threshold)),
        f"| chip vs live | plain face_recognition (t=0.6) " + _fmt(rates(*chip_plain, 0.6)),
        f"| chip vs live | kiosk (t={threshold:.3f}) " + _fmt(rates(*chip_ours, threshold)),
    ]
    text = "\n".join(lines)
    print(text, file=out)
    if report is not None:
        report.write_text(text + "\n", encoding="utf-8")
    if write_to is not None:
        write_to.write_text(json.dumps({"threshold": threshold, "uncertain_band": band,
                                        "source": f"kiosk face calibrate on {len(samples)} images"}) + "\n",
                            encoding="utf-8")
    return 0


def command(argv: list[str], out: TextIO = sys.stdout) -> int:
    """Entry point for `kiosk face ...` (argv excludes "face"). Returns the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.cmd == "calibrate":
        return calibrate(args.dir, args.report, args.write_calibration, out)
    return 2
