"""Issuing a document on the spot (户籍证明), Qt-free: the UI screen drives it from a worker thread
and shows `view()`.

identify done → ask the centre for the register extract (it makes and signs the document) →
render the A4 PDF in memory → print it on the document printer → tell the centre it came out →
ask the centre for a one-time link to the signed electronic copy (电子证照), shown as a QR.

Nothing is issued twice: the centre gives one document per request, and hands the same document
(same verification code) out again while it has not been printed, for 24 h, at any kiosk. A paper
out or jam mid-document cancels the printer job (the rest never comes out later), tells the
centre the print failed, and offers a reprint of the same document. The PDF carries a name and
an ID number: it exists only in memory and is sent only to the printer."""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from devices.document_printer.driver import DocumentPrinter
from devices.status import DeviceFailure
from doclayout.model import BadDocument, IssuedDocument
from kiosk.catalog import StepKind
from kiosk.messages import Bilingual, fill, translate
from kiosk.registry import DOCUMENTS, Role
from kiosk.session import Session
from kiosk.sync.client import ServerClient
from kiosk.sync.errors import ApiError, SyncError
from kiosk.workflow import Workflow

log = logging.getLogger("kiosk.issuing")


class Phase(str, enum.Enum):
    READY = "ready"  # identified, nothing asked yet
    REQUESTING = "requesting"  # asking the centre for the document
    PRINTING = "printing"
    DONE = "done"  # printed, and the centre knows
    NOT_REGISTERED = "not_registered"  # the register has no entry: the counter helps
    PRINTER_FAULT = "printer_fault"  # did not come out whole: reprint (same document) offered
    CENTRE_UNAVAILABLE = "centre_unavailable"  # nothing issued; try again later
    COUNTER = "counter"  # the centre decided it is handled at a counter (where and why from it)
    UNVERIFIED = "unverified"  # no face match this visit: the counter issues it
    PRINTER_UNAVAILABLE = "printer_unavailable"  # no document printer here: nothing asked


# The issue step's `service` values the kiosk can issue (the catalog names one per issue step).
ISSUE_SERVICES = frozenset(DOCUMENTS)  # the registry lists them with the answer roles they need
# Delivered only as the signed electronic document (电子证照 link shown as a QR), never printed:
# the 查询告知函 goes to the organisation, not into the hall's A4 tray (no printer needed).
ELECTRONIC_ONLY = frozenset({"unit_record_check"})
# Documents printed on special stock from the printer's plate tray (DocumentPrinter.plate_media)
PLATE_KINDS = frozenset({"temporary_plate"})
# Answers of the item's form the centre prints on the document, by document kind: wire name →
# the answer's role (whatever key the catalog gives the field).
DETAILS: dict[str, dict[str, Role]] = {
    "no_criminal_record": {"purpose": Role.RECORD_PURPOSE, "receiving_org": Role.RECEIVING_ORG},
    "temporary_plate": {"vin": Role.VIN},
    "kinship": {"relative_id_number": Role.RELATIVE_ID_NUMBER, "relationship": Role.KIN_RELATION,
                "kinship_purpose": Role.KINSHIP_PURPOSE},
    "seal_filing": {"org_name": Role.ORG_NAME, "org_credit_code": Role.ORG_CREDIT_CODE,
                    "seal_kind": Role.SEAL_KIND, "seal_reason": Role.SEAL_REASON},
    "unit_record_check": {"org_name": Role.ORG_NAME, "org_credit_code": Role.ORG_CREDIT_CODE,
                          "check_sector": Role.CHECK_SECTOR, "person_name": Role.PERSON_NAME,
                          "person_id_number": Role.PERSON_ID_NUMBER},
}
# Kinds whose paper is a receipt of something recorded (a filing), not a certificate: the
# screen says 回执 / receipt where it would say 证明 / certificate.
RECEIPT_KINDS = frozenset({"seal_filing"})


