"""亲属关系证明 (ZM-0301) and the seal filing's 备案回执 (ZA-0302) issued at the kiosk without Qt:
the real local server (the demo's, in its own process, demo register), the real IPP printer
(ippeveprinter) for the printed paths, the IPP simulator where nothing may come out."""

from __future__ import annotations

import json
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
from kiosk.catalog import default_catalog_dir, keys_by_role, load_catalog
from kiosk.issuing import DocumentIssuer, Phase, details_from
from kiosk.session import Session
from kiosk.sync.client import ServerClient
from tests.devices.ipp_printer import IppPrinter, run_ipp_printer
from tests.qrscan import scan_qr

launcher = pytest.importorskip("server.launcher")

KIOSK = "hall-1-kiosk-01"
CITIZEN = "110105199003071239"  # 测试甲, 户主 in the demo register
SON = "110105201506011238"  # 测试丙, 与户主关系 子, her household
MOTHER = "110105196202101249"  # 测试丁, a household of her own
RARE = "440104195808120036"  # 测试䶮: the demo records check sends this record to an officer
HUAWEI = "914403001922038216"  # a published 统一社会信用代码 (valid GB 32100 check character)


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


@pytest.fixture
def ipp(tmp_path: Path) -> Iterator[tuple[IppPrinter, IppDocumentPrinter]]:
    gen = run_ipp_printer(tmp_path)
    ipp_printer: IppPrinter = next(gen)
    printer = IppDocumentPrinter(DeviceSpec("docs", DeviceKind.DOCUMENT_PRINTER, "ipp", ipp_printer.uri,
                                            {"job_timeout_s": 60}))
    printer.open()
    yield ipp_printer, printer
    printer.close()
    gen.close()


def answered(code: str, answers: dict[str, str]) -> Session:
    """A session of the shipped item `code` with these answers under its form's keys."""
    item = load_catalog(sorted(default_catalog_dir().glob("*.toml"))).item(code)
    return Session(answers=answers, role_keys=keys_by_role([item]))


def kinship_answers(relative: str, relationship: str) -> dict[str, str]:
    # the catalog's answer keys of ZM-0301's form
    return details_from("kinship", answered("ZM-0301", {"relative_id_number": relative, "relationship": relationship,
                                    "relation_certificate_purpose": "inheritance"}))


