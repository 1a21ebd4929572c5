"""自助拍照 by taps: the simulated camera shows a citizen before a plain light wall; three shots
that pass the ID-photo rules are offered, the chosen one goes into the submission cropped to
358×441; a scene that breaks the rules gives guidance and no shot."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from devices.camera.simulator import SimulatedCamera
from devices.camera.source import ImageSequenceSource
from devices.spec import DEMO_DIR, DeviceKind
from kiosk.core import KioskCore
from kiosk.photo_capture import PHOTO_NAME
from tests.ui.helpers import find, simulated, tap
from ui.shell import Shell

CATALOG = Path(__file__).parent / "data" / "catalog_identify.toml"
FACES = Path(__file__).resolve().parents[1] / "data" / "faces"


KEYBOARD = False


def camera_of(core: KioskCore) -> SimulatedCamera:
    return simulated(core, DeviceKind.CAMERA, SimulatedCamera)


def open_photo(qtbot: QtBot, shell: Shell) -> None:
    for name in ("attract_start", "area_public_order", "item_ZA-0902", "guide_start"):
        tap(qtbot, shell, name)
    assert shell.current.name == "photo"


def test_three_shots_choose_one_cropped_into_the_submission(qtbot: QtBot, shell: Shell, core: KioskCore) -> None:
    # a frontal face before a plain light background, at a distance that leaves room for the crop
    camera_of(core).set_source(ImageSequenceSource([FACES / "alex_lacamoire" / "2.jpg"]))
    open_photo(qtbot, shell)
    qtbot.waitUntil(lambda: find(shell, "photo_choice_2").isVisible(), timeout=15000)
    assert not find(shell, "photo_use").isEnabled()  # nothing chosen yet
    tap(qtbot, shell, "photo_choice_1")
    tap(qtbot, shell, "photo_use")
    assert shell.current.name == "form"
    session = shell.sessions.current
    assert session is not None
    blob = session.attachments[PHOTO_NAME]
    assert isinstance(blob, bytearray)
    image = cv2.imdecode(np.frombuffer(bytes(blob), np.uint8), cv2.IMREAD_COLOR)
    assert image is not None and image.shape[:2] == (441, 358)
    shell.cancel_session()
    assert not any(blob)  # zeroed in place at session end


def test_busy_background_gives_guidance_and_no_shot(qtbot: QtBot, shell: Shell, core: KioskCore) -> None:
    camera_of(core).set_source(ImageSequenceSource([DEMO_DIR / "faces" / "id_resident" / "1.jpg"]))
    open_photo(qtbot, shell)
    guidance = find(shell, "photo_guidance")
    qtbot.waitUntil(lambda: find(shell, "photo_camera").has_frame() and guidance.text() != "", timeout=5000)
    screen = shell.screens["photo"]
    qtbot.wait(2500)
    assert shell.findChild(QWidget, "photo_choice_0") is None  # no shot offered
    assert "0" in find(shell, "photo_count").text()
    problems = {screen.issue_text(code) for code in ("background_not_plain", "background_not_light",  # type: ignore[attr-defined]
                                                     "crop_outside_frame")}
    assert guidance.text() in problems
    tap(qtbot, shell, "frame_home")
    assert shell.screens["photo"].capture is None  # type: ignore[attr-defined]
