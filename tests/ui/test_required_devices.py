"""`required_devices`: a required device that fails after start-up takes the kiosk out of service
(the existing out-of-service screen), and it returns to service by itself when the device recovers.
Real simulators and the real health thread; the fault is scripted on the printer simulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.printer.simulator import SimulatedPrinter
from devices.spec import DeviceKind
from kiosk.config import ConfigError, DeviceSettings, Settings, parse_settings
from kiosk.core import KioskCore
from tests.ui.helpers import find, running_kiosk, simulated, tap
from ui.shell import Shell

CATALOG = Path(__file__).parent / "data" / "catalog_printer.toml"


@pytest.fixture()
def kiosk(qtbot: QtBot, settings: Settings) -> Iterator[tuple[Shell, KioskCore]]:
    required = settings.model_copy(update={"required_devices": ["card_reader", "printer"]})
    with running_kiosk(qtbot, required, CATALOG) as running:
        yield running


def printer_of(core: KioskCore) -> SimulatedPrinter:
    return simulated(core, DeviceKind.PRINTER, SimulatedPrinter)


def test_required_printer_fails_out_of_service_then_back(qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    shell, core = kiosk
    assert shell.current.name == "attract" and not shell.out_of_service

    printer_of(core).set_fault("paper_empty")
    qtbot.waitUntil(lambda: shell.current.name == "out_of_service", timeout=5000)
    assert shell.out_of_service and find(shell, "oos_title").isVisible()
    assert not find(shell, "attract_start").isVisible()  # nobody can start a session

    printer_of(core).clear_fault()
    qtbot.waitUntil(lambda: shell.current.name == "attract", timeout=5000)
    assert not shell.out_of_service
    tap(qtbot, shell, "attract_start")
    assert shell.current.name == "home"


def test_a_citizen_already_here_is_not_cut_off(qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    shell, core = kiosk
    tap(qtbot, shell, "attract_start")
    printer_of(core).set_fault("paper_empty")
    qtbot.waitUntil(lambda: shell.out_of_service, timeout=5000)
    assert shell.current.name == "home" and shell.sessions.current is not None
    tap(qtbot, shell, "area_public_order")  # still usable for the person in front of it
    shell.cancel_session()
    assert shell.current.name == "out_of_service"
    printer_of(core).clear_fault()
    qtbot.waitUntil(lambda: shell.current.name == "attract", timeout=5000)


def test_technician_out_of_service_is_not_lifted_by_a_device_recovering(
        qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    shell, core = kiosk
    printer_of(core).set_fault("paper_empty")
    qtbot.waitUntil(lambda: shell.current.name == "out_of_service", timeout=5000)
    shell.set_out_of_service(True)  # the technician's button in diagnostics
    printer_of(core).clear_fault()
    qtbot.waitUntil(lambda: "printer" not in core.unusable_devices(), timeout=5000)
    qtbot.wait(100)
    assert shell.current.name == "out_of_service" and shell.out_of_service
    shell.set_out_of_service(False)
    assert shell.current.name == "attract"


def test_without_required_devices_a_fault_only_pauses_services(
        qtbot: QtBot, settings: Settings) -> None:
    with running_kiosk(qtbot, settings, CATALOG) as (shell, core):
        printer_of(core).set_fault("paper_empty")
        qtbot.waitUntil(lambda: "printer" in core.unusable_devices(), timeout=5000)
        qtbot.wait(100)
        assert shell.current.name == "attract" and not shell.out_of_service


def test_required_device_must_be_configured() -> None:
    assert Settings().required_devices == []
    with pytest.raises(ConfigError, match="required_devices: printer not configured"):
        parse_settings({"required_devices": ["printer"],
                        "devices": {"reader": DeviceSettings(kind="card_reader").model_dump()}})
    with pytest.raises(ConfigError, match="required_devices"):
        parse_settings({"required_devices": ["toaster"]})
