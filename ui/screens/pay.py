"""The pay step: the amount and why (exemptions), then bank card, payment code or a QR code —
only the ways that work right now. The citizen always learns what happened to their money.

Payment calls block (terminal, gateway) and run through the shell's background pool; the idle
timer is held while money is moving. If the session ends while a payment runs (timeout, Home),
a payment that went through is given back at once (kiosk/payments/service.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from kiosk.payments.codes import classify_code
from kiosk.appointments import beijing_today, show_time
from kiosk.fees import Quote, quote
from kiosk.lang import lang_key
from kiosk.money import fen_to_yuan
from kiosk.payments import service as pay
from kiosk.payments.journal import Entry, Method, State
from ui.screens.base import Screen
from ui.screens.receipt import qr_pixmap
from ui.screens.steps import StepScreen
from ui.widgets import button, clear_layout, label

if TYPE_CHECKING:
    from ui.host import ShellHost


class PayScreen(StepScreen):
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
        self.quote: Quote | None = None
        self.entry: Entry | None = None  # the payment under way, if any
        self.waiting: Method | None = None  # waiting for a payment code or a QR payment
        self._ticket = 0
        self._qr_left = 0
        self.poll = QTimer(self)
        self.poll.timeout.connect(self._poll_qr)
        shell.scanned.connect(self._scanned)

    # -- what is owed ------------------------------------------------------------------------------
    def render(self) -> None:
        flow = self.workflow
        lang = lang_key(flow.session.language)
        self.quote = quote(flow.items, flow.session, beijing_today(), self.shell.settings.payment.student_holidays)
        self.cancel.setText(self.tr("Choose another way"))
        self.next_button.setText(self.tr("Next"))
        for b in (self.cancel, self.next_button):
            b.setAccessibleName(b.text())
        lines = []
        for line in self.quote.lines:
            if line.waived_by is not None:
                lines.append(self.tr("%1: free (%2)").replace("%1", line.name.get(lang))
                             .replace("%2", line.waived_by.description.get(lang)))
            else:
                lines.append(f"{line.name.get(lang)}: ¥{fen_to_yuan(line.due_fen)}")
        for exemption in self.quote.ask_staff:
            lines.append(self.tr("If this applies to you, ask at the counter before paying: %1")
                         .replace("%1", exemption.description.get(lang)))
        self.lines.setText("\n".join(lines))
        if self.entry is not None or self.waiting is not None:
            return  # a language switch mid-payment: keep the state on screen
        total = self.quote.total_fen
        paid = sum(int(p["amount_fen"]) for p in flow.session.payments)
        if total == 0 or paid >= total:
            flow.fees_settled = True
            self.heading.setText(self.tr("Nothing to pay") if total == 0 else self.tr("Paid"))
            self.amount.setText("¥0.00" if total == 0 else f"¥{fen_to_yuan(total)}")
            self.status.setText("")
            self._show_methods([])
            self._buttons(cancel=False, next_=True)
            return
        self.heading.setText(self.tr("Please pay the fee"))
        self.amount.setText(self.tr("Amount: ¥%1").replace("%1", fen_to_yuan(total)))
        self._offer_methods()

    def _offer_methods(self, note: str = "") -> None:
        self.qr.clear()
        self.waiting = None
        methods = self.shell.services.payment_methods()
        if not methods:
            self.status.setText((note + "\n" if note else "") + self.tr(
                "Payment is not possible at this kiosk right now. Please pay at %1, or call staff.")
                .replace("%1", self.shell.counter_text()))
        else:
            self.status.setText((note + "\n" if note else "") + self.tr("How would you like to pay?"))
        self._show_methods(methods)
        self._buttons(cancel=False, next_=False)
        self.shell.back_button.setVisible(self.workflow.can_go_back)
        self.shell.idle.restart()
        self.shell.say(self.status.text())

    def _show_methods(self, methods: list[str]) -> None:
        clear_layout(self.methods)
        names = {"card": self.tr("Bank card (insert or tap on the terminal)"),
                 "code": self.tr("Show your WeChat / Alipay / UnionPay payment code to the scanner"),
                 "qr": self.tr("Scan a QR code with your phone")}
        for method in methods:
            self.methods.addWidget(button(names[method], lambda m=method: self._choose(m), f"pay_method_{method}"))

    def _buttons(self, cancel: bool, next_: bool) -> None:
        self.cancel.setVisible(cancel)
        self.next_button.setVisible(next_)

    # -- paying ------------------------------------------------------------------------------------
    def _payments(self) -> pay.Payments | None:
        return self.shell.services.payments

    def _new_entry(self, method: Method) -> Entry | None:
        payments = self._payments()
        if payments is None or self.quote is None or self.entry is not None:
            return None  # never two payments at once for one case
        return payments.journal.create(self.workflow.session.id, method, self.quote.total_fen)

    def _description(self) -> str:
        return "、".join(item.name.zh for item in self.workflow.items)[:200]

    def _choose(self, method: str) -> None:
        self._show_methods([])
        if method == "card":
            self.entry = self._new_entry(Method.CARD)
            if self.entry is None:
                return
            self.status.setText(self.tr("Insert or tap your bank card on the payment terminal and enter your PIN "
                                        "there. Please wait until it says the payment is complete."))
            self._run(lambda p, e: p.pay_card(e))
        elif method == "code":
            self.waiting = Method.CODE
            self.status.setText(self.tr("Open the payment code in WeChat, Alipay or UnionPay and hold it under the "
                                        "scanner."))
            self._buttons(cancel=True, next_=False)
            self.shell.idle.restart()
        else:
            self.entry = self._new_entry(Method.QR)
            if self.entry is None:
                return
            self.status.setText(self.tr("Preparing the QR code…"))
            entry, description = self.entry, self._description()
            payments = self._payments()
            assert payments is not None
            ticket = self._hold()
            self.shell.background.run(lambda: payments.start_qr(entry, description),
                                      lambda answer, error: self._qr_ready(ticket, answer, error))
        self.shell.say(self.status.text())

    def _scanned(self, text: str) -> None:
        if self.shell.current is not self or self.waiting is not Method.CODE or self.entry is not None:
            return
        code = classify_code(text)
        if not code.kind.is_payment:
            self.status.setText(self.tr("That is not a payment code. Please show the payment code from WeChat, "
                                        "Alipay or UnionPay."))
            self.shell.say(self.status.text())
            return
        self.waiting = None
        self.entry = self._new_entry(Method.CODE)
        if self.entry is None:
            return
        self._buttons(cancel=False, next_=False)
        self.status.setText(self.tr("Payment in progress… If your phone asks for your password, enter it there."))
        self.shell.say(self.status.text())
        description = self._description()
        secret = code.text  # single use; never stored, never logged (devices/scanner/codes.py)
        self._run(lambda p, e: p.pay_code(e, secret, description))

    def _hold(self) -> int:
        """Money is moving: no idle timeout and no way back until the outcome is known."""
        self.shell.idle.timer.stop()
        self.shell.back_button.setVisible(False)
        self._ticket += 1
        return self._ticket

    def _run(self, call: Any) -> None:
        payments, entry = self._payments(), self.entry
        assert payments is not None and entry is not None
        self._buttons(cancel=False, next_=False)
        ticket = self._hold()
        self.shell.background.run(lambda: call(payments, entry), lambda result, error: self._done(ticket, result, error))

    def _qr_ready(self, ticket: int, answer: Any, error: BaseException | None) -> None:
        if not self._still_here(ticket, answer[0] if answer else None):
            return
        entry, text = answer if answer else (self.entry, "")
        self.entry = entry
        if error is not None or not text:
            self.entry = None
            self._offer_methods(self.tr("The QR code could not be made right now. Nothing was charged."))
            return
        self.waiting = Method.QR
        self._qr_left = self.shell.settings.payment.qr_wait_s
        self.qr.setPixmap(qr_pixmap(text, self.shell.theme.mm(60)))
        self._qr_status()
        self._buttons(cancel=True, next_=False)
        self.poll.start(int(self._payments().timings.qr_poll_s * 1000))  # type: ignore[union-attr]
        self.shell.say(self.tr("Scan the QR code with WeChat, Alipay or your bank's app, and pay on your phone."))

    def _qr_status(self) -> None:
        self.status.setText(self.tr("Scan the QR code with WeChat, Alipay or your bank's app, and pay on your phone. "
                                    "It is valid for %1 more seconds.").replace("%1", str(max(self._qr_left, 0))))

    def _poll_qr(self) -> None:
        payments, entry = self._payments(), self.entry
        if self.waiting is not Method.QR or payments is None or entry is None:
            self.poll.stop()
            return
        self._qr_left -= max(1, int(payments.timings.qr_poll_s))
        if self._qr_left <= 0:
            self._cancel_waiting()
            return
        self._qr_status()
        ticket = self._ticket
        self.shell.background.run(lambda: payments.poll_qr(entry), lambda e, error: self._polled(ticket, e))

    def _polled(self, ticket: int, entry: Any) -> None:
        if ticket != self._ticket or not isinstance(entry, Entry) or self.waiting is not Method.QR:
            return
        self.entry = entry
        if entry.state in (State.PAID, State.FAILED):
            self.poll.stop()
            self.waiting = None
            payments = self._payments()
            assert payments is not None
            self._done(ticket, payments.result_of(entry), None)

    def _cancel_waiting(self) -> None:
        self.poll.stop()
        if self.waiting is Method.CODE and self.entry is None:
            self.waiting = None
            self._offer_methods()
            return
        if self.waiting is Method.QR and self.entry is not None:
            self.waiting = None
            self.qr.clear()
            self.status.setText(self.tr("Closing the QR code…"))
            self._run(lambda p, e: p.cancel_qr(e))

    def _still_here(self, ticket: int, entry: Entry | None) -> bool:
        """False when the citizen left meanwhile: then money that moved is given back."""
        flow = self.shell.workflow
        if ticket == self._ticket and flow is not None and flow.session.ended is None and self.shell.current is self:
            return True
        payments = self._payments()
        if payments is not None and entry is not None:
            # Nobody will take this case now: close the order / give the money back in the background.
            if entry.method is Method.QR and entry.state is State.USER_PAYING:
                self.shell.background.run(lambda: payments.cancel_qr(entry), lambda *_: None)
            elif entry.state is State.PAID:
                self.shell.background.run(lambda: payments.refund(entry), lambda *_: None)
        return False

    def _done(self, ticket: int, result: Any, error: BaseException | None) -> None:
        entry = result.entry if isinstance(result, pay.PayResult) else self.entry
        if not self._still_here(ticket, entry):
            return
        self.entry = None
        self.qr.clear()
        if error is not None or not isinstance(result, pay.PayResult):
            # An exception inside the orchestration: the journal holds the truth; start-up or the
            # next recovery settles it. Tell the citizen what we know.
            self._offer_methods(self.tr("Something went wrong with the payment. If money was taken it will be "
                                        "returned; please ask staff."))
            return
        if result.outcome == pay.PAID:
            e = result.entry
            fines = [line.violation for line in self.quote.lines if line.violation] if self.quote else []
            self.workflow.session.payments.append({"order_id": e.order_id, "method": e.method.value,
                                                   "amount_fen": e.amount_fen, "reference": e.reference,
                                                   "voucher": e.voucher, "card": e.card, "violations": fines})
            self.workflow.fees_settled = True
            self.heading.setText(self.tr("Payment complete"))
            self.status.setText(self.tr("Thank you. ¥%1 has been paid. Your application is being saved now.")
                                .replace("%1", fen_to_yuan(e.amount_fen)))
            self.shell.say(self.status.text())
            QTimer.singleShot(1200, lambda: self._continue_if(ticket))
            return
        self._offer_methods(self.explain(result))

    def explain(self, result: pay.PayResult) -> str:
        """What the citizen is told about a payment that did not go through."""
        amount = fen_to_yuan(result.entry.amount_fen)
        by = result.refund_by.isoformat() if result.refund_by else ""
        where = self.tr("your card") if result.entry.method is Method.CARD else self.tr("your WeChat / Alipay / bank account")
        if result.outcome == pay.DECLINED and result.reason in ("not_charged", "expired"):
            return self.tr("The payment did not go through. Nothing was charged. You can try again or choose "
                           "another way.")
        if result.outcome == pay.DECLINED:
            return self.tr("The payment was declined. Nothing was charged. You can try again or choose another way.")
        if result.outcome == pay.CANCELLED:
            return self.tr("The payment was stopped. Nothing was charged.")
        if result.outcome == pay.UNAVAILABLE:
            return self.tr("This way of paying is not available right now. Nothing was charged.")
        if result.outcome == pay.REFUNDED:
            return (self.tr("We could not complete the payment, so your money was returned: ¥%1 will be back in %2 "
                            "by %3.").replace("%1", amount).replace("%2", where).replace("%3", by))
        return (self.tr("We could not confirm the payment. If ¥%1 was taken, it will be returned to %2 by %3. "
                        "Reference %4 — staff can look it up.").replace("%1", amount).replace("%2", where)
                .replace("%3", by).replace("%4", result.entry.order_id))

    def _continue_if(self, ticket: int) -> None:
        if ticket == self._ticket and self.shell.current is self and self.shell.workflow is not None:
            self._continue()

    def _continue(self) -> None:
        self._ticket += 1
        self.shell.next_step()

    def clear(self) -> None:
        self.poll.stop()
        self._ticket += 1
        entry, payments = self.entry, self._payments()
        if entry is not None and self.waiting is Method.QR and payments is not None:
            # The citizen left while the QR code was showing: close the order (refund if it was paid).
            self.shell.background.run(lambda: payments.cancel_qr(entry), lambda *_: None)
        self.entry = None
        self.waiting = None
        self.quote = None
        self.qr.clear()
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
        self.shell.show_screen(self.name)

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
            self.shell.show_screen("out_of_service" if self.shell.out_of_service else "attract")
