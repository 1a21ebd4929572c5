"""The fingerprint step (指纹采集) without Qt: two fingers, each placed twice and merged into one
template by the module (RegModel), for the ID card (居民身份证法 §3: fingerprint information is
registered when a card is applied for, renewed or replaced) and exit-entry documents.

Fingers: right index, then left index (the second-generation card's chip stores two). Each
finger: place → image and character file 1 → lift → place again → character file 2 → merge →
upload. A bad read (wet, dry, lifted, the two impressions not the same finger) is said with its
reason and counts as one try; after MAX_TRIES tries on a finger, or when the citizen declines or
the module does not work, the citizen goes on and the case is marked "fingerprints at the counter"
(`session.fingerprints = "counter"`): then, and only then, a counter visit is needed.

The templates go straight from the driver's bytearray into `session.attachments` (encrypted with
the case in the outbox, zeroed when the session ends); they are never logged or written
elsewhere. Device calls run on the owner's `Runner`; an answer arriving after the citizen left is
dropped (and its template wiped)."""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from devices.status import DeviceFailure
from kiosk.steps.runner import Runner
from kiosk.workflow import Workflow

log = logging.getLogger("kiosk.steps.fingerprint")

MAX_TRIES = 3          # bad reads per finger before the counter takes them
PLACE_S = 15.0         # one wait for a finger; "no finger" then repeats the prompt
LIFT_S = 10.0
CAPTURED = "captured"  # session.fingerprints values
AT_COUNTER = "counter"


class Finger(str, enum.Enum):
    RIGHT_INDEX = "right_index"
    LEFT_INDEX = "left_index"


FINGERS = (Finger.RIGHT_INDEX, Finger.LEFT_INDEX)


def attachment_name(finger: Finger) -> str:
    return f"fingerprint_{finger.value}.tpl"


class FingerprintModule(Protocol):
    def capture(self, buffer: int, timeout_s: float, stop: Callable[[], bool] = ...) -> str: ...
    def wait_lifted(self, timeout_s: float, stop: Callable[[], bool] = ...) -> bool: ...
    def merge(self) -> str: ...
    def upload(self, buffer: int = ...) -> bytearray: ...


class FingerPhase(str, enum.Enum):
    PLACE = "place"              # put the finger flat on the window (impression 1 or 2)
    LIFT = "lift"                # read: lift the finger
    SAVING = "saving"            # merging and reading the template
    DONE = "done"                # both taken, or the citizen goes on to the counter: the screen moves on
    UNAVAILABLE = "unavailable"  # the module does not work: try again, or go on (counter)
    COUNTER = "counter"          # not read after MAX_TRIES, or declined: go on, fingerprints at the counter
    LEFT = "left"


class CounterReason(str, enum.Enum):
    UNREADABLE = "unreadable"
    DECLINED = "declined"
    DEVICE = "device"


@dataclass(frozen=True)
class FingerView:
    phase: FingerPhase
    finger: Finger = Finger.RIGHT_INDEX
    impression: int = 1                  # 1 or 2: the same finger is placed twice
    problem: str | None = None           # why the last read failed: no_finger, image_failed, too_messy,
    #                                      too_few_points, mismatch
    tries_left: int = MAX_TRIES
    captured: int = 0                    # fingers done
    reason: CounterReason | None = None  # COUNTER / UNAVAILABLE


