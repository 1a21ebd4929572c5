"""A citizen driven by taps through a service that needs no device, and the session rules."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.session import EndReason
from tests.ui.helpers import find, tap, type_into, visible_texts
from ui.shell import Shell

CANARY_NAME = "龘靐齉"  # rare characters no screen would show by itself
CANARY_PHONE = "13912345678"
CANARY_PLACE = "CanaryPlace-7f3a"


def walk_to_contact_form(qtbot: QtBot, shell: Shell) -> None:
    tap(qtbot, shell, "attract_start")
    assert shell.current.name == "home"
    tap(qtbot, shell, "area_public_order")
    tap(qtbot, shell, "item_ZA-0101")
    assert shell.current.name == "guide"
    tap(qtbot, shell, "guide_start")  # 同意并开始办理: the consent is the guide's own button
    assert shell.current.name == "form"
    tap(qtbot, shell, "choice_item_category_wallet")
    type_into(qtbot, shell, "field_item_description", "black wallet")
    type_into(qtbot, shell, "field_lost_date", "2026-11-20")
    type_into(qtbot, shell, "field_lost_place", CANARY_PLACE)
    tap(qtbot, shell, "form_next")
    assert shell.current.name == "form"
    assert find(shell, "field_name").isVisible()


def phases_shown(shell: Shell) -> list[tuple[str, str]]:
    bar = find(shell.current, "phase_bar")
    assert bar.isVisible()
    cells = [w for w in bar.findChildren(QLabel) if w.objectName().startswith("phase_") and w.isVisible()]
    return [(c.text(), c.property("phase")) for c in sorted(cells, key=lambda c: c.objectName())]


def test_the_guide_is_phase_one_of_at_most_five_phases_not_step_n_of_11(qtbot: QtBot, shell: Shell) -> None:
    """Issue #16: "第 3 步 / 共 11 步" and no indicator on the guide. The citizen sees the phases
    须知 → 填写 → 核对提交 → 完成评价 (this service has no identity check, and nothing to collect),
    the one they are in marked."""
    tap(qtbot, shell, "attract_start")
    tap(qtbot, shell, "area_public_order")
    tap(qtbot, shell, "item_ZA-0101")
    assert phases_shown(shell) == [("1 须知", "current"), ("2 填写", "todo"), ("3 核对提交", "todo"),
                                   ("4 完成评价", "todo")]
    assert not find(shell, "frame_progress").isVisible()
    tap(qtbot, shell, "guide_start")
    assert shell.current.name == "form"
    assert phases_shown(shell) == [("✓ 1 须知", "done"), ("2 填写", "current"), ("3 核对提交", "todo"),
                                   ("4 完成评价", "todo")]


def test_errors_next_to_fields(qtbot: QtBot, shell: Shell) -> None:
    walk_to_contact_form(qtbot, shell)
    type_into(qtbot, shell, "field_phone", "12345")
    tap(qtbot, shell, "form_next")
    assert shell.current.name == "form"
    assert find(shell, "error_name").isVisible()
    assert find(shell, "error_phone").isVisible()


def test_timeout_half_way_wipes_every_widget_and_the_session(qtbot: QtBot, shell: Shell) -> None:
    walk_to_contact_form(qtbot, shell)
    type_into(qtbot, shell, "field_name", CANARY_NAME)
    type_into(qtbot, shell, "field_phone", CANARY_PHONE)
    session = shell.sessions.current
    assert session is not None
    session.answers["extra"] = CANARY_NAME

    with qtbot.waitSignal(shell.idle.chime.played, timeout=1000):
        shell.idle.timer.timeout.emit()  # the idle period has passed
    assert shell.overlay.isVisible()
    assert "seconds" in find(shell, "timeout_count").text() or "秒" in find(shell, "timeout_count").text()
    _, warning = shell.idle.limits()
    assert warning >= 20
    for _ in range(warning):
        shell.idle.second.timeout.emit()  # one second each

    assert shell.current.name == "attract"
    assert shell.sessions.current is None
    assert session.ended is EndReason.TIMEOUT
    assert session.answers == {}
    texts = "\n".join(visible_texts(shell))
    for canary in (CANARY_NAME, CANARY_PHONE, CANARY_PLACE, "black wallet"):
        assert canary not in texts
    assert all(not w.text() for w in shell.findChildren(QLineEdit))


def test_continue_keeps_the_citizen_going(qtbot: QtBot, shell: Shell) -> None:
    walk_to_contact_form(qtbot, shell)
    type_into(qtbot, shell, "field_name", "ABC")
    shell.idle.timer.timeout.emit()
    assert shell.overlay.isVisible()
    tap(qtbot, shell, "timeout_continue")
    assert not shell.overlay.isVisible()
    assert shell.current.name == "form"
    assert find(shell, "field_name").text() == "ABC"
    assert shell.idle.timer.isActive()


def test_call_staff_on_every_screen(qtbot: QtBot, shell: Shell) -> None:
    seen = set()
    tap(qtbot, shell, "attract_start")
    for _ in range(3):
        seen.add(shell.current.name)
        assert find(shell, "frame_staff").isVisible()
        if shell.current.name == "home":
            tap(qtbot, shell, "area_public_order")
        elif shell.current.name == "area":
            tap(qtbot, shell, "item_ZA-0101")
    tap(qtbot, shell, "frame_staff")
    assert find(shell, "frame_staff_status").text()
    assert seen == {"home", "area", "guide"}


def test_home_abandons_a_service_and_forgets_its_answers(qtbot: QtBot, shell: Shell) -> None:
    walk_to_contact_form(qtbot, shell)
    session = shell.sessions.current
    assert session is not None and session.answers
    tap(qtbot, shell, "frame_home")
    assert shell.current.name == "home"
    assert session.answers == {}
    assert shell.workflow is None


def test_complete_service_to_a_case_number_and_rating(qtbot: QtBot, shell: Shell, core: KioskCore,
                                                      settings: Settings) -> None:
    walk_to_contact_form(qtbot, shell)
    type_into(qtbot, shell, "field_name", CANARY_NAME)
    type_into(qtbot, shell, "field_phone", CANARY_PHONE)
    tap(qtbot, shell, "form_next")
    assert shell.current.name == "review"
    assert find(shell, "review_name").text() == CANARY_NAME
    tap(qtbot, shell, "review_confirm")
    qtbot.waitUntil(lambda: shell.current.name == "done", timeout=3000)
    session = shell.sessions.current
    assert session is not None and session.case_numbers
    assert find(shell, "done_number").text() == session.case_numbers[0]
    assert core.store is not None and core.store.outbox.depth() == 1

    tap(qtbot, shell, "done_next")
    assert shell.current.name == "rate"
    tap(qtbot, shell, "rate_2")
    tap(qtbot, shell, "rate_send")
    assert shell.current.name == "rate" and find(shell, "rate_error").isVisible()  # a reason is needed for 2
    type_into(qtbot, shell, "rate_reason", "too slow")
    tap(qtbot, shell, "rate_send")

    assert shell.current.name == "attract"
    assert session.answers == {} and session.case_numbers == []
    assert core.store.outbox.depth() == 2  # the case and the rating, both waiting for the server
    texts = "\n".join(visible_texts(shell))
    assert CANARY_NAME not in texts and CANARY_PHONE not in texts
    # Personal answers are encrypted at rest: not in the database, its WAL or anything beside it.
    for path in settings.data_dir.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            for canary in (CANARY_NAME, CANARY_PHONE, CANARY_PLACE):
                assert canary.encode() not in raw, f"{canary} in plain text in {path.name}"
