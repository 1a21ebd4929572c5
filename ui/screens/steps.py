"""Screens for the workflow step kinds built so far: consent, form, review (signed on it where the
sign step follows it), sign, submit, done, rate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.application_form import TEXTS, ApplicationFormPrinter
from kiosk.application_form import Phase as FormPhase
from kiosk.appointments import show_time
from kiosk.catalog import FieldKind, FormField
from kiosk.delivery import next_step
from kiosk.fields import NO_PHONE, has_no_phone
from kiosk.lang import lang_key
from kiosk.money import fen_to_yuan
from kiosk.receipts import CASE_QR_PREFIX
from kiosk.registry import Role
from kiosk.steps.centre_check import CentreCheckController, CheckPhase, checks_of
from kiosk.steps.rate import Missing, RateController
from kiosk.steps.submit import SubmitController, SubmitPhase, SubmitView
from kiosk.workflow import FormState, Workflow
from ui import keypad
from ui.inputs import AddressInput, ChoiceInput, DocumentPhotoInput, PlateInput
from ui.screens.base import Screen
from ui.signature import SignaturePad
from ui.theme import SECTION_MM
from ui.widgets import PagedArea, button, icon_label, label

if TYPE_CHECKING:
    from ui.host import ShellHost


class StepScreen(Screen):
    """A screen for one step of the running workflow."""

    @property
    def workflow(self) -> Workflow:
        flow = self.shell.workflow
        if flow is None:
            raise RuntimeError("no workflow is running")
        return flow


def error_row(text: str, name: str, icon_px: int) -> tuple[QWidget, QLabel]:
    """An error message with its icon (colour is never the only cue), for directly under a field:
    the row and its text."""
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(icon_label("error", icon_px), 0, Qt.AlignmentFlag.AlignTop)
    words = label(text, "error", name=name)
    line.addWidget(words, 1)
    return row, words


class ConsentScreen(StepScreen):
    name = "consent"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="consent_title")
        self.body = label("", name="consent_body")
        row = QHBoxLayout()
        self.decline = button("", self.shell.cancel_session, "consent_decline", "secondary")
        self.agree = button("", self.shell.next_step, "consent_agree")
        row.addWidget(self.decline)
        row.addStretch(1)
        row.addWidget(self.agree)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addStretch(1)
        layout.addLayout(row)

    def render(self) -> None:
        self.heading.setText(self.tr("Your information"))
        self.body.setText(self.tr(
            "To handle your request the kiosk uses the information you give it and sends it "
            "encrypted to the police service platform. Nothing is kept on this machine after "
            "it has been delivered. You can stop at any time with Home."))
        self.agree.setText(self.tr("I agree"))
        self.decline.setText(self.tr("I do not agree"))
        for b in (self.agree, self.decline):
            b.setAccessibleName(b.text())


FieldInput = ChoiceInput | PlateInput | AddressInput | DocumentPhotoInput


class FormScreen(StepScreen):
    name = "form"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="form_title")
        self.pages = PagedArea("", "", "form_page")
        self.next_button = button("", self.submit, "form_next")
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.next_button)
        self.inputs: dict[str, QLineEdit | FieldInput] = {}
        self.no_phone: dict[str, QPushButton] = {}  # per phone field: 我没有手机
        self.parts: dict[str, list[QWidget]] = {}  # per field: caption, input, error, help
        # A receipt's QR code held under the scanner fills the case number (progress queries).
        shell.scanned.connect(self._scanned)
        self.errors: dict[str, object] = {}
        self.error_labels: dict[str, QLabel] = {}  # per field: its error text (hidden when none)
        self.state: FormState | None = None
        self._built: tuple[object, ...] | None = None  # fields, language, text size of the widgets

    def render(self) -> None:
        flow = self.workflow
        lang = self.shell.language
        step = flow.step
        if self.state is None or self.state.fields != step.fields:
            self.state = flow.form_state()
        else:
            self.state.values.update(self.current_values())
        self.heading.setText(step.title.get(lang) if step.title else self.tr("Please fill in"))
        self.pages.set_texts(self.tr("Previous page"), self.tr("Next page"))
        # The fields' widgets are made once per form (its fields, language and text size) and kept
        # for the next citizen, emptied (clear()); a render only puts values and errors in
        # (issue #16: screens built once). A document camera is opened per visit: rebuilt.
        built = (step.fields, lang, self.shell.theme.elder)
        if built != self._built:
            self._drop_focus()
            self.pages.reset()
            self.inputs.clear()
            self.no_phone.clear()
            self.parts.clear()
            self.error_labels.clear()
            for f in step.fields:
                self._add_field(f, lang)
            reusable = all(f.kind is not FieldKind.DOCUMENT_PHOTO for f in step.fields)
            self._built = built if reusable else None
        else:
            self.pages.scroll.verticalScrollBar().setValue(0)
        for f in step.fields:
            self._bind_field(f)
        self._show_asked_fields()
        self.next_button.setText(self.tr("Next"))
        self.next_button.setAccessibleName(self.tr("Next"))
        wrong = [key for key in self.inputs if key in self.state.errors]
        if wrong:
            # Focus and scroll to the first field to correct, not the top of the form.
            block = self.parts[wrong[0]][0]
            QTimer.singleShot(0, lambda: self._scroll_to(block))
            field = self.inputs[wrong[0]]
            if isinstance(field, QLineEdit) and self.isVisible():
                field.setFocus()
            return
        first = next((w for w in self.inputs.values() if isinstance(w, QLineEdit)), None)
        if first is not None and self.isVisible():
            first.setFocus()

    def _add_field(self, f: FormField, lang: str) -> None:
        assert self.state is not None
        # One block per field (caption, input, error, help): the error sits directly under its own
        # field, and a section gap separates it from the next field's caption (issue #16).
        block = QWidget()
        block.setObjectName(f"block_{f.key}")
        column = QVBoxLayout(block)
        column.setContentsMargins(0, 0, 0, self.shell.theme.mm(SECTION_MM))
        column.setSpacing(self.shell.theme.mm(1.5))
        self.pages.column.addWidget(block)
        self.parts[f.key] = [block]
        add = column.addWidget

        caption = f.label.get(lang) + ("" if f.required else self.tr(" (optional)"))
        add(label(caption, name=f"label_{f.key}"))
        widget: QLineEdit | FieldInput
        columns = 1 if self.shell.theme.elder else 2
        if f.kind is FieldKind.CHOICE:
            widget = ChoiceInput(f, lang, columns)
            widget.changed.connect(self._show_asked_fields)
        elif f.kind is FieldKind.PLATE:
            widget = PlateInput(f, lang, 6 if self.shell.theme.elder else 8)
        elif f.kind is FieldKind.ADDRESS:
            widget = AddressInput(f, lang, columns * 2, self.shell.regions)
        elif f.kind is FieldKind.DOCUMENT_PHOTO:
            kept = self.workflow.session.attachments.get(f"{f.key}.jpg")
            widget = DocumentPhotoInput(f, lang, self.shell.camera_device,
                                        kept if isinstance(kept, bytearray) else None)
        else:
            widget = QLineEdit()
            widget.setObjectName(f"field_{f.key}")
            widget.setAccessibleName(f.label.get(lang))
            widget.setMaxLength(f.max_length)
            hints = Qt.InputMethodHint.ImhNone
            if f.personal:
                # Keeps the keyboard from learning this value into its user dictionary.
                hints |= Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
            if f.kind is FieldKind.PHONE:
                hints |= Qt.InputMethodHint.ImhDialableCharactersOnly
                widget.setPlaceholderText("13800000000")
            elif f.kind is FieldKind.DATE:
                hints |= Qt.InputMethodHint.ImhDate | Qt.InputMethodHint.ImhPreferNumbers
                widget.setPlaceholderText(self.tr("YYYY-MM-DD"))
            elif f.kind in (FieldKind.NUMBER, FieldKind.ID_NUMBER):
                hints |= Qt.InputMethodHint.ImhPreferNumbers | Qt.InputMethodHint.ImhPreferUppercase
            widget.setInputMethodHints(hints)
            keypad.mark(widget, f.kind)
            widget.returnPressed.connect(self.submit)
        self.inputs[f.key] = widget
        add(widget)
        # the error directly under its own field (docs/design.md), before the 我没有手机 choice;
        # made with the field and shown when there is one
        row, self.error_labels[f.key] = error_row("", f"error_{f.key}", self.shell.theme.type_px("body"))
        row.setVisible(False)
        add(row)
        if f.kind is FieldKind.PHONE and isinstance(widget, QLineEdit):
            add(self._no_phone_button(f, widget))
        if f.help:
            add(label(f.help.get(lang), "small"))

    def _drop_focus(self) -> None:
        """Before the fields go: a focused field that is hidden hands the focus to the next one,
        which could open the number pad beside the keyboard for a moment, and the window grew to
        fit both (kept fields stay focused across renders now; screenshots showed it)."""
        focused = QApplication.focusWidget()
        if focused is not None and self.pages.isAncestorOf(focused):
            focused.clearFocus()

    def _scroll_to(self, block: QWidget) -> None:
        """The field's caption at the top of the page. Not ensureWidgetVisible: a field block with
        its error shown can be taller than a landscape page, and then Qt centres it, hiding the
        caption (kept widgets are laid out already; new ones had no size yet, so it never did)."""
        self.pages.column.activate()  # the error rows just shown or hidden move the blocks
        bar = self.pages.scroll.verticalScrollBar()
        bar.setValue(min(block.y(), bar.maximum()))

    def _bind_field(self, f: FormField) -> None:
        """Put the field's value and error (if any) into its widgets."""
        assert self.state is not None
        value = self.state.values.get(f.key, "")
        widget = self.inputs[f.key]
        no_phone = self.no_phone.get(f.key)
        if isinstance(widget, QLineEdit):
            if no_phone is not None:
                no_phone.setChecked(value == NO_PHONE)
                widget.setEnabled(value != NO_PHONE)
            shown = "" if value == NO_PHONE else value
            if widget.text() != shown:
                widget.setText(shown)
        elif isinstance(widget, DocumentPhotoInput):
            pass  # made with the photo kept in the session (rebuilt on every visit)
        elif value:
            widget.set_value(value)
        else:
            widget.clear()
        code = self.state.errors.get(f.key)
        if isinstance(widget, QLineEdit) and bool(widget.property("invalid")) != bool(code):
            widget.setProperty("invalid", bool(code))
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        error = self.error_labels[f.key]
        if code:
            text = self.error_text(code)
            if code == "required" and f.kind is FieldKind.ADDRESS:
                text = self.tr("Please choose the province, city and district, then enter the street and number.")
            error.setText(text)
        row = error.parentWidget()
        assert row is not None
        row.setVisible(bool(code))

    def _no_phone_button(self, f: FormField, edit: QLineEdit) -> QPushButton:
        """我没有手机: nobody is turned away for lacking a mobile phone (kiosk/fields.py NO_PHONE)."""
        text = self.tr("I have no mobile phone") if f.role is Role.PHONE else self.tr("No mobile phone")
        b = button(text, lambda: None, f"field_{f.key}_no_phone", "secondary")
        b.setCheckable(True)

        def toggled(on: bool) -> None:
            if on:
                edit.clear()
            edit.setEnabled(not on)

        b.toggled.connect(toggled)
        self.no_phone[f.key] = b
        return b

    def _show_asked_fields(self) -> None:
        """Fields asked only after a choice (the postal address after "free mail") appear and
        disappear as the citizen picks, in place, without the form jumping back to its top."""
        assert self.state is not None
        values = self.current_values()
        for f in self.state.fields:
            if f.show_when is not None:
                for widget in self.parts.get(f.key, []):
                    widget.setVisible(f.asked(values))

    def error_text(self, code: str) -> str:
        return {
            "required": self.tr("Please fill this in."),
            "too_long": self.tr("This is too long."),
            "phone": self.tr("Please enter an 11-digit mobile number starting with 1."),
            "date": self.tr("Please enter a date like 2024-05-31."),
            "date_future": self.tr("This date cannot be in the future."),
            "id_number": self.tr("This ID number is not valid. Please check every digit."),
            "choice": self.tr("Please choose one."),
            "number": self.tr("Please enter a number."),
            "number_range": self.tr("This number is out of range."),
            "plate": self.tr("Please enter a plate like 京A12345."),
        }.get(code, self.tr("Please check this."))

    def _scanned(self, text: str) -> None:
        fields = self.state.fields if self.state is not None else ()
        key = next((f.key for f in fields if f.role is Role.CASE_NUMBER), "")
        field = self.inputs.get(key)
        if self.shell.current is not self or not isinstance(field, QLineEdit):
            return
        if text.startswith(CASE_QR_PREFIX):
            field.setText(text[len(CASE_QR_PREFIX):])
            self.shell.idle.touched()

    def current_values(self) -> dict[str, str]:
        values = {}
        for key, widget in self.inputs.items():
            no_phone = self.no_phone.get(key)
            if no_phone is not None and no_phone.isChecked():
                values[key] = NO_PHONE
            elif isinstance(widget, QLineEdit):
                values[key] = widget.text()
            else:
                values[key] = widget.value()
        return values

    def submit(self) -> None:
        self.shell.commit_keyboard()
        state = self.workflow.submit_form(self.current_values())
        if state.errors:
            self.state = state
            self.render()
            self.shell.say(self.tr("Please correct the marked fields."))
            return
        for widget in self.inputs.values():
            if isinstance(widget, DocumentPhotoInput) and widget.attachment() is not None:
                name, data = widget.attachment()  # type: ignore[misc]
                self.workflow.session.attachments[name] = data  # encrypted with the case
        self.state = None
        self.shell.show_step()

    def clear(self) -> None:
        """Session end: the next citizen gets the same widgets, empty. A text field is emptied with
        setText, which also drops its undo history (QLineEdit.clear() is undoable: the value would
        stay in memory, and one undo away); a document photo is wiped and its input dropped."""
        for key, widget in self.inputs.items():
            if isinstance(widget, QLineEdit):
                widget.setText("")
                widget.setEnabled(True)
            else:
                widget.clear()
            if key in self.no_phone:
                self.no_phone[key].setChecked(False)
        for words in self.error_labels.values():
            words.clear()
        self.state = None
        if self._built is None:  # not reusable (a document camera): gone with the session
            self.inputs.clear()
            self.no_phone.clear()
            self.parts.clear()
            self.error_labels.clear()
            self.pages.reset()


