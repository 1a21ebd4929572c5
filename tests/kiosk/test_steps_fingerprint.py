"""The fingerprint step without Qt, with the simulated module on a pty carrying real bytes to the
real driver: two fingers, each placed twice; a wet or dry finger named and retried; a citizen
whose fingers cannot be read, or who declines, goes on and the case says "fingerprints at the
counter"; an unplugged module offers the same way out; the templates reach the encrypted case,
are zeroed when the session ends and never appear in the log."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from devices.fingerprint.simulator import SimulatedFingerprintModule
from devices.spec import DeviceKind, DeviceSpec
from kiosk.catalog import StepKind, default_catalog_dir, load_catalog
from kiosk.session import Session
from kiosk.steps.fingerprint import (
    MAX_TRIES,
    CounterReason,
    Finger,
    FingerPhase,
    FingerprintController,
    attachment_name,
)
from kiosk.steps.runner import ThreadRunner
from kiosk.workflow import Workflow, WorkflowError, carried_by_previous_screen
from ui.phases import screens_from_guide_to_receipt

CATALOG = load_catalog(default_catalog_dir())
FIVE = ("HZ-0101", "HZ-0102", "CRJ-0101", "CRJ-0103", "CRJ-0202")


@pytest.fixture
def runner() -> Iterator[ThreadRunner]:
    r = ThreadRunner()
    yield r
    r.drain()


def module(auto_s: float | None) -> SimulatedFingerprintModule:
    options = {"poll_s": 0.02, **({"auto_s": auto_s} if auto_s is not None else {})}
    device = SimulatedFingerprintModule(DeviceSpec("fingerprint", DeviceKind.FINGERPRINT, "simulator",
                                                   options=options))
    device.open()
    return device


@pytest.fixture
def citizen() -> Iterator[SimulatedFingerprintModule]:
    """A cooperative citizen: puts the finger down when asked, lifts it after the read."""
    device = module(auto_s=0.1)
    yield device
    device.shutdown()


@pytest.fixture
def manual() -> Iterator[SimulatedFingerprintModule]:
    device = module(auto_s=None)
    yield device
    device.shutdown()


def at_fingerprint(code: str = "HZ-0101") -> Workflow:
    flow = Workflow([CATALOG.item(code)], Session(), None)
    flow.index = [s.kind for s in flow.steps].index(StepKind.FINGERPRINT)
    return flow


def test_the_five_items_take_fingers_after_the_photo_on_the_same_screen() -> None:
    for code in FIVE:
        item = CATALOG.item(code)
        kinds = [s.kind for s in item.workflow]
        assert kinds[kinds.index(StepKind.PHOTO) + 1] is StepKind.FINGERPRINT, code
        assert kinds.index(StepKind.FINGERPRINT) in carried_by_previous_screen(kinds), code
        assert screens_from_guide_to_receipt(kinds) <= 7, code
        assert item.guide.visits == 0, code
        assert "fingerprint" in [d.value for d in item.requires_devices], code
        assert not any("不能采集指纹" in c.zh for c in item.guide.conditions), code


def test_two_fingers_each_twice_reach_the_session(citizen: SimulatedFingerprintModule, runner: ThreadRunner,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    flow = at_fingerprint()
    seen: list[tuple[FingerPhase, Finger, int]] = []
    ctrl = FingerprintController(flow, lambda: citizen, runner)
    ctrl._changed = lambda: seen.append((ctrl.view().phase, ctrl.view().finger, ctrl.view().impression))
    ctrl.start()
    assert runner.pump_until(lambda: ctrl.phase is FingerPhase.DONE, 20), ctrl.view()
    # the citizen was asked: right index, lift, again; then left index, lift, again
    asked = [(f, n) for phase, f, n in seen if phase is FingerPhase.PLACE]
    assert (Finger.RIGHT_INDEX, 1) in asked and (Finger.RIGHT_INDEX, 2) in asked
    assert (Finger.LEFT_INDEX, 1) in asked and (Finger.LEFT_INDEX, 2) in asked
    assert any(phase is FingerPhase.LIFT for phase, _, _ in seen)
    session = flow.session
    right, left = session.attachments[attachment_name(Finger.RIGHT_INDEX)], \
        session.attachments[attachment_name(Finger.LEFT_INDEX)]
    assert len(right) == len(left) == 512 and right != left
    assert session.fingerprints == "captured"
    flow.next()  # the workflow lets the citizen on
    assert flow.step.kind is StepKind.FORM
    # nothing of a template in the log
    text = caplog.text
    assert bytes(right[:8]).hex() not in text and bytes(right[:8]).hex().upper() not in text
    session.wipe()
    assert not any(right) and not any(left)  # zeroed in place


def test_a_wet_finger_is_named_and_read_on_the_next_try(citizen: SimulatedFingerprintModule,
                                                         runner: ThreadRunner) -> None:
    flow = at_fingerprint()
    problems: list[tuple[str | None, int]] = []
    ctrl = FingerprintController(flow, lambda: citizen, runner)
    ctrl._changed = lambda: problems.append((ctrl.view().problem, ctrl.view().tries_left))
    citizen.set_fault("wet", count=1)
    ctrl.start()
    assert runner.pump_until(lambda: ctrl.phase is FingerPhase.DONE, 20), ctrl.view()
    assert ("too_messy", MAX_TRIES - 1) in problems
    assert flow.session.fingerprints == "captured"


def test_unreadable_fingers_go_on_to_the_counter_after_three_tries(citizen: SimulatedFingerprintModule,
                                                                    runner: ThreadRunner) -> None:
    flow = at_fingerprint("CRJ-0101")
    ctrl = FingerprintController(flow, lambda: citizen, runner)
    citizen.set_fault("no_fingerprints")
    ctrl.start()
    assert runner.pump_until(lambda: ctrl.phase is FingerPhase.COUNTER, 20), ctrl.view()
    view = ctrl.view()
    assert (view.reason, view.problem, view.tries_left) == (CounterReason.UNREADABLE, "too_few_points", 0)
    assert citizen.module.commands_seen.count(0x02) == MAX_TRIES  # three reads, no more
    with pytest.raises(WorkflowError):
        flow.next()  # not before the citizen chose to go on
    ctrl.go_on_at_counter()
    assert ctrl.phase is FingerPhase.DONE
    assert flow.session.fingerprints == "counter"
    assert not any(n.startswith("fingerprint_") for n in flow.session.attachments)
    flow.next()
    assert flow.step.kind is StepKind.FORM


def test_a_citizen_who_declines_goes_on_to_the_counter(manual: SimulatedFingerprintModule,
                                                       runner: ThreadRunner) -> None:
    flow = at_fingerprint()
    ctrl = FingerprintController(flow, lambda: manual, runner)
    ctrl.start()
    assert ctrl.phase is FingerPhase.PLACE
    ctrl.decline()
    assert (ctrl.phase, ctrl.view().reason) == (FingerPhase.COUNTER, CounterReason.DECLINED)
    ctrl.go_on_at_counter()
    assert flow.session.fingerprints == "counter"


def test_a_finger_lifted_then_the_other_finger_put_down_is_not_merged(manual: SimulatedFingerprintModule,
                                                                      runner: ThreadRunner) -> None:
    flow = at_fingerprint()
    ctrl = FingerprintController(flow, lambda: manual, runner)
    ctrl.start()
    manual.place_finger("right_index")
    assert runner.pump_until(lambda: ctrl.phase is FingerPhase.LIFT, 10)
    manual.lift_finger()
    assert runner.pump_until(lambda: ctrl.view().impression == 2, 10)
    manual.place_finger("right_middle")  # the wrong finger for the second impression
    assert runner.pump_until(lambda: ctrl.phase is FingerPhase.LIFT, 10)
    manual.lift_finger()
    assert runner.pump_until(lambda: ctrl.view().problem == "mismatch", 10), ctrl.view()
    view = ctrl.view()
    assert (view.phase, view.finger, view.impression, view.tries_left) == \
        (FingerPhase.PLACE, Finger.RIGHT_INDEX, 1, MAX_TRIES - 1)
    ctrl.leave()


def test_an_unplugged_module_offers_the_counter(citizen: SimulatedFingerprintModule, runner: ThreadRunner) -> None:
    flow = at_fingerprint()
    ctrl = FingerprintController(flow, lambda: citizen, runner)
    citizen.unplug()
    ctrl.start()
    assert runner.pump_until(lambda: ctrl.phase is FingerPhase.UNAVAILABLE, 10), ctrl.view()
    citizen.replug()
    citizen.open()
    ctrl.retry()  # the module is back: the fingers are taken after all
    assert runner.pump_until(lambda: ctrl.phase is FingerPhase.DONE, 20), ctrl.view()
    assert flow.session.fingerprints == "captured"


def test_no_module_configured_offers_the_counter(runner: ThreadRunner) -> None:
    flow = at_fingerprint()
    ctrl = FingerprintController(flow, lambda: None, runner)
    ctrl.start()
    assert (ctrl.phase, ctrl.view().reason) == (FingerPhase.UNAVAILABLE, CounterReason.DEVICE)
    ctrl.go_on_at_counter()
    assert flow.session.fingerprints == "counter"


def test_a_template_arriving_after_the_citizen_left_is_wiped(citizen: SimulatedFingerprintModule,
                                                             runner: ThreadRunner) -> None:
    flow = at_fingerprint()
    ctrl = FingerprintController(flow, lambda: citizen, runner)
    ctrl.start()
    assert runner.pump_until(lambda: ctrl.phase is FingerPhase.SAVING, 20)
    ctrl.leave()
    runner.drain()
    assert ctrl.phase is FingerPhase.LEFT
    assert not any(n.startswith("fingerprint_") for n in flow.session.attachments)


def test_a_finger_left_on_the_window_is_asked_to_lift_before_the_second_impression(
        manual: SimulatedFingerprintModule, runner: ThreadRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kiosk.steps.fingerprint.LIFT_S", 0.3)
    flow = at_fingerprint()
    ctrl = FingerprintController(flow, lambda: manual, runner)
    ctrl.start()
    manual.place_finger("right_index")
    assert runner.pump_until(lambda: ctrl.phase is FingerPhase.LIFT, 10)
    assert runner.pump_until(lambda: ctrl.view().problem == "not_lifted", 5)  # still asked to lift
    assert (ctrl.phase, ctrl.view().impression) == (FingerPhase.LIFT, 1)   # no second read of a resting finger
    manual.lift_finger()
    assert runner.pump_until(lambda: ctrl.view().impression == 2 and ctrl.phase is FingerPhase.PLACE, 5)
    ctrl.leave()
