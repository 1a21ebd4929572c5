"""A citizen without a mobile phone finishes a service: 我没有手机 on the phone field, the review
and the done screen say no SMS will come, and at the real central server (uvicorn subprocess) the
case moved to ready-for-pickup records no SMS notice — while one with a number does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.fields import NO_PHONE
from server.launcher import LocalServer, start_local_server
from tests.ui.helpers import find, running_kiosk, tap, type_into
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


def submit_contact(qtbot: QtBot, shell: Shell, core: KioskCore, phone: str | None) -> str:
    walk_to_contact_form(qtbot, shell)
    type_into(qtbot, shell, "field_name", "Wang")
    if phone is None:
        tap(qtbot, shell, "field_phone_no_phone")
        edit = find(shell, "field_phone")
        assert isinstance(edit, QLineEdit) and not edit.isEnabled()
    else:
        type_into(qtbot, shell, "field_phone", phone)
    tap(qtbot, shell, "form_next")
    assert shell.current.name == "review"
    session = shell.sessions.current
    assert session is not None
    tap(qtbot, shell, "review_confirm")
    qtbot.waitUntil(lambda: shell.current.name == "done", timeout=5000)
    number = session.case_numbers[0]
    qtbot.waitUntil(lambda: core.store is not None and core.store.outbox.depth() == 0, timeout=15_000)
    return number


def notices_after_ready(server: LocalServer, case_number: str) -> list[dict]:  # type: ignore[type-arg]
    bearer = {"Authorization": f"Bearer {server.operator_token}"}
    moved = requests.post(f"{server.url}/api/v1/cases/{case_number}/status", json={"status": "ready_for_pickup"},
                          headers=bearer, timeout=10)
    assert moved.status_code == 200, moved.text
    got = requests.get(f"{server.url}/api/v1/sms-notices", params={"case_number": case_number},
                       headers=bearer, timeout=10)
    got.raise_for_status()
    return list(got.json()["notices"])


def test_no_mobile_phone_is_accepted_and_no_sms_is_queued(qtbot: QtBot, linked: tuple[Shell, KioskCore],
                                                           server: LocalServer) -> None:
    shell, core = linked
    walk_to_contact_form(qtbot, shell)
    tap(qtbot, shell, "form_next")  # the phone is still asked: blank is not an answer
    assert find(shell, "error_phone").isVisible()
    shell.cancel_session()  # start again from the attract screen
    number = submit_contact(qtbot, shell, core, None)
    body = find(shell, "done_body").text()
    assert "短信" in body or "SMS" in body
    assert notices_after_ready(server, number) == []


def test_review_shows_the_choice_and_a_number_still_gets_its_sms(qtbot: QtBot, linked: tuple[Shell, KioskCore],
                                                                 server: LocalServer) -> None:
    shell, core = linked
    walk_to_contact_form(qtbot, shell)
    type_into(qtbot, shell, "field_name", "Wang")
    tap(qtbot, shell, "field_phone_no_phone")
    tap(qtbot, shell, "form_next")
    assert NO_PHONE not in find(shell, "review_phone").text()  # words, not the stored value
    assert "短信" in find(shell, "review_phone").text() or "SMS" in find(shell, "review_phone").text()
    # 修改 on the contact section (the design's per-section change) goes back to the form
    section_change = [b.objectName() for b in shell.findChildren(QPushButton)
                      if b.objectName().startswith("review_change_") and b.isVisible()]
    assert section_change
    tap(qtbot, shell, section_change[-1])
    assert find(shell, "field_phone_no_phone").isVisible()
    shell.cancel_session()  # start again from the attract screen
    number = submit_contact(qtbot, shell, core, "13912345678")
    assert len(notices_after_ready(server, number)) == 1
