"""Presentation attacks as frame sources (ISO/IEC 30107-3 "presentation attack instruments"),
next to the genuine `CooperativeCitizen` and the plain `StillPhoto` in cooperative.py.

Each class has `frame_at(t) -> BGR frame`; the binocular simulator (binocular.py) also asks
`ir_at(t, rgb) -> grey IR frame` where a source defines it (a screen emits no near-infrared, so
a replay on a phone or tablet is empty in IR; a paper print reflects the IR illuminator like
skin does, so prints use the default IR rendering and must be stopped by the 3-D check).

- `JitteredStill`: a print held in a trembling hand (small random in-plane shift, rotation, scale).
- `FoldedPrint`: a print folded along the nose into a shallow V and tilted back, rocked to fake
  head turns and tilted further to fake a blink (eyes look shorter as the sheet tilts back).
  Looped by default; with `responsive=True` the attacker bends it on request (`perform`), the
  strongest form, which only the 3-D check can stop.
- `AnimatedPhoto`: a pre-made animation of one photo (eyes painted shut, 2-D warp for turns: what
  `CooperativeCitizen` renders), played in a loop covering blinks and both turn directions.
- `ScreenReplay`: a screen held up to the camera showing a responsive rendering of the person
  (the cooperative citizen); IR shows only the dark screen and the illuminator's glare.

Test/benchmark use only; imports only numpy and cv2 (no face library)."""

from __future__ import annotations

import math

import cv2
import numpy as np
import numpy.typing as npt

from devices.camera.cooperative import CooperativeCitizen, Landmarks, _fit, _geometry_in_photo

Image = npt.NDArray[np.uint8]

BACKGROUND = 96  # the grey of the simulated room behind a held-up sheet


_NOISE: dict[tuple[int, ...], list[npt.NDArray[np.float32]]] = {}


def _noisy(frame: Image, rng: np.random.Generator, sigma: float = 2.0) -> Image:
    """Sensor noise, as a real camera adds to whatever it films (a bank of fields drawn once
    per frame size, picked at random: drawing them per frame is slower than face detection)."""
    bank = _NOISE.setdefault(frame.shape, [np.random.default_rng(i).normal(0, sigma, frame.shape).astype(np.float32)
                                           for i in range(6)])
    return cv2.add(frame, bank[int(rng.integers(len(bank)))], dtype=cv2.CV_8U)


class JitteredStill:
    """A still print held by hand: every frame the sheet moves a little (smooth random walk of
    shift ±6 px, rotation ±3°, scale ±3 %) but stays one flat sheet facing the camera."""

    def __init__(self, photo_bgr: Image, size: tuple[int, int] = (640, 480), seed: int = 0,
                 landmarks: Landmarks | None = None) -> None:
        self._frame, self._geo = _fit(photo_bgr, size, _geometry_in_photo(photo_bgr, landmarks))
        self._rng = np.random.default_rng(seed)
        self._phases = self._rng.uniform(0, 2 * math.pi, 8)
        self._size = size

    def frame_at(self, t: float) -> Image | None:
        p = self._phases
        # sums of incommensurate sines: smooth, never repeating, like a hand's tremor
        dx = 4.0 * math.sin(2.1 * t + p[0]) + 2.0 * math.sin(5.3 * t + p[1])
        dy = 4.0 * math.sin(1.7 * t + p[2]) + 2.0 * math.sin(4.1 * t + p[3])
        angle = 2.0 * math.sin(1.3 * t + p[4]) + 1.0 * math.sin(3.7 * t + p[5])
        scale = 1.0 + 0.02 * math.sin(0.9 * t + p[6]) + 0.01 * math.sin(2.9 * t + p[7])
        g = self._geo
        m = cv2.getRotationMatrix2D((g.x + g.w / 2, g.y + g.h / 2), angle, scale)
        m[:, 2] += (dx, dy)
        frame = cv2.warpAffine(self._frame, m, self._size, flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=(BACKGROUND,) * 3)
        return _noisy(frame, self._rng)


