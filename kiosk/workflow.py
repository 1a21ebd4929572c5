"""The workflow engine: runs the steps of one or several combined items (一事联办).

The engine knows nothing about widgets. A screen asks for :meth:`Workflow.current`, renders the
step it describes, and sends the citizen's actions back (:meth:`submit_form`, :meth:`next`,
:meth:`back`, :meth:`rate` …). A step kind whose controller is not built yet makes the whole item
"not available here" (see :func:`missing_steps`), so nothing pretends.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from kiosk import eligibility
from kiosk.catalog import FormField, Item, Material, Step, StepKind, keys_by_role
from kiosk.fields import check_answer
from kiosk.on_behalf import OnBehalf
from kiosk.registry import Role
from kiosk.session import Session

log = logging.getLogger("kiosk.workflow")

SIGNATURE = "signature.png"  # attachment name of the handwritten signature

# Steps done once per session even when several items are combined, in canonical order.
_ONCE = (
    StepKind.CONSENT,
    StepKind.IDENTIFY,
    StepKind.PHOTO,
    StepKind.FINGERPRINT,
    StepKind.REVIEW,
    StepKind.SIGN,
    StepKind.PAY,
    StepKind.SUBMIT,
    StepKind.ISSUE,
    StepKind.RECEIPT,
    StepKind.QUERY,
    StepKind.RESULT,
    StepKind.COLLECT,
    StepKind.BOOK,
    StepKind.DONE,
    StepKind.RATE,
)


class WorkflowError(RuntimeError):
    """An action that does not fit the current step (a programming error in a screen)."""


class SubmitError(RuntimeError):
    """The case could not be stored; ``code`` tells the screen what to say (e.g. "store_full")."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code


class Submitter(Protocol):
    """Commits a session's case(s) durably before any receipt. Returns one case number per item."""

    def submit(self, session: Session, items: Sequence[Item]) -> list[str]: ...

    def rate(self, session: Session, items: Sequence[Item], score: int, reason: str) -> None: ...


def consent_at_guide(steps: Sequence[StepKind]) -> bool:
    """Is the consent the guide's own start button (同意并开始办理)? It is when the consent step
    comes right after the guide: the guide ends with the consent text, so the citizen agrees on
    the page they have just read instead of on a screen of its own (issue #16: ≤ 7 screens).
    The separate consent to the face check stays on the identify screen, with staff offered."""
    return len(steps) > 1 and steps[0] is StepKind.GUIDE and steps[1] is StepKind.CONSENT


def sign_at_review(steps: Sequence[StepKind], index: int) -> bool:
    """Is the sign step at `index` done on the review screen? It is when it comes right after the
    review: the citizen signs under the answers they have just checked, as at the foot of a paper
    form (核对并签名), instead of on a screen of its own (issue #16: ≤ 7 screens)."""
    return 0 < index < len(steps) and steps[index] is StepKind.SIGN and steps[index - 1] is StepKind.REVIEW


def fingers_at_photo(steps: Sequence[StepKind], index: int) -> bool:
    """Is the fingerprint step at `index` done on the photo screen? It is when it comes right
    after the photo: one "拍照与指纹采集" screen, photo first, then the fingers (issue #16: ≤ 7
    screens), as a self-service 办证一体机 takes both at one window."""
    return 0 < index < len(steps) and steps[index] is StepKind.FINGERPRINT and steps[index - 1] is StepKind.PHOTO


def carried_by_previous_screen(steps: Sequence[StepKind]) -> frozenset[int]:
    """Indices of steps that have no screen of their own: the consent the guide's start button
    gives, a signature made on the review screen, the fingers taken on the photo screen. The
    workflow still passes (and logs) them."""
    folded = {1} if consent_at_guide(steps) else set()
    folded |= {i for i in range(len(steps)) if sign_at_review(steps, i) or fingers_at_photo(steps, i)}
    return frozenset(folded)


