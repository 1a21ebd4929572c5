"""The service catalog: every police service item the kiosk offers, as validated data.

A service is data, not code (see ARCHITECTURE.md): the catalog lists each item with its code,
bilingual names, the complete 一次性告知 guide, the devices it needs and its workflow. Files live
in ``assets/catalog/*.toml``; the schema is documented in ``assets/catalog/SCHEMA.md``.

Loading validates everything; a bad file raises :class:`CatalogError` whose message names the
file, the item code and the field, so whoever edits the catalog can fix it at once.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kiosk.registry import IDENTIFY_PROVIDES, ROLE_FIELD_KINDS, STEPS, TABLES, Provided, Role
from kiosk.registry import StepKind as StepKind  # defined with what the code provides; re-exported


class CatalogError(ValueError):
    """A catalog file is unreadable or invalid. The message names file, item and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A text in both interface languages."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


class Area(str, Enum):
    """Service areas shown on the home screen, in display order."""

    HOUSEHOLD = "household"  # 户政
    EXIT_ENTRY = "exit_entry"  # 出入境
    TRAFFIC = "traffic"  # 交管
    PUBLIC_ORDER = "public_order"  # 治安
    CERTIFICATES = "certificates"  # 证明与查询
    APPOINTMENTS = "appointments"  # 预约


AREA_NAMES: dict[Area, Text] = {
    Area.HOUSEHOLD: Text(zh="户政", en="Household registration"),
    Area.EXIT_ENTRY: Text(zh="出入境", en="Exit and entry"),
    Area.TRAFFIC: Text(zh="交管", en="Traffic"),
    Area.PUBLIC_ORDER: Text(zh="治安", en="Public order"),
    Area.CERTIFICATES: Text(zh="证明与查询", en="Certificates and queries"),
    Area.APPOINTMENTS: Text(zh="预约", en="Appointments"),
}


class DeviceNeed(str, Enum):
    """Device kinds an item can require (same names as ``devices.spec.DeviceKind``)."""

    CARD_READER = "card_reader"
    CAMERA = "camera"
    PRINTER = "printer"
    PAYMENT_TERMINAL = "payment_terminal"
    SCANNER = "scanner"
    DOCUMENT_PRINTER = "document_printer"  # A4 over IPP: documents issued on the spot
    CARD_DISPENSER = "card_dispenser"  # finished cards in slots: 自助取证
    FINGERPRINT = "fingerprint"  # fingerprint capture module (ID card, exit-entry documents)


class FieldKind(str, Enum):
    TEXT = "text"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    DATE = "date"
    CHOICE = "choice"
    ADDRESS = "address"
    PLATE = "plate"
    NUMBER = "number"
    DOCUMENT_PHOTO = "document_photo"


class Choice(_Strict):
    value: str = Field(min_length=1)
    label: Text