# where and why for a VIN the centre cannot take (ISO 3779: 17 characters, no I, O or Q)
BAD_VIN: tuple[Bilingual, Bilingual] = (
    translate("Issuing", "the vehicle administration office or a vehicle registration service point"),
    translate("Issuing", "The vehicle identification number (VIN) entered is not a valid 17-character VIN "
                         "(it never contains I, O or Q)."),
)


# Kinds the centre checks before the fee is taken (`POST …/{kind}/check`: the same refusals as
# issuing, nothing issued): a citizen is never charged for a document the centre then refuses.
CHECKED_BEFORE_FEE = frozenset({"temporary_plate"})

# What the pay step says when the check did not say yes (the refusals' where/why come from the
# centre or BAD_VIN; these add that nothing was charged).
CHECK_MESSAGES: dict[Phase, Bilingual] = {
    Phase.CENTRE_UNAVAILABLE: translate(
        "Issuing", "The vehicle register cannot be reached to check your vehicle; nothing was charged. "
                   "Please try again later or go to the counter."),
    Phase.NOT_REGISTERED: translate(
        "Issuing", "No household registration was found for you, so this cannot be done here; nothing was "
                   "charged. Please go to the counter."),
    Phase.UNVERIFIED: translate(
        "Issuing", "This is done here only after your face was checked against your ID. That did not "
                   "happen this time; nothing was charged. Please go to the counter."),
    Phase.PRINTER_UNAVAILABLE: translate(
        "Issuing", "This kiosk cannot print the temporary plate; nothing was charged. "
                   "Please use another kiosk or the counter."),
}

# The centre's refusal (its why, then where to go instead), at the issue step and before the fee.
GO_THERE_NOTHING_ISSUED = translate("Issuing", "{why} Please go to {where}. Nothing was issued.")
GO_THERE_NOTHING_CHARGED = translate("Issuing", "{why} Please go to {where}. Nothing was charged.")

# where and why when the centre refuses what was typed on the form (422), by kind: said as it is,
# never "try again" (the same answer would be refused again)
BAD_INPUT: dict[str, tuple[Bilingual, Bilingual]] = {
    "temporary_plate": BAD_VIN,
    "seal_filing": (
        translate("Issuing", "this kiosk again (check the code on the business licence) or the public-order "
                             "counter"),
        translate("Issuing", "The unified social credit code entered is not a valid 18-character code (its "
                             "check character does not fit, GB 32100); nothing was filed."),
    ),
    "unit_record_check": (
        translate("Issuing", "this kiosk again (check the code on the business licence) or the police station "
                             "where the organisation is located"),
        translate("Issuing", "The unified social credit code entered is not a valid 18-character code (its "
                             "check character does not fit, GB 32100); nothing was checked."),
    ),
    "kinship": (
        translate("Issuing", "this kiosk again"),
        translate("Issuing", "The relative's ID number entered is your own; nothing was issued."),
    ),
}


# What an electronic-only document's screen says instead (nothing is printed)
ELECTRONIC_TEXT: dict[Phase, Bilingual] = {
    Phase.REQUESTING: translate("Issuing", "Checking, please wait…"),
    Phase.DONE: translate("Issuing", "Scan the QR code to download the letter"),
}
ELECTRONIC_MESSAGE: dict[Phase, Bilingual] = {
    Phase.DONE: translate("Issuing", "The notification letter is issued as a digitally signed electronic "
                                     "document; nothing is printed here. Scan the QR code with your phone to "
                                     "download it for your organisation."),
    Phase.CENTRE_UNAVAILABLE: translate("Issuing", "The download link for the letter cannot be made right "
                                                   "now. Please try again later or go to the police station "
                                                   "where the organisation is located."),
}


ECOPY_NOTES: dict[str, Bilingual] = {
    "unit_record_check": translate("Issuing", "Scan this QR code with your phone to download the letter as a "
                                              "digitally signed PDF (valid for 24 hours, at most 3 "
                                              "downloads)."),
    "seal_filing": translate("Issuing", "Electronic copy: scan this QR code with your phone to download the "
                                        "filing receipt as a digitally signed PDF (valid for 24 hours, at "
                                        "most 3 downloads)."),
}


