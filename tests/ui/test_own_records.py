"""The three query items that were "not available here" (ZM-0202, CRJ-0301, JG-0301) end to end:
the demo card reader holds the sample resident card, staff verify the face, and the real central
server (uvicorn subprocess on loopback, demo population) answers the query."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from devices.card_reader.simulator import SimulatedCardReader
from devices.spec import DeviceKind
from kiosk.config import Settings
from kiosk.core import KioskCore
from server.launcher import LocalServer, start_local_server
from tests.ui.helpers import (
    find,
    open_item,
    running_kiosk,
    simulated,
    tap,
    type_into,
    visible_texts,
)
from ui.shell import Shell


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with start_local_server(tmp_path_factory.mktemp("server"), "demo-kiosk-01") as local:
        yield local


@pytest.fixture()
def linked(qtbot: QtBot, settings: Settings, server: LocalServer) -> Iterator[tuple[Shell, KioskCore]]:
    with running_kiosk(qtbot, settings) as (shell, core):
        core.server.link(server.url, server.kiosk_id, server.secret)
        yield shell, core


def identify_resident(qtbot: QtBot, shell: Shell, core: KioskCore) -> None:
    assert shell.current.name == "identify"
    simulated(core, DeviceKind.CARD_READER, SimulatedCardReader).present_card("resident")
    qtbot.waitUntil(lambda: find(shell, "identify_staff").isVisible() and find(shell, "identify_face").isVisible(),
                    timeout=5000)
    tap(qtbot, shell, "identify_staff")
    tap(qtbot, shell, "identify_continue")


def for_myself(qtbot: QtBot, shell: Shell) -> None:
    assert shell.current.name == "on_behalf"  # own records: the agent question, then in person only
    tap(qtbot, shell, "on_behalf_myself")


def result_text(qtbot: QtBot, shell: Shell) -> str:
    qtbot.waitUntil(lambda: shell.current.name == "result", timeout=10_000)
    return "\n".join(visible_texts(shell.current))


def test_the_three_items_are_offered(linked: tuple[Shell, KioskCore]) -> None:
    shell, core = linked
    for code in ("ZM-0202", "CRJ-0301", "JG-0301"):
        assert shell.unavailable_reason(core.catalog.item(code)) == "", code


def test_exit_entry_records_of_the_card_holder(qtbot: QtBot, linked: tuple[Shell, KioskCore]) -> None:
    shell, core = linked
    open_item(qtbot, shell, "exit_entry", "CRJ-0301", "guide_start")
    identify_resident(qtbot, shell, core)
    for_myself(qtbot, shell)
    text = result_text(qtbot, shell)
    assert "深圳湾口岸" in text and "北京首都国际机场" in text
    assert "出境" in text and "入境" in text


def test_household_record_of_the_card_holder(qtbot: QtBot, linked: tuple[Shell, KioskCore]) -> None:
    shell, core = linked
    open_item(qtbot, shell, "certificates", "ZM-0202", "guide_start")
    identify_resident(qtbot, shell, core)
    for_myself(qtbot, shell)
    text = result_text(qtbot, shell)
    assert "姓名：测试甲" in text and "出生日期：1990-03-07" in text


def test_inspection_mark_answer_before_review(qtbot: QtBot, linked: tuple[Shell, KioskCore]) -> None:
    shell, core = linked
    open_item(qtbot, shell, "traffic", "JG-0301", "guide_start")
    identify_resident(qtbot, shell, core)
    assert shell.current.name == "form"
    type_into(qtbot, shell, "field_plate_number_number", "N8M8M8")
    tap(qtbot, shell, "choice_exempt_plate_type_small")
    type_into(qtbot, shell, "field_phone", "13912345678")
    tap(qtbot, shell, "form_next")
    text = result_text(qtbot, shell)
    assert "京N8M8M8：符合免检条件" in text
    tap(qtbot, shell, "result_next")
    assert shell.current.name == "review"
