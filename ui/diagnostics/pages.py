"""The diagnostics pages: devices overview, self-tests, sync, actions. Texts are rebuilt from the
kiosk's state on every refresh; nothing personal is ever on them (card test results are masked
in kiosk/diagnostics/devices.py before they reach a label)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.catalog import Catalog, CatalogError
from kiosk.diagnostics.devices import DeviceRow, TestRun
from kiosk.diagnostics.service import Diagnostics, bundle_folders
from kiosk.lang import lang_key
from ui.widgets import PagedArea, button, clear_layout, label

if TYPE_CHECKING:
    from ui.diagnostics.host import PageHost

log = logging.getLogger("ui.diagnostics")


SHOWN_PAUSED = 3


def _age(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds / 3600:.1f} h"


def device_words() -> dict[str, str]:
    """Device kinds, states and error codes in words (issue #16: no card_reader, online,
    paper_empty in the Chinese UI). One context ("OverviewPage") for every page that names a device."""
    return {
        "card_reader": QCoreApplication.translate("OverviewPage", "ID card reader"),
        "camera": QCoreApplication.translate("OverviewPage", "camera"),
        "printer": QCoreApplication.translate("OverviewPage", "receipt printer"),
        "payment_terminal": QCoreApplication.translate("OverviewPage", "payment terminal"),
        "scanner": QCoreApplication.translate("OverviewPage", "code scanner"),
        "document_printer": QCoreApplication.translate("OverviewPage", "A4 document printer"),
        "card_dispenser": QCoreApplication.translate("OverviewPage", "certificate dispenser"),
        "rgb_ir_camera": QCoreApplication.translate("OverviewPage", "binocular camera (visible and infrared)"),
        "online": QCoreApplication.translate("OverviewPage", "working"),
        "offline": QCoreApplication.translate("OverviewPage", "not answering"),
        "no_device": QCoreApplication.translate("OverviewPage", "not found"),
        "hardware_error": QCoreApplication.translate("OverviewPage", "hardware fault"),
        "busy": QCoreApplication.translate("OverviewPage", "busy"),
        "ok": QCoreApplication.translate("OverviewPage", "enough"),
        "low": QCoreApplication.translate("OverviewPage", "running low"),
        "empty": QCoreApplication.translate("OverviewPage", "empty"),
        "jammed": QCoreApplication.translate("OverviewPage", "jammed"),
        "not_applicable": QCoreApplication.translate("OverviewPage", "none"),
        "paper_empty": QCoreApplication.translate("OverviewPage", "out of paper"),
        "paper_jam": QCoreApplication.translate("OverviewPage", "paper jam"),
        "cover_open": QCoreApplication.translate("OverviewPage", "cover open"),
        "not_connected": QCoreApplication.translate("OverviewPage", "not connected"),
        "timeout": QCoreApplication.translate("OverviewPage", "no answer in time"),
        "printer_error": QCoreApplication.translate("OverviewPage", "printer fault"),
        "checksum": QCoreApplication.translate("OverviewPage", "damaged data on the line"),
        "card_read_failed": QCoreApplication.translate("OverviewPage", "card could not be read"),
        "card_removed": QCoreApplication.translate("OverviewPage", "card taken away"),
        "card_moved": QCoreApplication.translate("OverviewPage", "card moved during reading"),
        "sam_error": QCoreApplication.translate("OverviewPage", "security module fault"),
        "driver_error": QCoreApplication.translate("OverviewPage", "driver fault"),
        "bad_status": QCoreApplication.translate("OverviewPage", "unexpected status"),
        "bad_card_data": QCoreApplication.translate("OverviewPage", "unreadable card data"),
    }


class FitLabel(QLabel):
    """A word-wrapped label that asks for the height its text needs at its current width: in a
    top-aligned scroll column a plain QLabel gets its sizeHint height and long text is cut off."""

    def __init__(self, name: str, role: str = "") -> None:
        super().__init__("")
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if role:
            self.setProperty("role", role)

    def _fit(self) -> None:
        needed = self.heightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()


class Page(QWidget):
    name = "page"

    def __init__(self, overlay: PageHost) -> None:
        super().__init__()
        self.overlay = overlay
        self.diag: Diagnostics = overlay.diag
        self.setObjectName(f"diag_page_{self.name}")

    def refresh(self) -> None:
        raise NotImplementedError

    def device_label(self, name: str) -> str:
        """A configured device in words with its name in brackets for the service desk
        ("身份证阅读器 [card_reader]"), never the bare identifier (issue #16)."""
        kinds = {s.name: s.kind.value for s in self.overlay.core.hardware.specs}
        word = device_words().get(kinds.get(name, name))
        return f"{word} [{name}]" if word else name

    def card(self, name: str) -> FitLabel:
        """A shaded block of lines. The inner space is QLabel's margin, not stylesheet padding:
        a word-wrapped label leaves stylesheet padding out of its height and cuts off lines."""
        # FitLabel: at the design's 7.3 mm a long card (a faulty printer with its paused services)
        # was given less height than its lines and cut off at the top and bottom.
        widget = FitLabel(name, "card")
        widget.setMargin(self.overlay.shell.theme.mm(2))
        widget.setIndent(self.overlay.shell.theme.mm(2))  # clear of the coloured left edge
        return widget


class OverviewPage(Page):
    """Every device: status in the common vocabulary, driver, port, last error with its reason,
    and the services paused because of it."""

    name = "overview"

    def __init__(self, overlay: PageHost) -> None:
        super().__init__(overlay)
        self.area = PagedArea("", "", "diag_overview")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.area)
        self.cards: dict[str, QLabel] = {}

    def refresh(self) -> None:
        self.area.set_texts(self.tr("Previous page"), self.tr("Next page"))
        rows = self.diag.devices()
        if set(self.cards) != {r.name for r in rows}:
            self.area.reset()
            self.cards = {}
            for row in rows:
                card = self.card(f"diag_device_{row.name}")
                self.cards[row.name] = card
                self.area.column.addWidget(card)
        for row in rows:
            card = self.cards[row.name]
            card.setText(self.describe(row))
            card.setProperty("state", "ok" if row.usable else "bad")
            card.style().unpolish(card)
            card.style().polish(card)

    def words(self) -> dict[str, str]:
        return device_words()

    def describe(self, row: DeviceRow) -> str:
        items = self.overlay.shell.catalog
        key = lang_key(self.overlay.shell.language)
        state = "✔ " + self.tr("usable") if row.usable else "✘ " + self.tr("NOT USABLE")
        words = self.words()
        kind = words.get(row.kind, row.kind)
        name = kind if row.name == row.kind else row.name  # the configured name when it is not the kind
        lines = [
            f"{name} — {state}",
            self.tr("Kind: %1 · driver: %2 · port: %3").replace("%1", kind).replace("%2", row.driver)
            .replace("%3", row.port),
            self.tr("Status: %1 · media: %2").replace("%1", words.get(row.availability, row.availability))
            .replace("%2", words.get(row.media, row.media)),
        ]
        if row.error_code:
            # Words first; the stable code stays in brackets for the service desk and the log.
            error = words.get(row.error_code)
            shown = f"{error} [{row.error_code}]" if error else row.error_code
            lines.append(self.tr("Last error: %1 (%2)").replace("%1", shown).replace("%2", row.error_reason))
        if row.info:
            # As the device reports it (model names, firmware), in brackets after words.
            lines.append(self.tr("Device reports: %1").replace(
                "%1", "[" + ", ".join(f"{k}={v}" for k, v in sorted(row.info.items())) + "]"))
        if row.counters:
            lines.append(self.tr("Since start: %1").replace("%1", ", ".join(
                f"{k} {v}" for k, v in sorted(row.counters.items()))))
        if row.paused:
            # Codes, and names only for the first few: a printer can be needed by 25 services.
            shown = [f"  {c} {items.item(c).name.zh if key == 'zh' else items.item(c).name.en}"
                     for c in row.paused[:SHOWN_PAUSED] if c in items]
            rest = len(row.paused) - len(shown)
            lines.append(self.tr("Paused services (%1):").replace("%1", str(len(row.paused))))
            lines += shown
            if rest > 0:
                lines.append("  " + self.tr("… and %n more", "", rest))
        elif row.needed_by:
            lines.append(self.tr("Needed by %n service(s), none paused.", "", len(row.needed_by)))
        return "\n".join(lines)


