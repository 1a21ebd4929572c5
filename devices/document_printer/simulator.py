"""A simulated A4 printer that speaks IPP over HTTP on loopback, driven by the real IPP driver.

It keeps a paper count per tray ("main", the A4 tray, and optional extra trays such as "tray-2"
with temporary-plate stock), takes each job from the tray its `media-col` `media-source` names
(none or "auto": main; a tray it does not have: refused, client-error-attributes-or-values-not-
supported), prints PDF page by page and keeps what it printed, and has scripted faults: out of
paper after N sheets (mid-document) in one tray, a jam, offline (the connection is dropped, as a
printer that was switched off). A stopped job stays stopped until cancelled, like a real printer
waiting for paper. An empty extra tray is reported (media-empty-error) only while a job waits
for it, as printers do: the A4 tray keeps printing.

Control API: load_paper(sheets=None, tray="main"), set_fault(name, after_sheets=0, tray="main"),
clear_fault(), documents() (PDF bytes of each completed job), jobs (each with its source and
media type). Options: sheets (main tray, None: unlimited), plate_tray and plate_sheets (an extra
tray and its sheets; plate_tray is also what the driver prints plates from)."""

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
    source: str = "main"
    media_type: str = "stationery"


class IppPrinterHardware:
    def __init__(self, sheets: int | None = None, trays: dict[str, int | None] | None = None) -> None:
        self._lock = threading.Lock()
        self.trays: dict[str, int | None] = {"main": sheets, **(trays or {})}
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
    @property
    def sheets_left(self) -> int | None:
        """Sheets in the main (A4) tray."""
        return self.trays["main"]

    def load_paper(self, sheets: int | None = None, tray: str = "main") -> None:
        with self._lock:
            self.trays[self._tray(tray)] = sheets
            self.faults.discard("paper_out")

    def _tray(self, tray: str) -> str:
        if tray not in self.trays:
            raise ValueError(f"no tray {tray!r}; this printer has {', '.join(self.trays)}")
        return tray

    def set_fault(self, name: str, after_sheets: int = 0, tray: str = "main") -> None:
        """paper_out: `tray` holds `after_sheets` more sheets; jam / offline: at once."""
        if name not in FAULTS:
            raise ValueError(f"unknown document printer fault {name!r}; known: {', '.join(FAULTS)}")
        with self._lock:
            if name == "paper_out":
                self.trays[self._tray(tray)] = after_sheets
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
        waiting = any(j.state == ipp.JOB_STOPPED for j in self.jobs.values())
        if self.trays["main"] == 0 or waiting:
            return ["media-empty-error"]
        return ["none"]

    def _state(self) -> int:
        if self._reasons() != ["none"]:
            return ipp.PRINTER_STOPPED
        return ipp.PRINTER_IDLE

    def _run(self, job: SimJob) -> None:
        while job.sheets < job.pages and job.state == ipp.JOB_PROCESSING:
            if "jam" in self.faults or self.trays[job.source] == 0:
                job.state = ipp.JOB_STOPPED
                log.info(
                    "simulated document printer stopped job %d after %d sheets",
                    job.job_id,
                    job.sheets,
                )
                return
            left = self.trays[job.source]
            if left is not None:
                self.trays[job.source] = left - 1
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
                                ("media-source-supported", ipp.KEYWORD, ["auto", *self.trays]),
                            ],
                        ),
                    ],
                )
            if req.code == ipp.PRINT_JOB:
                pages = len(_PAGE.findall(req.data))
                col = (req.attrs(ipp.JOB).get("media-col") or [{}])[0]
                source = str((col.get("media-source") or ["auto"])[0])
                source = "main" if source == "auto" else source
                if source not in self.trays:  # RFC 8011 §4.1.7: a value it does not support
                    return ipp.Message(0x040B, req.request_id, [(ipp.OPERATION, charset)])
                job = SimJob(
                    self._next_id, str(op.get("job-name", ["untitled"])[0]), req.data, max(pages, 1),
                    source=source, media_type=str((col.get("media-type") or ["stationery"])[0]),
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
                                ("media-col", ipp.BEG_COLLECTION, [{
                                    "media-source": (ipp.KEYWORD, [found.source]),
                                    "media-type": (ipp.KEYWORD, [found.media_type]),
                                }]),
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
        plate_tray, plate_sheets = spec.options.get("plate_tray"), spec.options.get("plate_sheets")
        trays = {str(plate_tray): int(plate_sheets) if plate_sheets is not None else None} if plate_tray else {}
        self.hardware = IppPrinterHardware(int(sheets) if sheets is not None else None, trays)
        super().__init__(
            DeviceSpec(
                spec.name,
                spec.kind,
                spec.driver,
                self.hardware.uri,
                {"poll_s": 0.05, **dict(spec.options)},
            )
        )

    def load_paper(self, sheets: int | None = None, tray: str = "main") -> None:
        self.hardware.load_paper(sheets, tray)

    def set_fault(self, name: str, after_sheets: int = 0, tray: str = "main") -> None:
        self.hardware.set_fault(name, after_sheets, tray)

    def clear_fault(self, name: str | None = None) -> None:
        self.hardware.clear_fault(name)

    def shutdown(self) -> None:
        self.close()
        self.hardware.shutdown()
