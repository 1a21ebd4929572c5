"""The issue step: a document made and signed by the centre (户籍证明, 无犯罪记录证明), printed
here on the A4 document printer (kiosk/issuing.py does the work, off the UI thread; this screen only shows its view).

Printing… → "please take your certificate" (with its verification code), or honestly why not:
not found in the register, identity not verified here, or the centre's decision that it is
handled at a counter (with the centre's where and why), the centre unreachable
(try again), the printer failed mid-document (nothing issued; reprint the same document now or
within 24 h at any kiosk; staff are called). A language switch re-renders the view, never prints
again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from kiosk.issuing import MESSAGES, DocumentIssuer, IssueView, Phase, details_from
from kiosk.lang import lang_key
from ui.screens.receipt import qr_pixmap
from ui.screens.steps import StepScreen
from ui.widgets import button, label

if TYPE_CHECKING:
    from ui.host import ShellHost


class IssueScreen(StepScreen):
    name = "issue"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="issue_title")
        self.body = label("", name="issue_body")
        self.code = label("", name="issue_code")
        self.staff = label("", "small", name="issue_staff")
        # the electronic copy (电子证照): a second QR, the one-time link to the signed PDF
        ecopy = QHBoxLayout()
        self.ecopy_qr = QLabel()
        self.ecopy_qr.setObjectName("issue_ecopy_qr")
        self.ecopy_text = label("", name="issue_ecopy_text")
        ecopy.addWidget(self.ecopy_qr)
        ecopy.addWidget(self.ecopy_text, 1)
        row = QHBoxLayout()
        self.reprint = button("", self.print_again, "issue_reprint", "secondary")
        self.next_button = button("", self.shell.next_step, "issue_next")
        row.addWidget(self.reprint)
        row.addStretch(1)
        row.addWidget(self.next_button)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addWidget(self.code)
        layout.addWidget(self.staff)
        layout.addLayout(ecopy)
        layout.addStretch(1)
        layout.addLayout(row)
        self._issuer: DocumentIssuer | None = None
        self._owner: object | None = None  # the workflow the issuer belongs to
        self._busy = False
        self._staff = ""  # the help call after a printer fault: "" / "calling" / "called" / "failed"
        self.view = IssueView(Phase.READY, None)

    def render(self) -> None:
        flow = self.workflow
        if self._owner is not flow:  # a new visit to the step: a new issuer, one request id
            session = flow.session
            hardware = self.shell.services.hardware
            printer = hardware.document_printer() if hardware is not None else None
            kind = flow.step.service or "hukou"
            self._issuer = DocumentIssuer(self.shell.services.server(), printer, session.verified_id_number,
                                          kind, details_from(kind, session))
            self._owner = flow
            self._staff = ""
            self.view = self._issuer.view()
            self._start()
        self._show(self.view)

    def print_again(self) -> None:
        """After a printer fault (same document) or an unreachable centre (ask again)."""
        if self._issuer is not None and not self._busy and self.view.can_retry:
            self._start()
            self._show(self.view)

    def _start(self) -> None:
        issuer = self._issuer
        assert issuer is not None
        self._busy = True
        phase = Phase.PRINTING if issuer.view().code else Phase.REQUESTING
        self.view = IssueView(phase, MESSAGES.get(phase))

        def done(view: object, error: BaseException | None) -> None:
            self._busy = False
            if issuer is not self._issuer:
                return  # the session ended meanwhile
            if error is not None or not isinstance(view, IssueView):
                view = IssueView(Phase.CENTRE_UNAVAILABLE, None, can_retry=True)
            self.view = view
            if view.phase is Phase.PRINTER_FAULT and not self._staff:
                self._call_staff()
            if self.shell.current is self:
                self._show(view)

        self.shell.background.run(issuer.run, done)

    def _call_staff(self) -> None:
        """A printer fault needs a person (paper, jam): the centre's help call, like the frame's."""
        self._staff = "calling"
        language, issuer = self.shell.language, self._issuer

        def answered(reached: object, error: BaseException | None) -> None:
            if issuer is self._issuer:
                self._staff = "called" if reached and error is None else "failed"
                if self.shell.current is self:
                    self._show(self.view)

        self.shell.background.run(lambda: self.shell.services.call_staff("issue", language), answered)

    def _show(self, view: IssueView) -> None:
        lang = lang_key(self.shell.language)
        self.heading.setText(view.title[lang])
        body = view.message[lang] if view.message else ""
        if view.phase is Phase.CENTRE_UNAVAILABLE and view.can_retry:
            body += "\n" + self.tr("You can try again now.")
        self.body.setText(body)
        self.body.setVisible(bool(body))
        code = ""
        if view.phase is Phase.DONE and view.code:
            code = self.tr("Verification code: %1").replace("%1", view.code)
        self.code.setText(code)
        self.code.setVisible(bool(code))
        staff = ""
        if view.phase is Phase.PRINTER_FAULT:
            staff = {
                "called": self.tr("Staff have been called and will come to you."),
                "failed": self.tr("Please wave to the staff at %1.").replace("%1", self.shell.counter_text()),
            }.get(self._staff, self.tr("Calling staff…"))
        self.staff.setText(staff)
        self.staff.setVisible(bool(staff))
        self._show_ecopy(view)
        self.reprint.setText(self.tr("Print again") if view.phase is Phase.PRINTER_FAULT else self.tr("Try again"))
        self.next_button.setText(self.tr("Next"))
        self.reprint.setVisible(view.can_retry and not self._busy)
        # moving on is always possible once nothing is printing: at worst to the counter
        self.next_button.setVisible(not self._busy)
        for b in (self.reprint, self.next_button):
            b.setAccessibleName(b.text())
        self.shell.say("\n".join(t for t in (self.heading.text(), body) if t))

    def _show_ecopy(self, view: IssueView) -> None:
        url = view.ecopy_url if view.phase is Phase.DONE else None
        if url:
            # 50 mm on the panel: a phone held at arm's length reads it (bigger in elder mode)
            theme = self.shell.theme
            self.ecopy_qr.setPixmap(qr_pixmap(url, theme.mm(50 * (1.25 if theme.elder else 1.0))))
            self.ecopy_qr.setAccessibleName(self.tr("Electronic copy QR code"))
            note = view.ecopy_note  # a letter or a filing receipt, not a certificate
            self.ecopy_text.setText(note[lang_key(self.shell.language)] if note else self.tr(
                "Electronic copy: scan this QR code with your phone to download the certificate "
                "as a digitally signed PDF (valid for 24 hours, at most 3 downloads)."))
        else:
            self.ecopy_qr.clear()
            self.ecopy_text.clear()
        self.ecopy_qr.setVisible(bool(url))
        self.ecopy_text.setVisible(bool(url))

    def spoken_prompt(self) -> str:
        return ""  # _show speaks the heading and the message itself

    def clear(self) -> None:
        """Session ended: forget the issuer (it holds the ID number and, until printed, the PDF)."""
        self._issuer = None
        self._owner = None
        self._busy = False
        self.view = IssueView(Phase.READY, None)
        for w in (self.body, self.code, self.staff, self.ecopy_text, self.ecopy_qr):
            w.clear()  # the QR is a link to the whole document: it leaves with the citizen
