"""The five citizen phases a service's steps fall into (须知 → 核验 → 填写 → 核对缴费 → 取件评价 or
完成评价): what the phase bar shows instead of "第 3 步 / 共 11 步". Qt-free, so the screen-count test
and the screens share it."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from kiosk.catalog import Step, StepKind
from kiosk.issuing import ELECTRONIC_ONLY
from kiosk.workflow import carried_by_previous_screen


class Phase(int, Enum):
    READ = 1  # 须知: the guide (一次性告知) and consent
    VERIFY = 2  # 核验: ID card, face, photo
    FILL = 3  # 填写: forms, the query, choosing a time
    CHECK = 4  # 核对缴费: review, sign, pay, submit
    FINISH = 5  # 取件评价 / 完成评价: result, receipt, done, rate (named by `takes_something`)


PHASE_OF: dict[StepKind, Phase] = {
    StepKind.GUIDE: Phase.READ,
    StepKind.CONSENT: Phase.READ,
    StepKind.IDENTIFY: Phase.VERIFY,
    StepKind.PHOTO: Phase.VERIFY,
    StepKind.FINGERPRINT: Phase.VERIFY,  # on the photo screen (kiosk/workflow.fingers_at_photo)
    StepKind.FORM: Phase.FILL,
    StepKind.QUERY: Phase.FILL,
    StepKind.BOOK: Phase.FILL,
    StepKind.REVIEW: Phase.CHECK,
    StepKind.SIGN: Phase.CHECK,
    StepKind.PAY: Phase.CHECK,
    StepKind.SUBMIT: Phase.CHECK,
    StepKind.RESULT: Phase.FINISH,
    StepKind.RECEIPT: Phase.FINISH,
    StepKind.DONE: Phase.FINISH,
    StepKind.RATE: Phase.FINISH,
    StepKind.ISSUE: Phase.FINISH,  # the document comes out of the printer: 取件
    StepKind.COLLECT: Phase.FINISH,  # the finished card comes out of the dispenser: 取件
}


# Steps after which the citizen takes something away: a document out of the A4 printer, a card
# out of the dispenser. Only then is the last phase 取件 ("collect"); a service that ends with a
# receipt slip, a screen or a document delivered only electronically (a QR to scan) is 完成
# ("finish") — a citizen told to 取件 looks for something to take.
TAKEN_AWAY = frozenset({StepKind.ISSUE, StepKind.COLLECT})


def takes_something(steps: Sequence[Step]) -> bool:
    return any(s.kind in TAKEN_AWAY and not (s.kind is StepKind.ISSUE and s.service in ELECTRONIC_ONLY)
               for s in steps)


def phases_of(steps: Sequence[StepKind]) -> list[Phase]:
    """The phases a service passes through, in order (a query without ID check has no 核验)."""
    return sorted({PHASE_OF[kind] for kind in steps})


# Steps that are not a screen of their own for the citizen: submit saves and moves on by itself
# (its screen only stays when saving fails).
PASSING_STEPS = frozenset({StepKind.SUBMIT})


def screens_from_guide_to_receipt(steps: Sequence[StepKind]) -> int:
    """How many screens a citizen meets from the guide to the receipt (or to the done screen when
    nothing is printed). The rating after it is optional and not counted, nor is submit, which
    moves on by itself once the case is saved, nor a step the screen before it carries (the
    consent on the guide's start button, the signature on the review)."""
    ends = [i for i, kind in enumerate(steps) if kind is StepKind.RECEIPT] or \
        [i for i, kind in enumerate(steps) if kind is StepKind.DONE] or [len(steps) - 1]
    folded = carried_by_previous_screen(steps)
    return sum(1 for i, kind in enumerate(steps[: ends[0] + 1]) if kind not in PASSING_STEPS and i not in folded)