class ReviewScreen(StepScreen):
    """零差错: everything entered, with name, sex and document number highlighted."""

    name = "review"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="review_title")
        self.hint = label("", "notice", name="review_hint")
        self.pages = PagedArea("", "", "review_page")
        # Where the sign step follows the review (kiosk/workflow.sign_at_review) the citizen signs
        # here, under what they checked, as at the foot of a paper form: one screen fewer.
        self.sign_hint = label("", name="review_sign_hint")
        self.pad = SignaturePad("review_signature_pad")
        self.sign_error = label("", "error", name="review_sign_error")
        row = QHBoxLayout()
        self.change = button("", self.shell.back, "review_change", "secondary")
        self.sign_again = button("", self._clear_signature, "review_sign_clear", "secondary")
        self.confirm = button("", self._confirm, "review_confirm")
        # The centre's check of what a counter used to check on originals (kiosk/steps/centre_check):
        # its answer stands under the heading; nothing to sign or confirm until it passed.
        self.check_status = label("", "notice", name="review_check")
        self.check_retry = button("", self._retry_check, "review_check_retry")
        self.checker: CentreCheckController | None = None
        row.addWidget(self.change)
        row.addWidget(self.sign_again)
        row.addStretch(1)
        row.addWidget(self.check_retry)
        row.addWidget(self.confirm)
        self.signing = QWidget()
        sign_column = QVBoxLayout(self.signing)
        sign_column.setContentsMargins(0, 0, 0, 0)
        sign_column.addWidget(self.sign_hint)
        sign_column.addWidget(self.pad, 1)
        sign_column.addWidget(self.sign_error)
        # Portrait: the signature under the answers; landscape: beside them (under them, elder
        # mode's answers would shrink to one line on a 1080-px-high panel).
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.addWidget(self.pages, 1)
        self.body.addWidget(self.signing, 1)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.check_status)  # where the eye is: under the heading
        layout.addLayout(self.body, 1)
        layout.addLayout(row)

    def render(self) -> None:
        lang = self.shell.language
        flow = self.workflow
        if checks_of(flow) and (self.checker is None or self.checker.flow is not flow):
            self._stop_check()
            self.checker = CentreCheckController(flow, self.shell.services.server, self.shell.background,
                                                 changed=self._check_changed)
        self.heading.setText(self.tr("Please check and sign") if flow.signs_at_review
                             else self.tr("Please check before submitting"))
        self.hint.setText(self.tr("Check the highlighted name and document number carefully."))
        self.pages.set_texts(self.tr("Previous page"), self.tr("Next page"))
        self.pages.reset()
        rows = {row.field.key: row for row in flow.review_rows()}
        # One section per form page: its title, 修改 that goes straight back to that page, and the
        # answers as label | value columns.
        for index, step in enumerate(flow.steps[: flow.index]):
            shown_rows = [rows[f.key] for f in step.fields if f.key in rows]
            if not shown_rows:
                continue
            head = QWidget()
            head_row = QHBoxLayout(head)
            head_row.setContentsMargins(0, 0, 0, 0)
            title = step.title.get(lang) if step.title else self.tr("Your answers")
            head_row.addWidget(label(title, "section"), 1)
            head_row.addWidget(button(self.tr("Change"), lambda i=index: self.change_section(i),
                                      f"review_change_{index}", "secondary"))
            self.pages.column.addWidget(head)
            table = QWidget()
            grid = QGridLayout(table)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setColumnStretch(1, 1)
            for line, row in enumerate(shown_rows):
                shown = row.value
                if row.field.kind is FieldKind.CHOICE:
                    shown = next((c.label.get(lang) for c in row.field.choices if c.value == row.value), row.value)
                elif row.field.kind is FieldKind.PHONE and row.value == NO_PHONE:
                    shown = self.tr("No mobile phone: no SMS; notices come with the receipt and at the counter")
                grid.addWidget(label(row.field.label.get(lang), "review_label"), line, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(label(shown, "highlight" if row.highlight else "review_value",
                                     name=f"review_{row.field.key}"), line, 1)
            self.pages.column.addWidget(table)
        deferrable = [(item, m) for item, m in self.workflow.materials() if m.deferrable]
        for index, (_item, material) in enumerate(deferrable):
            name = material.name.get(lang)
            box = button(self.tr("Bring later: ") + name, lambda: None, f"defer_{index}", "secondary")
            box.setCheckable(True)
            box.setChecked(name in self.shell.session_deferred())
            box.toggled.connect(lambda on, n=name: self.workflow.defer_material(n, on))
            self.pages.column.addWidget(box)
        self.change.setText(self.tr("Change"))
        # 修改 sits on each section; the bottom one stays only where no section has answers.
        self.change.setVisible(not any(w.objectName().startswith("review_change_")
                                       for w in self.pages.content.findChildren(QPushButton)))
        signs = flow.signs_at_review
        landscape = self.shell.settings.screen.orientation == "landscape"
        self.body.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)
        for part in (self.signing, self.sign_again):
            part.setVisible(signs)
        self.sign_error.setVisible(signs and bool(self.sign_error.text()))
        self.sign_hint.setText(self.tr(
            "Sign with your finger inside the box. Your signature confirms that what you entered is true."))
        self.pad.setAccessibleName(self.tr("Signature box"))
        self.sign_again.setText(self.tr("Clear and sign again"))
        self.confirm.setText(self.tr("Sign and confirm") if signs else self.tr("Confirm and submit"))
        self.check_retry.setText(self.tr("Try again"))
        for b in (self.change, self.sign_again, self.confirm, self.check_retry):
            b.setAccessibleName(b.text())
        self._show_check()

    def _show_check(self) -> None:
        """While the centre checks, or when it refused: no signature box and no way on."""
        view = self.checker.view() if self.checker is not None else None
        passed = view is None or view.can_confirm
        signs = self.workflow.signs_at_review
        self.check_status.setText(view.message[lang_key(self.shell.language)] if view is not None else "")
        self.check_status.setVisible(bool(self.check_status.text()))
        self.check_retry.setVisible(view is not None and view.can_retry)
        self.confirm.setVisible(passed)
        for part in (self.signing, self.sign_again):
            part.setVisible(signs and passed)
        refused = view is not None and view.phase in (CheckPhase.REFUSED, CheckPhase.UNVERIFIED)
        self.hint.setVisible(not refused)  # room for where and why
        if refused:
            self.heading.setText(self.tr("Please go to the counter"))  # not "check and sign": nothing to sign

    def _check_changed(self) -> None:
        if self.checker is not None and self.shell.current is self:
            self._show_check()
            if self.check_status.text():
                self.shell.say(self.check_status.text())

    def _retry_check(self) -> None:
        if self.checker is not None:
            self.checker.retry()

    def _stop_check(self) -> None:
        if self.checker is not None:
            self.checker.leave()
        self.checker = None

    def _confirm(self) -> None:
        flow = self.workflow
        if self.checker is not None and not self.checker.view().can_confirm:
            return  # the centre has not said yes
        if not flow.signs_at_review:
            self.shell.next_step()
            return
        if self.pad.is_empty():
            self.sign_error.setText(self.tr("Please sign inside the box first."))
            self.sign_error.setVisible(True)
            self.shell.say(self.sign_error.text())
            return
        flow.confirm_review_signed(self.pad.png())
        self._clear_signature()
        self.shell.show_step()

    def left(self) -> None:
        """To 修改 or on: a signature is given anew for what is shown when the citizen is back (and
        the centre checks the answers anew: they may have been corrected)."""
        self._clear_signature()
        self._stop_check()

    def _clear_signature(self) -> None:
        self.pad.clear()
        self.sign_error.clear()
        self.sign_error.setVisible(False)

    def change_section(self, index: int) -> None:
        """Back to the form page of this section (the answers stay filled in)."""
        flow = self.workflow
        while flow.index > index and flow.can_go_back:
            flow.back()
        self.shell.show_step()

    def clear(self) -> None:
        self.pages.reset()
        self._clear_signature()  # the strokes are the citizen's: gone with the session
        self._stop_check()


