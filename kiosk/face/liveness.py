"""Liveness from landmarks: a randomised challenge-response (a blink and a head turn in a random
direction, in random order, each asked after a random pause) with a 3-D consistency check.

Pure functions on landmark dicts (face_recognition's 68-point layout: "chin", "left_eyebrow",
"right_eyebrow", "nose_bridge", "nose_tip", "left_eye", "right_eye", …) plus one state machine
(`Challenge`) fed one observation per frame.

Why each rule exists (each one stops an attack that passed the earlier, 2-D-only challenge):
- 3-D check: a print, flat or folded along the nose and tilted, moves as one or two planes, so
  the motion of its landmarks between a frontal and a moved frame fits one homography per half
  face; a head does not (the nose, eyes and jaw are at different depths). A frame whose
  landmarks moved more than a similarity (shift, turn, zoom) explains and whose motion two
  half-face homographies explain is a photo (`Failure.FLAT`).
- Face-like geometry: tilting a print back makes the eyes look shut (an eye aspect ratio drop)
  while the whole face gets shorter; a real blink leaves the face's height alone. Frames whose
  height-to-width proportion left the citizen's own range are not a head (`NOT_FACE_LIKE`).
- Challenge-response timing: a pre-made animation does not know what will be asked. Every
  action is asked after a random pause; a turn nobody asked for (in the pause, during the blink
  step, or the wrong way) fails (`UNASKED`), and the asked action must come within RESPONSE_S.
- Turn and return: the turn only counts once the face is back to frontal (`NO_RETURN`).
- Binocular RGB + IR camera: when IR frames come, a face must be found at the RGB face's place
  in most of them; a screen shows nothing in near-infrared (`NO_IR`).

The constants were chosen on the tuning split of benchmarks/bench_liveness.py (identities never
used for the reported numbers); see benchmarks/face.md "Liveness"."""

from __future__ import annotations

import enum
import logging
import random
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import cv2
import numpy as np
import numpy.typing as npt

log = logging.getLogger("kiosk.face.liveness")

Point = tuple[float, float]
Landmarks = Mapping[str, Sequence[Point]]
Points = npt.NDArray[np.float64]

EAR_CLOSED = 0.20  # Soukupova & Cech 2016: eyes shut below ~0.2
EAR_OPEN = 0.24    # hysteresis: eyes must be clearly open before and after
# Open-eye EAR differs between people (0.22-0.32 in our images), so a drop relative to the
# person's own open EAR (the median of the frames before the blink step) also counts as closed.
EAR_RELATIVE_CLOSED = 0.78
EAR_RELATIVE_OPEN = 0.92
YAW_TURNED = 0.12   # |yaw index - frontal| above this counts as a turn (see yaw_index)
YAW_FRONTAL = 0.06  # ... and below this as frontal again
YAW_UNASKED = 0.10  # a turn this far while none is asked (or the wrong way) fails

HOLD_S = (0.5, 2.0)  # random pause before each action is asked (look at the camera)
RESPONSE_S = 2.0     # the asked action must be done within this time of asking
RETURN_S = 2.5       # after a turn, back to frontal within this time

# 3-D check (tuned on the tuning split): the landmarks' motion beyond a 2-D similarity, as a
# fraction of the eye distance, must be at least DEFORM_MIN before a frame says anything; it is
# a photo when two half-face homographies leave less than FLAT_RATIO of that motion unexplained.
DEFORM_MIN = 0.05
FLAT_RATIO = 0.25
FLAT_FRAMES = 2      # this many flat frames fail the challenge (one may be a landmark glitch)
# Face height / face width, relative to the citizen's own frontal value: a yaw turn narrows the
# face (ratio rises), tilting a sheet back shortens it (ratio falls). A head turning left or right
# on request does not go below this.
HEIGHT_RATIO_MIN = 0.88
ODD_FRAMES = 2
IR_MIN_FRACTION = 0.6  # of challenge frames with an IR image: a face must be where the RGB face is


