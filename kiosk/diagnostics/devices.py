"""What the technician sees per device (overview rows) and how a self-test is run for the
diagnostics screen: the device layer's own ``self_test()``, plus, for the card reader, the card's
fields shown masked so the technician can check a read without seeing who the citizen is."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from typing import Any

from devices.base import Device, SelfTestResult
from devices.card_reader.idnumber import mask_id_number
from devices.spec import DeviceKind, DeviceSpec
from devices.status import DeviceStatus
from kiosk.catalog import Catalog
from kiosk.hardware import Hardware

log = logging.getLogger("kiosk.diagnostics.devices")


@dataclass(frozen=True)
class DeviceRow:
    name: str
    kind: str
    driver: str
    port: str
    availability: str
    media: str
    usable: bool
    error_code: str
    error_reason: str
    info: dict[str, str]
    needed_by: list[str]  # catalog item codes that need this kind of device
    paused: list[str]  # of those, the ones paused now because no device of this kind works
    counters: dict[str, int] = field(default_factory=dict)  # reads, prints, payments, scans, errors since start


def device_rows(hardware: Hardware, catalog: Catalog) -> list[DeviceRow]:
    statuses = hardware.statuses()
    unusable = {k.value for k in hardware.unusable_kinds()}
    rows = []
    for spec in hardware.specs:
        status = statuses.get(spec.name)
        needed = [item.code for item in catalog.items() if spec.kind.value in {d.value for d in item.requires_devices}]
        paused = needed if spec.kind.value in unusable else []
        row = _row(spec, status, needed, paused)
        if hardware.manager is not None:
            row.counters.update(hardware.manager.get(spec.name).counters)
        rows.append(row)
    return rows


def _row(spec: DeviceSpec, status: DeviceStatus | None, needed: list[str], paused: list[str]) -> DeviceRow:
    if status is None:  # devices are still starting (a second after boot)
        return DeviceRow(spec.name, spec.kind.value, spec.driver, spec.port or "-", "starting", "-", False,
                         "", "", {}, needed, paused)
    error = status.last_error
    return DeviceRow(spec.name, spec.kind.value, spec.driver, spec.port or "-", status.availability.value,
                     status.media.value, status.usable, error.code if error else "", error.reason if error else "",
                     dict(status.info), needed, paused)


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: enough to tell "a name was read", not whose."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def masked_card_lines(record: Any) -> list[str]:
    """The fields of a card read, masked. ``record`` is a devices IdentityRecord."""
    address = getattr(record, "address", "") or ""
    valid_until = getattr(record, "valid_until", None)
    return [
        f"card type: {record.card_type.value}",
        f"name: {mask_name(record.name)}",
        f"ID number: {mask_id_number(record.id_number)}",
        f"address: {'present, ' + str(len(address)) + ' characters (hidden)' if address else 'empty'}",
        f"valid until: {valid_until.isoformat() if valid_until else 'long-term'}",
    ]


@dataclass
class TestRun:
    name: str
    ok: bool
    lines: list[str] = field(default_factory=list)


def run_self_test(device: Device, steer_simulator: bool = False) -> TestRun:
    """Blocking (a card read, a test print, a second of camera frames, up to 10 s waiting for a
    scan): the UI runs it through ui/background.py. Never raises: a driver bug is a FAIL."""
    lines: list[str] = []
    if steer_simulator and device.spec.driver == "simulator":
        from kiosk.device_cli import _steer_simulator

        out = io.StringIO()
        _steer_simulator(device, out)  # same sample card / code as `kiosk devices test`
        lines += [line for line in out.getvalue().splitlines() if line]
    captured: list[Any] = []
    if device.kind is DeviceKind.CARD_READER and hasattr(device, "read_card"):
        # self_test() reads the card and drops the record, and the SAM will not read the same card
        # again until it leaves the field: so the read inside self_test() is observed, masked and
        # dropped here, instead of reading twice.
        original = device.read_card

        def observed() -> Any:
            record = original()
            if record is not None:
                captured.append(record)
            return record

        device.read_card = observed  # type: ignore[method-assign]
    try:
        result = device.self_test()
    except Exception as exc:  # noqa: BLE001 - a broken driver is a failed test, not a crash
        log.exception("%s: self-test raised", device.name)
        result = SelfTestResult(False, [f"self-test raised {type(exc).__name__}"])
    finally:
        if "read_card" in vars(device):
            del device.read_card  # type: ignore[attr-defined]
    lines += list(result.lines)
    for record in captured:
        lines += masked_card_lines(record)
    captured.clear()
    log.info("self-test %s: %s", device.name, "PASS" if result.ok else "FAIL")
    return TestRun(device.name, result.ok, lines)
