"""The shell's screens by name, each built the first time it is asked for.

Why: building all 24 screens (and importing their modules: QR codes, camera, payments) before the
first frame kept the attract screen waiting (issue #16, start → attract ≤ 1 s). The shell builds
the attract screen at once and the rest after the first frame, one per event-loop turn
(:meth:`ScreenSet.build_next`), so a tap is never held up by more than one screen's build; a
screen asked for before its turn (a tap on the attract screen while the rest is still being
built) is built right then."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence

from PySide6.QtWidgets import QStackedWidget

from ui.screens.base import Screen

log = logging.getLogger("ui.screen_set")


class ScreenSet(Mapping[str, Screen]):
    """``screens[name]`` builds the screen on first use and adds it to the stack. Iterating gives
    every name, built or not; :meth:`built` only the screens that exist (nothing is built by it)."""

    def __init__(self, stack: QStackedWidget, make: Callable[[str], Screen], names: Sequence[str]) -> None:
        self._stack = stack
        self._make = make
        self._names = tuple(names)
        self._built: dict[str, Screen] = {}

    def __getitem__(self, name: str) -> Screen:
        screen = self._built.get(name)
        if screen is None:
            if name not in self._names:
                raise KeyError(name)
            started = time.perf_counter()
            screen = self._make(name)
            self._built[name] = screen
            self._stack.addWidget(screen)
            log.debug("screen %s built in %.0f ms", name, (time.perf_counter() - started) * 1000)
        return screen

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def built(self) -> list[Screen]:
        return list(self._built.values())

    def pending(self) -> list[str]:
        return [name for name in self._names if name not in self._built]

    def build_next(self) -> bool:
        """Build the next screen not built yet, in the order given; False when none is left."""
        for name in self._names:
            if name not in self._built:
                self[name]  # noqa: B018 - builds it
                return True
        return False
