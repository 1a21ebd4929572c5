"""ID-photo rules on a synthesised studio shot (a real face pasted on a plain light background)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.face.idphoto import PhotoFormat, PhotoIssue, check_id_photo, crop_id_photo
from kiosk.face.pipeline import FacePipeline
from tests.kiosk.face.conftest import load


def studio(pipeline: FacePipeline, background: int = 235) -> tuple[np.ndarray, list, dict]:  # type: ignore[type-arg]
    img = load("obama/2.jpg")
    rgb_boxes = pipeline.detect(img)
    top, right, bottom, left = rgb_boxes[0]
    fw = right - left
    face = img[max(top - fw // 2, 0):bottom + fw // 3, max(left - fw // 6, 0):right + fw // 6]
    frame = np.full((480, 640, 3), background, np.uint8)
    scale = 330 / face.shape[0]
    face = cv2.resize(face, None, fx=scale, fy=scale)
    y0, x0 = 60, (640 - face.shape[1]) // 2
    frame[y0:y0 + face.shape[0], x0:x0 + face.shape[1]] = face
    boxes = pipeline.detect(frame)
    marks = pipeline.landmarks(frame, boxes[0])
    return frame, boxes, marks  # type: ignore[return-value]


def test_crop_has_configured_size(pipeline: FacePipeline) -> None:
    frame, boxes, marks = studio(pipeline)
    out = crop_id_photo(frame, marks, PhotoFormat(358, 441))
    assert out.shape == (441, 358, 3)
    # the face is found again, centred, in the cropped photo
    again = pipeline.detect(out)
    assert len(again) == 1
    t, r, b, l = again[0]
    assert abs((l + r) / 2 - 179) < 358 * 0.1


def test_rules(pipeline: FacePipeline) -> None:
    frame, boxes, marks = studio(pipeline)
    base = set(check_id_photo(frame, boxes, marks))
    assert PhotoIssue.NO_FACE not in base and PhotoIssue.SEVERAL_FACES not in base
    dark_bg, b2, m2 = studio(pipeline, background=60)
    assert PhotoIssue.BACKGROUND_NOT_LIGHT in check_id_photo(dark_bg, b2, m2)
    assert check_id_photo(frame, [], None) == [PhotoIssue.NO_FACE]
    assert check_id_photo(frame, boxes * 2, marks) == [PhotoIssue.SEVERAL_FACES]
    shadow = frame.copy()
    t, r, bt, l = boxes[0]
    shadow[:, : (l + r) // 2] = (shadow[:, : (l + r) // 2] * 0.4).astype(np.uint8)
    assert PhotoIssue.UNEVEN_LIGHT in check_id_photo(shadow, boxes, marks)
