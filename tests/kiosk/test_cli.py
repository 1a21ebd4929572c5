"""The `kiosk` command as a technician types it (a real subprocess, demo configuration)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def kiosk(*args: str, env_home: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(env_home / "data"),
           "XDG_CONFIG_HOME": str(env_home / "config"), "HOME": str(env_home)}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True,
                          timeout=120, env=env, cwd=Path(__file__).resolve().parents[2])


def test_devices_status_lists_every_demo_device(private_user_dirs: Path) -> None:
    result = kiosk("devices", "status", env_home=private_user_dirs)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    names = {line.split()[0] for line in lines[1:]}
    assert names == {"card_reader", "camera", "printer", "document_printer", "payment_terminal", "scanner",
                     "card_dispenser", "fingerprint"}
    assert all(" yes " in line for line in lines[1:])


def test_version_and_unknown_arguments(private_user_dirs: Path) -> None:
    version = kiosk("--version", env_home=private_user_dirs)
    assert version.returncode == 0 and version.stdout.startswith("kiosk ")
    bad = kiosk("demo", "--no-such-flag", env_home=private_user_dirs)
    assert bad.returncode == 2 and "--no-such-flag" in bad.stderr
