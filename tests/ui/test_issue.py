"""户籍证明 in the citizen's flow (HZ-0501: identify → issue → done): the shipped catalog item, the
real local server (the demo's, in its own process) and a real IPP printer (CUPS's ippeveprinter)
or the kiosk's IPP simulator for paper out. The identify step itself is tested in
tests/kiosk/test_identity.py and tests/ui/test_identify.py; here the session holds what it leaves
behind (a face match for an ID number, or staff verification)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
import requests
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from devices.document_printer.simulator import SimulatedDocumentPrinter
from devices.spec import DeviceKind
from kiosk.catalog import StepKind
from kiosk.config import DeviceSettings, Settings
from kiosk.identity import MATCH, STAFF_PENDING
from tests.devices.ipp_printer import IppPrinter, run_ipp_printer
from tests.pdfverify import openssl_verify
from tests.qrscan import scan_qr
from tests.ui.helpers import find, running_kiosk, simulated, tap
from ui.shell import Shell

launcher = pytest.importorskip("server.launcher")

KIOSK = "hall-1-kiosk-01"
CITIZEN = "110105199003071239"  # 测试甲 in the demo register (assets/demo)
ITEM = "HZ-0501"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    srv = launcher.start_local_server(tmp_path_factory.mktemp("server"), KIOSK)
    yield srv
    srv.stop()


def at_issue_step(shell: Shell, server: object, verification: str, id_number: str | None) -> None:
    """Start the shipped item and stand where the identify step leaves the citizen."""
    shell.start_session()
    item = shell.catalog.item(ITEM)
    assert [s.kind for s in item.workflow] == [StepKind.GUIDE, StepKind.CONSENT, StepKind.IDENTIFY,
                                               StepKind.ISSUE, StepKind.DONE, StepKind.RATE]
    shell.start_workflow([item])
    flow = shell.workflow
    assert flow is not None
    session = flow.session
    session.verification, session.verified_id_number = verification, id_number
    flow.index = [s.kind for s in flow.steps].index(StepKind.IDENTIFY)
    shell.next_step()  # identify → issue, as the identify screen's Continue does


def wait_done(qtbot: QtBot, shell: Shell) -> None:
    qtbot.waitUntil(lambda: find(shell, "issue_next").isVisible(), timeout=60_000)


def verify(server: object, code: str) -> dict[str, object]:
    return requests.get(f"{server.url}/verify/{code}", timeout=10).json()  # type: ignore[attr-defined,no-any-return]


def test_citizen_prints_a_certificate_on_a_real_ipp_printer_and_verifies_it(
        qtbot: QtBot, settings: Settings, server: object, tmp_path: Path) -> None:
    gen = run_ipp_printer(tmp_path)
    ipp_printer: IppPrinter = next(gen)
    cfg = settings.model_copy(update={"devices": {
        "docs": DeviceSettings(kind="document_printer", driver="ipp", port=ipp_printer.uri,
                               options={"job_timeout_s": 60})}})
    try:
        with running_kiosk(qtbot, cfg) as (shell, core):
            qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
            core.server.link(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
            at_issue_step(shell, server, MATCH, CITIZEN)
            assert shell.current.name == "issue"
            wait_done(qtbot, shell)
            assert find(shell, "issue_title").text() == "请取走您的证明"
            code_text = find(shell, "issue_code").text()
            code = code_text.split("：")[-1].split(": ")[-1].strip()
            assert len(code) == 16, code_text
            assert not find(shell, "issue_reprint").isVisible()
            shell.toggle_language()  # re-renders in English; prints nothing again
            assert find(shell, "issue_title").text() == "Please take your certificate"
            tap(qtbot, shell, "issue_next")
            assert shell.current.name == "done"
        spooled = ipp_printer.spooled()
        assert len(spooled) == 1 and spooled[0].name.endswith("hukou-certificate.pdf")
    finally:
        gen.close()
    answer = verify(server, code)
    assert answer["genuine"] is True and answer["printed"] is True
    if shutil.which("pdftoppm"):
        # the citizen (or whoever receives the paper) scans the printed QR with a phone
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(spooled[0]), str(tmp_path / "page")],
                       check=True)
        image = cv2.imread(str(tmp_path / "page.png"))
        url = scan_qr(image)
        assert url.startswith(f"{server.url}/v/{code}?s=")  # type: ignore[attr-defined]
        page = requests.get(url, timeout=10)
        assert page.status_code == 200 and "真实有效" in page.text and "测试甲" in page.text


def test_staff_verification_issues_nothing_and_sends_to_the_counter(
        qtbot: QtBot, settings: Settings, server: object) -> None:
    with running_kiosk(qtbot, settings) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        core.server.link(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
        printer = simulated(core, DeviceKind.DOCUMENT_PRINTER, SimulatedDocumentPrinter)
        at_issue_step(shell, server, STAFF_PENDING, None)
        wait_done(qtbot, shell)
        assert find(shell, "issue_title").text() == "请到窗口办理"
        assert "人脸核验" in find(shell, "issue_body").text() and "未出具" in find(shell, "issue_body").text()
        assert not find(shell, "issue_reprint").isVisible()
        assert printer.hardware.documents() == []


def test_paper_out_mid_certificate_then_reprint_of_the_same_document(
        qtbot: QtBot, settings: Settings, server: object) -> None:
    with running_kiosk(qtbot, settings) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        core.server.link(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
        printer = simulated(core, DeviceKind.DOCUMENT_PRINTER, SimulatedDocumentPrinter)
        printer.set_fault("paper_out", after_sheets=0)
        at_issue_step(shell, server, MATCH, CITIZEN)
        wait_done(qtbot, shell)
        assert find(shell, "issue_title").text() == "证明未打印完成"
        assert not find(shell, "issue_ecopy_qr").isVisible()  # nothing issued: no electronic copy
        body = find(shell, "issue_body").text()
        assert "未出具" in body and "24小时内" in body
        qtbot.waitUntil(lambda: find(shell, "issue_staff").text() not in ("", "正在呼叫工作人员…"), timeout=20_000)
        assert find(shell, "issue_staff").isVisible()
        # the help call reached the centre (the staff console shows it)
        assert find(shell, "issue_staff").text() == "已呼叫工作人员，请稍候。"
        calls = requests.get(f"{server.url}/api/v1/help-calls?open=1", timeout=10,  # type: ignore[attr-defined]
                             headers={"Authorization": f"Bearer {server.operator_token}"}).json()  # type: ignore[attr-defined]
        assert any(c["screen"] == "issue" for c in calls["calls"])
        reprint = find(shell, "issue_reprint")
        assert reprint.isVisible() and reprint.text() == "重新打印"
        assert printer.hardware.documents() == []
        printer.load_paper(100)  # staff load paper
        tap(qtbot, shell, "issue_reprint")
        wait_done(qtbot, shell)
        assert find(shell, "issue_title").text() == "请取走您的证明"
        code = find(shell, "issue_code").text().split("：")[-1].strip()
        assert len(printer.hardware.documents()) == 1  # one paper, one document
    answer = verify(server, code)
    assert answer["genuine"] is True and answer["printed"] is True


def screen_image(shell: Shell) -> np.ndarray:
    """The kiosk's screen as a phone camera sees it (the whole window, as drawn)."""
    image = shell.window().grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=stride * height).reshape(height, stride)
    return cv2.cvtColor(raw[:, :width * 3].reshape(height, width, 3), cv2.COLOR_RGB2BGR)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
