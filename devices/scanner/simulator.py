"""Simulated serial code scanner on a pseudo-terminal (the real SerialScanner reads it).

Control API: scan(text, terminator="\\r"), unplug(), replug(), set_fault(name), clear_fault().
Faults: "garbled" (sends a broken line of random bytes before each code)."""

from __future__ import annotations

import os

from devices.pty_link import PtyLink
from devices.scanner.driver import SerialScanner
from devices.spec import DeviceSpec
from devices.status import DeviceError, DeviceFailure

FAULTS = {"garbled": "noise line before every code"}


class SimulatedScanner(SerialScanner):
    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        self.link = PtyLink("scanner0", lambda data: None)  # the host never talks to a scanner
        self.link.start()
        self._fault: str | None = None

    def port_path(self) -> str:
        if not self.link.plugged:
            raise DeviceFailure(DeviceError("no_device", "scanner port does not exist (unplugged)"))
        return str(self.link.link)

    def scan(self, text: str, terminator: str = "\r") -> None:
        if self._fault == "garbled":
            self.link.write(os.urandom(12).replace(b"\r", b"").replace(b"\n", b"") + b"\r\n")
        if not self.link.write(text.encode("utf-8") + terminator.encode()):
            raise DeviceFailure(DeviceError("not_connected", "simulated scanner is unplugged"))

    def set_fault(self, name: str) -> None:
        if name not in FAULTS:
            raise ValueError(f"unknown scanner fault {name!r}; known: {', '.join(FAULTS)}")
        self._fault = name

    def clear_fault(self) -> None:
        self._fault = None

    def unplug(self) -> None:
        self.link.unplug()

    def replug(self) -> None:
        self.link.replug()

    def shutdown(self) -> None:
        self.close()
        self.link.shutdown()