class SelfTestsPage(Page):
    """One button per device runs its self-test off the UI thread; the result lines appear below."""

    name = "tests"

    def __init__(self, overlay: PageHost) -> None:
        super().__init__(overlay)
        self.area = PagedArea("", "", "diag_tests")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hint = label("", "small", name="diag_tests_hint")
        layout.addWidget(self.hint)
        layout.addWidget(self.area)
        self.buttons: dict[str, QPushButton] = {}
        self.results: dict[str, QLabel] = {}
        self.running: set[str] = set()
        self.last: dict[str, TestRun] = {}

    def refresh(self) -> None:
        self.area.set_texts(self.tr("Previous page"), self.tr("Next page"))
        self.hint.setText(self.tr("A test may print a receipt, read the card on the reader or wait up to 10 s for a scan."))
        names = [s.name for s in self.overlay.core.hardware.specs]
        if list(self.buttons) != names:
            self.area.reset()
            self.buttons, self.results = {}, {}
            for name in names:
                # The button above its result: a device named in words with its identifier
                # ("自检 身份证阅读器 [card_reader]") is too long to sit beside the result at 7.3 mm.
                b = button("", partial(self.start, name), f"diag_test_{name}", "test")
                result = self.card(f"diag_result_{name}")
                self.buttons[name] = b
                self.results[name] = result
                self.area.column.addWidget(b, 0, Qt.AlignmentFlag.AlignLeft)
                self.area.column.addWidget(result)
        for name, b in self.buttons.items():
            b.setText(self.tr("Test %1").replace("%1", self.device_label(name)))
            b.setAccessibleName(b.text())
            b.setEnabled(name not in self.running)
            self.results[name].setText(self._result_text(name))

    def _result_text(self, name: str) -> str:
        if name in self.running:
            return self.tr("Running…")
        run = self.last.get(name)
        if run is None:
            return self.tr("Not tested yet")
        head = self.tr("PASS") if run.ok else self.tr("FAIL")
        return "\n".join([head] + run.lines)

    def start(self, name: str) -> None:
        if name in self.running:
            return
        self.running.add(name)
        self.refresh()
        self.overlay.background.run(lambda: self.diag.self_test(name), lambda r, e: self._done(name, r, e))

    def _done(self, name: str, run: TestRun | None, error: BaseException | None) -> None:
        self.running.discard(name)
        if error is not None or run is None:
            log.error("self-test %s failed to run: %s", name, type(error).__name__)
            run = TestRun(name, False, [f"error: {type(error).__name__}"])
        self.last[name] = run
        self.refresh()


