"""Frame sources for the camera simulator. Anything with `frame_at(t)` works (duck typing), e.g.
the synthetic citizen in cooperative.py."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import cv2
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp")


@runtime_checkable
class FrameSource(Protocol):
    def frame_at(self, t: float) -> np.ndarray | None:
        """The BGR uint8 frame seen `t` seconds after the camera started; None: the camera went away."""
        ...


def fit_frame(image: Image, width: int, height: int) -> Image:
    """Scale to fit width × height, centred on grey (what a camera framing a still would show)."""
    scale = min(width / image.shape[1], height / image.shape[0])
    resized = cv2.resize(image, (max(1, int(image.shape[1] * scale)), max(1, int(image.shape[0] * scale))),
                         interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    canvas = np.full((height, width, 3), 96, np.uint8)
    y, x = (height - resized.shape[0]) // 2, (width - resized.shape[1]) // 2
    canvas[y:y + resized.shape[0], x:x + resized.shape[1]] = resized
    return canvas


def image_files(folder: str | Path) -> list[Path]:
    """Images in a folder and its subfolders, sorted; card photos (card.png) are not camera frames."""
    return sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.stem != "card")


class ImageSequenceSource:
    """Plays still images, each for `seconds_per_image`, looping; adds a little sensor noise so
    consecutive frames differ as they do on a real camera."""

    def __init__(self, images: Sequence[str | Path] | str | Path, width: int = 640, height: int = 480,
                 seconds_per_image: float = 2.0, noise: bool = True) -> None:
        paths = image_files(images) if isinstance(images, (str, Path)) else [Path(p) for p in images]
        frames = []
        for path in paths:
            img = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if img is None:
                raise ValueError(f"not an image: {path}")
            frames.append(fit_frame(img, width, height))
        if not frames:
            raise ValueError(f"no images in {images}")
        self._frames = frames
        self._period = seconds_per_image
        rng = np.random.default_rng(1)
        self._noise = [rng.integers(0, 6, (height, width, 3), dtype=np.uint8) for _ in range(4)] if noise else []

    def frame_at(self, t: float) -> Image | None:
        base = self._frames[int(t / self._period) % len(self._frames)]
        if not self._noise:
            return base.copy()
        return cv2.add(base, self._noise[int(t * 30) % len(self._noise)])


class VideoFileSource:
    """Plays a video file at its own frame rate, looping. Reads forward only (seeking is slow)."""

    def __init__(self, path: str | Path, width: int | None = None, height: int | None = None) -> None:
        self._path = str(path)
        self._size = (width, height) if width and height else None
        self._lock = threading.Lock()
        self._cap = self._open()
        fps = self._cap.get(cv2.CAP_PROP_FPS)
        self.fps = fps if fps and fps > 0 else 25.0
        self._index = -1
        self._base = 0  # frames played in earlier loops
        self._frame: Image | None = None

    def _open(self) -> cv2.VideoCapture:
        cap = cv2.VideoCapture(self._path)
        if not cap.isOpened():
            raise ValueError(f"cannot open video {self._path}")
        return cap

    def frame_at(self, t: float) -> Image | None:
        with self._lock:
            wanted = max(0, int(t * self.fps) - self._base)  # frame index within the current loop
            while self._index < wanted:
                if not self._cap.grab():  # end of file: loop, continuing the timeline
                    if self._index < 0:
                        return None  # an empty or unreadable file
                    self._cap.release()
                    self._cap = self._open()
                    self._base += self._index + 1
                    wanted -= self._index + 1
                    self._index = -1
                    continue
                self._index += 1
                if self._index == wanted:
                    ok, frame = self._cap.retrieve()
                    if not ok:
                        return None
                    self._frame = fit_frame(frame, *self._size) if self._size else frame
            return None if self._frame is None else self._frame.copy()


class BlankSource:
    """A grey frame: the camera works and nobody stands in front of it."""

    def __init__(self, width: int = 640, height: int = 480) -> None:
        self._frame = np.full((height, width, 3), 96, np.uint8)

    def frame_at(self, t: float) -> Image | None:
        return self._frame.copy()