def for_kind(text: Bilingual, kind: str) -> Bilingual:
    """The phase texts name a certificate; a filing's paper is its receipt."""
    if kind not in RECEIPT_KINDS:
        return text
    return {"zh": text["zh"].replace("证明", "备案回执").replace("户籍系统", "公安机关"),
            "en": text["en"].replace("certificate", "filing receipt")
            .replace("registration system", "police system")}


def details_from(kind: str, session: Session) -> dict[str, str]:
    return {wire: session.answer(role) for wire, role in DETAILS.get(kind, {}).items()}

TITLES: dict[Phase, Bilingual] = {
    Phase.READY: translate("Issuing", "Issuing your certificate…"),
    Phase.REQUESTING: translate("Issuing", "Asking the registration system for your certificate…"),
    Phase.PRINTING: translate("Issuing", "Printing your certificate, please wait…"),
    Phase.DONE: translate("Issuing", "Please take your certificate"),
    Phase.COUNTER: translate("Issuing", "Please go to the counter"),
    Phase.NOT_REGISTERED: translate("Issuing", "Please go to the counter"),
    Phase.PRINTER_FAULT: translate("Issuing", "The certificate was not printed"),
    Phase.CENTRE_UNAVAILABLE: translate("Issuing", "The certificate cannot be issued right now"),
    Phase.UNVERIFIED: translate("Issuing", "Please go to the counter"),
    Phase.PRINTER_UNAVAILABLE: translate("Issuing", "Certificates cannot be printed here right now"),
}

MESSAGES: dict[Phase, Bilingual] = {
    Phase.PRINTING: translate("Issuing", "The certificate comes out of the A4 tray below. Please stay here."),
    Phase.UNVERIFIED: translate(
        "Issuing", "A certificate is issued here only after your face was checked against your ID. "
                   "That did not happen this time; nothing was issued. Please go to the counter."),
    Phase.PRINTER_UNAVAILABLE: translate(
        "Issuing", "This kiosk's document printer is not working; nothing was issued. "
                   "Please use another kiosk or the counter."),
    Phase.NOT_REGISTERED: translate(
        "Issuing", "No household registration was found for you. Please go to the counter."),
    Phase.CENTRE_UNAVAILABLE: translate(
        "Issuing", "The registration system cannot be reached; nothing was issued. "
                   "Please try again later or go to the counter."),
    Phase.PRINTER_FAULT: translate(
        "Issuing", "Printing did not finish (paper out or jammed); the certificate was not issued. "
                   "Within 24 hours you can print the same certificate at any kiosk."),
    Phase.DONE: translate("Issuing", "Your certificate is printed; please take it. Scan its QR code to verify it."),
}


@dataclass(frozen=True)
class IssueView:
    phase: Phase
    message: Bilingual | None
    code: str | None = None  # verification code (not personal data)
    reprint: bool = False  # the centre handed out an earlier, unprinted document
    printer_error: str | None = None  # DeviceError code, for staff
    can_retry: bool = False
    # the one-time link to the signed electronic copy (电子证照), shown as a QR once printed; None:
    # the centre could not make one now (the paper is what counts). A bearer link to the whole
    # document: only on the screen, never logged, gone with the session.
    ecopy_url: str | None = field(default=None, repr=False)
    kind: str = "hukou"  # what is issued (the texts say 回执 for a filing)

    @property
    def ecopy_note(self) -> Bilingual | None:
        """Beside the electronic copy's QR, for a paper that is not a certificate (None: the
        screen's own certificate text)."""
        return ECOPY_NOTES.get(self.kind)

    @property
    def title(self) -> Bilingual:
        if self.kind in ELECTRONIC_ONLY and self.phase in ELECTRONIC_TEXT:
            return ELECTRONIC_TEXT[self.phase]
        return for_kind(TITLES[self.phase], self.kind)

    @property
    def finished(self) -> bool:
        """Nothing more to do here: the citizen moves on (with the paper, or to the counter)."""
        return self.phase in (Phase.DONE, Phase.NOT_REGISTERED, Phase.UNVERIFIED, Phase.PRINTER_UNAVAILABLE,
                              Phase.COUNTER)


