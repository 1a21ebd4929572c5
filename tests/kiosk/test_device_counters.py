"""What the technician's device overview counts since start: prints and errors of the printer,
sales of the terminal — from the real drivers talking to the simulators."""

from __future__ import annotations

from kiosk.catalog import default_catalog_dir, load_catalog
from kiosk.diagnostics.devices import device_rows
from kiosk.hardware import Hardware
from devices.spec import DeviceKind, demo_specs


def test_overview_counts_prints_payments_and_new_errors() -> None:
    specs = [s for s in demo_specs() if s.kind in (DeviceKind.PRINTER, DeviceKind.PAYMENT_TERMINAL)]
    hardware = Hardware(specs)
    hardware.start()
    try:
        assert hardware.print(lambda r: r.text("测试").cut())
        assert hardware.print(lambda r: r.text("测试").cut())
        printer = hardware.printer()
        assert printer is not None
        printer.set_fault("paper_empty")  # type: ignore[attr-defined]
        assert not hardware.print(lambda r: r.text("测试").cut())
        for _ in range(3):
            printer.check_health()  # polls of the same fault are one error, not three
        terminal = hardware.manager.first(DeviceKind.PAYMENT_TERMINAL) if hardware.manager else None
        assert terminal is not None
        terminal.sale(100)  # type: ignore[attr-defined]
        rows = {r.kind: r for r in device_rows(hardware, load_catalog(default_catalog_dir()))}
    finally:
        hardware.stop()
    assert rows["printer"].counters["prints"] == 2
    assert rows["printer"].counters["errors"] == 1
    assert rows["payment_terminal"].counters["payments"] == 1
