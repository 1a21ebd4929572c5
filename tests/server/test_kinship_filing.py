"""Issue #17 at the centre: 亲属关系证明 (ZM-0301) from the household register, the signed
备案回执 of a seal filing (ZA-0302), and a new electronic-copy link asked for from the paper's own
verification QR. Signatures are checked as an outsider would (tests/server/test_documents.py's
Ed25519 check against the published key; OpenSSL over the PDF's byte ranges)."""

from __future__ import annotations

import json
import logging
import re
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from server.documents import IssuedDocument
from tests.pdfverify import openssl_verify
from tests.server.conftest import SignedClient
from tests.server.test_documents import outside_verify

CITIZEN = "110105199003071239"  # 测试甲, 户主 of household 110105000123 in the demo register
HUSBAND = "11010519880512123X"  # 测试乙, 与户主关系 配偶, same household
SON = "110105201506011238"  # 测试丙, 与户主关系 子, same household
MOTHER = "110105196202101249"  # 测试丁, 户主 of a household of her own
STRANGER = "11010519491231002X"  # not in the register
HUAWEI = "914403001922038216"  # a published 统一社会信用代码 (GB 32100 check character 6)


def kinship(kiosk: SignedClient, relative: str, relationship: str, **kw: Any) -> Any:
    return kiosk.post("/api/v1/documents/kinship", json={
        "request_id": uuid.uuid4().hex, "id_number": CITIZEN, "relative_id_number": relative,
        "relationship": relationship, "kinship_purpose": "inheritance", **kw})


def test_kinship_certificate_says_what_the_register_shows_signed_and_verifiable(
        kiosk: SignedClient, app_client: TestClient) -> None:
    r = kinship(kiosk, SON, "child")
    assert r.status_code == 200, r.text
    doc = r.json()
    fields = doc["document"]["fields"]
    assert doc["document"]["title"] == "亲属关系证明"
    assert (fields["name"], fields["relative_name"], fields["relationship"]) == ("测试甲", "测试丙", "子女")
    assert fields["relative_id_number"] == SON and "110105000123" in fields["basis"]
    assert outside_verify(app_client, doc["document"], doc["signature"])
    page = app_client.get("/" + doc["verify_url"].split("://", 1)[1].split("/", 1)[1])
    assert "真实有效" in page.text and "测试丙" in page.text
    assert SON not in page.text and CITIZEN not in page.text  # both numbers masked for a reader
    # the husband: 配偶 of the head the applicant is
    r = kinship(kiosk, HUSBAND, "spouse")
    assert r.status_code == 200 and r.json()["document"]["fields"]["relationship"] == "配偶"


def test_tampered_and_forged_kinship_certificates_are_rejected(
        kiosk: SignedClient, app_client: TestClient) -> None:
    doc = kinship(kiosk, SON, "child").json()
    forged = {**doc["document"], "fields": {**doc["document"]["fields"], "relationship": "配偶"}}
    assert not outside_verify(app_client, forged, doc["signature"])
    with app_client.app.state.sm.begin() as s:  # type: ignore[attr-defined]
        s.execute(update(IssuedDocument).where(IssuedDocument.code == doc["code"]).values(
            canonical=json.dumps(forged, ensure_ascii=False, sort_keys=True, separators=(",", ":"))))
    assert app_client.get(f"/verify/{doc['code']}", params={"s": doc["signature"]}).json()["result"] == "altered"
    assert app_client.get("/verify/QQQQQQQQQQQQQQQQ").json()["result"] == "unknown"


def test_relation_the_register_cannot_show_goes_to_the_counter_with_one_answer(
        kiosk: SignedClient, caplog: pytest.LogCaptureFixture) -> None:
    """Mother in another household, a relation claimed that the register contradicts, a number
    not in the register: the same where and why, so a stranger learns nothing about who is
    registered; nothing issued, nothing about the relative in the centre's log."""
    caplog.set_level(logging.DEBUG)
    answers = [kinship(kiosk, MOTHER, "parent"), kinship(kiosk, SON, "sibling"),
               kinship(kiosk, STRANGER, "parent")]
    assert [r.status_code for r in answers] == [409, 409, 409]
    bodies = [r.json() for r in answers]
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0]["error"] == "counter"
    where, why = bodies[0]["where"], bodies[0]["why"]
    assert "派出所户籍窗口" in where[0] and "police station" in where[1]
    assert "户籍登记资料不能证明" in why[0] and "cannot show" in why[1]
    text = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("server"))
    for secret in (MOTHER, SON, STRANGER, "测试丁", "测试丙", MOTHER[-4:], SON[-4:]):
        assert secret not in text
    # the applicant's own number as the relative is bad input
    assert kinship(kiosk, CITIZEN, "sibling").status_code == 422