class Action(enum.Enum):
    """One step of the challenge; the value is the stable code the UI translates."""

    BLINK = "blink"
    TURN_LEFT = "turn_left"    # citizen turns to their own left (nose moves to image right)
    TURN_RIGHT = "turn_right"


class Failure(enum.Enum):
    """Why a challenge failed (logged, and counted by the benchmark; never shown as a score)."""

    TIME = "time"
    NO_RESPONSE = "no_response"
    NO_RETURN = "no_return"
    UNASKED = "unasked"
    NOT_FACE_LIKE = "not_face_like"
    FLAT = "flat"
    NO_IR = "no_ir"


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


def rigid_points(landmarks: Landmarks) -> Points:
    """The landmarks that do not move when the face blinks or speaks: jaw line, brows, nose and
    the eye corners (lids and lips left out), in a fixed order."""
    pts: list[Point] = []
    for name in ("chin", "left_eyebrow", "right_eyebrow", "nose_bridge", "nose_tip"):
        pts.extend(landmarks[name])
    for name in ("left_eye", "right_eye"):
        eye = landmarks[name]
        pts.extend((eye[0], eye[3]))
    return np.asarray(pts, np.float64)


def _eye_distance(landmarks: Landmarks) -> float:
    le = np.mean(np.asarray(landmarks["left_eye"], np.float64), axis=0)
    re = np.mean(np.asarray(landmarks["right_eye"], np.float64), axis=0)
    return float(np.linalg.norm(le - re))


