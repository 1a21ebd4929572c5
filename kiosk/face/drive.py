"""Drive a VerificationSession from any frame source (`frame_at(t)`) on a simulated clock.
Used by tests and benchmarks; the UI runs the same loop on its timer."""

from __future__ import annotations

from typing import Callable, Protocol

import numpy as np
import numpy.typing as npt

from kiosk.face.liveness import Action
from kiosk.face.pipeline import SessionState, Verdict, VerificationSession


class FrameSource(Protocol):
    def frame_at(self, t: float) -> npt.NDArray[np.uint8] | None: ...


def run_attempt(session: VerificationSession, source: FrameSource, fps: float = 15.0,
                on_action: Callable[[Action, float], None] | None = None,
                on_further: Callable[[Action, float], None] | None = None) -> Verdict:
    """Feed frames at `fps` (simulated time) until liveness passes or time runs out, calling
    `on_action(action, t)` once each time a new challenge action is asked for, and
    `on_further(action, t)` once when a turn stopped short and the citizen is asked to turn a
    little further; then decide."""
    t = 0.0
    asked: set[int] = set()
    told: set[int] = set()
    while not session.timed_out(t):
        state = session.feed(t, source.frame_at(t))
        if state is SessionState.READY:
            break
        action = session.current_action
        if action is not None and session.challenge.done not in asked and on_action is not None:
            asked.add(session.challenge.done)
            on_action(action, t + 0.3)  # a person reacts after ~0.3 s
        step = session.challenge.done
        if action is not None and session.turn_further and step not in told and on_further is not None:
            told.add(step)
            on_further(action, t + 0.3)
        t += 1.0 / fps
    return session.decide()
