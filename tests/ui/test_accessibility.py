"""The numbers an elderly citizen depends on: touch targets ≥ 16 mm (20 mm in elder mode), text
contrast ≥ 7:1, body text capital height ≥ 7 mm (×1.5 in elder mode) — measured on the widgets
as laid out, at the configured screen size and density. The full walk visits every citizen screen
in both languages, both modes and both orientations and writes out/accessibility/report.md:
per screen the smallest target in mm, the lowest text contrast, the smallest capital height and
any control without an accessible name (or with one in the other language)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from devices.card_reader.simulator import SimulatedCardReader
from devices.printer.simulator import SimulatedPrinter
from devices.spec import DeviceKind
from kiosk.catalog import StepKind
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.workflow import SubmitError
from server.launcher import LocalServer, start_local_server
from tests.ui.helpers import find, running_kiosk, simulated, tap, type_into
from ui import theme
from ui.keyboard import KeyboardPanel
from ui.navigation import ScreenId
from ui.shell import Shell
from ui.signature import SignaturePad


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(("use", "text", "background"), theme.COLOUR_PAIRS, ids=[u for u, _, _ in theme.COLOUR_PAIRS])
def test_every_colour_pair_in_the_theme_reaches_7_to_1(use: str, text: str, background: str) -> None:
    """Every pair docs/design.md lists, placeholders and the disabled look included (WCAG 1.4.6)."""
    assert contrast(text, background) >= 7.0


def test_the_attract_pulse_never_looks_disabled() -> None:
    """Issue #16: the start button blinked to the grey of a disabled button."""
    sheet = theme.Theme(px_per_mm=3.2, elder=False).stylesheet()
    pulse = re.search(r'QPushButton\[role="pulse"\] \{ background: (#[0-9A-F]{6})', sheet)
    disabled = re.search(r"QPushButton:disabled \{ background: (#[0-9A-F]{6})", sheet)
    assert pulse and disabled and pulse.group(1) != disabled.group(1)
    assert contrast(pulse.group(1), theme.PRIMARY) < 1.5  # a second blue, not another look


def min_gap_between_targets(shell: Shell) -> tuple[float, str]:
    """The smallest gap in mm between two visible touch targets side by side or one above the other."""
    rects = []
    for widget in shell.findChildren(QWidget):
        if (isinstance(widget, (QAbstractButton, QLineEdit)) and widget.isVisible() and widget.window() is shell
                and not widget.objectName().startswith("qt_")):
            # what a finger can reach: the part not clipped by a scroll area's edge
            seen = widget.visibleRegion().boundingRect()
            if seen.isEmpty():
                continue
            top_left = widget.mapTo(shell, seen.topLeft())
            rects.append((widget.objectName(), top_left.x(), top_left.y(), top_left.x() + seen.width(),
                          top_left.y() + seen.height()))
    best, where = 99.0, ""
    for i, (na, ax0, ay0, ax1, ay1) in enumerate(rects):
        for nb, bx0, by0, bx1, by1 in rects[i + 1:]:
            if ax0 < bx1 and bx0 < ax1:  # overlapping columns: vertical gap
                gap = max(by0 - ay1, ay0 - by1)
            elif ay0 < by1 and by0 < ay1:  # overlapping rows: horizontal gap
                gap = max(bx0 - ax1, ax0 - bx1)
            else:
                continue
            if gap < 0:
                continue  # one inside the other (a field and its own clear button)
            mm = gap / shell.theme.px_per_mm
            if mm < best:
                best, where = mm, f"{na}|{nb}"
    return best, where


def walk(qtbot: QtBot, shell: Shell, elder: bool, panel: tuple[int, int]) -> list[str]:
    """Visit the screens of a service, checking each; returns the screen names seen."""
    seen = [shell.current.name]
    check(shell, panel)
    tap(qtbot, shell, "attract_start")
    if elder:
        tap(qtbot, shell, "frame_elder")
        assert shell.theme.elder
    for name in ("area_public_order", "item_ZA-0101", "guide_start"):
        seen.append(shell.current.name)
        check(shell, panel)
        tap(qtbot, shell, name)
    seen.append(shell.current.name)
    check(shell, panel)
    return seen


