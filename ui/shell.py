"""The kiosk window: the frame that is the same on every screen (home, back, call staff,
中文/English, large text, step n of m), the screen stack, the embedded keyboard and the idle timer."""

from __future__ import annotations

import logging
import importlib
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QInputEvent
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.catalog import Area, Item, StepKind
from kiosk.eligibility import Verdict
from kiosk.lang import lang_key
from kiosk.memory import trim
from kiosk.modes import Mode, ModeMachine, OutOfService
from kiosk.regions import load_regions
from kiosk.session import EndReason, SessionKeeper
from kiosk.workflow import Workflow, WorkflowError, fingers_at_photo, missing_steps
from ui.background import Background
from ui.i18n import Translations
from ui.navigation import IllegalMove, ScreenId, check_move
from ui.screen_set import ScreenSet
from ui.screens.base import Screen
from ui.screens.browse import AreaScreen, GuideScreen  # the attract screen's module: imported at start anyway
from ui.services import Services
from ui.theme import theme_for
from ui.timeout import IdleGuard, TimeoutOverlay
from ui.voice import Voice
from ui.widgets import ScreenStack, button, label

if TYPE_CHECKING:
    # Imported when first built (screen_class): listed here so the import-graph test
    # (tests/test_architecture.py) still sees the shell's dependencies on them.
    from ui.keyboard import KeyboardPanel
    from ui.keypad import Keypad
    from ui.screens import (  # noqa: F401
        collect, eligibility, fingerprint, identify, issue, on_behalf, pay, photo, receipt, service, steps,
    )

log = logging.getLogger("ui.shell")

# Every screen's module (in ui/screens/) and class, in the order they are built after the first
# frame: the likeliest next screens first. A module is imported when its first screen is built,
# so the start imports only the attract screen's (issue #16: start → attract ≤ 1 s).
SCREEN_CLASSES: dict[ScreenId, tuple[str, str]] = {
    ScreenId.ATTRACT: ("browse", "AttractScreen"),
    ScreenId.HOME: ("browse", "HomeScreen"),
    ScreenId.AREA: ("browse", "AreaScreen"),
    ScreenId.GUIDE: ("browse", "GuideScreen"),
    ScreenId.OUT_OF_SERVICE: ("browse", "OutOfServiceScreen"),
    ScreenId.CONSENT: ("steps", "ConsentScreen"),
    ScreenId.IDENTIFY: ("identify", "IdentifyScreen"),
    ScreenId.FORM: ("steps", "FormScreen"),
    ScreenId.REVIEW: ("steps", "ReviewScreen"),
    ScreenId.SIGN: ("steps", "SignScreen"),
    ScreenId.SUBMIT: ("steps", "SubmitScreen"),
    ScreenId.DONE: ("steps", "DoneScreen"),
    ScreenId.RATE: ("steps", "RateScreen"),
    ScreenId.QUERY: ("service", "QueryScreen"),
    ScreenId.RESULT: ("service", "ResultScreen"),
    ScreenId.BOOK: ("service", "BookScreen"),
    ScreenId.RECEIPT: ("receipt", "ReceiptScreen"),
    ScreenId.PHOTO: ("photo", "PhotoScreen"),
    ScreenId.PAY: ("pay", "PayScreen"),
    ScreenId.PAYMENT_NOTICE: ("pay", "PaymentNoticeScreen"),
    ScreenId.COLLECT: ("collect", "CollectScreen"),
    ScreenId.ISSUE: ("issue", "IssueScreen"),
    ScreenId.ELIGIBILITY: ("eligibility", "EligibilityScreen"),
    ScreenId.ON_BEHALF: ("on_behalf", "OnBehalfScreen"),
    ScreenId.FINGERPRINT: ("fingerprint", "FingerprintScreen"),
}


def screen_class(name: str) -> type[Screen]:
    module, cls = SCREEN_CLASSES[ScreenId(name)]
    found = getattr(importlib.import_module(f"ui.screens.{module}"), cls)
    assert isinstance(found, type) and issubclass(found, Screen)
    return found

