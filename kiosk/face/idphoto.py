"""ID-photo (证件照) checks and crop, as pure functions on a BGR frame and its face landmarks.

`check_id_photo` returns the list of rule codes the shot breaks (empty: usable);
`crop_id_photo` cuts the configured format around the head. No Qt, no disk."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Sequence

import cv2
import numpy as np
import numpy.typing as npt

from kiosk.face.liveness import Landmarks, mean_ear, yaw_index

Frame = npt.NDArray[np.uint8]
Box = tuple[int, int, int, int]  # top, right, bottom, left


class PhotoIssue(enum.Enum):
    """Stable codes the UI translates."""

    NO_FACE = "no_face"
    SEVERAL_FACES = "several_faces"
    NOT_FRONTAL = "not_frontal"
    HEAD_TOO_SMALL = "head_too_small"
    HEAD_TOO_LARGE = "head_too_large"
    HEAD_NOT_CENTRED = "head_not_centred"
    EYES_CLOSED = "eyes_closed"
    UNEVEN_LIGHT = "uneven_light"          # one side of the face much darker (strong shadow)
    BACKGROUND_NOT_PLAIN = "background_not_plain"
    BACKGROUND_NOT_LIGHT = "background_not_light"
    CROP_OUTSIDE_FRAME = "crop_outside_frame"


@dataclass(frozen=True)
class PhotoFormat:
    """Output format, e.g. the 358x441 px second-generation ID card photo."""

    width: int = 358
    height: int = 441
    head_height_fraction: float = 0.62   # crown-to-chin height / photo height
    eye_line_fraction: float = 0.45      # eye line from the top / photo height


def _head_geometry(marks: Landmarks) -> tuple[float, float, float, float]:
    """(centre x, eye line y, chin y, estimated crown y) from 68-point landmarks."""
    chin = np.array(marks["chin"], np.float64)
    eyes = np.array(list(marks["left_eye"]) + list(marks["right_eye"]), np.float64)
    brows = np.array(list(marks["left_eyebrow"]) + list(marks["right_eyebrow"]), np.float64)
    eye_y = float(eyes[:, 1].mean())
    chin_y = float(chin[:, 1].max())
    brow_y = float(brows[:, 1].min())
    crown_y = brow_y - (chin_y - brow_y) * 0.55  # the crown sits about half a face above the brows
    return float(eyes[:, 0].mean()), eye_y, chin_y, crown_y


def crop_box(frame_shape: Sequence[int], marks: Landmarks, fmt: PhotoFormat) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) of the crop that puts the head at the format's size and position."""
    cx, eye_y, chin_y, crown_y = _head_geometry(marks)
    scale = (chin_y - crown_y) / (fmt.head_height_fraction * fmt.height)  # source px per output px
    w, h = fmt.width * scale, fmt.height * scale
    y0 = eye_y - fmt.eye_line_fraction * h
    x0 = cx - w / 2
    return int(round(x0)), int(round(y0)), int(round(x0 + w)), int(round(y0 + h))


def crop_id_photo(frame: Frame, marks: Landmarks, fmt: PhotoFormat = PhotoFormat()) -> Frame:
    """The chosen shot cropped and resized to the format (edges replicated if the crop leaves
    the frame slightly; `check_id_photo` reports CROP_OUTSIDE_FRAME when it does so a lot)."""
    x0, y0, x1, y1 = crop_box(frame.shape, marks, fmt)
    src = np.float32([[x0, y0], [x1, y0], [x0, y1]])
    dst = np.float32([[0, 0], [fmt.width, 0], [0, fmt.height]])
    m = cv2.getAffineTransform(src, dst)
    return cv2.warpAffine(frame, m, (fmt.width, fmt.height), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)


def check_id_photo(frame: Frame, boxes: Sequence[Box], marks: Landmarks | None,
                   fmt: PhotoFormat = PhotoFormat()) -> list[PhotoIssue]:
    """Rule codes the shot breaks: one frontal face, head size and position, eyes open, even
    light, plain light background. `boxes` are all face boxes found, `marks` the landmarks of
    the single face (None if none)."""
    if not boxes or marks is None:
        return [PhotoIssue.NO_FACE]
    if len(boxes) > 1:
        return [PhotoIssue.SEVERAL_FACES]
    issues: list[PhotoIssue] = []
    h, w = frame.shape[:2]
    if abs(yaw_index(marks)) > 0.06:
        issues.append(PhotoIssue.NOT_FRONTAL)
    if mean_ear(marks) < 0.2:
        issues.append(PhotoIssue.EYES_CLOSED)
    cx, eye_y, chin_y, crown_y = _head_geometry(marks)
    head = (chin_y - crown_y) / h
    if head < 0.35:
        issues.append(PhotoIssue.HEAD_TOO_SMALL)
    elif head > 0.85:
        issues.append(PhotoIssue.HEAD_TOO_LARGE)
    if abs(cx / w - 0.5) > 0.12:
        issues.append(PhotoIssue.HEAD_NOT_CENTRED)
    x0, y0, x1, y1 = crop_box(frame.shape, marks, fmt)
    over = max(-x0, -y0, x1 - w, y1 - h, 0)
    if over > 0.05 * (x1 - x0):
        issues.append(PhotoIssue.CROP_OUTSIDE_FRAME)
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY).astype(np.float64)
    top, right, bottom, left = boxes[0]
    t, b, l, r = max(top, 0), min(bottom, h), max(left, 0), min(right, w)
    mid = (l + r) // 2
    left_half, right_half = gray[t:b, l:mid], gray[t:b, mid:r]
    if left_half.size and right_half.size:
        a, c = left_half.mean(), right_half.mean()
        if min(a, c) / max(a, c, 1.0) < 0.7:
            issues.append(PhotoIssue.UNEVEN_LIGHT)
    # background: the strips left and right of the head, above the shoulders
    fw = r - l
    strips = [gray[max(int(crown_y), 0):t + (b - t) // 2, max(l - fw, 0):max(l - fw // 4, 0)],
              gray[max(int(crown_y), 0):t + (b - t) // 2, min(r + fw // 4, w):min(r + fw, w)]]
    bg = np.concatenate([s.ravel() for s in strips if s.size]) if any(s.size for s in strips) else np.array([])
    if bg.size:
        if bg.std() > 28:
            issues.append(PhotoIssue.BACKGROUND_NOT_PLAIN)
        if bg.mean() < 150:
            issues.append(PhotoIssue.BACKGROUND_NOT_LIGHT)
    return issues
