"""The electronic copy (电子证照): a one-time link the kiosk shows as a QR, opening the issued
document as a PDF with a PDF digital signature. The signature is checked only with outside
tools — OpenSSL (`openssl cms -verify` over the /ByteRange the PDF declares, against the
certificate the centre publishes) and poppler's pdfsig — never with the server's own code."""

from __future__ import annotations

import hashlib
import logging
import shutil
import stat
import subprocess
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from server.app import create_app
from server.db import utcnow
from server.ecopy import ElectronicCopyToken
from server.secretbox import key_path
from server.settings import Settings
from tests.pdfverify import openssl_verify
from tests.server.conftest import SignedClient

CITIZEN = "110105199003071239"  # 测试甲 in the demo register

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")


def printed_document(kiosk: SignedClient) -> dict[str, Any]:
    r = kiosk.post("/api/v1/documents/hukou", json={"request_id": uuid.uuid4().hex, "id_number": CITIZEN})
    assert r.status_code == 200, r.text
    doc: dict[str, Any] = r.json()
    r = kiosk.post(f"/api/v1/documents/{doc['code']}/print", json={"outcome": "printed", "sheets": 1})
    assert r.status_code == 200
    return doc


def link(kiosk: SignedClient, code: str) -> str:
    r = kiosk.post(f"/api/v1/documents/{code}/ecopy", json={})
    assert r.status_code == 200, r.text
    assert r.json()["fetches"] == 3
    url: str = r.json()["url"]
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@needs_openssl
def test_phone_gets_a_signed_pdf_openssl_and_pdfsig_verify_and_fields_match(
        kiosk: SignedClient, app_client: TestClient, tmp_path: Path) -> None:
    doc = printed_document(kiosk)
    path = link(kiosk, doc["code"])
    token = path.rsplit("/", 1)[1]
    assert doc["code"] not in path and len(token) >= 32  # not the printed verification code
    r = app_client.get(path)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith("attachment;")
    assert "no-store" in r.headers["cache-control"]
    pdf = r.content
    assert pdf.startswith(b"%PDF-")
    certificate = app_client.get("/verify/certificate").content
    assert certificate.startswith(b"-----BEGIN CERTIFICATE-----")
    checked = openssl_verify(pdf, certificate, tmp_path)
    assert checked.returncode == 0 and "Verification successful" in checked.stderr, checked.stderr
    if shutil.which("pdfsig"):
        (tmp_path / "copy.pdf").write_bytes(pdf)
        out = subprocess.run(["pdfsig", "-nocert", str(tmp_path / "copy.pdf")], capture_output=True,
                             text=True, check=False).stdout
        assert "Signature is Valid" in out and "Total document signed" in out, out
    if shutil.which("pdftotext"):  # the fields a reader compares are those of the paper
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        for value in doc["document"]["fields"].values():
            assert value in text.replace("\n", ""), value
        assert "电子证照" in text


@needs_openssl
def test_tampered_copy_fails_the_signature_check(
        kiosk: SignedClient, app_client: TestClient, tmp_path: Path) -> None:
    pdf = app_client.get(link(kiosk, printed_document(kiosk)["code"])).content
    certificate = app_client.get("/verify/certificate").content
    # one bit changed in the page's (compressed) text, as an edited name or number would be
    at = pdf.index(b"stream", pdf.index(b"/Contents ")) + 40
    tampered = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:]
    checked = openssl_verify(tampered, certificate, tmp_path)
    assert checked.returncode != 0 and "Verification successful" not in checked.stderr
    if shutil.which("pdfsig"):
        (tmp_path / "tampered.pdf").write_bytes(tampered)
        out = subprocess.run(["pdfsig", "-nocert", str(tmp_path / "tampered.pdf")], capture_output=True,
                             text=True, check=False).stdout
        assert "Signature is Valid" not in out, out
    # a copy signed by someone else's certificate is not the centre's
    from server.pdfsign import make_identity
    other = make_identity("别的机构", utcnow()).certificate_pem()
    assert openssl_verify(pdf, other, tmp_path).returncode != 0


