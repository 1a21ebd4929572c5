"""The temporary plate's check before the fee (JG-0302): the centre answers as issuing would —
a registered vehicle, a vehicle with a valid plate, a malformed VIN, someone not in the register —
and issues and records nothing, so the kiosk can refuse before it takes any money."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from server.documents import IssuedDocument
from tests.server.conftest import SignedClient

CITIZEN = "110105199003071239"  # 测试甲 in the demo register
CHECK = "/api/v1/documents/temporary_plate/check"


def issued(app_client: TestClient) -> int:
    with app_client.app.state.sm() as s:  # type: ignore[attr-defined]
        return int(s.scalar(select(func.count()).select_from(IssuedDocument)) or 0)


def test_check_refuses_as_issuing_would_and_issues_nothing(kiosk: SignedClient, app_client: TestClient) -> None:
    before = issued(app_client)
    ok = kiosk.post(CHECK, json={"id_number": CITIZEN, "vin": "lfv2a21k5p4000301 "})
    assert ok.status_code == 200 and ok.json() == {"ok": True}
    reg = kiosk.post(CHECK, json={"id_number": CITIZEN, "vin": "LSVAU2180N2183294"})
    assert reg.status_code == 409 and "已注册登记" in reg.json()["why"][0]
    assert "already registered" in reg.json()["why"][1] and "车辆管理所" in reg.json()["where"][0]
    bad = kiosk.post(CHECK, json={"id_number": CITIZEN, "vin": "LFV2A21K5P40003O1"})  # O: not in a VIN
    assert bad.status_code == 422 and bad.json()["error"] == "invalid"
    nobody = kiosk.post(CHECK, json={"id_number": "110105199001010011", "vin": "LFV2A21K5P4000301"})
    assert nobody.status_code == 404 and nobody.json()["error"] == "not_registered"
    assert kiosk.post(CHECK, json={"id_number": CITIZEN, "vin": "L" * 33}).status_code == 422
    assert issued(app_client) == before  # a check is no plate


def test_a_plate_issued_and_printed_is_refused_at_the_check_an_unprinted_one_is_not(
        kiosk: SignedClient) -> None:
    vin = "LFV2A21K5P4000302"
    r = kiosk.post("/api/v1/documents/temporary_plate", json={"request_id": "c1", "id_number": CITIZEN, "vin": vin})
    assert r.status_code == 200
    # not printed yet (paper out): issuing would hand the same plate out again, so the check says yes
    assert kiosk.post(CHECK, json={"id_number": CITIZEN, "vin": vin}).status_code == 200
    assert kiosk.post(f"/api/v1/documents/{r.json()['code']}/print", json={"outcome": "printed"}).status_code == 200
    again = kiosk.post(CHECK, json={"id_number": CITIZEN, "vin": vin})
    assert again.status_code == 409 and "已有临时号牌" in again.json()["why"][0]
