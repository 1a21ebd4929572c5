"""Camera simulator and the OpenCV driver on a real video file."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.camera.driver import OpenCVCamera
from devices.camera.simulator import SimulatedCamera
from devices.camera.source import FrameSource, ImageSequenceSource, VideoFileSource
from devices.spec import DEMO_DIR, DeviceKind, DeviceSpec
from devices.status import Availability, DeviceFailure


def wait_for(predicate: Callable[[], bool], timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def camera() -> Iterator[SimulatedCamera]:
    cam = SimulatedCamera(DeviceSpec("camera", DeviceKind.CAMERA, "simulator",
                                     options={"images": str(DEMO_DIR / "faces"), "fps": 25}))
    cam.open()
    yield cam
    cam.shutdown()


def make_video(path: Path, frames: int = 30, size: tuple[int, int] = (640, 480)) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25.0, size)
    for i in range(frames):
        img = np.full((size[1], size[0], 3), 60, np.uint8)
        cv2.putText(img, str(i), (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 6, (255, 255, 255), 12)
        writer.write(img)
    writer.release()
    return path


def test_delivers_newest_frames(camera: SimulatedCamera) -> None:
    assert wait_for(lambda: camera.latest_frame() is not None)
    first = camera.latest_frame()
    time.sleep(0.3)
    last = camera.latest_frame()
    assert first is not None and last is not None
    assert last.image.shape == (480, 640, 3) and last.image.dtype == np.uint8
    assert last.seq > first.seq and last.timestamp > first.timestamp
    assert time.monotonic() - last.timestamp < 0.2  # newest, not queued
    assert wait_for(lambda: camera.check_health().usable)


@pytest.mark.parametrize(("fault", "code"), [("black", "black_image"), ("frozen", "frozen_image")])
def test_image_faults_are_detected(camera: SimulatedCamera, fault: str, code: str) -> None:
    camera.set_fault(fault)

    def reported() -> bool:
        error = camera.check_health().last_error
        return error is not None and error.code == code

    assert wait_for(reported, timeout=4.0)
    camera.clear_fault()
    assert wait_for(lambda: camera.check_health().usable, timeout=4.0)


def test_disconnect_and_reconnect(camera: SimulatedCamera) -> None:
    camera.set_fault("disconnect")
    assert wait_for(lambda: camera.check_health().availability is Availability.OFFLINE)
    assert camera.latest_frame() is None
    with pytest.raises(DeviceFailure):
        camera.open()
    camera.clear_fault()
    camera.open()
    assert wait_for(lambda: camera.check_health().usable)


def test_any_object_with_frame_at_is_a_source(camera: SimulatedCamera) -> None:
    class Red:
        def frame_at(self, t: float) -> np.ndarray | None:
            img = np.zeros((480, 640, 3), np.uint8)
            img[:, :, 2] = 200 + int(t * 10) % 50
            return img

    assert isinstance(Red(), FrameSource)
    camera.set_source(Red())
    assert wait_for(lambda: (f := camera.latest_frame()) is not None and f.image[0, 0, 2] >= 200)
    with pytest.raises(TypeError):
        camera.set_source(object())  # type: ignore[arg-type]


def test_source_returning_none_means_camera_gone(camera: SimulatedCamera) -> None:
    class Gone:
        def frame_at(self, t: float) -> np.ndarray | None:
            return None

    camera.set_source(Gone())
    assert wait_for(lambda: camera.check_health().availability is Availability.OFFLINE)


def test_image_sequence_changes_images(tmp_path: Path) -> None:
    src = ImageSequenceSource(DEMO_DIR / "faces", seconds_per_image=1.0, noise=False)
    a, b = src.frame_at(0.1), src.frame_at(1.1)
    assert a is not None and b is not None and not np.array_equal(a, b)


def test_video_file_source_loops(tmp_path: Path) -> None:
    src = VideoFileSource(make_video(tmp_path / "v.avi", frames=10), 320, 240)
    first = src.frame_at(0.0)
    later = src.frame_at(0.2)
    looped = src.frame_at(0.45)  # past the 10-frame (0.4 s) end: from the start again
    assert first is not None and later is not None and looped is not None
    assert first.shape == (240, 320, 3)
    assert not np.array_equal(first, later)
    started = time.monotonic()
    for i in range(50):  # many loops later the timeline continues without re-reading the file each time
        assert src.frame_at(0.5 + i * 0.04) is not None
    assert time.monotonic() - started < 2.0


def test_opencv_driver_on_a_video_file(tmp_path: Path) -> None:
    video = make_video(tmp_path / "cam.avi", frames=20)
    cam = OpenCVCamera(DeviceSpec("cam", DeviceKind.CAMERA, "opencv", port=str(video)))
    cam.open()
    try:
        assert wait_for(lambda: cam.latest_frame() is not None)
        frame = cam.latest_frame()
        assert frame is not None and frame.image.shape == (480, 640, 3)
        # a file ends: the driver sees the camera go away, as with an unplugged USB camera
        assert wait_for(lambda: cam.check_health().availability is Availability.OFFLINE, timeout=5.0)
    finally:
        cam.close()


def test_opencv_driver_missing_camera() -> None:
    cam = OpenCVCamera(DeviceSpec("cam", DeviceKind.CAMERA, "opencv", port="/nonexistent/video.avi"))
    with pytest.raises(DeviceFailure) as info:
        cam.open()
    assert info.value.error.code == "no_device"


class _Clock:
    """A scene that shows its own time: frame_at(t) records t (a 200 ms blink at 15 fps is three
    frames; a kiosk that skips frames on a loaded machine misses it)."""

    def __init__(self) -> None:
        self.shown: list[float] = []

    def frame_at(self, t: float) -> np.ndarray:
        self.shown.append(t)
        return np.full((48, 64, 3), 100 + int(t * 15) % 100, np.uint8)


def test_simulated_scene_waits_for_a_slow_analyser() -> None:
    """A loaded machine analyses a frame in 0.25 s, four times slower than the camera's 15 fps.
    The frames it analyses are still consecutive on the camera's clock (stamped 1/15 s apart, the
    scene rendered at those times), so liveness timing does not depend on the machine's load; once
    the analyser stops, the scene runs freely again (with real time)."""
    cam = SimulatedCamera(DeviceSpec("camera", DeviceKind.CAMERA, "simulator", options={"fps": 15}))
    cam.open()
    try:
        scene = _Clock()
        cam.set_source(scene)
        assert wait_for(lambda: len(scene.shown) > 0)
        stamps, last = [], -1
        while len(stamps) < 7:
            frame = cam.latest_frame()
            if frame is None or frame.seq == last:
                time.sleep(0.005)
                continue
            last = frame.seq
            stamps.append(frame.timestamp)
            time.sleep(0.25)  # analysing
            cam.frame_taken(frame.seq)
        steps = np.diff(stamps[1:])  # from the analyser's first take on (before it, the scene ran freely)
        assert np.allclose(steps, 1 / 15, atol=1e-6), steps
        assert cam.check_health().usable  # held for the analyser is not a stalled camera
        cam.frame_taken(None)  # analysis over
        before = cam.source_time()
        time.sleep(0.6)
        assert cam.source_time() - before > 0.4  # free-running: about real time again
    finally:
        cam.shutdown()
