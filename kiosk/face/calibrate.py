"""Calibration over a folder-per-identity image set: pair distances for live-vs-live and
chip-like-reference-vs-live, error rates, EER, FRR at FAR <= 0.1 %, for this pipeline and for
plain face_recognition (HOG + encoding + tolerance 0.6). Pure computation; reporting is in cli."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

import face_recognition

from kiosk.face.pipeline import FacePipeline, NoFaceInReference

Vec = npt.NDArray[np.float64]
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp"}


def degrade_like_chip(img: npt.NDArray[np.uint8], box: tuple[int, int, int, int] | None,
                      size: tuple[int, int] = (102, 126), max_bytes: int = 1100) -> npt.NDArray[np.uint8]:
    """Crop head-and-shoulders around the face, resize to the ID-chip size and JPEG-compress to
    about 1 KB (the lowest quality that fits, as chip photos are)."""
    h, w = img.shape[:2]
    if box is not None:
        top, right, bottom, left = box
        fw = right - left
        cx, cy = (left + right) / 2, (top + bottom) / 2 - 0.1 * fw
        cw = fw * 1.9
        ch = cw * size[1] / size[0]
        x0, y0 = int(max(cx - cw / 2, 0)), int(max(cy - ch / 2, 0))
        img = img[y0:int(min(cy + ch / 2, h)), x0:int(min(cx + cw / 2, w))]
    small = cv2.resize(img, size, interpolation=cv2.INTER_AREA)
    for quality in range(60, 4, -5):
        ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, quality])
        if ok and len(buf) <= max_bytes:
            break
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


@dataclass
class Sample:
    identity: str
    live: Vec | None          # pipeline live encoding (None: no face found)
    ref_ours: Vec | None      # chip-like reference, prepared by the pipeline
    ref_plain: Vec | None     # chip-like reference, plain face_recognition


def _limit(img: npt.NDArray[np.uint8], max_side: int = 800) -> npt.NDArray[np.uint8]:
    s = max_side / max(img.shape[:2])
    return cv2.resize(img, None, fx=s, fy=s, interpolation=cv2.INTER_AREA) if s < 1 else img


def _plain_encoding(img: npt.NDArray[np.uint8]) -> Vec | None:
    rgb = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    encs = face_recognition.face_encodings(rgb)  # HOG, upsample 1, 1 jitter: the library default
    return np.asarray(encs[0]) if encs else None


def load_samples(folder: Path, pipeline: FacePipeline) -> list[Sample]:
    """Encode every image of every identity folder (folders starting with "_" are skipped)."""
    samples = []
    for ident in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("_")):
        for path in sorted(p for p in ident.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
            img = cv2.imread(str(path))
            if img is None:
                continue
            img = _limit(img)
            rgb = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
            boxes = face_recognition.face_locations(rgb, 1, "hog")
            box = max(boxes, key=lambda b: (b[1] - b[3]) * (b[2] - b[0])) if boxes else None
            live = pipeline.encode(img, box) if box is not None else None
            chip = degrade_like_chip(img, box)
            try:
                ref_ours: Vec | None = pipeline.prepare_reference(chip).encoding
            except NoFaceInReference:
                ref_ours = None
            samples.append(Sample(ident.name, live, ref_ours, _plain_encoding(chip)))
    return samples


def _d(a: Vec | None, b: Vec | None) -> float:
    return math.inf if a is None or b is None else float(np.linalg.norm(a - b))


def pair_distances(samples: list[Sample], kind: str, reference: str = "ours") -> tuple[list[float], list[float]]:
    """(genuine, impostor) distances. kind "live": unordered live pairs; kind "chip": ordered pairs
    (chip reference of image i, live image j), i != j. A failed detection is an infinite distance
    (a reject at any threshold)."""
    genuine: list[float] = []
    impostor: list[float] = []
    if kind == "live":
        for a, b in itertools.combinations(samples, 2):
            (genuine if a.identity == b.identity else impostor).append(_d(a.live, b.live))
    else:
        for a, b in itertools.permutations(samples, 2):
            ref = a.ref_ours if reference == "ours" else a.ref_plain
            (genuine if a.identity == b.identity else impostor).append(_d(ref, b.live))
    return genuine, impostor


@dataclass(frozen=True)
class Rates:
    genuine_pairs: int
    impostor_pairs: int
    far: float           # at the given threshold
    frr: float
    eer: float
    eer_threshold: float
    threshold_far_01: float  # largest threshold with FAR <= 0.1 %
    frr_at_far_01: float


def rates(genuine: list[float], impostor: list[float], threshold: float) -> Rates:
    """Error rates at `threshold`, the EER, and FRR at the largest threshold with FAR <= 0.1 %."""
    g = np.array(genuine)
    i = np.array(impostor)

    def far(t: float) -> float:
        return float((i <= t).mean()) if i.size else 0.0

    def frr(t: float) -> float:
        return float((g > t).mean()) if g.size else 0.0

    grid = np.round(np.arange(0.20, 0.90, 0.005), 3)
    eer_t = min(grid, key=lambda t: abs(far(t) - frr(t)))
    ok = [t for t in grid if far(t) <= 0.001]
    t01 = float(max(ok)) if ok else float(grid[0])
    return Rates(int(g.size), int(i.size), far(threshold), frr(threshold), (far(eer_t) + frr(eer_t)) / 2,
                 float(eer_t), t01, frr(t01))
