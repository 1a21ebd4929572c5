"""A holder of the old foreign permanent residence card who has not brought it types its
15-character number at the identify step: it is taken (it used to be refused as a wrong ID number)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.helpers import find, tap, type_into
from ui.shell import Shell

CATALOG = Path(__file__).parent / "data" / "catalog_identify.toml"
KEYBOARD = False


def test_typed_old_permanent_residence_number_is_taken(qtbot: QtBot, shell: Shell) -> None:
    for name in ("attract_start", "area_public_order", "item_ZA-0901", "guide_start",
                 "identify_no_card"):
        tap(qtbot, shell, name)
    type_into(qtbot, shell, "identify_id_number", "USA11007506231")  # one digit short
    tap(qtbot, shell, "identify_id_submit")
    assert find(shell, "identify_id_error").isVisible()
    type_into(qtbot, shell, "identify_id_number", "USA110075062312")
    tap(qtbot, shell, "identify_id_submit")
    assert not find(shell, "identify_id_error").isVisible()
    # no centre in this test: staff verify the holder (the number was taken, the check goes on)
    qtbot.waitUntil(lambda: find(shell, "identify_continue").isVisible(), timeout=5000)
