"""Simulated serial code scanner on a pseudo-terminal (the real SerialScanner reads it).

Control API: scan(text, terminator="\\r"), unplug(), replug(), set_fault(name), clear_fault().
Faults: "garbled" (a misread: a line of random bytes, then after a pause the code), "no_terminator"
(the code comes without its CR suffix), "stray_cr" (line noise puts a CR in the middle of the
code; the rest of it follows at once)."""

from __future__ import annotations

import os
import time

from devices.pty_link import PtyLink
from devices.scanner.driver import SerialScanner
from devices.spec import DeviceSpec
from devices.status import DeviceError, DeviceFailure

FAULTS = {"garbled": "noise line before every code", "no_terminator": "codes come without their CR suffix",
          "stray_cr": "a CR in the middle of every code"}


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
            time.sleep(self.gap_s * 3)  # the good read is a decode of its own, after the misread
        data = text.encode("utf-8")
        if self._fault == "no_terminator":
            terminator = ""
        elif self._fault == "stray_cr":
            data = data[:len(data) * 4 // 5] + b"\r" + data[len(data) * 4 // 5:]
        if not self.link.write(data + terminator.encode()):
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
