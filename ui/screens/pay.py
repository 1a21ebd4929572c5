"""The pay step: the amount and why (exemptions), then bank card, payment code or a QR code —
only the ways that work right now. The citizen always learns what happened to their money.

The money logic is the Qt-free `kiosk.steps.pay.PayController`; this screen renders its view and
forwards taps. Payment calls block (terminal, gateway) and run through the shell's background
pool; the idle timer is held while money is moving. If the citizen leaves while a payment runs
or after it went through but before the case was saved (timeout, Home), the money is given back
at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from kiosk.appointments import show_time
from kiosk.issuing import fee_check_for
from kiosk.lang import lang_key
from kiosk.messages import text
from kiosk.money import fen_to_yuan
from kiosk.payments import service as pay
from kiosk.payments.journal import Method
from kiosk.steps.pay import Notice, PayController, PayPhase, PayView
from ui.navigation import ScreenId
from ui.screens.base import Screen
from ui.screens.receipt import qr_pixmap
from ui.screens.steps import StepScreen
from ui.widgets import button, label

if TYPE_CHECKING:
    from ui.host import ShellHost


class PayScreen(StepScreen):
    """Renders `kiosk.steps.pay.PayView` and forwards taps, codes and timer ticks to the
    `PayController`; every money decision is the controller's."""

    name = "pay"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="pay_title")
        self.amount = label("", "title", name="pay_amount")
        self.lines = label("", name="pay_lines")
        self.status = label("", name="pay_status")
        self.qr = QLabel()
        self.qr.setObjectName("pay_qr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.methods = QVBoxLayout()
        self._method_buttons: dict[str, QPushButton] = {}  # made once per method (_show_methods)
        row = QHBoxLayout()
        self.cancel = button("", self._cancel_waiting, "pay_cancel", "secondary")
        self.next_button = button("", self._continue, "pay_next")
        row.addWidget(self.cancel)
        row.addStretch(1)
        row.addWidget(self.next_button)
        for w in (self.heading, self.amount, self.lines, self.status):
            layout.addWidget(w)
        layout.addLayout(self.methods)  # right under the question, where the eye already is
        layout.addWidget(self.qr, 1)
        layout.addLayout(row)
        self.controller: PayController | None = None
        self._shown: PayView | None = None  # the view on screen (what changed → what is said)
        self._qr_text = ""
        self.poll = QTimer(self)
        self.poll.timeout.connect(self._tick)
        self.move_on = QTimer(self)  # after "Payment complete" has been read
        self.move_on.setSingleShot(True)
        self.move_on.timeout.connect(self._continue)
        shell.scanned.connect(self._scanned)

    # -- the controller ----------------------------------------------------------------------------
    def render(self) -> None:
        if self.controller is None or self.controller.flow is not self.shell.workflow:
            self._start()
        self._show(speak=False)

    def _start(self) -> None:
        self._stop_controller()
        payments = self.shell.services.payments
        settings = self.shell.settings.payment
        self._shown = None
        hardware = self.shell.services.hardware
        printer = hardware.document_printer() if hardware is not None else None
        # e.g. the temporary plate's VIN, with the centre, before any way to pay is offered
        fee_check = fee_check_for(self.workflow, self.shell.services.server, printer)
        self.controller = PayController(self.workflow, payments, self.shell.services.payment_methods,
                                        self.shell.background, settings.student_holidays, settings.qr_wait_s,
                                        changed=lambda: self._show(speak=True), fee_check=fee_check)

    def _stop_controller(self) -> None:
        self.poll.stop()
        self.move_on.stop()
        if self.controller is not None:
            self.controller.leave()
        self.controller = None

    def _scanned(self, text: str) -> None:
        if self.shell.current is self and self.controller is not None:
            self.controller.scanned(text)

    def _choose(self, method: str) -> None:
        if self.controller is not None:
            self.controller.choose(method)

    def _cancel_waiting(self) -> None:
        if self.controller is not None:
            self.controller.cancel()

    def _tick(self) -> None:
        payments = self.shell.services.payments
        if self.controller is not None and payments is not None:
            self.controller.tick(payments.timings.qr_poll_s)

    def _continue(self) -> None:
        if self.controller is not None and self.controller.view().can_check_again:
            self.controller.check_again()  # the button reads "Try again" then
            return
        if self.controller is not None and self.shell.current is self and self.controller.proceed():
            self.poll.stop()
            self.move_on.stop()
            self.shell.next_step()

    # -- the view ------------------------------------------------------------------------------------
    def _show(self, speak: bool) -> None:
        if self.controller is None:
            return  # the controller's first view arrives from inside its constructor
        self.show_view(self.controller.view(), speak)

    def show_view(self, view: PayView, speak: bool = False) -> None:
        """Render one view (the screenshot tour calls it with sample views: nothing is charged)."""
        before, self._shown = self._shown, view
        lang = lang_key(self.shell.language)
        self.cancel.setText(self.tr("Choose another way"))
        self.next_button.setText(self.tr("Try again") if view.can_check_again else self.tr("Next"))
        for b in (self.cancel, self.next_button):
            b.setAccessibleName(b.text())
        self.lines.setText("\n".join(self._fee_lines(view, lang)))
        self.heading.setText(self._heading(view))
        total = fen_to_yuan(view.total_fen)
        self.amount.setText(("¥0.00" if view.total_fen == 0 else f"¥{total}") if view.phase is PayPhase.NOTHING_DUE
                            else self.tr("Amount: ¥%1").replace("%1", total))
        self.status.setText(self._status(view))
        self._show_methods(list(view.methods) if view.phase is PayPhase.CHOOSE else [])
        self.cancel.setVisible(view.can_cancel)
        self.next_button.setVisible(view.can_proceed or view.can_check_again)
        self._show_qr(view)
        phase_changed = before is None or before.phase is not view.phase
        if view.holding:
            self.shell.idle.timer.stop()
            self.shell.back_button.setVisible(False)
        elif phase_changed and view.phase in (PayPhase.CHOOSE, PayPhase.CODE_WAIT, PayPhase.REFUSED,
                                              PayPhase.CHECK_FAILED) and self.shell.current is self:
            # refused: Back leads to the form, where a mistyped VIN is put right
            self.shell.back_button.setVisible(self.workflow.can_go_back)
            self.shell.idle.restart()
        if view.phase is PayPhase.QR_SHOWN and not self.poll.isActive():
            self.poll.start(int(self._poll_s() * 1000))
        elif view.phase is not PayPhase.QR_SHOWN:
            self.poll.stop()
        if view.phase is PayPhase.PAID and phase_changed:
            self.move_on.start(1200)
        if speak and (phase_changed or before is None or before.notice is not view.notice):
            if view.phase is PayPhase.QR_SHOWN:
                self.shell.say(self.tr("Scan the QR code with WeChat, Alipay or your bank's app, and pay on your phone."))
            else:
                self.shell.say(self.status.text())

    def _poll_s(self) -> float:
        payments = self.shell.services.payments
        return payments.timings.qr_poll_s if payments is not None else 2.0

    def _fee_lines(self, view: PayView, lang: str) -> list[str]:
        lines = []
        for line in view.quote.lines:
            if line.waived_by is not None:
                lines.append(self.tr("%1: free (%2)").replace("%1", line.name.get(lang))
                             .replace("%2", line.waived_by.description.get(lang)))
            else:
                lines.append(f"{line.name.get(lang)}: ¥{fen_to_yuan(line.due_fen)}")
        for exemption in view.quote.ask_staff:
            lines.append(self.tr("If this applies to you, ask at the counter before paying: %1")
                         .replace("%1", exemption.description.get(lang)))
        return lines

    def _heading(self, view: PayView) -> str:
        if view.phase is PayPhase.NOTHING_DUE:
            return self.tr("Nothing to pay") if view.total_fen == 0 else self.tr("Paid")
        if view.phase is PayPhase.PAID:
            return self.tr("Payment complete")
        if view.phase is PayPhase.REFUSED:
            return self.tr("Please go to the counter")
        if view.phase is PayPhase.CHECK_FAILED:
            return self.tr("This cannot be done right now")
        return self.tr("Please pay the fee")

    def _status(self, view: PayView) -> str:
        phase = view.phase
        if phase is PayPhase.CHOOSE:
            note = self.explain(view) if view.notice is not None else ""
            if not view.methods:
                ask = self.tr("Payment is not possible at this kiosk right now. Please pay at %1, or call staff."
                              ).replace("%1", self.shell.counter_text())
            else:
                ask = self.tr("How would you like to pay?")
            return (note + "\n" if note else "") + ask
        if phase is PayPhase.CARD:
            return self.tr("Insert or tap your bank card on the payment terminal and enter your PIN "
                           "there. Please wait until it says the payment is complete.")
        if phase is PayPhase.CODE_WAIT:
            if view.notice is Notice.NOT_A_PAYMENT_CODE:
                return self.tr("That is not a payment code. Please show the payment code from WeChat, "
                               "Alipay or UnionPay.")
            return self.tr("Open the payment code in WeChat, Alipay or UnionPay and hold it under the scanner.")
        if phase is PayPhase.CODE_PAYING:
            return self.tr("Payment in progress… If your phone asks for your password, enter it there.")
        if phase is PayPhase.QR_PREPARING:
            return self.tr("Preparing the QR code…")
        if phase is PayPhase.QR_SHOWN:
            return self.tr("Scan the QR code with WeChat, Alipay or your bank's app, and pay on your phone. "
                           "It is valid for %1 more seconds.").replace("%1", str(max(view.qr_seconds_left, 0)))
        if phase is PayPhase.QR_CLOSING:
            return self.tr("Closing the QR code…")
        if phase is PayPhase.CHECKING:
            return self.tr("Checking with the centre that this can be done here… (nothing charged yet)")
        if phase in (PayPhase.REFUSED, PayPhase.CHECK_FAILED) and view.check_message:
            # the refusal's words (kiosk.issuing.CHECK_MESSAGES, or the centre's where and why)
            return text(view.check_message, self.shell.language)
        if phase is PayPhase.PAID:
            return (self.tr("Thank you. ¥%1 has been paid. Your application is being saved now.")
                    .replace("%1", fen_to_yuan(view.amount_fen)))
        return ""

    def _show_qr(self, view: PayView) -> None:
        if view.phase is PayPhase.QR_SHOWN and view.qr_text:
            if view.qr_text != self._qr_text:
                self.qr.setPixmap(qr_pixmap(view.qr_text, self.shell.theme.mm(60)))
                self._qr_text = view.qr_text
        elif self._qr_text:
            self.qr.clear()
            self._qr_text = ""

    def _show_methods(self, methods: list[str]) -> None:
        """One button per payment method, made the first time it is offered and re-labelled after
        (this runs on every view change of the payment: issue #16, screens built once)."""
        names = {"card": self.tr("Bank card (insert or tap on the terminal)"),
                 "code": self.tr("Show your WeChat / Alipay / UnionPay payment code to the scanner"),
                 "qr": self.tr("Scan a QR code with your phone")}
        for index, method in enumerate(methods):
            b = self._method_buttons.get(method)
            if b is None:
                b = button("", lambda m=method: self._choose(m), f"pay_method_{method}")
                self._method_buttons[method] = b
            if self.methods.indexOf(b) != index:  # in the order offered
                self.methods.removeWidget(b)
                self.methods.insertWidget(index, b)
            b.setText(names[method])
            b.setAccessibleName(names[method])
            b.setVisible(True)
        for method, b in self._method_buttons.items():
            if method not in methods:
                b.setVisible(False)

    def explain(self, view: PayView) -> str:
        """What the citizen is told about a payment that did not go through."""
        notice = view.notice
        amount = fen_to_yuan(view.amount_fen)
        by = view.refund_by.isoformat() if view.refund_by else ""
        where = self.tr("your card") if view.method is Method.CARD else self.tr("your WeChat / Alipay / bank account")
        if notice is Notice.QR_FAILED:
            return self.tr("The QR code could not be made right now. Nothing was charged.")
        if notice is Notice.ERROR:
            return self.tr("Something went wrong with the payment. If money was taken it will be "
                           "returned; please ask staff.")
        if notice is Notice.NOT_CHARGED:
            return self.tr("The payment did not go through. Nothing was charged. You can try again or choose "
                           "another way.")
        if notice is Notice.DECLINED:
            return self.tr("The payment was declined. Nothing was charged. You can try again or choose another way.")
        if notice is Notice.STOPPED:
            return self.tr("The payment was stopped. Nothing was charged.")
        if notice is Notice.UNAVAILABLE:
            return self.tr("This way of paying is not available right now. Nothing was charged.")
        if notice is Notice.REFUNDED:
            return (self.tr("We could not complete the payment, so your money was returned: ¥%1 will be back in %2 "
                            "by %3.").replace("%1", amount).replace("%2", where).replace("%3", by))
        if notice is Notice.UNCONFIRMED:
            return (self.tr("We could not confirm the payment. If ¥%1 was taken, it will be returned to %2 by %3. "
                            "Reference %4 — staff can look it up.").replace("%1", amount).replace("%2", where)
                    .replace("%3", by).replace("%4", view.order_id))
        return ""

    def holds_idle(self) -> bool:
        return self.controller is not None and self.controller.view().holding

    def left(self) -> None:
        """The shell moved to another screen: the controller settles what the move means for money."""
        self._stop_controller()

    def clear(self) -> None:
        self._stop_controller()
        self._shown = None
        self.qr.clear()
        self._qr_text = ""
        self.lines.clear()
        self.status.clear()


class PaymentNoticeScreen(Screen):
    """Shown after a restart that found a payment left half-way: the person who paid may still be
    standing here. Amount, way of paying, what happened to the money and by when; no personal data."""

    name = "payment_notice"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="payment_notice_title")
        self.body = label("", name="payment_notice_body")
        self.ok = button("", self._ok, "payment_notice_ok")
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addStretch(1)
        layout.addWidget(self.ok)
        self.results: list[pay.PayResult] = []
        self.hide_after = QTimer(self)
        self.hide_after.setSingleShot(True)
        self.hide_after.timeout.connect(self._ok)

    def show_results(self, results: list[pay.PayResult]) -> None:
        self.results = [r for r in results if r.outcome in (pay.REFUNDED, pay.REFUND_PENDING, pay.MANUAL_REVIEW)]
        if not self.results:
            return
        self.hide_after.start(10 * 60 * 1000)  # nobody there: back to the attract screen after 10 min
        self.shell.go(ScreenId.PAYMENT_NOTICE)

    def render(self) -> None:
        self.heading.setText(self.tr("A payment was interrupted"))
        self.ok.setText(self.tr("OK"))
        self.ok.setAccessibleName(self.ok.text())
        lines = []
        for r in self.results:
            e = r.entry
            way = {Method.CARD: self.tr("bank card"), Method.CODE: self.tr("payment code"),
                   Method.QR: self.tr("QR code")}[e.method]
            when = show_time(e.created_at)[11:16] if e.created_at else ""
            by = r.refund_by.isoformat() if r.refund_by else ""
            if r.outcome == pay.REFUNDED:
                text = self.tr("¥%1 paid by %2 at %3 has been returned; it will be back by %4.")
            else:
                text = self.tr("¥%1 paid by %2 at %3 is being returned; it will be back by %4.")
            lines.append(text.replace("%1", fen_to_yuan(e.amount_fen)).replace("%2", way).replace("%3", when)
                         .replace("%4", by) + " " + self.tr("Reference: %1").replace("%1", e.order_id))
        lines.append(self.tr("The application was not submitted. Please start again, or ask staff for help."))
        self.body.setText("\n\n".join(lines))

    def _ok(self) -> None:
        self.hide_after.stop()
        self.results = []
        if self.shell.current is self:
            self.shell.go(ScreenId.OUT_OF_SERVICE if self.shell.out_of_service else ScreenId.ATTRACT)