class SignScreen(StepScreen):
    """On-screen signature: the strokes go with the submission as an image."""

    name = "sign"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="sign_title")
        self.hint = label("", name="sign_hint")
        self.pad = SignaturePad()
        self.error = label("", "error", name="sign_error")
        row = QHBoxLayout()
        self.again = button("", self.clear, "sign_clear", "secondary")
        self.confirm = button("", self.confirm_signature, "sign_confirm")
        row.addWidget(self.again)
        row.addStretch(1)
        row.addWidget(self.confirm)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.pad, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)

    def render(self) -> None:
        self.heading.setText(self.tr("Please sign"))
        self.hint.setText(self.tr("Sign with your finger inside the box. Your signature confirms that what you entered is true."))
        self.again.setText(self.tr("Clear and sign again"))
        self.confirm.setText(self.tr("Confirm signature"))
        for b in (self.again, self.confirm):
            b.setAccessibleName(b.text())
        self.pad.setAccessibleName(self.tr("Signature box"))
        self.error.setVisible(bool(self.error.text()))

    def confirm_signature(self) -> None:
        if self.pad.is_empty():
            self.error.setText(self.tr("Please sign inside the box first."))
            self.error.setVisible(True)
            self.shell.say(self.error.text())
            return
        self.workflow.sign(self.pad.png())
        self.clear()
        self.shell.show_step()

    def clear(self) -> None:
        self.pad.clear()
        self.error.clear()
        self.error.setVisible(False)


