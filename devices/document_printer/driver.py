"""An A4 document printer (户籍证明 and other issued documents) reached over IPP (RFC 8011).

`spec.port` is the printer URI: ipp://host:631/ipp/print (an IPP Everywhere printer) or
ipp://localhost:631/printers/<queue> (a CUPS queue). The kiosk sends PDF (every IPP Everywhere
printer accepts it), then follows the job until it is completed; a job that stops (paper out,
jam) is cancelled so the rest of the document cannot come out later after someone reloads paper:
the kiosk then prints a whole new copy instead (nothing issued twice, nothing half-issued).

Options: timeout_s (one HTTP exchange, default 5), job_timeout_s (whole job, default 120),
poll_s (default 0.25), user (requesting-user-name, default "kiosk"), plate_tray (the
media-source keyword of the tray loaded with temporary-plate stock, e.g. "tray-2"; none: no
plates here), plate_media_type (its media-type keyword, default "labels")."""

from __future__ import annotations

import itertools
import logging
import re
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when a document is sent: not before the kiosk's first frame (issue #16)
    import requests

from devices.base import Device, SelfTestResult
from devices.document_printer import ipp
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceError, DeviceFailure, DeviceStatus, MediaState

log = logging.getLogger("devices.document_printer")

# printer-state-reasons (RFC 8011 §5.4.12, PWG 5100.9) -> (our error code, media state). The
# first one found wins, so the order is the order of what a technician must fix first.
REASONS: list[tuple[str, str, MediaState]] = [
    ("media-jam", "paper_jam", MediaState.JAMMED),
    ("media-empty", "paper_empty", MediaState.EMPTY),
    ("media-needed", "paper_empty", MediaState.EMPTY),
    ("door-open", "cover_open", MediaState.OK),
    ("cover-open", "cover_open", MediaState.OK),
    ("offline", "printer_offline", MediaState.OK),
    ("shutdown", "printer_offline", MediaState.OK),
]
TERMINAL = {ipp.JOB_CANCELED, ipp.JOB_ABORTED, ipp.JOB_COMPLETED}


@dataclass(frozen=True)
class Media:
    """Which tray and stock a document is printed on: the IPP job's `media-col` members
    `media-source` and `media-type` (PWG 5100.7 / 5100.3 keywords, e.g. "tray-2", "labels", or a
    site's own keyword for a plate stock)."""

    source: str
    type: str


MEDIA_KEYWORD = re.compile(r"^[a-z][a-z0-9._-]{0,62}$")  # RFC 8011 §5.1.4 keyword syntax


@dataclass(frozen=True)
class PrintedJob:
    job_id: int
    sheets: int  # job-media-sheets-completed (or impressions) as the printer reports it
    # media-col as the printer kept it for the job (None when it does not report it)
    media: Media | None = None


def to_device_status(printer_state: int, reasons: list[str], message: str = "") -> DeviceStatus:
    """Map printer-state + printer-state-reasons to the project's status vocabulary."""
    keys = [ipp.strip_reason(r) for r in reasons if r != "none"]
    detail = ",".join(reasons)
    for reason, code, media in REASONS:
        if reason in keys:
            availability = (
                Availability.OFFLINE if code == "printer_offline" else Availability.HARDWARE_ERROR
            )
            if media in (MediaState.EMPTY, MediaState.JAMMED):
                availability = Availability.ONLINE  # answers; the media state says it cannot print
            return DeviceStatus(availability, media, DeviceError(code, message or reason, detail))
    media = MediaState.LOW if "media-low" in keys else MediaState.OK
    if printer_state == ipp.PRINTER_STOPPED:
        return DeviceStatus(
            Availability.HARDWARE_ERROR,
            media,
            DeviceError("printer_error", message or "printer stopped", detail),
        )
    availability = (
        Availability.BUSY if printer_state == ipp.PRINTER_PROCESSING else Availability.ONLINE
    )
    return DeviceStatus(availability, media, None, {"state": str(printer_state)})


def _new_session() -> requests.Session:
    import requests

    session = requests.Session()
    session.trust_env = False  # a stray HTTP_PROXY must not carry documents off the kiosk
    return session


class DocumentPrinter(Device):
    """What the kiosk needs from an A4 document printer."""

    kind = DeviceKind.DOCUMENT_PRINTER

    def print_pdf(self, pdf: bytes, job_name: str, media: Media | None = None) -> PrintedJob:
        """Print one document (from the tray and stock `media` names; None: the printer's default
        A4 tray) and wait until the printer says it is completed. Raises DeviceFailure
        (paper_empty, paper_jam, cover_open, printer_offline, not_connected, job_aborted, timeout)
        when the document did not come out whole."""
        raise NotImplementedError

    def plate_media(self) -> Media | None:
        """The tray holding temporary-plate stock, from the config (`plate_tray`,
        `plate_media_type`, default "labels"); None: this printer has no plate tray."""
        tray = self.spec.options.get("plate_tray")
        if not tray:
            return None
        media = Media(str(tray), str(self.spec.options.get("plate_media_type", "labels")))
        if not (MEDIA_KEYWORD.match(media.source) and MEDIA_KEYWORD.match(media.type)):
            raise ValueError(f"plate_tray / plate_media_type must be IPP keywords, not {media}")
        return media