class FoldedPrint:
    """A printed face folded along the nose line and held tilted back, moved as a rigid pair of
    planes in front of a pinhole camera.

    Pose per frame: fold (each half turned `fold_deg` away about the nose line), yaw (the whole
    sheet rotated about the vertical axis: one half gets wider, the other narrower, and the nose
    line moves sideways between the jaw ends as in a head turn), pitch (tilt back: everything,
    eyes included, gets shorter, which a landmark blink detector reads as closing eyes).

    Looped (default): yaw ±`turn_deg` and a pitch dip every `period` s, in a fixed pattern.
    Responsive: stays still until `perform("blink" | "turn_left" | "turn_right", at=t)`."""

    BLINK_S = 0.35
    TURN_S = 1.2

    def __init__(self, photo_bgr: Image, size: tuple[int, int] = (640, 480), seed: int = 0,
                 landmarks: Landmarks | None = None, responsive: bool = False, fold_deg: float = 25.0,
                 tilt_deg: float = 20.0, turn_deg: float = 28.0, blink_tilt_deg: float = 48.0,
                 period: float = 4.0, focal_px: float = 900.0) -> None:
        in_photo = _geometry_in_photo(photo_bgr, landmarks)
        self._frame, self._geo = _fit(photo_bgr, size, in_photo)
        self._rng = np.random.default_rng(seed)
        self._size = size
        self._responsive = responsive
        self._fold, self._tilt, self._turn = math.radians(fold_deg), math.radians(tilt_deg), math.radians(turn_deg)
        self._blink_tilt = math.radians(blink_tilt_deg)
        self._period = period
        self._phase = float(self._rng.uniform(0, period))
        self._f = focal_px
        self._actions: list[tuple[str, float]] = []
        g = self._geo
        # the fold line: vertical through the nose (the photo's nose bridge when landmarks are
        # given, else the face centre)
        self._axis_x = g.x + g.w / 2.0
        if landmarks is not None:
            nose_x = float(np.mean([p[0] for p in landmarks["nose_bridge"]]))
            self._axis_x = g.x + (nose_x - in_photo.x) * g.w / max(in_photo.w, 1)
        self._centre_y = g.y + g.h / 2.0
        w, h = size
        left = np.zeros((h, w), np.uint8)
        left[:, : int(self._axis_x)] = 255
        self._half_masks = (left, 255 - left)

    def perform(self, action: str, at: float, further: bool = False) -> None:
        """Responsive mode: bend or tilt the sheet for the asked action from time `at` (asked to
        turn further, the attacker rocks the sheet the same way again, as far as before: its
        turn is already a large one)."""
        if action not in ("blink", "turn_left", "turn_right"):
            raise ValueError(f"unknown action {action!r}")
        self._actions.append((action, at))

    def _pose(self, t: float) -> tuple[float, float]:
        """(yaw, extra pitch) in radians at time t."""
        if not self._responsive:
            u = ((t + self._phase) % self._period) / self._period
            yaw = self._turn * math.sin(2 * math.pi * u)
            # a quick tilt-back dip around each quarter where the yaw crosses frontal
            dip = max(0.0, 1.0 - abs(u - 0.5) / 0.06) + max(0.0, 1.0 - min(u, 1 - u) / 0.06)
            return yaw, self._blink_tilt * min(dip, 1.0)
        yaw, pitch = 0.0, 0.0
        for action, start in self._actions:
            phase = t - start
            if action == "blink" and 0 <= phase < self.BLINK_S:
                pitch += self._blink_tilt * math.sin(math.pi * phase / self.BLINK_S)
            elif action != "blink" and 0 <= phase < self.TURN_S:
                ramp = min(phase / 0.25, 1.0, (self.TURN_S - phase) / 0.25)
                rocked = (-1.0 if action == "turn_left" else 1.0) * self._turn * ramp
                yaw = rocked if abs(rocked) > abs(yaw) else yaw  # a second request rocks as far, not twice as far
        return yaw, pitch

    def _project(self, pts: npt.NDArray[np.float64], side: float, yaw: float, pitch: float) -> npt.NDArray[np.float32]:
        """Image positions of sheet points (pixels of the fitted frame) on one half (side -1 left,
        +1 right) after folding, tilting and turning the sheet, seen by a pinhole camera whose
        frontal view of the flat sheet is the fitted frame itself."""
        f = self._f
        x = pts[:, 0] - self._axis_x
        y = pts[:, 1] - self._centre_y
        # fold: each half turns away from the camera about the nose line (a V pointing at the lens)
        X = x * math.cos(self._fold)
        Z = f + np.abs(x) * math.sin(self._fold)
        # tilt back: the top of the sheet moves away
        tilt = self._tilt + pitch
        Y = y * math.cos(tilt)
        Z = Z - y * math.sin(tilt)
        # yaw about the vertical axis through the fold line. Positive yaw narrows the left half,
        # so the nose line ends up nearer the left jaw end: what a head turning to the citizen's
        # own right ("turn_right") looks like
        Xr = X * math.cos(yaw) + (Z - f) * math.sin(yaw)
        Zr = f - X * math.sin(yaw) + (Z - f) * math.cos(yaw)
        u = f * Xr / Zr + self._axis_x
        v = f * Y / Zr + self._centre_y
        return np.stack([u, v], axis=1).astype(np.float32)

    def frame_at(self, t: float) -> Image | None:
        yaw, pitch = self._pose(t)
        w, h = self._size
        out = np.full((h, w, 3), BACKGROUND, np.uint8)
        for side, mask in zip((-1.0, 1.0), self._half_masks):
            x0, x1 = (0.0, self._axis_x) if side < 0 else (self._axis_x, float(w))
            src = np.array([[x0, 0], [x1, 0], [x1, h], [x0, h]], np.float64)
            # a sheet edge exactly on the fold maps through both halves; nudge it off the axis
            src[:, 0] = np.where(np.abs(src[:, 0] - self._axis_x) < 1e-6, self._axis_x + side * 1e-3, src[:, 0])
            dst = self._project(src, side, yaw, pitch)
            m = cv2.getPerspectiveTransform(src.astype(np.float32), dst)
            half = cv2.warpPerspective(self._frame, m, (w, h), flags=cv2.INTER_LINEAR)
            cover = cv2.warpPerspective(mask, m, (w, h), flags=cv2.INTER_NEAREST)
            out[cover > 0] = half[cover > 0]
        return _noisy(out, self._rng)


