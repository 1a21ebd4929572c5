"""The base every screen shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from ui.host import ShellHost


class Screen(QWidget):
    """A page in the shell's stack. ``render`` rebuilds every text from state (so a language or
    elder-mode switch re-renders the current screen); ``clear`` drops anything personal."""

    name = "screen"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__()
        self.shell = shell
        self.setObjectName(f"screen_{self.name}")

    def render(self) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Called when a session ends. Screens holding personal values override it."""

    def holds_idle(self) -> bool:
        """True while money is moving on this screen: the idle timer must not run (a language or
        text-size switch re-renders the screen; it must not restart the countdown)."""
        return False

    def left(self) -> None:
        """Called when the shell moves from this screen to another one (not on a re-render).
        Screens whose step controller must settle something on leaving (money) override it."""

    def spoken_prompt(self) -> str:
        """What voice guidance says for this screen: its title (a label named ``*_title``)."""
        title = next((w for w in self.findChildren(QLabel) if w.objectName().endswith("_title") and w.text()), None)
        return title.text() if title is not None else ""
