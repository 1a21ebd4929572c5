"""One kiosk at a time: a second `kiosk run` on the same data directory exits with a clear message
and a non-zero code while the first runs, and starts normally once the first has gone. Real
processes; the lock is an flock, so even a killed kiosk leaves no stale lock behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kiosk.startup import ALREADY_RUNNING_EXIT, START_UP_RECOVERY, AlreadyRunning, single_instance

REPO = Path(__file__).resolve().parents[2]


def env_for(home: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
            "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
            "SPEECHD_ADDRESS": os.environ.get("SPEECHD_ADDRESS", "")}  # not the machine's (tests/conftest.py)


def kiosk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True,
                          timeout=120, env=env_for(home), cwd=REPO)


def test_second_instance_refused_while_the_first_runs(private_user_dirs: Path) -> None:
    lock = private_user_dirs / "data" / "police-kiosk" / "kiosk.lock"
    first = subprocess.Popen([sys.executable, "-m", "app.cli", "run"], env=env_for(private_user_dirs), cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (lock.exists() and lock.read_text().strip()):
            assert first.poll() is None, first.stderr.read() if first.stderr else ""
            time.sleep(0.1)
        assert lock.read_text().strip() == str(first.pid)

        second = kiosk(private_user_dirs, "run", "--quit-after-start")
        assert second.returncode == ALREADY_RUNNING_EXIT
        assert "another kiosk is already running" in second.stderr and str(first.pid) in second.stderr
        assert first.poll() is None  # the first one is untouched
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=60)
    # -SIGABRT: the kiosk sometimes aborts in Qt Multimedia's teardown after it has shut down
    # (also at HEAD before this change; reported); the lock is released either way.
    assert first.returncode in (0, -signal.SIGABRT)

    third = kiosk(private_user_dirs, "run", "--quit-after-start")
    assert third.returncode in (0, -signal.SIGABRT), third.stderr
    assert "attract visible after" in third.stdout


def test_lock_is_released_when_the_holder_dies(tmp_path: Path) -> None:
    held = single_instance(tmp_path)
    try:
        single_instance(tmp_path)
    except AlreadyRunning as exc:
        assert str(os.getpid()) in str(exc)
    else:
        raise AssertionError("a second lock was granted")
    held.close()  # what the kernel does when the process dies, however it dies
    single_instance(tmp_path).close()


def test_start_up_recovery_has_the_outbox_step_first() -> None:
    # The payment journal's recovery is appended to this list (kiosk/startup.py).
    assert START_UP_RECOVERY[0][0] == "outbox"