class SubmitScreen(StepScreen):
    """Stores the case durably; the citizen sees the outcome, never a half-state. Renders
    `kiosk.steps.submit.SubmitView`; the refund of a paid case that could not be saved is the
    `SubmitController`'s."""

    name = "submit"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="submit_title")
        self.body = label("", name="submit_body")
        self.retry = button("", self._retry, "submit_retry")
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addStretch(1)
        layout.addWidget(self.retry)
        self.controller: SubmitController | None = None

    def render(self) -> None:
        if self.controller is None or self.controller.flow is not self.shell.workflow:
            self._stop_controller()
            self.controller = SubmitController(self.workflow, self.shell.services.payments, self.shell.background,
                                               changed=self._changed)
            # Commit after this screen is shown: moving on from inside render() would be overridden
            # by the screen switch that is still in progress.
            QTimer.singleShot(0, self._commit)
        self._show(self.controller.view())

    def _commit(self) -> None:
        if self.shell.workflow is None or self.shell.current is not self or self.controller is None:
            return  # the session ended (timeout, home) before the commit ran
        self.controller.commit()

    def _retry(self) -> None:
        if self.controller is not None:
            self.controller.retry()

    def _changed(self) -> None:
        if self.controller is None:
            return
        view = self.controller.view()
        self._show(view)
        if view.phase is SubmitPhase.SAVED:
            self.shell.next_step()
        elif view.phase in (SubmitPhase.FAILED, SubmitPhase.REFUNDED):
            self.shell.idle.restart()
            self.shell.say(self.body.text())
        elif view.holding:
            self.shell.idle.timer.stop()

    def _show(self, view: SubmitView) -> None:
        self.retry.setText(self.tr("Try again"))
        self.retry.setAccessibleName(self.tr("Try again"))
        self.retry.setVisible(view.can_retry)
        if view.phase in (SubmitPhase.SAVING, SubmitPhase.SAVED, SubmitPhase.LEFT):
            self.heading.setText(self.tr("Saving your application…"))
            self.body.setText(self.tr("Please wait a moment."))
            return
        self.heading.setText(self.tr("Your application could not be saved"))
        text = {
            "store_full": self.tr("This kiosk cannot take new applications right now (storage full). Nothing was charged."),
            "no_store": self.tr("This kiosk cannot take applications right now."),
        }.get(view.error or "", self.tr("Something went wrong while saving."))
        if view.error == "store_full" and view.paid:
            text = self.tr("This kiosk cannot take new applications right now (storage full).")
        counter = self.shell.counter_text()
        lines = [text, self.tr("Please go to %1 or call staff.").replace("%1", counter)]
        if view.phase is SubmitPhase.REFUNDING:
            lines.append(self.tr("Returning your payment…"))
        for refund in view.refunds:
            amount, by = fen_to_yuan(refund.amount_fen), refund.refund_by.isoformat() if refund.refund_by else ""
            if refund.returned:
                lines.append(self.tr("Your payment of ¥%1 was returned; it will be back by %2.")
                             .replace("%1", amount).replace("%2", by))
            else:
                lines.append(self.tr("Your payment of ¥%1 will be returned by %2. Reference %3 — staff can look it up.")
                             .replace("%1", amount).replace("%2", by).replace("%3", refund.order_id))
        if view.refund_failed:
            lines.append(self.tr("Your payment will be returned. Please ask staff."))
        self.body.setText("\n".join(lines))

    def _stop_controller(self) -> None:
        if self.controller is not None:
            self.controller.leave()
        self.controller = None

    def holds_idle(self) -> bool:
        return self.controller is not None and self.controller.view().holding

    def left(self) -> None:
        self._stop_controller()

    def clear(self) -> None:
        self._stop_controller()