def check(shell: Shell, panel: tuple[int, int]) -> None:
    QApplication.processEvents()
    # Everything on the screen fits the panel: nothing pushes the window past it (it would be cut off).
    needed = shell.minimumSizeHint()
    assert needed.width() <= panel[0] and needed.height() <= panel[1], \
        f"{shell.current.name} needs {needed.width()}x{needed.height()} on a {panel[0]}x{panel[1]} panel"
    target = shell.theme.target_px
    small = []
    for widget in shell.findChildren(QWidget):
        if not widget.isVisible() or widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget, (QAbstractButton, QLineEdit)) and widget.window() is shell:
            if widget.height() < target or widget.width() < target:
                small.append(f"{widget.objectName()} {widget.width()}x{widget.height()} < {target}")
    assert small == [], f"targets too small on {shell.current.name}: {small}"
    gap, where = min_gap_between_targets(shell)
    assert gap >= 3.0 - 0.05, f"targets {where} only {gap:.1f} mm apart on {shell.current.name}"
    px_per_mm = shell.theme.px_per_mm
    minimum_mm = 7.0 * (1.5 if shell.theme.elder else 1.0)
    for widget in shell.findChildren(QLabel):
        if widget.isVisible() and widget.text():
            cap_mm = widget.font().pixelSize() * theme.CAP_HEIGHT_RATIO / px_per_mm
            assert cap_mm >= minimum_mm - 0.05, f"{widget.objectName() or widget.text()[:20]}: {cap_mm:.1f} mm"


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
@pytest.mark.parametrize("elder", [False, True])
def test_targets_and_text_size_on_every_screen_of_a_service(qtbot: QtBot, shell: Shell, elder: bool,
                                                            size: tuple[int, int]) -> None:
    shell.resize(*size)
    seen = walk(qtbot, shell, elder, size)
    assert seen == ["attract", "home", "area", "guide", "form"]  # the guide's button is the consent
    assert find(shell, "frame_staff").isVisible()


