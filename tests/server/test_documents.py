"""户籍证明 issued by the centre and verified in public (扫码验真): a genuine document verifies,
a tampered field, a forged code and a signature by another key are rejected. The signature is
checked with the `cryptography` Ed25519 implementation against the published public key, i.e.
as an outside verifier would, not with the server's own helper."""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import stat
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
import httpx
from fastapi.testclient import TestClient
from sqlalchemy import update

from server.app import create_app
from server.documents import DOMAIN, IssuedDocument, signing_key_path
from server.settings import Settings
from tests.server.conftest import KIOSK, LiveServer, SignedClient

CITIZEN = "110105199003071239"


def issue(kiosk: SignedClient, id_number: str = CITIZEN, request_id: str | None = None) -> Any:
    r = kiosk.post(
        "/api/v1/documents/hukou",
        json={"request_id": request_id or uuid.uuid4().hex, "id_number": id_number},
    )
    assert r.status_code == 200, r.text
    return r.json()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def outside_verify(app_client: TestClient, document: dict[str, Any], signature: str) -> bool:
    """What anyone with the published key does: Ed25519 over domain + canonical JSON."""
    key = app_client.get("/verify/key").json()
    public = Ed25519PublicKey.from_public_bytes(unb64(key["public_key"]))
    data = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    try:
        public.verify(unb64(signature), key["domain"].encode() + b"\n" + data)
    except InvalidSignature:
        return False
    return True


def test_genuine_document_verifies_with_masked_id(
    kiosk: SignedClient, app_client: TestClient
) -> None:
    doc = issue(kiosk)
    assert re.fullmatch(r"[A-Z2-7]{16}", doc["code"])
    assert doc["document"]["fields"]["name"] == "测试甲"
    assert outside_verify(app_client, doc["document"], doc["signature"])
    url = doc["verify_url"]
    assert f"/v/{doc['code']}?s={doc['signature']}" in url
    path = url.split("://", 1)[1].split("/", 1)[1]
    page = app_client.get("/" + path)
    assert page.status_code == 200 and "真实有效" in page.text and "Genuine" in page.text
    assert "测试甲" in page.text and CITIZEN not in page.text and "110***********1239" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script" not in csp and "frame-ancestors 'none'" in csp
    style = page.text.split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert (
        f"'sha256-{digest}'" in csp
    )  # the page's own style is allowed, so a phone shows it styled
    r = app_client.get(f"/verify/{doc['code']}", params={"s": doc["signature"]})
    assert (
        r.json()["genuine"] is True
        and r.json()["document"]["fields"]["id_number"] == "110***********1239"
    )


def test_tampered_field_is_rejected(kiosk: SignedClient, app_client: TestClient) -> None:
    doc = issue(kiosk)
    forged = {
        **doc["document"],
        "fields": {**doc["document"]["fields"], "address": "北京市海淀区别处1号"},
    }
    assert not outside_verify(app_client, forged, doc["signature"])  # the printed field changed
    with app_client.app.state.sm.begin() as s:  # type: ignore[attr-defined]
        s.execute(
            update(IssuedDocument)
            .where(IssuedDocument.code == doc["code"])
            .values(
                canonical=json.dumps(
                    forged, ensure_ascii=False, sort_keys=True, separators=(",", ":")
                )
            )
        )
    r = app_client.get(f"/verify/{doc['code']}", params={"s": doc["signature"]})
    assert r.json() == {"genuine": False, "result": "altered", "code": doc["code"]}
    page = app_client.get(f"/v/{doc['code']}")
    assert "已被改动" in page.text and "别处" not in page.text


def test_forged_code_is_rejected(app_client: TestClient) -> None:
    for code in ("ABCDEFGHIJKLMNOP", "not-a-code", "A" * 200):
        r = app_client.get(f"/verify/{code}")
        assert r.status_code == 404 and r.json()["genuine"] is False
    assert "查无此验证码" in app_client.get("/v/ABCDEFGHIJKLMNOP").text


