"""The signed application form (申请表) for the citizen to keep, printed on the A4 document printer
on request from the done screen (打印申请表). Qt-free: the screen runs `run()` off the UI thread
and shows `view()`.

Offered, not printed unasked: the case (answers and signature, encrypted in the outbox) is the
file copy the centre receives; the paper is the citizen's own copy of what they signed. An A4 sheet
with name, ID number, address and signature that nobody asked for is the sheet most likely to be
left in the tray for the next person, so it comes out only when the citizen taps for it, while
standing at the kiosk.

The form is made from the session in memory (answers as the review showed them, the signature
PNG the sign step kept); the PDF exists in memory while it is sent to the printer and is dropped
after. Paper out or a fault: the citizen is told, may try again; the case was submitted before and
is not touched."""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from devices.document_printer.driver import DocumentPrinter
from devices.status import DeviceFailure
from doclayout.model import ApplicationForm, DocumentField
from kiosk.appointments import beijing_today
from kiosk.catalog import FieldKind, StepKind, Text
from kiosk.fields import NO_PHONE
from kiosk.messages import Bilingual, translate
from kiosk.on_behalf import RELATIONSHIPS
from kiosk.registry import Role
from kiosk.workflow import SIGNATURE, Workflow

log = logging.getLogger("kiosk.application_form")

JOB_NAME = "application-form"  # shows in the printer's queue: never a name or a number


class Phase(str, enum.Enum):
    OFFERED = "offered"  # the done screen offers 打印申请表
    PRINTING = "printing"
    DONE = "done"  # printed: take it
    PRINTER_FAULT = "printer_fault"  # did not come out whole: try again; the case is not affected
    PRINTER_UNAVAILABLE = "printer_unavailable"  # no document printer (or it is off)


TEXTS: dict[Phase, Bilingual] = {
    Phase.PRINTING: translate("ApplicationForm", "Printing your application form; take it from the A4 tray below."),
    Phase.DONE: translate("ApplicationForm", "Your application form is printed; please take it."),
    Phase.PRINTER_FAULT: translate(
        "ApplicationForm", "The application form did not print (paper out or jammed). Your application was "
                           "received and is not affected. You can try again or ask staff."),
    Phase.PRINTER_UNAVAILABLE: translate(
        "ApplicationForm", "This kiosk cannot print the application form right now. Your application was "
                           "received and is not affected."),
}
BUTTON: dict[Phase, Bilingual] = {
    Phase.OFFERED: translate("ApplicationForm", "Print the application form"),
    Phase.PRINTER_FAULT: translate("ApplicationForm", "Print the application form again"),
}


@dataclass(frozen=True)
class FormView:
    phase: Phase
    message: Bilingual | None
    printer_error: str | None = None  # DeviceError code, for staff

    @property
    def button(self) -> Bilingual | None:
        """The button's words when there is something to tap (offered, or after a fault)."""
        return BUTTON.get(self.phase)


def form_of(flow: Workflow, today: date | None = None) -> ApplicationForm | None:
    """The application form of a submitted, signed case; None when the item names no form, the
    case was not signed or not submitted (nothing to keep a copy of)."""
    session = flow.session
    sign = next((s for s in flow.steps if s.kind is StepKind.SIGN and s.form is not None), None)
    signature = session.attachments.get(SIGNATURE)
    if sign is None or sign.form is None or not signature or not session.case_numbers:
        return None
    agent = session.on_behalf
    fields = _applicant(flow, acting_for_someone=bool(agent))
    shown = {f.key for f in fields}
    fields += [DocumentField(row.field.key, row.field.label.zh, row.field.label.en, _shown(row.field.kind,
                             row.value, row.field.choices))
               for row in flow.review_rows()
               if row.field.kind is not FieldKind.DOCUMENT_PHOTO and row.field.key not in shown]
    if agent:
        relation = RELATIONSHIPS.get(agent.get("relationship", ""), Text(zh="—", en="—"))
        agent_name = str(getattr(session.card, "name", "") or "—")
        agent_label, relation_label = AGENT_LABELS
        fields += [DocumentField("agent_name", agent_label["zh"], agent_label["en"], agent_name),
                   DocumentField("relationship", relation_label["zh"], relation_label["en"],
                                 _both(relation.zh, relation.en))]
    items = [i for i in flow.items if any(s.kind is StepKind.SIGN for s in i.workflow)] or flow.items
    return ApplicationForm(
        title_zh=sign.form.zh, title_en=sign.form.en,
        item_zh="、".join(i.name.zh for i in items), item_en="; ".join(i.name.en for i in items),
        case_number="、".join(session.case_numbers),
        applied_on=(today or beijing_today()).isoformat(),
        fields=tuple(fields),
        signature_png=bytes(signature),
        by_agent=bool(agent),
    )


