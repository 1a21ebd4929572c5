"""What the diagnostics pages use of the window that holds them, and what the window uses of the
controller. Protocols in a leaf module, so pages, tools, window and controller do not import each
other in a circle (type-only imports count, tests/test_architecture.py); ui/diagnostics/window.py's
`DiagnosticsOverlay` and ui/diagnostics/controller.py's `DiagnosticsController` implement them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

from kiosk.catalog import Catalog
from kiosk.core import KioskCore
from kiosk.diagnostics.service import Diagnostics
from ui.background import Background

if TYPE_CHECKING:
    from ui.shell import Shell


class DiagnosticsActions(Protocol):
    """The controller's actions a page or the exit button asks for."""

    def leave(self, reason: str) -> None: ...

    def set_out_of_service(self, out: bool) -> None: ...

    def restart(self) -> None: ...

    def use_catalog(self, catalog: Catalog) -> None: ...


class PageHost(Protocol):
    shell: Shell
    core: KioskCore
    diag: Diagnostics
    controller: DiagnosticsActions
    background: Background  # its own pool: a slow self-test holds up neither the PIN nor the shell

    def as_widget(self) -> QWidget:
        """The window itself, as the Qt parent of an overlay a page opens over it."""
        ...