def test_seal_filing_receipt_is_signed_and_a_bad_credit_code_is_refused(
        kiosk: SignedClient, app_client: TestClient) -> None:
    def filing(code: str) -> Any:
        return kiosk.post("/api/v1/documents/seal_filing", json={
            "request_id": uuid.uuid4().hex, "id_number": CITIZEN, "org_name": "示例科技有限公司",
            "org_credit_code": code, "seal_kind": "finance", "seal_reason": "new"})

    r = filing(HUAWEI)
    assert r.status_code == 200, r.text
    doc = r.json()
    fields = doc["document"]["fields"]
    assert doc["document"]["title"] == "印章刻制备案回执"
    assert (fields["org_credit_code"], fields["seal_kind"], fields["agent"]) == (HUAWEI, "财务专用章", "测试甲")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", fields["filed_on"])
    assert outside_verify(app_client, doc["document"], doc["signature"])
    assert app_client.get(f"/verify/{doc['code']}", params={"s": doc["signature"]}).json()["genuine"] is True
    # one character off: GB 32100's check character no longer fits
    r = filing(HUAWEI[:-1] + "7")
    assert r.status_code == 422 and r.json()["detail"] == [{"field": "org_credit_code"}]
    assert filing("91440300192203821I").status_code == 422  # I is not in the code's alphabet


def _renew(app_client: TestClient, doc: dict[str, Any], id_number: str) -> Any:
    return app_client.post(f"/v/{doc['code']}/ecopy", content=f"s={doc['signature']}&id_number={id_number}",
                           headers={"content-type": "application/x-www-form-urlencoded"})


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
def test_new_electronic_copy_link_from_the_papers_qr(
        kiosk: SignedClient, app_client: TestClient, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    """The citizen printed a 户籍证明 and later wants the electronic copy: they scan the paper's
    QR, type the ID number printed on it, and get a new link; the kiosk's old one is dead, the
    new one downloads the same signed document."""
    caplog.set_level(logging.DEBUG)
    doc = kiosk.post("/api/v1/documents/hukou", json={"request_id": uuid.uuid4().hex,
                                                     "id_number": CITIZEN}).json()
    page = app_client.get(f"/v/{doc['code']}", params={"s": doc["signature"]})
    assert "form" not in page.text  # not printed: nothing to offer
    assert _renew(app_client, doc, CITIZEN).status_code == 403
    kiosk.post(f"/api/v1/documents/{doc['code']}/print", json={"outcome": "printed"})
    old = kiosk.post(f"/api/v1/documents/{doc['code']}/ecopy", json={}).json()["url"]
    old_path = "/" + old.split("://", 1)[1].split("/", 1)[1]
    page = app_client.get(f"/v/{doc['code']}", params={"s": doc["signature"]})
    assert 'action="' + doc["code"] + '/ecopy"' in page.text and "电子证照" in page.text
    assert "form-action 'self'" in page.headers["content-security-policy"]
    # a wrong number, or the QR's signature missing: refused in zh and en, the old link still works
    for bad in (STRANGER, "", CITIZEN[:-4] + "****"):
        r = _renew(app_client, doc, bad)
        assert r.status_code == 403 and "不符" in r.text and "does not match" in r.text
    r = app_client.post(f"/v/{doc['code']}/ecopy", content=f"id_number={CITIZEN}",
                        headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 403
    r = _renew(app_client, doc, CITIZEN.lower())  # typed with a lower-case x would match too
    assert r.status_code == 200 and "24" in r.text and "no longer works" in r.text
    new_path = re.search(r'href="[^"]*(/e/[A-Za-z0-9_-]{32})"', r.text)
    assert new_path is not None
    assert app_client.get(old_path).status_code == 404  # the old link is refused
    pdf = app_client.get(new_path.group(1))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    checked = openssl_verify(pdf.content, app_client.get("/verify/certificate").content, tmp_path)
    assert checked.returncode == 0, checked.stderr
    if shutil.which("pdftotext"):
        import subprocess
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True,
                              check=True).stdout.decode().replace("\n", "")
        assert doc["code"] in text.replace(" ", "") or doc["code"][:4] in text
        for value in doc["document"]["fields"].values():
            assert value in text, value
    logged = "\n".join(rec.getMessage() for rec in caplog.records if rec.name.startswith("server"))
    assert "renewed from the paper" in logged
    for secret in (new_path.group(1)[3:], CITIZEN, doc["code"]):
        assert secret not in logged
