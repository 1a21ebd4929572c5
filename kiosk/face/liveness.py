"""Liveness from landmarks: a randomised challenge (blink + head turn in a random direction).

Pure functions on landmark dicts (face_recognition's 68-point layout: "left_eye", "right_eye",
"chin", "nose_tip", "nose_bridge") plus a small state machine that is fed one observation per
frame. A still photo never blinks and never turns, so it cannot pass."""

from __future__ import annotations

import enum
import logging
import random
from dataclasses import dataclass, field
from typing import Mapping, Sequence

log = logging.getLogger("kiosk.face.liveness")

Point = tuple[float, float]
Landmarks = Mapping[str, Sequence[Point]]

EAR_CLOSED = 0.20  # Soukupova & Cech 2016: eyes shut below ~0.2
EAR_OPEN = 0.24    # hysteresis: eyes must be clearly open before and after
# Open-eye EAR differs between people (0.22-0.32 in our images), so a drop relative to the
# person's own median open EAR also counts as closed.
EAR_RELATIVE_CLOSED = 0.78
EAR_RELATIVE_OPEN = 0.92
YAW_TURNED = 0.12  # |yaw index| above this counts as a turn (see yaw_index)
YAW_FRONTAL = 0.06


class Action(enum.Enum):
    """One step of the challenge; the value is the stable code the UI translates."""

    BLINK = "blink"
    TURN_LEFT = "turn_left"    # citizen turns to their own left (nose moves to image right)
    TURN_RIGHT = "turn_right"


def _dist(a: Point, b: Point) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)


def eye_aspect_ratio(eye: Sequence[Point]) -> float:
    """Eye aspect ratio of a 6-point eye contour (p1..p6): (|p2-p6| + |p3-p5|) / (2 |p1-p4|)."""
    if len(eye) != 6:
        raise ValueError("an eye contour has 6 points")
    width = _dist(eye[0], eye[3])
    if width <= 0:
        return 0.0
    return (_dist(eye[1], eye[5]) + _dist(eye[2], eye[4])) / (2.0 * width)


def mean_ear(landmarks: Landmarks) -> float:
    """Mean eye aspect ratio of both eyes."""
    return (eye_aspect_ratio(landmarks["left_eye"]) + eye_aspect_ratio(landmarks["right_eye"])) / 2.0


def yaw_index(landmarks: Landmarks) -> float:
    """Signed horizontal position of the nose tip between the jaw ends, in [-0.5, 0.5].

    0 is frontal. Positive means the nose sits towards the image's right side, i.e. the citizen
    turned to their own left (the camera image is not mirrored). Roughly sin(yaw) / 2 for real
    heads; we need only its sign and size, not degrees, so no camera model (solvePnP) is needed."""
    chin = landmarks["chin"]
    left_x, right_x = chin[0][0], chin[-1][0]
    span = right_x - left_x
    if span <= 0:
        return 0.0
    nose = landmarks["nose_tip"]
    nose_x = sum(p[0] for p in nose) / len(nose)
    return float((nose_x - left_x) / span - 0.5)


def random_challenge(rng: random.Random) -> list[Action]:
    """A blink and a turn in a random direction, in random order."""
    turn = rng.choice([Action.TURN_LEFT, Action.TURN_RIGHT])
    steps = [Action.BLINK, turn]
    rng.shuffle(steps)
    return steps


class ChallengeState(enum.Enum):
    RUNNING = "running"
    PASSED = "passed"
    FAILED = "failed"    # time limit reached


@dataclass
class Challenge:
    """Feeds on (time, landmarks) observations; passes when every action was seen, in order,
    within `time_limit` seconds of the first observation.

    A blink is: eyes open (EAR > EAR_OPEN), then closed (< EAR_CLOSED) for at least one frame,
    then open again. A turn is: the yaw index moves past YAW_TURNED in the asked direction,
    measured against the frontal baseline seen at the start; turning back is not required (the
    decision uses the frontal frames kept before and after)."""

    actions: list[Action]
    time_limit: float = 12.0
    state: ChallengeState = ChallengeState.RUNNING
    _index: int = 0
    _start: float | None = None
    _baseline_yaw: float | None = None
    _seen_open: bool = False
    _seen_closed: bool = False
    _closed_since: float | None = None
    _frames: int = field(default=0)
    _ears: list[float] = field(default_factory=list)

    @property
    def current(self) -> Action | None:
        """The action the citizen should perform now (None when finished)."""
        return self.actions[self._index] if self._index < len(self.actions) and self.state is ChallengeState.RUNNING else None

    @property
    def done(self) -> int:
        """How many actions have been completed."""
        return self._index

    def _set_state(self, new: ChallengeState) -> None:
        log.info("challenge %s -> %s", self.state.value, new.value)
        self.state = new

    def tick(self, t: float) -> ChallengeState:
        """Advance time without a usable face (checks the time limit only)."""
        if self._start is None:
            self._start = t
        if self.state is ChallengeState.RUNNING and t - self._start > self.time_limit:
            self._set_state(ChallengeState.FAILED)
        return self.state

    def observe(self, t: float, landmarks: Landmarks) -> ChallengeState:
        """Feed the landmarks of the single face seen at time t."""
        if self.tick(t) is not ChallengeState.RUNNING:
            return self.state
        self._frames += 1
        ear = mean_ear(landmarks)
        yaw = yaw_index(landmarks)
        if self._baseline_yaw is None:
            self._baseline_yaw = yaw
        action = self.actions[self._index]
        completed = False
        if action is Action.BLINK:
            self._ears.append(ear)
            typical = sorted(self._ears)[len(self._ears) // 2]
            is_open = ear > min(EAR_OPEN, typical * EAR_RELATIVE_OPEN)
            is_closed = ear < max(EAR_CLOSED, typical * EAR_RELATIVE_CLOSED)
            if is_open and len(self._ears) >= 3:
                if self._seen_closed and self._seen_open:
                    completed = True
                self._seen_open = True
            elif is_closed and self._seen_open:
                self._seen_closed = True
        else:
            moved = yaw - self._baseline_yaw
            wanted = 1.0 if action is Action.TURN_LEFT else -1.0
            if moved * wanted > YAW_TURNED:
                completed = True
        if completed:
            log.info("challenge action %d/%d done", self._index + 1, len(self.actions))
            self._index += 1
            self._seen_open = self._seen_closed = False
            self._ears.clear()
            if self._index == len(self.actions):
                self._set_state(ChallengeState.PASSED)
        return self.state
