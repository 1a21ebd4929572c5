"""A simulated A4 printer that speaks IPP over HTTP on loopback, driven by the real IPP driver.

It keeps a paper count (sheets in the tray), prints PDF page by page and keeps what it printed,
and has scripted faults: out of paper after N sheets (mid-document), a jam, offline (the
connection is dropped, as a printer that was switched off). A stopped job stays stopped until
cancelled, like a real printer waiting for paper.

Control API: load_paper(sheets=None), set_fault(name, after_sheets=0), clear_fault(),
documents() (PDF bytes of each completed job), jobs. Options: sheets (None: unlimited)."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from devices.document_printer import ipp
from devices.document_printer.driver import IppDocumentPrinter
from devices.spec import DeviceSpec

log = logging.getLogger("devices.document_printer.sim")

FAULTS = {"jam": "paper jammed", "offline": "printer switched off", "paper_out": "tray runs empty"}
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@dataclass
class SimJob:
    job_id: int
    name: str
    pdf: bytes
    pages: int
    state: int = ipp.JOB_PROCESSING
    sheets: int = 0


class IppPrinterHardware:
    def __init__(self, sheets: int | None = None) -> None:
        self._lock = threading.Lock()
        self.sheets_left = sheets
        self.faults: set[str] = set()
        self.jobs: dict[int, SimJob] = {}
        self._next_id = 1
        hw = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if "offline" in hw.faults:
                    self.close_connection = True
                    self.connection.close()  # switched off: no answer at all
                    return
                try:
                    reply = ipp.encode(hw.handle(ipp.decode(body)))
                except ipp.IppError:
                    self.send_error(400)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/ipp")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *_a: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.uri = f"ipp://127.0.0.1:{self.server.server_address[1]}/ipp/print"
        self._thread = threading.Thread(
            target=self.server.serve_forever, name="ipp-sim", daemon=True
        )
        self._thread.start()

    # -- control API ---------------------------------------------------------------------------
    def load_paper(self, sheets: int | None = None) -> None:
        with self._lock:
            self.sheets_left = sheets
            self.faults.discard("paper_out")

    def set_fault(self, name: str, after_sheets: int = 0) -> None:
        """paper_out: the tray holds `after_sheets` more sheets; jam / offline: at once."""
        if name not in FAULTS:
            raise ValueError(f"unknown document printer fault {name!r}; known: {', '.join(FAULTS)}")
        with self._lock:
            if name == "paper_out":
                self.sheets_left = after_sheets
            else:
                self.faults.add(name)

    def clear_fault(self, name: str | None = None) -> None:
        with self._lock:
            if name is None:
                self.faults.clear()
            else:
                self.faults.discard(name)

    def documents(self) -> list[bytes]:
        with self._lock:
            return [j.pdf for j in self.jobs.values() if j.state == ipp.JOB_COMPLETED]

    # -- the printer ---------------------------------------------------------------------------
    def _reasons(self) -> list[str]:
        if "jam" in self.faults:
            return ["media-jam-error"]
        if self.sheets_left == 0:
            return ["media-empty-error"]
        return ["none"]

    def _state(self) -> int:
        if self._reasons() != ["none"]:
            return ipp.PRINTER_STOPPED
        return ipp.PRINTER_IDLE

    def _run(self, job: SimJob) -> None:
        while job.sheets < job.pages and job.state == ipp.JOB_PROCESSING:
            if "jam" in self.faults or self.sheets_left == 0:
                job.state = ipp.JOB_STOPPED
                log.info(
                    "simulated document printer stopped job %d after %d sheets",
                    job.job_id,
                    job.sheets,
                )
                return
            if self.sheets_left is not None:
                self.sheets_left -= 1
            job.sheets += 1
        if job.state == ipp.JOB_PROCESSING:
            job.state = ipp.JOB_COMPLETED

    def handle(self, req: ipp.Message) -> ipp.Message:
        op = req.attrs(ipp.OPERATION)
        charset = ipp.operation_group("")[:2]
        with self._lock:
            if req.code == ipp.GET_PRINTER_ATTRIBUTES:
                return ipp.Message(
                    ipp.STATUS_OK,
                    req.request_id,
                    [
                        (ipp.OPERATION, charset),
                        (
                            ipp.PRINTER,
                            [
                                ("printer-state", ipp.ENUM, [self._state()]),
                                ("printer-state-reasons", ipp.KEYWORD, self._reasons()),
                                ("printer-make-and-model", ipp.TEXT, ["Simulated A4 IPP printer"]),
                                ("printer-is-accepting-jobs", ipp.BOOLEAN, [True]),
                                ("document-format-supported", ipp.MIME, ["application/pdf"]),
                            ],
                        ),
                    ],
                )
            if req.code == ipp.PRINT_JOB:
                pages = len(_PAGE.findall(req.data))
                job = SimJob(
                    self._next_id, str(op.get("job-name", ["untitled"])[0]), req.data, max(pages, 1)
                )
                self._next_id += 1
                self.jobs[job.job_id] = job
                self._run(job)
                return ipp.Message(
                    ipp.STATUS_OK,
                    req.request_id,
                    [
                        (ipp.OPERATION, charset),
                        (
                            ipp.JOB,
                            [
                                ("job-id", ipp.INTEGER, [job.job_id]),
                                ("job-state", ipp.ENUM, [ipp.JOB_PROCESSING]),
                            ],
                        ),
                    ],
                )
            job_id = int(op.get("job-id", [0])[0])
            found = self.jobs.get(job_id)
            if found is None:
                return ipp.Message(ipp.STATUS_NOT_FOUND, req.request_id, [(ipp.OPERATION, charset)])
            if req.code == ipp.CANCEL_JOB:
                if found.state not in (ipp.JOB_COMPLETED, ipp.JOB_CANCELED, ipp.JOB_ABORTED):
                    found.state = ipp.JOB_CANCELED
                return ipp.Message(ipp.STATUS_OK, req.request_id, [(ipp.OPERATION, charset)])
            if req.code == ipp.GET_JOB_ATTRIBUTES:
                return ipp.Message(
                    ipp.STATUS_OK,
                    req.request_id,
                    [
                        (ipp.OPERATION, charset),
                        (
                            ipp.JOB,
                            [
                                ("job-id", ipp.INTEGER, [found.job_id]),
                                ("job-state", ipp.ENUM, [found.state]),
                                ("job-media-sheets-completed", ipp.INTEGER, [found.sheets]),
                            ],
                        ),
                    ],
                )
            return ipp.Message(
                0x0501, req.request_id, [(ipp.OPERATION, charset)]
            )  # operation-not-supported

    def shutdown(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SimulatedDocumentPrinter(IppDocumentPrinter):
    """The real IPP driver, pointed at IppPrinterHardware on loopback."""

    def __init__(self, spec: DeviceSpec) -> None:
        sheets = spec.options.get("sheets")
        self.hardware = IppPrinterHardware(int(sheets) if sheets is not None else None)
        super().__init__(
            DeviceSpec(
                spec.name,
                spec.kind,
                spec.driver,
                self.hardware.uri,
                {"poll_s": 0.05, **dict(spec.options)},
            )
        )

    def load_paper(self, sheets: int | None = None) -> None:
        self.hardware.load_paper(sheets)

    def set_fault(self, name: str, after_sheets: int = 0) -> None:
        self.hardware.set_fault(name, after_sheets)

    def clear_fault(self, name: str | None = None) -> None:
        self.hardware.clear_fault(name)

    def shutdown(self) -> None:
        self.close()
        self.hardware.shutdown()
