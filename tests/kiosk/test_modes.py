"""The kiosk's mode without Qt: reasons held by different parts of the kiosk do not lift each
other, diagnostics returns to what still holds, every change is logged."""

from __future__ import annotations

import logging

import pytest

from kiosk.modes import Mode, ModeMachine, OutOfService


def test_each_reason_is_lifted_only_by_its_own_holder(caplog: pytest.LogCaptureFixture) -> None:
    moves: list[tuple[Mode, Mode]] = []
    modes = ModeMachine(lambda old, new: moves.append((old, new)))
    caplog.set_level(logging.INFO, "kiosk.modes")
    modes.hold(OutOfService.DEVICES)     # the printer every service needs is down
    modes.hold(OutOfService.STAFF)       # and a technician took the kiosk out
    modes.release(OutOfService.DEVICES)  # the printer is back …
    assert modes.mode is Mode.OUT_OF_SERVICE and modes.reasons == {OutOfService.STAFF}
    modes.release(OutOfService.STAFF)    # … and the technician puts it back in service
    assert modes.mode is Mode.IN_SERVICE and not modes.out_of_service
    assert moves == [(Mode.IN_SERVICE, Mode.OUT_OF_SERVICE), (Mode.OUT_OF_SERVICE, Mode.IN_SERVICE)]
    assert "mode: in_service -> out_of_service" in caplog.text and "reason devices set" in caplog.text


def test_diagnostics_returns_to_the_reasons_that_still_hold() -> None:
    modes = ModeMachine()
    modes.enter_diagnostics()
    assert modes.mode is Mode.DIAGNOSTICS
    modes.hold(OutOfService.STAFF)  # "out of service" pressed inside diagnostics: still inside
    assert modes.mode is Mode.DIAGNOSTICS and modes.out_of_service
    modes.leave_diagnostics()
    assert modes.mode is Mode.OUT_OF_SERVICE
    modes.enter_diagnostics()
    modes.release(OutOfService.STAFF)
    modes.leave_diagnostics()
    assert modes.mode is Mode.IN_SERVICE
