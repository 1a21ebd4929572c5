"""Plate, address and ID number fields as a citizen fills them by touch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.catalog import load_catalog
from kiosk.config import Settings
from kiosk.core import KioskCore
from tests.ui.helpers import find, tap, type_into
from ui.app import build_shell
from ui.shell import Shell

CATALOG = Path(__file__).parent / "data" / "catalog_fields.toml"
VALID_ID = "11010519491231002X"


@pytest.fixture()
def shell(qtbot: QtBot, settings: Settings) -> Iterator[Shell]:
    core = KioskCore(settings, catalog=load_catalog(CATALOG), start_devices=False)
    shell = build_shell(core, keyboard=False)
    qtbot.addWidget(shell)
    shell.show()
    yield shell
    core.close()


def open_form(qtbot: QtBot, shell: Shell) -> None:
    for name in ("attract_start", "area_public_order", "item_ZA-0102", "guide_start", "consent_agree"):
        tap(qtbot, shell, name)
    assert shell.current.name == "form"


def test_incomplete_answers_get_errors_next_to_the_fields(qtbot: QtBot, shell: Shell) -> None:
    open_form(qtbot, shell)
    type_into(qtbot, shell, "field_plate_number", "I0000")  # I is never used on plates
    type_into(qtbot, shell, "field_id_number", "110105194912310021")  # wrong check digit
    tap(qtbot, shell, "form_next")
    assert shell.current.name == "form"
    assert "京A12345" in find(shell, "error_plate").text()  # the error shows the expected form
    assert find(shell, "error_home_address").isVisible()
    assert find(shell, "error_id_number").isVisible()


def test_plate_address_and_id_by_touch_then_a_timeout_wipes_them(qtbot: QtBot, shell: Shell) -> None:
    open_form(qtbot, shell)
    tap(qtbot, shell, "field_plate_province")
    tap(qtbot, shell, "field_plate_provinces_粤")
    assert find(shell, "field_plate_province").text() == "粤"
    type_into(qtbot, shell, "field_plate_number", "b12345")
    tap(qtbot, shell, "field_home_address_pick_北京市")  # a municipality: no city step
    tap(qtbot, shell, "field_home_address_pick_东城区")
    assert "北京市 › 东城区" in find(shell, "field_home_address_path").text()
    type_into(qtbot, shell, "field_home_address_detail", "No.1")
    type_into(qtbot, shell, "field_id_number", VALID_ID.lower())
    tap(qtbot, shell, "form_next")
    session = shell.sessions.current
    assert session is not None
    assert session.answers["plate"] == "粤B12345"
    assert session.answers["home_address"] == "北京市东城区No.1"
    assert session.answers["id_number"] == VALID_ID

    shell.timeout()
    assert session.answers == {}
    assert all(not w.text() for w in shell.findChildren(QLineEdit))
