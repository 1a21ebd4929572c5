"""Binocular RGB + near-infrared camera: the simulator (state, faults) and the OpenCV pair driver
on two real video files (an RGB and an IR recording), as the kiosk's device registry builds them."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.camera.binocular import BinocularCamera, SimulatedBinocularCamera
from devices.registry import build_device
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceFailure
from kiosk.config import DeviceSettings


def wait_for(predicate: Callable[[], bool], timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


class Square:
    """A bright square on grey: something that reflects the IR illuminator, like skin or paper."""

    def frame_at(self, t: float) -> np.ndarray | None:
        img = np.full((480, 640, 3), 90, np.uint8)
        img[180:300, 260:380] = (120, 160, 220)
        return img


class DarkInIR(Square):
    """Like a phone screen: visible in RGB, nothing in near-infrared."""

    def ir_at(self, t: float, rgb: np.ndarray | None) -> np.ndarray | None:
        return np.full((480, 640), 20, np.uint8)


@pytest.fixture
def camera() -> Iterator[SimulatedBinocularCamera]:
    spec = DeviceSpec("camera", DeviceKind.RGB_IR_CAMERA, "simulator", options={"source": Square(), "fps": 25})
    cam = build_device(spec)
    assert isinstance(cam, SimulatedBinocularCamera)
    cam.open()
    yield cam
    cam.shutdown()


def _centre_of_bright(ir: np.ndarray) -> tuple[float, float]:
    ys, xs = np.nonzero(ir > ir.mean() + 30)
    return float(xs.mean()), float(ys.mean())


def test_delivers_an_rgb_and_ir_pair_aligned(camera: SimulatedBinocularCamera) -> None:
    assert wait_for(lambda: camera.latest_frame() is not None)
    frame = camera.latest_frame()
    assert frame is not None and frame.ir is not None
    assert frame.image.shape == (480, 640, 3) and frame.ir.shape == (480, 640) and frame.ir.dtype == np.uint8
    cx, cy = _centre_of_bright(frame.ir)
    assert abs(cx - 320) < 8 and abs(cy - 240) < 8  # the object is where RGB shows it
    assert wait_for(lambda: camera.check_health().usable)


def test_screen_source_is_dark_in_ir(camera: SimulatedBinocularCamera) -> None:
    camera.set_source(DarkInIR())
    assert wait_for(lambda: (f := camera.latest_frame()) is not None and f.ir is not None and f.ir.max() < 40)
    frame = camera.latest_frame()
    assert frame is not None and frame.image[240, 320, 2] == 220  # RGB still shows it


def test_ir_dead_is_reported_and_clears(camera: SimulatedBinocularCamera) -> None:
    camera.set_fault("ir_dead")

    def ir_dead() -> bool:
        error = camera.check_health().last_error
        return error is not None and error.code == "ir_dead"

    assert wait_for(ir_dead)
    assert camera.check_health().availability is Availability.HARDWARE_ERROR
    frame = camera.latest_frame()
    assert frame is not None and frame.image.mean() > 50  # RGB still works
    camera.clear_fault()
    assert wait_for(lambda: camera.check_health().usable)


def test_ir_misaligned_moves_the_ir_image(camera: SimulatedBinocularCamera) -> None:
    camera.set_fault("ir_misaligned")
    time.sleep(0.2)
    assert wait_for(lambda: (f := camera.latest_frame()) is not None and f.ir is not None
                    and _centre_of_bright(f.ir)[0] > 320 + 100)
    with pytest.raises(ValueError):
        camera.set_fault("melted")


def test_disconnect(camera: SimulatedBinocularCamera) -> None:
    camera.set_fault("disconnect")
    assert wait_for(lambda: camera.check_health().availability is Availability.OFFLINE)
    with pytest.raises(DeviceFailure):
        camera.open()


def _video(path: Path, colour: bool, frames: int = 40) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25.0, (640, 480))
    for i in range(frames):
        img = np.full((480, 640, 3), 60, np.uint8)
        x = 200 + i
        if colour:
            img[200:280, x:x + 80] = (40, 80, 230)
        else:
            img[200:280, x + 16:x + 96] = 200  # the IR sensor sits 16 px to the side
        writer.write(img)
    writer.release()
    return path


def test_opencv_pair_driver_registers_ir_to_rgb(tmp_path: Path) -> None:
    rgb, ir = _video(tmp_path / "rgb.avi", True), _video(tmp_path / "ir.avi", False)
    spec = DeviceSpec("cam", DeviceKind.RGB_IR_CAMERA, "opencv", port=f"{rgb},{ir}", options={"ir_shift": [-16, 0]})
    cam = build_device(spec)
    assert isinstance(cam, BinocularCamera)
    cam.open()
    try:
        assert wait_for(lambda: cam.latest_frame() is not None)
        frame = cam.latest_frame()
        assert frame is not None and frame.ir is not None and frame.ir.ndim == 2
        red = np.nonzero(frame.image[:, :, 2] > 150)[1].mean()
        bright = np.nonzero(frame.ir > 150)[1].mean()
        assert abs(red - bright) < 4  # same frame index of both files, IR moved onto RGB
        assert wait_for(lambda: cam.check_health().availability is Availability.OFFLINE, timeout=6.0)  # files end
    finally:
        cam.close()


@pytest.mark.parametrize("port", ["0", "a.avi,", None])
def test_opencv_pair_driver_needs_two_sources(port: str | None) -> None:
    cam = BinocularCamera(DeviceSpec("cam", DeviceKind.RGB_IR_CAMERA, "opencv", port=port or "x"))
    with pytest.raises(DeviceFailure) as info:
        cam.open()
    assert info.value.error.code in ("config", "no_device")


def test_missing_ir_camera_is_named(tmp_path: Path) -> None:
    rgb = _video(tmp_path / "rgb.avi", True)
    cam = BinocularCamera(DeviceSpec("cam", DeviceKind.RGB_IR_CAMERA, "opencv", port=f"{rgb},/nonexistent/ir.avi"))
    with pytest.raises(DeviceFailure) as info:
        cam.open()
    assert info.value.error.code == "no_device" and "IR" in info.value.error.reason


def test_configured_as_its_own_kind() -> None:
    settings = DeviceSettings(kind="rgb_ir_camera", driver="opencv", port="0,2")
    assert DeviceKind(settings.kind) is DeviceKind.RGB_IR_CAMERA
