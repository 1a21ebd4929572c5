"""The kiosk's start puts the attract screen up first (issue #16, start → attract ≤ 1 s).

The kiosk used to build all 24 screens, the QML keyboard and the number pad, import their
modules (QR codes, camera, payments) and start the devices' thread before its first frame. Now
the attract screen is the only screen that exists when a citizen first sees the kiosk; the rest
is built after that frame, one screen per event-loop turn, and whatever a tap needs before its
turn is built at once. Driven through `app.gui.show_kiosk`, the start `kiosk run` / `kiosk demo` use."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from app.gui import show_kiosk
from kiosk.catalog import Area
from kiosk.core import KioskCore
from ui.navigation import ScreenId
from ui.shell import Shell


class FirstPaintOfAttract(QObject):
    """Counts the screens in the stack when the attract screen is painted for the first time."""

    def __init__(self) -> None:
        super().__init__()
        self.screens_then: int | None = None
        self.keyboard_then: bool | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (event.type() == QEvent.Type.Paint and self.screens_then is None and isinstance(watched, QWidget)
                and watched.objectName() == "screen_attract"):
            stack = watched.parentWidget()
            assert isinstance(stack, QStackedWidget)
            self.screens_then = stack.count()
            shell = stack.window()
            self.keyboard_then = any(type(w).__name__ in ("KeyboardPanel", "Keypad")
                                     for w in shell.findChildren(QWidget))
        return False


def _start(qtbot: QtBot, core: KioskCore, first_frame: object = None) -> tuple[Shell, FirstPaintOfAttract]:
    watch = FirstPaintOfAttract()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(watch)
    shell = show_kiosk(core, windowed=True, first_frame=first_frame)  # type: ignore[arg-type]
    qtbot.addWidget(shell)
    qtbot.waitUntil(lambda: watch.screens_then is not None, timeout=10_000)
    app.removeEventFilter(watch)
    return shell, watch


def _close(shell: Shell) -> None:
    shell.background.wait()
    if shell.keyboard is not None:
        shell.keyboard.close_down()


def test_the_attract_screen_is_painted_before_any_other_screen_or_the_keyboard_is_built(
        qtbot: QtBot, core: KioskCore) -> None:
    shell, watch = _start(qtbot, core)
    try:
        assert shell.current.name == "attract"
        assert watch.screens_then == 1, f"{watch.screens_then} screens were built before the first frame"
        assert watch.keyboard_then is False, "the keyboard was built before the first frame"
        # ... and the rest follows on its own, without a tap.
        qtbot.waitUntil(lambda: shell.fully_built, timeout=60_000)
        assert shell.stack.count() == len(ScreenId)
        assert shell.keyboard is not None and shell.keypad is not None
        assert shell.current.name == "attract" and shell.current.isVisible()
    finally:
        _close(shell)


def test_a_tap_on_the_attract_screen_while_the_rest_is_built_reaches_home(qtbot: QtBot, core: KioskCore) -> None:
    tapped: dict[str, int] = {}

    def tap(shell: Shell) -> None:
        # The citizen's touch arrives on the first turn after the first frame, before the build.
        def press() -> None:
            tapped["screens_built"] = len(shell.screens.built())
            start = shell.findChild(QAbstractButton, "attract_start")
            assert start is not None
            start.click()

        QTimer.singleShot(0, press)

    shell, _ = _start(qtbot, core, tap)
    try:
        qtbot.waitUntil(lambda: "screens_built" in tapped, timeout=10_000)
        assert tapped["screens_built"] < len(ScreenId), "everything was built before the tap: nothing tested"
        assert shell.current.name == "home"
        assert shell.current.isVisible()
        # Straight on to a service's form: its screens and the keyboard come when needed.
        shell.show_area(Area.PUBLIC_ORDER)
        shell.show_guide(shell.catalog.item("ZA-0101"))
        shell.start_workflow([shell.catalog.item("ZA-0101")])
        assert shell.current.name == "form" and shell.current.isVisible()
        assert shell.keyboard is not None
        qtbot.waitUntil(lambda: shell.keyboard is not None and (
            shell.keyboard.isVisibleTo(shell) or (shell.keypad is not None and shell.keypad.isVisibleTo(shell))))
        qtbot.waitUntil(lambda: shell.fully_built, timeout=60_000)
        assert shell.current.name == "form"  # the background build did not move the citizen
    finally:
        _close(shell)
