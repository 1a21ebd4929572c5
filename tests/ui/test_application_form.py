"""打印申请表: the signed application form, printed on request from the done screen of an item
whose official form the applicant signs (HZ-0101 as shipped: 居民身份证申领登记表).

A real IPP printer (CUPS's ippeveprinter) receives the PDF; the test reads it as anyone holding the
paper would: pdftotext for the words, pdftoppm for the page, and ink in the box right of the printed
label 申请人签名. The kiosk's IPP simulator plays paper out. The signature never lands unencrypted
in a file: the test points the temp directory at its own folder and looks at every file written
meanwhile (as tests/kiosk/face/test_privacy.py and tests/store/test_canary.py do)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from devices.card_reader.identity import CardType, IdentityRecord
from devices.document_printer.simulator import SimulatedDocumentPrinter
from devices.spec import DeviceKind
from kiosk.catalog import StepKind
from kiosk.config import DeviceSettings, Settings
from kiosk.identity import MATCH
from tests.devices.ipp_printer import IppPrinter, run_ipp_printer
from tests.ui.helpers import find, running_kiosk, simulated, tap
from ui.shell import Shell

NAME = "测试䶮"
ID_NUMBER = "110105199003071239"
ADDRESS = "北京市东城区景山前街4号"
CASE = "HZ0101-20261207-0042"


def signature_png() -> bytes:
    """A handwritten-looking signature as the sign step keeps it: black strokes on white, PNG."""
    img = np.full((200, 560, 3), 255, np.uint8)
    cv2.polylines(img, [np.array([[20, 170], [110, 30], [190, 160], [300, 40], [420, 170], [540, 50]])],
                  False, (0, 0, 0), 9, cv2.LINE_AA)
    ok, png = cv2.imencode(".png", img)
    assert ok
    return png.tobytes()


def at_done(shell: Shell, png: bytes) -> None:
    """HZ-0101 as shipped: answered, reviewed, signed (the sign step's own call) and submitted."""
    shell.start_session()
    item = shell.catalog.item("HZ-0101")
    kinds = [s.kind for s in item.workflow]
    assert kinds.index(StepKind.SIGN) < kinds.index(StepKind.SUBMIT) < kinds.index(StepKind.DONE)
    shell.start_workflow([item])
    flow = shell.workflow
    assert flow is not None
    flow.session.verification, flow.session.verified_id_number = MATCH, ID_NUMBER
    # the identify step read the card (HZ-0101's form asks only the reason, delivery and phone)
    flow.session.card = IdentityRecord(CardType.RESIDENT, NAME, "2", "01", date(1990, 3, 7), ADDRESS, ID_NUMBER,
                                       "北京市公安局东城分局", date(2016, 3, 1), date(2026, 12, 31))
    flow.session.answers.update({"renew_reason": "expired", "delivery_method": "pickup", "phone": "13800138000"})
    flow.index = kinds.index(StepKind.SIGN)
    flow.sign(png)  # what SignScreen.confirm_signature does with the pad's PNG
    flow.session.case_numbers.append(CASE)  # paid and submitted (tested in test_pay / test_citizen_flow)
    flow.index = kinds.index(StepKind.DONE)
    shell.show_step()
    assert shell.current.name == "done"


def form_status(shell: Shell) -> str:
    return find(shell, "done_form_status").text()


def new_files(roots: list[Path], since: float, exclude: Path) -> list[Path]:
    found = []
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            if Path(dirpath).resolve().is_relative_to(exclude.resolve()):
                continue
            for name in files:
                path = Path(dirpath) / name
                try:
                    if path.is_file() and not path.is_symlink() and path.stat().st_mtime >= since:
                        found.append(path)
                except OSError:
                    continue
    return found


def ink_right_of(page: np.ndarray, words: list[tuple[float, float, float, float, str]], label: str,
                 scale: float) -> int:
    """Dark pixels in the band right of the printed label (where a signature line is on a form)."""
    x0, y0, x1, y1 = next((a, b, c, d) for a, b, c, d, w in words if w.startswith(label))
    mid = (y0 + y1) / 2 * scale
    band = page[int(mid - 32 * scale): int(mid + 32 * scale), int((x1 + 24) * scale):]
    return int((band < 96).sum())


def bbox_words(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    import re

    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]



def read_if_there(path: Path) -> bytes | None:
    """A file's bytes, or None if it went away (a journal the database removed) before it could be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None

def test_signed_application_form_printed_on_a_real_ipp_printer_with_the_signature_and_no_temp_file(
        qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not (shutil.which("pdftoppm") and shutil.which("pdftotext")):
        pytest.skip("poppler-utils not installed")
    printer_dir = tmp_path / "printer"  # the printer's own spool: the printer's side, not scanned
    printer_dir.mkdir()
    gen = run_ipp_printer(printer_dir)
    ipp_printer: IppPrinter = next(gen)
    private_tmp = tmp_path / "tmp"  # the kiosk's temp directory from here on
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    cfg = settings.model_copy(update={"devices": {
        "docs": DeviceSettings(kind="document_printer", driver="ipp", port=ipp_printer.uri,
                               options={"job_timeout_s": 60})}})
    png = signature_png()
    try:
        with running_kiosk(qtbot, cfg) as (shell, core):
            qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
            at_done(shell, png)
            started = time.time() - 1
            assert find(shell, "done_print_form").text() == "打印申请表"
            tap(qtbot, shell, "done_print_form")
            qtbot.waitUntil(lambda: "申请表已打印" in form_status(shell), timeout=60_000)
            assert not find(shell, "done_print_form").isVisible()  # printed once; not again by a second tap
            shell.toggle_language()
            assert form_status(shell) == "Your application form is printed; please take it."
            written = new_files([private_tmp, settings.data_dir], started, tmp_path / "printer")
            # read while the kiosk runs: SQLite removes its -wal file when the kiosk closes
            contents = {p: data for p in written if (data := read_if_there(p)) is not None}
    finally:
        gen.close()
    spooled = ipp_printer.spooled()
    assert len(spooled) == 1 and spooled[0].name.endswith("application-form.pdf")  # no name in the queue
    text = subprocess.run(["pdftotext", str(spooled[0]), "-"], capture_output=True, text=True, check=True).stdout
    for shown in ("居民身份证申领登记表", NAME, "女", "1990-03-07", ID_NUMBER, ADDRESS, CASE, "有效期满", "13800138000",
                  "申请人签名"):
        assert shown in text, shown
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", "-singlefile", str(spooled[0]),
                    str(tmp_path / "page")], check=True)
    page = cv2.imread(str(tmp_path / "page.png"), cv2.IMREAD_GRAYSCALE)
    ink = ink_right_of(page, bbox_words(spooled[0]), "申请人签名", 100 / 72)
    assert ink > 1500, f"no signature beside 申请人签名 ({ink} dark pixels)"
    # nothing the kiosk wrote meanwhile holds the signature, a PDF or the applicant in plaintext
    needles = [png[8:64], b"%PDF", *(v.encode(e) for v in (NAME, ID_NUMBER) for e in ("utf-8", "utf-16-le", "gb18030"))]
    leaks = [f"{p}: {n[:8]!r}" for p, data in contents.items() for n in needles if n in data]
    assert leaks == []


def test_paper_out_the_citizen_is_told_the_case_stands_and_it_prints_once_paper_is_in(
        qtbot: QtBot, settings: Settings) -> None:
    with running_kiosk(qtbot, settings) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        printer = simulated(core, DeviceKind.DOCUMENT_PRINTER, SimulatedDocumentPrinter)
        printer.set_fault("paper_out", after_sheets=0)
        at_done(shell, signature_png())
        tap(qtbot, shell, "done_print_form")
        qtbot.waitUntil(lambda: "未打印完成" in form_status(shell), timeout=30_000)
        assert "申请已受理，不受影响" in form_status(shell)
        assert find(shell, "done_print_form").text() == "重新打印申请表"
        assert find(shell, "done_number").text() == CASE and shell.current.name == "done"
        assert shell.workflow is not None and shell.workflow.session.case_numbers == [CASE]
        assert printer.hardware.documents() == []
        printer.load_paper(20)
        tap(qtbot, shell, "done_print_form")
        qtbot.waitUntil(lambda: "申请表已打印" in form_status(shell), timeout=30_000)
        assert len(printer.hardware.documents()) == 1
        tap(qtbot, shell, "done_next")  # the citizen goes on (to rating) as before
        assert shell.current.name != "done"


def test_no_form_offered_for_an_item_without_one_or_without_a_signature(qtbot: QtBot, settings: Settings) -> None:
    with running_kiosk(qtbot, settings) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        shell.start_session()
        item = shell.catalog.item("HZ-0101")
        shell.start_workflow([item])
        flow = shell.workflow
        assert flow is not None
        flow.session.case_numbers.append(CASE)  # submitted, but never signed
        flow.index = [s.kind for s in item.workflow].index(StepKind.DONE)
        shell.show_step()
        assert not find(shell, "done_print_form").isVisible()
