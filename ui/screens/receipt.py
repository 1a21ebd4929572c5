"""The receipt step: print the acceptance receipt or appointment slip. When paper fails the case
is already safe; the essentials and the progress QR code are shown on screen instead, with a
reprint once the printer is fixed."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import qrcode
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from kiosk.appointments import beijing_today
from kiosk.fees import quote
from kiosk.receipts import CASE_QR_PREFIX, receipt_lines
from ui.screens.steps import StepScreen
from ui.widgets import Illustration, button, label

if TYPE_CHECKING:
    from ui.host import ShellHost


def qr_pixmap(data: str, size_px: int) -> QPixmap:
    image = qrcode.make(data, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap.scaled(size_px, size_px, Qt.AspectRatioMode.KeepAspectRatio)


class ReceiptScreen(StepScreen):
    name = "receipt"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="receipt_title")
        self.body = label("", name="receipt_body")
        self.qr = QLabel()
        self.qr.setObjectName("receipt_qr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        self.reprint = button("", self.render, "receipt_reprint", "secondary")
        self.next_button = button("", self.shell.next_step, "receipt_next")
        row.addWidget(self.reprint)
        row.addStretch(1)
        row.addWidget(self.next_button)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        # Where the paper comes out (assets/illustrations; design hook only).
        self.picture = Illustration("printer", shell.theme.illustration_px, "receipt_illustration")
        layout.addWidget(self.picture)
        layout.addWidget(self.qr, 1)
        layout.addLayout(row)
        self._ticket = 0

    def render(self) -> None:
        self.heading.setText(self.tr("Printing your receipt…"))
        self.body.setText("")
        self.qr.clear()
        self.reprint.setText(self.tr("Print again"))
        self.next_button.setText(self.tr("Next"))
        for b in (self.reprint, self.next_button):
            b.setAccessibleName(b.text())
            b.setVisible(False)
        flow = self.workflow
        session, items = flow.session, list(flow.items)
        self._ticket += 1
        ticket = self._ticket
        services = self.shell.services

        def print_all() -> bool:
            printed = services.print_receipt(session, items)
            if printed and session.payments:  # the payment voucher (缴费凭证) follows the receipt
                fee_quote = quote(items, session, beijing_today(), services.settings.payment.student_holidays)
                printed = services.print_voucher(session, items, fee_quote)
            return printed

        self.shell.background.run(print_all, lambda printed, error: self._printed(ticket, bool(printed) and error is None))

    def _printed(self, ticket: int, printed: Any) -> None:
        if ticket != self._ticket or self.shell.workflow is None or self.shell.current is not self:
            return
        self.next_button.setVisible(True)
        if printed:
            self.heading.setText(self.tr("Please take your receipt"))
            self.body.setText(self.tr("It is below the screen. Keep it to check the progress."))
            # The summary is spoken too: someone who cannot read the paper hears the case number.
            summary = receipt_lines(self.workflow.session, list(self.workflow.items))
            self.shell.say("\n".join([self.heading.text(), *summary]))
            return
        session = self.workflow.session
        self.heading.setText(self.tr("The receipt could not be printed"))
        lines = receipt_lines(session, list(self.workflow.items))
        self.body.setText(self.tr("Your application is saved. Please photograph this screen, or print again "
                                  "when staff have fixed the printer.") + "\n\n" + "\n".join(lines))
        if session.case_numbers:
            self.qr.setPixmap(qr_pixmap(CASE_QR_PREFIX + session.case_numbers[0], self.shell.theme.mm(40)))
        self.reprint.setVisible(True)
        self.shell.say("\n".join([self.heading.text(), *lines]))

    def clear(self) -> None:
        self._ticket += 1
        self.body.clear()
        self.qr.clear()