# -- the full walk: every citizen screen, both languages, both modes, with a written report -------
REPORT_DIR = Path(__file__).resolve().parents[2] / "out" / "accessibility"
TARGET_MM = 16.0
CONTRAST = 7.0
CAP_MM = {False: 7.0, True: 10.0}
FIELDS_CATALOG = Path(__file__).parent / "data" / "catalog_fields.toml"  # plate, address, ID number, sign
PAY_CATALOG = Path(__file__).parent / "data" / "catalog_pay.toml"  # the pay step
# Names that are meant to be in the other language: the button that switches to it, and place
# names of the address picker (a Chinese address is written in Chinese in either language).
OTHER_LANGUAGE_NAMES = re.compile(r"^(frame_language|field_\w+_pick_.*)$")
CJK = re.compile(r"[\u3400-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


@dataclass
class Measure:
    screen: str
    state: str
    min_target_mm: float = 99.0
    min_target_widget: str = ""
    min_contrast: float = 99.0
    min_contrast_widget: str = ""
    min_cap_mm: float = 99.0
    min_cap_widget: str = ""
    unnamed: list[str] = field(default_factory=list)
    wrong_language: list[str] = field(default_factory=list)
    fits: str = ""  # "" or what does not fit the panel

    def failures(self, elder: bool) -> list[str]:
        out = []
        if self.min_target_mm < TARGET_MM - 0.05:
            out.append(f"target {self.min_target_widget} {self.min_target_mm:.1f} mm")
        if self.min_contrast < CONTRAST - 0.01:
            out.append(f"contrast {self.min_contrast_widget} {self.min_contrast:.1f}:1")
        if self.min_cap_mm < CAP_MM[elder] - 0.05:
            out.append(f"capital height {self.min_cap_widget} {self.min_cap_mm:.1f} mm")
        out += [f"unnamed {n}" for n in self.unnamed]
        out += [f"name in the wrong language {n}" for n in self.wrong_language]
        if self.fits:
            out.append(self.fits)
        return out


def widget_label(widget: QWidget) -> str:
    return widget.objectName() or f"{type(widget).__name__}:{widget_text(widget)[:16]!r}"


def widget_text(widget: QWidget) -> str:
    if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
        return widget.text() or (widget.placeholderText() if isinstance(widget, QLineEdit) else "")
    return ""


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def text_colours(widget: QWidget) -> tuple[str, str] | None:
    """(text, background) as painted: the commonest colour is the background, the commonest
    other colour the solid inside of the glyphs (text is ≥ 25 px, so it has a solid inside)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    if image.isNull() or image.width() < 2 or image.height() < 2:
        return None
    stride = image.bytesPerLine() // 4
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=stride * image.height())
    pixels = pixels.reshape(image.height(), stride)[:, : image.width()] & 0xFFFFFF
    values, counts = np.unique(pixels, return_counts=True)
    if len(values) < 2:
        return None
    order = np.argsort(counts)[::-1]
    return f"#{int(values[order[1]]):06X}", f"#{int(values[order[0]]):06X}"


def is_control(widget: QWidget) -> bool:
    return isinstance(widget, (QAbstractButton, QLineEdit, SignaturePad, KeyboardPanel))


def measure(shell: Shell, state: str, panel: tuple[int, int]) -> Measure:
    QApplication.processEvents()
    result = Measure(shell.current.name, state)
    needed = shell.minimumSizeHint()
    if needed.width() > panel[0] or needed.height() > panel[1]:
        result.fits = f"needs {needed.width()}x{needed.height()} on a {panel[0]}x{panel[1]} panel"
    px_per_mm = shell.theme.px_per_mm
    zh = shell.language.startswith("zh")
    for widget in shell.findChildren(QWidget):
        if not widget.isVisible() or widget.objectName().startswith("qt_") or widget.window() is not shell:
            continue
        name = widget_label(widget)
        if is_control(widget):
            if not isinstance(widget, KeyboardPanel):  # its keys are QML items, sized by the keyboard
                edge = min(widget.width(), widget.height()) / px_per_mm
                if edge < result.min_target_mm:
                    result.min_target_mm, result.min_target_widget = edge, name
            spoken = accessible_name(widget).strip()
            if not spoken:
                result.unnamed.append(name)
            elif not OTHER_LANGUAGE_NAMES.match(widget.objectName()) and not isinstance(widget, KeyboardPanel):
                english, chinese = bool(ENGLISH_WORD.search(spoken)), bool(CJK.search(spoken))
                if (zh and english and not chinese) or (not zh and chinese and not english):
                    result.wrong_language.append(f"{name}={spoken[:30]!r}")
        text = widget_text(widget)
        if not text.strip():
            continue
        cap = widget.font().pixelSize() * theme.CAP_HEIGHT_RATIO / px_per_mm
        if cap < result.min_cap_mm:
            result.min_cap_mm, result.min_cap_widget = cap, name
        colours = text_colours(widget)
        if colours is not None:
            ratio = contrast(*colours)
            if ratio < result.min_contrast:
                result.min_contrast, result.min_contrast_widget = ratio, f"{name} {colours[0]} on {colours[1]}"
    return result


class Walk:
    """Drives one kiosk through every screen, measuring each state it stops at."""

    def __init__(self, qtbot: QtBot, shell: Shell, core: KioskCore, panel: tuple[int, int], lang: str, elder: bool):
        self.qtbot, self.shell, self.core, self.panel = qtbot, shell, core, panel
        self.lang, self.elder = lang, elder
        self.measures: list[Measure] = []

    def check(self, state: str = "") -> None:
        self.measures.append(measure(self.shell, state, self.panel))

    def tap(self, name: str) -> None:
        tap(self.qtbot, self.shell, name)

    def begin(self) -> None:
        """From the attract screen into a session in the walk's language and mode."""
        if self.shell.sessions.current is None:
            self.tap("attract_start")
        if not self.shell.language.startswith(self.lang[:2]):
            self.tap("frame_language")
        if self.shell.theme.elder != self.elder:
            self.tap("frame_elder")

    def jump(self, code: str, kind: StepKind, **session: object) -> None:
        """Start the item's workflow and go straight to its step of this kind (for screens whose
        content does not depend on the steps before); `session` sets what those steps would have."""
        self.begin()
        self.shell.start_workflow([self.shell.catalog.item(code)])
        flow = self.shell.workflow
        assert flow is not None
        for key, value in session.items():
            current = getattr(flow.session, key)
            current.update(value) if isinstance(current, dict) else current.extend(value)  # type: ignore[attr-defined]
        flow.index = next(i for i, s in enumerate(flow.steps) if s.kind is kind)
        self.shell.show_step()

    def wait(self, condition: Callable[[], bool], timeout: int = 8000) -> None:
        self.qtbot.waitUntil(condition, timeout=timeout)

    def visible(self, name: str) -> bool:
        widget = self.shell.findChild(QWidget, name)
        return widget is not None and widget.isVisible()


def walk_services(w: Walk, server: LocalServer) -> None:
    shell = w.shell
    if w.elder:
        w.tap("frame_elder")  # large text chosen on the attract screen itself
    w.check("pulsing" if shell.screens["attract"]._pulse.isActive() else "still")  # type: ignore[attr-defined]
    w.begin()
    w.check()
    w.tap("area_public_order")
    w.check()
    w.tap("item_ZA-0101")
    w.check()
    w.tap("guide_start")
    w.check()
    w.tap("form_next")  # nothing filled in: every error next to its field
    w.check("errors")
    w.tap("choice_item_category_wallet")
    type_into(w.qtbot, shell, "field_item_description", "wallet")
    type_into(w.qtbot, shell, "field_lost_date", "2026-11-20")
    type_into(w.qtbot, shell, "field_lost_place", "metro")
    w.tap("form_next")
    type_into(w.qtbot, shell, "field_name", "张三")
    type_into(w.qtbot, shell, "field_phone", "13912345678")
    w.tap("form_next")
    w.check()
    shell.idle._warn()  # the time-out warning over the screen
    w.check("time-out warning")
    shell.overlay.extend()
    flow = shell.workflow
    assert flow is not None
    real = flow.submitter

    class Failing:
        def submit(self, session: object, items: object) -> list[str]:
            raise SubmitError("io", "disk full for the test")

    flow.submitter = Failing()  # type: ignore[assignment]
    w.tap("review_confirm")
    w.wait(lambda: w.visible("submit_retry"))
    w.check("could not save")
    flow.submitter = real
    w.tap("submit_retry")
    w.wait(lambda: shell.current.name == "done")
    w.check()
    w.tap("done_next")
    w.tap("rate_2")
    w.tap("rate_send")  # a reason is required for 2
    w.check("reason missing")
    shell.cancel_session()

    # Query and result, first with the platform unreachable, then found.
    w.begin()
    link = shell.services.server
    w.tap("area_public_order")
    w.tap("item_ZA-0102")
    w.tap("guide_start")
    w.tap("choice_item_category_wallet")
    type_into(w.qtbot, shell, "field_lost_date", (date.today() - timedelta(days=10)).isoformat())
    shell.services.server = lambda: None
    w.tap("form_next")
    w.wait(lambda: w.visible("query_retry"))
    w.check("platform unreachable")
    shell.services.server = link
    w.tap("query_retry")
    w.wait(lambda: shell.current.name == "result")
    w.check()
    shell.cancel_session()

    # Booking: free times, then a held time to confirm.
    w.jump("YY-0101", StepKind.BOOK, answers={"name": "Zhao", "id_number": "11010519491231002X", "phone": "13912345678"})

    def free() -> list[QPushButton]:
        return [b for b in shell.findChildren(QPushButton)
                if b.objectName().startswith("book_slot_") and b.isEnabled() and b.isVisible()]

    w.wait(lambda: bool(free()))
    w.check("free times")
    w.qtbot.mouseClick(free()[0], Qt.MouseButton.LeftButton)
    w.wait(lambda: w.visible("book_confirm"))
    w.check("time held")
    shell.cancel_session()

    # Identify (card, then staff verification) and the receipt (printed, then paper out).
    reader = simulated(w.core, DeviceKind.CARD_READER, SimulatedCardReader)
    w.jump("ZM-0101", StepKind.IDENTIFY)
    w.check("waiting for the card")
    w.tap("identify_no_card")
    w.check("typing the number")
    w.tap("identify_use_card")
    reader.present_card("resident")
    w.wait(lambda: w.visible("identify_face"))
    w.check("card read")
    w.tap("identify_staff")
    w.check("staff verification")
    w.tap("identify_continue")  # 代办: for whom? ZM-0101 is in person only
    w.check("for whom")
    w.tap("on_behalf_other")
    w.check("in person only")
    reader.remove_card()
    shell.cancel_session()
    w.jump("HZ-0102", StepKind.PHOTO)  # a guardian may apply for a child
    w.tap("on_behalf_other")
    w.check("the person acted for")
    shell.cancel_session()
    w.jump("CRJ-0102", StepKind.FORM)  # eligibility: "do you hold a valid permit?"
    w.check("eligibility question")
    w.tap("eligibility_no")
    w.check("not eligible: where to go")
    shell.cancel_session()
    printer = simulated(w.core, DeviceKind.PRINTER, SimulatedPrinter)
    w.jump("CRJ-0201", StepKind.RECEIPT, case_numbers=["K01-20261123-0001"], answers={"phone": "13912345678"})
    w.wait(lambda: w.visible("receipt_next"))
    w.check("printed")
    printer.set_fault("paper_empty")
    shell.current.render()
    w.wait(lambda: w.visible("receipt_reprint"))
    w.check("paper out")
    printer.clear_fault()
    shell.cancel_session()
    # The issue step (户籍证明) without a face match: the counter, nothing printed.
    w.jump("HZ-0501", StepKind.ISSUE)
    w.wait(lambda: w.visible("issue_next"))
    w.check("not verified")
    shell.cancel_session()
    # The collect step (自助取证) without a face match: nothing dispensed, where to go instead.
    w.jump("HZ-0601", StepKind.COLLECT)
    w.wait(lambda: w.visible("collect_next") or w.visible("collect_retry"))
    w.check("not verified")
    shell.cancel_session()

    # The certificate photo (camera simulator).
    w.jump("ZA-0201", StepKind.PHOTO)
    w.wait(lambda: w.visible("photo_retake") or w.visible("photo_use") or True)
    w.check()
    shell.cancel_session()

    # The fingers: carried on the photo screen after the photo, and on a screen of their own
    # where no photo precedes them. The simulated citizen's fingers do not read, so the panel
    # stays (asking, or offering the counter) while it is measured.
    from devices.fingerprint.simulator import SimulatedFingerprintModule

    simulated(w.core, DeviceKind.FINGERPRINT, SimulatedFingerprintModule).set_fault("no_fingerprints")
    w.jump("HZ-0101", StepKind.FINGERPRINT)
    for target in (ScreenId.PHOTO, ScreenId.FINGERPRINT):
        shell.go(target)  # directly: the walk has no card for the item's eligibility gate
        w.wait(lambda t=target.value: w.visible(f"{t}_fingers_decline") or w.visible(f"{t}_fingers_go_on"))
        w.check("fingers")
    shell.cancel_session()
    simulated(w.core, DeviceKind.FINGERPRINT, SimulatedFingerprintModule).clear_fault()

    shell.set_out_of_service(True)
    if w.elder:
        w.tap("frame_elder")
    w.check()
    shell.set_out_of_service(False)


def walk_fields(w: Walk) -> None:
    """The special inputs (plate, address, ID number) and the signature, from their own catalog."""
    w.begin()
    w.shell.start_workflow([w.shell.catalog.item("ZA-0102")])
    w.check("plate, address, ID number")
    w.jump("ZA-0102", StepKind.REVIEW)  # the sign step follows: signed on the review screen
    assert w.visible("review_signature_pad")
    w.check("signature on the review")
    w.jump("ZA-0102", StepKind.SIGN)  # the sign screen stays for a sign step not right after a review
    w.check()
    w.shell.cancel_session()


def walk_rest(w: Walk, seen: set[str]) -> None:
    """Any screen the walks above did not reach (a newly added one): a step screen through an item
    of this kiosk's catalog that has the step, any other screen shown as it is."""
    shell = w.shell
    for name in sorted(set(shell.screens) - seen):
        kinds = [k for k in StepKind if k.value == name]
        code = next((i.code for i in shell.catalog.items() if kinds and any(s.kind is kinds[0] for s in i.workflow)), None)
        if code is not None:
            w.jump(code, kinds[0])
        elif not kinds:
            w.begin()
            shell.go(ScreenId(name))
        else:
            continue
        w.check("reached directly")
        shell.cancel_session()


def write_report(directory: Path) -> Path:
    rows = []
    for path in sorted(directory.glob("walk-*.json")):
        rows.append(json.loads(path.read_text(encoding="utf-8")))
    lines = ["# Accessibility walk", "",
             f"Written by `uv run pytest tests/ui/test_accessibility.py`. Thresholds: touch targets ≥ {TARGET_MM:g} mm, "
             f"text contrast ≥ {CONTRAST:g}:1 (measured on the painted pixels: the commonest colour of a widget "
             f"against the next commonest), capital height ≥ {CAP_MM[False]:g} mm (elder mode ≥ {CAP_MM[True]:g} mm), "
             "every control with an accessible name in the screen's language. The keyboard's keys are QML "
             "items and are not measured here.", ""]
    lines += ["| orientation · language · mode | screens | smallest target mm | lowest text contrast | "
              "smallest capital mm | unnamed controls | problems |", "|---|---|---|---|---|---|---|"]
    for run in rows:
        ms = run["measures"]
        lines.append(f"| {run['orientation']} · {run['lang']} · {run['mode']} | {len(run['screens'])} "
                     f"(not walked: {len(run['missing'])}) | {min(m['min_target_mm'] for m in ms):.1f} "
                     f"| {min(m['min_contrast'] for m in ms):.1f}:1 | {min(m['min_cap_mm'] for m in ms):.1f} "
                     f"| {sum(len(m['unnamed']) for m in ms)} | {sum(len(m['failures']) for m in ms)} |")
    lines.append("")
    for run in rows:
        lines += [f"## {run['orientation']} · {run['lang']} · {run['mode']}", "",
                  f"Screens walked: {', '.join(run['screens'])}. Not walked: {', '.join(run['missing']) or 'none'}.", "",
                  "| screen | state | smallest target mm | lowest text contrast | smallest capital mm | unnamed controls | problems |",
                  "|---|---|---|---|---|---|---|"]
        for m in run["measures"]:
            lines.append(f"| {m['screen']} | {m['state']} | {m['min_target_mm']:.1f} ({m['min_target_widget']}) "
                         f"| {m['min_contrast']:.1f}:1 ({m['min_contrast_widget']}) | {m['min_cap_mm']:.1f} ({m['min_cap_widget']}) "
                         f"| {', '.join(m['unnamed']) or '—'} | {'; '.join(m['failures']) or 'ok'} |")
        lines.append("")
    out = directory / "report.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with start_local_server(tmp_path_factory.mktemp("server"), "demo-kiosk-01") as local:
        yield local


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_citizen_screen_in_both_languages_and_modes(qtbot: QtBot, settings: Settings, server: LocalServer,
                                                         lang: str, mode: str, size: tuple[int, int]) -> None:
    elder = mode == "elder"
    orientation = "portrait" if size[0] < size[1] else "landscape"
    screen = settings.screen.model_copy(update={"orientation": orientation, "width_px": size[0], "height_px": size[1]})
    settings = settings.model_copy(update={"screen": screen, "language": lang})
    measures: list[Measure] = []
    screens: set[str] = set()
    all_screens: set[str] = set()
    with running_kiosk(qtbot, settings, keyboard=True) as (shell, core):
        core.server.link(server.url, server.kiosk_id, server.secret)
        shell.resize(*size)
        fitted = {spec.kind.value for spec in core.hardware.specs}  # the demo fits no binocular camera
        qtbot.waitUntil(lambda: core.hardware.manager is not None and not fitted & core.unusable_devices(),
                        timeout=10_000)
        walk = Walk(qtbot, shell, core, size, lang, elder)
        walk_services(walk, server)
        measures += walk.measures
        all_screens |= set(shell.screens)
        if shell.keyboard is not None:
            shell.keyboard.close_down()
    with running_kiosk(qtbot, settings, FIELDS_CATALOG, keyboard=False) as (shell, core):
        shell.resize(*size)
        walk = Walk(qtbot, shell, core, size, lang, elder)
        walk_fields(walk)
        measures += walk.measures
    with running_kiosk(qtbot, settings, PAY_CATALOG, keyboard=False) as (shell, core):
        shell.resize(*size)
        walk = Walk(qtbot, shell, core, size, lang, elder)
        walk_rest(walk, {m.screen for m in measures})
        measures += walk.measures
    screens = {m.screen for m in measures}
    missing = sorted(all_screens - screens)
    failures = {f"{m.screen} ({m.state})": m.failures(elder) for m in measures if m.failures(elder)}
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    (REPORT_DIR / f"walk-{orientation}-{lang}-{mode}.json").write_text(json.dumps({
        "orientation": orientation, "lang": lang, "mode": mode, "screens": sorted(screens), "missing": missing,
        "measures": [dict(asdict(m), failures=m.failures(elder)) for m in measures],
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    write_report(REPORT_DIR)
    assert missing == [], f"citizen screens the walk did not reach: {missing}"
    assert failures == {}, f"see {REPORT_DIR / 'report.md'}: {failures}"


def test_elder_mode_has_no_motion_and_longer_time_limits(qtbot: QtBot, shell: Shell) -> None:
    attract = shell.screens["attract"]
    assert attract.moving and attract._pulse.isActive()  # type: ignore[attr-defined]
    tap(qtbot, shell, "frame_elder")  # large text chosen on the attract screen itself
    assert shell.theme.elder and not attract._pulse.isActive()  # type: ignore[attr-defined]
    tap(qtbot, shell, "attract_start")
    normal = theme.theme_for(shell.settings.screen, elder=False)
    assert shell.theme.body_px >= 1.5 * normal.body_px - 1
    assert shell.theme.items_per_page < normal.items_per_page
    before, warning = shell.idle.limits()
    cfg = shell.settings.session
    assert before + warning >= 1.5 * cfg.idle_timeout_s and warning >= cfg.warning_s
    shell.cancel_session()  # back to normal text for the next citizen: the pulse comes back
    assert not shell.theme.elder and attract._pulse.isActive()  # type: ignore[attr-defined]
