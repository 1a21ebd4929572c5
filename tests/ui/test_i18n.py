"""Every interface text is translated, the compiled files match their sources, and switching the
language re-renders what the citizen is looking at."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.catalog import Area
from tests.ui.helpers import find, tap
from ui.i18n import TRANSLATIONS_DIR
from ui.shell import Shell

REPO = Path(__file__).resolve().parents[2]
# What assets/translations/update.sh scans: the screens' self.tr() and kiosk.messages.translate().
UI_SOURCES = sorted(str(p) for p in [*REPO.glob("ui/*.py"), *REPO.glob("ui/screens/*.py"),
                                      *REPO.glob("ui/diagnostics/*.py"), *REPO.glob("app/*.py"),
                                      *REPO.glob("kiosk/*.py"), *REPO.glob("kiosk/*/*.py")])


def tool(name: str) -> str:
    path = shutil.which(name) or str(Path(__import__("sys").executable).parent / name)
    return path


def messages(ts: Path) -> dict[str, ET.Element]:
    return {m.findtext("source") or "": m for m in ET.parse(ts).iter("message")}


def test_every_chinese_string_is_translated_and_nothing_in_the_ui_is_missing(tmp_path: Path) -> None:
    shipped = TRANSLATIONS_DIR / "kiosk_zh_CN.ts"
    fresh = tmp_path / "fresh.ts"
    shutil.copy(shipped, fresh)
    subprocess.run([tool("pyside6-lupdate"), *UI_SOURCES, "-no-obsolete", "-ts", str(fresh)],
                   check=True, capture_output=True, timeout=120)
    current = messages(fresh)
    assert set(current) == set(messages(shipped)), "UI text changed: run assets/translations/update.sh"
    unfinished = [s for s, m in current.items() if (m.find("translation").get("type") or "") == "unfinished"]
    assert unfinished == []


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_compiled_translations_are_current(tmp_path: Path, lang: str) -> None:
    out = tmp_path / f"kiosk_{lang}.qm"
    subprocess.run([tool("pyside6-lrelease"), str(TRANSLATIONS_DIR / f"kiosk_{lang}.ts"), "-qm", str(out)],
                   check=True, capture_output=True, timeout=120)
    assert out.read_bytes() == (TRANSLATIONS_DIR / f"kiosk_{lang}.qm").read_bytes()


def test_language_switch_rerenders_the_current_screen(qtbot: QtBot, shell: Shell) -> None:
    tap(qtbot, shell, "attract_start")
    tap(qtbot, shell, "area_public_order")
    tap(qtbot, shell, "item_ZA-0101")
    assert shell.language == "zh_CN"
    assert find(shell, "guide_title").text().startswith("遗失物品登记")
    assert find(shell, "guide_start").text() == "同意并开始办理"  # the consent is its start button
    assert find(shell, "frame_staff").text() == "呼叫工作人员"
    tap(qtbot, shell, "frame_language")
    assert find(shell, "guide_title").text().startswith("Report a lost item")
    assert find(shell, "guide_start").text() == "Agree and start"
    assert find(shell, "frame_staff").text() == "Call staff"
    tap(qtbot, shell, "frame_home")
    count = len(shell.catalog.in_area(Area.PUBLIC_ORDER))
    expected = "1 service" if count == 1 else f"{count} services"  # plural forms from kiosk_en.qm
    assert find(shell, "area_public_order").text().endswith("\n" + expected)
