"""Navigation: one `go()` checked against a table of allowed moves; every move logged, an
illegal one refused and the screen kept. The table itself is Qt-free (ui/navigation.py)."""

from __future__ import annotations

import logging

import pytest
from pytestqt.qtbot import QtBot

from kiosk.catalog import StepKind
from kiosk.modes import Mode
from tests.ui.helpers import tap
from ui.navigation import ALLOWED, STEPS, SYSTEM, IllegalMove, ScreenId, check_move
from ui.shell import Shell


def test_the_table_names_every_screen_and_every_step_kind_has_a_screen(shell: Shell) -> None:
    assert set(ALLOWED) == set(ScreenId) == {ScreenId(name) for name in shell.screens}
    shown_steps = {k for k in StepKind if k is not StepKind.GUIDE}
    assert {ScreenId(k.value) for k in shown_steps} <= STEPS


def test_no_service_step_is_reached_without_a_citizen_having_started() -> None:
    for start in (ScreenId.ATTRACT, ScreenId.OUT_OF_SERVICE, ScreenId.PAYMENT_NOTICE):
        for step in STEPS:
            with pytest.raises(IllegalMove):
                check_move(start, step)
    with pytest.raises(IllegalMove):
        check_move(ScreenId.OUT_OF_SERVICE, ScreenId.HOME)  # no citizen while out of service
    for target in SYSTEM:
        check_move(ScreenId.PAY, target)  # the session can always end


def test_an_illegal_move_is_refused_and_logged(qtbot: QtBot, shell: Shell, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "ui.shell")
    assert shell.current.name == "attract"
    assert not shell.go(ScreenId.PAY)
    assert shell.current.name == "attract"
    assert "refused screen move attract -> pay" in caplog.text
    tap(qtbot, shell, "attract_start")
    assert shell.current.name == "home" and "screen attract -> home" in caplog.text


def test_diagnostics_mode_takes_no_citizen(shell: Shell) -> None:
    shell.enter_diagnostics()
    assert shell.modes.mode is Mode.DIAGNOSTICS
    shell.start_session()
    assert shell.current.name == "attract" and shell.sessions.current is None
    shell.leave_diagnostics()
    shell.start_session()
    assert shell.current.name == "home"