def test_phone_scans_the_electronic_copy_qr_and_gets_the_signed_pdf(
        qtbot: QtBot, settings: Settings, server: object, tmp_path: Path) -> None:
    """电子证照: once the paper is out, a second QR on the screen (zh and en); a phone scanning it
    downloads the PDF, OpenSSL verifies its signature with the centre's certificate, and its
    fields are those of the paper."""
    with running_kiosk(qtbot, settings) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        core.server.link(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
        printer = simulated(core, DeviceKind.DOCUMENT_PRINTER, SimulatedDocumentPrinter)
        at_issue_step(shell, server, MATCH, CITIZEN)
        wait_done(qtbot, shell)
        assert find(shell, "issue_title").text() == "请取走您的证明"
        assert find(shell, "issue_ecopy_qr").isVisible()
        assert "电子证照" in find(shell, "issue_ecopy_text").text()
        url = scan_qr(screen_image(shell))
        code = find(shell, "issue_code").text().split("：")[-1].strip()
        shell.toggle_language()
        assert find(shell, "issue_ecopy_qr").isVisible()
        assert "Electronic copy" in find(shell, "issue_ecopy_text").text()
        assert scan_qr(screen_image(shell)) == url  # the same link in English; nothing asked again
        assert len(printer.hardware.documents()) == 1
        paper = printer.hardware.documents()[0]
        tap(qtbot, shell, "issue_next")
        assert not find(shell, "issue_ecopy_qr").isVisible()
    assert url.startswith(f"{server.url}/e/") and code not in url  # type: ignore[attr-defined]
    r = requests.get(url, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith("attachment")
    certificate = requests.get(f"{server.url}/verify/certificate", timeout=10).content  # type: ignore[attr-defined]
    checked = openssl_verify(r.content, certificate, tmp_path)
    assert checked.returncode == 0 and "Verification successful" in checked.stderr, checked.stderr
    if shutil.which("pdftotext"):
        def text_of(pdf: bytes) -> list[str]:
            out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
            return [" ".join(line.split()) for line in out.stdout.decode().splitlines() if line.strip()]

        copy, printed = text_of(r.content), text_of(paper)
        assert copy[0].startswith("电子证照") and copy[1:] == printed  # the paper's page, word for word
        assert any("测试甲" in line for line in copy) and any(CITIZEN in line for line in copy)


def before_issue(shell: Shell, code: str, id_number: str, answers: dict[str, str] | None = None) -> None:
    """Start a shipped item and stand just before its issue step, identified by a face match."""
    shell.start_session()
    item = shell.catalog.item(code)
    shell.start_workflow([item])
    flow = shell.workflow
    assert flow is not None
    flow.session.verification, flow.session.verified_id_number = MATCH, id_number
    flow.session.answers.update(answers or {})
    flow.index = [s.kind for s in flow.steps].index(StepKind.ISSUE) - 1
    if flow.step.kind is StepKind.SUBMIT:  # the plate's case was paid and submitted (tested elsewhere)
        flow.session.case_numbers.append("JG0302-TEST")
    shell.next_step()


def test_residence_endorsement_printed_for_the_holder_and_refused_with_where_for_no_permit(
        qtbot: QtBot, settings: Settings, server: object) -> None:
    """HZ-0402 as shipped: 测试䶮 (demo permit, due) takes the 居住证签注凭证; 测试甲 (no permit)
    is told why and where, and nothing is printed for her."""
    from server.demo_data import demo_id_number

    with running_kiosk(qtbot, settings) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        core.server.link(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
        printer = simulated(core, DeviceKind.DOCUMENT_PRINTER, SimulatedDocumentPrinter)
        assert [s.kind for s in shell.catalog.item("HZ-0402").workflow] == [
            StepKind.GUIDE, StepKind.CONSENT, StepKind.IDENTIFY, StepKind.ISSUE, StepKind.DONE, StepKind.RATE]
        before_issue(shell, "HZ-0402", demo_id_number("rare_name"))
        assert shell.current.name == "issue"
        wait_done(qtbot, shell)
        assert find(shell, "issue_title").text() == "请取走您的证明"
        code = find(shell, "issue_code").text().split("：")[-1].strip()
        assert len(printer.hardware.documents()) == 1
        before_issue(shell, "HZ-0402", CITIZEN)
        wait_done(qtbot, shell)
        assert find(shell, "issue_title").text() == "请到窗口办理"
        body = find(shell, "issue_body").text()
        assert "没有查到" in body and "派出所" in body and "未出具" in body
        assert len(printer.hardware.documents()) == 1  # nothing more printed
    assert verify(server, code)["genuine"] is True


def test_temporary_plate_from_the_plate_tray_paper_out_staff_called_then_reprinted_once(
        qtbot: QtBot, settings: Settings, server: object) -> None:
    """JG-0302 as shipped: the plate comes from tray-2 (plate stock); that tray is empty, so the
    job stops, nothing is issued, staff are called; plate stock loaded → the same plate, once."""
    with running_kiosk(qtbot, settings) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        core.server.link(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
        printer = simulated(core, DeviceKind.DOCUMENT_PRINTER, SimulatedDocumentPrinter)
        printer.set_fault("paper_out", after_sheets=0, tray="tray-2")
        before_issue(shell, "JG-0302", CITIZEN, {"vin": "LFV2A21K5P4000090"})
        wait_done(qtbot, shell)
        assert find(shell, "issue_title").text() == "证明未打印完成"
        qtbot.waitUntil(lambda: find(shell, "issue_staff").text() == "已呼叫工作人员，请稍候。", timeout=20_000)
        assert printer.hardware.documents() == []
        printer.load_paper(50, tray="tray-2")
        tap(qtbot, shell, "issue_reprint")
        wait_done(qtbot, shell)
        assert find(shell, "issue_title").text() == "请取走您的证明"
        jobs = [j for j in printer.hardware.jobs.values() if j.state == 9]
        assert [(j.source, j.media_type) for j in jobs] == [("tray-2", "labels")]
        code = find(shell, "issue_code").text().split("：")[-1].strip()
    answer = verify(server, code)
    assert answer["genuine"] is True and answer["printed"] is True
