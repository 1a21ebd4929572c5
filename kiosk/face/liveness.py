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
- "A little further": a citizen whose turn stops clearly off frontal but short of YAW_TURNED is
  told so once (state FURTHER) and gets a fresh RESPONSE_S to turn further. Every check still
  applies to the further turn (3-D, proportions, unasked motion, turn and return); the threshold
  itself does not move, so an attack gains only time, never a smaller turn.
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
# Open-eye EAR differs between people (0.19-0.43 on the tuning split), so a drop relative to the
# person's own open EAR (the median of the pause's frames before the blink is asked, never the
# blink step's own frames) also counts as closed. Tuning split: open-eye frames stay above ~0.90
# of that median (landmark noise); synthesised closed eyes fall to 0.24-0.80 of it.
EAR_RELATIVE_CLOSED = 0.85
EAR_RELATIVE_OPEN = 0.93
YAW_TURNED = 0.12   # |yaw index - frontal| above this counts as a turn (see yaw_index)
YAW_FRONTAL = 0.06  # ... and below this as frontal again
YAW_UNASKED = 0.10  # a turn this far while none is asked (or the wrong way) fails
# "A little further": a turn that got past YAW_FRONTAL the asked way but has not grown for
# STALL_S is a turn that stopped short (a person holds their turn, they do not creep on), so the
# kiosk says "a little further" once. 0.4 s: twice the simulated citizen's 0.2 s ease-in and
# shorter than the 0.8 s a person holds a turn, so the prompt comes while they still hold it.
YAW_STALL_GROWTH = 0.01  # the peak must grow by this much to count as still turning (landmark noise ~0.005)
STALL_S = 0.4

HOLD_S = (0.5, 2.0)  # random pause before each action is asked (look at the camera)
RESPONSE_S = 2.0     # the asked action must be done within this time of asking
RETURN_S = 2.5       # after a turn, back to frontal within this time

# 3-D check (tuned on the tuning split): the landmarks' motion beyond a 2-D similarity, as a
# fraction of the eye distance, must be at least DEFORM_MIN before a frame says anything; it is
# a photo when two half-face homographies leave less than FLAT_RATIO of that motion unexplained.
DEFORM_MIN = 0.05
FLAT_RATIO = 0.15    # landmarks (dlib's shape prior bends even a sheet's landmarks a little)
# The same test on the skin texture (optical flow of corner features inside the face box, far
# more precise than landmarks): the median residual after one RANSAC homography per half face,
# as a fraction of the deformation, over the frames of a turn. Tuning split: a print folded along
# the nose 0.040-0.099 per frame (medians <= 0.087); the simulated citizen 0.098-0.34 (medians
# >= 0.12).
SURFACE_FLAT_RATIO = 0.10
FLAT_FRAMES = 2      # this many flat frames fail the challenge (one may be a landmark glitch)
FLAT_WINDOW = 3      # moved frames averaged before the check (landmark noise)
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


def motion(frontal: Landmarks | Points, moved: Landmarks | Points, nose_x: float | None = None,
           eye_distance: float | None = None) -> Motion:
    """Compare the rigid landmarks (`rigid_points`, or landmark dicts) of a frontal view with
    those of a moved view. Point arrays need the frontal nose line `nose_x` and `eye_distance`."""
    if isinstance(frontal, np.ndarray):
        src = frontal
        assert nose_x is not None and eye_distance is not None
    else:
        src = rigid_points(frontal)
        nose_x = float(np.mean(np.asarray(frontal["nose_bridge"], np.float64)[:, 0]))
        eye_distance = _eye_distance(frontal)
    dst = moved if isinstance(moved, np.ndarray) else rigid_points(moved)
    scale = max(eye_distance, 1e-6)
    sim, _ = cv2.estimateAffinePartial2D(src, dst, method=cv2.LMEDS)
    if sim is None:
        return Motion(0.0, 0.0)
    deformation = _rms(src @ sim[:, :2].T + sim[:, 2], dst) / scale
    margin = 0.05 * scale  # points on the fold line belong to both halves
    sse, count = 0.0, 0
    for side in (src[:, 0] <= nose_x + margin, src[:, 0] >= nose_x - margin):
        if side.sum() < 6:
            return Motion(deformation, deformation)  # too few points on one half to judge
        sse += _homography_residual(src[side], dst[side])
        count += int(side.sum())
    return Motion(deformation, float(np.sqrt(sse / count)) / scale)