def missing_steps(item: Item, available: Iterable[StepKind]) -> list[StepKind]:
    """Step kinds this item needs that the kiosk cannot run yet."""
    have = set(available)
    return [kind for kind in item.step_kinds if kind not in have]


def merge_steps(items: Sequence[Item]) -> list[Step]:
    """One step list for several items: one guide, forms concatenated with each answer key asked
    once, and every other step kind once, in the first item's order."""
    if not items:
        raise WorkflowError("no items")
    first = items[0]
    if len(items) == 1:
        return list(first.workflow)
    asked: set[str] = set()
    forms: list[Step] = []
    for item in items:
        for step in item.workflow:
            if step.kind is not StepKind.FORM:
                continue
            fresh = tuple(f for f in step.fields if f.key not in asked)
            asked.update(f.key for f in fresh)
            if fresh:
                forms.append(step.model_copy(update={"fields": fresh}))
    once_kinds = {s.kind for item in items for s in item.workflow if s.kind in _ONCE}
    merged: list[Step] = [Step(kind=StepKind.GUIDE)]
    forms_placed = False
    for step in first.workflow:
        if step.kind is StepKind.FORM and not forms_placed:
            merged.extend(forms)
            forms_placed = True
        elif step.kind in _ONCE:
            merged.append(step)
    if not forms_placed:
        merged[1:1] = forms
    present = {s.kind for s in merged}
    for kind in _ONCE:
        if kind in once_kinds and kind not in present:
            index = next((i for i, s in enumerate(merged) if _ONCE.index(s.kind) > _ONCE.index(kind)
                          if s.kind in _ONCE), len(merged))
            merged.insert(index, Step(kind=kind))
    return merged


@dataclass
class FormState:
    """Values and error codes of the fields on the current form step."""

    fields: tuple[FormField, ...]
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewRow:
    field: FormField
    value: str
    highlight: bool  # 零差错: name, sex and ID number are highlighted for checking


_HIGHLIGHT_ROLES = frozenset({Role.NAME, Role.GENDER, Role.ID_NUMBER})


# Steps a citizen may reach before eligibility is decided: everything after them is gated, so an
# ineligible citizen is stopped before any form, photo, payment or submission.
_UNGATED = frozenset({StepKind.GUIDE, StepKind.CONSENT, StepKind.IDENTIFY})


