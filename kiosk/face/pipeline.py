"""Face pipeline: guidance on downscaled frames, quality gates, best-frame selection, encoding,
fusion over several live frames, a decision with a calibrated threshold and an uncertain band.

Privacy: frames and encodings live only in memory in the objects below; `wipe()` clears them.
Nothing here logs or writes images, encodings or distances."""

from __future__ import annotations

import enum
import json
import logging
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, Sequence

import cv2
import numpy as np
import numpy.typing as npt

import face_recognition

from kiosk.face.liveness import (Action, Challenge, ChallengeState, Landmarks, Motion, mean_ear, random_challenge,
                                 surface_motion, yaw_index)

log = logging.getLogger("kiosk.face")

Frame = npt.NDArray[np.uint8]
Encoding = npt.NDArray[np.float64]
Box = tuple[int, int, int, int]  # top, right, bottom, left (face_recognition order)
CALIBRATION_FILE = Path(__file__).with_name("calibration.json")


class GuidanceCode(enum.Enum):
    """Stable codes the UI translates into words and voice."""

    NO_FACE = "no_face"
    SEVERAL_FACES = "several_faces"
    COME_CLOSER = "come_closer"
    TOO_CLOSE = "too_close"
    OFF_CENTRE = "off_centre"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"
    BLURRY = "blurry"
    NOT_FRONTAL = "not_frontal"
    PARTIAL_FACE = "partial_face"
    OK = "ok"


class Outcome(enum.Enum):
    MATCH = "match"
    NO_MATCH = "no_match"
    UNCERTAIN = "uncertain"          # goes to staff, never guessed
    LIVENESS_FAILED = "liveness_failed"
    TIMEOUT = "timeout"
    CAMERA_LOST = "camera_lost"
    LOOK_AGAIN = "look_again"        # chip only, uncertain: a second look (more frames) before staff


class ReferenceKind(enum.Enum):
    """Which photo the live face was compared with (recorded with every verdict, never a score)."""

    REGISTER = "register"            # the population register's photo, compared at the centre
    CHIP = "chip"                    # the ID card chip's photo (102x126), compared on the kiosk


class NoFaceInReference(ValueError):
    """The reference (card / central-service) photo has no detectable single face."""


