"""The acceptance receipt: printed after the case is committed, with the case number, the masked
ID number and a QR code for the progress query; when the paper runs out, the case is safe, the
essentials are shown on screen and a reprint is offered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.printer.simulator import SimulatedPrinter
from devices.spec import DeviceKind
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.receipts import CASE_QR_PREFIX
from tests.ui.helpers import find, running_kiosk, simulated, tap, type_into
from tests.ui.test_citizen_flow import walk_to_contact_form
from ui.shell import Shell

CATALOG = Path(__file__).parent / "data" / "catalog_receipt.toml"
OUT = Path(__file__).resolve().parents[2] / "out" / "receipts"


@pytest.fixture()
def kiosk(qtbot: QtBot, settings: Settings) -> Iterator[tuple[Shell, KioskCore]]:
    with running_kiosk(qtbot, settings, CATALOG) as running:
        yield running


def submit_case(qtbot: QtBot, shell: Shell) -> None:
    walk_to_contact_form(qtbot, shell)
    finish_case(qtbot, shell)


def finish_case(qtbot: QtBot, shell: Shell) -> None:
    type_into(qtbot, shell, "field_name", "Zhang San")
    type_into(qtbot, shell, "field_phone", "13912345678")
    tap(qtbot, shell, "form_next")
    shell.workflow.session.answers["id_number"] = "11010519491231002X"  # as read from an ID card
    tap(qtbot, shell, "review_confirm")
    qtbot.waitUntil(lambda: shell.current.name == "receipt", timeout=3000)


def test_receipt_carries_case_number_masked_id_and_progress_qr(qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    shell, core = kiosk
    printer = simulated(core, DeviceKind.PRINTER, SimulatedPrinter)
    submit_case(qtbot, shell)
    qtbot.waitUntil(lambda: find(shell, "receipt_next").isVisible(), timeout=5000)
    assert "请取走" in find(shell, "receipt_title").text() or "take your receipt" in find(shell, "receipt_title").text()
    number = shell.workflow.session.case_numbers[0]
    text = printer.hardware.last_receipt_text()
    assert "受理回执" in text and number in text
    assert "110105********002X" in text and "11010519491231002X" not in text
    assert f"[QR:{CASE_QR_PREFIX}{number}]" in text
    assert number in shell.voice.last  # the receipt summary is spoken, for those who cannot read it
    OUT.mkdir(parents=True, exist_ok=True)
    png = printer.hardware.render_last(OUT / "acceptance_receipt.png")
    assert png.stat().st_size > 5000


def test_paper_out_keeps_the_case_and_offers_a_reprint(qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    shell, core = kiosk
    printer = simulated(core, DeviceKind.PRINTER, SimulatedPrinter)
    walk_to_contact_form(qtbot, shell)
    # The roll runs out while the citizen fills in the form (set before they start, the next
    # health poll would pause the services that print, and the citizen would never get here).
    printer.set_fault("paper_empty")
    finish_case(qtbot, shell)
    qtbot.waitUntil(lambda: find(shell, "receipt_reprint").isVisible(), timeout=5000)
    number = shell.workflow.session.case_numbers[0]
    assert core.store is not None and core.store.outbox.depth() == 1  # the case is safe
    assert number in find(shell, "receipt_body").text()
    assert not find(shell, "receipt_qr").pixmap().isNull()  # the progress QR on screen instead

    printer.clear_fault()
    tap(qtbot, shell, "receipt_reprint")
    qtbot.waitUntil(lambda: not find(shell, "receipt_reprint").isVisible()
                    and find(shell, "receipt_next").isVisible(), timeout=5000)
    assert number in printer.hardware.last_receipt_text()


def test_paper_running_out_half_way_through_the_receipt_keeps_the_case_and_reprints_it_whole(
        qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    shell, core = kiosk
    printer = simulated(core, DeviceKind.PRINTER, SimulatedPrinter)
    printer.load_paper(lines=8)  # the roll ends a few lines into the receipt
    submit_case(qtbot, shell)
    qtbot.waitUntil(lambda: find(shell, "receipt_reprint").isVisible(), timeout=5000)
    number = shell.workflow.session.case_numbers[0]
    assert core.store is not None and core.store.outbox.depth() == 1  # the case is safe
    assert printer.hardware.last_receipt_text() == ""  # no whole receipt came out...
    torn = printer.hardware.uncut_text()
    assert "受理回执" in torn and "[QR:" not in torn  # ...only its top, without the progress QR
    assert number in find(shell, "receipt_body").text()
    assert not find(shell, "receipt_qr").pixmap().isNull()

    printer.load_paper()  # staff put a new roll in
    tap(qtbot, shell, "receipt_reprint")
    qtbot.waitUntil(lambda: find(shell, "receipt_next").isVisible(), timeout=5000)
    whole = printer.hardware.last_receipt_text()
    assert number in whole and f"[QR:{CASE_QR_PREFIX}{number}]" in whole
