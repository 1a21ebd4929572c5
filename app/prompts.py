"""``kiosk voice prompts-list``: every phrase the kiosk speaks, with the file name its studio
recording must have (``assets/sounds/prompts/<zh_CN|en>/<key>.wav``, see ui/voice.py).

The phrases are collected by driving an offscreen kiosk (this configuration and catalog, no
devices, no server) through every screen of every service in each language and listening to what
it says: screen prompts, the errors a citizen meets offline or without devices, the time-out
warning. Phrases that carry personal or changing content (a name, a case number, a booking time)
cannot be recorded; they are spoken by the speech engine.

    uv run kiosk voice prompts-list                   # tab-separated: file, text
    uv run kiosk voice prompts-list --missing         # only those without a recording yet
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from kiosk.catalog import StepKind
from kiosk.config import Settings, VoiceSettings
from kiosk.workflow import carried_by_previous_screen
from ui.voice import PROMPTS_DIR, prompt_file, prompt_language

if TYPE_CHECKING:
    from ui.shell import Shell

log = logging.getLogger("app.prompts")


def _settle(ms: int = 10) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def collect_prompts(settings: Settings, languages: Iterable[str] = ("zh_CN", "en")) -> dict[str, list[str]]:
    """{language: phrases in the order first said}, for the given settings and their catalog."""
    from kiosk.core import KioskCore
    from app.gui import build_shell, make_application

    make_application()
    said: dict[str, list[str]] = {}
    for language in languages:
        with tempfile.TemporaryDirectory(prefix="kiosk-prompts-") as tmp:
            cfg = settings.model_copy(update={
                "language": language, "data_dir": Path(tmp) / "data", "key_file": Path(tmp) / "data.key",
                "voice": VoiceSettings(engine="mock"), "sync": None})
            core = KioskCore(cfg, log_to_file=False, start_devices=False)
            shell = build_shell(core, keyboard=False)
            phrases: list[str] = []
            shell.spoken.connect(lambda text, out=phrases: out.append(text) if text not in out else None)
            try:
                _tour(shell)
            finally:
                shell.background.wait()
                shell.close()
                shell.deleteLater()
                core.close()
                _settle()
            said[prompt_language(language)] = phrases
    return said


def _fingerprint_phrases(shell: Shell) -> None:
    """What the fingerprint panel says while fingers are taken (the tour has no module, nor a card
    for the eligibility gate: the photo screen that carries the fingers is shown directly and says
    "not working" by itself): each finger placed, placed again, lifted, each reason a read fails."""
    from kiosk.steps.fingerprint import FINGERS, FingerPhase, FingerView
    from ui.navigation import ScreenId
    from ui.screens.photo import PhotoScreen

    shell.go(ScreenId.PHOTO)
    screen = shell.current
    if not isinstance(screen, PhotoScreen) or screen.fingers.isHidden():
        return
    panel = screen.fingers
    panel.stop()
    for finger in FINGERS:
        for impression in (1, 2):
            panel._show(FingerView(FingerPhase.PLACE, finger=finger, impression=impression))  # noqa: SLF001
        panel._show(FingerView(FingerPhase.LIFT, finger=finger))  # noqa: SLF001
    for problem in ("no_finger", "image_failed", "too_messy", "too_few_points", "mismatch"):
        panel._show(FingerView(FingerPhase.PLACE, problem=problem, tries_left=2))  # noqa: SLF001


def _tour(shell: object) -> None:
    from ui.screens.steps import FormScreen
    from ui.shell import Shell

    assert isinstance(shell, Shell)
    shell.start_session()
    for area in shell.catalog.areas():
        shell.show_area(area)
    for item in shell.catalog.items():
        shell.show_guide(item)
        shell.services.print_notice = lambda item, lang: True  # "Printing…"
        shell.print_notice(item)
        shell.services.print_notice = lambda item, lang: False  # "The printer is not working…"
        shell.print_notice(item)
        shell.start_workflow([item])
        flow = shell.workflow
        assert flow is not None
        folded = carried_by_previous_screen([s.kind for s in flow.steps])
        for index, step in enumerate(flow.steps):
            if index == 0 or step.kind is StepKind.GUIDE or (index in folded and step.kind is not StepKind.FINGERPRINT):
                continue  # the guide was shown; a step the screen before carries has no screen of its own
                # (the fingers, carried on the photo screen, speak phrases of their own)
            flow.index = index
            try:
                shell.show_step()
                _settle()
                screen = shell.current
                if isinstance(screen, FormScreen) and step.kind is StepKind.FORM:
                    screen.submit()  # nothing filled in: "please correct the marked fields"
                if step.kind is StepKind.FINGERPRINT:
                    _fingerprint_phrases(shell)
                shell.background.wait(3000)
                _settle()
            except Exception as exc:  # noqa: BLE001 - a step that needs what the tour lacks: list the rest
                log.warning("prompt tour: %s step %s skipped (%s)", item.code, step.kind.value, exc)
            if shell.workflow is None:  # a step ended the session (e.g. nothing to do offline)
                shell.start_session()
                shell.start_workflow([item])
                flow = shell.workflow
                assert flow is not None
        shell.go_home()
    shell.idle._warn()  # noqa: SLF001 - the time-out warning, as said on any screen
    shell.overlay.extend()
    shell.call_staff()  # no server: "please wave to the staff at …"
    shell.background.wait(3000)
    _settle(50)
    shell.cancel_session()


def command(argv: list[str], settings: Settings) -> int:
    parser = argparse.ArgumentParser(prog="kiosk voice", description="voice guidance tools")
    sub = parser.add_subparsers(dest="voice_command", required=True)
    listing = sub.add_parser("prompts-list", help="every spoken phrase and the file name of its recording")
    listing.add_argument("--languages", default="zh_CN,en")
    listing.add_argument("--missing", action="store_true", help="only phrases without a recording yet")
    listing.add_argument("--root", type=Path, default=PROMPTS_DIR, help="prompt folder (default: the shipped one)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a listing needs no screen
    said = collect_prompts(settings, args.languages.split(","))
    total = missing = 0
    print("file\ttext")
    for language, phrases in said.items():
        for text in phrases:
            path = prompt_file(text, language, args.root)
            total += 1
            if path.is_file() and args.missing:
                continue
            missing += not path.is_file()
            shown = text.replace("\t", " ").replace("\n", "\\n")
            print(f"{path.relative_to(args.root).as_posix()}\t{shown}")
    print(f"# {total} phrases, {missing} without a recording, under {args.root}")
    return 0
