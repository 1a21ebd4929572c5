"""What the code provides, as data the catalog is checked against when it loads.

The catalog (assets/catalog/*.toml) names step kinds, query, booking and document services, and
its fields declare the *role* of their answer (the citizen's phone, the plate number …). The code
provides the step controllers and the services, and reads answers by role, never by a fixed key
(`Session.answer`). This module lists both sides of that contract; `kiosk.catalog.load_catalog`
refuses a catalog that names a service this table lacks, or that uses a service or step without a
field for a role it needs — so a misspelt service is a load error with file, item and field,
not an item that reads "not available here yet" at run time.

It imports nothing of the kiosk (the catalog imports it); tests/kiosk/test_catalog_contract.py
checks that every controller and service named here exists in the code, and the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Role(str, Enum):
    """What an answer means to the code. A form field declares it with ``role = "…"``; the value
    is also the field key the loader reserves for it (a field keyed ``phone`` must be the phone)."""

    NAME = "name"  # the applicant's name (代办: the principal's)
    ID_NUMBER = "id_number"  # the applicant's ID number (代办: the principal's)
    GENDER = "gender"  # the applicant's sex, on the application form
    BIRTH_DATE = "birth_date"  # age rules and age exemptions
    ADDRESS = "address"  # the applicant's residential address, on the application form
    PHONE = "phone"  # SMS contact; kiosk.fields.NO_PHONE when the citizen has none
    DELIVERY_METHOD = "delivery_method"  # one of the guide's delivery kinds (pickup, mail …)
    MAIL_ADDRESS = "mail_address"  # where a mailed result goes
    PLATE_NUMBER = "plate_number"  # a vehicle plate (GA 36)
    VIN = "vin"  # vehicle identification number (ISO 3779)
    CASE_NUMBER = "case_number"  # a receipt's case number (progress query)
    ID_LAST4 = "id_last4"  # last four characters of the applicant's ID number (progress query)
    ITEM_CATEGORY = "item_category"  # kind of lost item
    LOST_DATE = "lost_date"
    RECORD_PURPOSE = "record_purpose"  # what a no-criminal-record certificate is for
    RECEIVING_ORG = "receiving_org"  # who receives that certificate
    RELATIVE_ID_NUMBER = "relative_id_number"  # 亲属关系证明: the relative the register must show
    KIN_RELATION = "kin_relation"  # 亲属关系证明: what the relative is to the applicant
    KINSHIP_PURPOSE = "kinship_purpose"  # 亲属关系证明: what it is for
    ORG_NAME = "org_name"  # an organisation (seal filing, unit record check, event organiser)
    ORG_CREDIT_CODE = "org_credit_code"  # its unified social credit code (GB 32100)
    SEAL_KIND = "seal_kind"  # 印章刻制备案: which seal
    SEAL_REASON = "seal_reason"  # 印章刻制备案: why it is made
    CHECK_SECTOR = "check_sector"  # 单位查询犯罪记录: the sector of the occupational ban
    PERSON_NAME = "person_name"  # 单位查询犯罪记录: the person checked
    PERSON_ID_NUMBER = "person_id_number"  # 单位查询犯罪记录: their ID number


# The field kinds a role's answer may come from (kiosk.catalog.FieldKind values): the code relies
# on the kind's validation (a checked ID number, a mobile number or "none", a GA 36 plate).
ROLE_FIELD_KINDS: dict[Role, frozenset[str]] = {
    Role.NAME: frozenset({"text"}),
    Role.ID_NUMBER: frozenset({"id_number"}),
    Role.GENDER: frozenset({"choice", "text"}),
    Role.BIRTH_DATE: frozenset({"date"}),
    Role.ADDRESS: frozenset({"address", "text"}),
    Role.PHONE: frozenset({"phone"}),
    Role.DELIVERY_METHOD: frozenset({"choice"}),
    Role.MAIL_ADDRESS: frozenset({"address"}),
    Role.PLATE_NUMBER: frozenset({"plate", "text"}),
    Role.VIN: frozenset({"text"}),
    Role.CASE_NUMBER: frozenset({"text"}),
    Role.ID_LAST4: frozenset({"text"}),
    Role.ITEM_CATEGORY: frozenset({"choice", "text"}),
    Role.LOST_DATE: frozenset({"date"}),
    Role.RECORD_PURPOSE: frozenset({"choice", "text"}),
    Role.RECEIVING_ORG: frozenset({"text"}),
    Role.RELATIVE_ID_NUMBER: frozenset({"id_number"}),
    Role.KIN_RELATION: frozenset({"choice"}),
    Role.KINSHIP_PURPOSE: frozenset({"choice", "text"}),
    Role.ORG_NAME: frozenset({"text"}),
    Role.ORG_CREDIT_CODE: frozenset({"text"}),
    Role.SEAL_KIND: frozenset({"choice"}),
    Role.SEAL_REASON: frozenset({"choice"}),
    Role.CHECK_SECTOR: frozenset({"choice"}),
    Role.PERSON_NAME: frozenset({"text"}),
    Role.PERSON_ID_NUMBER: frozenset({"id_number"}),
}

# What an identify step gives without a field: the ID number of the card read, or the one typed and
# matched by face (kiosk/identity.py). Nothing else is sure: a typed number has no name with it.
IDENTIFY_PROVIDES = frozenset({Role.ID_NUMBER})


class StepKind(str, Enum):
    """The one vocabulary of workflow steps. Each kind has one controller and one screen."""

    GUIDE = "guide"
    CONSENT = "consent"
    IDENTIFY = "identify"
    FORM = "form"
    PHOTO = "photo"
    REVIEW = "review"
    SIGN = "sign"
    PAY = "pay"
    SUBMIT = "submit"
    RECEIPT = "receipt"
    ISSUE = "issue"  # a document made and signed by the centre, printed here (kiosk/issuing.py)
    QUERY = "query"
    RESULT = "result"
    BOOK = "book"
    DONE = "done"
    RATE = "rate"
    COLLECT = "collect"  # take a finished card from the dispenser (kiosk/collect.py)
    FINGERPRINT = "fingerprint"  # two fingers, each taken twice (kiosk/steps/fingerprint.py)


class ServiceTable(str, Enum):
    """Which table a step's ``service`` names an entry of."""

    QUERY = "query"
    BOOK = "book"
    DOCUMENT = "document"
    CHECK = "check"  # the centre's check of an application on its review step (optional there)


