"""`kiosk selftest` from source, as the build script runs it on the built program: a real
subprocess with no display, one line per check, exit 0 only when every check passes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHECKS = ["config", "catalog", "store", "devices", "printing", "face", "qt", "translations", "screen",
          "keyboard", "qml", "pinyin", "im-module", "voice"]


def selftest(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
    # No DISPLAY and no QT_QPA_PLATFORM: the command itself must choose offscreen.
    return subprocess.run([sys.executable, "-m", "app.cli", *args, "selftest"], capture_output=True,
                          text=True, timeout=240, env=env, cwd=REPO)


def test_selftest_passes_with_demo_settings_and_leaves_no_data(private_user_dirs: Path) -> None:
    result = selftest(private_user_dirs)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[1] for line in lines[:-1]] == CHECKS
    assert all(line.startswith("ok ") and " ms " in line for line in lines[:-1])
    assert lines[-1].startswith("selftest passed: 14 checks")
    # The demo data and key went to a temporary folder, not the user's.
    assert not any((private_user_dirs / "data").iterdir())
    assert not (private_user_dirs / "config" / "police-kiosk").exists()


def test_selftest_names_the_failing_check(private_user_dirs: Path, tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'catalog_dir = "{tmp_path / "no-catalog-here"}"\n', encoding="utf-8")
    result = selftest(private_user_dirs, "--config", str(config))
    assert result.returncode == 1, result.stdout + result.stderr
    assert any(line.startswith("FAIL catalog") for line in result.stdout.splitlines())
    assert "skipped: needs catalog" in result.stdout  # what depends on it is not run
    assert result.stdout.splitlines()[-1].startswith("selftest FAILED: catalog, store, devices")
