"""代办 by taps: a parent reads their own ID card (staff verify the face), says they apply for their
child, enters the child's name and ID number; the case then carries the relationship and the
staff-check mark, the child as applicant, the parent as the identified person. An own-records
query says it is in person only. Demo card reader, the shipped catalog."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from devices.card_reader.simulator import SimulatedCardReader
from devices.spec import DeviceKind
from kiosk.core import KioskCore
from tests.ui.helpers import find, open_item, simulated, tap, type_into
from ui.shell import Shell

CHILD = "110105201501010025"


def identify_resident(qtbot: QtBot, shell: Shell, core: KioskCore) -> None:
    simulated(core, DeviceKind.CARD_READER, SimulatedCardReader).present_card("resident")
    qtbot.waitUntil(lambda: find(shell, "identify_staff").isVisible() and find(shell, "identify_face").isVisible(),
                    timeout=5000)
    tap(qtbot, shell, "identify_staff")
    tap(qtbot, shell, "identify_continue")


def test_parent_applies_for_a_child(qtbot: QtBot, shell: Shell, core: KioskCore) -> None:
    open_item(qtbot, shell, "household", "HZ-0102", "guide_start")
    identify_resident(qtbot, shell, core)
    assert shell.current.name == "on_behalf"
    assert "窗口民警核验" in find(shell, "on_behalf_body").text()  # told before entering anything
    tap(qtbot, shell, "on_behalf_other")
    tap(qtbot, shell, "choice_relationship_parent")
    type_into(qtbot, shell, "on_behalf_name", "测试小")
    type_into(qtbot, shell, "on_behalf_id_number", "110105201501010026")  # wrong check digit
    tap(qtbot, shell, "on_behalf_confirm")
    assert shell.current.name == "on_behalf" and find(shell, "on_behalf_error").isVisible()
    tap(qtbot, shell, "choice_relationship_parent")
    type_into(qtbot, shell, "on_behalf_name", "测试小")
    type_into(qtbot, shell, "on_behalf_id_number", CHILD)
    tap(qtbot, shell, "on_behalf_confirm")
    assert shell.current.name == "photo"  # on with the child's application
    session = shell.sessions.current
    assert session is not None and session.on_behalf["relationship"] == "parent"

    # what the submit step would store: the relationship and the staff check, readable for routing
    flow = shell.workflow
    assert flow is not None and core.store is not None
    numbers = shell.services.submitter.submit(session, flow.items)  # type: ignore[union-attr]
    pending = core.store.outbox.next_batch()
    payload = next(r.body for r in pending if r.body["case_number"] == numbers[0])["payload"]
    assert payload["acting_for"] == "parent" and payload["staff_check"] is True
    assert payload["on_behalf"]["principal_id_number"] == CHILD
    assert payload["answers"]["id_number"] == CHILD
    assert payload["verification"]["id_number"] == "110105199003071239"  # the parent identified


def test_own_records_are_in_person_only(qtbot: QtBot, shell: Shell, core: KioskCore) -> None:
    open_item(qtbot, shell, "certificates", "ZM-0202", "guide_start")
    identify_resident(qtbot, shell, core)
    assert shell.current.name == "on_behalf"
    tap(qtbot, shell, "on_behalf_other")
    assert "个人信息保护法" in find(shell, "on_behalf_body").text() or \
        "Personal Information" in find(shell, "on_behalf_body").text()
    assert not find(shell, "on_behalf_confirm").isVisible()
    tap(qtbot, shell, "on_behalf_myself")
    assert shell.current.name in ("query", "result")
