"""A citizen taps through the identify step: the card-reader simulator holds a sample card, the
simulated camera shows a cooperative citizen made from the same person's photo (real face
pipeline, real liveness challenge), or the citizen chooses staff verification."""

from __future__ import annotations

import re
from pathlib import Path

import cv2
import face_recognition
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from devices.camera.cooperative import CooperativeCitizen
from devices.camera.simulator import SimulatedCamera
from devices.card_reader.simulator import SimulatedCardReader
from devices.spec import DEMO_DIR, DeviceKind
from kiosk.core import KioskCore
from kiosk.identity import MATCH, STAFF_PENDING
from tests.ui.helpers import find, simulated, tap, type_into, visible_texts
from ui.shell import Shell

CATALOG = Path(__file__).parent / "data" / "catalog_identify.toml"
NAME = "测试甲"  # the "resident" sample card


KEYBOARD = False


def reader_of(core: KioskCore) -> SimulatedCardReader:
    return simulated(core, DeviceKind.CARD_READER, SimulatedCardReader)


def camera_of(core: KioskCore) -> SimulatedCamera:
    return simulated(core, DeviceKind.CAMERA, SimulatedCamera)


def open_identify(qtbot: QtBot, shell: Shell) -> None:
    for name in ("attract_start", "area_public_order", "item_ZA-0901", "guide_start"):
        tap(qtbot, shell, name)
    assert shell.current.name == "identify"
    assert find(shell, "identify_staff").isVisible()  # staff verification offered from the start


def place_card(qtbot: QtBot, shell: Shell, core: KioskCore) -> None:
    reader_of(core).present_card("resident")
    qtbot.waitUntil(lambda: find(shell, "identify_face").isVisible(), timeout=5000)
    assert NAME in find(shell, "identify_holder").text()
    assert find(shell, "identify_staff").isVisible()


def assert_wiped(shell: Shell) -> None:
    assert shell.sessions.current is None
    assert not any(NAME in text for text in visible_texts(shell))
    assert all(not w.text() for w in shell.findChildren(QLineEdit))


def test_card_and_live_face_verify_and_prefill_the_form(qtbot: QtBot, shell: Shell, core: KioskCore) -> None:
    open_identify(qtbot, shell)
    place_card(qtbot, shell, core)
    session = shell.sessions.current
    assert session is not None and session.verification is None

    # the person in front of the camera: the card holder's own (other) photo, brought to life
    img = cv2.imread(str(DEMO_DIR / "faces" / "id_resident" / "1.jpg"))
    marks = face_recognition.face_landmarks(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))[0]
    citizen = CooperativeCitizen(img, landmarks=marks)
    camera = camera_of(core)
    camera.set_source(citizen)
    tap(qtbot, shell, "identify_face")

    done: list[str] = []
    free_at = [0.0]
    guidance = find(shell, "identify_guidance")
    seen_live = [False]

    def citizen_follows_the_screen() -> bool:
        # reads the instruction on the screen and does it after ~0.3 s, one movement at a time
        action = str(guidance.property("action") or "")
        if guidance.isVisible():
            seen_live[0] = seen_live[0] or (bool(guidance.text()) and find(shell, "identify_camera").has_frame())
        if action and (not done or done[-1] != action):
            at = max(camera.source_time() + 0.3, free_at[0])  # the scene's (simulated) clock
            citizen.perform(action, at=at)
            free_at[0] = at + (0.3 if action == "blink" else 1.3)
            done.append(action)
        return find(shell, "identify_continue").isVisible()

    # wall-clock bound: the simulated camera's scene slows down with a loaded machine
    qtbot.waitUntil(citizen_follows_the_screen, timeout=120000)
    assert seen_live[0], "the live picture and the guidance were shown"
    assert done, "a blink or head turn was asked for"
    assert session.verification == MATCH
    assert not any(re.search(r"\d\.\d|%", t) for t in visible_texts(shell))  # never a score or a percentage

    tap(qtbot, shell, "identify_continue")
    assert shell.current.name == "form"
    assert find(shell, "field_name").text() == NAME  # 一证通: pre-filled from the card

    shell.timeout()
    assert session.card is None and session.verification is None
    assert_wiped(shell)
    # nothing personal and no picture reached the disk (case store encrypted, logs plain)
    for path in core.settings.data_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert NAME.encode() not in data and b"110105199003071239" not in data, path
            assert path.suffix.lower() not in (".jpg", ".jpeg", ".png", ".npy"), path