class SyncPage(Page):
    name = "sync"

    def __init__(self, overlay: PageHost) -> None:
        super().__init__(overlay)
        self.summary = self.card("diag_sync_summary")
        self.alerts = self.card("diag_alerts")
        self.sync_button = button("", self.sync_now, "diag_sync_now")
        # Shown only while a quarantined (corrupt) database still holds undelivered records.
        self.resend_button = button("", self.resend_quarantined, "diag_resend_quarantined")
        self.status = label("", "small", name="diag_sync_status")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.resend_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status)
        layout.addWidget(self.alerts)
        layout.addStretch(1)

    def refresh(self) -> None:
        s = self.diag.sync()
        lines = [
            self.tr("Outbox: %1 record(s) waiting, %2 parked").replace("%1", str(s.depth)).replace("%2", str(s.parked)),
            self.tr("Oldest waiting: %1").replace("%1", _age(s.oldest_age_s) if s.depth else "-"),
        ]
        if s.online is None:
            lines.append(self.tr("Server: not linked"))
        else:
            lines.append(self.tr("Server: online") if s.online else self.tr("Server: offline"))
            lines.append(self.tr("Failures in a row: %1 · delivered since start: %2")
                         .replace("%1", str(s.failures)).replace("%2", str(s.delivered)))
            if s.last_error:
                lines.append(self.tr("Last error: %1").replace("%1", s.last_error))
        if s.alarm:
            lines.append(s.alarm)
        if s.payments_open or s.payments_review:
            lines.append(self.tr("Payments being settled or returned: %1 · needing a check by staff: %2")
                         .replace("%1", str(s.payments_open)).replace("%2", str(s.payments_review)))
        self.summary.setText("\n".join(lines))
        self.sync_button.setText(self.tr("Sync now"))
        self.sync_button.setAccessibleName(self.sync_button.text())
        self.sync_button.setEnabled(s.linked)
        self.resend_button.setText(self.tr("Send %n record(s) from the quarantined database", "", s.quarantined))
        self.resend_button.setAccessibleName(self.resend_button.text())
        self.resend_button.setVisible(s.quarantined > 0)
        if s.alerts:
            self.alerts.setText(self.tr("Alerts:") + "\n" + "\n".join(f"{at} {kind}: {message}"
                                                                       for at, kind, message in s.alerts))
        else:
            self.alerts.setText(self.tr("No alerts."))

    def sync_now(self) -> None:
        woke = self.diag.sync_now()
        self.status.setText(self.tr("Sync started.") if woke else self.tr("Not linked to a server."))
        self.refresh()

    def resend_quarantined(self) -> None:
        taken = self.diag.resend_quarantined()
        self.status.setText(self.tr("%n record(s) back in the outbox; they are sent with the others.", "", taken))
        self.refresh()


