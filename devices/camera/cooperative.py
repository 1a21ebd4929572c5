"""Frame sources that stand in for a citizen in front of the camera, made from one still photo.

`CooperativeCitizen` looks alive: small natural motion and sensor noise, a blink (upper lids
slid down and painted shut for ~200 ms) and head turns on request (rendered from a 3-D face,
head3d.py, when the photo's landmarks are given; else a smooth 2-D warp that moves the centre of
the face sideways relative to its outline). `StillPhoto` replays the same
picture (a photo held up to the camera): the replay attack.

Duck-typed frame sources: `frame_at(t) -> BGR uint8 HxWx3 | None`. Imports only numpy and cv2
so it works with whatever camera simulator consumes it. Test/demo use only."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import cv2
import numpy as np
import numpy.typing as npt

from devices.camera.head3d import HeadMesh

Image = npt.NDArray[np.uint8]

Point = tuple[float, float]
# 68-point layout names (as face_recognition returns them); only these are used
Landmarks = Mapping[str, Sequence[Point]]


@dataclass(frozen=True)
class _FaceGeometry:
    x: int
    y: int
    w: int
    h: int
    eyes: tuple[tuple[int, int, int, int], ...]  # x, y, w, h of each eye box
    # the 6-point eye contours (dlib order: outer/inner corner p1, p4; upper lid p2, p3; lower
    # lid p5, p6), when landmarks were given
    eye_contours: tuple[npt.NDArray[np.float64], ...] = ()


def _geometry_in_photo(photo: Image, landmarks: Landmarks | None) -> _FaceGeometry:
    """Face box and eye boxes in photo coordinates: from landmarks when given (OpenCV 5 dropped
    the Haar cascades, and this module imports no face library), else the proportions of a
    centred portrait."""
    if landmarks is not None:
        pts = np.array([p for name in ("chin", "left_eyebrow", "right_eyebrow") for p in landmarks[name]], np.float64)
        x0, y0 = pts.min(axis=0)
        x1, y1 = pts.max(axis=0)
        eyes = []
        for name in ("left_eye", "right_eye"):
            e = np.array(landmarks[name], np.float64)
            ex0, ey0 = e.min(axis=0)
            ex1, ey1 = e.max(axis=0)
            ew, eh = ex1 - ex0, max(ey1 - ey0, (ex1 - ex0) * 0.3)
            eyes.append((int(ex0 - ew * 0.25), int(ey0 - eh * 0.6), int(ew * 1.5), int(eh * 2.2)))
        contours = tuple(np.array(landmarks[name], np.float64) for name in ("left_eye", "right_eye"))
        return _FaceGeometry(int(x0), int(y0), int(x1 - x0), int(y1 - y0), tuple(eyes), contours)
    h_img, w_img = photo.shape[:2]
    w = int(min(w_img, h_img) * 0.5)
    h = int(w * 1.2)
    x, y = (w_img - w) // 2, (h_img - h) // 2
    ew, eh = int(w * 0.22), int(h * 0.16)
    return _FaceGeometry(x, y, w, h, ((x + int(w * 0.2), y + int(h * 0.3), ew, eh), (x + int(w * 0.58), y + int(h * 0.3), ew, eh)))


def _fit_transform(size: tuple[int, int], geo: _FaceGeometry,
                   face_width_fraction: float = 0.36) -> tuple[float, float, float]:
    """(scale, dx, dy) that put the face in the middle of the frame at ~36 % of its width."""
    width, height = size
    scale = width * face_width_fraction / max(geo.w, 1)
    cx, cy = (geo.x + geo.w / 2) * scale, (geo.y + geo.h / 2) * scale
    return scale, width / 2 - cx, height / 2 - cy


def _fit(photo: Image, size: tuple[int, int], geo: _FaceGeometry,
         face_width_fraction: float = 0.36) -> tuple[Image, _FaceGeometry]:
    """Scale and shift the photo so the face is centred and ~36 % of the frame width."""
    width, height = size
    scale, dx, dy = _fit_transform(size, geo, face_width_fraction)
    m = np.array([[scale, 0, dx], [0, scale, dy]], dtype=np.float64)
    frame = cv2.warpAffine(photo, m, (width, height), flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_REPLICATE)

    def move(b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        return (int(b[0] * scale + dx), int(b[1] * scale + dy), int(b[2] * scale), int(b[3] * scale))

    fx, fy, fw, fh = move((geo.x, geo.y, geo.w, geo.h))
    contours = tuple(c * scale + np.array([dx, dy]) for c in geo.eye_contours)
    return frame, _FaceGeometry(fx, fy, fw, fh, tuple(move(e) for e in geo.eyes), contours)


def _closed_lid(img: Image, contour: npt.NDArray[np.float64]) -> Image:
    """`img` with the eye of this 6-point contour shut, drawn from the contour: the eye opening,
    a little enlarged, is filled with the skin of the lid (sampled just above the eye, below the
    brow), the closed lid's lash line is drawn along the lower lid where the lids meet, and the
    seam is blurred. A closed eye has no white and no iris, only skin and a dark curved line where
    the lids meet: that is what dlib's eye points lock onto (painting a flat blob left the eye
    landmarks wide open on some faces, the blob read as a wide eye)."""
    p = contour
    outer, inner = p[0], p[3]
    width = float(np.linalg.norm(inner - outer))
    if width < 4:
        return img
    height = max(float(np.linalg.norm(p[1] - p[5]) + np.linalg.norm(p[2] - p[4])) / 2, 0.2 * width)
    centre = p.mean(axis=0)
    h_img, w_img = img.shape[:2]
    # the eye opening grown a little (the lid covers the whole opening and a rim around it)
    grown = centre + (p - centre) * np.array([1.15, 1.6])
    mask = np.zeros((h_img, w_img), np.float32)
    cv2.fillPoly(mask, [np.round(grown).astype(np.int32)], 1.0, cv2.LINE_AA)
    mask = cv2.GaussianBlur(mask, (0, 0), max(height * 0.35, 1.0))
    # lid skin: the band between the upper lid and the brow, right above this eye
    top = float(min(p[1][1], p[2][1]))
    y0, y1 = int(max(top - 1.1 * height, 0)), int(max(top - 0.35 * height, 1))
    xs = sorted((outer[0], inner[0]))
    x0, x1 = int(max(xs[0] + 0.15 * width, 0)), int(min(xs[1] - 0.15 * width, w_img))
    band = img[y0:y1, x0:x1].reshape(-1, 3)
    skin = np.median(band, axis=0) if band.size else np.array([150.0, 170.0, 200.0])
    lid = np.empty_like(img, dtype=np.float32)
    lid[:] = skin.astype(np.float32)
    # a lid is a little darker towards its edge (the shadow of the brow ridge is above it)
    yy = np.arange(h_img, dtype=np.float32)[:, None, None]
    shade = np.clip(1.0 - 0.10 * (yy - top) / max(height, 1.0), 0.82, 1.0)
    lid = lid * shade
    a = mask[..., None]
    out = img.astype(np.float32) * (1 - a) + lid * a
    # the lash line: outer corner to inner corner through the lower lid, sagging like a shut lid
    lower_mid = (p[4] + p[5]) / 2
    sag = lower_mid[1] - (outer[1] + inner[1]) / 2
    ts = np.linspace(0.0, 1.0, 12)
    line = np.array([outer + (inner - outer) * t + np.array([0.0, 4 * t * (1 - t) * max(sag, 0.15 * height)])
                     for t in ts])
    lashes = np.zeros((h_img, w_img), np.float32)
    cv2.polylines(lashes, [np.round(line * 4).astype(np.int32)], False, 1.0, max(int(round(height * 0.35)), 1) + 1,
                  cv2.LINE_AA, shift=2)
    lashes = cv2.GaussianBlur(lashes, (0, 0), max(height * 0.12, 0.6))
    dark = np.array([35.0, 30.0, 32.0], np.float32)
    l = np.clip(lashes, 0, 1)[..., None] * 0.9
    out = out * (1 - l) + dark * l
    return np.clip(out, 0, 255).astype(np.uint8)


class StillPhoto:
    """Replay attack: the same picture every frame (optionally with sensor noise, as a photo held
    up to a real camera would still show)."""

    def __init__(self, photo_bgr: Image, size: tuple[int, int] = (640, 480), noise: float = 0.0, seed: int = 0,
                 landmarks: Landmarks | None = None) -> None:
        self._frame, _ = _fit(photo_bgr, size, _geometry_in_photo(photo_bgr, landmarks))
        self._noise = noise
        self._rng = np.random.default_rng(seed)

    def frame_at(self, t: float) -> Image | None:
        """The held-up photo at time t (identical content, only noise differs)."""
        if self._noise <= 0:
            return self._frame.copy()
        noisy = self._frame.astype(np.float32) + self._rng.normal(0, self._noise, self._frame.shape)
        return np.clip(noisy, 0, 255).astype(np.uint8)


class CooperativeCitizen:
    """A live-looking citizen synthesised from a still photo; does what the kiosk asks.

    `perform(action, at=t)` with action "blink", "turn_left" (citizen's own left: the nose moves
    to the image's right) or "turn_right"; a turn is held for `turn_hold` seconds.
    `perform(turn, at=t, further=True)`: the kiosk said "a little further": the citizen turns the
    same way again, TURN_FURTHER times as far as their last turn that way, never beyond
    TURN_MAX_DEG (a person asked to turn further turns further, not arbitrarily far: a face that
    still reads as under the kiosk's threshold then stays under it). `leave(at=t)` simulates the
    camera going away (frame_at returns None afterwards). `landmarks` (68-point names, photo
    coordinates) place the face and eyes, and the turn is rendered from a 3-D face (head3d.py);
    without them a centred portrait is assumed and the turn is a 2-D warp."""

    BLINK_S = 0.2
    # A person's turn when asked "turn your head slowly to your left": a modest turn, not the
    # 45°+ a neck allows; asked for more, they turn half as far again, up to what still keeps
    # their eyes on the kiosk's screen. Chosen as a plausible person, checked on the tuning
    # split only (benchmarks/face.md "Fourth sitting").
    TURN_DEG = 20.0
    TURN_FURTHER = 1.5
    TURN_MAX_DEG = 35.0

    def __init__(self, photo_bgr: Image, size: tuple[int, int] = (640, 480), fps: float = 15.0,
                 seed: int = 0, turn_hold: float = 0.8, landmarks: Landmarks | None = None) -> None:
        self.size = size
        self.fps = fps
        in_photo = _geometry_in_photo(photo_bgr, landmarks)
        self._base, self._geo = _fit(photo_bgr, size, in_photo)
        self._mesh: HeadMesh | None = None
        if landmarks is not None:
            scale, dx, dy = _fit_transform(size, in_photo)
            fitted = {name: [(p[0] * scale + dx, p[1] * scale + dy) for p in pts] for name, pts in landmarks.items()}
            self._mesh = HeadMesh(fitted, size)
        self._rng = np.random.default_rng(seed)
        self._actions: list[tuple[str, float]] = []
        self._turns: list[tuple[float, float]] = []  # (start, signed degrees) of each turn asked
        self._turn_hold = turn_hold
        self._gone_at: float | None = None
        self._closed = self._make_closed_eyes()
        w, h = size
        self._grid_x, self._grid_y = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
        g = self._geo
        # Gaussian displacement profile centred on the face, computed once (it depends only on
        # where the face is): the middle of the face (nose) moves most, the outline stays.
        cx, cy = g.x + g.w / 2, g.y + g.h * 0.55
        sx, sy = g.w * 0.28, g.h * 0.45
        self._turn_weight = np.exp(-(((self._grid_x - cx) / sx) ** 2 + ((self._grid_y - cy) / sy) ** 2) / 2).astype(np.float32)
        # sensor noise: a bank of fields drawn once, picked at random per frame (drawing 640x480x3
        # normals every frame cost more than the face detector)
        self._noise = [self._rng.normal(0, 2.0, (h, w, 3)).astype(np.float32) for _ in range(6)]

    def _slide_lids(self) -> Image:
        """The base frame with each upper lid slid down over its eye: the skin between brow and
        eye is stretched down to the lower lid, as a closing lid covers the eyeball. Painting the
        eye over alone left dlib's eye landmarks open on 6 of 20 tuning photos."""
        img = self._base
        h, w = img.shape[:2]
        gx, gy = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
        map_y = gy.copy()
        for ex, ey, ew, eh in self._geo.eyes:
            cx, cy = ex + ew / 2, ey + eh / 2  # the eye box is centred on the eye, 2.2 eye heights tall
            e = eh / 2.2
            top, upper, lower = cy - 1.7 * e, cy - 0.5 * e, cy + 0.5 * e
            src = np.where(gy <= lower, top + (gy - top) * (upper - top) / (lower - top), gy)
            mask = np.zeros((h, w), np.float32)
            cv2.ellipse(mask, (int(cx), int((top + lower) / 2)), (int(ew * 0.42), int((lower - top) / 2 + 0.2 * e)),
                        0, 0, 360, 1.0, -1)
            mask = cv2.GaussianBlur(mask, (0, 0), max(e / 4, 1.0))
            band = (gy >= top) & (gy <= lower + 0.3 * e)
            map_y = np.where(band, map_y * (1 - mask) + src * mask, map_y)
        out = cv2.remap(img, gx, map_y.astype(np.float32), cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        for ex, ey, ew, eh in self._geo.eyes:
            cx, cy, e = ex + ew / 2, ey + eh / 2, eh / 2.2
            cv2.ellipse(out, (int(cx), int(cy + 0.2 * e)), (int(ew * 0.36), max(int(e * 0.3), 1)), 0, 10, 170,
                        (35, 30, 35), max(int(e / 4), 2), cv2.LINE_AA)
        return out

    def _make_closed_eyes(self) -> Image:
        """The base frame with both eyes shut. With the eye contours (landmarks): each eye is
        covered by a lid drawn from its contour (`_closed_lid`). Without: the lids are slid down
        and painted over (a centred portrait's guessed eye boxes)."""
        if self._geo.eye_contours:
            img = self._slide_lids()
            for contour in self._geo.eye_contours:
                img = _closed_lid(img, contour)
            return img
        img = self._slide_lids()
        for ex, ey, ew, eh in self._geo.eyes:
            # skin colour from just below the eye box (cheek)
            cheek = self._base[min(ey + eh, img.shape[0] - 1):min(ey + eh + max(eh // 3, 2), img.shape[0]), ex:ex + ew]
            colour = np.median(cheek.reshape(-1, 3), axis=0) if cheek.size else np.array([150, 170, 200])
            mask = np.zeros(img.shape[:2], np.uint8)
            centre = (ex + ew // 2, ey + eh // 2 + eh // 12)
            cv2.ellipse(mask, centre, (int(ew * 0.45), int(eh * 0.36)), 0, 0, 360, 255, -1)
            mask = cv2.GaussianBlur(mask, (0, 0), max(eh / 12, 1.0))
            alpha = (mask.astype(np.float32) / 255.0)[..., None]
            img = (img * (1 - alpha) + colour.reshape(1, 1, 3) * alpha).astype(np.uint8)
            cv2.ellipse(img, (centre[0], centre[1] + int(eh * 0.05)), (int(ew * 0.4), max(eh // 10, 1)), 0, 0, 180,
                        (30, 30, 40), max(eh // 8, 2), cv2.LINE_AA)
        return img

    def perform(self, action: str, at: float, further: bool = False) -> None:
        """Start an action at time `at` (seconds, same clock as frame_at); `further`: a turn the
        same way again, further than the last one (the kiosk's "a little further")."""
        if action not in ("blink", "turn_left", "turn_right"):
            raise ValueError(f"unknown action {action!r}")
        self._actions.append((action, at))
        if action != "blink":
            sign = 1.0 if action == "turn_left" else -1.0
            same_way = [abs(deg) for _, deg in self._turns if deg * sign > 0]
            deg = min(same_way[-1] * self.TURN_FURTHER, self.TURN_MAX_DEG) if further and same_way else self.TURN_DEG
            self._turns.append((at, sign * deg))

    def leave(self, at: float) -> None:
        """The camera goes away (unplugged) from time `at`."""
        self._gone_at = at

    def _turn_amount(self, t: float) -> float:
        """Signed horizontal shift of the face centre, as a fraction of face width (ease in/out)."""
        amount = 0.0
        for action, start in self._actions:
            if action == "blink" or t < start:
                continue
            phase = t - start
            total = self._turn_hold + 0.4
            if phase > total:
                continue
            ramp = min(phase / 0.2, 1.0, (total - phase) / 0.2)
            amount += (0.22 if action == "turn_left" else -0.22) * max(ramp, 0.0)
        return amount

    def _turn_deg(self, t: float) -> float:
        """Signed yaw at time t (positive: to the citizen's left). Each turn eases in over 0.2 s,
        is held, and eases out; a further turn asked while the last is held continues from it."""
        yaw = 0.0
        total = self._turn_hold + 0.4
        for start, deg in self._turns:
            phase = t - start
            if phase < 0 or phase > total:
                continue
            ramp = max(min(phase / 0.2, 1.0, (total - phase) / 0.2), 0.0)
            if abs(deg * ramp) > abs(yaw):
                yaw = deg * ramp
        return yaw

    def frame_at(self, t: float) -> Image | None:
        """The citizen at time t: blink/turn if asked, slight sway and sensor noise always."""
        if self._gone_at is not None and t >= self._gone_at:
            return None
        blinking = any(a == "blink" and start <= t < start + self.BLINK_S for a, start in self._actions)
        img = self._closed if blinking else self._base
        g = self._geo
        if self._mesh is not None:
            img = self._mesh.render(img, self._turn_deg(t))
        shift = self._turn_amount(t) * g.w if self._mesh is None else 0.0
        sway_x = 2.0 * math.sin(t * 1.3)
        sway_y = 1.5 * math.sin(t * 0.9 + 1.0)
        map_x = self._grid_x - sway_x
        map_y = self._grid_y - sway_y
        if shift:
            # the middle of the face (nose) moves sideways while the outline stays, as the
            # projection of a turning head does
            map_x = map_x - shift * self._turn_weight
        frame = cv2.remap(img, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        noise = self._noise[int(self._rng.integers(len(self._noise)))]
        return cv2.add(frame, noise, dtype=cv2.CV_8U)
