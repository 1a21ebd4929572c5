"""The A4 document printer: the IPP driver against CUPS's real IPP printer (ippeveprinter), and
the simulator's scripted faults (paper out mid-document, jam, switched off)."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from devices.document_printer import ipp
from devices.document_printer.driver import IppDocumentPrinter, to_device_status
from devices.document_printer.simulator import SimulatedDocumentPrinter
from devices.registry import build_device
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceFailure, MediaState
from tests.devices.ipp_printer import IppPrinter, run_ipp_printer


def pdf(pages: int = 1) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for n in range(pages):
        c.setFont("Helvetica", 28)
        c.drawString(100, 700, f"TEST PAGE {n + 1}")
        c.rect(50, 50, 495, 742)
        c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture
def ipp_printer(tmp_path: Path) -> Iterator[IppPrinter]:
    yield from run_ipp_printer(tmp_path)


def test_pdf_printed_on_real_ipp_printer_comes_out_whole(
    ipp_printer: IppPrinter, tmp_path: Path
) -> None:
    device = build_device(
        DeviceSpec(
            "docs", DeviceKind.DOCUMENT_PRINTER, "ipp", ipp_printer.uri, {"job_timeout_s": 60}
        )
    )
    assert isinstance(device, IppDocumentPrinter)
    device.open()
    try:
        health = device.check_health()
        assert health.usable and health.availability is Availability.ONLINE
        sent = pdf(2)
        job = device.print_pdf(sent, "hukou-test")
        assert job.job_id >= 1
    finally:
        device.close()
    spooled = ipp_printer.spooled()
    assert len(spooled) == 1 and spooled[0].read_bytes() == sent  # the printer got exactly our PDF
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "30", "-png", str(spooled[0]), str(tmp_path / "page")], check=True
        )
        assert sorted(p.name for p in tmp_path.glob("page*.png")) == ["page-1.png", "page-2.png"]


def test_unreachable_printer_is_offline_not_a_crash() -> None:
    device = IppDocumentPrinter(
        DeviceSpec(
            "docs",
            DeviceKind.DOCUMENT_PRINTER,
            "ipp",
            "ipp://127.0.0.1:9/ipp/print",
            {"timeout_s": 1},
        )
    )
    with pytest.raises(DeviceFailure) as exc:
        device.open()
    assert exc.value.error.code == "not_connected"
    assert device.check_health().availability is Availability.OFFLINE


@pytest.fixture
def sim() -> Iterator[SimulatedDocumentPrinter]:
    device = build_device(
        DeviceSpec("docs", DeviceKind.DOCUMENT_PRINTER, "simulator", options={"sheets": 10})
    )
    assert isinstance(device, SimulatedDocumentPrinter)
    device.open()
    yield device
    device.shutdown()


def test_paper_out_mid_document_fails_and_the_rest_never_comes_out(
    sim: SimulatedDocumentPrinter,
) -> None:
    sim.set_fault("paper_out", after_sheets=1)
    with pytest.raises(DeviceFailure) as exc:
        sim.print_pdf(pdf(3), "three pages")
    assert exc.value.error.code == "paper_empty"
    status = sim.check_health()
    assert status.media is MediaState.EMPTY and not status.usable
    sim.load_paper(50)  # a technician refills: the half document must not resume
    assert sim.hardware.documents() == []
    job = sim.print_pdf(pdf(3), "reprint")
    assert job.sheets == 3 and len(sim.hardware.documents()) == 1


def test_jam_and_switched_off(sim: SimulatedDocumentPrinter) -> None:
    sim.set_fault("jam")
    status = sim.check_health()
    assert status.media is MediaState.JAMMED and status.last_error is not None
    with pytest.raises(DeviceFailure) as exc:
        sim.print_pdf(pdf(), "x")
    assert exc.value.error.code == "paper_jam"
    sim.clear_fault()
    sim.set_fault("offline")
    assert sim.check_health().availability is Availability.OFFLINE
    sim.clear_fault()
    assert sim.check_health().usable


def test_codec_reads_every_printer_attribute_of_the_real_printer(ipp_printer: IppPrinter) -> None:
    """ "all" includes collections (media-col-database, RFC 8010 §3.1.6) and 1setOf values."""
    device = IppDocumentPrinter(
        DeviceSpec("docs", DeviceKind.DOCUMENT_PRINTER, "ipp", ipp_printer.uri)
    )
    reply = device._call(
        ipp.GET_PRINTER_ATTRIBUTES, [("requested-attributes", ipp.KEYWORD, ["all"])]
    )
    attrs = reply.attrs(ipp.PRINTER)
    assert reply.code == ipp.STATUS_OK
    assert "application/pdf" in attrs["document-format-supported"]
    assert attrs["printer-name"] == ["Test Printer"]
    media = attrs["media-col-default"][0]
    assert isinstance(media, dict) and "media-size" in media
    assert {"x-dimension", "y-dimension"} <= set(media["media-size"][0])


@pytest.mark.parametrize(
    ("state", "reasons", "availability", "media", "code"),
    [  # keywords from RFC 8011 §5.4.12 and PWG 5100.9, with their severity suffixes
        (
            ipp.PRINTER_STOPPED,
            ["media-empty-error"],
            Availability.ONLINE,
            MediaState.EMPTY,
            "paper_empty",
        ),
        (
            ipp.PRINTER_STOPPED,
            ["media-needed-warning"],
            Availability.ONLINE,
            MediaState.EMPTY,
            "paper_empty",
        ),
        (
            ipp.PRINTER_STOPPED,
            ["media-jam-error", "media-low-report"],
            Availability.ONLINE,
            MediaState.JAMMED,
            "paper_jam",
        ),
        (
            ipp.PRINTER_STOPPED,
            ["door-open-error"],
            Availability.HARDWARE_ERROR,
            MediaState.OK,
            "cover_open",
        ),
        (
            ipp.PRINTER_STOPPED,
            ["offline-report"],
            Availability.OFFLINE,
            MediaState.OK,
            "printer_offline",
        ),
        (
            ipp.PRINTER_STOPPED,
            ["none"],
            Availability.HARDWARE_ERROR,
            MediaState.OK,
            "printer_error",
        ),
        (ipp.PRINTER_IDLE, ["media-low-report"], Availability.ONLINE, MediaState.LOW, None),
        (ipp.PRINTER_PROCESSING, ["none"], Availability.BUSY, MediaState.OK, None),
    ],
)
def test_printer_state_reasons_in_the_common_vocabulary(
    state: int, reasons: list[str], availability: Availability, media: MediaState, code: str | None
) -> None:
    status = to_device_status(state, reasons)
    assert (status.availability, status.media) == (availability, media)
    assert (status.last_error.code if status.last_error else None) == code
    assert status.usable is (code is None)


def test_self_test_names_a_printer_that_does_not_take_pdf(tmp_path: Path) -> None:
    """A raster-only printer looks healthy but would fail every document: the technician's
    self-test (`kiosk devices test`) says so."""
    gen = run_ipp_printer(tmp_path, formats="image/pwg-raster")
    raster_only = next(gen)
    try:
        device = IppDocumentPrinter(
            DeviceSpec("docs", DeviceKind.DOCUMENT_PRINTER, "ipp", raster_only.uri)
        )
        result = device.self_test()
    finally:
        gen.close()
    assert not result.ok
    assert any(line.startswith("accepts PDF: NO") for line in result.lines), result.lines


def test_self_test_passes_on_a_pdf_printer(ipp_printer: IppPrinter) -> None:
    result = IppDocumentPrinter(
        DeviceSpec("docs", DeviceKind.DOCUMENT_PRINTER, "ipp", ipp_printer.uri)
    ).self_test()
    assert result.ok and "accepts PDF: yes" in result.lines


def test_media_col_is_encoded_as_an_rfc_8010_collection_and_unknown_trays_are_refused() -> None:
    """media-col on the wire (RFC 8010 §3.1.6: begCollection, memberAttrName, values,
    endCollection), decoded back by the codec; the simulator refuses a tray it does not have."""
    from devices.document_printer import ipp
    from devices.document_printer.driver import Media

    col = {"media-source": (ipp.KEYWORD, ["tray-2"]), "media-type": (ipp.KEYWORD, ["labels"])}
    raw = ipp.encode(ipp.Message(ipp.PRINT_JOB, 7, [(ipp.JOB, [("media-col", ipp.BEG_COLLECTION, [col])])]))
    assert b"\x34\x00\x09media-col\x00\x00\x4a\x00\x00\x00\x0cmedia-source\x44\x00\x00\x00\x06tray-2" in raw
    assert raw.endswith(b"\x37\x00\x00\x00\x00\x03")
    decoded = ipp.decode(raw).attrs(ipp.JOB)["media-col"][0]
    assert decoded == {"media-source": ["tray-2"], "media-type": ["labels"]}
    sim = SimulatedDocumentPrinter(DeviceSpec("docs", DeviceKind.DOCUMENT_PRINTER, "simulator",
                                              options={"plate_tray": "tray-2"}))
    sim.open()
    try:
        with pytest.raises(DeviceFailure) as refused:
            sim.print_pdf(pdf(), "plate", Media("tray-9", "labels"))
        assert refused.value.error.code == "printer_error" and "0x040b" in (refused.value.error.detail or "")
        job = sim.print_pdf(pdf(), "plate", sim.plate_media())
        assert job.media == Media("tray-2", "labels")  # as the printer reports the job back
    finally:
        sim.shutdown()
