"""A citizen the rules exclude is stopped after identifying, before any form or payment, and told
where to go; a yes/no question is asked and can be changed. The shipped catalog, the demo card
reader with the sample cards (assets/demo/identities.json), staff verification for the face."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from devices.card_reader.simulator import SimulatedCardReader
from devices.spec import DeviceKind
from kiosk.core import KioskCore
from tests.ui.helpers import find, open_item, simulated, tap, visible_texts
from ui.shell import Shell

KEYBOARD = False


def identify_with(qtbot: QtBot, shell: Shell, core: KioskCore, card: str) -> None:
    assert shell.current.name == "identify"
    simulated(core, DeviceKind.CARD_READER, SimulatedCardReader).present_card(card)
    qtbot.waitUntil(lambda: find(shell, "identify_staff").isVisible() and find(shell, "identify_face").isVisible(),
                    timeout=5000)
    tap(qtbot, shell, "identify_staff")
    tap(qtbot, shell, "identify_continue")


def test_foreign_card_is_stopped_before_photo_form_and_payment(qtbot: QtBot, shell: Shell, core: KioskCore) -> None:
    open_item(qtbot, shell, "household", "HZ-0101", "guide_start")
    identify_with(qtbot, shell, core, "foreigner_2023")
    assert shell.current.name == "eligibility"
    # a foreign permanent resident card: the kiosk goes on in English (the button switches back)
    assert shell.language == "en"
    texts = " ".join(visible_texts(shell.current))
    assert "exit-entry counter" in find(shell, "eligibility_where").text()  # where to go instead
    assert "resident ID card" in texts
    shell.toggle_language()
    assert "出入境管理部门窗口" in find(shell, "eligibility_where").text()
    assert not find(shell, "eligibility_yes").isVisible()
    tap(qtbot, shell, "eligibility_home")
    assert shell.current.name == "home"
    session = shell.sessions.current
    assert session is not None and not session.case_numbers and not session.payments


def test_endorsement_question_no_stops_yes_goes_on(qtbot: QtBot, shell: Shell, core: KioskCore) -> None:
    open_item(qtbot, shell, "exit_entry", "CRJ-0102", "guide_start")
    identify_with(qtbot, shell, core, "resident")
    assert shell.current.name == "eligibility"
    assert "往来港澳通行证" in find(shell, "eligibility_body").text()
    tap(qtbot, shell, "eligibility_no")
    assert "CRJ-0101" in find(shell, "eligibility_where").text()
    shell.toggle_language()
    assert "CRJ-0101" in find(shell, "eligibility_where").text()
    assert "Where to go instead" in find(shell, "eligibility_where").text()
    tap(qtbot, shell, "eligibility_change")
    tap(qtbot, shell, "eligibility_yes")
    assert shell.current.name == "form"


def test_guide_shows_the_rules_the_kiosk_checks(qtbot: QtBot, shell: Shell) -> None:
    open_item(qtbot, shell, "public_order", "ZA-0201")
    texts = visible_texts(shell.current)
    assert any("年满 18 周岁" in t and "第十六条" in t for t in texts)
