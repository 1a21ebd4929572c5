"""Process start to attract screen visible, for `kiosk demo` (demo devices, full catalog).

Runs the real command N times in fresh processes on a virtual X screen (Xvfb) and times from
spawning the process to the kiosk printing that the attract screen is shown (since issue #16's
wt-start change: on the event-loop turn after its first paint, `app/gui.py: show_kiosk`).

Python byte code is cached (in a temporary folder, PYTHONPYCACHEPREFIX) even where the shell sets
PYTHONDONTWRITEBYTECODE: the installed kiosk runs from compiled byte code (the PyInstaller
build's archive), and compiling the ~400 modules from source costs ≈ 1.5 s of every start.

    uv run python benchmarks/bench_startup.py [--runs 7] [--bare]

``--bare`` times a bare PySide6 window the same way (the floor on this machine at this load), to
read a number taken on the shared machine against.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


BARE = ("from PySide6.QtCore import QTimer\nfrom PySide6.QtWidgets import QApplication, QWidget\n"
        "app = QApplication([])\nw = QWidget()\nw.resize(1080, 1920)\nw.show()\n"
        "QTimer.singleShot(0, lambda: (print('attract visible', flush=True), app.quit()))\napp.exec()\n")


def one_run(display_env: dict[str, str], pycache: str, bare: bool = False) -> float:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, **display_env, "XDG_DATA_HOME": f"{home}/data", "XDG_CONFIG_HOME": f"{home}/config",
               "PYTHONPYCACHEPREFIX": pycache}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        started = time.perf_counter()
        command = ["-c", BARE] if bare else ["-m", "app.cli", "demo", "--windowed", "--quit-after-start"]
        proc = subprocess.Popen([sys.executable, *command],
                                cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("attract visible"):
                elapsed = time.perf_counter() - started
                break
        else:
            raise RuntimeError("the kiosk exited without showing the attract screen")
        proc.wait(timeout=60)
        return elapsed * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bare", action="store_true", help="a bare PySide6 window instead of the kiosk")
    args = parser.parse_args()
    xvfb = None
    display_env: dict[str, str] = {}
    if not os.environ.get("DISPLAY") and shutil.which("Xvfb"):
        xvfb = subprocess.Popen(["Xvfb", ":93", "-screen", "0", "1920x1920x24"], stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        display_env = {"DISPLAY": ":93", "QT_QPA_PLATFORM": "xcb"}
    elif not os.environ.get("DISPLAY"):
        display_env = {"QT_QPA_PLATFORM": "offscreen"}
    pycache = tempfile.mkdtemp(prefix="kiosk-bench-pycache-")
    try:
        # Warm the OS file cache and compile the byte code once, like a kiosk that has booted before.
        one_run(display_env, pycache, args.bare)
        times = sorted(one_run(display_env, pycache, args.bare) for _ in range(args.runs))
    finally:
        if xvfb is not None:
            xvfb.terminate()
        shutil.rmtree(pycache, ignore_errors=True)
    what = "bare PySide6 window: start to shown" if args.bare else "start to attract visible"
    print(f"{what} over {args.runs} runs: median {statistics.median(times):.0f} ms, "
          f"min {times[0]:.0f} ms, max {times[-1]:.0f} ms (target <= 1000 ms); "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
