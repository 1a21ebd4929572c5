"""Diagnostics → Sync offers the undelivered records of a quarantined database while there are
any, and takes them back into the outbox once (issue #14 item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import Settings, TechnicianSettings
from kiosk.core import KioskCore
from kiosk.store import OutboxRecord, open_store
from kiosk.store.keys import load_or_create_key
from tests.store.test_case_numbers_after_quarantine import _scribble_index
from tests.ui.helpers import find, tap
from tests.ui.test_diagnostics import PIN_HASH, enter, kiosk, text_of  # noqa: F401 - kiosk is a fixture
from ui.diagnostics import DiagnosticsController
from ui.shell import Shell


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "data", key_file=tmp_path / "keys" / "data.key",
                        technician=TechnicianSettings(pin_hash=PIN_HASH, idle_exit_s=120))
    store = open_store(settings.data_dir, load_or_create_key(settings.key_file, settings.data_dir),
                       kiosk_id=settings.kiosk_id)
    for i in range(3):
        store.outbox.commit(OutboxRecord(kind="submission", item_code="ZA-0101", personal={"i": i}))
    store.close()
    _scribble_index(settings.data_dir, "records_due")  # the next start quarantines it
    return settings


def test_sync_page_resends_the_quarantined_records_once(qtbot: QtBot, kiosk: tuple[Shell, DiagnosticsController, object],
                                                       core: KioskCore) -> None:
    shell, _controller, clock = kiosk
    assert core.store is not None and core.store.outbox.depth() == 0
    enter(qtbot, shell, clock)  # type: ignore[arg-type]
    tap(qtbot, shell, "diag_tab_sync")
    button = find(shell, "diag_resend_quarantined")
    assert button.isVisible() and "3" in text_of(shell, "diag_resend_quarantined")
    tap(qtbot, shell, "diag_resend_quarantined")
    assert core.store.outbox.depth() == 3
    assert "3" in text_of(shell, "diag_sync_status")
    assert not find(shell, "diag_resend_quarantined").isVisible()  # nothing left to take
    assert core.store.resend_quarantined()[0].taken == 0