# Step kinds whose screens exist. Items needing others are shown as "use the counter for now".
BUILT_STEPS = frozenset({
    StepKind.GUIDE, StepKind.CONSENT, StepKind.FORM, StepKind.REVIEW,
    StepKind.SIGN, StepKind.SUBMIT, StepKind.DONE, StepKind.RATE,
    StepKind.QUERY, StepKind.RESULT, StepKind.BOOK, StepKind.RECEIPT, StepKind.IDENTIFY, StepKind.PHOTO,
    StepKind.PAY, StepKind.COLLECT, StepKind.ISSUE, StepKind.FINGERPRINT,
})
BUILT_FIELD_KINDS = frozenset({"text", "phone", "date", "choice", "id_number", "number", "plate", "address",
                               "document_photo"})


class Shell(QWidget):
    screen_changed = Signal(str)
    spoken = Signal(str)
    # Emitted from the device health thread; the queued connection brings it to the UI thread.
    devices_changed = Signal()
    catalog_ready = Signal()  # from the sync thread: a new catalog waits for an idle moment
    scanned = Signal(str)  # from the scanner's thread: a code was read
    staff_coming = Signal()  # from the help-call watch thread: staff acknowledged the call

    def __init__(self, services: Services, translations: Translations, keyboard: bool = True,
                 build_later: bool = False) -> None:
        """``build_later``: only the attract screen now; the rest after :meth:`build_rest_when_idle`
        or when first needed (the kiosk's start, app/gui.py)."""
        super().__init__()
        self.services = services
        self.settings = services.settings
        self.catalog = services.catalog
        self.background = Background(self)  # network and printer calls off the UI thread
        self.regions = load_regions()  # the address picker's province → city → district lists
        self.translations = translations
        self.sessions = SessionKeeper(self.settings.language)
        self.workflow: Workflow | None = None
        self._english_for: str | None = None  # the session already switched to English for a foreign card
        self.language = self.settings.language
        self.theme = theme_for(self.settings.screen, elder=False)
        self.modes = ModeMachine()  # in service / out of service (typed reasons) / diagnostics
        self.setObjectName("shell")
        self.setWindowTitle("Police self-service kiosk")

        self.top = QFrame()
        self.top.setProperty("role", "bar")
        top = QHBoxLayout(self.top)
        # Wraps rather than widening the bar: in elder mode with "Step n of m" it must still fit 1080 px.
        self.title = label("", "small", wrap=True, name="frame_location")
        self.progress = label("", "small", wrap=False, name="frame_progress")
        self.lang_button = button("", self.toggle_language, "frame_language", "secondary")
        self.elder_button = button("", self.toggle_elder, "frame_elder", "secondary")
        top.addWidget(self.title, 1)
        top.addWidget(self.progress)
        top.addWidget(self.lang_button)
        top.addWidget(self.elder_button)

        self.stack = ScreenStack()
        # Built on first use (ui/screen_set.py); all of them here unless build_later.
        self.screens = ScreenSet(self.stack, lambda name: screen_class(name)(self),
                                 [screen.value for screen in SCREEN_CLASSES])

        self.bottom = QFrame()
        self.bottom.setProperty("role", "bar")
        bottom = QHBoxLayout(self.bottom)
        self.home_button = button("", self.go_home, "frame_home", "secondary")
        self.back_button = button("", self.back, "frame_back", "secondary")
        self.staff_button = button("", self.call_staff, "frame_staff", "staff")
        self.staff_status = label("", "small", name="frame_staff_status")
        self.voice = Voice(self.settings.voice, self)
        self.spoken.connect(lambda text: self.voice.say(text, self.language))
        self.repeat_button = button("", lambda: self.voice.repeat(self.language), "frame_repeat", "secondary")
        self.repeat_button.setVisible(self.voice.available)  # no speech engine: no button that does nothing
        self.voice.available_changed.connect(self.repeat_button.setVisible)  # speechd answers after the first frame
        bottom.addWidget(self.home_button)
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.repeat_button)
        bottom.addWidget(self.staff_status, 1)
        bottom.addWidget(self.staff_button)

        self.typing_in_landscape = False
        self.keyboard: KeyboardPanel | None = None
        # Digit fields (ID number, phone, number, date) get the number pad instead of the keyboard.
        self.keypad: Keypad | None = None
        self._keyboard_wanted = keyboard
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.bottom)

        self.overlay = TimeoutOverlay(self, self)
        self.idle = IdleGuard(self, self)
        self.sessions.on_end(self._on_session_end)
        self.apply_theme()
        self._rest_timer: QTimer | None = None
        self._rest_started = 0.0
        if not build_later:
            while self.screens.build_next():
                pass
            self.ensure_keyboard()
        self.go(ScreenId.ATTRACT)

    # -- building what the attract screen does not need -------------------------------------------
    def ensure_keyboard(self) -> None:
        """Build the embedded keyboard (QML, the longest single build) and the number pad, once."""
        if not self._keyboard_wanted or self.keyboard is not None:
            return
        from ui.keyboard import KeyboardPanel
        from ui.keypad import Keypad

        self.keyboard = KeyboardPanel(self)
        self.keypad = Keypad(self)
        at = self._layout.indexOf(self.stack) + 1  # between the screens and the bottom bar
        self._layout.insertWidget(at, self.keyboard, 0, Qt.AlignmentFlag.AlignHCenter)
        self._layout.insertWidget(at + 1, self.keypad, 0, Qt.AlignmentFlag.AlignHCenter)
        self.keyboard.setFixedWidth(min(self.width(), 1200))
        self.keyboard.setVisible(False)
        self.keypad.setVisible(False)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def build_rest_when_idle(self) -> None:
        """After the first frame: the screens not built yet, then the keyboard, one per event-loop
        turn (a 0 ms timer), so a tap waits for one build at most. A screen needed earlier is
        built when it is asked for (ScreenSet)."""
        if self._rest_timer is not None:
            return
        self._rest_started = time.perf_counter()
        self._rest_timer = QTimer(self)
        self._rest_timer.setInterval(0)
        self._rest_timer.timeout.connect(self._build_one)
        self._rest_timer.start()

    def _build_one(self) -> None:
        if self.screens.build_next():
            return
        self.ensure_keyboard()
        if self._rest_timer is not None:
            self._rest_timer.stop()
        log.info("all screens built %.0f ms after the first frame", (time.perf_counter() - self._rest_started) * 1000)

    @property
    def fully_built(self) -> bool:
        return not self.screens.pending() and (self.keyboard is not None or not self._keyboard_wanted)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.keyboard is not None:
            # A keyboard wider than ~1200 px grows so tall in landscape that it squeezes the form.
            self.keyboard.setFixedWidth(min(self.width(), 1200))
        if self.overlay.isVisible():
            self.overlay.setGeometry(self.overlay_rect())

    def overlay_rect(self) -> QRect:
        margin_x, margin_y = self.width() // 12, self.height() // 5
        return self.rect().adjusted(margin_x, margin_y, -margin_x, -margin_y)

    # -- navigation -----------------------------------------------------------------------------
    @property
    def current(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def go(self, target: ScreenId) -> bool:
        """The one way to change screens: checked against ui/navigation.py's table, logged; an
        illegal move is refused (and logged as an error) and the current screen stays."""
        name = target.value
        screen = self.screens[name]
        before = self.stack.currentWidget()
        current = ScreenId(before.name) if isinstance(before, Screen) and before.name in self.screens else None
        try:
            check_move(current, target)
        except IllegalMove as exc:
            log.error("refused screen move %s", exc)
            return False
        if current is not target:
            log.info("screen %s -> %s", current.value if current else "none", name)
        if isinstance(before, Screen) and before is not screen:
            before.left()
        screen.render()
        self.stack.setCurrentWidget(screen)
        self.stack.updateGeometry()  # the window sizes itself to the screen shown (ScreenStack)
        self._update_frame()
        if name != "attract":
            self.say(screen.spoken_prompt())
        self._restart_idle()
        self.screen_changed.emit(name)
        return True

    def start_session(self) -> None:
        if self.modes.mode is not Mode.IN_SERVICE:
            return
        self.sessions.ensure()
        self.go(ScreenId.HOME)

    def go_home(self) -> None:
        """Home abandons a running service (its answers are dropped) but keeps the session."""
        if self.workflow is not None and not self.workflow.finished and self.workflow.session.case_numbers:
            self.end_session_finished()
            return
        self._drop_workflow()
        self.go(ScreenId.HOME)

    def show_area(self, area: Area) -> None:
        screen = self.screens["area"]
        assert isinstance(screen, AreaScreen)
        screen.show_area(area)
        self.go(ScreenId.AREA)

    def show_guide(self, item: Item) -> None:
        screen = self.screens["guide"]
        assert isinstance(screen, GuideScreen)
        screen.show_item(item)
        self.go(ScreenId.GUIDE)

    def start_workflow(self, items: Sequence[Item]) -> None:
        session = self.sessions.ensure()
        self.workflow = Workflow(items, session, self.services.submitter)
        self.workflow.start()  # the guide page was just read (and, where it carries it, agreed to)
        self.show_step()

    def show_step(self) -> None:
        flow = self.workflow
        if flow is None:
            return
        kind = flow.step.kind
        if kind is StepKind.GUIDE:
            self.show_guide(flow.items[0])
            return
        if kind not in (StepKind.CONSENT, StepKind.IDENTIFY):
            self._english_for_foreign_card(flow.session)
        if flow.needs_on_behalf():
            self.go(ScreenId.ON_BEHALF)  # 本人办理 / 代他人办理, after identifying
            return
        if flow.gate().verdict is not Verdict.ELIGIBLE:
            self.go(ScreenId.ELIGIBILITY)  # a question first, or where to go instead
            return
        if kind is StepKind.FINGERPRINT and fingers_at_photo([s.kind for s in flow.steps], flow.index):
            self.go(ScreenId.PHOTO)  # the photo screen carries the fingers (拍照与指纹采集)
            return
        self.go(ScreenId(kind.value))

    def _english_for_foreign_card(self, session: object) -> None:
        """A foreign permanent resident card was read: go on in English, once per session (the
        language button switches back; many holders read Chinese)."""
        card_type = str(getattr(getattr(getattr(session, "card", None), "card_type", None), "value", ""))
        session_id = getattr(session, "id", None)
        if card_type.startswith("foreigner") and self.language.startswith("zh") and self._english_for != session_id:
            self._english_for = session_id
            self.toggle_language()

    def next_step(self) -> None:
        flow = self.workflow
        if flow is None:
            return
        if flow.index + 1 >= len(flow.steps):
            self.end_session_finished()
            return
        flow.next()
        self.show_step()

    def back(self) -> None:
        name = self.current.name
        flow = self.workflow
        if flow is not None and name not in ("guide", "area", "home"):
            try:
                flow.back()
            except WorkflowError:
                return
            if flow.step.kind is StepKind.GUIDE:
                self._drop_workflow()
                self.go(ScreenId.GUIDE)
            else:
                self.show_step()
            return
        if name == "guide":
            screen = self.screens["area"]
            assert isinstance(screen, AreaScreen)
            self.go(ScreenId.AREA if screen.area is not None else ScreenId.HOME)
        elif name == "area":
            self.go(ScreenId.HOME)

    def cancel_session(self) -> None:
        self.sessions.end(EndReason.CANCELLED)

    def end_session_finished(self) -> None:
        self.sessions.end(EndReason.FINISHED)

    def timeout(self) -> None:
        self.sessions.end(EndReason.TIMEOUT)

    def _drop_workflow(self) -> None:
        if self.workflow is not None:
            session = self.workflow.session
            # Answers of an abandoned service are forgotten right away, not at session end.
            session.answers.clear()
            session.deferred.clear()
        self.workflow = None
        for screen in self.screens.built():
            if screen.name in ("form", "review", "done", "rate", "issue"):
                screen.clear()
        if self.keyboard is not None:
            # Words typed for the abandoned service must not be suggested for the next one.
            self.keyboard.reset_user_data()

    def _on_session_end(self, reason: EndReason) -> None:
        self.workflow = None
        for screen in self.screens.built():  # a screen not built yet holds nothing
            screen.clear()
        if self.keyboard is not None:
            self.keyboard.reset_user_data()
        self.overlay.hide()
        self.voice.stop()
        self.voice.last = ""  # what was said may have named the citizen
        self.voice.reset_volume()
        self.language = self.settings.language
        self.translations.use(self.language)
        if self.theme.elder:
            self.theme = theme_for(self.settings.screen, elder=False)
            self.apply_theme()
        self.switch_catalog_when_idle()
        log.info("back to attract after %s", reason.value)
        self.go(ScreenId.OUT_OF_SERVICE if self.out_of_service else ScreenId.ATTRACT)
        QTimer.singleShot(0, trim)  # after the attract screen is painted: freed heap back to the OS

    # -- frame --------------------------------------------------------------------------------
    def toggle_language(self) -> None:
        self.language = "en" if self.language.startswith("zh") else "zh_CN"
        if self.sessions.current is not None:
            self.sessions.current.language = self.language
        self.translations.use(self.language)
        self.rerender()

    def toggle_elder(self) -> None:
        self.theme = theme_for(self.settings.screen, elder=not self.theme.elder)
        if self.sessions.current is not None:
            self.sessions.current.elder = self.theme.elder
        self.apply_theme()
        self.rerender()

    def apply_theme(self) -> None:
        # The style sets the design's gaps between laid-out targets (ui/theme.py KioskStyle); they
        # are the same millimetres in elder mode, so it is set once (re-setting repolishes everything).
        if not self.theme.same_style(QApplication.style()):
            QApplication.setStyle(self.theme.style())
        self.setStyleSheet(self.theme.stylesheet())

    def camera_device(self) -> object | None:
        """The camera for document photos (高拍仪 role), or None while devices start or it is missing."""
        hardware = self.services.hardware
        return hardware.camera() if hardware is not None else None

    def switch_catalog_when_idle(self) -> None:
        """Swap in a newer catalog or settings, never while a citizen is here (then at session end)."""
        if self.sessions.current is not None:
            return
        settings = self.services.take_settings()
        if settings is not None:
            self.settings = self.services.settings = settings  # the idle guard reads limits from here
        catalog = self.services.take_catalog()
        if catalog is None:
            return
        self.catalog = self.services.catalog = catalog
        log.info("catalog %s in use", catalog.version)
        if self.current.name in ("attract", "out_of_service"):
            self.current.render()

    def refresh_for_devices(self) -> None:
        """A device broke or recovered: redraw the screens that offer services. Not a touch, so
        the idle timer runs on; a citizen mid-form is not disturbed."""
        if self.current.name in ("home", "area", "guide"):
            self.current.render()
            self._update_frame()

    def rerender(self) -> None:
        self.current.render()
        self._update_frame()
        self._restart_idle()

    def _restart_idle(self) -> None:
        if self.current.holds_idle():
            self.idle.timer.stop()
            self.back_button.setVisible(False)
        else:
            self.idle.restart()

    def _update_frame(self) -> None:
        lang = lang_key(self.language)
        self.title.setText(self.settings.location.get(lang, ""))
        # The language button is labelled in the language it switches to.
        self.lang_button.setText("English" if lang == "zh" else "中文")
        self.lang_button.setAccessibleName("Switch to English" if lang == "zh" else "切换到中文")
        elder_text = self.tr("Normal text") if self.theme.elder else self.tr("Large text")
        self.elder_button.setText(elder_text)
        self.elder_button.setAccessibleName(elder_text)
        self.home_button.setText(self.tr("Home"))
        self.repeat_button.setText(self.tr("Repeat"))
        self.back_button.setText(self.tr("Back"))
        self.staff_button.setText(self.tr("Call staff"))
        for b in (self.home_button, self.back_button, self.staff_button, self.repeat_button):
            b.setAccessibleName(b.text())
        name = self.current.name
        # Where the citizen is shows as the screen's phase bar (ui/screens/base.py), not "step n of m".
        self.progress.setVisible(False)
        self.home_button.setVisible(name not in ("attract", "home", "out_of_service"))
        can_back = name in ("area", "guide") or (self.workflow is not None and self.workflow.can_go_back)
        self.back_button.setVisible(name not in ("attract", "home", "out_of_service") and can_back)
        self._show_keyboard()

    def _focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self._show_keyboard()

    def _show_keyboard(self) -> None:
        """The keyboard on screens with text fields, in the UI's language; the number pad instead
        while a digit field has the focus."""
        name = self.current.name
        wanted = name in ("form", "rate") or (name in ("identify", "on_behalf") and getattr(self.current, "wants_keyboard", False))
        if wanted:
            self.ensure_keyboard()  # asked for before the idle build reached it
        if self.keyboard is None:
            return
        focused = QApplication.focusWidget() if wanted else None
        if self.keypad is not None:
            self.keypad.set_texts(self.tr("Delete"), self.theme.target_px)
            self.keypad.attach(focused if isinstance(focused, QLineEdit) and self.isAncestorOf(focused) else None)
        self.keyboard.set_language(lang_key(self.language))
        self.keyboard.set_label_px(self.theme.body_px)
        self.keyboard.setVisible(wanted and not (self.keypad is not None and self.keypad.isVisibleTo(self)))
        # A landscape panel is 1080 px tall: with the keyboard or the pad up (elder mode), the form,
        # the keys and the frame bars need the phase bar's height, so it gives way while typing.
        typing = self.keyboard.isVisibleTo(self) or (self.keypad is not None and self.keypad.isVisibleTo(self))
        landscape = self.width() > self.height()
        if self.typing_in_landscape != (typing and landscape):
            self.typing_in_landscape = typing and landscape
            self.current.update_phase_bar()

    # -- services the screens use -----------------------------------------------------------------
    def unavailable_reason(self, item: Item) -> str:
        """Why this kiosk cannot do the item right now, in the current language, or ''."""
        missing = missing_steps(item, BUILT_STEPS)
        unsupported = [f for f in item.fields() if f.kind.value not in BUILT_FIELD_KINDS]
        # An unknown query, calendar or document service never gets here: the catalog refuses it
        # on load (kiosk/registry.py).
        if missing or unsupported:
            return self.tr("Not available at this kiosk yet: please use the counter for now.")
        broken = {d.value for d in item.requires_devices} & self.services.unusable_devices()
        if broken:
            return self.tr("Paused: a device this service needs is not working.")
        return ""

    def paused_notices(self) -> list[str]:
        return self.services.paused_notices(self.language)

    def can_print(self) -> bool:
        return self.services.print_notice is not None and "printer" not in self.services.unusable_devices()

    def print_notice(self, item: Item) -> None:
        if self.services.print_notice is not None:
            ok = self.services.print_notice(item, self.language)
            self.say(self.tr("Printing…") if ok else self.tr("The printer is not working. Please photograph the screen or ask staff."))

    def counter_text(self) -> str:
        return self.settings.counter.get(lang_key(self.language), "")

    def session_deferred(self) -> list[str]:
        return self.sessions.current.deferred if self.sessions.current else []

    def call_staff(self) -> None:
        self.staff_status.setText(self.tr("Calling staff…"))
        screen, language = self.current.name, self.language

        def answered(reached: object, error: BaseException | None) -> None:
            text = (self.tr("Staff have been called and will come to you.") if reached and error is None
                    else self.tr("Please wave to the staff at %1.").replace("%1", self.counter_text()))
            self.staff_status.setText(text)
            self.say(text)
            QTimer.singleShot(20_000, self.staff_status.clear)

        self.background.run(lambda: self.services.call_staff(screen, language), answered)

    def show_staff_coming(self) -> None:
        """Staff took the call in the console (kiosk/helpcall.py): the citizen knows help is near."""
        text = self.tr("Staff are on their way.")
        self.staff_status.setText(text)
        self.say(text)
        QTimer.singleShot(20_000, self.staff_status.clear)

    def commit_keyboard(self) -> None:
        """Commit pinyin being composed, so the field holds what the citizen sees."""
        QGuiApplication.inputMethod().commit()

    def say(self, text: str) -> None:
        self.spoken.emit(text)

    @property
    def out_of_service(self) -> bool:
        return self.modes.out_of_service

    @property
    def out_of_service_reasons(self) -> frozenset[OutOfService]:
        return self.modes.reasons

    def set_out_of_service(self, out: bool, reason: OutOfService = OutOfService.STAFF) -> None:
        """Out of service while any reason holds (kiosk/modes.py): STAFF (a technician, ends the
        session at once), DEVICES (a required device is down, ui/required_devices.py: a citizen
        already here is not cut off, the out-of-service screen follows when the session ends) or
        PAYMENTS (ui/payment_recovery.py)."""
        self.modes.hold(reason, out)
        if out and reason is OutOfService.STAFF:
            self.sessions.end(EndReason.STAFF)
            self.go(ScreenId.OUT_OF_SERVICE)
        elif out and self.sessions.current is None and self.current.name != ScreenId.OUT_OF_SERVICE.value:
            self.go(ScreenId.OUT_OF_SERVICE)
        elif not self.out_of_service and self.current.name == ScreenId.OUT_OF_SERVICE.value:
            self.go(ScreenId.ATTRACT)

    def enter_diagnostics(self) -> None:
        self.modes.enter_diagnostics()

    def leave_diagnostics(self) -> None:
        self.modes.leave_diagnostics()


_PRESSES = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress})


class TouchFilter(QObject):
    """Any touch, click or key press anywhere resets the idle timer."""

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.shell = shell

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        # Every event of the app passes here (~170 per screen switch): the cheap isinstance first,
        # event.type() (a Python enum built per call) only for input events (issue #16).
        if isinstance(event, QInputEvent) and event.type() in _PRESSES:
            self.shell.idle.touched()
            self.shell.voice.stop()  # the person is acting: stop talking over them
        return False


def install_touch_filter(shell: Shell) -> TouchFilter:
    flt = TouchFilter(shell)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(flt)
    return flt


