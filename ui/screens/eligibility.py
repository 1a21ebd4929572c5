"""The eligibility gate's screen: a yes/no question from an item's rules, or — when a rule fails —
why this service is not for the citizen here and where to go instead. The decision is the
workflow's (kiosk/eligibility.py); this screen only shows it and forwards the answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.eligibility import Verdict, describe
from ui.screens.steps import StepScreen
from ui.widgets import button, label

if TYPE_CHECKING:
    from ui.host import ShellHost


class EligibilityScreen(StepScreen):
    name = "eligibility"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="eligibility_title")
        self.body = label("", name="eligibility_body")
        self.where = label("", "highlight", name="eligibility_where")
        row = QHBoxLayout()
        self.no = button("", lambda: self._answer(False), "eligibility_no", "secondary")
        self.yes = button("", lambda: self._answer(True), "eligibility_yes")
        self.change = button("", self._change, "eligibility_change", "secondary")
        self.home = button("", self.shell.go_home, "eligibility_home")
        for b in (self.no, self.change):
            row.addWidget(b)
        row.addStretch(1)
        for b in (self.yes, self.home):
            row.addWidget(b)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addWidget(self.where)
        layout.addStretch(1)
        layout.addLayout(row)

    def render(self) -> None:
        lang = self.shell.language
        decision = self.workflow.gate()
        asking = decision.verdict is Verdict.ASK
        stopped = decision.verdict is Verdict.STOPPED
        rule, item = decision.rule, decision.item
        if rule is None or item is None:
            return
        if asking and rule.ask is not None:
            self.heading.setText(self.tr("Before you start"))
            self.body.setText(rule.ask.get(lang))
            self.where.setText("")
        elif stopped:
            self.heading.setText(self.tr("This service cannot be done for you here"))
            self.body.setText(self.tr("%1 requires: %2").replace("%1", item.name.get(lang))
                              .replace("%2", describe(rule, lang)))
            self.where.setText(self.tr("Where to go instead: %1").replace("%1", rule.otherwise.get(lang)))
            self.shell.say(self.where.text())
        self.yes.setText(self.tr("Yes"))
        self.no.setText(self.tr("No"))
        self.change.setText(self.tr("Change my answer"))
        self.home.setText(self.tr("Back to the services"))
        self.yes.setVisible(asking)
        self.no.setVisible(asking)
        self.change.setVisible(stopped and rule.ask is not None)
        self.home.setVisible(stopped)
        self.where.setVisible(stopped)
        for b in (self.yes, self.no, self.change, self.home):
            b.setAccessibleName(b.text())

    def _answer(self, yes: bool) -> None:
        decision = self.workflow.gate()
        if decision.item is None:
            return
        self.workflow.answer_eligibility(decision.item.code, decision.index, yes)
        self.shell.show_step()

    def _change(self) -> None:
        decision = self.workflow.gate()
        if decision.item is None:
            return
        self.workflow.answer_eligibility(decision.item.code, decision.index, None)
        self.shell.show_step()