class IppDocumentPrinter(DocumentPrinter):
    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        opts: dict[str, Any] = dict(spec.options)
        self.timeout_s = float(opts.get("timeout_s", 5.0))
        self.job_timeout_s = float(opts.get("job_timeout_s", 120.0))
        self.poll_s = float(opts.get("poll_s", 0.25))
        self.user = str(opts.get("user", "kiosk"))
        self._session: requests.Session | None = None
        self._ids = itertools.count(1)
        self._io = threading.Lock()

    # -- transport -----------------------------------------------------------------------------
    def printer_uri(self) -> str:
        if not self.spec.port:
            raise DeviceFailure(DeviceError("no_device", "no printer URI configured"))
        return self.spec.port

    def _http_url(self) -> str:
        uri = self.printer_uri()
        if uri.startswith("ipp://"):
            rest = uri[len("ipp://") :]
            host = rest.split("/", 1)[0]
            default_port = "" if ":" in host.rsplit("]", 1)[-1] else ":631"  # RFC 7472 §3
            path = rest[len(host) :] or "/"
            return f"http://{host}{default_port}{path}"
        if uri.startswith("ipps://"):
            return "https://" + uri[len("ipps://") :]
        return uri

    def _call(
        self,
        operation: int,
        attrs: list[tuple[str, int, list[Any]]],
        data: bytes = b"",
        job_attrs: list[tuple[str, int, list[Any]]] | None = None,
    ) -> ipp.Message:
        group = ipp.operation_group(self.printer_uri(), self.user) + attrs
        groups = [(ipp.OPERATION, group)]
        if job_attrs:  # Job Template attributes (media-col) travel in the job group, RFC 8011 §4.2.1.1
            groups.append((ipp.JOB, job_attrs))
        request = ipp.Message(operation, next(self._ids), groups, data)
        session = self._session or _new_session()  # not opened: one exchange, then closed
        import requests

        try:
            reply = session.post(
                self._http_url(),
                data=ipp.encode(request),
                headers={"Content-Type": "application/ipp"},
                timeout=self.timeout_s,
            )
        except requests.RequestException as exc:
            error = DeviceError(
                "not_connected", "document printer does not answer", type(exc).__name__
            )
            self._set_status(DeviceStatus(Availability.OFFLINE, last_error=error))
            raise DeviceFailure(error) from None
        finally:
            if session is not self._session:
                session.close()
        if reply.status_code != 200 or not reply.headers.get("Content-Type", "").startswith(
            "application/ipp"
        ):
            raise DeviceFailure(
                DeviceError("printer_error", "not an IPP answer", f"HTTP {reply.status_code}")
            )
        try:
            return ipp.decode(reply.content)
        except ipp.IppError as exc:
            raise DeviceFailure(
                DeviceError("printer_error", "malformed IPP answer", str(exc))
            ) from None

    # -- lifecycle -----------------------------------------------------------------------------
    def open(self) -> None:
        self._session = _new_session()
        status = self._read_status()
        if status.availability is Availability.OFFLINE and status.last_error is not None:
            raise DeviceFailure(status.last_error)

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def _printer_attributes(self) -> dict[str, list[Any]]:
        reply = self._call(
            ipp.GET_PRINTER_ATTRIBUTES,
            [
                (
                    "requested-attributes",
                    ipp.KEYWORD,
                    [
                        "printer-state",
                        "printer-state-reasons",
                        "printer-state-message",
                        "printer-make-and-model",
                        "printer-is-accepting-jobs",
                        "document-format-supported",
                    ],
                )
            ],
        )
        if reply.code > 0x00FF:
            raise DeviceFailure(
                DeviceError(
                    "printer_error", "printer refused Get-Printer-Attributes", f"0x{reply.code:04x}"
                )
            )
        return reply.attrs(ipp.PRINTER)

    def _read_status(self) -> DeviceStatus:
        try:
            attrs = self._printer_attributes()
        except DeviceFailure as exc:
            avail = (
                Availability.OFFLINE
                if exc.error.code == "not_connected"
                else Availability.HARDWARE_ERROR
            )
            return self._set_status(DeviceStatus(avail, last_error=exc.error))
        state = int(attrs.get("printer-state", [ipp.PRINTER_STOPPED])[0])
        reasons = [str(r) for r in attrs.get("printer-state-reasons", ["none"])]
        message = str(attrs.get("printer-state-message", [""])[0])
        status = to_device_status(state, reasons, message)
        model = attrs.get("printer-make-and-model")
        if model and status.last_error is None:
            status = DeviceStatus(
                status.availability, status.media, None, {**status.info, "model": str(model[0])}
            )
        return self._set_status(status)

    def check_health(self) -> DeviceStatus:
        return self._read_status()

    def self_test(self) -> SelfTestResult:
        """Answers, can print, and takes PDF: a CUPS queue set up as a raw queue, or a printer
        without a PDF interpreter, would fail every document although it looks healthy."""
        status = self._read_status()
        lines = [f"status: {status.summary()}"]
        try:
            attrs = self._printer_attributes()
        except DeviceFailure as exc:
            return SelfTestResult(False, [*lines, f"attributes: {exc.error}"])
        formats = [str(f) for f in attrs.get("document-format-supported", [])]
        model = str(attrs.get("printer-make-and-model", ["?"])[0])
        takes_pdf = "application/pdf" in formats
        lines += [
            f"model: {model}",
            f"accepts PDF: {'yes' if takes_pdf else 'NO (formats: ' + ', '.join(formats) + ')'}",
        ]
        return SelfTestResult(status.usable and takes_pdf, lines)

    # -- printing ------------------------------------------------------------------------------
    def print_pdf(self, pdf: bytes, job_name: str, media: Media | None = None) -> PrintedJob:
        job_attrs = None
        if media is not None:
            job_attrs = [("media-col", ipp.BEG_COLLECTION, [{
                "media-source": (ipp.KEYWORD, [media.source]),
                "media-type": (ipp.KEYWORD, [media.type]),
            }])]
        with self._io:
            before = self._read_status()
            if not before.usable:
                raise DeviceFailure(
                    before.last_error or DeviceError("printer_error", "printer not ready")
                )
            reply = self._call(
                ipp.PRINT_JOB,
                [
                    ("job-name", ipp.NAME, [job_name]),
                    ("document-format", ipp.MIME, ["application/pdf"]),
                ],
                pdf,
                job_attrs,
            )
            if reply.code > 0x00FF:
                raise DeviceFailure(
                    DeviceError("printer_error", "printer refused the job", f"0x{reply.code:04x}")
                )
            job_id = int(reply.attrs(ipp.JOB)["job-id"][0])
            log.info("document job %d sent (%d bytes%s)", job_id, len(pdf),
                     f", {media.source}/{media.type}" if media else "")
            self.count("jobs")
            return self._follow(job_id)

    def _job(self, job_id: int) -> dict[str, list[Any]]:
        reply = self._call(
            ipp.GET_JOB_ATTRIBUTES,
            [
                ("job-id", ipp.INTEGER, [job_id]),
                (
                    "requested-attributes",
                    ipp.KEYWORD,
                    [
                        "job-state",
                        "job-state-reasons",
                        "job-media-sheets-completed",
                        "job-impressions-completed",
                        "media-col",
                    ],
                ),
            ],
        )
        if reply.code > 0x00FF:
            raise DeviceFailure(
                DeviceError("printer_error", "printer lost the job", f"0x{reply.code:04x}")
            )
        return reply.attrs(ipp.JOB)

    def _follow(self, job_id: int) -> PrintedJob:
        deadline = time.monotonic() + self.job_timeout_s
        while True:
            job = self._job(job_id)
            state = int(job.get("job-state", [ipp.JOB_PENDING])[0])
            sheets = int(
                (
                    job.get("job-media-sheets-completed")
                    or job.get("job-impressions-completed")
                    or [0]
                )[0]
            )
            if state == ipp.JOB_COMPLETED:
                log.info("document job %d completed (%d sheets)", job_id, sheets)
                self.count("documents")
                self._read_status()
                return PrintedJob(job_id, sheets, _job_media(job))
            failure: DeviceError | None = None
            if state in (ipp.JOB_CANCELED, ipp.JOB_ABORTED):
                failure = DeviceError(
                    "job_aborted",
                    "the printer gave up the document",
                    f"job {job_id}, {sheets} sheets",
                )
            else:
                status = self._read_status()
                if state == ipp.JOB_STOPPED or not status.usable:
                    error = status.last_error or DeviceError(
                        "printer_error", "printer stopped the document"
                    )
                    failure = DeviceError(
                        error.code,
                        f"{error.reason}; document incomplete",
                        f"job {job_id}, {sheets} sheets",
                    )
                elif time.monotonic() > deadline:
                    failure = DeviceError(
                        "timeout", "document not finished in time", f"job {job_id}, {sheets} sheets"
                    )
            if failure is not None:
                self._cancel(job_id)
                log.warning("document job %d failed: %s", job_id, failure)
                raise DeviceFailure(failure)
            time.sleep(self.poll_s)

    def _cancel(self, job_id: int) -> None:
        """So the rest of a stopped document does not come out when paper is reloaded."""
        try:
            self._call(ipp.CANCEL_JOB, [("job-id", ipp.INTEGER, [job_id])])
        except DeviceFailure:
            log.warning("could not cancel document job %d", job_id)


def _job_media(job: dict[str, list[Any]]) -> Media | None:
    """The job's media-col as the printer reports it back (decoded collection: member -> values)."""
    cols = job.get("media-col") or []
    if not cols or not isinstance(cols[0], dict):
        return None
    col = cols[0]
    source, kind = col.get("media-source") or [""], col.get("media-type") or [""]
    return Media(str(source[0]), str(kind[0])) if source[0] or kind[0] else None