class Answered(_Strict):
    """A condition on the citizen's answer: the answer to ``key`` is ``equals``."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    equals: str = Field(min_length=1)


_ROLE_KEYS = frozenset(role.value for role in Role)


class FormField(_Strict):
    """One question on a form.

    ``key`` names the answer; fields with the same key in items combined in one session
    (一事联办) are asked once. ``prefill`` names an ID-card attribute (一证通) that fills it.
    ``personal`` marks values that identify a person: they are encrypted at rest and wiped
    with the session. ``show_when`` asks the field only when an earlier choice on the same form
    has that value (the postal address only for mail); a field not asked is neither checked
    nor kept. ``role`` says what the answer means to the code (kiosk/registry.py), which reads
    answers by role, never by key; a role's name used as a key must declare that role.
    """

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: FieldKind
    label: Text
    required: bool = True
    personal: bool = False
    help: Text | None = None
    choices: tuple[Choice, ...] = ()
    prefill: Literal["name", "gender", "birth_date", "address", "id_number", "nation"] | None = None
    max_length: int = Field(default=60, ge=1, le=500)
    min_value: float | None = None
    max_value: float | None = None
    show_when: Answered | None = None
    # What the answer means to the code (kiosk/registry.py Role): code reads answers by role.
    role: Role | None = None

    def asked(self, answers: Mapping[str, str]) -> bool:
        """Is this field asked, given the answers so far on its form?"""
        return self.show_when is None or answers.get(self.show_when.key) == self.show_when.equals

    @model_validator(mode="after")
    def _choices_match_kind(self) -> FormField:
        if self.kind is FieldKind.CHOICE and len(self.choices) < 2:
            raise ValueError("a choice field needs at least two choices")
        if self.kind is not FieldKind.CHOICE and self.choices:
            raise ValueError("only choice fields have choices")
        return self

    @model_validator(mode="after")
    def _role_fits(self) -> FormField:
        # A role's name is reserved as a key for that role: code that finds no field for a role
        # looks under its name (Session.answer), so such a key must mean that role.
        if self.key in _ROLE_KEYS and self.role is not Role(self.key):
            raise ValueError(f"field {self.key!r}: the kiosk reads the key {self.key!r} as the role "
                             f"{self.key!r}; declare role = \"{self.key}\" (or use another key)")
        if self.role is not None and self.kind.value not in ROLE_FIELD_KINDS[self.role]:
            kinds = ", ".join(sorted(ROLE_FIELD_KINDS[self.role]))
            raise ValueError(f"field {self.key!r}: role {self.role.value!r} needs a field of kind {kinds}, "
                             f"not {self.kind.value}")
        return self


class Step(_Strict):
    """One workflow step. Only form steps carry fields; query/book steps name a service."""

    kind: StepKind
    fields: tuple[FormField, ...] = ()
    service: str | None = None  # for query/book: which server query or calendar; issue: which document
    title: Text | None = None
    # sign steps: the official application form the signature belongs on (居民身份证申领登记表 …),
    # which the citizen may print at the end with the signature on it (kiosk/application_form.py)
    form: Text | None = None

    @model_validator(mode="after")
    def _fields_only_on_forms(self) -> Step:
        if self.kind is StepKind.FORM and not self.fields:
            raise ValueError("a form step needs at least one field")
        if self.kind is not StepKind.FORM and self.fields:
            raise ValueError(f"a {self.kind.value} step has no fields")
        takes_service = STEPS[self.kind].service is not None
        if takes_service and not self.service and not STEPS[self.kind].service_optional:
            raise ValueError(f"a {self.kind.value} step names its service")
        if not takes_service and self.service is not None:
            raise ValueError(f"a {self.kind.value} step names no service")
        if self.form is not None and self.kind is not StepKind.SIGN:
            raise ValueError("only a sign step names an application form")
        earlier: dict[str, FormField] = {}
        for f in self.fields:
            cond = f.show_when
            if cond is not None:
                source = earlier.get(cond.key)
                if source is None or source.kind is not FieldKind.CHOICE:
                    raise ValueError(f"field {f.key!r}: show_when names {cond.key!r}, "
                                     "which is not a choice field earlier on this form")
                if cond.equals not in {c.value for c in source.choices}:
                    raise ValueError(f"field {f.key!r}: {cond.key!r} has no choice {cond.equals!r}")
            earlier[f.key] = f
        return self


class Material(_Strict):
    """A document the citizen must provide (一次性告知)."""

    name: Text
    original: bool = True
    copies: int = Field(default=0, ge=0, le=10)
    deferrable: bool = False  # 容缺: may be brought later, listed on the receipt
    note: Text | None = None


class Exemption(_Strict):
    """A fee exemption by policy. ``rule`` is a machine-checkable condition id. Age rules are
    decided from the birth date; the others only through ``when`` (an answer on the form) —
    without it the kiosk sends the citizen to the counter to claim it (kiosk/fees.py)."""

    rule: Literal["first_issue", "student_holiday", "age_over_70", "age_under_16", "disaster", "lost_stolen_reported"]
    description: Text
    when: Answered | None = None


class Fee(_Strict):
    name: Text
    amount_fen: int = Field(ge=0)
    exemptions: tuple[Exemption, ...] = ()


# dispenser: collected from a kiosk's card dispenser (本机/自助取证机领取, HZ-0601)
DeliveryKind = Literal["instant", "pickup", "mail", "electronic", "dispenser"]


class Guide(_Strict):
    """The complete 一次性告知 for one item."""

    conditions: tuple[Text, ...] = Field(min_length=1)
    eligibility: tuple[Text, ...] = Field(min_length=1)
    materials: tuple[Material, ...] = ()
    fees: tuple[Fee, ...] = ()
    legal_time_limit_days: int | None = Field(default=None, ge=0)
    promised_time_limit_days: int | None = Field(default=None, ge=0)
    visits: Literal[0, 1]
    delivery: tuple[DeliveryKind, ...] = Field(min_length=1)
    legal_basis: tuple[Text, ...] = Field(min_length=1)
    counter: Text  # where to go when the kiosk cannot do it
    examples: tuple[str, ...] = ()  # names of fields whose values are local examples, not national rules

    @model_validator(mode="after")
    def _time_limits_consistent(self) -> Guide:
        legal, promised = self.legal_time_limit_days, self.promised_time_limit_days
        if legal is not None and promised is not None and promised > legal:
            raise ValueError("promised_time_limit_days cannot exceed legal_time_limit_days")
        return self


# Card types the ID card reader tells apart (same values as devices.card_reader.identity.CardType).
CardTypeName = Literal["resident", "hmt_residence", "foreigner_permanent_old", "foreigner_permanent_2023"]


class Rule(_Strict):
    """One eligibility rule (申请条件 the kiosk can check), evaluated by kiosk/eligibility.py.

    Exactly one condition per rule: an age range from the birth date (``age_min``/``age_max``,
    whole years, both inclusive), the ID card's type (``card_types``), or a short yes/no question
    (``ask``, qualified by the answer ``qualifies``). ``otherwise`` tells an ineligible citizen
    where to go instead; ``basis`` names the law it comes from (shown in the guide).
    """

    age_min: int | None = Field(default=None, ge=0, le=150)
    age_max: int | None = Field(default=None, ge=0, le=150)
    card_types: tuple[CardTypeName, ...] = ()
    ask: Text | None = None
    qualifies: Literal["yes", "no"] = "yes"
    otherwise: Text
    basis: Text | None = None

    @property
    def is_age(self) -> bool:
        return self.age_min is not None or self.age_max is not None

    @model_validator(mode="after")
    def _one_condition(self) -> Rule:
        kinds = [self.is_age, bool(self.card_types), self.ask is not None]
        if sum(kinds) != 1:
            raise ValueError("an eligibility rule has exactly one condition: age_min/age_max, card_types or ask")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError("age_min cannot exceed age_max")
        if self.ask is None and "qualifies" in self.model_fields_set:
            raise ValueError("qualifies belongs to an ask rule")
        return self


Relationship = Literal["parent", "child", "spouse", "guardian", "entrusted"]


class Agent(_Strict):
    """Whether someone may do the item for another person (代办), checked by kiosk/on_behalf.py.

    ``allowed = false``: the kiosk says the item is done in person only, with ``basis``.
    ``relationships``: who may act (父母 parent, 子女 child, 配偶 spouse, 监护人 guardian, 受托人
    entrusted). ``staff_check``: the law requires staff to verify the relationship or the power of
    attorney, so the case is marked for a staff check (``basis`` names that law).
    """

    allowed: bool
    relationships: tuple[Relationship, ...] = ()
    staff_check: bool = False
    basis: Text

    @model_validator(mode="after")
    def _consistent(self) -> Agent:
        if self.allowed and not self.relationships:
            raise ValueError("an agent rule that allows agents lists the relationships")
        if not self.allowed and (self.relationships or self.staff_check):
            raise ValueError("an agent rule that allows no agent has no relationships or staff_check")
        return self


class Item(_Strict):
    """One service item (事项)."""

    code: str = Field(pattern=r"^[A-Z]{2,3}-[0-9]{3,4}$")
    area: Area
    name: Text
    summary: Text
    guide: Guide
    requires_devices: tuple[DeviceNeed, ...] = ()
    workflow: tuple[Step, ...] = Field(min_length=2)
    related: tuple[str, ...] = ()  # item codes that can be combined with this one (一事联办)
    instant: bool = False  # 即办件: finished at the kiosk
    eligibility: tuple[Rule, ...] = ()  # who may use it, checked before forms and payment
    agent: Agent | None = None  # 代办: may someone act for another person (None: not asked)

    @model_validator(mode="after")
    def _rules_need_identity(self) -> Item:
        # Age and card type come from the identify step; without it they could never be checked.
        needs_card = any(r.is_age or r.card_types for r in self.eligibility)
        if needs_card and StepKind.IDENTIFY not in self.step_kinds:
            raise ValueError("age and card_types eligibility rules need an identify step")
        if self.agent is not None and StepKind.IDENTIFY not in self.step_kinds:
            raise ValueError("an agent rule needs an identify step (the agent identifies themself)")
        return self

    @field_validator("workflow")
    @classmethod
    def _workflow_shape(cls, steps: tuple[Step, ...]) -> tuple[Step, ...]:
        kinds = [s.kind for s in steps]
        if kinds[0] is not StepKind.GUIDE:
            raise ValueError("a workflow starts with a guide step")
        if StepKind.RESULT in kinds and (StepKind.QUERY not in kinds
                                         or kinds.index(StepKind.QUERY) > kinds.index(StepKind.RESULT)):
            # A result with no search behind it could only pretend ("nothing found").
            raise ValueError("a result step needs a query step before it")
        if StepKind.SUBMIT in kinds and StepKind.REVIEW in kinds:
            if kinds.index(StepKind.REVIEW) > kinds.index(StepKind.SUBMIT):
                raise ValueError("review must come before submit")
        if StepKind.PAY in kinds and StepKind.SUBMIT in kinds and kinds.index(StepKind.PAY) > kinds.index(StepKind.SUBMIT):
            # The case is committed together with its payment: a payment after the case could
            # neither be refunded when the case fails nor tied to it (kiosk/payments/journal.py).
            raise ValueError("pay must come before submit")
        if StepKind.PAY in kinds and StepKind.REVIEW in kinds:
            if kinds.index(StepKind.REVIEW) > kinds.index(StepKind.PAY):
                raise ValueError("review must come before pay")
        return steps

    @property
    def step_kinds(self) -> tuple[StepKind, ...]:
        return tuple(s.kind for s in self.workflow)

    def fields(self) -> Iterable[FormField]:
        for step in self.workflow:
            yield from step.fields

    def provided_roles(self) -> frozenset[Role]:
        """The answer roles this item's fields give, and the identified citizen's with an identify step."""
        roles = {f.role for f in self.fields() if f.role is not None}
        if StepKind.IDENTIFY in self.step_kinds:
            roles |= IDENTIFY_PROVIDES
        return frozenset(roles)


def keys_by_role(items: Iterable[Item]) -> dict[Role, str]:
    """Which answer key holds each role in a session of these items (the first field wins)."""
    keys: dict[Role, str] = {}
    for item in items:
        for f in item.fields():
            if f.role is not None:
                keys.setdefault(f.role, f.key)
    return keys


class CatalogFile(_Strict):
    version: str = Field(min_length=1)
    items: tuple[Item, ...] = Field(min_length=1)


class Catalog:
    """All items, indexed by code, in a stable display order."""

    def __init__(self, items: Sequence[Item], version: str) -> None:
        self.version = version
        self._items = {item.code: item for item in items}

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, code: object) -> bool:
        return code in self._items

    def item(self, code: str) -> Item:
        return self._items[code]

    def items(self) -> list[Item]:
        return list(self._items.values())

    def areas(self) -> list[Area]:
        present = {item.area for item in self._items.values()}
        return [area for area in Area if area in present]

    def in_area(self, area: Area) -> list[Item]:
        return [item for item in self._items.values() if item.area is area]


def _describe(error: ValidationError, data: dict[str, Any]) -> str:
    """Turn pydantic's error list into 'item CODE, field a.b.c: message' lines."""
    lines = []
    errors = error.errors()
    # A bad item also makes pydantic complain that "items" ended up empty: noise, drop it.
    if len(errors) > 1:
        errors = [e for e in errors if tuple(e["loc"]) != ("items",)]
    for err in errors:
        loc = list(err["loc"])
        where = ""
        if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
            items = data.get("items") or []
            code = "?"
            if loc[1] < len(items) and isinstance(items[loc[1]], dict):
                code = str(items[loc[1]].get("code", f"#{loc[1] + 1}"))
            where = f"item {code}, "
            loc = loc[2:]
        field = ".".join(str(part) for part in loc) or "(whole item)"
        lines.append(f"{where}field {field}: {err['msg']}")
    return "; ".join(lines)