@dataclass(frozen=True)
class FeeCheck:
    """The answer before the fee (`DocumentIssuer.check`): go on to pay, or why not."""

    ok: bool
    message: Bilingual | None  # why not and where to go, zh/en, saying nothing was charged
    can_retry: bool  # the centre could not be reached: asking again may help


class DocumentIssuer:
    """One document of `kind` (an issue step's `service`: "hukou", "no_criminal_record")."""

    def __init__(
        self,
        client: ServerClient | None,
        printer: DocumentPrinter | None,
        id_number: str | None,
        kind: str = "hukou",
        details: dict[str, str] | None = None,
    ) -> None:
        if kind not in ISSUE_SERVICES:
            raise ValueError(f"no such document kind {kind!r}")
        self.kind = kind
        self._details = dict(details or {})  # form answers the centre prints (purpose, recipient)
        self._counter: tuple[Bilingual, Bilingual] | None = None  # the centre's where and why
        self._client = client  # None: the centre is not linked (offline)
        self._printer = printer  # None: no document printer on this kiosk
        # the number the identify step's face check matched (Session.verified_id_number); None:
        # not verified here, so nothing is asked of the centre
        self._id_number = id_number
        self._request_id = (
            uuid.uuid4().hex
        )  # one per session: a retried request is the same request
        self._phase = Phase.READY
        self._doc: IssuedDocument | None = None
        self._pdf: bytes | None = None
        self._printer_error: str | None = None
        self._ecopy_url: str | None = None

    # -- the one transition function --------------------------------------------------------------
    def _to(self, phase: Phase, why: str = "") -> None:
        code = self._doc.code[:4] + "…" if self._doc else "-"
        log.info(
            "issuing %s %s: %s -> %s%s",
            self.kind,
            code,
            self._phase.value,
            phase.value,
            f" ({why})" if why else "",
        )
        self._phase = phase

    @property
    def phase(self) -> Phase:
        return self._phase

    def view(self) -> IssueView:
        message = MESSAGES.get(self._phase)
        if message is not None:
            message = for_kind(message, self.kind)
        if self.kind in ELECTRONIC_ONLY and self._phase in ELECTRONIC_MESSAGE and self._doc is not None:
            message = ELECTRONIC_MESSAGE[self._phase]
        if self._phase is Phase.COUNTER and self._counter is not None:
            where, why = self._counter
            message = for_kind(fill(GO_THERE_NOTHING_ISSUED, why=why, where=where), self.kind)
        return IssueView(
            self._phase,
            message,
            self._doc.code if self._doc else None,
            bool(self._doc and self._doc.reprint),
            self._printer_error,
            self._phase in (Phase.PRINTER_FAULT, Phase.CENTRE_UNAVAILABLE),
            self._ecopy_url if self._phase is Phase.DONE else None,
            self.kind,
        )

    # -- the flow --------------------------------------------------------------------------------
    def run(self) -> IssueView:
        """Request (if not done yet), print, record. Call again after PRINTER_FAULT to reprint the
        same document, or after CENTRE_UNAVAILABLE to ask again. Blocking: run it off the UI thread."""
        if self.view().finished:
            return self.view()
        if not self._can_issue_here():
            return self.view()
        media = self._printer.plate_media() if self._printer is not None and self.kind in PLATE_KINDS else None
        if self._doc is None:
            if self._client is None:
                self._to(Phase.CENTRE_UNAVAILABLE, "not linked")
                return self.view()
            self._to(Phase.REQUESTING)
            try:
                _status, answer = self._client.request(
                    "POST",
                    f"/api/v1/documents/{self.kind}",
                    endpoint=f"documents/{self.kind}",
                    json_body={"request_id": self._request_id, "id_number": self._id_number,
                               **self._details},
                )
                self._doc = IssuedDocument.from_centre(answer)
            except ApiError as exc:
                self._refused(exc)
                return self.view()
            except (SyncError, BadDocument) as exc:
                self._to(Phase.CENTRE_UNAVAILABLE, type(exc).__name__)
                return self.view()
            if self.kind not in ELECTRONIC_ONLY:
                # reportlab costs ≈ 0.4 s at import: loaded the first time a certificate is printed.
                from doclayout.pdf import render_pdf

                self._pdf = render_pdf(self._doc)
        if self.kind in ELECTRONIC_ONLY:
            # delivered as the signed electronic document: its link is the delivery
            self._ecopy_url = self._electronic_copy()
            if self._ecopy_url is None:
                self._to(Phase.CENTRE_UNAVAILABLE, "no electronic copy link")
            else:
                self._to(Phase.DONE, "electronic document offered")
            return self.view()
        assert self._pdf is not None and self._doc is not None and self._printer is not None
        self._to(Phase.PRINTING, "reprint of an unprinted document" if self._doc.reprint else "")
        try:
            # job-name is visible in the printer's queue and spool: neither the name nor the
            # code (the code opens the public verification page, which shows the name)
            self._printer.print_pdf(self._pdf, self.kind.replace("_", "-") + "-certificate", media)
        except DeviceFailure as exc:
            self._printer_error = exc.error.code
            self._report("failed")
            self._to(Phase.PRINTER_FAULT, exc.error.code)
            return self.view()
        self._printer_error = None
        self._report("printed")
        self._pdf = None  # printed: the personal data leaves memory with the session
        self._ecopy_url = self._electronic_copy()
        self._to(Phase.DONE, "electronic copy offered" if self._ecopy_url else "no electronic copy")
        return self.view()

    def _electronic_copy(self) -> str | None:
        """A one-time link to the centre's signed electronic copy of the printed document (the
        centre makes it only for a document it knows was printed). None when it cannot now:
        the citizen has the paper, which is what counts."""
        assert self._doc is not None and self._client is not None
        try:
            _status, answer = self._client.request(
                "POST", f"/api/v1/documents/{self._doc.code}/ecopy", endpoint="documents/ecopy", json_body={})
        except SyncError as exc:  # ApiError too (409 not_printed: the print report was lost)
            log.warning("issuing: no electronic copy link: %s", type(exc).__name__)
            return None
        url = answer.get("url")
        return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None
    def check(self) -> FeeCheck:
        """Before the fee: would this document be issued and printed here? If not, the phase is
        the one `run()` would have ended in (UNVERIFIED, PRINTER_UNAVAILABLE, COUNTER with where and
        why, NOT_REGISTERED, CENTRE_UNAVAILABLE). Only kinds in CHECKED_BEFORE_FEE are asked of the
        centre; nothing is issued or recorded. Blocking: run it off the UI thread."""
        if self._phase is Phase.CENTRE_UNAVAILABLE:
            self._to(Phase.READY, "check again")
        if self._phase is Phase.READY and self._can_issue_here() and self.kind in CHECKED_BEFORE_FEE:
            if self._client is None:
                self._to(Phase.CENTRE_UNAVAILABLE, "not linked")
            else:
                try:
                    self._client.request("POST", f"/api/v1/documents/{self.kind}/check",
                                         endpoint=f"documents/{self.kind}/check",
                                         json_body={"id_number": self._id_number, **self._details})
                except ApiError as exc:
                    self._refused(exc)
                except SyncError as exc:
                    self._to(Phase.CENTRE_UNAVAILABLE, f"check: {type(exc).__name__}")
        if self._phase is Phase.READY:
            return FeeCheck(True, None, False)
        message = CHECK_MESSAGES.get(self._phase)
        if self._phase is Phase.COUNTER and self._counter is not None:
            where, why = self._counter
            message = fill(GO_THERE_NOTHING_CHARGED, why=why, where=where)
        return FeeCheck(False, message, self._phase is Phase.CENTRE_UNAVAILABLE)

    def _can_issue_here(self) -> bool:
        """What the kiosk knows without asking: a face-matched ID number and a printer (with plate
        stock for a plate). False: the phase says why (nothing is asked of the centre)."""
        if self._id_number is None:
            self._to(Phase.UNVERIFIED)
            return False
        if self.kind in ELECTRONIC_ONLY:
            return True  # nothing comes out of a printer
        if self._printer is not None and self.kind in PLATE_KINDS and self._printer.plate_media() is None:
            self._to(Phase.PRINTER_UNAVAILABLE, "no plate tray")  # an A4 sheet is no plate
            return False
        if self._printer is None:
            self._to(Phase.PRINTER_UNAVAILABLE)  # checked first: never issue what cannot come out
            return False
        return True

    def _refused(self, exc: ApiError) -> None:
        """The centre said no (issuing or its check): where and why when it gave them."""
        if exc.error == "invalid" and self.kind in BAD_INPUT:
            # the centre refused what was typed on the form (a VIN, a credit code): say so,
            # never "try again"
            self._counter = BAD_INPUT[self.kind]
            self._to(Phase.COUNTER, "invalid input")
        elif exc.error == "counter":
            self._counter = _where_why(exc.body)
            self._to(Phase.COUNTER if self._counter else Phase.CENTRE_UNAVAILABLE, exc.error)
        else:
            self._to(Phase.NOT_REGISTERED if exc.error == "not_registered" else Phase.CENTRE_UNAVAILABLE,
                     exc.error)

    def _report(self, outcome: str) -> None:
        """Tell the centre. Three tries; a printed document the centre did not hear about stays
        'unprinted' there, so at worst it can be printed once more within 24 h (never a new one)."""
        assert self._doc is not None and self._client is not None
        for attempt in range(3):
            try:
                self._client.request(
                    "POST",
                    f"/api/v1/documents/{self._doc.code}/print",
                    endpoint="documents/print",
                    json_body={"outcome": outcome},
                )
                return
            except SyncError as exc:
                log.warning(
                    "issuing: print report %s not delivered (try %d): %s",
                    outcome,
                    attempt + 1,
                    type(exc).__name__,
                )