@dataclass(frozen=True)
class Calibration:
    threshold: float
    uncertain_band: float

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> "Calibration":
        """Read the shipped threshold and band written by `kiosk face calibrate`."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(float(data["threshold"]), float(data["uncertain_band"]))


@dataclass(frozen=True)
class FaceSettings:
    """Tunable numbers of the pipeline (defaults suit a 640x480 kiosk camera)."""

    guidance_width: int = 320          # frames are downscaled to this width for detection
    min_eye_distance_px: float = 35.0  # in full-frame pixels (vendor spec: >= 35 px)
    max_face_fraction: float = 0.75    # face width / frame width above this: too close
    centre_tolerance: float = 0.22     # face centre offset / frame size
    min_brightness: float = 60.0
    max_brightness: float = 200.0
    min_sharpness: float = 25.0        # variance of Laplacian on the face
    max_frontal_yaw: float = 0.08
    frames_to_fuse: int = 3
    # A live encoding costs ~0.18 s of CPU (dlib's ResNet), ~0.5 s for 3 frames on an idle core
    # and 1-3 s on a loaded one: done after the last action, that was the citizen's whole wait.
    # So frames are encoded while the citizen only looks at the camera (the challenge's pauses,
    # where a slow frame costs nothing), at least `encode_gap_s` apart (neighbouring frames are
    # near copies: fusing them averages nothing out); once `frames_to_fuse` are encoded, a later
    # pause frame replaces the worst only when its quality score is `encode_better_by` higher.
    encode_gap_s: float = 0.4
    encode_better_by: float = 1.15
    challenge_time_limit: float = 12.0
    ir_min_overlap: float = 0.3        # IR face box vs RGB face box (IoU) to count as the same face
    session_time_limit: float = 30.0
    max_attempts: int = 3
    second_look_frames: int = 3        # chip, uncertain: this many more frames before staff (0: none)
    second_look_settle_s: float = 2.0  # time to read the advice and take off glasses first
    second_look_gap_s: float = 0.4     # kept frames at least this far apart (different frames)
    second_look_time_limit: float = 15.0
    reference_upsample: int = 2
    # The reference is encoded from the photo and its mirror image, averaged. dlib's jitter
    # (num_jitters > 1) draws from one generator inside the loaded model whose state carries over
    # between calls, so the same photo got a different encoding in every session (distance ~0.07
    # between two encodings of one chip photo). The mirror pair is deterministic; on the tuning
    # split only, it matched more genuine chip pairs than a single encoding (benchmarks/face.md).
    reference_mirror: bool = True
    calibration: Calibration = field(default_factory=Calibration.load)


@dataclass(frozen=True)
class Guidance:
    """What the citizen should do now. `box` is in full-frame coordinates (for drawing)."""

    code: GuidanceCode
    box: Box | None = None


@dataclass
class Reference:
    """The prepared reference encoding (memory only). A chip reference is compared on the kiosk
    with `FaceSettings.calibration` (the chip's threshold)."""

    encoding: npt.NDArray[np.float64] | None
    kind: ReferenceKind = ReferenceKind.CHIP

    def wipe(self) -> None:
        if self.encoding is not None:
            self.encoding.fill(0)
        self.encoding = None


@dataclass(frozen=True)
class Comparison:
    """One comparison's answer: MATCH / NO_MATCH / UNCERTAIN and the reference kind it used.
    `distance` exists only for local comparisons, for the technician screen (never logged)."""

    outcome: Outcome
    kind: ReferenceKind
    distance: float | None = field(default=None, repr=False)


class Comparator(Protocol):
    """Compares live encodings with a reference held elsewhere (the centre's register photo:
    `kiosk.identity.IdentifyController.compare`). Must not keep the encodings."""

    def compare(self, live: Sequence[Encoding]) -> Comparison: ...


@dataclass(frozen=True)
class Verdict:
    """The result shown to the citizen: no score. `technician_distance` is for the service
    screen only and must never be logged or shown to citizens."""

    outcome: Outcome
    attempts_left: int
    to_staff: bool
    technician_distance: float | None = field(default=None, repr=False)
    reference: ReferenceKind | None = None  # None: no comparison ran (liveness, timeout, camera)


def _overlap(a: Sequence[int], b: Sequence[int]) -> float:
    """Intersection over union of two (top, right, bottom, left) boxes."""
    top, bottom = max(a[0], b[0]), min(a[2], b[2])
    left, right = max(a[3], b[3]), min(a[1], b[1])
    inter = max(0, bottom - top) * max(0, right - left)
    area = (a[2] - a[0]) * (a[1] - a[3]) + (b[2] - b[0]) * (b[1] - b[3]) - inter
    return inter / area if area > 0 else 0.0


def _brightness(gray: npt.NDArray[np.uint8]) -> float:
    return float(gray.mean())


def _sharpness(gray: npt.NDArray[np.uint8]) -> float:
    return float(cv2.Laplacian(gray, cv2.CV_64F).var())


class FacePipeline:
    """Stateless-per-frame face analysis. Build one per kiosk and pass it in."""

    def __init__(self, settings: FaceSettings | None = None) -> None:
        self.settings = settings or FaceSettings()

    # -- detection ---------------------------------------------------------------------------
    def detect(self, frame: Frame) -> list[Box]:
        """HOG face boxes of a BGR frame, found on a downscaled copy, in full-frame coordinates."""
        h, w = frame.shape[:2]
        scale = min(1.0, self.settings.guidance_width / w)
        small = cv2.resize(frame, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA) if scale < 1 else frame
        rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
        boxes = face_recognition.face_locations(rgb, number_of_times_to_upsample=0, model="hog")
        if not boxes and scale < 1:
            # small / distant faces: try once at full resolution before saying "no face"
            boxes = face_recognition.face_locations(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB), 0, "hog")
            scale = 1.0
        return [(int(t / scale), int(r / scale), int(b / scale), int(l / scale)) for t, r, b, l in boxes]

    def ir_face_at(self, ir: npt.NDArray[np.uint8], box: Box) -> bool:
        """Does the near-infrared image (grey, registered to the RGB frame by the camera) show a
        face where the RGB face is? HOG works on grey images; a screen shows no face in IR."""
        h, w = ir.shape[:2]
        scale = min(1.0, self.settings.guidance_width / w)
        small = cv2.resize(ir, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA) if scale < 1 else ir
        found = face_recognition.face_locations(np.ascontiguousarray(small), number_of_times_to_upsample=0, model="hog")
        return any(_overlap([int(v / scale) for v in b], box) >= self.settings.ir_min_overlap for b in found)

    def landmarks(self, frame: Frame, box: Box) -> Landmarks:
        """68-point landmarks of one face box (full frame)."""
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        return face_recognition.face_landmarks(rgb, [box], model="large")[0]

    # -- guidance ----------------------------------------------------------------------------
    def _frame_guidance(self, frame: Frame, boxes: Sequence[Box]) -> Guidance:
        s = self.settings
        gray_all = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        if not boxes:
            if _brightness(gray_all) < s.min_brightness * 0.6:
                return Guidance(GuidanceCode.TOO_DARK)
            return Guidance(GuidanceCode.NO_FACE)
        if len(boxes) > 1:
            return Guidance(GuidanceCode.SEVERAL_FACES)
        box = boxes[0]
        h, w = frame.shape[:2]
        top, right, bottom, left = box
        fw = right - left
        # a face cut by the frame edge: HOG boxes may stick out a little
        margin = 0.04 * fw
        if top < -margin or left < -margin or right > w + margin or bottom > h + margin:
            return Guidance(GuidanceCode.PARTIAL_FACE, box)
        t, r, b, l = max(top, 0), min(right, w), min(bottom, h), max(left, 0)
        gray = gray_all[t:b, l:r]
        if gray.size == 0:
            return Guidance(GuidanceCode.PARTIAL_FACE, box)
        if fw / w > s.max_face_fraction:
            return Guidance(GuidanceCode.TOO_CLOSE, box)
        bright = _brightness(gray)
        if bright < s.min_brightness:
            return Guidance(GuidanceCode.TOO_DARK, box)
        if bright > s.max_brightness:
            return Guidance(GuidanceCode.TOO_BRIGHT, box)
        cx, cy = (l + r) / 2 / w - 0.5, (t + b) / 2 / h - 0.5
        if abs(cx) > s.centre_tolerance or abs(cy) > s.centre_tolerance + 0.08:
            return Guidance(GuidanceCode.OFF_CENTRE, box)
        return Guidance(GuidanceCode.OK, box)

    def analyse_for_guidance(self, frame: Frame) -> Guidance:
        """Fast guidance for the live view (detection on a downscaled frame, no landmarks)."""
        guidance = self._frame_guidance(frame, self.detect(frame))
        if guidance.code is GuidanceCode.OK and guidance.box is not None:
            # a face too small for a reliable encoding: ask to come closer
            if (guidance.box[1] - guidance.box[3]) < self.settings.min_eye_distance_px * 2.6:
                return Guidance(GuidanceCode.COME_CLOSER, guidance.box)
        return guidance

    def quality(self, frame: Frame) -> tuple[Guidance, Landmarks | None, float]:
        """Full quality gates on one frame: guidance code, landmarks of the single face (if any),
        and a quality score for best-frame selection (higher is better; 0 if not usable)."""
        s = self.settings
        boxes = self.detect(frame)
        guidance = self._frame_guidance(frame, boxes)
        if guidance.code not in (GuidanceCode.OK,) or guidance.box is None:
            return guidance, None, 0.0
        marks = self.landmarks(frame, guidance.box)
        le = np.mean(marks["left_eye"], axis=0)
        re = np.mean(marks["right_eye"], axis=0)
        eye_distance = float(np.linalg.norm(le - re))
        if eye_distance < s.min_eye_distance_px:
            return Guidance(GuidanceCode.COME_CLOSER, guidance.box), marks, 0.0
        top, right, bottom, left = guidance.box
        gray = cv2.cvtColor(frame[max(top, 0):bottom, max(left, 0):right], cv2.COLOR_BGR2GRAY)
        sharp = _sharpness(gray)
        if sharp < s.min_sharpness:
            return Guidance(GuidanceCode.BLURRY, guidance.box), marks, 0.0
        yaw = yaw_index(marks)
        if abs(yaw) > s.max_frontal_yaw:
            return Guidance(GuidanceCode.NOT_FRONTAL, guidance.box), marks, 0.0
        # prefer frontal, sharp, open-eyed, large faces
        score = (1.0 - abs(yaw) * 5) * min(sharp / 200.0, 1.0) * min(mean_ear(marks) / 0.3, 1.0) * eye_distance
        return guidance, marks, float(max(score, 1e-6))

    # -- encodings ---------------------------------------------------------------------------
    def encode(self, frame: Frame, box: Box, jitters: int = 1) -> npt.NDArray[np.float64]:
        """128-d encoding of one face box."""
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        return np.asarray(face_recognition.face_encodings(rgb, [box], num_jitters=jitters, model="small")[0])

    def prepare_reference(self, photo_bgr: Frame | None) -> Reference:
        """Encode the reference photo once per session. Small chip photos are upscaled and searched
        with upsampling; the encoding is the mean of the photo's and its mirror image's (no random
        jitter: the same photo always gives the same encoding).
        Raises NoFaceInReference (missing/corrupt photo, no face, or several faces)."""
        if photo_bgr is None or not isinstance(photo_bgr, np.ndarray) or photo_bgr.ndim != 3 or photo_bgr.size == 0:
            raise NoFaceInReference("the reference photo is missing or unreadable")
        img = photo_bgr
        if img.shape[0] < 300:
            # ID-chip photos are ~102x126: upscale so HOG and the encoder see a normal-size face
            factor = 300 / img.shape[0]
            img = cv2.resize(img, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        views = [img, np.ascontiguousarray(img[:, ::-1])] if self.settings.reference_mirror else [img]
        encodings = []
        for view in views:
            rgb = cv2.cvtColor(view, cv2.COLOR_BGR2RGB)
            boxes = face_recognition.face_locations(rgb, number_of_times_to_upsample=1, model="hog")
            if not boxes:
                boxes = face_recognition.face_locations(rgb, number_of_times_to_upsample=self.settings.reference_upsample, model="hog")
            if not boxes:
                if encodings:
                    break  # HOG missed only the mirror view: the photo itself was encoded
                raise NoFaceInReference("no face found in the reference photo")
            box = max(boxes, key=lambda b: (b[1] - b[3]) * (b[2] - b[0]))
            encodings.append(np.asarray(face_recognition.face_encodings(rgb, [box], num_jitters=1, model="small")[0]))
        return Reference(np.asarray(np.mean(np.stack(encodings), axis=0)))


def fuse(encodings: Sequence[npt.NDArray[np.float64]]) -> npt.NDArray[np.float64]:
    """Fuse several live encodings of one person into one (mean)."""
    if not encodings:
        raise ValueError("nothing to fuse")
    return np.asarray(np.mean(np.stack(encodings), axis=0))


def decide_distance(distance: float, calibration: Calibration) -> Outcome:
    """MATCH at or below the threshold, UNCERTAIN within the band above it, else NO_MATCH."""
    if distance <= calibration.threshold:
        return Outcome.MATCH
    if distance <= calibration.threshold + calibration.uncertain_band:
        return Outcome.UNCERTAIN
    return Outcome.NO_MATCH


class SessionState(enum.Enum):
    GUIDING = "guiding"       # waiting for a good frontal frame
    CHALLENGE = "challenge"   # liveness actions running
    READY = "ready"           # liveness passed, decide() may run
    SECOND_LOOK = "second_look"  # chip verdict uncertain: collecting a few more frames
    DECIDED = "decided"
    WIPED = "wiped"


_ALLOWED: dict[SessionState, set[SessionState]] = {
    SessionState.GUIDING: {SessionState.CHALLENGE, SessionState.DECIDED, SessionState.WIPED},
    SessionState.CHALLENGE: {SessionState.READY, SessionState.DECIDED, SessionState.WIPED},
    SessionState.READY: {SessionState.SECOND_LOOK, SessionState.DECIDED, SessionState.WIPED},
    SessionState.SECOND_LOOK: {SessionState.READY, SessionState.DECIDED, SessionState.WIPED},
    SessionState.DECIDED: {SessionState.GUIDING, SessionState.WIPED},
    SessionState.WIPED: set(),
}


@dataclass
class _SurfaceBaseline:
    """The last frontal frame of the challenge (grey, memory only) and the corners to track."""

    grey: npt.NDArray[np.uint8]
    corners: npt.NDArray[np.float32]
    nose_x: float
    eye_distance: float

    def wipe(self) -> None:
        self.grey.fill(0)


@dataclass
class _Candidate:
    score: float
    frame: Frame
    box: Box


@dataclass
class _Encoded:
    """A live encoding made during the session (memory only) and its frame's quality score."""

    score: float
    encoding: Encoding

    def wipe(self) -> None:
        self.encoding.fill(0)


class VerificationSession:
    """One citizen's 1:1 verification: feed frames with `feed(t, frame)`, show `guidance` and
    `challenge.current`, then call `decide()` once `state` is READY (or when time runs out).

    Frames are only kept for the best few candidates, in memory; `wipe()` drops them."""

    def __init__(self, pipeline: FacePipeline, reference: Reference, rng: random.Random,
                 comparator: Comparator | None = None) -> None:
        self.pipeline = pipeline
        self.settings = pipeline.settings
        self.reference = reference
        # None: compare locally with `reference` (the chip); else the centre compares
        self.comparator = comparator
        self._looked_again = False
        self._look_start: float | None = None
        self._look_last: float | None = None
        self.rng = rng
        self.attempts_used = 0
        self.state = SessionState.GUIDING
        self.guidance = Guidance(GuidanceCode.NO_FACE)
        self._candidates: list[_Candidate] = []
        self._encoded: list[_Encoded] = []  # encoded while the citizen looked at the camera
        self._encoded_at: float | None = None
        self._start: float | None = None
        self._camera_lost = False
        self._ir_camera = False  # latched once an IR image came: from then on every frame needs one
        self._surface: _SurfaceBaseline | None = None
        self.challenge = Challenge(random_challenge(rng), self.settings.challenge_time_limit, rng)

    @property
    def current_action(self) -> Action | None:
        """The action to ask for now (None before the challenge starts or after it ends)."""
        return self.challenge.current if self.state is SessionState.CHALLENGE else None

    @property
    def turn_further(self) -> bool:
        """True while the citizen's turn stopped short and they are asked to turn a little further."""
        return self.state is SessionState.CHALLENGE and self.challenge.further

    def _move(self, new: SessionState) -> None:
        if new not in _ALLOWED[self.state]:
            raise RuntimeError(f"illegal face-session move {self.state.value} -> {new.value}")
        log.info("face session %s -> %s", self.state.value, new.value)
        self.state = new

    def _keep(self, score: float, frame: Frame, box: Box) -> None:
        self._candidates.append(_Candidate(score, frame.copy(), box))
        self._candidates.sort(key=lambda c: -c.score)
        del self._candidates[self.settings.frames_to_fuse:]

    def _encode_now(self, t: float, score: float, frame: Frame, box: Box) -> None:
        """Encode a good frame of a pause now (so that `decide()` has nothing left to encode)
        when fewer than `frames_to_fuse` are encoded, or it is clearly better than the worst."""
        s = self.settings
        if self._encoded_at is not None and t - self._encoded_at < s.encode_gap_s:
            return
        if len(self._encoded) >= s.frames_to_fuse and score < self._encoded[-1].score * s.encode_better_by:
            return
        self._encoded_at = t
        self._encoded.append(_Encoded(score, self.pipeline.encode(frame, box)))
        self._encoded.sort(key=lambda e: -e.score)
        for dropped in self._encoded[s.frames_to_fuse:]:
            dropped.wipe()
        del self._encoded[s.frames_to_fuse:]

    def _observe(self, t: float, frame: Frame, marks: Landmarks, box: Box, ir: npt.NDArray[np.uint8] | None) -> ChallengeState:
        """One challenge observation, with the texture motion since the last frontal frame."""
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        surface: Motion | None = None
        if self._surface is not None and not self.challenge.baseline_frame:
            b = self._surface
            surface = surface_motion(b.grey, b.corners, grey, b.nose_x, b.eye_distance)
        state = self.challenge.observe(t, marks, self._ir_face(ir, box), surface)
        if self.challenge.baseline_frame:
            top, right, bottom, left = box
            mask = np.zeros_like(grey)
            mask[max(top, 0):bottom, max(left, 0):right] = 255
            corners = cv2.goodFeaturesToTrack(grey, 200, 0.01, 5, mask=mask)
            if self._surface is not None:
                self._surface.wipe()
            le, re = np.mean(marks["left_eye"], axis=0), np.mean(marks["right_eye"], axis=0)
            self._surface = _SurfaceBaseline(grey, corners if corners is not None else np.zeros((0, 1, 2), np.float32),
                                             float(np.mean([p[0] for p in marks["nose_bridge"]])),
                                             float(np.linalg.norm(le - re)))
        else:
            grey.fill(0)
        return state

    def _ir_face(self, ir: npt.NDArray[np.uint8] | None, box: Box | None) -> bool | None:
        """None without an IR camera; else whether IR shows a face at the RGB face's place."""
        if ir is not None:
            self._ir_camera = True
        if not self._ir_camera:
            return None
        return ir is not None and box is not None and self.pipeline.ir_face_at(ir, box)

    def feed(self, t: float, frame: Frame | None, ir: npt.NDArray[np.uint8] | None = None) -> SessionState:
        """Process the frame captured at time t (None: the camera went away). `ir`: the binocular
        camera's near-infrared image of the same moment (Frame.ir), registered to the frame."""
        if self.state is SessionState.SECOND_LOOK:
            return self._feed_second_look(t, frame, ir)
        if self.state in (SessionState.READY, SessionState.DECIDED, SessionState.WIPED):
            return self.state
        if self._start is None:
            self._start = t
        if frame is None:
            self._camera_lost = True
            return self.state
        if t - self._start > self.settings.session_time_limit:
            return self.state
        guidance, marks, score = self.pipeline.quality(frame)
        # during the challenge, turned heads are expected: keep the detection guidance
        self.guidance = guidance
        if self.state is SessionState.GUIDING:
            if score > 0 and guidance.box is not None:
                self._keep(score, frame, guidance.box)
                self._move(SessionState.CHALLENGE)
                self._observe(t, frame, marks, guidance.box, ir)  # type: ignore[arg-type]
                self._encode_now(t, score, frame, guidance.box)
            return self.state
        # CHALLENGE
        if marks is not None and guidance.code in (GuidanceCode.OK, GuidanceCode.NOT_FRONTAL, GuidanceCode.BLURRY, GuidanceCode.COME_CLOSER):
            # a pause: nothing is asked, so a slow frame (an encoding) misses no action
            pause = self.challenge.state is ChallengeState.HOLD
            if score > 0 and guidance.box is not None:
                self._keep(score, frame, guidance.box)
            result = self._observe(t, frame, marks, guidance.box, ir) if guidance.box is not None else self.challenge.tick(t)
            if pause and score > 0 and guidance.box is not None and result is ChallengeState.HOLD:
                self._encode_now(t, score, frame, guidance.box)
        else:
            # no face / several faces during the challenge: only the clock runs
            if guidance.code is GuidanceCode.SEVERAL_FACES:
                self._drop_candidates()  # someone else in view: do not fuse frames across people
            result = self.challenge.tick(t)
        if result is ChallengeState.PASSED:
            self._move(SessionState.READY)
        return self.state

    def _feed_second_look(self, t: float, frame: Frame | None, ir: npt.NDArray[np.uint8] | None) -> SessionState:
        """Liveness has passed; keep a few more good frontal frames, spaced apart, after giving the
        citizen time to follow the advice (glasses, light, look straight). With an IR camera a
        kept frame must show the face in IR too (a phone held up now would otherwise be compared)."""
        s = self.settings
        if self._look_start is None:
            self._look_start = t
        if frame is None:
            self._camera_lost = True
            return self.state
        guidance, _marks, score = self.pipeline.quality(frame)
        self.guidance = guidance
        if guidance.code is GuidanceCode.SEVERAL_FACES:
            self._drop_candidates()  # someone else in view: start again
            return self.state
        settled = t - self._look_start >= s.second_look_settle_s
        spaced = self._look_last is None or t - self._look_last >= s.second_look_gap_s
        if (settled and spaced and score > 0 and guidance.box is not None
                and self._ir_face(ir, guidance.box) is not False):
            self._candidates.append(_Candidate(score, frame.copy(), guidance.box))
            # encoded as it is taken (frames are >= second_look_gap_s apart): decide() is instant
            self._encoded.append(_Encoded(score, self.pipeline.encode(frame, guidance.box)))
            self._look_last = t
            if len(self._candidates) >= s.second_look_frames:
                self._move(SessionState.READY)
        return self.state

    @property
    def second_look_progress(self) -> tuple[int, int] | None:
        """(frames taken, frames wanted) during the second look, else None."""
        if self.state is not SessionState.SECOND_LOOK:
            return None
        return len(self._candidates), self.settings.second_look_frames

    def _drop_candidates(self) -> None:
        for c in self._candidates:
            c.frame.fill(0)
        self._candidates.clear()
        for e in self._encoded:
            e.wipe()
        self._encoded.clear()
        self._encoded_at = None

    def timed_out(self, t: float) -> bool:
        """True when the session or challenge time limit has passed at time t."""
        if self.state is SessionState.SECOND_LOOK:
            return self._look_start is not None and t - self._look_start > self.settings.second_look_time_limit
        if self._start is None:
            return False
        return t - self._start > self.settings.session_time_limit or self.challenge.state is ChallengeState.FAILED

    def _verdict(self, outcome: Outcome, distance: float | None = None, kind: ReferenceKind | None = None,
                 to_staff: bool = False) -> Verdict:
        self.attempts_used += 1
        left = max(self.settings.max_attempts - self.attempts_used, 0)
        to_staff = to_staff or outcome in (Outcome.UNCERTAIN, Outcome.CAMERA_LOST) or (
            outcome is not Outcome.MATCH and left == 0)
        log.info("face verdict %s (attempt %d, reference=%s, staff=%s)", outcome.value, self.attempts_used,
                 kind.value if kind is not None else "-", to_staff)
        if self.state is not SessionState.DECIDED:
            self._move(SessionState.DECIDED)
        self._drop_candidates()
        self._drop_surface()
        return Verdict(outcome, left, to_staff, distance, kind)

    def _compare(self) -> Comparison:
        # normally encoded during the pauses already; else (someone else stepped into view during
        # the last pause) the best kept frame is encoded now
        live = [e.encoding.copy() for e in self._encoded] or [
            self.pipeline.encode(self._candidates[0].frame, self._candidates[0].box)]
        try:
            if self.comparator is not None:
                return self.comparator.compare(live)
            if self.reference.encoding is None:
                return Comparison(Outcome.UNCERTAIN, self.reference.kind)
            fused = fuse(live)
            distance = float(np.linalg.norm(fused - self.reference.encoding))
            fused.fill(0)
            return Comparison(decide_distance(distance, self.settings.calibration), self.reference.kind, distance)
        finally:
            for enc in live:
                enc.fill(0)

    def _drop_surface(self) -> None:
        if self._surface is not None:
            self._surface.wipe()
            self._surface = None

    def decide(self) -> Verdict:
        """Final decision for this attempt. Before liveness passed: LIVENESS_FAILED (challenge
        expired), TIMEOUT or CAMERA_LOST. After: fused encoding of the best frames vs reference
        (locally, or by the comparator). An uncertain chip verdict returns LOOK_AGAIN once per
        attempt (state SECOND_LOOK: feed more frames, then decide again); after that second look
        anything but MATCH goes to staff."""
        if self.state is SessionState.WIPED:
            raise RuntimeError("session was wiped")
        second_look = self._looked_again
        if self.state is SessionState.SECOND_LOOK:
            if self._camera_lost:
                return self._verdict(Outcome.CAMERA_LOST, kind=ReferenceKind.CHIP)
            if len(self._candidates) < 2:  # time ran out before enough good frames: staff
                return self._verdict(Outcome.UNCERTAIN, kind=ReferenceKind.CHIP)
            self._move(SessionState.READY)
        if self.state is not SessionState.READY:
            if self._camera_lost:
                return self._verdict(Outcome.CAMERA_LOST)
            if self.challenge.state is ChallengeState.FAILED:
                return self._verdict(Outcome.LIVENESS_FAILED)
            return self._verdict(Outcome.TIMEOUT)
        if not self._candidates:
            return self._verdict(Outcome.UNCERTAIN, kind=self.reference.kind)
        result = self._compare()
        if (result.outcome is Outcome.UNCERTAIN and result.kind is ReferenceKind.CHIP and not second_look
                and self.settings.second_look_frames > 0):
            # the chip photo is a poor reference: look again with better frames before staff
            self._looked_again = True
            self._drop_candidates()
            self._look_start = self._look_last = None
            self._move(SessionState.SECOND_LOOK)
            log.info("face verdict uncertain (reference=chip): second look")
            left = max(self.settings.max_attempts - self.attempts_used - 1, 0)
            return Verdict(Outcome.LOOK_AGAIN, left, False, None, ReferenceKind.CHIP)
        # after a second look, anything but a match goes to staff
        return self._verdict(result.outcome, result.distance, result.kind,
                             to_staff=second_look and result.outcome is not Outcome.MATCH)

    def retry(self) -> bool:
        """Start a new attempt (new random challenge). False when the attempt limit is reached."""
        if self.attempts_used >= self.settings.max_attempts or self.state is not SessionState.DECIDED:
            return False
        self._move(SessionState.GUIDING)
        self._start = None
        self._camera_lost = False
        self._looked_again = False
        self.challenge = Challenge(random_challenge(self.rng), self.settings.challenge_time_limit, self.rng)
        return True

    def wipe(self) -> None:
        """Clear frame buffers and encodings (call when the step ends, whatever the outcome)."""
        self._drop_candidates()
        self._drop_surface()
        self.reference.wipe()
        if self.state is not SessionState.WIPED:
            self._move(SessionState.WIPED)
