"""Binocular RGB + near-infrared camera (two UVC devices in one housing, common on identity
kiosks): a frame pair per read, the IR image registered to the RGB image's coordinates.

Driver `BinocularCamera` (driver name "opencv"): port "RGB,IR" — two OpenCV sources (device
indices "0,2", or two file paths / URLs, comma-separated). Each read grabs both sensors first and
then decodes both, so the pair is as close in time as the backend allows. The IR image is turned
to grey and moved into RGB coordinates with the housing's factory registration (options
`ir_shift` [dx, dy] pixels and `ir_scale`), so a face box found in IR lies where the RGB box is.

Simulator `SimulatedBinocularCamera` (driver "simulator"): plays a frame source like
SimulatedCamera; the IR image is `source.ir_at(t, rgb)` when the source defines it (a screen
replay: dark), else `render_ir(rgb)`: what a NIR sensor with its own illuminator shows of a real
object (skin and paper reflect NIR; the illumination falls off towards the edges).
Faults: the camera's ("black", "frozen", "disconnect") plus "ir_dead" (the IR sensor delivers
black frames) and "ir_misaligned" (the IR module has moved: its image is shifted by a quarter of
the frame, so faces no longer line up).

`latest_frame()` returns `Frame(image, timestamp, seq, ir)`; health reports "ir_dead" when the
IR image is black while RGB is fine."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from devices.camera.driver import MAX_READ_FAILURES, CameraDevice
from devices.camera.frames import FrameWorker
from devices.camera.simulator import SimulatedCamera
from devices.spec import DeviceKind, DeviceSpec
from devices.status import NOT_OPEN, Availability, DeviceError, DeviceFailure, DeviceStatus

log = logging.getLogger("devices.camera.binocular")

Image = npt.NDArray[np.uint8]
IR_DARK_MEAN = 8.0  # mean grey below this: the IR sensor or its illuminator is dead

FAULTS = {
    "black": "RGB and IR frames are black (covered lens)",
    "frozen": "the same frame pair over and over (stuck driver)",
    "disconnect": "the camera goes away (USB unplugged)",
    "ir_dead": "the IR sensor delivers black frames (sensor or illuminator failed)",
    "ir_misaligned": "the IR module moved: its image no longer lines up with RGB",
}


def render_ir(rgb: Image, seed: int = 0) -> Image:
    """A near-infrared view of what the RGB camera sees, for objects that reflect NIR (skin,
    paper): grey dominated by the red channel (skin is bright in NIR, colour is gone), lit by the
    camera's own illuminator, whose light falls off away from the centre."""
    grey = cv2.transform(rgb, np.array([[0.10, 0.25, 0.65]], np.float32))  # BGR weights
    h, w = grey.shape[:2]
    ir = cv2.multiply(grey, _falloff(h, w), dtype=cv2.CV_32F)
    noise = np.random.default_rng(seed).integers(-4, 5, (h, w), dtype=np.int16).astype(np.float32)
    return cv2.add(ir, noise, dtype=cv2.CV_8U)


_FALLOFF: dict[tuple[int, int], npt.NDArray[np.float32]] = {}


