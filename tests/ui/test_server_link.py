"""The kiosk with its central server (a real uvicorn subprocess on loopback): a finished case
reaches the server by itself, and "call staff" shows up on the operator's list."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from devices.scanner.simulator import SimulatedScanner
from devices.spec import DeviceKind
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.receipts import CASE_QR_PREFIX
from server.launcher import LocalServer, start_local_server
from tests.ui.helpers import find, running_kiosk, simulated, tap, type_into
from tests.ui.test_citizen_flow import walk_to_contact_form
from ui.shell import Shell


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with start_local_server(tmp_path_factory.mktemp("server"), "demo-kiosk-01") as local:
        yield local


@pytest.fixture()
def linked(qtbot: QtBot, settings: Settings, server: LocalServer) -> Iterator[tuple[Shell, KioskCore]]:
    with running_kiosk(qtbot, settings, devices=False) as (shell, core):
        core.server.link(server.url, server.kiosk_id, server.secret)
        yield shell, core


def operator_get(server: LocalServer, path: str) -> dict:  # type: ignore[type-arg]
    response = requests.get(server.url + path, headers={"Authorization": f"Bearer {server.operator_token}"},
                            timeout=10)
    response.raise_for_status()
    return response.json()  # type: ignore[no-any-return]


def test_call_staff_reaches_the_operator(qtbot: QtBot, linked: tuple[Shell, KioskCore], server: LocalServer) -> None:
    shell, _core = linked
    before = len(operator_get(server, "/api/v1/help-calls?open=1")["calls"])
    tap(qtbot, shell, "attract_start")
    tap(qtbot, shell, "frame_staff")
    qtbot.waitUntil(lambda: "called" in find(shell, "frame_staff_status").text()
                    or "已呼叫" in find(shell, "frame_staff_status").text(), timeout=5000)
    calls = operator_get(server, "/api/v1/help-calls?open=1")["calls"]
    assert len(calls) == before + 1
    assert calls[0]["screen"] == "home" or any(c["screen"] == "home" for c in calls)


def test_staff_acknowledging_the_call_tells_the_citizen_they_are_coming(
    qtbot: QtBot, linked: tuple[Shell, KioskCore], server: LocalServer
) -> None:
    """Issue #17 item 7: after "call staff" the citizen used to hear nothing more. Staff press
    认领 in the console; within a few seconds the kiosk says they are on their way."""
    shell, core = linked
    tap(qtbot, shell, "attract_start")
    tap(qtbot, shell, "frame_staff")
    qtbot.waitUntil(lambda: core.help_watch is not None, timeout=5000)
    assert core.help_watch is not None
    call_id = core.help_watch.call_id
    status = find(shell, "frame_staff_status")
    assert "赶来" not in status.text() and "on their way" not in status.text()
    response = requests.post(f"{server.url}/api/v1/help-calls/{call_id}/acknowledge",
                             headers={"Authorization": f"Bearer {server.operator_token}"}, timeout=10)
    assert response.status_code == 200
    qtbot.waitUntil(lambda: "工作人员已收到，正在赶来" in status.text() or "on their way" in status.text(),
                    timeout=6000)


def test_the_staff_console_shows_the_kiosk_in_its_hall(
    qtbot: QtBot, linked: tuple[Shell, KioskCore], server: LocalServer
) -> None:
    """The heartbeat carries the kiosk's configured location: the console groups the fleet by it."""
    _shell, core = linked
    console = requests.Session()
    assert console.post(f"{server.url}/login", data={"token": server.operator_token}, timeout=10).ok
    hall = core.settings.location["zh"]
    qtbot.waitUntil(lambda: f"<h3>{hall}</h3>" in console.get(f"{server.url}/", timeout=10).text, timeout=10_000)