def test_link_opens_three_times_then_says_what_to_do_in_chinese_and_english(
        kiosk: SignedClient, app_client: TestClient) -> None:
    path = link(kiosk, printed_document(kiosk)["code"])
    assert [app_client.get(path).status_code for _ in range(3)] == [200, 200, 200]
    gone = app_client.get(path)
    assert gone.status_code == 404 and gone.headers["content-type"].startswith("text/html")
    assert "已失效" in gone.text and "窗口" in gone.text and "no longer works" in gone.text
    assert "counter" in gone.text and "no-store" in gone.headers["cache-control"]


def test_expired_and_unknown_links_are_404_pages(kiosk: SignedClient, app_client: TestClient) -> None:
    doc = printed_document(kiosk)
    path = link(kiosk, doc["code"])
    with app_client.app.state.sm.begin() as s:  # type: ignore[attr-defined]
        s.execute(update(ElectronicCopyToken).where(ElectronicCopyToken.code == doc["code"])
                  .values(expires_at=utcnow() - timedelta(seconds=1)))  # 24 h have passed
    for p in (path, "/e/" + "A" * 32, "/e/short", "/e/" + doc["code"]):
        r = app_client.get(p)
        assert r.status_code == 404 and "已失效" in r.text and "This link no longer works" in r.text, p


def test_token_is_stored_hashed_and_a_new_link_replaces_the_old(
        kiosk: SignedClient, app_client: TestClient) -> None:
    doc = printed_document(kiosk)
    first = link(kiosk, doc["code"])
    second = link(kiosk, doc["code"])
    token = second.rsplit("/", 1)[1]
    with app_client.app.state.sm() as s:  # type: ignore[attr-defined]
        rows = s.scalars(select(ElectronicCopyToken)).all()
    assert [r.token_hash for r in rows] == [hashlib.sha256(token.encode()).hexdigest()]
    assert all(token not in str(v) for r in rows for v in vars(r).values())
    assert app_client.get(first).status_code == 404  # only the QR last shown works
    assert app_client.get(second).status_code == 200


def test_no_copy_of_an_unprinted_or_unknown_document(kiosk: SignedClient) -> None:
    r = kiosk.post("/api/v1/documents/hukou", json={"request_id": uuid.uuid4().hex, "id_number": CITIZEN})
    code = r.json()["code"]
    r = kiosk.post(f"/api/v1/documents/{code}/ecopy", json={})
    assert r.status_code == 409 and r.json()["error"] == "not_printed"  # paper out: nothing issued
    assert kiosk.post("/api/v1/documents/ABCDEFGHIJKLMNOP/ecopy", json={}).status_code == 404
    assert kiosk.post(f"/api/v1/documents/{code}/ecopy", json={}, sign=False).status_code == 401


def test_no_personal_data_or_token_in_the_logs(
        kiosk: SignedClient, app_client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    doc = printed_document(kiosk)
    path = link(kiosk, doc["code"])
    for _ in range(4):
        app_client.get(path)
    token = path.rsplit("/", 1)[1]
    fields = doc["document"]["fields"]
    # the server's own log (the test client's httpx logs the URLs it asks for; the server runs
    # uvicorn with access_log off, server/main.py)
    text = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("server"))
    assert "electronic copy of document" in text  # the fetches are logged …
    for secret in (token, fields["name"], fields["id_number"], fields["address"], doc["code"]):
        assert secret not in text  # … without who, the link or the whole code


def test_signing_certificate_is_a_private_file_and_survives_restart(
        settings: Settings, app_client: TestClient) -> None:
    """A restarted centre signs with the same certificate (copies fetched earlier still check
    against what /verify/certificate publishes); its key is readable by the server only."""
    first = app_client.get("/verify/certificate").content
    base = key_path(settings.db_url, settings.key_file)
    if base is None:
        return  # in-memory database: the certificate lives as long as the process
    path = base.with_name(base.name + ".pdfsign.pem")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    app = create_app(settings)
    with TestClient(app) as again:
        assert again.get("/verify/certificate").content == first
    app.state.engine.dispose()