def _contract_problem(item: Item) -> str:
    """'field workflow.N.service: why' when the item names a service the code does not provide,
    or uses one (or a step) whose needed answer roles no field of the item gives; else ''."""
    have = item.provided_roles()
    for index, step in enumerate(item.workflow):
        table = STEPS[step.kind].service
        where = f"field workflow.{index}.{'service' if table else 'kind'}"
        provided: Provided = STEPS[step.kind]
        what = f"the {step.kind.value} step"
        if table is not None and step.service is not None:
            services = TABLES[table]
            if step.service not in services:
                return (f"{where}: unknown {table.value} service {step.service!r}; "
                        f"this kiosk provides {', '.join(sorted(services))}")
            provided = services[step.service]
            what = f"the {table.value} service {step.service!r}"
        missing = sorted(r.value for r in provided.needs - have)
        if missing:
            return (f"{where}: {what} needs an answer with role "
                    f"{', '.join(missing)}, and no field of the item declares it")
        if provided.needs_one_of and not provided.needs_one_of & have:
            either = " or ".join(sorted(r.value for r in provided.needs_one_of))
            return f"{where}: {what} needs an answer with role {either}, and no field of the item declares one"
    return ""


def load_file(path: Path) -> CatalogFile:
    """Read and validate one catalog file. Raises CatalogError naming file, item and field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return CatalogFile.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(f"{path}: {_describe(exc, data)}") from exc


def load_catalog(paths: Path | Sequence[Path]) -> Catalog:
    """Load a catalog folder (every ``*.toml`` in it) or a list of files, and cross-check it."""
    if isinstance(paths, Path):
        files = sorted(paths.glob("*.toml")) if paths.is_dir() else [paths]
    else:
        files = list(paths)
    if not files:
        raise CatalogError(f"{paths}: no catalog files (*.toml) found")
    items: list[Item] = []
    origin: dict[str, Path] = {}
    versions: set[str] = set()
    for path in files:
        loaded = load_file(path)
        versions.add(loaded.version)
        for item in loaded.items:
            if item.code in origin:
                raise CatalogError(f"{path}: item {item.code}, field code: duplicate of the item in {origin[item.code]}")
            origin[item.code] = path
            items.append(item)
    for item in items:
        for other in item.related:
            if other not in origin:
                raise CatalogError(f"{origin[item.code]}: item {item.code}, field related: unknown item code {other!r}")
    for item in items:
        problem = _contract_problem(item)
        if problem:
            raise CatalogError(f"{origin[item.code]}: item {item.code}, {problem}")
    if len(versions) > 1:
        raise CatalogError(f"{paths}: files disagree on the catalog version: {sorted(versions)}")
    return Catalog(items, versions.pop())


def default_catalog_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "assets" / "catalog"