def test_a_finished_case_is_delivered_and_purged_locally(qtbot: QtBot, linked: tuple[Shell, KioskCore]) -> None:
    shell, core = linked
    walk_to_contact_form(qtbot, shell)
    type_into(qtbot, shell, "field_name", "Wang")
    type_into(qtbot, shell, "field_phone", "13912345678")
    tap(qtbot, shell, "form_next")
    tap(qtbot, shell, "review_confirm")
    qtbot.waitUntil(lambda: shell.current.name == "done", timeout=3000)
    assert core.store is not None
    qtbot.waitUntil(lambda: core.store is not None and core.store.outbox.depth() == 0, timeout=10_000)


def test_without_a_server_the_citizen_is_told_to_wave(qtbot: QtBot, settings: Settings) -> None:
    with running_kiosk(qtbot, settings, devices=False) as (shell, core):
        core.server.link("http://127.0.0.1:9", "demo-kiosk-01", "00" * 32)  # nothing listens on port 9
        tap(qtbot, shell, "attract_start")
        tap(qtbot, shell, "frame_staff")
        qtbot.waitUntil(lambda: "wave" in find(shell, "frame_staff_status").text()
                        or "招手" in find(shell, "frame_staff_status").text(), timeout=10_000)


def page_to(qtbot: QtBot, shell: Shell, area: str, code: str) -> None:
    tap(qtbot, shell, "attract_start")
    tap(qtbot, shell, f"area_{area}")
    for _ in range(10):
        widget = shell.findChild(QWidget, f"item_{code}")
        if widget is not None and widget.isVisible():
            break
        tap(qtbot, shell, "area_next")
    tap(qtbot, shell, f"item_{code}")
    assert shell.unavailable_reason(shell.catalog.item(code)) == ""
    tap(qtbot, shell, "guide_start")


def test_lost_and_found_search_shows_what_was_handed_in(qtbot: QtBot, linked: tuple[Shell, KioskCore]) -> None:
    shell, _core = linked
    page_to(qtbot, shell, "public_order", "ZA-0102")
    tap(qtbot, shell, "choice_item_category_wallet")
    type_into(qtbot, shell, "field_lost_date", (date.today() - timedelta(days=10)).isoformat())
    tap(qtbot, shell, "form_next")
    qtbot.waitUntil(lambda: shell.current.name == "result", timeout=5000)
    assert "钱包" in find(shell, "result_entry_0").text()
    tap(qtbot, shell, "result_next")
    assert shell.current.name in ("done", "rate")


def test_case_progress_needs_the_right_id_digits(qtbot: QtBot, linked: tuple[Shell, KioskCore]) -> None:
    shell, _core = linked
    page_to(qtbot, shell, "certificates", "ZM-0201")
    type_into(qtbot, shell, "field_case_number", "K01-20261115-0003")
    type_into(qtbot, shell, "field_id_last4", "0000")
    tap(qtbot, shell, "form_next")
    qtbot.waitUntil(lambda: shell.current.name == "result", timeout=5000)
    assert "没有找到" in find(shell, "result_empty").text()  # same answer for unknown and mismatched

    tap(qtbot, shell, "frame_back")  # result → query → back to the form
    while shell.current.name != "form":
        tap(qtbot, shell, "frame_back")
    type_into(qtbot, shell, "field_id_last4", "1239")
    tap(qtbot, shell, "form_next")
    qtbot.waitUntil(lambda: shell.current.name == "result"
                    and shell.findChild(QWidget, "result_entry_0") is not None, timeout=5000)
    assert "审核中" in find(shell, "result_entry_0").text()