def test_signature_by_another_key_is_rejected(kiosk: SignedClient, app_client: TestClient) -> None:
    doc = issue(kiosk)
    other = Ed25519PrivateKey.generate()
    data = json.dumps(
        doc["document"], ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode()
    wrong = base64.urlsafe_b64encode(other.sign(DOMAIN + data)).rstrip(b"=").decode()
    assert not outside_verify(app_client, doc["document"], wrong)
    r = app_client.get(f"/verify/{doc['code']}", params={"s": wrong})  # a QR made with another key
    assert r.json()["genuine"] is False and r.json()["result"] == "mismatch"
    with app_client.app.state.sm.begin() as s:  # type: ignore[attr-defined]
        s.execute(
            update(IssuedDocument).where(IssuedDocument.code == doc["code"]).values(signature=wrong)
        )
    assert app_client.get(f"/verify/{doc['code']}").json()["result"] == "altered"


def test_not_registered_and_idempotent_and_reprint_within_24h(kiosk: SignedClient) -> None:
    r = kiosk.post(
        "/api/v1/documents/hukou", json={"request_id": "r1", "id_number": "11010519491231002X"}
    )
    assert r.status_code == 404 and r.json()["error"] == "not_registered"
    first = issue(kiosk, request_id="a1")
    assert issue(kiosk, request_id="a1")["code"] == first["code"]  # a retried request
    again = issue(kiosk, request_id="a2")  # paper ran out, the citizen asks again: same document
    assert again["code"] == first["code"] and again["reprint"] is True
    r = kiosk.post(
        f"/api/v1/documents/{first['code']}/print", json={"outcome": "printed", "sheets": 1}
    )
    assert r.status_code == 200 and r.json()["prints"] == 1
    assert (
        issue(kiosk, request_id="a3")["code"] != first["code"]
    )  # printed: a new request is a new document


def test_verification_is_rate_limited(app_client: TestClient) -> None:
    codes = [app_client.get("/verify/ABCDEFGHIJKLMNOP").status_code for _ in range(21)]
    assert codes[:20] == [404] * 20 and codes[20] == 429


def test_signing_key_is_a_private_file_and_survives_restart(
    kiosk: SignedClient, settings: Settings, app_client: TestClient
) -> None:
    doc = issue(kiosk)
    path = signing_key_path(settings)
    if path is not None:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        app = create_app(settings)
        with TestClient(app) as again:
            assert (
                again.get(f"/verify/{doc['code']}", params={"s": doc["signature"]}).json()[
                    "genuine"
                ]
                is True
            )
        app.state.engine.dispose()


def test_concurrent_retries_of_one_request_get_one_document(live: tuple[LiveServer, str]) -> None:
    srv, secret = live
    for n in range(3):
        barrier = threading.Barrier(8)

        def send(_i: int, request_id: str = f"race-{n}") -> tuple[int, str]:
            with httpx.Client(base_url=srv.url, timeout=30) as http:
                client = SignedClient(http, KIOSK, secret)
                barrier.wait()
                r = client.post(
                    "/api/v1/documents/hukou", json={"request_id": request_id, "id_number": CITIZEN}
                )
                return r.status_code, r.json().get("code", r.text)

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(send, range(8)))
        assert {status for status, _ in results} == {200}, results
        assert len({code for _, code in results}) == 1, results
        with httpx.Client(base_url=srv.url, timeout=30) as http:
            SignedClient(http, KIOSK, secret).post(
                f"/api/v1/documents/{results[0][1]}/print", json={"outcome": "printed"}
            )


def test_qr_opens_the_public_address_set_for_phones(sqlite_url: str) -> None:
    """The kiosk reaches the centre over its private link; the QR must open on a phone in the
    hall: `kiosk-server serve --public-url` puts that address into the printed QR."""
    from server.app import add_kiosk
    from server.main import _settings

    args = argparse.Namespace(db=sqlite_url, public_url="https://yz.gaj.example.cn/")
    settings = _settings(args, operator_token="op", demo=True)
    app = create_app(settings)
    with TestClient(app) as tc:
        kiosk = SignedClient(tc, KIOSK, add_kiosk(settings, KIOSK))
        doc = issue(kiosk)
        assert doc["verify_url"] == f"https://yz.gaj.example.cn/v/{doc['code']}?s={doc['signature']}"
    app.state.engine.dispose()
    for bad in ("yz.gaj.example.cn", "https://yz.gaj.example.cn/?x=1", "javascript:alert(1)"):
        try:
            Settings(db_url=sqlite_url, public_url=bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} accepted as the public URL")


