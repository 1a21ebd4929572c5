"""Card photo decoding. The 1024-byte WLT photo is wavelet-compressed and no open-source decoder
is known (reference/devices.md §1), so the real decoder is a vendor library loaded with ctypes
from a configured path. Without one, the photo is reported unavailable with a reason: the kiosk
keeps working and uses another reference photo or staff."""

from __future__ import annotations

import ctypes
import logging
import threading
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from devices.card_reader.identity import Photo

log = logging.getLogger("devices.card_reader")

WLT_LEN = 1024
PHOTO_W, PHOTO_H = 102, 126
BMP_LEN = 38862
RAW_LEN = PHOTO_W * PHOTO_H * 3


class PhotoDecoder(Protocol):
    def decode(self, wlt: bytes) -> Photo: ...


class NoPhotoDecoder:
    def __init__(self, reason: str = "no WLT decoder library configured (option wlt_library)") -> None:
        self.reason = reason

    def decode(self, wlt: bytes) -> Photo:
        return Photo(None, self.reason)


def image_from_decoder_output(buf: bytes) -> np.ndarray | None:
    """Vendor libraries write either a BMP file image (38 862 bytes) or raw bottom-up BGR."""
    if buf[:2] == b"BM":
        img = cv2.imdecode(np.frombuffer(buf, np.uint8), cv2.IMREAD_COLOR)
        return img if img is not None and img.shape[:2] == (PHOTO_H, PHOTO_W) else None
    if len(buf) >= RAW_LEN:
        rows = np.frombuffer(buf[:RAW_LEN], np.uint8).reshape(PHOTO_H, PHOTO_W, 3)
        return np.ascontiguousarray(rows[::-1])
    return None


class VendorWltDecoder:
    """Calls `int unpack(char *wlt, char *out, int bmp_save)` (libwlt2bmp.so / libdewlt.so
    convention; returns 1 on success). The function name is configurable."""

    def __init__(self, library_path: str, function: str = "unpack") -> None:
        self._reason = ""
        self._lock = threading.Lock()  # vendor libraries are rarely thread-safe
        self._fn = None
        if not Path(library_path).is_file():
            self._reason = f"WLT decoder library not found at {library_path}"
            return
        try:
            lib = ctypes.CDLL(library_path)
            fn = getattr(lib, function)
        except (OSError, AttributeError) as exc:
            self._reason = f"WLT decoder library unusable: {exc}"
            return
        fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
        fn.restype = ctypes.c_int
        self._fn = fn

    @property
    def available(self) -> bool:
        return self._fn is not None

    def decode(self, wlt: bytes) -> Photo:
        if self._fn is None:
            return Photo(None, self._reason)
        if len(wlt) != WLT_LEN:
            return Photo(None, f"photo data is {len(wlt)} bytes, expected {WLT_LEN}")
        out = ctypes.create_string_buffer(BMP_LEN + 1024)
        with self._lock:
            result = self._fn(wlt, out, 0)
        if result != 1:
            return Photo(None, f"WLT decoder returned {result}")
        image = image_from_decoder_output(out.raw)
        if image is None:
            return Photo(None, "WLT decoder output not understood")
        return Photo(image)


def decoder_from_options(options: dict[str, object]) -> PhotoDecoder:
    path = options.get("wlt_library")
    if not path:
        return NoPhotoDecoder()
    decoder = VendorWltDecoder(str(path), str(options.get("wlt_function", "unpack")))
    if not decoder.available:
        log.warning("card photos unavailable: %s", decoder.decode(b"").unavailable_reason)
    return decoder