def test_book_a_fingerprint_appointment(qtbot: QtBot, linked: tuple[Shell, KioskCore]) -> None:
    shell, _core = linked
    page_to(qtbot, shell, "appointments", "YY-0101")
    type_into(qtbot, shell, "field_name", "Zhao")
    type_into(qtbot, shell, "field_id_number", "11010519491231002X")
    type_into(qtbot, shell, "field_phone", "13912345678")
    tap(qtbot, shell, "form_next")
    tap(qtbot, shell, "review_confirm")
    assert shell.current.name == "book"
    qtbot.waitUntil(lambda: any(b.isEnabled() and b.objectName().startswith("book_slot_")
                                for b in shell.findChildren(QPushButton)), timeout=5000)
    slot = next(b for b in shell.findChildren(QPushButton) if b.objectName().startswith("book_slot_") and b.isEnabled())
    qtbot.mouseClick(slot, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: find(shell, "book_confirm").isVisible(), timeout=5000)
    tap(qtbot, shell, "book_confirm")
    qtbot.waitUntil(lambda: shell.current.name == "done", timeout=5000)
    # the booking number, large, under its caption (the design's done screen)
    assert find(shell, "done_number_caption").text() in ("预约号", "Booking number")
    assert re.fullmatch(r"[A-Z0-9-]{6,}", find(shell, "done_number").text()), find(shell, "done_number").text()


def test_a_time_someone_else_took_is_said_and_the_free_times_shown_again(
        qtbot: QtBot, linked: tuple[Shell, KioskCore], server: LocalServer) -> None:
    """Another kiosk takes the last places of a half hour while this citizen looks at it: tapping
    it says so (the sentence stays while the refreshed times are shown) and books nothing."""
    from kiosk.sync.client import ServerClient

    shell, _core = linked
    page_to(qtbot, shell, "appointments", "YY-0101")
    type_into(qtbot, shell, "field_name", "Zhao")
    type_into(qtbot, shell, "field_id_number", "11010519491231002X")
    type_into(qtbot, shell, "field_phone", "13912345678")
    tap(qtbot, shell, "form_next")
    tap(qtbot, shell, "review_confirm")
    qtbot.waitUntil(lambda: any(b.isEnabled() and b.objectName().startswith("book_slot_")
                                for b in shell.findChildren(QPushButton)), timeout=5000)
    slot = next(b for b in shell.findChildren(QPushButton) if b.objectName().startswith("book_slot_") and b.isEnabled())
    name = slot.objectName()
    day = next(b.objectName()[len("book_day_"):] for b in shell.findChildren(QPushButton)
               if b.objectName().startswith("book_day_") and b.property("role") != "secondary")
    other = ServerClient(server.url, server.kiosk_id, server.secret)
    hhmm = name[len("book_slot_"):]
    [target] = [s for s in other.slots("fingerprint", day)
                if f"{(int(s['start'][11:13]) + 8) % 24:02d}{s['start'][14:16]}" == hhmm]
    for _ in range(int(target["free"])):
        other.hold(str(target["id"]))
    qtbot.mouseClick(slot, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (b := shell.findChild(QPushButton, name)) is not None and not b.isEnabled(), timeout=5000)
    status = find(shell, "book_status").text()
    assert "just taken this time" in status or "该时间刚刚被预约" in status, status
    assert shell.workflow is not None and shell.workflow.session.bookings == []


def test_scanning_the_receipt_qr_fills_the_case_number(qtbot: QtBot, settings: Settings, server: LocalServer) -> None:
    # With the demo devices: the code scanner simulator on its pseudo-terminal.
    with running_kiosk(qtbot, settings) as (shell, core):
        core.server.link(server.url, server.kiosk_id, server.secret)
        page_to(qtbot, shell, "certificates", "ZM-0201")
        scanner = simulated(core, DeviceKind.SCANNER, SimulatedScanner)
        scanner.scan(CASE_QR_PREFIX + "K01-20261115-0003")
        qtbot.waitUntil(lambda: find(shell, "field_case_number").text() == "K01-20261115-0003", timeout=3000)
        type_into(qtbot, shell, "field_id_last4", "1239")
        tap(qtbot, shell, "form_next")
        qtbot.waitUntil(lambda: shell.findChild(QWidget, "result_entry_0") is not None
                        and shell.current.name == "result", timeout=5000)
        assert "K01-20261115-0003" in find(shell, "result_entry_0").text()
