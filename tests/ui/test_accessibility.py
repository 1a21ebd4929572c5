"""The numbers an elderly citizen depends on: touch targets ≥ 16 mm (20 mm in elder mode), text
contrast ≥ 7:1, body text capital height ≥ 7 mm (×1.5 in elder mode) — measured on the widgets
as laid out, at the configured screen size and density."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.helpers import find, tap
from ui import theme
from ui.shell import Shell


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(("text", "background"), [
    (theme.TEXT, theme.BACKGROUND), (theme.PRIMARY_TEXT, theme.PRIMARY), (theme.PRIMARY_TEXT, theme.DANGER),
    (theme.DANGER, theme.BACKGROUND), (theme.TEXT, theme.MUTED_BUTTON), (theme.TEXT, theme.NOTICE_BG),
    (theme.TEXT, theme.HIGHLIGHT_BG), (theme.TEXT, theme.PANEL), (theme.BACKGROUND, theme.TEXT),
])
def test_every_colour_pair_in_the_theme_reaches_7_to_1(text: str, background: str) -> None:
    assert contrast(text, background) >= 7.0


def walk(qtbot: QtBot, shell: Shell, elder: bool, panel: tuple[int, int]) -> list[str]:
    """Visit the screens of a service, checking each; returns the screen names seen."""
    seen = [shell.current.name]
    check(shell, panel)
    tap(qtbot, shell, "attract_start")
    if elder:
        tap(qtbot, shell, "frame_elder")
        assert shell.theme.elder
    for name in ("area_public_order", "item_ZA-0101", "guide_start", "consent_agree"):
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
    assert seen == ["attract", "home", "area", "guide", "consent", "form"]
    assert find(shell, "frame_staff").isVisible()