def test_no_criminal_record_the_centre_decides_and_its_certificate_verifies(
    kiosk: SignedClient, app_client: TestClient
) -> None:
    """无犯罪记录证明: issued for 测试甲 (the demo decision table), with the purpose the citizen
    chose; 测试䶮 is told where and why to go (zh and en); a tampered result is rejected."""
    from server.demo_data import demo_id_number

    r = kiosk.post("/api/v1/documents/no_criminal_record",
                   json={"request_id": "n1", "id_number": CITIZEN, "purpose": "abroad", "receiving_org": ""})
    assert r.status_code == 200, r.text
    doc = r.json()
    fields = doc["document"]["fields"]
    assert doc["document"]["title"] == "无犯罪记录证明" and doc["document"]["kind"] == "no_criminal_record"
    assert fields["name"] == "测试甲" and "未发现" in fields["result"] and fields["purpose"] == "出国（境）"
    assert doc["labels"]["result"] == ["查询结果", "Result"]
    assert outside_verify(app_client, doc["document"], doc["signature"])
    answer = app_client.get(f"/verify/{doc['code']}", params={"s": doc["signature"]}).json()
    assert answer["genuine"] is True and answer["document"]["fields"]["id_number"] == "110***********1239"
    forged = {**doc["document"], "fields": {**fields, "result": "经查询，有犯罪记录。"}}
    assert not outside_verify(app_client, forged, doc["signature"])
    with app_client.app.state.sm.begin() as s:  # type: ignore[attr-defined]
        s.execute(update(IssuedDocument).where(IssuedDocument.code == doc["code"]).values(
            canonical=json.dumps(forged, ensure_ascii=False, sort_keys=True, separators=(",", ":"))))
    assert app_client.get(f"/verify/{doc['code']}").json()["result"] == "altered"

    r = kiosk.post("/api/v1/documents/no_criminal_record",
                   json={"request_id": "n2", "id_number": demo_id_number("rare_name"), "purpose": "employment"})
    assert r.status_code == 409 and r.json()["error"] == "counter"
    where, why = r.json()["where"], r.json()["why"]
    assert "派出所" in where[0] and "police station" in where[1] and "核查" in why[0] and "check" in why[1]
    r = kiosk.post("/api/v1/documents/no_criminal_record",
                   json={"request_id": "n3", "id_number": CITIZEN, "purpose": "gossip"})
    assert r.status_code == 422  # only the purposes the law knows


def test_residence_endorsement_recorded_once_a_year_and_its_confirmation_verifies(
    kiosk: SignedClient, app_client: TestClient
) -> None:
    """居住证签注 (《居住证暂行条例》第十条: in the month before each year of residence ends): 测试䶮
    holds a permit due in 10 days (demo) and gets the confirmation, signed and verifiable; a second
    try once printed is refused as already endorsed; no permit, and not yet due, are told where and
    why; a tampered valid-until date and a forged code are rejected."""
    from datetime import date, timedelta

    from server.demo_data import demo_id_number
    from server.documents import ResidencePermit

    holder = demo_id_number("rare_name")
    r = kiosk.post("/api/v1/documents/residence_endorsement", json={"request_id": "e1", "id_number": holder})
    assert r.status_code == 200, r.text
    doc = r.json()
    fields = doc["document"]["fields"]
    assert doc["document"]["title"] == "居住证签注凭证" and doc["document"]["kind"] == "residence_endorsement"
    assert fields["name"] == "测试䶮" and fields["residence_year"] == "第3年"
    due = date.today() + timedelta(days=10)  # the demo permit's anniversary (±1 day at midnight CST)
    assert abs((date.fromisoformat(fields["valid_until"]) - due.replace(year=due.year + 1)).days) <= 1
    assert doc["labels"]["valid_until"] == ["签注有效期至", "Endorsement valid until"]
    assert outside_verify(app_client, doc["document"], doc["signature"])
    answer = app_client.get(f"/verify/{doc['code']}", params={"s": doc["signature"]}).json()
    assert answer["genuine"] is True and answer["document"]["fields"]["id_number"] != holder
    forged = {**doc["document"], "fields": {**fields, "valid_until": "2099-01-01"}}
    assert not outside_verify(app_client, forged, doc["signature"])
    assert app_client.get("/verify/AAAABBBBCCCCDDDD").json()["result"] == "unknown"

    # not printed yet: the same confirmation again (reprint), never a second endorsement
    again = kiosk.post("/api/v1/documents/residence_endorsement", json={"request_id": "e2", "id_number": holder})
    assert again.status_code == 200 and again.json()["code"] == doc["code"] and again.json()["reprint"] is True
    assert kiosk.post(f"/api/v1/documents/{doc['code']}/print", json={"outcome": "printed"}).status_code == 200
    r = kiosk.post("/api/v1/documents/residence_endorsement", json={"request_id": "e3", "id_number": holder})
    assert r.status_code == 409 and r.json()["error"] == "counter"
    assert "已签注" in r.json()["why"][0] and "already endorsed" in r.json()["why"][1]

    r = kiosk.post("/api/v1/documents/residence_endorsement", json={"request_id": "e4", "id_number": CITIZEN})
    assert r.status_code == 409 and "没有查到" in r.json()["why"][0] and "No residence permit" in r.json()["why"][1]
    assert "派出所" in r.json()["where"][0] and "police station" in r.json()["where"][1]

    early = ResidencePermit(permit_no="110105202301000999", address="北京市朝阳区示例路9号", years=1,
                            anniversary=date.today() + timedelta(days=90))
    app_client.app.state.residence_permits[CITIZEN] = early  # type: ignore[attr-defined]
    try:
        r = kiosk.post("/api/v1/documents/residence_endorsement", json={"request_id": "e5", "id_number": CITIZEN})
    finally:
        del app_client.app.state.residence_permits[CITIZEN]  # type: ignore[attr-defined]
    assert r.status_code == 409 and "一个月内" in r.json()["why"][0] and "month before" in r.json()["why"][1]


