"""A real IPP printer for tests: CUPS's reference printer `ippeveprinter` (Debian package
cups-ipp-utils) on a free loopback port with its own spool directory.

ippeveprinter refuses to start without DNS-SD ("Unable to initialize DNS-SD") even with
advertising off; Avahi's client only needs a reachable D-Bus system bus for that (with no
avahi-daemon it stays "connecting"), so the fixture starts a private dbus-daemon and points
DBUS_SYSTEM_BUS_ADDRESS at it. `-n localhost`: it listens on ::1 and 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class IppPrinter:
    uri: str
    spool: Path

    def spooled(self) -> list[Path]:
        return sorted(self.spool.glob("*.pdf"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_ipp_printer(
    tmp: Path, formats: str = "application/pdf"
) -> Generator[IppPrinter, None, None]:
    exe = shutil.which("ippeveprinter") or (
        "/usr/sbin/ippeveprinter" if Path("/usr/sbin/ippeveprinter").exists() else None
    )
    if exe is None:
        pytest.skip("ippeveprinter not installed (apt-get install cups-ipp-utils; run.sh does)")
    if shutil.which("dbus-daemon") is None:
        pytest.skip(
            "dbus-daemon not installed (ippeveprinter needs a D-Bus bus for Avahi's client)"
        )
    spool = tmp / "spool"
    spool.mkdir()
    bus = tmp / "bus"
    dbus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", f"--address=unix:path={bus}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if bus.exists():
            break
        time.sleep(0.02)
    port = _free_port()
    env = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={bus}"}
    log = open(tmp / "ippeveprinter.log", "wb")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [
            exe,
            "-r",
            "off",
            "-n",
            "localhost",
            "-p",
            str(port),
            "-d",
            str(spool),
            "-f",
            formats,
            "-k",
            "Test Printer",
        ],
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            if proc.poll() is not None:
                pytest.fail(f"ippeveprinter exited: {(tmp / 'ippeveprinter.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("ippeveprinter did not listen within 10 s")
                time.sleep(0.1)
        yield IppPrinter(f"ipp://127.0.0.1:{port}/ipp/print", spool)
    finally:
        _stop(proc)
        _stop(dbus)
        log.close()
