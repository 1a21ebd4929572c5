"""The shell as the screens see it: the frame's state and the moves a screen may ask for.

A `typing.Protocol` in a leaf module, so a screen can name its host without importing ui/shell.py,
which imports every screen: that was a 10-file import cycle (type-only imports count,
tests/test_architecture.py). ui/shell.py's `Shell` is the one implementation; it satisfies this
structurally and does not import it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QPushButton

from kiosk.catalog import Area, Catalog, Item
from kiosk.config import Settings
from kiosk.regions import Regions
from kiosk.session import SessionKeeper
from kiosk.workflow import Workflow
from ui.background import Background
from ui.keyboard import KeyboardPanel
from ui.navigation import ScreenId
from ui.services import Services
from ui.theme import Theme
from ui.timeout import IdleGuard


class ShownScreen(Protocol):
    """The screen on top of the stack; screens compare it with themselves (`current is self`)."""

    name: str


class ShellHost(Protocol):
    settings: Settings
    catalog: Catalog
    services: Services
    background: Background  # network, printer and payment calls off the UI thread
    regions: Regions
    sessions: SessionKeeper
    workflow: Workflow | None
    language: str
    theme: Theme
    keyboard: KeyboardPanel | None
    typing_in_landscape: bool  # a keyboard or pad is up on a landscape panel: the phase bar gives way
    back_button: QPushButton
    idle: IdleGuard
    scanned: SignalInstance  # Signal(str): a code read by the scanner, on the UI thread

    @property
    def current(self) -> ShownScreen: ...

    @property
    def out_of_service(self) -> bool: ...

    # -- moves --------------------------------------------------------------------------------
    def go(self, target: ScreenId) -> bool: ...

    def start_session(self) -> None: ...

    def show_area(self, area: Area) -> None: ...

    def show_guide(self, item: Item) -> None: ...

    def start_workflow(self, items: Sequence[Item]) -> None: ...

    def show_step(self) -> None: ...

    def next_step(self) -> None: ...

    def back(self) -> None: ...

    def go_home(self) -> None: ...

    def rerender(self) -> None: ...

    def cancel_session(self) -> None: ...

    def end_session_finished(self) -> None: ...

    # -- what the frame knows -----------------------------------------------------------------
    def say(self, text: str) -> None: ...

    def counter_text(self) -> str: ...

    def unavailable_reason(self, item: Item) -> str: ...

    def paused_notices(self) -> list[str]: ...

    def session_deferred(self) -> list[str]: ...

    def can_print(self) -> bool: ...

    def print_notice(self, item: Item) -> None: ...

    def camera_device(self) -> object | None: ...

    def commit_keyboard(self) -> None: ...

    def width(self) -> int: ...

    def height(self) -> int: ...
