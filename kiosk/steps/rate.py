"""The rate step (好差评) without Qt: a score of 1–5, a reason required for 1–2, sent once.

The rule that a low score needs a reason is the national 好差评 rule (kiosk/workflow.py `rate`);
this controller holds the citizen's choice between taps and says what is missing."""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.workflow import Workflow

log = logging.getLogger("kiosk.steps.rate")


class RatePhase(str, enum.Enum):
    CHOOSING = "choosing"
    MISSING = "missing"    # sent without a score, or a low score without a reason: `missing` says which
    SENT = "sent"          # recorded: the session ends
    SKIPPED = "skipped"    # "finish without rating"


class Missing(str, enum.Enum):
    SCORE = "score"
    REASON = "reason_required"


@dataclass(frozen=True)
class RateView:
    phase: RatePhase
    score: int = 0
    missing: Missing | None = None


class RateController:
    def __init__(self, flow: Workflow, changed: Callable[[], None] = lambda: None) -> None:
        self.flow = flow
        self._changed = changed
        self._view = RateView(RatePhase.CHOOSING)

    @property
    def phase(self) -> RatePhase:
        return self._view.phase

    def view(self) -> RateView:
        return self._view

    def choose(self, score: int) -> None:
        if self.phase in (RatePhase.SENT, RatePhase.SKIPPED) or not 1 <= score <= 5:
            return
        self._go(self.phase, score=score, missing=self._view.missing)

    def send(self, reason: str) -> bool:
        """True when the rating was recorded (once; a second tap sends nothing)."""
        if self.phase in (RatePhase.SENT, RatePhase.SKIPPED):
            return False
        code = self.flow.rate(self._view.score, reason)
        if code:
            self._go(RatePhase.MISSING, score=self._view.score, missing=Missing(code))
            return False
        self._go(RatePhase.SENT, score=self._view.score)
        return True

    def skip(self) -> None:
        if self.phase is not RatePhase.SENT:
            self._go(RatePhase.SKIPPED)

    def _go(self, phase: RatePhase, **view: object) -> None:
        if phase is not self._view.phase:
            log.info("rate: %s -> %s", self._view.phase.value, phase.value)
        self._view = RateView(phase, **view)  # type: ignore[arg-type]
        self._changed()