class HukouIssuer(DocumentIssuer):
    """户籍证明 (the first kind; kept for its callers)."""

    def __init__(
        self, client: ServerClient | None, printer: DocumentPrinter | None, id_number: str | None
    ) -> None:
        super().__init__(client, printer, id_number, "hukou")


def _where_why(body: dict[str, object]) -> tuple[Bilingual, Bilingual] | None:
    """The centre's `where` and `why`, each [zh, en]; None when the answer lacks them."""
    where, why = body.get("where"), body.get("why")
    if not (isinstance(where, list) and isinstance(why, list) and len(where) == len(why) == 2):
        return None
    if not all(isinstance(t, str) and t for t in (*where, *why)):
        return None
    return {"zh": where[0], "en": where[1]}, {"zh": why[0], "en": why[1]}


def fee_check_for(flow: Workflow, server: Callable[[], ServerClient | None],
                  printer: DocumentPrinter | None) -> Callable[[], FeeCheck] | None:
    """The check to make before this case's fee is taken: the documents its later issue steps will
    ask for, where the centre can check them first (CHECKED_BEFORE_FEE). None: nothing to check.
    `server` is asked on every check: a link that comes back makes "try again" work."""
    session = flow.session
    kinds = [s.service for s in flow.steps[flow.index + 1:]
             if s.kind is StepKind.ISSUE and s.service in CHECKED_BEFORE_FEE]
    if not kinds:
        return None

    def check() -> FeeCheck:
        for kind in kinds:
            assert kind is not None
            issuer = DocumentIssuer(server(), printer, session.verified_id_number, kind,
                                    details_from(kind, session))
            answer = issuer.check()
            if not answer.ok:
                return answer
        return FeeCheck(True, None, False)

    return check
