"""The consent is the guide's start button (issue #16: ≤ 7 screens from guide to receipt): the
guide ends with what the citizen agrees to, right above 同意并开始办理, in their language; the
face check keeps its own, separate consent with staff verification offered; declining is going
back, and nothing of the service is kept."""

from __future__ import annotations

import logging

import pytest
from pytestqt.qtbot import QtBot

from devices.card_reader.simulator import SimulatedCardReader
from devices.spec import DeviceKind
from kiosk.catalog import StepKind
from kiosk.core import KioskCore
from tests.ui.helpers import find, open_item, simulated, tap
from ui.shell import Shell


def test_guide_start_is_agree_and_start_with_the_consent_above_it(qtbot: QtBot, shell: Shell) -> None:
    open_item(qtbot, shell, "public_order", "ZA-0101")
    assert shell.current.name == "guide"
    assert find(shell, "guide_start").text() == "同意并开始办理"
    consent = find(shell, "guide_consent_body")
    assert consent.isVisible()  # fixed above the button: on screen whatever page of the guide is shown
    for words in ("个人信息使用告知", "同意并开始办理", "加密", "不留存", "返回"):
        assert words in consent.text(), words
    assert "人脸" not in consent.text()  # this service checks no identity: no face check to announce
    assert "个人信息使用告知" in shell.voice.last and "加密" in shell.voice.last  # heard, not only seen
    tap(qtbot, shell, "frame_language")
    assert find(shell, "guide_start").text() == "Agree and start"
    assert "encrypted" in find(shell, "guide_consent_body").text()
    tap(qtbot, shell, "guide_start")
    assert shell.current.name == "form"  # no consent screen of its own any more


def test_face_check_keeps_its_own_consent_with_staff_offered(qtbot: QtBot, shell: Shell, core: KioskCore) -> None:
    open_item(qtbot, shell, "household", "HZ-0102")
    consent = find(shell, "guide_consent_body").text()
    assert "人脸识别将另行征求您的同意" in consent and "人工核验" in consent
    tap(qtbot, shell, "guide_start")
    assert shell.current.name == "identify"
    simulated(core, DeviceKind.CARD_READER, SimulatedCardReader).present_card("resident")
    qtbot.waitUntil(lambda: find(shell, "identify_face").isVisible(), timeout=5000)
    assert find(shell, "identify_staff").isVisible()  # never biometrics as the only way
    assert not find(shell, "identify_camera").isVisible()  # no camera before the face-check consent
    assert shell.workflow is not None and shell.workflow.session.verification is None


def test_the_consent_step_is_passed_and_logged_as_before(qtbot: QtBot, shell: Shell,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """Audit: the workflow still goes through its consent step, in order, with the same log."""
    open_item(qtbot, shell, "public_order", "ZA-0101")
    with caplog.at_level(logging.INFO, logger="kiosk.workflow"):
        tap(qtbot, shell, "guide_start")
    flow = shell.workflow
    assert flow is not None and flow.steps[1].kind is StepKind.CONSENT and flow.index == 2
    steps = [r.getMessage() for r in caplog.records if r.name == "kiosk.workflow"]
    assert steps[0] == f"step 2/{len(flow.steps)}: consent"
    assert steps[-1] == f"step 3/{len(flow.steps)}: form"
    assert "consent given at the guide (agree and start)" in steps


def test_declining_is_going_back_and_back_asks_again(qtbot: QtBot, shell: Shell) -> None:
    open_item(qtbot, shell, "public_order", "ZA-0101")
    tap(qtbot, shell, "frame_back")  # 不同意: back to the area, no service started
    assert shell.current.name == "area" and shell.workflow is None
    assert shell.sessions.current is not None and shell.sessions.current.answers == {}
    tap(qtbot, shell, "item_ZA-0101")
    tap(qtbot, shell, "guide_start")
    assert shell.current.name == "form"
    tap(qtbot, shell, "frame_back")  # from the first form: the guide with its consent, not a consent page
    assert shell.current.name == "guide" and shell.workflow is None
    assert find(shell, "guide_start").text() == "同意并开始办理"