class FingerprintController:
    def __init__(self, flow: Workflow, module: Callable[[], FingerprintModule | None], runner: Runner,
                 changed: Callable[[], None] = lambda: None) -> None:
        self.flow = flow
        self._module = module
        self._runner = runner
        self._changed = changed
        self._view = FingerView(FingerPhase.PLACE)
        self._call = 0
        self._stop = threading.Event()
        self._busy = False

    @property
    def phase(self) -> FingerPhase:
        return self._view.phase

    def view(self) -> FingerView:
        return self._view

    # -- commands ------------------------------------------------------------------------------
    def start(self) -> None:
        """Begin (again) with the first finger not yet taken."""
        if self._busy or self.phase in (FingerPhase.DONE, FingerPhase.LEFT):
            return
        captured = sum(1 for f in FINGERS if attachment_name(f) in self.flow.session.attachments)
        if captured == len(FINGERS):
            self._finish()
            return
        self._go(FingerPhase.PLACE, finger=FINGERS[captured], impression=1, captured=captured)
        self._place()

    def retry(self) -> None:
        """"Try again" on UNAVAILABLE or COUNTER (a citizen who wants another go)."""
        if self.phase in (FingerPhase.UNAVAILABLE, FingerPhase.COUNTER):
            v = self._view
            self._go(FingerPhase.PLACE, finger=v.finger, captured=v.captured)
            self.start()

    def decline(self) -> None:
        """The citizen will not or cannot give fingerprints here."""
        if self.phase not in (FingerPhase.DONE, FingerPhase.LEFT):
            self._cancel_work()
            self._go(FingerPhase.COUNTER, finger=self._view.finger, captured=self._view.captured,
                     reason=CounterReason.DECLINED)

    def go_on_at_counter(self) -> None:
        """COUNTER / UNAVAILABLE: continue; the case says fingerprints are taken at the counter.
        Fingers already taken are dropped: the counter takes both, as the card needs a pair."""
        if self.phase not in (FingerPhase.COUNTER, FingerPhase.UNAVAILABLE):
            return
        self._drop_templates()
        self.flow.session.fingerprints = AT_COUNTER
        reason = self._view.reason or CounterReason.DEVICE
        log.info("fingerprints: at the counter (%s)", reason.value)
        self._go(FingerPhase.DONE, finger=self._view.finger, captured=0, reason=reason)

    def leave(self) -> None:
        self._cancel_work()
        self._go(FingerPhase.LEFT)

    # -- the work ------------------------------------------------------------------------------
    def _cancel_work(self) -> None:
        self._call += 1  # answers on their way are dropped
        self._stop.set()
        self._busy = False

    def _run(self, work: Callable[[FingerprintModule, Callable[[], bool]], Any],
             done: Callable[[Any], None]) -> None:
        module = self._module()
        if module is None:
            self._unavailable()
            return
        self._call += 1
        call = self._call
        self._stop = threading.Event()
        stop = self._stop.is_set
        self._busy = True

        def answered(result: Any, error: BaseException | None) -> None:
            if call != self._call:  # the citizen left or declined meanwhile
                if isinstance(result, bytearray):
                    result[:] = b"\0" * len(result)
                return
            self._busy = False
            if isinstance(error, DeviceFailure):
                log.warning("fingerprint module: %s", error.error.code)
                self._unavailable()
            elif error is not None:
                log.error("fingerprint step: %s", type(error).__name__)
                self._unavailable()
            else:
                done(result)

        self._runner.run(lambda: work(module, stop), answered)

    def _unavailable(self) -> None:
        self._go(FingerPhase.UNAVAILABLE, finger=self._view.finger, captured=self._view.captured,
                 reason=CounterReason.DEVICE)

    def _place(self) -> None:
        buffer = self._view.impression
        self._run(lambda m, stop: m.capture(buffer, PLACE_S, stop), self._read)

    def _read(self, outcome: str) -> None:
        v = self._view
        if outcome == "ok":
            self._go(FingerPhase.LIFT, finger=v.finger, impression=v.impression, tries_left=v.tries_left,
                     captured=v.captured)
            self._run(lambda m, stop: m.wait_lifted(LIFT_S, stop), self._lifted)
        elif outcome == "no_finger":  # nobody put a finger down yet: ask again, not a try
            self._go(FingerPhase.PLACE, finger=v.finger, impression=v.impression, problem="no_finger",
                     tries_left=v.tries_left, captured=v.captured)
            self._place()
        else:
            self._failed(outcome, impression=v.impression)

    def _failed(self, problem: str, impression: int) -> None:
        v = self._view
        tries = v.tries_left - 1
        if tries <= 0:
            self._go(FingerPhase.COUNTER, finger=v.finger, problem=problem, tries_left=0, captured=v.captured,
                     reason=CounterReason.UNREADABLE)
            return
        self._go(FingerPhase.PLACE, finger=v.finger, impression=impression, problem=problem, tries_left=tries,
                 captured=v.captured)
        self._place()

    def _lifted(self, lifted: bool) -> None:
        v = self._view
        if not lifted and v.impression == 1:  # still on the window: a second impression needs it lifted first
            self._go(FingerPhase.LIFT, finger=v.finger, impression=1, problem="not_lifted", tries_left=v.tries_left,
                     captured=v.captured)
            self._run(lambda m, stop: m.wait_lifted(LIFT_S, stop), self._lifted)
            return
        if v.impression == 1:
            self._go(FingerPhase.PLACE, finger=v.finger, impression=2, tries_left=v.tries_left, captured=v.captured)
            self._place()
            return
        self._go(FingerPhase.SAVING, finger=v.finger, impression=2, tries_left=v.tries_left, captured=v.captured)

        def save(m: FingerprintModule, stop: Callable[[], bool]) -> bytearray | str:
            merged = m.merge()
            return m.upload(1) if merged == "ok" else merged

        self._run(save, self._saved)

    def _saved(self, result: bytearray | str) -> None:
        v = self._view
        if isinstance(result, str):  # the two impressions are not the same finger: start this finger again
            self._failed(result if result == "mismatch" else "mismatch", impression=1)
            return
        session = self.flow.session
        name = attachment_name(v.finger)
        old = session.attachments.get(name)
        if isinstance(old, bytearray):
            old[:] = b"\0" * len(old)
        session.attachments[name] = result  # the driver's bytearray: zeroed in place when the session ends
        captured = v.captured + 1
        if captured >= len(FINGERS):
            self._finish()
            return
        self._go(FingerPhase.PLACE, finger=FINGERS[captured], impression=1, captured=captured)
        self._place()

    def _finish(self) -> None:
        self.flow.session.fingerprints = CAPTURED
        self._go(FingerPhase.DONE, finger=self._view.finger, captured=len(FINGERS))

    def _drop_templates(self) -> None:
        for finger in FINGERS:
            blob = self.flow.session.attachments.pop(attachment_name(finger), None)
            if isinstance(blob, bytearray):
                blob[:] = b"\0" * len(blob)

    def _go(self, phase: FingerPhase, **view: Any) -> None:
        """The one transition: logged (phase, finger, impression, problem; never a template)."""
        before = self._view
        after = FingerView(phase, **view)
        if (before.phase, before.finger, before.impression, before.problem) != \
                (after.phase, after.finger, after.impression, after.problem):
            log.info("fingerprint: %s -> %s (%s #%d%s)", before.phase.value, phase.value, after.finger.value,
                     after.impression, f", {after.problem}" if after.problem else "")
        self._view = after
        self._changed()
