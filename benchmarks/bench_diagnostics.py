"""Diagnostics numbers: how long a technician waits for each device's self-test, and for the
redacted bundle, on a kiosk core with the demo simulators (real drivers over pseudo-terminals,
the simulated camera at its frame rate).

    uv run python benchmarks/bench_diagnostics.py [--rounds 5]

Prints per device the median self-test time over the rounds, the whole round one after another,
and the bundle's write time and size (with the log as it stands after the rounds).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.diagnostics.service import Diagnostics


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=REPO) as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", key_file=Path(tmp) / "keys" / "data.key")
        core = KioskCore(settings, log_to_file=True)
        try:
            manager = core.hardware.manager
            deadline = time.monotonic() + 30
            while (manager is None or len(core.device_health()) < len(settings.devices)) and time.monotonic() < deadline:
                time.sleep(0.1)
                manager = core.hardware.manager
            diag = Diagnostics(core)
            names = [row.name for row in diag.devices()]
            per_device: dict[str, list[float]] = {name: [] for name in names}
            rounds: list[float] = []
            failed: list[str] = []
            for _ in range(args.rounds):
                round_start = time.perf_counter()
                for name in names:
                    start = time.perf_counter()
                    run = diag.self_test(name)
                    per_device[name].append(time.perf_counter() - start)
                    if not run.ok:
                        failed.append(f"{name}: {run.lines[:2]}")
                rounds.append(time.perf_counter() - round_start)
            start = time.perf_counter()
            bundle = diag.write_bundle(Path(tmp) / "usb")
            bundle_s = time.perf_counter() - start
            with zipfile.ZipFile(bundle) as zf:
                files = len(zf.namelist())
            size_kb = bundle.stat().st_size / 1024
        finally:
            core.close()

    for name in names:
        print(f"self-test {name:<17} median {statistics.median(per_device[name]) * 1000:8.1f} ms")
    print(f"all {len(names)} self-tests one after another: median {statistics.median(rounds):.2f} s "
          f"(max {max(rounds):.2f} s, {args.rounds} rounds)")
    print(f"failed self-tests: {len(failed)}" + (f" {failed}" if failed else ""))
    print(f"diagnostics bundle: {bundle_s * 1000:.0f} ms, {size_kb:.1f} KiB, {files} files")


if __name__ == "__main__":
    main()
