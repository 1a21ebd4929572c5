"""The phase bar's last phase is named by what the service does (issue #17): 取件评价 only where a
document or a card comes out of the kiosk; a service that ends with a receipt slip or a screen
says 完成评价 — a citizen told to 取件 (collect) looks for something to collect."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.ui.helpers import find, open_item, tap
from ui.shell import Shell


def last_phase(shell: Shell) -> str:
    bar = find(shell.current, "phase_bar")
    assert bar.isVisible()
    cells = [w for w in bar.findChildren(QLabel) if w.objectName().startswith("phase_") and w.isVisible()]
    return sorted(cells, key=lambda c: c.objectName())[-1].text()


def test_nothing_to_collect_is_finish_and_rate_in_zh_and_en(qtbot: QtBot, shell: Shell) -> None:
    open_item(qtbot, shell, "public_order", "ZA-0101")  # 失物招领登记: a form and a receipt slip
    assert last_phase(shell) == "4 完成评价"
    tap(qtbot, shell, "frame_language")
    assert last_phase(shell) == "4 Finish and rate"


def test_a_document_printed_here_is_collect_and_rate(qtbot: QtBot, shell: Shell) -> None:
    open_item(qtbot, shell, "certificates", "ZM-0101")  # 无犯罪记录证明: the A4 document comes out
    assert last_phase(shell) == "4 取件评价"
    tap(qtbot, shell, "frame_language")
    assert last_phase(shell) == "4 Collect and rate"


def test_a_document_delivered_only_electronically_is_finish_not_collect(qtbot: QtBot, shell: Shell) -> None:
    """ZM-0102: the organisation's letter is a QR to scan, nothing comes out of the kiosk."""
    open_item(qtbot, shell, "certificates", "ZM-0102")
    assert last_phase(shell) == "4 完成评价"
    tap(qtbot, shell, "frame_language")
    assert last_phase(shell) == "4 Finish and rate"