class DoneScreen(StepScreen):
    """The end of a service: the case number large, 已办结 or 已受理 as the catalog says, what to
    take away, and one clear button."""

    name = "done"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.status = label("", "status_done", name="done_status")
        self.heading = label("", "title", name="done_title")
        self.number_caption = label("", "small", name="done_number_caption")
        self.number = label("", "display", name="done_number")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.take = label("", "notice", name="done_take")
        self.body = label("", name="done_body")
        self.finish = button("", self.shell.next_step, "done_next")
        # 打印申请表: the signed application, on request (kiosk/application_form.py says why)
        self.form_status = label("", "notice", name="done_form_status")
        self.print_form = button("", self._print_form, "done_print_form", "secondary")
        self._form: ApplicationFormPrinter | None = None
        self._form_owner: object | None = None  # the workflow the form belongs to
        self._form_busy = False
        layout.addWidget(self.status)
        layout.addWidget(self.heading)
        layout.addWidget(self.number_caption)
        layout.addWidget(self.number)
        layout.addWidget(self.take)
        layout.addWidget(self.body)
        layout.addWidget(self.form_status)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.print_form)
        row.addStretch(1)
        row.addWidget(self.finish)
        layout.addLayout(row)

    def render(self) -> None:
        flow = self.workflow
        lang = self.shell.language
        numbers = flow.session.case_numbers
        # 已办结 only when every item of the case is finished on the spot (catalog: promised 0 days).
        on_the_spot = all(item.guide.promised_time_limit_days == 0 for item in flow.items)
        if numbers:
            self.status.setText(self.tr("Finished") if on_the_spot else self.tr("Received"))
            self.status.setProperty("role", "status_done" if on_the_spot else "status_received")
            self.status.style().unpolish(self.status)
            self.status.style().polish(self.status)
            self.heading.setText(self.tr("Your application is finished") if on_the_spot
                                 else self.tr("Your application has been received"))
        elif flow.session.bookings:
            self.heading.setText(self.tr("Your appointment is booked"))
        else:
            self.heading.setText(self.tr("Done"))
        self.status.setVisible(bool(numbers))
        shown = list(numbers) or [b["booking_number"] for b in flow.session.bookings]
        self.number_caption.setText(self.tr("Case number") if numbers else self.tr("Booking number"))
        self.number.setText("\n".join(shown))
        self.number_caption.setVisible(bool(shown))
        self.number.setVisible(bool(shown))
        printed = any(s.kind.value == "receipt" for s in flow.steps)
        carded = any(s.kind.value == "identify" for s in flow.steps)
        if printed and carded:
            take = self.tr("Please take your ID card and the receipt.")
        elif printed:
            take = self.tr("Please take the receipt.")
        elif carded:
            take = self.tr("Please take your ID card.")
        else:
            take = ""
        self.take.setText(take)
        self.take.setVisible(bool(take))
        lines = []
        for booking in flow.session.bookings:
            lines.append(self.tr("Your visit: ") + show_time(booking["start"]))
        if shown:
            lines.append(self.tr("Keep this number to check progress."))
        afterwards = [next_step(item, flow.session, lang) for item in flow.items] if numbers else []
        for item in flow.items:
            g = item.guide
            if numbers and g.promised_time_limit_days:
                lines.append(item.name.get(lang) + ("：" if lang.startswith("zh") else ": ")
                             + self.tr("result within %n working days", "", g.promised_time_limit_days))
        # no counter visit: by post or from this kiosk's dispenser, in the kiosk's own words
        lines += [text for text in afterwards if text]
        deferred = flow.session.deferred
        if deferred:
            lines.append(self.tr("To bring later: ") + "、".join(deferred))
        if numbers and flow.session.fingerprints == "counter":  # the one visit this case still needs
            lines.append(self.tr("Your fingerprints were not taken here: please have them taken at %1 "
                                 "before the document is made.").replace("%1", self.shell.counter_text()))
        if (numbers or flow.session.bookings) and has_no_phone(flow.session) \
                and not (afterwards and all(afterwards)):
            lines.append(self.tr("You gave no mobile number, so no SMS will come: check progress with the case "
                                 "number here or at the counter, and collect the result at the counter."))
        self.body.setText("\n".join(lines))
        has_rate = any(s.kind.value == "rate" for s in flow.steps[flow.index + 1 :])
        # Rating comes next when the service has one: say so, rather than a bare "Next".
        self.finish.setText(self.tr("Finish and rate") if has_rate else self.tr("Back to home"))
        self.finish.setAccessibleName(self.finish.text())
        if self._form is None or self._form_owner is not flow:
            hardware = self.shell.services.hardware
            self._form = ApplicationFormPrinter(
                flow, lambda: hardware.document_printer() if hardware is not None else None) \
                if ApplicationFormPrinter.offered(flow) else None
            self._form_owner = flow
        self._show_form()

    def _print_form(self) -> None:
        form = self._form
        if form is None or self._form_busy:
            return
        self._form_busy = True
        self._show_form(printing=True)

        def done(view: object, error: BaseException | None) -> None:
            self._form_busy = False
            if form is not self._form:
                return  # the session ended meanwhile
            if self.shell.current is self:
                self._show_form()
                self.shell.say(self.form_status.text())

        self.shell.background.run(form.run, done)

    def _show_form(self, printing: bool = False) -> None:
        lang = lang_key(self.shell.language)
        view = self._form.view() if self._form is not None else None
        message = TEXTS[FormPhase.PRINTING] if printing else (view.message if view else None)
        self.form_status.setText(message[lang] if message else "")
        self.form_status.setVisible(bool(message))
        button_text = view.button if view is not None and not printing else None
        self.print_form.setText(button_text[lang] if button_text else "")
        self.print_form.setAccessibleName(self.print_form.text())
        self.print_form.setVisible(button_text is not None)

    def clear(self) -> None:
        self.body.clear()
        self.number.clear()
        self._form = None  # it reads the session (answers, signature): gone with it
        self._form_owner = None
        self._form_busy = False
        self.form_status.clear()