def test_temporary_plate_issued_once_per_vehicle_and_verifies(
    kiosk: SignedClient, app_client: TestClient
) -> None:
    """临时行驶车号牌 (JG-0302): valid 15 days, for one VIN; a second plate for the same vehicle
    while the first is valid, a registered vehicle and a malformed VIN are refused; tampering
    with the validity is seen."""
    vin = "LFV2A21K5P4000001"
    r = kiosk.post("/api/v1/documents/temporary_plate", json={"request_id": "p1", "id_number": CITIZEN, "vin": vin})
    assert r.status_code == 200, r.text
    doc = r.json()
    f = doc["document"]["fields"]
    assert doc["document"]["title"] == "临时行驶车号牌" and f["vin"] == vin and f["owner"] == "测试甲"
    assert re.fullmatch(r"京A·[A-HJ-NP-Z0-9]{5}", f["plate_no"])
    from datetime import date
    assert (date.fromisoformat(f["valid_until"]) - date.fromisoformat(f["valid_from"])).days == 14
    assert outside_verify(app_client, doc["document"], doc["signature"])
    forged = {**doc["document"], "fields": {**f, "valid_until": "2099-12-31"}}
    assert not outside_verify(app_client, forged, doc["signature"])
    r = app_client.get(f"/verify/{doc['code']}", params={"s": doc["signature"]}).json()
    assert r["genuine"] is True and r["labels"]["plate_no"] == ["号牌号码", "Plate number"]

    other = kiosk.post("/api/v1/documents/temporary_plate",
                       json={"request_id": "p2", "id_number": CITIZEN, "vin": "LFV2A21K5P4000002"})
    assert other.status_code == 200 and other.json()["code"] != doc["code"]  # another car, another plate
    assert kiosk.post(f"/api/v1/documents/{doc['code']}/print", json={"outcome": "printed"}).status_code == 200
    again = kiosk.post("/api/v1/documents/temporary_plate", json={"request_id": "p3", "id_number": CITIZEN, "vin": vin})
    assert again.status_code == 409 and "已有临时号牌" in again.json()["why"][0]
    assert "already has a temporary plate" in again.json()["why"][1] and "车辆管理所" in again.json()["where"][0]
    reg = kiosk.post("/api/v1/documents/temporary_plate",
                     json={"request_id": "p4", "id_number": CITIZEN, "vin": "LSVAU2180N2183294"})
    assert reg.status_code == 409 and "已注册登记" in reg.json()["why"][0]
    bad = kiosk.post("/api/v1/documents/temporary_plate",
                     json={"request_id": "p5", "id_number": CITIZEN, "vin": "LFV2A21K5P400000O"})
    assert bad.status_code == 422