# Who applies, first on the form as on the official ones: the form's answers, else the ID card
# read at the identify step (only when the card holder is the applicant, never for 代办): answer
# role, the card's attribute, label.
APPLICANT = ((Role.NAME, "name", translate("ApplicationForm", "Name")),
             (Role.GENDER, "gender_text", translate("ApplicationForm", "Sex")),
             (Role.BIRTH_DATE, "birth_date", translate("ApplicationForm", "Date of birth")),
             (Role.ID_NUMBER, "id_number", translate("ApplicationForm", "ID number")),
             (Role.ADDRESS, "address", translate("ApplicationForm", "Address")))
AGENT_LABELS = (translate("ApplicationForm", "Agent"), translate("ApplicationForm", "Agent's relationship"))
NO_PHONE_SHOWN = translate("ApplicationForm", "No mobile phone (no SMS)")


def _applicant(flow: Workflow, acting_for_someone: bool) -> list[DocumentField]:
    session = flow.session
    card = None if acting_for_someone else session.card
    rows = []
    for role, attribute, label in APPLICANT:
        value = session.answer(role)
        if not value and card is not None:
            value = str(getattr(card, attribute, "") or "")
        if not value and role is Role.ID_NUMBER and not acting_for_someone:
            value = session.verified_id_number or ""
        if value:
            # its form row is not repeated
            rows.append(DocumentField(session.key_of(role), label["zh"], label["en"], value))
    return rows


def _both(zh: str, en: str) -> str:
    return zh if zh == en else f"{zh}（{en}）"


def _shown(kind: FieldKind, value: str, choices: tuple[object, ...]) -> str:
    """As the review step showed it: a choice by its label, no phone in words."""
    if kind is FieldKind.CHOICE:
        for c in choices:
            if getattr(c, "value", None) == value:
                label = c.label  # type: ignore[attr-defined]
                return _both(label.zh, label.en)
    if kind is FieldKind.PHONE and value == NO_PHONE:
        return _both(NO_PHONE_SHOWN["zh"], NO_PHONE_SHOWN["en"])
    return value


class ApplicationFormPrinter:
    """One citizen's done screen: print their signed application on request, again after a fault."""

    def __init__(self, flow: Workflow, printer: Callable[[], DocumentPrinter | None]) -> None:
        self._flow = flow
        self._printer = printer  # asked on each print: the device may come back
        self._phase = Phase.OFFERED
        self._printer_error: str | None = None

    @staticmethod
    def offered(flow: Workflow) -> bool:
        """Is there a signed application to print (the done screen shows the button)?"""
        return form_of(flow) is not None

    def _to(self, phase: Phase, why: str = "") -> None:
        """The one transition function (no personal data in the log)."""
        log.info("application form: %s -> %s%s", self._phase.value, phase.value, f" ({why})" if why else "")
        self._phase = phase

    @property
    def phase(self) -> Phase:
        return self._phase

    def view(self) -> FormView:
        return FormView(self._phase, TEXTS.get(self._phase), self._printer_error)

    def run(self) -> FormView:
        """Render and print (blocking: off the UI thread). Printed once per tap; DONE stays DONE."""
        if self._phase not in (Phase.OFFERED, Phase.PRINTER_FAULT, Phase.PRINTER_UNAVAILABLE):
            return self.view()
        form = form_of(self._flow)
        printer = self._printer()
        if form is None or printer is None:
            self._to(Phase.PRINTER_UNAVAILABLE, "no form" if form is None else "no printer")
            return self.view()
        self._to(Phase.PRINTING)
        from doclayout.pdf import (
            render_application_pdf,  # reportlab ≈ 0.3 s: loaded on first use, not at start
        )

        pdf = render_application_pdf(form)
        try:
            printer.print_pdf(pdf, JOB_NAME)
        except DeviceFailure as exc:
            self._printer_error = exc.error.code
            self._to(Phase.PRINTER_FAULT, exc.error.code)
            return self.view()
        finally:
            del pdf, form  # the personal data leaves memory with this call
        self._printer_error = None
        self._to(Phase.DONE)
        return self.view()