class Workflow:
    """Drives one citizen through the merged steps of ``items``."""

    def __init__(
        self,
        items: Sequence[Item],
        session: Session,
        submitter: Submitter | None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.items = list(items)
        self.session = session
        session.role_keys = keys_by_role(self.items)  # code reads answers by role (Session.answer)
        self.submitter = submitter
        self.steps = merge_steps(self.items)
        self.index = 0
        self._today = today
        self.finished = False
        self.rated = False
        self.submit_error: str | None = None
        self.fees_settled = False  # the pay step sets it: paid, or nothing to pay
        # Answers to the eligibility questions, by (item code, rule index).
        self.eligibility_answers: dict[tuple[str, int], bool] = {}
        self._last_gate: eligibility.Decision | None = None
        self.on_behalf = OnBehalf(self.items, session)  # 代办: who the case is for
        self.prefill_from_card()

    # -- where we are -------------------------------------------------------------------------
    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def progress(self) -> tuple[int, int]:
        """(n, m) for "第 n 步 / 共 m 步"."""
        return self.index + 1, len(self.steps)

    @property
    def consent_at_guide(self) -> bool:
        """The guide's start button is the consent (see :func:`consent_at_guide`)."""
        return consent_at_guide([s.kind for s in self.steps])

    @property
    def signs_at_review(self) -> bool:
        """The current step is a review the citizen also signs (see :func:`sign_at_review`)."""
        return self.step.kind is StepKind.REVIEW and sign_at_review([s.kind for s in self.steps], self.index + 1)

    @property
    def can_go_back(self) -> bool:
        # After a case is committed there is no way back into the form: it would invite a second case.
        if self.index == 0 or self.session.case_numbers or self.session.payments:
            return False  # nor after paying: what was paid for must not change
        return self.steps[self.index - 1].kind is not StepKind.SUBMIT

    def form_state(self) -> FormState:
        if self.step.kind is not StepKind.FORM:
            raise WorkflowError(f"current step is {self.step.kind.value}, not a form")
        values = {f.key: self.session.answers.get(f.key, "") for f in self.step.fields}
        return FormState(self.step.fields, values)

    def review_rows(self) -> list[ReviewRow]:
        rows = []
        for step in self.steps:
            for f in step.fields:
                value = self.session.answers.get(f.key)
                if value is not None:
                    rows.append(ReviewRow(f, value, f.role in _HIGHLIGHT_ROLES))
        return rows

    def materials(self) -> list[tuple[Item, Material]]:
        return [(item, m) for item in self.items for m in item.guide.materials]

    def needs_on_behalf(self) -> bool:
        """After identifying, before anything else: does the citizen still say for whom?"""
        return self.step.kind not in _UNGATED and not self.session.case_numbers and not self.on_behalf.decided

    def act_for_myself(self) -> None:
        """本人办理; undoes an earlier choice of someone else (their name and number leave the form)."""
        had_principal = bool(self.session.on_behalf)
        self.on_behalf.for_myself()
        if had_principal:
            self.session.drop_answer(Role.NAME)
            self.session.drop_answer(Role.ID_NUMBER)
            self.prefill_from_card()

    def gate(self) -> eligibility.Decision:
        """May the citizen go on to the current step? Guide, consent and identify are open to
        all; every later step first passes the item's eligibility rules (kiosk/eligibility.py)."""
        if self.step.kind in _UNGATED or self.session.case_numbers:
            return eligibility.ELIGIBLE  # a committed case is not taken back
        decision = eligibility.decide(self.items, eligibility.facts_of(self.session),
                                      self.eligibility_answers, self._today())
        if decision != self._last_gate:
            eligibility.log_decision(decision)
            self._last_gate = decision
        return decision

    def answer_eligibility(self, item_code: str, index: int, yes: bool | None) -> eligibility.Decision:
        """The citizen's answer to a rule's question (None takes it back); returns the new gate."""
        if yes is None:
            self.eligibility_answers.pop((item_code, index), None)
        else:
            self.eligibility_answers[(item_code, index)] = yes
        return self.gate()

    # -- actions ------------------------------------------------------------------------------
    def start(self) -> Step:
        """The guide's start button: leave the guide and, when the guide carries the consent,
        pass the consent step with it (the tap was the agreement; it is logged as the consent
        step always was). Returns the first step after both."""
        if self.index != 0 or self.step.kind is not StepKind.GUIDE:
            raise WorkflowError("the workflow has already started")
        agreed = self.consent_at_guide
        self.next()
        if agreed:
            log.info("consent given at the guide (agree and start)")
            self.next()
        return self.step

    def next(self) -> Step:
        kind = self.step.kind
        if kind is StepKind.FORM:
            raise WorkflowError("a form step moves on through submit_form()")
        if kind is StepKind.SUBMIT and not self.session.case_numbers:
            raise WorkflowError("the case is not committed yet")
        if kind is StepKind.BOOK and not self.session.bookings:
            raise WorkflowError("the appointment is not booked yet")
        if kind is StepKind.PAY and not self.fees_settled:
            raise WorkflowError("the fee is not paid yet")
        if kind is StepKind.FINGERPRINT and self.session.fingerprints is None:
            raise WorkflowError("the fingers are not taken yet (nor sent to the counter)")
        if kind is StepKind.SIGN and SIGNATURE not in self.session.attachments:
            raise WorkflowError("a sign step moves on through sign()")
        if self.index + 1 >= len(self.steps):
            self.finished = True
            return self.step
        self.index += 1
        log.info("step %d/%d: %s", self.index + 1, len(self.steps), self.step.kind.value)
        return self.step

    def back(self) -> Step:
        if not self.can_go_back:
            raise WorkflowError("cannot go back from here")
        self.index -= 1
        # A step carried by the screen before it (the consent on the guide's button, the
        # signature on the review) is gone back through to that screen, to be given anew there.
        folded = carried_by_previous_screen([s.kind for s in self.steps])
        while self.index in folded:
            self.index -= 1
        return self.step

    def submit_form(self, raw: dict[str, str]) -> FormState:
        """Check every field of the current form; on success store the answers and move on.
        Returns the state with error codes when something must be corrected."""
        state = self.form_state()
        today = self._today()
        for f in state.fields:
            if not f.asked(state.values):  # e.g. no postal address when collecting at the counter
                state.values[f.key] = ""
                continue
            text = raw.get(f.key, "")
            state.values[f.key] = text
            checked = check_answer(f, text, today)
            if checked.error:
                state.errors[f.key] = checked.error
            elif checked.value is not None:
                state.values[f.key] = checked.value
        if state.errors:
            return state
        for f in state.fields:
            if state.values[f.key]:
                self.session.answers[f.key] = state.values[f.key]
            else:
                self.session.answers.pop(f.key, None)
        self.index += 1
        return state

    def defer_material(self, name: str, deferred: bool) -> None:
        """Mark a deferrable material (容缺) to be brought later."""
        if deferred and name not in self.session.deferred:
            self.session.deferred.append(name)
        elif not deferred and name in self.session.deferred:
            self.session.deferred.remove(name)

    def commit(self) -> list[str]:
        """Run the submit step: store the case(s) durably. Idempotent within a session."""
        if self.step.kind is not StepKind.SUBMIT:
            raise WorkflowError("not at the submit step")
        if self.session.case_numbers:
            return list(self.session.case_numbers)
        if self.submitter is None:
            raise SubmitError("no_store", "this kiosk has no case store")
        numbers = self.submitter.submit(self.session, self.items)
        self.session.case_numbers.extend(numbers)
        self.submit_error = None
        return numbers

    def rate(self, score: int, reason: str) -> str | None:
        """Record a rating (好差评). Returns an error code, or None when accepted."""
        if self.step.kind is not StepKind.RATE:
            raise WorkflowError("not at the rate step")
        if not 1 <= score <= 5:
            return "score"
        if score <= 2 and not reason.strip():
            return "reason_required"
        if self.submitter is not None:
            self.submitter.rate(self.session, self.items, score, reason.strip())
        self.rated = True
        self.finished = True
        return None

    def confirm_review_signed(self, png: bytes) -> Step:
        """The review screen's confirm where the citizen signs on it: the review is passed and
        the sign step run with the signature, as the two screens did one after the other."""
        if not self.signs_at_review:
            raise WorkflowError("this review is not signed on its own screen")
        if not png.startswith(b"\x89PNG"):
            raise WorkflowError("the signature must be a PNG image")
        self.next()
        return self.sign(png)

    def sign(self, png: bytes) -> Step:
        """Keep the citizen's handwritten signature (a PNG of the strokes) with the submission."""
        if self.step.kind is not StepKind.SIGN:
            raise WorkflowError("not at the sign step")
        if not png.startswith(b"\x89PNG"):
            raise WorkflowError("the signature must be a PNG image")
        self.session.attachments[SIGNATURE] = bytearray(png)  # bytearray: wiped in place at session end
        return self.next()

    def prefill_from_card(self) -> None:
        """一证通: fill answers from the ID card where a field says so."""
        card = self.session.card
        if card is None:
            return
        for item in self.items:
            for f in item.fields():
                if f.prefill and f.key not in self.session.answers:
                    value = getattr(card, f.prefill, None)
                    if value:
                        self.session.answers[f.key] = str(value)