class AnimatedPhoto:
    """A pre-made animation of a photo (eyes painted shut, 2-D warp for the turns), looped: the
    attacker does not know which actions the kiosk will ask, so the loop covers all of them:
    blink, turn left and back, blink, turn right and back, then still, every `period` seconds,
    from a random starting point."""

    def __init__(self, photo_bgr: Image, size: tuple[int, int] = (640, 480), seed: int = 0,
                 landmarks: Landmarks | None = None, period: float = 6.0) -> None:
        self._period = period
        self._phase = float(np.random.default_rng(seed).uniform(0, period))
        self._citizen = CooperativeCitizen(photo_bgr, size=size, seed=seed, landmarks=landmarks)
        for at, action in ((0.5, "blink"), (1.2, "turn_left"), (3.0, "blink"), (3.7, "turn_right")):
            self._citizen.perform(action, at=at)

    def frame_at(self, t: float) -> Image | None:
        return self._citizen.frame_at((t + self._phase) % self._period)


class ScreenReplay:
    """A phone or tablet held up to the camera, playing a rendering of the person that follows
    the kiosk's requests (the strongest replay: a live-driven video). RGB shows the person; the
    screen emits no near-infrared, so IR shows a dark rectangle with the illuminator's glare."""

    def __init__(self, photo_bgr: Image, size: tuple[int, int] = (640, 480), seed: int = 0,
                 landmarks: Landmarks | None = None) -> None:
        self._citizen = CooperativeCitizen(photo_bgr, size=size, seed=seed, landmarks=landmarks)
        self._rng = np.random.default_rng(seed + 1)
        self._size = size

    def perform(self, action: str, at: float, further: bool = False) -> None:
        self._citizen.perform(action, at, further)

    def frame_at(self, t: float) -> Image | None:
        return self._citizen.frame_at(t)

    def ir_at(self, t: float, rgb: Image | None) -> Image | None:
        w, h = self._size
        ir = np.full((h, w), 40, np.float32)
        cv2.rectangle(ir, (w // 5, h // 10), (w * 4 // 5, h * 9 // 10), 18, -1)  # the screen: no NIR
        glare = np.zeros((h, w), np.float32)
        cv2.circle(glare, (w // 2 + 40, h // 3), 30, 200, -1)  # the illuminator reflected by the glass
        ir += cv2.GaussianBlur(glare, (0, 0), 12)
        ir += self._rng.normal(0, 3.0, ir.shape)
        return np.clip(ir, 0, 255).astype(np.uint8)