def test_staff_verification_without_any_face_processing(qtbot: QtBot, shell: Shell, core: KioskCore) -> None:
    def no_face_processing() -> None:
        raise AssertionError("staff verification must not load the face pipeline")

    shell.services.face_pipeline = no_face_processing  # type: ignore[assignment]
    open_identify(qtbot, shell)
    place_card(qtbot, shell, core)
    tap(qtbot, shell, "identify_staff")
    assert find(shell, "identify_continue").isVisible()
    assert not find(shell, "identify_camera").isVisible()
    session = shell.sessions.current
    assert session is not None and session.verification == STAFF_PENDING
    assert shell.settings.counter["zh" if shell.language.startswith("zh") else "en"] in find(shell, "identify_body").text()

    tap(qtbot, shell, "identify_continue")
    assert find(shell, "field_name").text() == NAME
    type_into(qtbot, shell, "field_phone", "13912345678")
    tap(qtbot, shell, "form_next")
    assert shell.current.name == "review"

    shell.cancel_session()
    assert session.card is None and session.answers == {}
    assert_wiped(shell)


def test_no_card_typed_number_is_checked(qtbot: QtBot, shell: Shell, core: KioskCore) -> None:
    open_identify(qtbot, shell)
    tap(qtbot, shell, "identify_no_card")
    type_into(qtbot, shell, "identify_id_number", "110105199003071238")  # wrong check digit
    tap(qtbot, shell, "identify_id_submit")
    assert find(shell, "identify_id_error").isVisible()
    assert not find(shell, "identify_face").isVisible()
    type_into(qtbot, shell, "identify_id_number", "110105199003071239")
    tap(qtbot, shell, "identify_id_submit")
    # this kiosk has no centre: without a card there is no photo to compare with, so staff, told why
    qtbot.waitUntil(lambda: find(shell, "identify_continue").isVisible(), timeout=5000)
    assert not find(shell, "identify_face").isVisible()
    assert "无法连接" in find(shell, "identify_body").text() or "cannot be reached" in find(shell, "identify_body").text()
    shell.go_home()
    QApplication.processEvents()
    screen = shell.screens["identify"]
    assert screen.controller is None  # leaving the step stopped its worker


def test_second_look_tells_the_citizen_what_to_do_and_what_happens_next(qtbot: QtBot, shell: Shell) -> None:
    from kiosk.identity import IdentifyView, Phase

    open_identify(qtbot, shell)
    screen = shell.screens["identify"]
    screen.timer.stop()  # render the controller's view by hand: this test is about the words
    screen.view = IdentifyView(Phase.SECOND_LOOK, guidance="ok", reference="chip", frames_taken=1,
                               frames_wanted=3)
    screen._show(screen.view)
    body = find(shell, "identify_body").text()
    # glasses, light, pose; how many pictures; staff next if it still fails; may continue anyway
    for words in ("眼镜", "光线", "正视", "3", "工作人员", "继续办理"):
        assert words in body, words
    assert find(shell, "identify_countdown").text() == "已拍摄：1 / 3"
    assert shell.voice.last == body  # the advice is spoken as a whole
    assert find(shell, "identify_staff").isVisible()  # staff is still one tap away


def test_a_turn_that_stops_short_is_told_which_way_to_go_further(qtbot: QtBot, shell: Shell) -> None:
    """The challenge saw the head turn left but stop short: the citizen reads (and hears) that they
    should turn a little further to their left, in their language, with the time still running."""
    import os

    from kiosk.identity import IdentifyView, Phase

    open_identify(qtbot, shell)
    screen = shell.screens["identify"]
    screen.timer.stop()  # render the controller's view by hand: this test is about the words
    shots = os.environ.get("KIOSK_SHOTS")  # a directory: save the screen to look at it (no face is shown)
    for lang, words in (("zh", "请再向左多转一点"), ("en", "A little further to your left, please")):
        if lang == "en":
            shell.toggle_language()
        screen.view = IdentifyView(Phase.FACE, guidance="ok", action="turn_left", further=True, seconds_left=7)
        screen._show(screen.view)
        assert find(shell, "identify_guidance").text() == words
        assert find(shell, "identify_countdown").text()  # the time left is still shown
        if shots:
            shell.window().grab().save(f"{shots}/further_{lang}.png")
        screen.view = IdentifyView(Phase.FACE, guidance="ok", action="turn_left", seconds_left=7)
        screen._show(screen.view)
        assert find(shell, "identify_guidance").text() != words  # the first request is the plain one
    assert find(shell, "identify_staff").isVisible()  # staff is still one tap away
