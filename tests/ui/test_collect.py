"""自助取证 on screen, as in the demo: the demo server has 测试甲's finished ID card in slot 3 of
the demo kiosk, the demo dispenser is simulated (the citizen takes the card 2 s after it comes
out). The identify step is tested on its own (test_identify.py); here the session is as it leaves
it after a face match on her card."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from devices.card_dispenser.simulator import SimulatedCardDispenser
from devices.card_reader.samples import load_samples
from devices.card_reader.textblock import parse_text_block
from devices.spec import DEMO_DIR, DeviceKind
from kiosk.config import Settings
from kiosk.core import KioskCore
from server.launcher import LocalServer, start_local_server
from tests.ui.helpers import find, running_kiosk, simulated, tap
from ui.shell import Shell


@pytest.fixture()
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """A fresh demo server per test: each citizen finds her card waiting in slot 3."""
    with start_local_server(tmp_path_factory.mktemp("server"), "demo-kiosk-01") as local:
        yield local


@pytest.fixture()
def linked(qtbot: QtBot, settings: Settings, server: LocalServer) -> Iterator[tuple[Shell, KioskCore]]:
    with running_kiosk(qtbot, settings) as (shell, core):
        core.server.link(server.url, server.kiosk_id, server.secret)
        yield shell, core


def test_demo_citizen_takes_her_card_from_the_dispenser(qtbot: QtBot, linked: tuple[Shell, KioskCore]) -> None:
    shell, core = linked
    dispenser = simulated(core, DeviceKind.CARD_DISPENSER, SimulatedCardDispenser)
    qtbot.waitUntil(lambda: DeviceKind.CARD_DISPENSER not in core.hardware.unusable_kinds(), timeout=10000)
    tap(qtbot, shell, "attract_start")
    shell.show_guide(shell.catalog.item("HZ-0601"))  # on the household area's second page
    tap(qtbot, shell, "guide_start")
    assert shell.current.name == "identify"
    session = shell.workflow.session  # type: ignore[union-attr]
    session.card = parse_text_block(load_samples(DEMO_DIR / "identities.json")["resident"].text_block)
    session.verification, session.verification_reference = "match", "register"
    shell.next_step()
    assert shell.current.name == "collect"
    qtbot.waitUntil(lambda: find(shell, "collect_countdown").text() != "", timeout=15000)
    assert "取走" in find(shell, "collect_body").text()  # take it from the slot, with a countdown
    assert find(shell, "collect_card").text() == "居民身份证"
    qtbot.waitUntil(lambda: find(shell, "collect_next").isVisible(), timeout=15000)
    assert "证件已领取" in find(shell, "collect_body").text()
    assert "证件已领取" in shell.voice.last
    assert dispenser.module.slot_map()[2] is False and dispenser.module.bin_count == 0
    tap(qtbot, shell, "collect_next")
    assert shell.current.name == "done"


def test_demo_citizen_verified_by_her_live_face_collects_her_card(
        qtbot: QtBot, linked: tuple[Shell, KioskCore]) -> None:
    """The whole demo path: her ID card on the reader, her live face (blink / turn as asked)
    matched, then the card from slot 3."""
    import cv2
    import face_recognition

    from devices.camera.cooperative import CooperativeCitizen
    from devices.camera.simulator import SimulatedCamera
    from devices.card_reader.simulator import SimulatedCardReader

    shell, core = linked
    dispenser = simulated(core, DeviceKind.CARD_DISPENSER, SimulatedCardDispenser)
    needed = {DeviceKind.CARD_READER, DeviceKind.CAMERA, DeviceKind.CARD_DISPENSER}  # what HZ-0601 needs
    qtbot.waitUntil(lambda: not needed & core.hardware.unusable_kinds(), timeout=10000)
    tap(qtbot, shell, "attract_start")
    shell.show_guide(shell.catalog.item("HZ-0601"))
    tap(qtbot, shell, "guide_start")
    simulated(core, DeviceKind.CARD_READER, SimulatedCardReader).present_card("resident")
    qtbot.waitUntil(lambda: find(shell, "identify_face").isVisible(), timeout=5000)
    img = cv2.imread(str(DEMO_DIR / "faces" / "id_resident" / "1.jpg"))
    citizen = CooperativeCitizen(img, landmarks=face_recognition.face_landmarks(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))[0])
    camera = simulated(core, DeviceKind.CAMERA, SimulatedCamera)
    camera.set_source(citizen)
    tap(qtbot, shell, "identify_face")
    guidance = find(shell, "identify_guidance")
    done: list[str] = []
    free_at = [0.0]

    def citizen_follows_the_screen() -> bool:
        action = str(guidance.property("action") or "")
        if action and (not done or done[-1] != action):
            # on the scene's (simulated) clock, as the liveness check times it: wall-clock time
            # runs ahead of the camera on a loaded machine and the turn came too early ("flat")
            at = max(camera.source_time() + 0.3, free_at[0])
            citizen.perform(action, at=at)
            free_at[0] = at + (0.3 if action == "blink" else 1.3)
            done.append(action)
        return find(shell, "identify_continue").isVisible()

    qtbot.waitUntil(citizen_follows_the_screen, timeout=120000)  # wall-clock bound on a loaded machine
    assert shell.workflow is not None and shell.workflow.session.verification == "match"
    tap(qtbot, shell, "identify_continue")
    assert shell.current.name == "collect"
    qtbot.waitUntil(lambda: find(shell, "collect_next").isVisible(), timeout=20000)
    assert "证件已领取" in find(shell, "collect_body").text()
    assert dispenser.module.slot_map()[2] is False
