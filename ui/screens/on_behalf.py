"""代办: 本人办理 / 代他人办理 after the identify step, then the principal's relationship, name and ID
number. The logic is kiosk/on_behalf.py's; this screen renders its view and forwards taps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk.catalog import Choice, FieldKind, FormField, Text
from kiosk.on_behalf import RELATIONSHIPS, Phase
from ui.inputs import ChoiceInput
from ui.screens.steps import StepScreen
from ui.widgets import button, clear_layout, label

if TYPE_CHECKING:
    from ui.host import ShellHost


class OnBehalfScreen(StepScreen):
    name = "on_behalf"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="on_behalf_title")
        self.body = label("", name="on_behalf_body")
        self.relationship_box = QVBoxLayout()
        self.relationship: ChoiceInput | None = None
        self.name_label = label("", name="on_behalf_name_label")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("on_behalf_name")
        self.number_label = label("", name="on_behalf_number_label")
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("on_behalf_id_number")
        self.number_edit.setMaxLength(18)
        sensitive = Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
        self.name_edit.setInputMethodHints(sensitive)
        self.number_edit.setInputMethodHints(sensitive | Qt.InputMethodHint.ImhPreferNumbers
                                             | Qt.InputMethodHint.ImhPreferUppercase)
        self.error = label("", "error", name="on_behalf_error")
        row = QHBoxLayout()
        self.myself = button("", self._myself, "on_behalf_myself", "secondary")
        self.other = button("", self._other, "on_behalf_other")
        self.back = button("", self._back, "on_behalf_back", "secondary")
        self.confirm = button("", self._confirm, "on_behalf_confirm")
        for b in (self.myself, self.back):
            row.addWidget(b)
        row.addStretch(1)
        for b in (self.other, self.confirm):
            row.addWidget(b)
        for w in (self.heading, self.body):
            layout.addWidget(w)
        layout.addLayout(self.relationship_box)
        # Name and number side by side: with the keyboard up the screen must fit a landscape panel.
        fields = QHBoxLayout()
        for caption, edit in ((self.name_label, self.name_edit), (self.number_label, self.number_edit)):
            column = QVBoxLayout()
            column.addWidget(caption)
            column.addWidget(edit)
            fields.addLayout(column, 1)
        layout.addLayout(fields)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(row)

    @property
    def wants_keyboard(self) -> bool:
        flow = self.shell.workflow
        return flow is not None and flow.on_behalf.agent is not None and flow.on_behalf.view().phase is Phase.PRINCIPAL

    def render(self) -> None:
        lang = self.shell.language
        view = self.workflow.on_behalf.view()
        principal = view.phase is Phase.PRINCIPAL
        # Acting for someone, the heading says what to do and the body is left out: with the
        # keyboard up in large text, the screen must still fit a landscape panel.
        self.heading.setText(self.tr("Whom do you act for?")
                             if principal else self.tr("Who is this application for?"))
        self.body.setVisible(not principal)
        if view.phase is Phase.IN_PERSON_ONLY:
            self.body.setText(self.tr("This service must be done by the person themself: %1")
                              .replace("%1", view.agent.basis.get(lang)))
        elif principal:
            self.body.setText(self.tr("You act for someone else: choose your relationship to them, then enter their "
                                      "name and ID number as in their household booklet."))
        else:
            text = self.tr("You have identified yourself. Are you applying for yourself or for someone "
                           "else (an elderly parent, a child)?")
            if view.agent.allowed and view.agent.staff_check:  # said before anything is entered
                text += "\n" + self.tr("Staff will check this relationship and its proof before your "
                                       "application is processed.")
            self.body.setText(text)
        clear_layout(self.relationship_box)
        self.relationship = None
        if principal:
            # "Other" too: a relationship the law does not allow here gets the counter, not silence.
            choices = [Choice(value=r, label=RELATIONSHIPS[r]) for r in view.agent.relationships]
            choices.append(Choice(value="other", label=Text(zh="其他关系", en="Another relationship")))
            field = FormField(key="relationship", kind=FieldKind.CHOICE,
                              label=Text(zh="与申请人关系", en="Relationship"), choices=tuple(choices))
            self.relationship = ChoiceInput(field, lang, 3)
            self.relationship_box.addWidget(self.relationship)
        self.name_label.setText(self.tr("Their name"))
        self.number_label.setText(self.tr("Their ID number"))
        for w in (self.name_label, self.name_edit, self.number_label, self.number_edit):
            w.setVisible(principal)
        errors = view.errors
        self.error.setText(self._error_text(errors))
        self.error.setVisible(bool(errors))
        self.myself.setText(self.tr("For myself"))
        self.other.setText(self.tr("For someone else"))
        self.back.setText(self.tr("Back"))
        self.confirm.setText(self.tr("Next"))
        self.myself.setVisible(view.phase in (Phase.CHOOSE, Phase.IN_PERSON_ONLY))
        self.other.setVisible(view.phase is Phase.CHOOSE)
        self.back.setVisible(principal)
        self.confirm.setVisible(principal)
        for b in (self.myself, self.other, self.back, self.confirm):
            b.setAccessibleName(b.text())
        self.name_edit.setAccessibleName(self.name_label.text())
        self.number_edit.setAccessibleName(self.number_label.text())

    def _error_text(self, errors: dict[str, str]) -> str:
        texts = []
        if "relationship" in errors:
            texts.append(self.tr("Please choose your relationship; others must apply at the counter."))
        if "principal_name" in errors:
            texts.append(self.tr("Please enter their name."))
        code = errors.get("principal_id_number")
        if code == "same_person":
            texts.append(self.tr("This is your own ID number: choose “For myself”."))
        elif code:
            texts.append(self.tr("This ID number is not valid. Please check every digit."))
        return "\n".join(texts)

    def _myself(self) -> None:
        self.workflow.act_for_myself()
        self.clear()
        self.shell.show_step()

    def _other(self) -> None:
        self.workflow.on_behalf.for_someone_else()
        self.shell.rerender()  # and the keyboard for the principal's name

    def _back(self) -> None:
        self.workflow.on_behalf.back_to_choice()
        self.shell.rerender()

    def _confirm(self) -> None:
        self.shell.commit_keyboard()
        relationship = self.relationship.value() if self.relationship is not None else ""
        errors = self.workflow.on_behalf.enter_principal(relationship, self.name_edit.text(), self.number_edit.text())
        if errors:
            self.render()
            self.shell.say(self.error.text())
            return
        self.clear()
        self.shell.show_step()

    def clear(self) -> None:
        self.name_edit.clear()
        self.number_edit.clear()
        self.error.clear()