def surface_motion(frontal: npt.NDArray[np.uint8], corners: npt.NDArray[np.float32], moved: npt.NDArray[np.uint8],
                   nose_x: float, eye_distance: float) -> Motion | None:
    """How the face's texture moved between two grey frames: `corners` (N x 1 x 2, from
    cv2.goodFeaturesToTrack inside the frontal face box) are tracked with pyramidal Lucas-Kanade
    (forward and back; points that do not come back within 0.5 px are dropped). `planar` is the
    median distance of the tracked points from one RANSAC homography per half face (split at the
    frontal nose line), in eye distances. None when too few points survive."""
    if len(corners) < 20:
        return None
    nxt, st, _ = cv2.calcOpticalFlowPyrLK(frontal, moved, corners, None, winSize=(21, 21), maxLevel=3)
    if nxt is None:
        return None
    back, st2, _ = cv2.calcOpticalFlowPyrLK(moved, frontal, nxt, None, winSize=(21, 21), maxLevel=3)
    ok = (st.ravel() == 1) & (st2.ravel() == 1) & (np.linalg.norm((back - corners).reshape(-1, 2), axis=1) < 0.5)
    src = corners.reshape(-1, 2)[ok].astype(np.float64)
    dst = nxt.reshape(-1, 2)[ok].astype(np.float64)
    if len(src) < 20:
        return None
    scale = max(eye_distance, 1e-6)
    sim, _ = cv2.estimateAffinePartial2D(src, dst, method=cv2.LMEDS)
    if sim is None:
        return None
    deformation = _rms(src @ sim[:, :2].T + sim[:, 2], dst) / scale
    errors: list[float] = []
    for side in (src[:, 0] <= nose_x, src[:, 0] > nose_x):
        if side.sum() < 8:
            return None
        h, _ = cv2.findHomography(src[side], dst[side], cv2.RANSAC, 1.0)
        if h is None:
            return None
        proj = cv2.perspectiveTransform(src[side].reshape(-1, 1, 2), h).reshape(-1, 2)
        errors.extend(np.linalg.norm(proj - dst[side], axis=1).tolist())
    return Motion(deformation, float(np.median(errors)) / scale)


def random_challenge(rng: random.Random) -> list[Action]:
    """A blink and a turn in a random direction, in random order."""
    turn = rng.choice([Action.TURN_LEFT, Action.TURN_RIGHT])
    steps = [Action.BLINK, turn]
    rng.shuffle(steps)
    return steps


class ChallengeState(enum.Enum):
    HOLD = "hold"            # look at the camera: the next action is asked after a random pause
    ASKED = "asked"          # an action is asked and awaited
    FURTHER = "further"      # a turn stopped short: asked once to turn a little further
    RETURNING = "returning"  # turned far enough; waiting for the face to come back to frontal
    PASSED = "passed"
    FAILED = "failed"