def height_ratio(landmarks: Landmarks) -> float:
    """Face height (brows to chin tip) over face width (jaw ends)."""
    chin = landmarks["chin"]
    width = _dist(chin[0], chin[-1])
    brows = [p[1] for name in ("left_eyebrow", "right_eyebrow") for p in landmarks[name]]
    height = chin[len(chin) // 2][1] - sum(brows) / len(brows)
    return float(height / width) if width > 0 else 0.0


def _rms(a: Points, b: Points) -> float:
    return float(np.sqrt(np.mean(np.sum((a - b) ** 2, axis=1))))


def _homography_residual(src: Points, dst: Points) -> float:
    """Sum of squared reprojection errors of the least-squares homography src -> dst."""
    h, _ = cv2.findHomography(src, dst, 0)
    if h is None:
        return float("inf")
    proj = cv2.perspectiveTransform(src.reshape(-1, 1, 2), h).reshape(-1, 2)
    return float(np.sum((proj - dst) ** 2))


@dataclass(frozen=True)
class Motion:
    """How the landmarks moved from a frontal frame to another, in eye distances."""

    deformation: float  # RMS motion left after the best 2-D similarity (shift, rotation, zoom)
    planar: float       # RMS motion left after one homography per half face (split at the nose)

    @property
    def flat(self) -> bool:
        """Enough deformation to judge, and two planes explain it: a sheet, not a head."""
        return self.deformation >= DEFORM_MIN and self.planar < FLAT_RATIO * self.deformation


def motion(frontal: Landmarks, moved: Landmarks) -> Motion:
    """Compare the rigid landmarks of a frontal frame with those of a moved frame."""
    src, dst = rigid_points(frontal), rigid_points(moved)
    scale = max(_eye_distance(frontal), 1e-6)
    sim, _ = cv2.estimateAffinePartial2D(src, dst, method=cv2.LMEDS)
    if sim is None:
        return Motion(0.0, 0.0)
    deformation = _rms(src @ sim[:, :2].T + sim[:, 2], dst) / scale
    nose_x = float(np.mean(np.asarray(frontal["nose_bridge"], np.float64)[:, 0]))
    margin = 0.05 * scale  # points on the fold line belong to both halves
    sse, count = 0.0, 0
    for side in (src[:, 0] <= nose_x + margin, src[:, 0] >= nose_x - margin):
        if side.sum() < 6:
            return Motion(deformation, deformation)  # too few points on one half to judge
        sse += _homography_residual(src[side], dst[side])
        count += int(side.sum())
    return Motion(deformation, float(np.sqrt(sse / count)) / scale)


def random_challenge(rng: random.Random) -> list[Action]:
    """A blink and a turn in a random direction, in random order."""
    turn = rng.choice([Action.TURN_LEFT, Action.TURN_RIGHT])
    steps = [Action.BLINK, turn]
    rng.shuffle(steps)
    return steps


class ChallengeState(enum.Enum):
    HOLD = "hold"            # look at the camera: the next action is asked after a random pause
    ASKED = "asked"          # an action is asked and awaited
    RETURNING = "returning"  # turned far enough; waiting for the face to come back to frontal
    PASSED = "passed"
    FAILED = "failed"


_MOVES: dict[ChallengeState, set[ChallengeState]] = {
    ChallengeState.HOLD: {ChallengeState.ASKED, ChallengeState.FAILED},
    ChallengeState.ASKED: {ChallengeState.HOLD, ChallengeState.RETURNING, ChallengeState.PASSED, ChallengeState.FAILED},
    ChallengeState.RETURNING: {ChallengeState.HOLD, ChallengeState.PASSED, ChallengeState.FAILED},
    ChallengeState.PASSED: set(),
    ChallengeState.FAILED: set(),
}


@dataclass
class Challenge:
    """Feeds on (time, landmarks[, IR face present]) observations; passes when every action was
    asked, done in time and (for turns) undone, with no flat, odd or unasked motion on the way,
    within `time_limit` seconds of the first observation.

    A blink is: eyes open (EAR above EAR_OPEN or near the citizen's own open value), then closed
    for at least one frame, then open again. A turn is: the yaw index moves past YAW_TURNED in the
    asked direction, measured against the citizen's frontal value, and comes back within
    YAW_FRONTAL of it. `current` is the action to ask for (None while holding)."""

    actions: list[Action]
    time_limit: float = 12.0
    rng: random.Random = field(default_factory=random.Random)
    state: ChallengeState = ChallengeState.HOLD
    failure: Failure | None = None
    _index: int = 0
    _start: float | None = None
    _since: float = 0.0           # when the current state began
    _hold: float = 0.0            # length of the current pause
    _frontal: Landmarks | None = None  # the latest frontal observation (3-D check baseline)
    _frontal_yaws: list[float] = field(default_factory=list)
    _frontal_ratios: list[float] = field(default_factory=list)
    _open_ears: list[float] = field(default_factory=list)
    _seen_open: bool = False
    _seen_closed: bool = False
    _flat_frames: int = 0
    _odd_frames: int = 0
    _ir_frames: int = 0
    _ir_faces: int = 0

    @property
    def current(self) -> Action | None:
        """The action the citizen should perform now (None while holding or when finished)."""
        if self.state in (ChallengeState.ASKED, ChallengeState.RETURNING):
            return self.actions[self._index]
        return None

    @property
    def running(self) -> bool:
        return self.state not in (ChallengeState.PASSED, ChallengeState.FAILED)

    @property
    def done(self) -> int:
        """How many actions have been completed."""
        return self._index

    def _move(self, new: ChallengeState, t: float, failure: Failure | None = None) -> ChallengeState:
        """The one transition function: checks the move and logs it (no landmarks, no scores)."""
        if new not in _MOVES[self.state]:
            raise RuntimeError(f"illegal challenge move {self.state.value} -> {new.value}")
        log.info("challenge %s -> %s%s (step %d/%d)", self.state.value, new.value,
                 f" ({failure.value})" if failure else "", self._index + 1, len(self.actions))
        self.state, self.failure, self._since = new, failure, t
        if new is ChallengeState.HOLD:
            self._hold = self.rng.uniform(*HOLD_S)
        return self.state

    def tick(self, t: float) -> ChallengeState:
        """Advance time without a usable face (checks the time limits only)."""
        if self._start is None:
            self._start, self._since = t, t
            self._hold = self.rng.uniform(*HOLD_S)
        if not self.running:
            return self.state
        if t - self._start > self.time_limit:
            return self._move(ChallengeState.FAILED, t, Failure.TIME)
        if self.state is ChallengeState.ASKED and t - self._since > RESPONSE_S:
            return self._move(ChallengeState.FAILED, t, Failure.NO_RESPONSE)
        if self.state is ChallengeState.RETURNING and t - self._since > RETURN_S:
            return self._move(ChallengeState.FAILED, t, Failure.NO_RETURN)
        return self.state

    def observe(self, t: float, landmarks: Landmarks, ir_face: bool | None = None) -> ChallengeState:
        """Feed the landmarks of the single face seen at time t; `ir_face`: whether the IR image
        shows a face at this face's place (None: no IR camera)."""
        self.tick(t)
        if not self.running:
            return self.state
        if ir_face is not None:
            self._ir_frames += 1
            self._ir_faces += int(ir_face)
        yaw = yaw_index(landmarks)
        ear = mean_ear(landmarks)
        base_yaw = float(np.median(self._frontal_yaws)) if self._frontal_yaws else yaw
        moved = yaw - base_yaw
        frontal = abs(moved) < YAW_FRONTAL
        if (frontal and self.state is ChallengeState.HOLD) or self._frontal is None:
            # the 3-D check's baseline: the citizen looking at the camera before an action
            self._frontal = landmarks
            self._frontal_yaws = (self._frontal_yaws + [yaw])[-15:]
            self._frontal_ratios = (self._frontal_ratios + [height_ratio(landmarks)])[-15:]
        # -- is this a head at all? ----------------------------------------------------------
        if self._frontal is not landmarks:
            if motion(self._frontal, landmarks).flat:
                self._flat_frames += 1
                if self._flat_frames >= FLAT_FRAMES:
                    return self._move(ChallengeState.FAILED, t, Failure.FLAT)
        ratio = height_ratio(landmarks) / float(np.median(self._frontal_ratios))
        if ratio < HEIGHT_RATIO_MIN:
            self._odd_frames += 1
            if self._odd_frames >= ODD_FRAMES:
                return self._move(ChallengeState.FAILED, t, Failure.NOT_FACE_LIKE)
        # -- the challenge -------------------------------------------------------------------
        action = self.actions[self._index]
        wanted = {Action.TURN_LEFT: 1.0, Action.TURN_RIGHT: -1.0}.get(action, 0.0)
        turn_asked = self.state in (ChallengeState.ASKED, ChallengeState.RETURNING) and wanted != 0.0
        if abs(moved) > YAW_UNASKED and not (turn_asked and moved * wanted > 0):
            return self._move(ChallengeState.FAILED, t, Failure.UNASKED)
        if self.state is ChallengeState.HOLD:
            if frontal:
                self._open_ears = (self._open_ears + [ear])[-15:]
            if t - self._since >= self._hold:
                self._seen_open = self._seen_closed = False
                self._move(ChallengeState.ASKED, t)
            return self.state
        if self.state is ChallengeState.RETURNING:
            if frontal:
                return self._step_done(t)
            return self.state
        if action is Action.BLINK:
            typical = float(np.median(self._open_ears)) if self._open_ears else ear
            is_open = ear > min(EAR_OPEN, typical * EAR_RELATIVE_OPEN)
            is_closed = ear < max(EAR_CLOSED, typical * EAR_RELATIVE_CLOSED)
            if is_open:
                if self._seen_closed:
                    return self._step_done(t)
                self._seen_open = True
            elif is_closed and (self._seen_open or self._open_ears):
                self._seen_closed = True
        elif moved * wanted > YAW_TURNED:
            return self._move(ChallengeState.RETURNING, t)
        return self.state

    def _step_done(self, t: float) -> ChallengeState:
        log.info("challenge action %d/%d done", self._index + 1, len(self.actions))
        self._index += 1
        if self._index < len(self.actions):
            return self._move(ChallengeState.HOLD, t)
        if self._ir_frames and self._ir_faces < IR_MIN_FRACTION * self._ir_frames:
            return self._move(ChallengeState.FAILED, t, Failure.NO_IR)
        return self._move(ChallengeState.PASSED, t)
