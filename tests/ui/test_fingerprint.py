"""Fingerprints by taps, on the photo screen after the photo (one 拍照与指纹采集 screen): the demo
citizen puts each finger down when asked; the two templates reach the case encrypted and nowhere
else (temp directory redirected and scanned, as the application-form leak test does); a citizen
whose fingers cannot be read goes on, and the done screen and the receipt say the counter takes
them."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.camera.simulator import SimulatedCamera
from devices.camera.source import ImageSequenceSource
from devices.fingerprint.simulator import SimulatedFingerprintModule
from devices.printer.simulator import SimulatedPrinter
from devices.spec import DeviceKind
from kiosk.config import Settings
from kiosk.steps.fingerprint import FINGERS, attachment_name
from tests.ui.helpers import find, running_kiosk, simulated, tap, type_into
from ui.shell import Shell

CATALOG = Path(__file__).parent / "data" / "catalog_fingerprint.toml"
FACE = Path(__file__).resolve().parents[1] / "data" / "faces" / "alex_lacamoire" / "2.jpg"


def to_fingers(qtbot: QtBot, shell: Shell) -> None:
    """Guide → photo → choose a shot → the fingers, on the same screen."""
    for name in ("attract_start", "area_public_order", "item_ZA-0903", "guide_start"):
        tap(qtbot, shell, name)
    assert shell.current.name == "photo"
    qtbot.waitUntil(lambda: find(shell, "photo_choice_0").isVisible(), timeout=20_000)
    tap(qtbot, shell, "photo_choice_0")
    tap(qtbot, shell, "photo_use")


def new_files(roots: list[Path], since: float) -> list[Path]:
    return [p for root in roots for p in root.rglob("*") if p.is_file() and p.stat().st_mtime >= since]


def test_two_fingers_on_the_photo_screen_reach_the_case_encrypted_and_nowhere_else(
        qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    started = time.time() - 1
    with running_kiosk(qtbot, settings, CATALOG) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        simulated(core, DeviceKind.CAMERA, SimulatedCamera).set_source(ImageSequenceSource([FACE]))
        module = simulated(core, DeviceKind.FINGERPRINT, SimulatedFingerprintModule)
        spoken: list[str] = []
        shell.spoken.connect(spoken.append)
        to_fingers(qtbot, shell)
        assert shell.current.name == "photo"  # no screen of its own
        assert find(shell, "photo_fingers_guidance").text() == "请将右手食指平放在采集窗口上"
        assert find(shell, "photo_fingers_illustration").isVisible()
        assert not find(shell, "photo_camera").isVisible()
        assert "请将右手食指平放在采集窗口上" in spoken  # and said aloud
        qtbot.waitUntil(lambda: shell.current.name == "form", timeout=30_000)
        assert "请将左手食指平放在采集窗口上" in spoken and "请抬起手指" in spoken
        session = shell.sessions.current
        assert session is not None and session.fingerprints == "captured"
        templates = [session.attachments[attachment_name(f)] for f in FINGERS]
        assert all(isinstance(t, bytearray) and len(t) == 512 for t in templates)
        needles = [bytes(t[:32]) for t in templates] + [bytes(t[:32]).hex().encode() for t in templates]
        # back from the form: the photo again; the fingers already taken are not asked for twice
        tap(qtbot, shell, "frame_back")
        assert shell.current.name == "photo" and find(shell, "photo_camera").isVisible()
        qtbot.waitUntil(lambda: find(shell, "photo_choice_0").isVisible(), timeout=20_000)
        tap(qtbot, shell, "photo_choice_0")
        tap(qtbot, shell, "photo_use")
        qtbot.waitUntil(lambda: shell.current.name == "form", timeout=5_000)
        assert module.module.commands_seen.count(0x05) == 2  # no third RegModel
        type_into(qtbot, shell, "field_phone", "13912345678")
        tap(qtbot, shell, "form_next")
        tap(qtbot, shell, "review_confirm")
        qtbot.waitUntil(lambda: shell.current.name == "receipt", timeout=10_000)
        assert core.store is not None and core.store.outbox.depth() == 1
        [pending] = core.store.outbox.next_batch()
        assert pending.body["payload"]["fingerprints"] == {"status": "captured", "count": 2}
        # read while the kiosk runs (SQLite removes its -wal file at close): database, logs, temp
        written = new_files([private_tmp, settings.data_dir], started)
        contents = {p: p.read_bytes() for p in written if p.exists()}
        assert module.module.commands_seen.count(0x05) == 2  # RegModel once per finger
        shell.cancel_session()
        assert not any(any(t) for t in templates)  # zeroed in place at session end
    leaks = [f"{p}: {n[:8]!r}" for p, data in contents.items() for n in needles if n in data]
    assert contents and leaks == []


def test_unreadable_fingers_go_on_and_the_counter_is_said_on_the_done_screen_and_receipt(
        qtbot: QtBot, settings: Settings) -> None:
    with running_kiosk(qtbot, settings, CATALOG) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        simulated(core, DeviceKind.CAMERA, SimulatedCamera).set_source(ImageSequenceSource([FACE]))
        simulated(core, DeviceKind.FINGERPRINT, SimulatedFingerprintModule).set_fault("no_fingerprints")
        printer = simulated(core, DeviceKind.PRINTER, SimulatedPrinter)
        to_fingers(qtbot, shell)
        qtbot.waitUntil(lambda: find(shell, "photo_fingers_go_on").isVisible(), timeout=30_000)
        assert find(shell, "photo_fingers_title").text() == "本机未能采集到您的指纹"
        assert "指纹太浅" in find(shell, "photo_fingers_problem").text()  # the reason of the last try
        shell.toggle_language()
        assert find(shell, "photo_fingers_go_on").text() == "Go on: fingerprints at the counter"
        shell.toggle_language()
        tap(qtbot, shell, "photo_fingers_go_on")
        assert shell.current.name == "form"
        type_into(qtbot, shell, "field_phone", "13912345678")
        tap(qtbot, shell, "form_next")
        tap(qtbot, shell, "review_confirm")
        qtbot.waitUntil(lambda: shell.current.name == "receipt", timeout=10_000)
        qtbot.waitUntil(lambda: "受理回执" in printer.hardware.last_receipt_text(), timeout=10_000)
        receipt = printer.hardware.last_receipt_text()
        assert "指纹未在本机采集" in receipt and "补采指纹" in receipt.replace("\n", ""), receipt
        qtbot.waitUntil(lambda: find(shell, "receipt_next").isVisible(), timeout=10_000)
        tap(qtbot, shell, "receipt_next")
        assert shell.current.name == "done"
        assert "补采指纹" in find(shell, "done_body").text()


def test_a_citizen_who_declines_goes_on_at_once(qtbot: QtBot, settings: Settings) -> None:
    with running_kiosk(qtbot, settings, CATALOG) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        simulated(core, DeviceKind.CAMERA, SimulatedCamera).set_source(ImageSequenceSource([FACE]))
        to_fingers(qtbot, shell)
        tap(qtbot, shell, "photo_fingers_decline")
        assert find(shell, "photo_fingers_title").text() == "到窗口补采指纹"
        tap(qtbot, shell, "photo_fingers_go_on")
        assert shell.current.name == "form"
        session = shell.sessions.current
        assert session is not None and session.fingerprints == "counter"
