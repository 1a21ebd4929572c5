"""Case numbers a kiosk may open (issue #14 item 8). A stolen kiosk credential must not be able
to claim another kiosk's cases, nor put its own words into an official "ready for pickup" SMS.
The outside rules: protocol.md — a case number is `<kiosk short id>-<YYYYMMDD>-<daily sequence>`,
and the SMS texts are the fixed ones it quotes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from server.app import ProvisioningError, add_kiosk
from server.db import Case, Record, make_engine, make_sessionmaker
from server.main import main as server_cli
from server.settings import Settings

from .conftest import KIOSK, OPERATOR, SignedClient, record

BEARER = {"Authorization": f"Bearer {OPERATOR}"}
PHISH = "K01-20261123-0001 已冻结，请致电 400-800-1234 办理退款"
# protocol.md, "Queries and appointments": the ready-for-pickup text, X = the case number.
READY_ZH = "【公安政务服务】您的业务（受理编号 {}）证件已制作完成，请携带受理回执和本人身份证件到受理窗口领取。"


def _post(kiosk: SignedClient, rec: dict[str, Any]) -> Any:
    return kiosk.post("/api/v1/records", json=rec, headers={"Idempotency-Key": rec["id"]})


def _submission(case_number: str) -> dict[str, Any]:
    rec = record(case_number=case_number)
    rec["payload"]["answers"]["phone"] = "13912345678"
    return rec


def _ready_sms(kiosk: SignedClient, case_number: str) -> list[dict[str, Any]]:
    kiosk.http.post(
        f"/api/v1/cases/{case_number}/status", json={"status": "ready_for_pickup"}, headers=BEARER
    )
    resp = kiosk.http.get(
        "/api/v1/sms-notices",
        params={"case_number": case_number, "full_phone": "1"},
        headers=BEARER,
    )
    return list(resp.json()["notices"])


def test_another_kiosks_prefix_is_refused(kiosk: SignedClient) -> None:
    """test-kiosk-01 numbers its cases K01-…; K02-… belongs to another kiosk."""
    theirs = _submission("K02-20261123-0007")
    resp = _post(kiosk, theirs)
    assert resp.status_code == 422 and resp.json() == {"error": "case_number_not_yours"}
    assert kiosk.get("/api/v1/cases/K02-20261123-0007", params={"id_last4": "1239"}).status_code == 404
    batch = kiosk.post("/api/v1/records:batch", json={"records": [theirs, _submission("K01-20261123-0007")]})
    assert [r["code"] for r in batch.json()["results"]] == [422, 201]
    assert batch.json()["results"][0]["body"] == {"error": "case_number_not_yours"}


def test_free_text_never_reaches_an_official_sms(kiosk: SignedClient) -> None:
    resp = _post(kiosk, _submission(PHISH))
    assert resp.status_code == 422 and resp.json() == {"error": "bad_case_number"}
    assert _ready_sms(kiosk, PHISH) == []

    own = _submission("K01-20261123-0042")
    assert _post(kiosk, own).status_code == 201
    (sms,) = _ready_sms(kiosk, "K01-20261123-0042")
    assert sms["text"]["zh"] == READY_ZH.format("K01-20261123-0042")


def test_a_stored_free_text_case_gets_no_sms(kiosk: SignedClient, db_url: str) -> None:
    """A case an older server accepted with free text as its number: moving it along records no
    SMS (the template is filled from a checked number only)."""
    rec = _submission(PHISH)
    engine = make_engine(db_url)
    with make_sessionmaker(engine).begin() as s:  # what the old server stored for it
        s.add(Record(kiosk_id=KIOSK, record_id=rec["id"], kind="submission", item_code="ZA-0101",
                     case_number=PHISH, created_at=rec["created_at"], body_sha256="0" * 64,
                     body=json.dumps(rec), answer={}))
        s.add(Case(case_number=PHISH, item_code="ZA-0101", kiosk_id=KIOSK, record_id=rec["id"],
                   id_last4="1239", status="received"))
    engine.dispose()
    assert _ready_sms(kiosk, PHISH) == []


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(number=st.text(min_size=1, max_size=64).filter(lambda t: "\x00" not in t))
def _any_text_is_refused(kiosk: SignedClient, number: str) -> None:
    resp = _post(kiosk, _submission(number))
    assert resp.status_code == 422, (number, resp.text)


def test_any_other_text_is_refused(kiosk: SignedClient) -> None:
    _any_text_is_refused(kiosk)


@pytest.mark.parametrize(
    "number",
    ["K01-20261323-0001", "K01-20260230-0001", "K01-20261123-001", "k01-20261123-0001",
     "K01-20261123-0001\n", "K01-20261123-00012345", "K01--20261123-0001"],
)
def test_near_misses_are_refused(kiosk: SignedClient, number: str) -> None:
    assert _post(kiosk, _submission(number)).status_code == 422


def test_a_second_kiosk_with_the_same_short_id_is_refused(settings: Settings, kiosk: SignedClient) -> None:
    """test-kiosk-01 has K01 (the kiosk's default rule); hall-b-01 would number its cases K01-…
    too, so two citizens could get the same number."""
    with pytest.raises(ProvisioningError, match="K01.*test-kiosk-01"):
        add_kiosk(settings, "hall-b-01")
    # With its own prefix it is provisioned, and its numbers are its own.
    secret = add_kiosk(settings, "hall-b-01", short_id="HB01")
    other = SignedClient(kiosk.http, "hall-b-01", secret)
    rec = _submission("HB01-20261123-0001") | {"kiosk_id": "hall-b-01"}
    assert _post(other, rec).status_code == 201
    assert _post(other, _submission("K01-20261123-0099") | {"kiosk_id": "hall-b-01"}).status_code == 422
    # Re-keying keeps the prefix it has.
    secret2 = add_kiosk(settings, KIOSK)
    assert secret2 != kiosk.secret
    again = SignedClient(kiosk.http, KIOSK, secret2)
    assert _post(again, _submission("K01-20261123-0100")).status_code == 201


def test_cli_refuses_a_duplicate_short_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'srv.db'}"
    assert server_cli(["add-kiosk", "demo-kiosk-01", "--db", db]) == 0
    assert server_cli(["add-kiosk", "lobby-01", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "K01" in err and "demo-kiosk-01" in err and "--short-id" in err
    assert server_cli(["add-kiosk", "lobby-01", "--db", db, "--short-id", "L01"]) == 0
    assert sys.platform  # the CLI ran in this process: nothing else to clean up
