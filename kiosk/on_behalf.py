"""代办: the identified person says whether they act for themself or for someone else (an elderly
parent, a child), and for whom. Qt-free; the screen (ui/screens/on_behalf.py) renders ``view()``
and forwards the taps.

The agent identifies themself at the identify step as everybody does; here they enter the
principal's name and ID number (check digit verified). The principal becomes the applicant
(the form's name and ID number), the agent stays the identified person in the case, the
relationship is recorded, and where the item's law requires it the case is marked for a staff
check (catalog ``[items.agent]``, kiosk/catalog.py ``Agent``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

from kiosk.catalog import Agent, FieldKind, FormField, Item, Text
from kiosk.fields import check_answer
from kiosk.registry import Role
from kiosk.session import Session

log = logging.getLogger("kiosk.on_behalf")

RELATIONSHIPS: dict[str, Text] = {
    "parent": Text(zh="父母", en="Parent"),
    "child": Text(zh="子女", en="Son or daughter"),
    "spouse": Text(zh="配偶", en="Spouse"),
    "guardian": Text(zh="监护人", en="Guardian"),
    "entrusted": Text(zh="受托人（持授权委托书）", en="Entrusted (with a power of attorney)"),
}

_NAME = FormField(key="principal_name", kind=FieldKind.TEXT, label=Text(zh="姓名", en="Name"),
                  personal=True, max_length=30)
_NUMBER = FormField(key="principal_id_number", kind=FieldKind.ID_NUMBER,
                    label=Text(zh="公民身份号码", en="ID number"), personal=True, max_length=18)


class Phase(str, Enum):
    CHOOSE = "choose"  # 本人办理 / 代他人办理
    PRINCIPAL = "principal"  # relationship, name and ID number of the person acted for
    IN_PERSON_ONLY = "in_person_only"  # the item may not be done by an agent: say so
    DECIDED = "decided"


@dataclass(frozen=True)
class View:
    phase: Phase
    agent: Agent
    errors: dict[str, str]


class OnBehalf:
    """One decision per workflow: who the case is for."""

    def __init__(self, items: list[Item], session: Session) -> None:
        self.session = session
        # Combined items: the strictest rule wins (one not allowing agents forbids it for all).
        rules = [i.agent for i in items if i.agent is not None]
        self.agent: Agent | None = next((r for r in rules if not r.allowed), rules[0] if rules else None)
        self._phase = Phase.DECIDED if self.agent is None else Phase.CHOOSE
        self._errors: dict[str, str] = {}

    @property
    def decided(self) -> bool:
        return self._phase is Phase.DECIDED

    def view(self) -> View:
        assert self.agent is not None
        return View(self._phase, self.agent, dict(self._errors))

    def _to(self, phase: Phase, why: str) -> None:
        """The one transition function: logged without personal data."""
        log.info("on behalf: %s → %s (%s)", self._phase.value, phase.value, why)
        self._phase = phase

    def for_myself(self) -> None:
        self.session.on_behalf.clear()
        self._errors = {}
        self._to(Phase.DECIDED, "in person")

    def for_someone_else(self) -> None:
        assert self.agent is not None
        if not self.agent.allowed:
            self._to(Phase.IN_PERSON_ONLY, "agents not allowed")
            return
        self._to(Phase.PRINCIPAL, "agent")

    def back_to_choice(self) -> None:
        self._errors = {}
        self._to(Phase.CHOOSE, "back")

    def enter_principal(self, relationship: str, name: str, id_number: str) -> dict[str, str]:
        """Check and keep the principal; returns error codes by field ({} when accepted)."""
        assert self.agent is not None and self._phase is Phase.PRINCIPAL
        errors: dict[str, str] = {}
        if relationship not in self.agent.relationships:
            errors["relationship"] = "choice"
        name_checked = check_answer(_NAME, name)
        number_checked = check_answer(_NUMBER, id_number)
        for key, checked in (("principal_name", name_checked), ("principal_id_number", number_checked)):
            if checked.error:
                errors[key] = checked.error
        own = str(getattr(self.session.card, "id_number", "") or "").upper()
        if not errors and own and number_checked.value == own:
            errors["principal_id_number"] = "same_person"  # acting for oneself is 本人办理
        self._errors = errors
        if errors:
            return errors
        assert name_checked.value is not None and number_checked.value is not None
        self.session.on_behalf.update({"relationship": relationship, "principal_name": name_checked.value,
                                       "principal_id_number": number_checked.value,
                                       "staff_check": "1" if self.agent.staff_check else ""})
        # The principal is the applicant: the form's name and ID number are theirs.
        self.session.set_answer(Role.NAME, name_checked.value)
        self.session.set_answer(Role.ID_NUMBER, number_checked.value)
        self._to(Phase.DECIDED, f"agent, {relationship}, staff check {self.agent.staff_check}")
        return {}


def describe(agent: Agent, lang: str) -> str:
    """The agent rule in words for the guide (申请对象), from the same data the kiosk acts on."""
    zh = lang.startswith("zh")
    if not agent.allowed:
        return ("须本人办理，不能代办：" if zh else "In person only, no agent: ") + agent.basis.get(lang)
    who = ("、" if zh else ", ").join(RELATIONSHIPS[r].get(lang) for r in agent.relationships)
    text = f"可由{who}代办" if zh else f"An agent may apply: {who}"
    if agent.staff_check:
        text += "（代办关系由窗口核验）" if zh else " (staff check the relationship)"
    return text + ("：" if zh else ": ") + agent.basis.get(lang)
