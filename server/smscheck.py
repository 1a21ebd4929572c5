"""``kiosk-server check-gateways``: each configured gateway's credentials tried against the
provider with a harmless call. A check answers ok, not reachable, bad credentials or failed
(reachable, keys accepted, but something else is wrong, e.g. a template not approved). The
payment gateways add their checks to the list in server.main."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from server.smsconfig import SmsConfig
from server.smsgateway import SmsError
from server.smssender import open_provider


class Outcome(enum.StrEnum):
    OK = "ok"
    UNREACHABLE = "not reachable"
    BAD_CREDENTIALS = "bad credentials"
    FAILED = "failed"


@dataclass(frozen=True)
class CheckResult:
    name: str
    outcome: Outcome
    detail: str


Check = Callable[[], CheckResult]


def sms_check(config: SmsConfig) -> Check:
    def run() -> CheckResult:
        name = f"SMS ({config.provider})"
        where = "local simulator" if config.provider == "simulator" else config.endpoint
        with open_provider(config) as provider:
            try:
                problems = [provider.template_status(t) for t in config.templates.values()]
            except SmsError as exc:
                if exc.unreachable:
                    return CheckResult(name, Outcome.UNREACHABLE, f"{where}: {exc.code}")
                if exc.bad_credentials:
                    return CheckResult(
                        name, Outcome.BAD_CREDENTIALS, f"{where} refused the keys ({exc.code})"
                    )
                return CheckResult(name, Outcome.FAILED, f"{where} answered {exc.code}")
        problems = [p for p in problems if p]
        if problems:
            return CheckResult(name, Outcome.FAILED, "; ".join(problems))
        codes = ", ".join(t.code for t in config.templates.values())
        return CheckResult(name, Outcome.OK, f"{where}: keys accepted, templates {codes} approved")

    return run


def run_checks(checks: list[Check], out: Callable[[str], None] = print) -> int:
    """Print one line per check; 0 when all are ok, else 1."""
    worst = 0
    for check in checks:
        result = check()
        out(f"{result.name}: {result.outcome.value} — {result.detail}")
        if result.outcome is not Outcome.OK:
            worst = 1
    return worst
