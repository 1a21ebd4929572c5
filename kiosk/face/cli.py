"""`kiosk face ...` commands. `command(argv)` gets the arguments after "face"."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kiosk.face.pipeline import CALIBRATION_FILE, Calibration, FacePipeline, FaceSettings

if TYPE_CHECKING:
    from kiosk.face.calibrate import Kind, Sample
    from kiosk.face.errorrates import Choice, OperatingPoint

# The centre compares live encodings with the register photo and reads its own file; the kiosk
# only writes it here (the server imports nothing from kiosk/).
REGISTER_CALIBRATION_FILE = Path(__file__).resolve().parents[2] / "server" / "face_calibration.json"
# issue #15: genuine MATCH targets per reference kind (chip: after the second look)
MATCH_TARGET = {"chip": 0.60, "register": 0.90}
EXIT_REFUSED = 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk face", description="face verification tools")
    sub = p.add_subparsers(dest="cmd", required=True)
    cal = sub.add_parser("calibrate", help="choose thresholds on one split of people, report FAR/FRR on the other")
    cal.add_argument("dirs", type=Path, nargs="+", metavar="DIR", help="folder-per-identity image set(s)")
    cal.add_argument("--report", type=Path, help="write the markdown report here")
    cal.add_argument("--write-calibration", action="store_true",
                     help="store the chosen thresholds and bands in the chip and register files (refused when "
                          "a held-out FAR upper bound is above the 0.1 %% target, unless --accept-far-bound)")
    cal.add_argument("--chip-file", type=Path, default=CALIBRATION_FILE,
                     help="kiosk calibration for chip references (read as 'configured', written with "
                          "--write-calibration; default: the shipped kiosk/face/calibration.json)")
    cal.add_argument("--register-file", type=Path, default=REGISTER_CALIBRATION_FILE,
                     help="centre calibration for register references (default: server/face_calibration.json)")
    cal.add_argument("--accept-far-bound", metavar="REASON",
                     help="write even though the FAR upper bound is above the target; REASON is recorded in "
                          "the file's 'source'")
    return p


def _configured(path: Path) -> Calibration | None:
    try:
        return Calibration.load(path)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _row(label: str, op: "OperatingPoint") -> str:
    met = "met" if op.far_target_met() else "**not met**"
    return (f"| {label} | {op.threshold:.3f} / {op.threshold + op.band:.3f} | {op.impostor_pass} | {met} "
            f"| {op.impostor_staff.rate:.1%} | {op.genuine_match} | {op.genuine_staff} | {op.genuine_reject.rate:.1%} |")


def _kind_section(kind: "Kind", tuning: list["Sample"], held: list["Sample"], configured: Calibration | None,
                  ) -> tuple[list[str], "Choice", "OperatingPoint"]:
    from kiosk.face.calibrate import Kind, pair_distances
    from kiosk.face.errorrates import FAR_TARGET, choose, operating_point

    t_gen, t_imp = pair_distances(tuning, kind)
    h_gen, h_imp = pair_distances(held, kind)
    choice = choose(t_gen, t_imp, MATCH_TARGET[kind.value])
    chosen = operating_point(h_gen, h_imp, choice.threshold, choice.band)
    title = ("chip reference (ID-card chip photo, compared on the kiosk offline)" if kind is Kind.CHIP
             else "register reference (certificate photo, compared at the centre)")
    lines = [
        f"### {title}", "",
        f"Tuning: {len(t_gen)} genuine / {sum(math.isfinite(d) for d in t_imp)} impostor pairs; {choice.rule}. "
        f"Chosen: threshold {choice.threshold:.3f}, uncertain band to {choice.threshold + choice.band:.3f} (staff).",
        f"Held-out: {len(h_gen)} genuine / {chosen.impostor_pass.total} impostor pairs "
        f"(rates with exact 95 % Clopper–Pearson intervals).", "",
        "| threshold | MATCH ≤ / staff ≤ | impostor PASS (FAR) | FAR upper bound ≤ 0.1 % | impostor to staff "
        "| genuine MATCH | genuine to staff | genuine NO_MATCH |",
        "|---|---|---|---|---|---|---|---|",
    ]
    if configured is not None:
        lines.append(_row("configured", operating_point(h_gen, h_imp, configured.threshold, configured.uncertain_band)))
    else:
        lines.append("| configured | (no calibration file) | | | | | | |")
    lines.append(_row("chosen on tuning", chosen))
    if kind is Kind.CHIP:
        p_gen, p_imp = pair_distances(held, kind, plain=True)
        lines.append(_row("plain face_recognition", operating_point(p_gen, p_imp, 0.6, 0.0)))
    target = MATCH_TARGET[kind.value]
    g = chosen.genuine_match
    match_verdict = ("met" if g.low >= target else "met on the point estimate only" if g.rate >= target
                     else "NOT met")
    lines += ["",
              f"At the chosen threshold: FAR target (upper bound ≤ {FAR_TARGET:.1%}) "
              f"{'met' if chosen.far_target_met() else 'NOT met'} (bound {chosen.impostor_pass.high:.2%}); "
              f"genuine MATCH target ≥ {target:.0%} {match_verdict} "
              f"({g.rate:.1%}, 95 % CI {g.low:.1%}–{g.high:.1%}).", ""]
    return lines, choice, chosen


def calibrate(folders: list[Path], report: Path | None, write: bool, files: dict[str, Path],
              accept_reason: str | None, out: TextIO) -> int:
    """Choose thresholds per reference kind on the tuning people, report on the held-out people,
    and write them only if the held-out FAR bound meets the target (or the operator overrides)."""
    from kiosk.face.calibrate import Kind, Split, load_samples, split_of
    from kiosk.face.errorrates import FAR_TARGET, refusals

    for folder in folders:
        if not folder.is_dir():
            print(f"error: {folder} is not a folder", file=out)
            return 2
    if write and not all(path.parent.is_dir() for path in files.values()):
        # e.g. an installed kiosk has no server/ folder: say so before minutes of encoding
        print("error: no folder for " + ", ".join(str(p) for p in files.values() if not p.parent.is_dir())
              + "; pass --chip-file / --register-file", file=out)
        return 2
    # encode with neutral settings: the configured threshold must not influence the measurement
    pipeline = FacePipeline(FaceSettings(calibration=Calibration(0.5, 0.0)))
    samples = load_samples(folders, pipeline)
    tuning = [s for s in samples if split_of(s.identity) is Split.TUNING]
    held = [s for s in samples if split_of(s.identity) is Split.HELD_OUT]
    people = {sp: len({s.identity for s in part}) for sp, part in ((Split.TUNING, tuning), (Split.HELD_OUT, held))}
    if min(people.values()) < 2:
        print("error: need at least two identities on each side of the split (tuning "
              f"{people[Split.TUNING]}, held-out {people[Split.HELD_OUT]}); add identity folders", file=out)
        return 2
    lines = [
        f"Images: {len(samples)} of {len({s.identity for s in samples})} people. Split by person (SHA-256 of the "
        f"folder name): tuning {people[Split.TUNING]} people / {len(tuning)} images, held-out "
        f"{people[Split.HELD_OUT]} people / {len(held)} images; no person in both.",
        f"No face found on the live side: {sum(s.live is None for s in samples)}; reference with no usable face: "
        + ", ".join(f"{k.value} {sum(s.refs[k] is None for s in samples)}" for k in Kind) + ".",
        "Pairs: (reference made from photo i, live photo j), i ≠ j, within one split. They share photos, so they "
        "are not independent: the intervals are optimistic.", "",
    ]
    results: dict[Kind, tuple[Choice, OperatingPoint]] = {}
    for kind in Kind:
        section, choice, chosen = _kind_section(kind, tuning, held, _configured(files[kind.value]))
        lines += section
        results[kind] = (choice, chosen)
    text = "\n".join(lines).rstrip()
    print(text, file=out)
    if report is not None:
        report.write_text(text + "\n", encoding="utf-8")
    if not write:
        return 0
    refused = refusals({k.value: op for k, (_, op) in results.items()})
    if refused and not accept_reason:
        for message in refused:
            print(f"refused: {message}.", file=out)
        print("Nothing was written. Add people to the calibration set, or pass --accept-far-bound REASON to "
              "write anyway (the reason is recorded in the file).", file=out)
        return EXIT_REFUSED
    for kind, (choice, op) in results.items():
        source = (f"kiosk face calibrate: {kind.value} reference, {len(samples)} images; {choice.rule}; "
                  f"held-out FAR {op.impostor_pass.count}/{op.impostor_pass.total}, "
                  f"95 % upper bound {op.impostor_pass.high:.2%}")
        if not op.far_target_met():
            source += f"; FAR BOUND ABOVE THE {FAR_TARGET:.1%} TARGET, accepted by the operator: {accept_reason}"
        files[kind.value].write_text(json.dumps({"threshold": choice.threshold, "uncertain_band": choice.band,
                                                 "source": source}, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {files[kind.value]}", file=out)
    return 0


def command(argv: list[str], out: TextIO = sys.stdout) -> int:
    """Entry point for `kiosk face ...` (argv excludes "face"). Returns the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.cmd == "calibrate":
        return calibrate(args.dirs, args.report, args.write_calibration,
                         {"chip": args.chip_file, "register": args.register_file}, args.accept_far_bound, out)
    return 2
