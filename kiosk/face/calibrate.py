"""Calibration data over folder-per-identity image sets: the identity split, the two reference kinds
and the pair distances. Error rates and the threshold rule are in `errorrates`; reporting in `cli`.

Reference kinds (issue #15):
- "chip": the ID-card chip photo (102x126, ~1 KB JPEG), compared on the kiosk when offline;
- "register": the certificate photo from the population register (358x441, good JPEG), compared at
  the centre. Both are synthesised here from an ordinary photo of the person: the data set has no
  real chip or register photos.
The live side is one photo's encoding as the kiosk computes it for a camera frame."""

from __future__ import annotations

import enum
import hashlib
import itertools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import cv2
import numpy as np
import numpy.typing as npt

import face_recognition

from kiosk.face.pipeline import FacePipeline, NoFaceInReference

Vec = npt.NDArray[np.float64]
Image = npt.NDArray[np.uint8]
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp"}
# Changing the salt changes which people are held out: never do it to improve a result.
SPLIT_SALT = "kiosk-face-split-1"


class Kind(enum.Enum):
    CHIP = "chip"
    REGISTER = "register"


class Split(enum.Enum):
    TUNING = "tuning"      # thresholds are chosen here
    HELD_OUT = "held_out"  # error rates are reported here; nothing is tuned on it


def split_of(identity: str) -> Split:
    """Split by person, decided by a hash of the folder name: deterministic, independent of the
    images and of any result, and a person's photos can never land on both sides."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{identity}".encode("utf-8")).digest()
    return Split.HELD_OUT if digest[0] % 2 else Split.TUNING


def _head_crop(img: Image, box: tuple[int, int, int, int] | None, size: tuple[int, int]) -> Image:
    """Head-and-shoulders around the face at the aspect ratio of `size` (as on ID photos)."""
    if box is None:
        return img
    h, w = img.shape[:2]
    top, right, bottom, left = box
    fw = right - left
    cx, cy = (left + right) / 2, (top + bottom) / 2 - 0.1 * fw
    cw = fw * 1.9
    ch = cw * size[1] / size[0]
    x0, y0 = int(max(cx - cw / 2, 0)), int(max(cy - ch / 2, 0))
    return img[y0:int(min(cy + ch / 2, h)), x0:int(min(cx + cw / 2, w))]


def degrade_like_chip(img: Image, box: tuple[int, int, int, int] | None,
                      size: tuple[int, int] = (102, 126), max_bytes: int = 1100) -> Image:
    """Crop the head, resize to the ID-chip size and JPEG-compress to about 1 KB (the lowest
    quality that fits, as chip photos are)."""
    small = cv2.resize(_head_crop(img, box, size), size, interpolation=cv2.INTER_AREA)
    for quality in range(60, 4, -5):
        ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, quality])
        if ok and len(buf) <= max_bytes:
            break
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def register_like(img: Image, box: tuple[int, int, int, int] | None,
                  size: tuple[int, int] = (358, 441), quality: int = 90) -> Image:
    """A certificate-format photo as the register keeps it: head crop at 358x441, JPEG quality 90.
    It can be no sharper than the source photo (some sources are small: they are upscaled)."""
    crop = _head_crop(img, box, size)
    interp = cv2.INTER_AREA if crop.shape[0] > size[1] else cv2.INTER_CUBIC
    ok, buf = cv2.imencode(".jpg", cv2.resize(crop, size, interpolation=interp), [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


@dataclass
class Sample:
    identity: str
    live: Vec | None                 # live-side encoding (None: no face found in the photo)
    refs: dict[Kind, Vec | None]     # reference encodings by kind (None: no usable face)
    plain_chip: Vec | None           # chip reference, plain face_recognition (baseline)


def _limit(img: Image, max_side: int = 800) -> Image:
    s = max_side / max(img.shape[:2])
    return cv2.resize(img, None, fx=s, fy=s, interpolation=cv2.INTER_AREA) if s < 1 else img


def _plain_encoding(img: Image) -> Vec | None:
    encs = face_recognition.face_encodings(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))  # library defaults
    return np.asarray(encs[0]) if encs else None


def _reference(pipeline: FacePipeline, photo: Image) -> Vec | None:
    try:
        return pipeline.prepare_reference(photo).encoding
    except NoFaceInReference:
        return None


def image_paths(folders: Iterable[Path]) -> list[tuple[str, Path]]:
    """(identity, image path) for every image of every identity folder, sorted; folders starting
    with "_" (multi-face and partial-face pictures) are skipped. The same folder name under two
    roots is the same person."""
    out = []
    for folder in folders:
        for ident in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("_")):
            out += [(ident.name, p) for p in sorted(ident.iterdir()) if p.suffix.lower() in IMAGE_SUFFIXES]
    return sorted(out)


def load_samples(folders: Iterable[Path], pipeline: FacePipeline) -> list[Sample]:
    """Encode every image: live side, chip-like and register-like references, plain baseline."""
    samples = []
    for identity, path in image_paths(folders):
        img = cv2.imread(str(path))
        if img is None:
            continue
        img = _limit(img)
        boxes = face_recognition.face_locations(cv2.cvtColor(img, cv2.COLOR_BGR2RGB), 1, "hog")
        box = max(boxes, key=lambda b: (b[1] - b[3]) * (b[2] - b[0])) if boxes else None
        live = pipeline.encode(img, box) if box is not None else None
        chip = degrade_like_chip(img, box)
        refs = {Kind.CHIP: _reference(pipeline, chip), Kind.REGISTER: _reference(pipeline, register_like(img, box))}
        samples.append(Sample(identity, live, refs, _plain_encoding(chip)))
    return samples


def _d(a: Vec | None, b: Vec) -> float:
    return math.inf if a is None else float(np.linalg.norm(a - b))


def pair_distances(samples: list[Sample], kind: Kind, plain: bool = False) -> tuple[list[float], list[float]]:
    """(genuine, impostor) distances over ordered pairs (reference from photo i, live photo j),
    i != j: a reference is never compared with the photo it was made from. Photos with no face on
    the live side are left out (a camera would keep guiding); a reference with no usable face is
    an infinite distance (see errorrates)."""
    genuine: list[float] = []
    impostor: list[float] = []
    for a, b in itertools.permutations(samples, 2):
        if b.live is None:
            continue
        ref = a.plain_chip if plain else a.refs[kind]
        (genuine if a.identity == b.identity else impostor).append(_d(ref, b.live))
    return genuine, impostor
