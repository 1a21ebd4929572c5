"""A simulated device fails: the services that need it are paused on screen within 3 s, and come
back when it recovers. Real simulators, real health thread, real drivers over a pseudo-terminal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.printer.simulator import SimulatedPrinter
from devices.spec import DeviceKind
from kiosk.config import Settings
from kiosk.core import KioskCore
from tests.ui.helpers import find, running_kiosk, simulated, tap
from ui.shell import Shell

CATALOG = Path(__file__).parent / "data" / "catalog_printer.toml"


@pytest.fixture()
def kiosk(qtbot: QtBot, settings: Settings) -> Iterator[tuple[Shell, KioskCore]]:
    with running_kiosk(qtbot, settings, CATALOG) as running:
        yield running


def printer_of(core: KioskCore) -> SimulatedPrinter:
    return simulated(core, DeviceKind.PRINTER, SimulatedPrinter)


def test_paper_out_pauses_printing_services_and_recovery_brings_them_back(
        qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    shell, core = kiosk
    tap(qtbot, shell, "attract_start")
    assert not find(shell, "home_paused").isVisible()
    tap(qtbot, shell, "area_public_order")
    needs_printer = find(shell, "item_ZA-0199")
    assert "Paused" not in needs_printer.text() and "暂停" not in needs_printer.text()

    printer_of(core).set_fault("paper_empty")
    qtbot.waitUntil(lambda: "\n" in find(shell, "item_ZA-0199").text(), timeout=3000)
    assert find(shell, "item_ZA-0101").text().count("\n") == 0  # the lost-item service goes on
    tap(qtbot, shell, "frame_home")
    notice = find(shell, "home_paused")
    assert notice.isVisible() and ("printer" in notice.text() or "打印机" in notice.text())

    printer_of(core).clear_fault()
    qtbot.waitUntil(lambda: not find(shell, "home_paused").isVisible(), timeout=3000)
    tap(qtbot, shell, "area_public_order")
    assert "\n" not in find(shell, "item_ZA-0199").text()


def test_guide_prints_on_the_simulated_printer(qtbot: QtBot, kiosk: tuple[Shell, KioskCore], tmp_path: Path) -> None:
    shell, core = kiosk
    paper = printer_of(core).hardware
    tap(qtbot, shell, "attract_start")
    tap(qtbot, shell, "area_public_order")
    tap(qtbot, shell, "item_ZA-0101")
    tap(qtbot, shell, "guide_print")
    qtbot.waitUntil(lambda: len(paper.receipts()) == 1, timeout=3000)
    text = paper.last_receipt_text()
    # Printed in the citizen's language (the kiosk starts in Chinese), legal basis included.
    assert "ZA-0101" in text and "遗失物品登记" in text
    assert "民法典" in text and "所需材料" in text
    png = paper.render_last(tmp_path / "guide.png")
    assert png.stat().st_size > 1000
