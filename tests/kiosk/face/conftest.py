from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

import face_recognition

from kiosk.face.pipeline import FacePipeline, FaceSettings

FACES = Path(__file__).resolve().parents[2] / "data" / "faces"


def load(rel: str) -> np.ndarray:
    img = cv2.imread(str(FACES / rel))
    assert img is not None, rel
    return img


def photo_landmarks(img: np.ndarray) -> Any:
    return face_recognition.face_landmarks(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))[0]


@pytest.fixture(scope="session")
def pipeline() -> FacePipeline:
    return FacePipeline(FaceSettings())
