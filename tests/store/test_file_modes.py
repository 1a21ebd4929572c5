"""Everything a running kiosk writes is private to its user: files 0600, folders 0700.

The real start-up path (`kiosk run`, a subprocess started with the common umask 022, as a
systemd unit or a login shell would), then every file and folder under the kiosk's data and
configuration directories is stat'ed while it runs (the -wal and -shm files exist only then)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _env(home: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
            "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
            "SPEECHD_ADDRESS": os.environ.get("SPEECHD_ADDRESS", "")}  # not the machine's (tests/conftest.py)


def _loose(root: Path) -> list[str]:
    """Every path under ``root`` (root included) that group or others may read, write or enter."""
    found = []
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077:
            found.append(f"{path.relative_to(root.parent)} {mode:o}")
    return found


def test_every_file_the_running_kiosk_created_is_private(private_user_dirs: Path) -> None:
    data = private_user_dirs / "data" / "police-kiosk"
    kiosk = subprocess.Popen([sys.executable, "-m", "app.cli", "run"], env=_env(private_user_dirs), cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             preexec_fn=lambda: os.umask(0o022))  # noqa: PLW1509 - umask only, no threads yet
    try:
        deadline = time.monotonic() + 90
        log = data / "logs" / "kiosk.log"
        while time.monotonic() < deadline:
            assert kiosk.poll() is None, kiosk.stderr.read() if kiosk.stderr else ""
            if (data / "kiosk.db-wal").exists() and log.exists() and "ready" in log.read_text(encoding="utf-8"):
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the kiosk did not start within 90 s")
        created = {p.name for p in data.rglob("*")}
        assert {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm", "kiosk.log", "logs", "kiosk.lock"} <= created
        loose = _loose(data) + _loose(private_user_dirs / "config" / "police-kiosk")
        assert loose == [], "readable by group/others: " + ", ".join(loose)
    finally:
        kiosk.send_signal(signal.SIGTERM)
        kiosk.wait(timeout=60)


def test_files_an_older_version_left_readable_are_tightened(tmp_path: Path) -> None:
    from kiosk.logs import setup_logging
    from kiosk.store import open_store

    data = tmp_path / "data"
    open_store(data, bytes(32)).close()
    (data / "logs").mkdir(mode=0o755)
    (data / "logs" / "kiosk.log.1").write_text("old\n", encoding="utf-8")
    for path in (data, data / "logs", data / "kiosk.db", data / "logs" / "kiosk.log.1"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    import logging

    root = logging.getLogger()
    before = list(root.handlers)
    old_umask = os.umask(0o077)  # as every entry point sets it (the new kiosk.log is made under it)
    try:
        setup_logging(data / "logs")
        open_store(data, bytes(32)).close()
    finally:
        os.umask(old_umask)
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
    assert _loose(data) == []
