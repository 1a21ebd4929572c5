"""`kiosk devices …`: device health and self-tests from a terminal, for technicians.

    kiosk devices list           configured devices (name, kind, driver, port)
    kiosk devices status         open every device once and print its status
    kiosk devices test NAME      run one device's self-test (simulators are steered with samples)

Exit codes: 0 all fine, 1 a device is not usable / its self-test failed, 2 usage error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from devices.manager import DeviceManager
from devices.spec import DeviceSpec


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk devices", description="device health and self-tests")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("list", help="configured devices")
    sub.add_parser("status", help="open every device and print its status")
    test = sub.add_parser("test", help="self-test one device")
    test.add_argument("name")
    return parser


def _list(specs: Sequence[DeviceSpec], out: TextIO) -> int:
    out.write(f"{'NAME':<18} {'KIND':<17} {'DRIVER':<14} PORT\n")
    for spec in specs:
        out.write(f"{spec.name:<18} {spec.kind.value:<17} {spec.driver:<14} {spec.port or '-'}\n")
    return 0


def _status(specs: Sequence[DeviceSpec], out: TextIO) -> int:
    manager = DeviceManager(specs)
    try:
        manager.open_all(start_health_thread=False)
        statuses = manager.statuses()
    finally:
        manager.close_all()
    out.write(f"{'NAME':<18} {'KIND':<17} {'USABLE':<7} STATUS\n")
    for spec in specs:
        status = statuses[spec.name]
        out.write(f"{spec.name:<18} {spec.kind.value:<17} {'yes' if status.usable else 'NO':<7} {status.summary()}\n")
    return 0 if all(s.usable for s in statuses.values()) else 1


def _steer_simulator(device: object, out: TextIO) -> None:
    """Demo mode: put something in front of a simulated device so its self-test shows a result."""
    if hasattr(device, "present_card") and hasattr(device, "sample_keys"):
        key = device.sample_keys()[0]
        out.write(f"simulator: presenting sample card {key!r}\n")
        device.present_card(key)
    if hasattr(device, "place_finger"):
        out.write("simulator: placing a finger on the window\n")
        device.place_finger("right_index")
    if hasattr(device, "scan"):
        out.write("simulator: scanning a sample receipt number\n")
        device.scan("R20261122-0001")


def _test(specs: Sequence[DeviceSpec], name: str, out: TextIO) -> int:
    chosen = [s for s in specs if s.name == name]
    if not chosen:
        out.write(f"no device named {name!r}; configured: {', '.join(s.name for s in specs) or 'none'}\n")
        return 2
    manager = DeviceManager(chosen)
    try:
        manager.open_all(start_health_thread=False)
        device = manager.get(name)
        out.write(f"testing {device.describe()}\n")
        if chosen[0].driver == "simulator":
            _steer_simulator(device, out)
        result = device.self_test()
    finally:
        manager.close_all()
    for line in result.lines:
        out.write(f"  {line}\n")
    out.write("PASS\n" if result.ok else "FAIL\n")
    return 0 if result.ok else 1


def command(argv: list[str], specs: Sequence[DeviceSpec], out: TextIO = sys.stdout) -> int:
    """argv excludes the leading "devices"."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0) if exc.code in (0, None) else 2
    if args.action == "list":
        return _list(specs, out)
    if args.action == "status":
        return _status(specs, out)
    return _test(specs, args.name, out)


if __name__ == "__main__":
    from devices.spec import demo_specs

    sys.exit(command(sys.argv[1:], demo_specs()))