class ActionsPage(Page):
    """Out of service and back, reload the catalog, restart, reset a device, reprint a recent
    document, reset local data (refused while anything is unsent), write a diagnostics bundle."""

    name = "actions"

    def __init__(self, overlay: PageHost) -> None:
        super().__init__(overlay)
        self.service_state = label("", name="diag_service_state")
        self.out_button = button("", lambda: self.set_out_of_service(True), "diag_out_of_service", "staff")
        self.back_button = button("", lambda: self.set_out_of_service(False), "diag_back_in_service")
        self.reload_button = button("", self.reload_catalog, "diag_reload_catalog", "secondary")
        self.restart_button = button("", self.restart, "diag_restart", "secondary")
        self.reset_data_button = button("", self.reset_local_data, "diag_reset_data", "secondary")
        self.reset_data_why = label("", "small", name="diag_reset_data_why")
        self.confirm_button = button("", self.confirm_reset, "diag_reset_data_confirm", "staff")
        self.cancel_confirm_button = button("", self.cancel_reset, "diag_reset_data_cancel", "secondary")
        self.devices_title = label("", name="diag_reset_devices_title")
        self.device_buttons = QGridLayout()  # one per row: device names in words are long
        self.prints_title = label("", name="diag_prints_title")
        self.print_buttons = QVBoxLayout()
        self.bundle_title = label("", name="diag_bundle_title")
        self.bundle_buttons = QVBoxLayout()
        self.status = label("", name="diag_action_status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.area = PagedArea("", "", "diag_actions")
        layout = self.area.column
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.status)
        outer.addWidget(self.area, 1)
        layout.addWidget(self.service_state)
        row = QHBoxLayout()
        row.addWidget(self.out_button)
        row.addWidget(self.back_button)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.reload_button)
        row.addWidget(self.restart_button)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.reset_data_button)
        row.addWidget(self.confirm_button)
        row.addWidget(self.cancel_confirm_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.reset_data_why)
        layout.addWidget(self.devices_title)
        layout.addLayout(self.device_buttons)
        layout.addWidget(self.prints_title)
        layout.addLayout(self.print_buttons)
        layout.addWidget(self.bundle_title)
        layout.addLayout(self.bundle_buttons)
        self.folders: list[Path] = []
        self.device_names: list[str] = []
        self.print_ids: list[str] = []
        self.busy = False
        self.confirming = False

    def refresh(self) -> None:
        out = self.overlay.shell.out_of_service
        self.service_state.setText(self.tr("Citizens see: the out-of-service screen") if out
                                   else self.tr("Citizens see: the normal kiosk"))
        self.out_button.setText(self.tr("Take out of service"))
        self.back_button.setText(self.tr("Back in service"))
        self.reload_button.setText(self.tr("Reload catalog"))
        self.bundle_title.setText(self.tr("Write a diagnostics bundle (personal data removed) to:"))
        self.out_button.setVisible(not out)
        self.back_button.setVisible(out)
        self.reload_button.setEnabled(not self.busy)
        self.area.set_texts(self.tr("Previous page"), self.tr("Next page"))
        self.restart_button.setText(self.tr("Restart the kiosk"))
        self.restart_button.setEnabled(not self.busy)
        self._refresh_reset()
        self._refresh_devices()
        self._refresh_prints()
        folders = bundle_folders(self.overlay.core.settings.data_dir)
        if folders != self.folders:
            self.folders = folders
            clear_layout(self.bundle_buttons)
            for index, folder in enumerate(folders):
                b = button(str(folder), partial(self.write_bundle, folder), f"diag_bundle_{index}", "secondary")
                self.bundle_buttons.addWidget(b)
        for index in range(self.bundle_buttons.count()):
            item = self.bundle_buttons.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setEnabled(not self.busy)
        for b in (self.out_button, self.back_button, self.reload_button, self.restart_button,
                  self.reset_data_button, self.confirm_button, self.cancel_confirm_button):
            b.setAccessibleName(b.text())

    def _refresh_reset(self) -> None:
        check = self.diag.reset_check()
        self.reset_data_button.setText(self.tr("Reset local data"))
        self.confirm_button.setText(self.tr("Yes, clear local data"))
        self.cancel_confirm_button.setText(self.tr("Cancel"))
        self.reset_data_button.setEnabled(check.allowed and not self.busy and not self.confirming)
        self.confirm_button.setVisible(self.confirming and check.allowed)
        self.cancel_confirm_button.setVisible(self.confirming and check.allowed)
        if not check.allowed:
            self.confirming = False
            self.reset_data_why.setText(
                self.tr("Refused: %n record(s) not yet delivered to the server. Sync first; never reset or "
                        "reimage a kiosk with undelivered records.", "", check.unsent) if check.unsent
                else self.tr("Refused: this kiosk has no local store."))
        elif self.confirming:
            self.reset_data_why.setText(self.tr("Clears the kept prints for reprint, downloaded catalog versions and "
                                                "bundles in the data folder. Cases, audit, logs and settings stay."))
        else:
            self.reset_data_why.setText(self.tr("Nothing is waiting to be sent: local data can be cleared."))

    def _refresh_devices(self) -> None:
        self.devices_title.setText(self.tr("Reset a device (close and reopen):"))
        names = [s.name for s in self.overlay.core.hardware.specs]
        if names != self.device_names:
            self.device_names = names
            clear_layout(self.device_buttons)
            for index, name in enumerate(names):
                self.device_buttons.addWidget(button(self.device_label(name), partial(self.reset_device, name),
                                                     f"diag_reset_{name}", "secondary"), index, 0,
                                             Qt.AlignmentFlag.AlignLeft)
        for index in range(self.device_buttons.count()):
            item = self.device_buttons.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QPushButton):
                widget.setText(self.device_label(names[index]))  # the words follow the language
                widget.setAccessibleName(widget.text())
                widget.setEnabled(not self.busy)

    def _refresh_prints(self) -> None:
        docs = self.diag.recent_prints()
        self.prints_title.setText(self.tr("Reprint one of the last documents (kept 24 h, at most 10):") if docs
                                  else self.tr("Reprint: no document printed in the last 24 h."))
        ids = [d.id for d in docs]
        if ids != self.print_ids:
            self.print_ids = ids
            clear_layout(self.print_buttons)
            for index, doc in enumerate(docs):
                when = time.strftime("%m-%d %H:%M", time.localtime(doc.at_ts))
                failed = "" if doc.ok else "  (" + self.tr("did not print") + ")"
                b = button(f"{when}  {doc.title}{failed}", partial(self.reprint, doc.id), f"diag_reprint_{index}",
                           "secondary")
                self.print_buttons.addWidget(b, 0, Qt.AlignmentFlag.AlignLeft)
        for index in range(self.print_buttons.count()):
            item = self.print_buttons.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setEnabled(not self.busy)

    # -- restart, reset, reprint -----------------------------------------------------------------
    def restart(self) -> None:
        self.status.setText(self.tr("Restarting…"))
        self.overlay.controller.restart()

    def reset_local_data(self) -> None:
        self.confirming = True
        self.refresh()

    def cancel_reset(self) -> None:
        self.confirming = False
        self.refresh()

    def confirm_reset(self) -> None:
        self.confirming = False
        try:
            removed = self.diag.reset_local_data()
        except RuntimeError as exc:
            self.status.setText(self.tr("Reset refused: %1").replace("%1", str(exc)))
        else:
            self.print_ids = ["-"]  # rebuild the reprint list
            self.status.setText(self.tr("Local data cleared: %1").replace("%1", ", ".join(removed) or "-"))
        self.refresh()

    def reset_device(self, name: str) -> None:
        self.busy = True
        self.status.setText(self.tr("Resetting %1…").replace("%1", self.device_label(name)))
        self.refresh()
        self.overlay.background.run(lambda: self.diag.reset_device(name), partial(self._device_reset, name))

    def _device_reset(self, name: str, summary: str | None, error: BaseException | None) -> None:
        self.busy = False
        if error is not None or summary is None:
            log.error("device reset failed: %s", type(error).__name__)
            self.status.setText(self.tr("%1 could not be reset: %2").replace("%1", self.device_label(name))
                                .replace("%2", type(error).__name__))
        else:
            self.status.setText(self.tr("%1 reopened: %2").replace("%1", self.device_label(name)).replace("%2", summary))
        self.refresh()

    def reprint(self, doc_id: str) -> None:
        self.busy = True
        self.status.setText(self.tr("Printing…"))
        self.refresh()
        self.overlay.background.run(lambda: self.diag.reprint(doc_id), self._reprinted)

    def _reprinted(self, ok: bool | None, error: BaseException | None) -> None:
        self.busy = False
        self.status.setText(self.tr("Reprinted.") if ok and error is None
                            else self.tr("The reprint failed: see the printer on the Devices page."))
        self.refresh()

    def set_out_of_service(self, out: bool) -> None:
        self.overlay.controller.set_out_of_service(out)
        self.status.setText(self.tr("The kiosk is out of service.") if out else self.tr("The kiosk is back in service."))
        self.refresh()

    def reload_catalog(self) -> None:
        self.busy = True
        self.status.setText(self.tr("Loading the catalog…"))
        self.refresh()
        self.overlay.background.run(self.diag.load_catalog, self._catalog_loaded)

    def _catalog_loaded(self, catalog: Catalog | None, error: BaseException | None) -> None:
        self.busy = False
        if isinstance(error, CatalogError) or error is not None or catalog is None:
            log.error("catalog reload failed: %s", error)
            self.status.setText(self.tr("The catalog has errors and was not loaded; the old one stays. See the log."))
        else:
            self.overlay.controller.use_catalog(catalog)
            self.status.setText(self.tr("Catalog %1 loaded: %2 services.").replace("%1", catalog.version)
                                .replace("%2", str(len(catalog))))
        self.refresh()

    def write_bundle(self, folder: Path) -> None:
        self.busy = True
        self.status.setText(self.tr("Writing the bundle…"))
        self.refresh()
        from PySide6 import __version__ as pyside_version

        versions = {"PySide6 (running)": pyside_version}
        self.overlay.background.run(lambda: self.diag.write_bundle(folder, versions), self._bundle_written)

    def _bundle_written(self, path: Path | None, error: BaseException | None) -> None:
        self.busy = False
        if error is not None or path is None:
            log.error("diagnostics bundle failed: %s", error)
            self.status.setText(self.tr("The bundle could not be written: %1").replace("%1", type(error).__name__))
        else:
            self.status.setText(self.tr("Bundle written: %1").replace("%1", str(path)))
        self.refresh()


PAGES: tuple[Callable[[PageHost], Page], ...] = (OverviewPage, SelfTestsPage, SyncPage, ActionsPage)
"""The first four pages; ui/diagnostics/window.py adds the tool pages (ui/diagnostics/tools.py)."""