def _falloff(h: int, w: int) -> npt.NDArray[np.float32]:
    """The illuminator's light over the frame (1 at the centre, ~0.65 in the corners) x 0.9."""
    if (h, w) not in _FALLOFF:
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        _FALLOFF[(h, w)] = 0.9 * (1.0 - 0.55 * (((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2) / 2)
    return _FALLOFF[(h, w)]


def ir_view(source: object, t: float, rgb: Image, fault: str | None = None) -> Image:
    """What the simulated IR sensor shows at time t while the RGB sensor shows `rgb`: the
    source's own IR image if it has one (a screen: dark), else `render_ir`; then the fault."""
    ir_at = getattr(source, "ir_at", None)
    ir = ir_at(t, rgb) if callable(ir_at) else None
    if ir is None:
        ir = render_ir(rgb, seed=int(t * 1000) & 0xFFFF)
    if fault == "ir_dead" or not rgb.any():
        return np.zeros(rgb.shape[:2], np.uint8)
    if fault == "ir_misaligned":
        h, w = ir.shape[:2]
        return _register(ir, (w / 4, h / 8), 1.0, (w, h))
    return ir


def _register(ir: Image, shift: tuple[float, float], scale: float, size: tuple[int, int]) -> Image:
    """Move an IR image into RGB coordinates (the housing's factory registration)."""
    if shift == (0.0, 0.0) and scale == 1.0 and (ir.shape[1], ir.shape[0]) == size:
        return ir
    h, w = ir.shape[:2]
    m = np.array([[scale, 0, shift[0]], [0, scale, shift[1]]], np.float64)
    return cv2.warpAffine(ir, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)


class _BinocularMixin:
    """Health shared by driver and simulator: RGB health, then the IR sensor's."""

    _worker: FrameWorker | None

    def check_health(self) -> DeviceStatus:
        worker = self._worker
        return self._set_status(self._ir_health(  # type: ignore[attr-defined]
            worker.health() if worker is not None else NOT_OPEN))

    def _ir_health(self, status: DeviceStatus) -> DeviceStatus:
        worker = self._worker
        frame = worker.latest() if worker is not None else None
        if status.availability is Availability.ONLINE and frame is not None and frame.ir is not None:
            if float(frame.ir[::8, ::8].mean()) < IR_DARK_MEAN:
                return DeviceStatus(Availability.HARDWARE_ERROR, last_error=DeviceError(
                    "ir_dead", "the infrared sensor delivers black frames (liveness cannot run)"))
        return status


class BinocularCamera(_BinocularMixin, CameraDevice):
    """Two OpenCV VideoCaptures read as one device."""

    kind = DeviceKind.RGB_IR_CAMERA

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        opts: dict[str, Any] = dict(spec.options)
        shift = opts.get("ir_shift", (0, 0))
        self.ir_shift = (float(shift[0]), float(shift[1]))
        self.ir_scale = float(opts.get("ir_scale", 1.0))
        self._caps: tuple[cv2.VideoCapture, cv2.VideoCapture] | None = None
        self._failures = 0

    def _sources(self) -> tuple[int | str, int | str]:
        parts = [p.strip() for p in (self.spec.port or "0,1").split(",")]
        if len(parts) != 2 or not all(parts):
            raise DeviceFailure(DeviceError("config", f"port must be 'RGB,IR' (two devices), got {self.spec.port!r}"))
        return tuple(int(p) if p.isdigit() else p for p in parts)  # type: ignore[return-value]

    def open(self) -> None:
        self.close()
        caps = []
        for role, source in zip(("RGB", "IR"), self._sources()):
            cap = cv2.VideoCapture(source)
            if not cap.isOpened():
                cap.release()
                for c in caps:
                    c.release()
                raise DeviceFailure(DeviceError("no_device", f"cannot open the {role} camera {source!r}"))
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            cap.set(cv2.CAP_PROP_FPS, self.fps)
            cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
            caps.append(cap)
        self._caps, self._failures = (caps[0], caps[1]), 0
        self._start_worker(FrameWorker(self._grab, f"camera-{self.name}"))

    def _grab(self) -> tuple[Image, Image] | None:
        caps = self._caps
        while caps is not None and self._worker is not None and not self._worker.stopping:
            # grab both first (cheap, latches the sensors' current frames), then decode both
            ok = caps[0].grab() and caps[1].grab()
            rgb = caps[0].retrieve()[1] if ok else None
            ir = caps[1].retrieve()[1] if ok else None
            if rgb is not None and ir is not None:
                self._failures = 0
                grey = cv2.cvtColor(ir, cv2.COLOR_BGR2GRAY) if ir.ndim == 3 else ir
                return rgb, _register(grey, self.ir_shift, self.ir_scale, (rgb.shape[1], rgb.shape[0]))
            self._failures += 1
            if self._failures >= MAX_READ_FAILURES:
                return None
            time.sleep(0.04)
        return None

    def close(self) -> None:
        super().close()
        if self._caps is not None:
            for cap in self._caps:
                cap.release()
            self._caps = None


class SimulatedBinocularCamera(_BinocularMixin, SimulatedCamera):
    """The camera simulator with a second, near-infrared sensor (see module doc)."""

    kind = DeviceKind.RGB_IR_CAMERA

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        self._ir_fault: str | None = None
        self._ir_lock = threading.Lock()

    def set_fault(self, name: str) -> None:
        if name not in FAULTS:
            raise ValueError(f"unknown camera fault {name!r}; known: {', '.join(FAULTS)}")
        if name in ("ir_dead", "ir_misaligned"):
            with self._ir_lock:
                self._ir_fault = name
        else:
            super().set_fault(name)

    def clear_fault(self) -> None:
        with self._ir_lock:
            self._ir_fault = None
        super().clear_fault()

    def _grab(self) -> tuple[Image, Image] | None:  # type: ignore[override]
        while True:
            with self._lock:
                source = self._source
            rgb = super()._grab()
            if rgb is None:
                return None
            with self._lock:
                if self._source is not source:
                    continue  # the source changed while rendering: both images from one source
            with self._ir_lock:
                fault = self._ir_fault
            with self._lock:
                t = self._rendered_t  # the simulated time this RGB image was rendered at
            return rgb, ir_view(source, t, rgb, fault)
