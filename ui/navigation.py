"""Where the citizen can be, and which moves between screens are allowed: the shell's `go()`
checks every move against this table, logs it and refuses an illegal one. Qt-free (a plain enum
and a table), so the rules are read and tested without a window."""

from __future__ import annotations

import enum
import logging

log = logging.getLogger("ui.navigation")


class ScreenId(str, enum.Enum):
    """Every screen of the shell; the value is the screen's `name` (and, for a step, its StepKind)."""

    ATTRACT = "attract"
    HOME = "home"
    AREA = "area"
    GUIDE = "guide"
    OUT_OF_SERVICE = "out_of_service"
    PAYMENT_NOTICE = "payment_notice"
    CONSENT = "consent"
    IDENTIFY = "identify"
    PHOTO = "photo"
    FINGERPRINT = "fingerprint"  # only where no photo precedes it (else the photo screen carries it)
    FORM = "form"
    REVIEW = "review"
    SIGN = "sign"
    PAY = "pay"
    SUBMIT = "submit"
    RECEIPT = "receipt"
    DONE = "done"
    RATE = "rate"
    QUERY = "query"
    RESULT = "result"
    BOOK = "book"
    ISSUE = "issue"
    COLLECT = "collect"
    ON_BEHALF = "on_behalf"  # 本人办理 / 代他人办理, after identify
    ELIGIBILITY = "eligibility"  # a yes/no question, or where to go instead


# Reached from anywhere: the session ended (attract), a technician or a fault took the kiosk out
# of service, a restart found a payment to tell the last citizen about.
SYSTEM = frozenset({ScreenId.ATTRACT, ScreenId.OUT_OF_SERVICE, ScreenId.PAYMENT_NOTICE})
BROWSE = frozenset({ScreenId.HOME, ScreenId.AREA, ScreenId.GUIDE})
STEPS = frozenset(ScreenId) - SYSTEM - BROWSE

ALLOWED: dict[ScreenId, frozenset[ScreenId]] = {
    ScreenId.ATTRACT: frozenset({ScreenId.HOME}),
    ScreenId.OUT_OF_SERVICE: frozenset(),           # no citizen until back in service (then attract)
    ScreenId.PAYMENT_NOTICE: frozenset(),           # OK: attract or out of service
    ScreenId.HOME: BROWSE | STEPS,                  # an area, a service's guide, a shortcut into a service
    ScreenId.AREA: BROWSE | STEPS,
    ScreenId.GUIDE: BROWSE | STEPS,                 # start: the first step after the guide
    **{step: STEPS | {ScreenId.HOME, ScreenId.GUIDE} for step in STEPS},  # next, back, Home; back to the guide
}


class IllegalMove(RuntimeError):
    pass


def check_move(current: ScreenId | None, target: ScreenId) -> None:
    """Raise IllegalMove unless `current` → `target` is in the table (re-showing a screen, and the
    first screen, always are)."""
    if current is None or current is target or target in SYSTEM or target in ALLOWED[current]:
        return
    raise IllegalMove(f"{current.value} -> {target.value}")
