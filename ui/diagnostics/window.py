"""The diagnostics mode as one full-size panel laid over the citizen shell (a child of it, like
the timeout overlay), not a second top-level window: a fullscreen kiosk has no window manager
to trust with stacking and focus, the panel follows the shell's size and orientation, and the
citizen screens underneath stay exactly as they are (out of service, or attract).

Pages: the PIN pad first; after the right PIN two rows of tabs (devices, self-tests, camera,
printer, sound & touch, sync, logs, configuration, actions) and an always-visible exit button."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core import KioskCore
from kiosk.diagnostics.service import Diagnostics
from ui.background import Background
from ui.diagnostics.host import DiagnosticsActions
from ui.diagnostics.pages import ActionsPage, OverviewPage, Page, SelfTestsPage, SyncPage
from ui.diagnostics.pinpad import PinPad
from ui.diagnostics.tools import CameraPage, ConfigPage, LogsPage, PrinterPage, SoundTouchPage
from ui.theme import (BACKGROUND, DANGER, DISABLED_BG, DISABLED_TEXT, MUTED_BUTTON, PANEL, PRIMARY, PRIMARY_TEXT,
                      SECONDARY_TEXT, TEXT)
from ui.widgets import button, label

if TYPE_CHECKING:
    from ui.shell import Shell


PAGE_CLASSES = (OverviewPage, SelfTestsPage, CameraPage, PrinterPage, SoundTouchPage, SyncPage, LogsPage,
                ConfigPage, ActionsPage)
TABS_PER_ROW = 5


class DiagnosticsOverlay(QFrame):
    def __init__(self, shell: Shell, core: KioskCore, diag: Diagnostics, controller: DiagnosticsActions) -> None:
        super().__init__(shell)
        self.shell = shell
        self.core = core
        self.diag = diag
        self.controller = controller
        self.setObjectName("diagnostics")
        self.setAutoFillBackground(True)
        # Its own pool: a scanner test waits up to 10 s and must not hold up the PIN check or
        # the shell's printer and network calls.
        self.background = Background(self)
        self.background.pool.setMaxThreadCount(4)

        self.pin_pad = PinPad(diag.gate, self.background)
        self.main = QWidget()
        self.main.setObjectName("diag_main")
        self.heading = label("", "title", name="diag_title", wrap=False)
        self.exit_button = button("", lambda: controller.leave("exit"), "diag_exit", "staff")
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.exit_button)
        self.tabs: dict[str, QPushButton] = {}
        tab_row = QGridLayout()
        self.pages = QStackedWidget()
        self.page_by_name: dict[str, Page] = {}
        for index, cls in enumerate(PAGE_CLASSES):
            page = cls(self)
            self.page_by_name[page.name] = page
            self.pages.addWidget(page)
            tab = button("", partial(self.show_page, page.name), f"diag_tab_{page.name}", "tab")
            tab.setCheckable(True)
            self.tabs[page.name] = tab
            tab_row.addWidget(tab, index // TABS_PER_ROW, index % TABS_PER_ROW)
        main = QVBoxLayout(self.main)
        main.addLayout(head)
        main.addLayout(tab_row)
        main.addWidget(self.pages, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.pin_pad)
        self.stack.addWidget(self.main)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setStyleSheet(self._stylesheet())
        shell.installEventFilter(self)  # follow the shell's size
        self.hide()

    def _stylesheet(self) -> str:
        """The design system (ui/theme.py, docs/design.md) for the technician too: body text
        7.3 mm, headings 9.9 mm, targets 16 mm (20 mm elder), the kiosk's colours. Technicians
        stand where citizens stand, at the same panel (issue #16: 5.9 mm text, 15.9 mm buttons)."""
        t = self.shell.theme
        digit = t.type_px("heading")
        dots = t.type_px("display")
        target = t.target_px
        pad = t.mm(2)
        line = t.mm(0.6)
        return f"""
        QFrame#diagnostics, QFrame#diagnostics QWidget {{ background: {BACKGROUND}; color: {TEXT};
                                                         font-size: {t.body_px}px; }}
        QFrame#diagnostics QLabel[role="title"] {{ font-size: {t.title_px}px; font-weight: bold; }}
        QFrame#diagnostics QLabel[role="small"] {{ font-size: {t.small_px}px; color: {SECONDARY_TEXT}; }}
        QFrame#diagnostics QLabel[role="card"] {{ background: {PANEL}; }}
        QFrame#diagnostics QLabel[role="card"][state="bad"] {{ border-left: {t.mm(2)}px solid {DANGER}; }}
        QFrame#diagnostics QLabel[role="card"][state="ok"] {{ border-left: {t.mm(2)}px solid {PRIMARY}; }}
        QFrame#diagnostics QPushButton {{ min-height: {target}px; min-width: {target}px; padding: {pad}px {pad * 2}px;
                                          background: {PRIMARY}; color: {PRIMARY_TEXT}; border: none;
                                          border-radius: {t.mm(2)}px; }}
        QFrame#diagnostics QPushButton:disabled {{ background: {DISABLED_BG}; color: {DISABLED_TEXT};
                                                   border: {line}px dashed {DISABLED_TEXT}; }}
        QFrame#diagnostics QPushButton[role="secondary"], QFrame#diagnostics QPushButton[role="digit"],
        QFrame#diagnostics QPushButton[role="tab"] {{ background: {MUTED_BUTTON}; color: {TEXT}; }}
        QFrame#diagnostics QPushButton[role="staff"] {{ background: {DANGER}; color: {PRIMARY_TEXT}; }}
        QFrame#diagnostics QPushButton[role="test"] {{ min-width: {t.mm(70)}px; }}
        QFrame#diagnostics QPushButton[role="tab"]:checked {{ background: {TEXT}; color: {BACKGROUND}; }}
        QFrame#diagnostics QPushButton[role="digit"] {{ font-size: {digit}px; min-width: {t.mm(28)}px;
                                                        min-height: {t.mm(22)}px; }}
        QFrame#diagnostics QLabel#diag_pin_dots {{ font-size: {dots}px; color: {PRIMARY}; background: {BACKGROUND};
                                                   border: {line}px solid {TEXT}; padding: {pad}px; }}
        """

    def as_widget(self) -> QWidget:
        return self

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.shell and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.shell.rect())
        return False

    def cover(self) -> None:
        self.setGeometry(self.shell.rect())
        self.show()
        self.raise_()

    def show_pin_pad(self) -> None:
        self.pin_pad.reset()
        sound = self.page_by_name["sound"]
        if isinstance(sound, SoundTouchPage):  # a touch test left running must not greet the next visit
            sound.calibration.hide()
        self.stack.setCurrentWidget(self.pin_pad)
        self.cover()

    def show_main(self) -> None:
        self.stack.setCurrentWidget(self.main)
        self.cover()
        self.show_page("overview")

    def show_page(self, name: str) -> None:
        self.pages.setCurrentWidget(self.page_by_name[name])
        for tab_name, tab in self.tabs.items():
            tab.setChecked(tab_name == name)
        self.refresh()

    @property
    def current_page(self) -> Page:
        page = self.pages.currentWidget()
        assert isinstance(page, Page)
        return page

    def refresh(self) -> None:
        self.heading.setText(self.tr("Diagnostics · %1").replace("%1", self.core.settings.kiosk_id))
        self.exit_button.setText(self.tr("Exit diagnostics"))
        self.exit_button.setAccessibleName(self.exit_button.text())
        names = {"overview": self.tr("Devices"), "tests": self.tr("Self-tests"), "camera": self.tr("Camera"),
                 "printer": self.tr("Printer"), "sound": self.tr("Sound and touch"), "sync": self.tr("Sync"),
                 "logs": self.tr("Logs"), "config": self.tr("Configuration"), "actions": self.tr("Actions")}
        for name, tab in self.tabs.items():
            tab.setText(names[name])
            tab.setAccessibleName(names[name])
        if self.stack.currentWidget() is self.main:
            self.current_page.refresh()
        else:
            self.pin_pad.refresh()

