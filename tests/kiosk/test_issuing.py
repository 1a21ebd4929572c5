"""Issuing a 户籍证明 without Qt: the real local server (the demo's, in its own process), the real
IPP printer (ippeveprinter) for the happy path, the IPP simulator for paper out and jams."""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import cv2
import pytest
import requests

from devices.document_printer.driver import IppDocumentPrinter
from devices.document_printer.simulator import SimulatedDocumentPrinter
from devices.spec import DeviceKind, DeviceSpec
from kiosk.issuing import HukouIssuer, Phase
from kiosk.session import Session
from kiosk.sync.client import ServerClient
from tests.devices.ipp_printer import IppPrinter, run_ipp_printer
from tests.qrscan import scan_qr

launcher = pytest.importorskip("server.launcher")

KIOSK = "hall-1-kiosk-01"
CITIZEN = "110105199003071239"  # 测试甲 in the demo register


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    srv = launcher.start_local_server(tmp_path_factory.mktemp("server"), KIOSK)
    yield srv
    srv.stop()


@pytest.fixture
def client(server: object) -> Iterator[ServerClient]:
    c = ServerClient(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
    yield c
    c.close()


@pytest.fixture
def sim() -> Iterator[SimulatedDocumentPrinter]:
    device = SimulatedDocumentPrinter(DeviceSpec("docs", DeviceKind.DOCUMENT_PRINTER, "simulator"))
    device.open()
    yield device
    device.shutdown()


def verify(server: object, code: str) -> dict[str, object]:
    r = requests.get(f"{server.url}/verify/{code}", timeout=10)  # type: ignore[attr-defined]
    return r.json()  # type: ignore[no-any-return]


def test_certificate_printed_on_real_ipp_printer_and_verifies(
    server: object, client: ServerClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gen = run_ipp_printer(tmp_path)
    ipp_printer: IppPrinter = next(gen)
    printer = IppDocumentPrinter(
        DeviceSpec(
            "docs", DeviceKind.DOCUMENT_PRINTER, "ipp", ipp_printer.uri, {"job_timeout_s": 60}
        )
    )
    printer.open()
    try:
        view = HukouIssuer(client, printer, CITIZEN).run()
    finally:
        printer.close()
        gen.close()
    assert view.phase is Phase.DONE and view.code and view.message and "打印" in view.message["zh"]
    spooled = ipp_printer.spooled()
    assert len(spooled) == 1 and spooled[0].name.endswith("hukou-certificate.pdf")  # no name, ID or code
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(spooled[0]), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "户籍证明" in text and "测试甲" in text and CITIZEN in text and view.code[:4] in text
        # scan the printed QR as a phone would, and open what it points to
        page_png = tmp_path / "printed"
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-singlefile", str(spooled[0]), str(page_png)],
            check=True,
        )
        image = cv2.imread(str(page_png) + ".png")
        assert image is not None
        url = scan_qr(image)
        assert url.startswith(server.url + "/v/" + view.code + "?s=")  # type: ignore[attr-defined]
        page = requests.get(url, timeout=10)
        assert page.status_code == 200 and "真实有效" in page.text and "测试甲" in page.text
        assert CITIZEN not in page.text  # masked on the public page
    answer = verify(server, view.code)
    assert answer["genuine"] is True and answer["printed"] is True
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert CITIZEN not in logged and "测试甲" not in logged


def test_paper_out_then_reprint_issues_nothing_twice(
    server: object, client: ServerClient, sim: SimulatedDocumentPrinter
) -> None:
    sim.set_fault("paper_out", after_sheets=0)
    first = HukouIssuer(client, sim, CITIZEN)
    view = first.run()
    assert (
        view.phase is Phase.PRINTER_FAULT and view.printer_error == "paper_empty" and view.can_retry
    )
    assert view.message and "24" in view.message["zh"] and "24 hours" in view.message["en"]
    assert (
        verify(server, view.code or "")["printed"] is False
    )  # the centre knows it did not come out
    sim.load_paper(100)
    assert sim.hardware.documents() == []  # the stopped job was cancelled, nothing came out later
    # the citizen comes back (a new session): the same document, not a second one
    again = HukouIssuer(client, sim, CITIZEN).run()
    assert again.phase is Phase.DONE and again.code == view.code and again.reprint
    assert len(sim.hardware.documents()) == 1
    assert verify(server, again.code or "")["printed"] is True
    third = HukouIssuer(client, sim, CITIZEN).run()  # printed: asking again is a new certificate
    assert third.phase is Phase.DONE and third.code != view.code


def test_jam_then_retry_in_the_same_session(
    client: ServerClient, sim: SimulatedDocumentPrinter
) -> None:
    sim.set_fault("jam")
    issuer = HukouIssuer(client, sim, CITIZEN)
    assert issuer.run().phase is Phase.PRINTER_FAULT
    sim.clear_fault()
    view = issuer.run()
    assert view.phase is Phase.DONE and len(sim.hardware.documents()) == 1


def test_not_in_register_and_centre_down_issue_nothing(
    client: ServerClient, sim: SimulatedDocumentPrinter
) -> None:
    view = HukouIssuer(client, sim, "11010519491231002X").run()
    assert view.phase is Phase.NOT_REGISTERED and view.message and "窗口" in view.message["zh"]
    down = ServerClient("http://127.0.0.1:9", KIOSK, client._secret, timeout=1)  # noqa: SLF001
    view = HukouIssuer(down, sim, CITIZEN).run()
    assert (
        view.phase is Phase.CENTRE_UNAVAILABLE
        and view.can_retry
        and view.message
        and view.message["en"]
    )
    assert sim.hardware.jobs == {}


def test_no_criminal_record_printed_on_real_ipp_printer_or_counter_with_where_and_why(
    server: object, client: ServerClient, tmp_path: Path
) -> None:
    from kiosk.issuing import DocumentIssuer, details_from
    from server.demo_data import demo_id_number

    answers = {"record_purpose": "employment", "receiving_org": "示例科技有限公司"}
    gen = run_ipp_printer(tmp_path)
    ipp_printer: IppPrinter = next(gen)
    printer = IppDocumentPrinter(
        DeviceSpec("docs", DeviceKind.DOCUMENT_PRINTER, "ipp", ipp_printer.uri, {"job_timeout_s": 60})
    )
    printer.open()
    try:
        kind = "no_criminal_record"
        view = DocumentIssuer(client, printer, CITIZEN, kind, details_from(kind, Session(answers=answers))).run()
        # the records check sends 测试䶮 to the counter: nothing printed, where and why said
        counter = DocumentIssuer(client, printer, demo_id_number("rare_name"), kind,
                                 details_from(kind, Session(answers=answers))).run()
    finally:
        printer.close()
        gen.close()
    assert view.phase is Phase.DONE and view.code
    spooled = ipp_printer.spooled()
    assert len(spooled) == 1 and spooled[0].name.endswith("no-criminal-record-certificate.pdf")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(spooled[0]), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "无犯罪记录证明" in text and "测试甲" in text and "未发现" in text and "示例科技有限公司" in text
    assert verify(server, view.code)["genuine"] is True
    assert counter.phase is Phase.COUNTER and counter.code is None and counter.message
    assert "派出所" in counter.message["zh"] and "未出具" in counter.message["zh"]
    assert "police station" in counter.message["en"] and "Nothing was issued" in counter.message["en"]


def test_residence_endorsement_printed_on_real_ipp_printer_or_counter_with_where_and_why(
    server: object, client: ServerClient, tmp_path: Path
) -> None:
    """居住证签注 (HZ-0402): the demo permit holder 测试䶮 gets the confirmation on the real IPP
    printer and it verifies; 测试甲 holds no permit: nothing printed, where and why said."""
    from kiosk.issuing import DocumentIssuer
    from server.demo_data import demo_id_number

    gen = run_ipp_printer(tmp_path)
    ipp_printer: IppPrinter = next(gen)
    printer = IppDocumentPrinter(
        DeviceSpec("docs", DeviceKind.DOCUMENT_PRINTER, "ipp", ipp_printer.uri, {"job_timeout_s": 60})
    )
    printer.open()
    try:
        kind = "residence_endorsement"
        view = DocumentIssuer(client, printer, demo_id_number("rare_name"), kind).run()
        refused = DocumentIssuer(client, printer, CITIZEN, kind).run()
    finally:
        printer.close()
        gen.close()
    assert view.phase is Phase.DONE and view.code
    spooled = ipp_printer.spooled()
    assert len(spooled) == 1 and spooled[0].name.endswith("residence-endorsement-certificate.pdf")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(spooled[0]), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "居住证签注凭证" in text and "测试" in text and "110105202301000123" in text and "第3年" in text
    answer = verify(server, view.code)
    assert answer["genuine"] is True and answer["printed"] is True
    assert refused.phase is Phase.COUNTER and refused.code is None and refused.message
    assert "没有查到" in refused.message["zh"] and "未出具" in refused.message["zh"]
    assert "No residence permit" in refused.message["en"] and "Nothing was issued" in refused.message["en"]


PLATE = {"plate_tray": "tray-2", "plate_media_type": "labels"}
VIN = "LFV2A21K5P4000077"


def test_temporary_plate_goes_to_the_plate_tray_on_real_ipp_printer(
    server: object, client: ServerClient, tmp_path: Path
) -> None:
    """临时号牌 (JG-0302) on ippeveprinter: the job carries media-col media-source "tray-2" and
    media-type "labels", and the printer kept them for the job (asked with CUPS's ipptool,
    Get-Job-Attributes). ippeveprinter only spools: it accepts the tray but feeds no paper."""
    from kiosk.issuing import DocumentIssuer, details_from

    gen = run_ipp_printer(tmp_path)
    ipp_printer: IppPrinter = next(gen)
    printer = IppDocumentPrinter(DeviceSpec("docs", DeviceKind.DOCUMENT_PRINTER, "ipp", ipp_printer.uri,
                                            {"job_timeout_s": 60, **PLATE}))
    printer.open()
    try:
        details = details_from("temporary_plate", Session(answers={"vin": VIN}))
        view = DocumentIssuer(client, printer, CITIZEN, "temporary_plate", details).run()
        job_attrs = ""
        if shutil.which("ipptool"):
            test = tmp_path / "job.test"
            test.write_text("{ OPERATION Get-Job-Attributes\n GROUP operation-attributes-tag\n"
                            " ATTR charset attributes-charset utf-8\n"
                            " ATTR naturalLanguage attributes-natural-language en\n"
                            " ATTR uri printer-uri $uri\n ATTR integer job-id 1\n"
                            " ATTR keyword requested-attributes media-col,job-name\n DISPLAY media-col\n}\n")
            job_attrs = subprocess.run(["ipptool", "-t", ipp_printer.uri, str(test)], capture_output=True,
                                       text=True, timeout=30).stdout
    finally:
        printer.close()
        gen.close()
    assert view.phase is Phase.DONE and view.code
    spooled = ipp_printer.spooled()
    assert len(spooled) == 1 and spooled[0].name.endswith("temporary-plate-certificate.pdf")
    if shutil.which("ipptool"):
        assert "media-source=tray-2" in job_attrs and "media-type=labels" in job_attrs, job_attrs
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(spooled[0]), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "临时行驶车号牌" in text and VIN in text and "京A·" in text
    assert verify(server, view.code)["genuine"] is True


def test_plate_tray_runs_out_mid_job_nothing_issued_twice_a4_still_prints(
    server: object, client: ServerClient
) -> None:
    """Simulator with a plate tray (tray-2) that is empty: the plate job stops, is cancelled,
    nothing is issued; the A4 tray still prints a 户籍证明; once plate stock is loaded the same
    plate (same code) comes out of tray-2, once."""
    from kiosk.issuing import DocumentIssuer, details_from

    sim = SimulatedDocumentPrinter(DeviceSpec("docs", DeviceKind.DOCUMENT_PRINTER, "simulator",
                                              options={**PLATE, "plate_sheets": 0}))
    sim.open()
    try:
        vin = "LFV2A21K5P4000078"
        plate = DocumentIssuer(client, sim, CITIZEN, "temporary_plate",
                               details_from("temporary_plate", Session(answers={"vin": vin})))
        fault = plate.run()
        assert fault.phase is Phase.PRINTER_FAULT and fault.printer_error == "paper_empty" and fault.can_retry
        assert fault.message and "24" in fault.message["zh"]
        assert sim.hardware.documents() == []
        hukou = HukouIssuer(client, sim, CITIZEN).run()  # the A4 tray is not the plate tray
        assert hukou.phase is Phase.DONE
        assert [j.source for j in sim.hardware.jobs.values() if j.state == 9] == ["main"]
        sim.load_paper(20, tray="tray-2")
        # a new session (another kiosk visit) gets the same plate back, never a second one
        details = details_from("temporary_plate", Session(answers={"vin": vin}))
        again = DocumentIssuer(client, sim, CITIZEN, "temporary_plate", details).run()
    finally:
        sim.shutdown()
    assert again.phase is Phase.DONE and again.code == fault.code and again.reprint
    done = [j for j in sim.hardware.jobs.values() if j.state == 9]
    assert [(j.source, j.media_type) for j in done] == [("main", "stationery"), ("tray-2", "labels")]
    assert sim.hardware.trays["tray-2"] == 19
    assert verify(server, fault.code)["printed"] is True


def test_plate_without_a_plate_tray_is_not_printed_on_a4(server: object, client: ServerClient,
                                                         sim: SimulatedDocumentPrinter) -> None:
    from kiosk.issuing import DocumentIssuer, details_from

    view = DocumentIssuer(client, sim, CITIZEN, "temporary_plate",
                          details_from("temporary_plate", Session(answers={"vin": "LFV2A21K5P4000079"}))).run()
    assert view.phase is Phase.PRINTER_UNAVAILABLE and view.code is None and sim.hardware.jobs == {}


def test_a_vin_the_centre_refuses_is_said_plainly_and_nothing_is_printed(client: ServerClient) -> None:
    from kiosk.issuing import DocumentIssuer, details_from

    spec = DeviceSpec("docs", DeviceKind.DOCUMENT_PRINTER, "simulator", options=PLATE)
    printer = SimulatedDocumentPrinter(spec)
    printer.open()
    try:
        view = DocumentIssuer(client, printer, CITIZEN, "temporary_plate",
                              details_from("temporary_plate", Session(answers={"vin": "LFV2A21K5P40000O1"}))).run()
    finally:
        printer.shutdown()
    assert view.phase is Phase.COUNTER and view.code is None and view.message
    zh = view.message["zh"]
    assert "车辆识别代号" in zh and "车辆管理所" in zh and "未出具" in zh
    assert "not a valid 17-character VIN" in view.message["en"] and "Nothing was issued" in view.message["en"]
    assert printer.hardware.jobs == {}
