"""The device manager over the demo simulators: faults seen within 3 s, recovery, reconnects."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from devices.base import Device
from devices.card_reader.simulator import SimulatedCardReader
from devices.manager import DeviceManager, backoff_delay
from devices.printer.simulator import SimulatedPrinter
from devices.spec import DeviceKind, DeviceSpec, demo_specs
from devices.status import Availability, DeviceStatus

import random


def wait_for(predicate: Callable[[], bool], timeout: float) -> float | None:
    """Seconds it took, or None on timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.05)
    return None


@pytest.fixture
def manager() -> Iterator[DeviceManager]:
    mgr = DeviceManager(demo_specs(), poll_s=0.5, backoff_base_s=0.3, backoff_cap_s=1.0)
    mgr.open_all()
    yield mgr
    mgr.close_all()


def test_demo_devices_all_usable(manager: DeviceManager) -> None:
    # the demo has one simulator of each kind except the binocular RGB+IR camera (a plain camera)
    demo_kinds = set(DeviceKind) - {DeviceKind.RGB_IR_CAMERA}
    assert wait_for(lambda: manager.usable_kinds() == demo_kinds, 5.0) is not None, manager.statuses()
    assert set(manager.statuses()) == {"card_reader", "camera", "printer", "payment_terminal", "scanner",
                                         "document_printer", "card_dispenser", "fingerprint"}
    assert isinstance(manager.first(DeviceKind.PRINTER), SimulatedPrinter)
    assert manager.get("card_reader").kind is DeviceKind.CARD_READER


def test_printer_fault_seen_and_recovered_within_3s(manager: DeviceManager, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="devices.manager")
    events: list[tuple[str, DeviceStatus]] = []
    lock = threading.Lock()

    def listen(name: str, status: DeviceStatus) -> None:
        with lock:
            events.append((name, status))

    manager.add_listener(listen)
    assert wait_for(lambda: DeviceKind.PRINTER in manager.usable_kinds(), 5.0) is not None
    printer = manager.first(DeviceKind.PRINTER)
    assert isinstance(printer, SimulatedPrinter)
    printer.set_fault("paper_empty")
    assert wait_for(lambda: any(n == "printer" and s.last_error and s.last_error.code == "paper_empty"
                                for n, s in list(events)), 3.0) is not None
    assert DeviceKind.PRINTER not in manager.usable_kinds()
    assert DeviceKind.CARD_READER in manager.usable_kinds()  # only the printer is affected
    time.sleep(1.2)  # several polls while still broken
    printer.clear_fault()
    assert wait_for(lambda: DeviceKind.PRINTER in manager.usable_kinds(), 3.0) is not None
    assert wait_for(lambda: events[-1][0] == "printer" and events[-1][1].usable if events else False, 3.0) is not None
    down = [r for r in caplog.records if "printer unavailable" in r.getMessage()]
    up = [r for r in caplog.records if "printer recovered" in r.getMessage()]
    assert len(down) == 1 and len(up) == 1  # logged once each, not on every poll


def test_card_reader_unplugged_and_picked_up_again(manager: DeviceManager) -> None:
    reader = manager.first(DeviceKind.CARD_READER)
    assert isinstance(reader, SimulatedCardReader)
    assert wait_for(lambda: DeviceKind.CARD_READER in manager.usable_kinds(), 5.0) is not None
    reader.unplug()
    assert wait_for(lambda: manager.statuses()["card_reader"].availability in (Availability.OFFLINE, Availability.NO_DEVICE), 3.0) is not None
    time.sleep(1.5)  # a few failed reconnects with backoff
    reader.replug()
    assert wait_for(lambda: DeviceKind.CARD_READER in manager.usable_kinds(), 3.0) is not None
    reader.present_card("resident")
    record = reader.read_card()
    assert record is not None and record.name == "测试甲"


def test_camera_disconnect_and_back(manager: DeviceManager) -> None:
    camera = manager.first(DeviceKind.CAMERA)
    assert camera is not None
    camera.set_fault("disconnect")  # type: ignore[attr-defined]
    assert wait_for(lambda: DeviceKind.CAMERA not in manager.usable_kinds(), 3.0) is not None
    camera.clear_fault()  # type: ignore[attr-defined]
    assert wait_for(lambda: DeviceKind.CAMERA in manager.usable_kinds(), 3.0) is not None


def test_unknown_driver_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no driver 'zebra' for printer"):
        DeviceManager([DeviceSpec("p", DeviceKind.PRINTER, "zebra")])
    with pytest.raises(ValueError, match="unique"):
        DeviceManager([DeviceSpec("p", DeviceKind.SCANNER, "simulator"), DeviceSpec("p", DeviceKind.SCANNER, "simulator")])


def test_missing_real_device_is_reported_not_raised() -> None:
    mgr = DeviceManager([DeviceSpec("idcard", DeviceKind.CARD_READER, "sam_serial", port="/dev/does-not-exist")])
    mgr.open_all(start_health_thread=False)
    status = mgr.statuses()["idcard"]
    assert status.availability is Availability.NO_DEVICE and status.last_error is not None
    assert mgr.usable_kinds() == set()
    mgr.close_all()


def test_driver_bug_does_not_take_the_kiosk_down() -> None:
    class Broken(Device):
        kind = DeviceKind.SCANNER

        def open(self) -> None:
            raise RuntimeError("vendor bug")

        def close(self) -> None:
            pass

        def check_health(self) -> DeviceStatus:
            raise AssertionError("not reached")

    mgr = DeviceManager([], devices=[Broken(DeviceSpec("s", DeviceKind.SCANNER, "x"))])
    mgr.open_all(start_health_thread=False)
    status = mgr.statuses()["s"]
    assert status.availability is Availability.HARDWARE_ERROR
    assert status.last_error is not None and status.last_error.code == "driver_error"


def test_backoff_is_capped_and_jittered() -> None:
    rng = random.Random(3)
    delays = [backoff_delay(n, 0.5, 8.0, rng) for n in range(1, 12)]
    assert all(d <= 8.0 * 1.25 for d in delays)
    assert delays[0] < 1.0 and delays[-1] > 5.0
    assert len(set(round(d, 6) for d in delays[-4:])) == 4  # jitter: not in lock-step
