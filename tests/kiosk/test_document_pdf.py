"""The issued document as A4 PDF, read back with outside tools: poppler (pdftotext, pdffonts,
pdftoppm) and OpenCV's QR decoder, as a printer and a citizen's phone would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import cv2
import pytest

from doclayout.model import BadDocument, IssuedDocument
from doclayout.pdf import render_pdf
from tests.qrscan import scan_qr

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils not installed (run.sh installs it)"
)

URL = "http://127.0.0.1:8000/v/ABCDEFGHJKLMNPQR?s=" + "Q" * 86
ANSWER = {
    "code": "ABCDEFGHJKLMNPQR",
    "verify_url": URL,
    "labels": {
        "name": ["姓名", "Name"],
        "id_number": ["公民身份号码", "ID number"],
        "address": ["户籍地址", "Registered address"],
    },
    "document": {
        "kind": "hukou",
        "title": "户籍证明",
        "authority": "北京市公安局朝阳分局示例派出所",
        "issued_on": "2026-12-07",
        "fields": {
            "name": "测试䶮",
            "id_number": "440104195808120036",
            "address": "广东省广州市越秀区测试街（东）５号",
        },
    },
}


def test_pdf_carries_every_field_the_rare_name_character_and_a_scannable_qr(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(render_pdf(IssuedDocument.from_centre(ANSWER)))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "户籍证明",
        "测试䶮",
        "440104195808120036",
        "广东省广州市越秀区测试街（东）５号",
        "北京市公安局朝阳分局示例派出所",
        "2026年12月7日",
        "ABCD EFGH JKLM NPQR",
    ):
        assert expected in text
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    cjk = [line for line in fonts.splitlines()[2:] if "Helvetica" not in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk), (
        fonts
    )  # embedded: any printer prints it
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(path), str(tmp_path / "page")],
        check=True,
    )
    image = cv2.imread(str(tmp_path / "page.png"))
    assert image is not None and image.shape[0] > image.shape[1]  # portrait A4
    payload = scan_qr(image)
    assert payload == URL


def test_answer_that_is_not_a_document_is_refused() -> None:
    with pytest.raises(BadDocument):
        IssuedDocument.from_centre({"code": "X", "document": {"fields": []}})
    assert "440104" not in repr(IssuedDocument.from_centre(ANSWER))