_MOVES: dict[ChallengeState, set[ChallengeState]] = {
    ChallengeState.HOLD: {ChallengeState.ASKED, ChallengeState.FAILED},
    ChallengeState.ASKED: {ChallengeState.HOLD, ChallengeState.RETURNING, ChallengeState.PASSED, ChallengeState.FAILED,
                           ChallengeState.FURTHER},
    ChallengeState.FURTHER: {ChallengeState.RETURNING, ChallengeState.FAILED},
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
    _frontal: Landmarks | None = None  # the latest frontal observation (proportions baseline)
    _frontal_pts: list[Points] = field(default_factory=list)  # rigid points of the pause's frames
    _recent_pts: list[Points] = field(default_factory=list)   # rigid points of the last frames
    _frontal_yaws: list[float] = field(default_factory=list)
    _frontal_ratios: list[float] = field(default_factory=list)
    _open_ears: list[float] = field(default_factory=list)
    _seen_open: bool = False
    _seen_closed: bool = False
    _flat_frames: int = 0
    _odd_frames: int = 0
    _ir_frames: int = 0
    _ir_faces: int = 0
    _surface: list[float] = field(default_factory=list)  # texture-motion ratios of the current turn
    _peak: float = 0.0            # furthest the head went the asked way in this turn step …
    _peak_at: float = 0.0         # … and when it last got further

    @property
    def current(self) -> Action | None:
        """The action the citizen should perform now (None while holding or when finished)."""
        if self.state in (ChallengeState.ASKED, ChallengeState.FURTHER, ChallengeState.RETURNING):
            return self.actions[self._index]
        return None

    @property
    def further(self) -> bool:
        """True while the citizen is asked to turn a little further (the turn stopped short)."""
        return self.state is ChallengeState.FURTHER

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
        if self.state in (ChallengeState.ASKED, ChallengeState.FURTHER) and t - self._since > RESPONSE_S:
            return self._move(ChallengeState.FAILED, t, Failure.NO_RESPONSE)
        if self.state is ChallengeState.RETURNING and t - self._since > RETURN_S:
            return self._move(ChallengeState.FAILED, t, Failure.NO_RETURN)
        return self.state

    @property
    def baseline_frame(self) -> bool:
        """True while the citizen is asked to look at the camera: the frame just observed may
        serve as the frontal reference of the surface (texture) check."""
        return self.state is ChallengeState.HOLD

    def observe(self, t: float, landmarks: Landmarks, ir_face: bool | None = None,
                surface: Motion | None = None) -> ChallengeState:
        """Feed the landmarks of the single face seen at time t; `ir_face`: whether the IR image
        shows a face at this face's place (None: no IR camera); `surface`: how the face's
        texture moved since the last frontal frame (None: not measured)."""
        self.tick(t)
        if not self.running:
            return self.state
        if surface is not None and self.state in (ChallengeState.ASKED, ChallengeState.FURTHER, ChallengeState.RETURNING) \
                and self.actions[self._index] is not Action.BLINK and surface.deformation >= DEFORM_MIN:
            self._surface.append(surface.planar / surface.deformation)
        if ir_face is not None:
            self._ir_frames += 1
            self._ir_faces += int(ir_face)
        yaw = yaw_index(landmarks)
        ear = mean_ear(landmarks)
        base_yaw = float(np.median(self._frontal_yaws)) if self._frontal_yaws else yaw
        moved = yaw - base_yaw
        frontal = abs(moved) < YAW_FRONTAL
        pts = rigid_points(landmarks)
        if (frontal and self.state is ChallengeState.HOLD) or self._frontal is None:
            # the baselines: the citizen looking at the camera before an action
            self._frontal = landmarks
            self._frontal_yaws = (self._frontal_yaws + [yaw])[-15:]
            self._frontal_ratios = (self._frontal_ratios + [height_ratio(landmarks)])[-15:]
            self._frontal_pts = (self._frontal_pts + [pts])[-FLAT_WINDOW * 3:]
            self._recent_pts = []
        else:
            # -- is this a head at all? (3-D check) ----------------------------------------------
            # Landmarks jitter by ~1-2 % of the eye distance per frame, as much as a head's
            # departure from two planes; averaging the pause's frames and the last FLAT_WINDOW
            # frames brings the noise well below it.
            self._recent_pts = (self._recent_pts + [pts])[-FLAT_WINDOW:]
            if len(self._recent_pts) == FLAT_WINDOW:
                nose_x = float(np.mean(np.asarray(self._frontal["nose_bridge"], np.float64)[:, 0]))
                m = motion(np.mean(self._frontal_pts, axis=0), np.mean(self._recent_pts, axis=0), nose_x,
                           _eye_distance(self._frontal))
                if m.flat:
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
        turn_asked = self.state in (ChallengeState.ASKED, ChallengeState.FURTHER, ChallengeState.RETURNING) and wanted != 0.0
        if abs(moved) > YAW_UNASKED and not (turn_asked and moved * wanted > 0):
            return self._move(ChallengeState.FAILED, t, Failure.UNASKED)
        if self.state is ChallengeState.HOLD:
            if frontal:
                self._open_ears = (self._open_ears + [ear])[-15:]
            if t - self._since >= self._hold:
                self._seen_open = self._seen_closed = False
                self._peak, self._peak_at = 0.0, t
                self._move(ChallengeState.ASKED, t)
            return self.state
        if self.state is ChallengeState.RETURNING:
            if frontal:
                if len(self._surface) >= FLAT_FRAMES and float(np.median(self._surface)) < SURFACE_FLAT_RATIO:
                    return self._move(ChallengeState.FAILED, t, Failure.FLAT)
                self._surface.clear()
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
        elif self.state is ChallengeState.ASKED:
            if moved * wanted > self._peak + YAW_STALL_GROWTH:
                self._peak, self._peak_at = moved * wanted, t
            elif self._peak > YAW_FRONTAL and t - self._peak_at >= STALL_S:
                return self._move(ChallengeState.FURTHER, t)
        return self.state

    def _step_done(self, t: float) -> ChallengeState:
        log.info("challenge action %d/%d done", self._index + 1, len(self.actions))
        self._index += 1
        if self._index < len(self.actions):
            return self._move(ChallengeState.HOLD, t)
        if self._ir_frames and self._ir_faces < IR_MIN_FRACTION * self._ir_frames:
            return self._move(ChallengeState.FAILED, t, Failure.NO_IR)
        return self._move(ChallengeState.PASSED, t)