def printed_text_and_qr(pdf: Path, tmp_path: Path) -> tuple[str, str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    image = cv2.imread(str(tmp_path / "page.png"))
    assert image is not None
    return text, scan_qr(image)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_kinship_certificate_printed_scanned_and_genuine_nothing_of_the_relative_logged(
        server: object, client: ServerClient, ipp: tuple[IppPrinter, IppDocumentPrinter],
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    ipp_printer, printer = ipp
    view = DocumentIssuer(client, printer, CITIZEN, "kinship", kinship_answers(SON, "child")).run()
    assert view.phase is Phase.DONE and view.code and view.ecopy_url
    assert view.title["zh"] == "请取走您的证明"
    spooled = ipp_printer.spooled()
    assert len(spooled) == 1 and spooled[0].name.endswith("kinship-certificate.pdf")  # no name, ID or code
    text, url = printed_text_and_qr(spooled[0], tmp_path)
    flat = text.replace("\n", "")
    assert "亲属关系证明" in flat and "测试甲" in flat and "测试丙" in flat and SON in flat and "子女" in flat
    assert url.startswith(server.url + "/v/" + view.code + "?s=")  # type: ignore[attr-defined]
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and "真实有效" in page.text and "测试丙" in page.text
    assert SON not in page.text and CITIZEN not in page.text  # masked for whoever scans a copy
    # the electronic copy's link downloads the signed PDF of the same document
    copy = requests.get(view.ecopy_url, timeout=30)
    assert copy.status_code == 200 and copy.headers["content-type"] == "application/pdf"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (CITIZEN, SON, "测试甲", "测试丙", view.ecopy_url):
        assert secret not in logged


def test_relation_the_register_cannot_show_sends_to_the_counter_nothing_printed(
        client: ServerClient, sim: SimulatedDocumentPrinter, caplog: pytest.LogCaptureFixture) -> None:
    """Her mother lives in a household of her own: the register cannot show it. The citizen
    is told where (户籍窗口) and why, in zh and en; nothing is printed; not "try again"."""
    caplog.set_level(logging.DEBUG)
    view = DocumentIssuer(client, sim, CITIZEN, "kinship", kinship_answers(MOTHER, "parent")).run()
    assert view.phase is Phase.COUNTER and view.finished and not view.can_retry
    assert view.message is not None
    assert "户籍登记资料不能证明" in view.message["zh"] and "派出所户籍窗口" in view.message["zh"]
    assert "cannot show" in view.message["en"] and "police station" in view.message["en"]
    assert sim.hardware.documents() == []
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert MOTHER not in logged and MOTHER[-4:] not in logged


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_seal_filing_completed_here_with_a_signed_receipt(
        server: object, client: ServerClient, ipp: tuple[IppPrinter, IppDocumentPrinter], tmp_path: Path) -> None:
    ipp_printer, printer = ipp
    answers = {"org_name": "示例科技有限公司", "org_credit_code": HUAWEI, "seal_kind": "official",
               "seal_reason": "new"}
    details = details_from("seal_filing", answered("ZA-0302", answers))
    view = DocumentIssuer(client, printer, CITIZEN, "seal_filing", details).run()
    assert view.phase is Phase.DONE and view.code
    assert view.title == {"zh": "请取走您的备案回执", "en": "Please take your filing receipt"}
    text, url = printed_text_and_qr(ipp_printer.spooled()[0], tmp_path)
    flat = text.replace("\n", "")
    assert "印章刻制备案回执" in flat and HUAWEI in flat and "单位公章" in flat and "新刻" in flat
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and "真实有效" in page.text and "示例科技有限公司" in page.text


def test_seal_filing_with_a_credit_code_that_fails_its_check_is_refused_as_such(
        client: ServerClient, sim: SimulatedDocumentPrinter) -> None:
    answers = {"org_name": "示例科技有限公司", "org_credit_code": HUAWEI[:-1] + "7", "seal_kind": "official",
               "seal_reason": "new"}
    details = details_from("seal_filing", answered("ZA-0302", answers))
    view = DocumentIssuer(client, sim, CITIZEN, "seal_filing", details).run()
    assert view.phase is Phase.COUNTER and not view.can_retry and view.message is not None
    assert "统一社会信用代码" in view.message["zh"] and "未备案" in view.message["zh"]
    assert "social credit code" in view.message["en"] and "nothing was filed" in view.message["en"]
    assert sim.hardware.documents() == []


def unit_check(person_name: str, person_id: str, code: str = HUAWEI) -> dict[str, str]:
    return details_from("unit_record_check", answered("ZM-0102", {
        "org_name": "示例学校", "org_credit_code": code, "check_sector": "education",
        "person_name": person_name, "person_id_number": person_id}))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_unit_record_check_goes_to_the_organisation_as_a_signed_electronic_letter(
        server: object, client: ServerClient, caplog: pytest.LogCaptureFixture) -> None:
    """ZM-0102: the representative (测试甲, face-matched) checks a candidate the records system
    clears: no printer is needed, nothing is picked up at a counter; the QR's link downloads the
    signed letter (PDF), which names the organisation, the person and the result."""
    caplog.set_level(logging.DEBUG)
    view = DocumentIssuer(client, None, CITIZEN, "unit_record_check", unit_check("测试甲", CITIZEN)).run()
    assert view.phase is Phase.DONE and view.ecopy_url and view.code
    assert view.title["zh"] == "请扫码下载查询告知函" and "本机不打印" in (view.message or {})["zh"]
    assert view.ecopy_note is not None and "查询告知函" in view.ecopy_note["zh"]
    pdf = requests.get(view.ecopy_url, timeout=30)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True,
                          check=True).stdout.decode().replace("\n", "")
    assert "犯罪记录查询告知函" in text and "示例学校" in text and "未发现该人有犯罪记录" in text
    answer = requests.get(f"{server.url}/verify/{view.code}", timeout=10).json()  # type: ignore[attr-defined]
    assert answer["genuine"] is True and CITIZEN not in json.dumps(answer, ensure_ascii=False)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert CITIZEN not in logged and view.ecopy_url not in logged


def test_unit_record_check_the_centre_cannot_answer_says_where_and_why(client: ServerClient) -> None:
    """A name that does not match the ID number (an ID number alone never yields a name), and a
    person whose record needs an officer (测试䶮 in the demo decision table): one answer, the
    police station of the organisation, nothing issued."""
    for name, number in (("别人", CITIZEN), ("测试䶮", RARE)):
        view = DocumentIssuer(client, None, CITIZEN, "unit_record_check", unit_check(name, number)).run()
        assert view.phase is Phase.COUNTER and view.message is not None and view.ecopy_url is None
        assert "单位住所地派出所" in view.message["zh"] and "organisation is located" in view.message["en"]
