"""Fingerprints taken at the kiosk reach the centre inside the encrypted case (as attachments), and
the staff console says "指纹：已采集 2 枚" or "指纹：需到窗口补采" — never the template itself.
The record is the exact wire body the kiosk's real outbox sends (kiosk/submitter.py)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from kiosk.catalog import default_catalog_dir, load_catalog
from kiosk.session import Session
from kiosk.steps.fingerprint import AT_COUNTER, CAPTURED, FINGERS, attachment_name
from kiosk.store import open_store
from kiosk.submitter import OutboxSubmitter

from .conftest import KIOSK, SignedClient, operator_login

TEMPLATE = bytes(range(256)) * 2  # 512 bytes, as the module's UpChar gives


def wire_body(tmp_path: Path, fingerprints: str) -> dict[str, Any]:
    store = open_store(tmp_path, bytes(range(32)), kiosk_id=KIOSK)
    session = Session()
    session.verification = "match"
    session.fingerprints = fingerprints
    if fingerprints == CAPTURED:
        for finger in FINGERS:
            session.attachments[attachment_name(finger)] = bytearray(TEMPLATE)
    [number] = OutboxSubmitter(store.outbox).submit(session, [load_catalog(default_catalog_dir()).item("HZ-0101")])
    [pending] = store.outbox.next_batch()
    store.close()
    assert pending.body["case_number"] == number
    return pending.body


def test_templates_travel_in_the_case_and_the_console_says_two_taken(kiosk: SignedClient, tmp_path: Path) -> None:
    body = wire_body(tmp_path, CAPTURED)
    sent = {a["name"]: base64.b64decode(a["data_b64"]) for a in body["payload"]["attachments"]}
    assert sent == {attachment_name(f): TEMPLATE for f in FINGERS}
    assert kiosk.post("/api/v1/records", json=body).status_code == 201
    operator_login(kiosk.http)
    page = kiosk.http.get(f"/cases/{body['case_number']}").text
    assert "<dt>指纹</dt><dd id=case-fingerprints>已采集 2 枚</dd>" in page
    assert body["payload"]["attachments"][0]["data_b64"][:24] not in page  # no template on the page
    kiosk.http.post("/operator/language", content=b"lang=en&back=/", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    page = kiosk.http.get(f"/cases/{body['case_number']}").text
    assert "<dd id=case-fingerprints>2 taken at the kiosk</dd>" in page


def test_fingerprints_at_the_counter_are_shown_to_staff(kiosk: SignedClient, tmp_path: Path) -> None:
    body = wire_body(tmp_path, AT_COUNTER)
    assert not [a for a in body["payload"]["attachments"] if a["name"].startswith("fingerprint_")]
    assert kiosk.post("/api/v1/records", json=body).status_code == 201
    operator_login(kiosk.http)
    page = kiosk.http.get(f"/cases/{body['case_number']}").text
    assert "<dt>指纹</dt><dd id=case-fingerprints>需到窗口补采</dd>" in page


def test_a_case_without_a_fingerprint_step_says_nothing_about_fingers(kiosk: SignedClient) -> None:
    from .conftest import record

    body = record()
    assert kiosk.post("/api/v1/records", json=body).status_code == 201
    operator_login(kiosk.http)
    page = kiosk.http.get(f"/cases/{body['case_number']}").text
    assert "case-fingerprints" not in page