@dataclass(frozen=True)
class Provided:
    """One thing the code provides, where, and the answer roles it uses.

    ``code`` is "module:attribute" (checked by the tests). ``needs``: an item using it must have
    a field for every one of these roles (or an identify step, for IDENTIFY_PROVIDES);
    ``needs_one_of``: for at least one; ``reads``: used when the item has it, fine without.
    """

    code: str
    needs: frozenset[Role] = frozenset()
    needs_one_of: frozenset[Role] = frozenset()
    reads: frozenset[Role] = frozenset()


@dataclass(frozen=True)
class StepProvided(Provided):
    service: ServiceTable | None = None  # the table its `service` names; None: it names none
    service_optional: bool = False  # the step may name one (a review's centre check) or none


def _roles(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


_FLOW = "kiosk.workflow:Workflow"  # guide, consent, form, review, sign and done are Workflow's own

STEPS: dict[StepKind, StepProvided] = {
    StepKind.GUIDE: StepProvided(_FLOW),
    StepKind.CONSENT: StepProvided(_FLOW),
    StepKind.IDENTIFY: StepProvided("kiosk.identity:IdentifyController", reads=_roles(Role.ID_NUMBER)),
    StepKind.FORM: StepProvided(_FLOW),
    StepKind.PHOTO: StepProvided("kiosk.photo_capture:PhotoCapture"),
    # 零差错: name, sex and ID number are highlighted for checking (Workflow.review_rows)
    StepKind.REVIEW: StepProvided(_FLOW, reads=_roles(Role.NAME, Role.GENDER, Role.ID_NUMBER),
                                  service=ServiceTable.CHECK, service_optional=True),
    # the application form's applicant rows (kiosk/application_form.py)
    StepKind.SIGN: StepProvided(_FLOW, reads=_roles(Role.NAME, Role.GENDER, Role.BIRTH_DATE, Role.ID_NUMBER,
                                                    Role.ADDRESS)),
    # age exemptions from the birth date or the ID number (kiosk/fees.py)
    StepKind.PAY: StepProvided("kiosk.steps.pay:PayController", reads=_roles(Role.BIRTH_DATE, Role.ID_NUMBER)),
    StepKind.SUBMIT: StepProvided("kiosk.steps.submit:SubmitController"),
    StepKind.RECEIPT: StepProvided("kiosk.receipts:fill_acceptance",
                                   reads=_roles(Role.DELIVERY_METHOD, Role.ID_NUMBER, Role.PHONE)),
    StepKind.ISSUE: StepProvided("kiosk.issuing:DocumentIssuer", service=ServiceTable.DOCUMENT),
    StepKind.QUERY: StepProvided("kiosk.steps.query:QueryController", service=ServiceTable.QUERY),
    StepKind.RESULT: StepProvided("kiosk.steps.query:QueryController"),  # shows what the query found
    StepKind.BOOK: StepProvided("kiosk.steps.book:BookController", service=ServiceTable.BOOK),
    StepKind.DONE: StepProvided(_FLOW, reads=_roles(Role.PHONE)),  # "no SMS will come" without a phone
    StepKind.RATE: StepProvided("kiosk.steps.rate:RateController"),
    StepKind.COLLECT: StepProvided("kiosk.collect:CollectController"),
    StepKind.FINGERPRINT: StepProvided("kiosk.steps.fingerprint:FingerprintController"),
}

_CASE = Provided("kiosk.queries:case_progress", needs=_roles(Role.CASE_NUMBER, Role.ID_LAST4))
_OWN = _roles(Role.ID_NUMBER)  # own records: the identified citizen's number

# Query services (kiosk/queries.py QUERY_SERVICES; the server's side in server/queries.py and
# server/own_records.py).
QUERIES: dict[str, Provided] = {
    "case_progress": _CASE,
    "id_card_progress": _CASE,
    "lost_and_found": Provided("kiosk.queries:lost_and_found", reads=_roles(Role.ITEM_CATEGORY, Role.LOST_DATE)),
    # by plate, or by the identified driver's ID number (JG-0101 asks no plate)
    "traffic_violations": Provided("kiosk.queries:traffic_violations",
                                   needs_one_of=_roles(Role.PLATE_NUMBER, Role.ID_NUMBER),
                                   reads=_roles(Role.PLATE_NUMBER, Role.ID_NUMBER)),
    "household_record": Provided("kiosk.queries:household_record", needs=_OWN),
    "exit_entry_records": Provided("kiosk.queries:exit_entry_records", needs=_OWN),
    "vehicle_inspection_status": Provided("kiosk.queries:vehicle_inspection_status",
                                          needs=_roles(Role.PLATE_NUMBER, Role.ID_NUMBER)),
}

# Booking calendars (the server's calendar names; kiosk/steps/book.py books them). The booking
# carries a name and a phone for the confirmation SMS (kiosk.appointments.contact_of).
_CONTACT = _roles(Role.NAME, Role.PHONE)
BOOKINGS: dict[str, Provided] = {
    "fingerprint": Provided("kiosk.steps.book:BookController", needs=_CONTACT),
    "counter": Provided("kiosk.steps.book:BookController", needs=_CONTACT),
    "vehicle": Provided("kiosk.steps.book:BookController", needs=_CONTACT),
}

# Documents an issue step makes (kiosk/issuing.py; the centre's side in server/documents.py).
# The identified citizen's ID number is what a document is issued for.
DOCUMENTS: dict[str, Provided] = {
    "hukou": Provided("kiosk.issuing:DocumentIssuer", needs=_OWN),
    "residence_endorsement": Provided("kiosk.issuing:DocumentIssuer", needs=_OWN),
    "no_criminal_record": Provided("kiosk.issuing:DocumentIssuer", needs=_roles(Role.ID_NUMBER, Role.RECORD_PURPOSE),
                                   reads=_roles(Role.RECEIVING_ORG)),
    "temporary_plate": Provided("kiosk.issuing:DocumentIssuer", needs=_roles(Role.ID_NUMBER, Role.VIN)),
    "kinship": Provided("kiosk.issuing:DocumentIssuer",
                        needs=_roles(Role.ID_NUMBER, Role.RELATIVE_ID_NUMBER, Role.KIN_RELATION),
                        reads=_roles(Role.KINSHIP_PURPOSE)),
    "seal_filing": Provided("kiosk.issuing:DocumentIssuer",
                            needs=_roles(Role.ID_NUMBER, Role.ORG_NAME, Role.ORG_CREDIT_CODE, Role.SEAL_KIND,
                                         Role.SEAL_REASON)),
    "unit_record_check": Provided("kiosk.issuing:DocumentIssuer",
                                  needs=_roles(Role.ID_NUMBER, Role.ORG_NAME, Role.ORG_CREDIT_CODE,
                                               Role.CHECK_SECTOR, Role.PERSON_NAME, Role.PERSON_ID_NUMBER)),
}

# The centre's checks of an application before it is signed, paid or submitted (the review step's
# `service`; kiosk/steps/centre_check.py, server/centre_checks.py): asked for the identified citizen.
_CHECK = Provided("kiosk.steps.centre_check:CentreCheckController", needs=_OWN)
CHECKS: dict[str, Provided] = {
    "residence_permit": _CHECK,
    "temporary_id_card": _CHECK,
    "security_guard": _CHECK,
    "birth_registration": _CHECK,
    "hotel_licence": _CHECK,
}

TABLES: dict[ServiceTable, dict[str, Provided]] = {
    ServiceTable.QUERY: QUERIES,
    ServiceTable.BOOK: BOOKINGS,
    ServiceTable.DOCUMENT: DOCUMENTS,
    ServiceTable.CHECK: CHECKS,
}