class RateScreen(StepScreen):
    """好差评: 1–5, a reason required for 1–2. Renders `kiosk.steps.rate.RateView`."""

    name = "rate"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="rate_title")
        self.scores = QHBoxLayout()
        self.reason_label = label("", name="rate_reason_label")
        self.reason = QLineEdit()
        self.reason.setObjectName("rate_reason")
        self.error = label("", "error", name="rate_error")
        row = QHBoxLayout()
        self.skip = button("", self._skip, "rate_skip", "secondary")
        self.send = button("", self.submit, "rate_send")
        row.addWidget(self.skip)
        row.addStretch(1)
        row.addWidget(self.send)
        layout.addWidget(self.heading)
        layout.addLayout(self.scores)
        # The error takes the caption's place above the field (it says the same, in red): one line
        # less, so elder mode in landscape still fits the panel with the keyboard open.
        layout.addWidget(self.reason_label)
        layout.addWidget(self.error)
        layout.addWidget(self.reason)
        layout.addStretch(1)
        layout.addLayout(row)
        self.buttons: list[QPushButton] = []
        self.controller: RateController | None = None

    @property
    def score(self) -> int:
        return self.controller.view().score if self.controller is not None else 0

    def render(self) -> None:
        if self.controller is None or self.controller.flow is not self.shell.workflow:
            self.controller = RateController(self.workflow, changed=self._show)
        self.heading.setText(self.tr("How was our service?"))
        # 好差评 wording, best first: 非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意.
        words = {5: self.tr("Very satisfied"), 4: self.tr("Satisfied"), 3: self.tr("Basically satisfied"),
                 2: self.tr("Dissatisfied"), 1: self.tr("Very dissatisfied")}
        if not self.buttons:  # made once; a render only puts the words (of this language) in
            for value in range(5, 0, -1):
                b = button("", lambda v=value: self.choose(v), f"rate_{value}", "secondary")
                b.setCheckable(True)
                self.buttons.append(b)
                self.scores.addWidget(b)
        for value, b in zip(range(5, 0, -1), self.buttons, strict=True):
            b.setText(words[value])
            b.setAccessibleName(words[value])
        self.reason_label.setText(self.tr("What went wrong? (required when dissatisfied)"))
        self.send.setText(self.tr("Send rating"))
        self.skip.setText(self.tr("Finish without rating"))
        for b in (self.send, self.skip):
            b.setAccessibleName(b.text())
        self.reason.setAccessibleName(self.reason_label.text())
        self._show()

    def _show(self) -> None:
        if self.controller is None:
            return
        view = self.controller.view()
        for b in self.buttons:  # shown best first: rate_5 … rate_1
            b.setChecked(b.objectName() == f"rate_{view.score}")
        if view.missing is Missing.SCORE:
            self.error.setText(self.tr("Please choose a score."))
        elif view.missing is Missing.REASON:
            self.error.setText(self.tr("Please tell us what went wrong."))
        else:
            self.error.clear()
        self.error.setVisible(bool(self.error.text()))
        self.reason_label.setVisible(not self.error.text())

    def choose(self, value: int) -> None:
        if self.controller is not None:
            self.controller.choose(value)

    def submit(self) -> None:
        self.shell.commit_keyboard()
        if self.controller is not None and self.controller.send(self.reason.text()):
            self.shell.end_session_finished()

    def _skip(self) -> None:
        if self.controller is not None:
            self.controller.skip()
        self.shell.end_session_finished()

    def clear(self) -> None:
        self.controller = None
        self.reason.clear()
        self.error.clear()
