"""Opening and closing a device's serial port the same way for every serial module (card reader,
card dispenser): a missing or unopenable port is the device's `no_device` failure, and closing
never raises (the port may already be gone with its USB adapter)."""

from __future__ import annotations

import serial

from devices.spec import DeviceSpec
from devices.status import DeviceError, DeviceFailure


def configured_port(spec: DeviceSpec) -> str:
    if not spec.port:
        raise DeviceFailure(DeviceError("no_device", "no serial port configured"))
    return spec.port


def open_port(path: str, baudrate: int) -> serial.Serial:
    """The port, opened for short reads (50 ms) so a reader thread stays responsive."""
    try:
        return serial.Serial(path, baudrate, timeout=0.05, write_timeout=1.0)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise DeviceFailure(DeviceError("no_device", f"cannot open {path}", str(exc))) from None


def close_quietly(port: serial.Serial | None) -> None:
    if port is not None:
        try:
            port.close()
        except (serial.SerialException, OSError):
            pass
