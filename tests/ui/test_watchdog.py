"""The systemd watchdog pings come from the GUI thread: a real AF_UNIX datagram socket stands in for
systemd's NOTIFY_SOCKET, the event loop is blocked on purpose, and the pings stop for exactly as
long as the hang lasts (systemd would kill and restart the kiosk after WatchdogSec), then resume."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from kiosk.watchdog import SystemdNotifier
from ui.watchdog import GuiWatchdog

WATCHDOG_USEC = 150_000  # WatchdogSec=0.15 → a ping every 50 ms
HANG_S = 1.0


class FakeSystemd:
    """Receives sd_notify datagrams on a bound socket and stamps them with their arrival time."""

    def __init__(self, path: Path) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(0.02)
        self.messages: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            self.messages.append((time.monotonic(), data.decode()))

    def pings(self, after: float = 0.0, before: float = float("inf")) -> list[float]:
        return [t for t, m in list(self.messages) if m == "WATCHDOG=1" and after <= t <= before]

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture()
def systemd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSystemd]:
    path = tmp_path / "notify"
    fake = FakeSystemd(path)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", str(WATCHDOG_USEC))
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    yield fake
    fake.close()


def test_pings_stop_while_the_gui_thread_hangs_and_resume_after(qtbot: QtBot, systemd: FakeSystemd) -> None:
    watchdog = GuiWatchdog()
    assert watchdog.timer.interval() == 50
    watchdog.ready()
    qtbot.wait(500)
    assert len(systemd.pings()) >= 5, systemd.messages
    assert any(m.startswith("READY=1") for _, m in systemd.messages)

    hang: dict[str, float] = {}

    def block_the_gui_thread() -> None:  # a slot that never returns in time: a hung event loop
        hang["start"] = time.monotonic()
        time.sleep(HANG_S)
        hang["end"] = time.monotonic()

    QTimer.singleShot(0, block_the_gui_thread)
    qtbot.waitUntil(lambda: "end" in hang, timeout=5000)
    qtbot.wait(500)
    watchdog.stop()
    time.sleep(0.05)

    # A datagram sent just before the hang may arrive a moment into it: allow 20 ms.
    during = systemd.pings(hang["start"] + 0.02, hang["end"])
    assert during == [], f"{len(during)} pings while the GUI thread was blocked"
    before = systemd.pings(before=hang["start"])
    after = systemd.pings(after=hang["end"])
    gap = after[0] - before[-1]
    assert gap >= HANG_S - 0.02 and gap > WATCHDOG_USEC / 1e6, "systemd would have restarted the kiosk"
    assert len(after) >= 5, "pings resume when the event loop runs again"
    assert systemd.messages[-1][1] == "STOPPING=1"


def test_no_socket_no_watchdog(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    watchdog = GuiWatchdog()
    assert not watchdog.timer.isActive() and not watchdog.notifier.ping()
    watchdog.stop()


def test_notifier_reads_systemds_environment(tmp_path: Path) -> None:
    n = SystemdNotifier.from_environment({"NOTIFY_SOCKET": "/run/systemd/notify", "WATCHDOG_USEC": "30000000"})
    assert n.enabled and n.watchdog_interval_ms == 10_000  # WatchdogSec=30 → every 10 s
    other = SystemdNotifier.from_environment({"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "30000000",
                                              "WATCHDOG_PID": "1"})
    assert other.watchdog_interval_ms is None  # the watchdog is for another process
    assert SystemdNotifier.from_environment({}).enabled is False
    # An unreachable socket is logged, never raised: the kiosk keeps serving.
    gone = SystemdNotifier(str(tmp_path / "missing"), 3_000_000)
    assert gone.ping() is False and gone.stopping() is False


def test_abstract_namespace_socket() -> None:
    name = f"kiosk-test-{time.monotonic_ns()}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    sock.settimeout(2)
    try:
        assert SystemdNotifier("@" + name).ready()
        assert sock.recv(4096).decode().startswith("READY=1\n")
    finally:
        sock.close()


def test_the_kiosk_process_tells_systemd_ready_pings_and_stopping(systemd: FakeSystemd, private_user_dirs: Path) -> None:
    """`kiosk run` as systemd starts it (Type=notify): READY=1 after the attract screen, WATCHDOG=1
    every WatchdogSec/3, STOPPING=1 on SIGTERM."""
    import os
    import signal
    import subprocess
    import sys

    home = private_user_dirs
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "NOTIFY_SOCKET": systemd.sock.getsockname(), "WATCHDOG_USEC": "300000",
           "SPEECHD_ADDRESS": os.environ.get("SPEECHD_ADDRESS", "")}  # not the machine's (tests/conftest.py)
    kiosk = subprocess.Popen([sys.executable, "-m", "app.cli", "run"], env=env, cwd=Path(__file__).resolve().parents[2],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(systemd.pings()) < 5:
            assert kiosk.poll() is None
            time.sleep(0.1)
        ready = [m for _, m in systemd.messages if m.startswith("READY=1")]
        assert len(ready) == 1 and f"MAINPID={kiosk.pid}" in ready[0]
        assert len(systemd.pings()) >= 5
    finally:
        kiosk.send_signal(signal.SIGTERM)
        kiosk.wait(timeout=60)
    time.sleep(0.1)
    assert systemd.messages[-1][1] == "STOPPING=1"
