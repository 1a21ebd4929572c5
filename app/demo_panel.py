"""`kiosk demo` only: a second window that plays the people and things a desktop lacks — the
citizen's ID card on the reader, a phone's payment code under the scanner, the phone paying the QR
code on screen, the bank, the payment gateway and the printer running out of paper.

It drives the real simulators through their control APIs (devices/*/simulator.py) and the demo
server's simulation endpoints (kiosk/sync/client.py); network calls run off the UI thread. It is
never built when any configured device is real (`all_simulated`). Nothing personal is shown."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget)

from devices.spec import DeviceKind, DeviceSpec
from kiosk.core import KioskCore
from kiosk.payments.journal import Method, State
from kiosk.receipts import CASE_QR_PREFIX
from ui.background import Background

log = logging.getLogger("app.demo_panel")

CODE_STEPS = ("paid", "declined", "user_paying", "system_error", "reverse_fails")
BANK_FAULTS = ("approve", "decline", "timeout", "unknown_result", "void_fails", "offline")
PRINTER_FAULTS = ("paper_empty", "cover_open")


def all_simulated(specs: Sequence[DeviceSpec]) -> bool:
    """The panel exists only for a kiosk whose every device is a simulator."""
    return bool(specs) and all(spec.driver == "simulator" for spec in specs)


def wechat_code(rng: random.Random | None = None) -> str:
    """A valid-format WeChat Pay payment code: 18 digits starting 13 (devices/scanner/codes.py)."""
    r = rng or random.SystemRandom()
    return "13" + "".join(str(r.randrange(10)) for _ in range(16))


def alipay_code(rng: random.Random | None = None) -> str:
    """A valid-format Alipay payment code: 18 digits starting 28."""
    r = rng or random.SystemRandom()
    return "28" + "".join(str(r.randrange(10)) for _ in range(16))


def short(order_id: str) -> str:
    return order_id if len(order_id) <= 8 else order_id[:6] + "…"


class DemoPanel(QWidget):
    """The simulated-devices window. Buttons are named demo_* for tests."""

    def __init__(self, core: KioskCore, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.core = core
        self.setObjectName("demo_panel")
        # Closing the kiosk window ends the demo; this window alone does not keep it running.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.background = Background(self)
        self._buttons: dict[str, QPushButton] = {}
        self._groups: dict[str, QGroupBox] = {}
        layout = QVBoxLayout(self)

        card = self._group(layout, "card")
        for key in self._card_keys():
            self._button(card, f"card_{key}", lambda k=key: self._present(k))
        self._button(card, "card_remove", self._remove_card)

        scan = self._group(layout, "scan")
        self._button(scan, "scan_wechat", lambda: self._scan(wechat_code(), self.tr("WeChat payment code scanned")))
        self._button(scan, "scan_alipay", lambda: self._scan(alipay_code(), self.tr("Alipay payment code scanned")))
        self._button(scan, "scan_receipt", self._scan_receipt)
        line = QHBoxLayout()
        self.free_text = QLineEdit()
        self.free_text.setObjectName("demo_scan_text")
        self.free_text.returnPressed.connect(self._scan_free_text)
        line.addWidget(self.free_text, 1)
        send = QPushButton()
        send.setObjectName("demo_scan_send")
        send.clicked.connect(self._scan_free_text)
        self._buttons["scan_send"] = send
        line.addWidget(send)
        scan.addLayout(line, scan.rowCount(), 0, 1, 2)

        phone = self._group(layout, "phone")
        self._button(phone, "qr_paid", lambda: self._qr("paid"))
        self._button(phone, "qr_expired", lambda: self._qr("expired"))

        gateway = self._group(layout, "gateway")
        for step in CODE_STEPS:
            self._button(gateway, f"code_{step}", lambda s=step: self._code_script(s))

        bank = self._group(layout, "bank")
        for fault in BANK_FAULTS:
            self._button(bank, f"bank_{fault}", lambda f=fault: self._bank(f))
        self._button(bank, "bank_online", lambda: self._bank(None))

        printer = self._group(layout, "printer")
        for fault in PRINTER_FAULTS:
            self._button(printer, f"printer_{fault}", lambda f=fault: self._printer(f))
        self._button(printer, "printer_ok", lambda: self._printer(None))

        dispenser = self._group(layout, "dispenser")
        self._button(dispenser, "dispenser_not_taken", lambda: self._dispenser("not_taken"))
        self._button(dispenser, "dispenser_jam", lambda: self._dispenser("jam"))
        self._button(dispenser, "dispenser_ok", lambda: self._dispenser(None))

        fingers = self._group(layout, "fingerprint")
        self._button(fingers, "fingerprint_wet", lambda: self._fingerprint("wet"))
        self._button(fingers, "fingerprint_no_fingerprints", lambda: self._fingerprint("no_fingerprints"))
        self._button(fingers, "fingerprint_ok", lambda: self._fingerprint(None))

        self.status = QLabel()
        self.status.setObjectName("demo_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.retranslate()
        self.status.setText(self.tr("Ready."))

    # -- layout ----------------------------------------------------------------------------------
    def _group(self, layout: QVBoxLayout, key: str) -> QGridLayout:
        box = QGroupBox()
        box.setObjectName(f"demo_group_{key}")
        self._groups[key] = box
        layout.addWidget(box)
        return QGridLayout(box)

    def _button(self, grid: QGridLayout, key: str, action: Callable[[], None]) -> None:
        button = QPushButton()
        button.setObjectName(f"demo_{key}")
        button.clicked.connect(lambda _=False: action())
        count = grid.count()
        grid.addWidget(button, count // 2, count % 2)
        self._buttons[key] = button

    def _card_keys(self) -> list[str]:
        reader = self._device(DeviceKind.CARD_READER, "sample_keys", quiet=True)
        if reader is not None:
            return list(reader.sample_keys())
        # Devices still starting: the sample identities shipped with the demo.
        return ["resident", "rare_name", "hmt", "foreigner_old", "foreigner_2023"]

    def _card_name(self, key: str) -> str:
        names = {
            "resident": self.tr("Resident ID card"),
            "rare_name": self.tr("Resident ID card (rare characters in the name)"),
            "hmt": self.tr("Hong Kong / Macao / Taiwan residence permit"),
            "foreigner_old": self.tr("Foreigner's permanent residence card (2017)"),
            "foreigner_2023": self.tr("Foreigner's permanent residence card (2023)"),
        }
        return names.get(key, key)

    def _labels(self) -> dict[str, str]:
        return {
            "card_remove": self.tr("Take the card off the reader"),
            "scan_wechat": self.tr("Scan a WeChat payment code"),
            "scan_alipay": self.tr("Scan an Alipay payment code"),
            "scan_receipt": self.tr("Scan the last receipt's QR code"),
            "scan_send": self.tr("Scan this text"),
            "qr_paid": self.tr("Phone pays the QR code on screen"),
            "qr_expired": self.tr("Phone user gives up (QR order expires)"),
            "code_paid": self.tr("Next code payment: paid"),
            "code_declined": self.tr("Next code payment: declined"),
            "code_user_paying": self.tr("Next code payment: user confirms on the phone"),
            "code_system_error": self.tr("Next code payment: gateway error"),
            "code_reverse_fails": self.tr("Next code payment: reversal fails"),
            "bank_approve": self.tr("Bank approves"),
            "bank_decline": self.tr("Bank declines"),
            "bank_timeout": self.tr("Terminal never answers"),
            "bank_unknown_result": self.tr("Charged, answer lost"),
            "bank_void_fails": self.tr("Voids fail"),
            "bank_offline": self.tr("Terminal switched off"),
            "bank_online": self.tr("Terminal back online"),
            "printer_paper_empty": self.tr("Paper runs out"),
            "printer_cover_open": self.tr("Cover opened"),
            "printer_ok": self.tr("Printer back to normal"),
            "dispenser_not_taken": self.tr("Citizen leaves the card in the slot"),
            "dispenser_jam": self.tr("Next card jams"),
            "dispenser_ok": self.tr("Dispenser back to normal (jam cleared)"),
            "fingerprint_wet": self.tr("Next finger is wet (smeared)"),
            "fingerprint_no_fingerprints": self.tr("Citizen's fingerprints cannot be read"),
            "fingerprint_ok": self.tr("Fingers read normally"),
        }

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Simulated devices (demo only)"))
        titles = {
            "card": self.tr("ID card reader"),
            "scan": self.tr("Code scanner"),
            "phone": self.tr("Citizen's phone"),
            "gateway": self.tr("Payment-code gateway (demo server)"),
            "bank": self.tr("Bank card terminal"),
            "printer": self.tr("Receipt printer"),
            "dispenser": self.tr("Card dispenser (collect a finished card)"),
            "fingerprint": self.tr("Fingerprint module"),
        }
        for key, box in self._groups.items():
            box.setTitle(titles[key])
        labels = self._labels()
        for key, button in self._buttons.items():
            if key.startswith("card_") and key != "card_remove":
                button.setText(self._card_name(key[len("card_"):]))
            else:
                button.setText(labels[key])
        self.free_text.setPlaceholderText(self.tr("Any text to scan"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def say(self, text: str) -> None:
        self.status.setText(text)
        log.info("demo panel: %s", text)

    # -- devices ---------------------------------------------------------------------------------
    def _device(self, kind: DeviceKind, control: str, quiet: bool = False) -> Any:
        manager = self.core.hardware.manager
        device = manager.first(kind) if manager is not None else None
        if device is None or not hasattr(device, control):
            if not quiet:
                self.say(self.tr("That simulated device is not running (yet)."))
            return None
        return device

    def _try(self, call: Callable[[], None], done: str) -> None:
        try:
            call()
        except Exception as exc:  # noqa: BLE001 - a demo control says what went wrong, never crashes the kiosk
            self.say(self.tr("Failed: %1").replace("%1", str(exc)))
        else:
            self.say(done)

    def _present(self, key: str) -> None:
        reader = self._device(DeviceKind.CARD_READER, "present_card")
        if reader is not None:
            self._try(lambda: reader.present_card(key),
                      self.tr("Card on the reader: %1").replace("%1", self._card_name(key)))

    def _remove_card(self) -> None:
        reader = self._device(DeviceKind.CARD_READER, "remove_card")
        if reader is not None:
            self._try(reader.remove_card, self.tr("Card taken off the reader."))

    def _scan(self, text: str, done: str) -> None:
        scanner = self._device(DeviceKind.SCANNER, "scan")
        if scanner is not None:
            self._try(lambda: scanner.scan(text), done)

    def _scan_free_text(self) -> None:
        text = self.free_text.text().strip()
        if not text:
            self.say(self.tr("Type something to scan first."))
            return
        self._scan(text, self.tr("Text scanned."))

    def _scan_receipt(self) -> None:
        case = self._last_case_number()
        if case is None:
            self.say(self.tr("No case submitted on this kiosk yet."))
            return
        self._scan(CASE_QR_PREFIX + case, self.tr("Receipt QR code scanned: case %1").replace("%1", case))

    def _last_case_number(self) -> str | None:
        """The newest case number committed here, from the outbox audit trail (records are purged
        once the server holds them, the audit line stays)."""
        store = self.core.store
        if store is None:
            return None
        try:
            row = store.db.conn().execute(
                "SELECT detail FROM audit WHERE event = 'committed' AND detail LIKE '%case=%' "
                "AND detail NOT LIKE '%case=-%' ORDER BY seq DESC LIMIT 1").fetchone()
        except Exception:  # noqa: BLE001 - schema differences: the button just says there is none
            log.exception("demo panel: last case number")
            return None
        if row is None:
            return None
        return str(row[0]).split("case=", 1)[1].split()[0]

    def _bank(self, fault: str | None) -> None:
        terminal = self._device(DeviceKind.PAYMENT_TERMINAL, "set_fault")
        if terminal is None:
            return
        if fault is None:
            self._try(terminal.clear_fault, self.tr("Bank terminal back online, approving."))
        elif fault == "approve":
            self._try(terminal.clear_fault, self.tr("Bank terminal: approves every sale."))
        else:
            label = self._labels()[f"bank_{fault}"]
            self._try(lambda: terminal.set_fault(fault), self.tr("Bank terminal: %1").replace("%1", label))

    def _printer(self, fault: str | None) -> None:
        printer = self._device(DeviceKind.PRINTER, "set_fault")
        if printer is None:
            return
        if fault is None:
            def fix() -> None:
                printer.clear_fault()
                if hasattr(printer, "load_paper"):
                    printer.load_paper()
            self._try(fix, self.tr("Printer back to normal."))
        else:
            label = self._labels()[f"printer_{fault}"]
            self._try(lambda: printer.set_fault(fault), self.tr("Printer: %1").replace("%1", label))

    def _dispenser(self, fault: str | None) -> None:
        dispenser = self._device(DeviceKind.CARD_DISPENSER, "set_fault")
        if dispenser is None:
            return
        if fault is None:
            def fix() -> None:
                dispenser.clear_fault()
                dispenser.module.clear_jam()  # a technician takes the jammed card out
            self._try(fix, self.tr("Dispenser back to normal."))
        else:
            label = self._labels()[f"dispenser_{fault}"]
            # a jam affects only the next card; "leaves the card" lasts until back to normal
            self._try(lambda: dispenser.set_fault(fault, 1 if fault == "jam" else None),
                      self.tr("Dispenser: %1").replace("%1", label))

    def _fingerprint(self, fault: str | None) -> None:
        module = self._device(DeviceKind.FINGERPRINT, "set_fault")
        if module is None:
            return
        if fault is None:
            self._try(module.clear_fault, self.tr("Fingers read normally."))
        else:
            label = self._labels()[f"fingerprint_{fault}"]
            # a wet finger affects the next read only; unreadable fingers last until back to normal
            self._try(lambda: module.set_fault(fault, 1 if fault == "wet" else None),
                      self.tr("Fingerprint module: %1").replace("%1", label))

    # -- demo server (network: off the UI thread) ------------------------------------------------
    def _client(self) -> Any:
        client = self.core.server.client
        if client is None:
            self.say(self.tr("Not linked to the demo server yet."))
        return client

    def _qr(self, outcome: str) -> None:
        client = self._client()
        journal = self.core.journal
        if client is None or journal is None:
            return

        def call() -> str | None:
            for entry in journal.recent(20):
                if entry.method == Method.QR and entry.state == State.USER_PAYING:
                    client.pay_qr_simulate(entry.order_id, outcome)
                    return entry.order_id
            return None

        def done(order_id: str | None, error: BaseException | None) -> None:
            if error is not None:
                self.say(self.tr("Failed: %1").replace("%1", str(error)))
            elif order_id is None:
                self.say(self.tr("No QR code waiting to be paid."))
            elif outcome == "paid":
                self.say(self.tr("QR order %1 paid").replace("%1", short(order_id)))
            else:
                self.say(self.tr("QR order %1 expired").replace("%1", short(order_id)))

        self.say(self.tr("Working…"))
        self.background.run(call, done)

    def _code_script(self, step: str) -> None:
        client = self._client()
        if client is None:
            return
        label = self._labels()[f"code_{step}"]

        def done(_: Any, error: BaseException | None) -> None:
            if error is not None:
                self.say(self.tr("Failed: %1").replace("%1", str(error)))
            else:
                self.say(self.tr("Gateway script set — %1").replace("%1", label))

        self.background.run(lambda: client.pay_code_script([step]), done)


def show_demo_panel(shell: QWidget, core: KioskCore, windowed: bool) -> DemoPanel | None:
    """Build and show the panel beside the kiosk window (`kiosk demo` only)."""
    if not all_simulated(core.hardware.specs):
        log.info("demo panel not shown: a configured device is real")
        return None
    panel = DemoPanel(core)
    panel.adjustSize()
    if windowed:
        frame = shell.frameGeometry()
        panel.move(frame.right() + 12, frame.top())
    else:
        # Over a fullscreen kiosk: keep it on top, at the right edge of the screen.
        panel.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        screen = shell.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            panel.move(area.right() - panel.width() - 12, area.top() + 12)
    panel.show()
    return panel
