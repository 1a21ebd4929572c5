"""The submit step through the real outbox: what the workflow passes ends up encrypted, and a
full store becomes the "store_full" message the screen already knows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.catalog import StepKind, load_catalog
from kiosk.session import Session
from kiosk.store import OutboxLimits, open_store
from kiosk.submitter import OutboxSubmitter
from kiosk.workflow import SubmitError, Workflow

SAMPLE = Path(__file__).parents[1] / "kiosk" / "data" / "catalog_sample.toml"
KEY = bytes(range(32))


def flow_at_submit(submitter: OutboxSubmitter) -> Workflow:
    item = load_catalog(SAMPLE).item("ZA-0101")
    session = Session()
    session.verification = "match"
    session.verification_reference = "register"  # compared at the centre with the register photo
    session.attachments["signature.png"] = b"\x89PNG\r\n\x1a\nfake-strokes"
    flow = Workflow([item], session, submitter, today=lambda: date(2026, 11, 22))
    flow.next()
    flow.next()
    flow.submit_form({"item_category": "keys", "item_description": "钥匙", "lost_date": "2026-11-20",
                      "lost_place": "大厅"})
    flow.submit_form({"name": "欧阳娜娜", "phone": "13800138000"})
    flow.next()  # review -> submit
    assert flow.step.kind is StepKind.SUBMIT
    return flow


def test_commit_stores_the_case_and_returns_its_number(tmp_path: Path) -> None:
    store = open_store(tmp_path, KEY)
    flow = flow_at_submit(OutboxSubmitter(store.outbox))
    [number] = flow.commit()
    assert number.startswith("K01-") and flow.session.case_numbers == [number]
    assert flow.commit() == [number]  # idempotent within the session
    [pending] = store.outbox.next_batch()
    payload = pending.body["payload"]
    assert pending.body["item_code"] == "ZA-0101" and pending.body["case_number"] == number
    assert payload["answers"]["name"] == "欧阳娜娜"
    assert payload["verification"]["verdict"] == "match"
    # the case says which photo the face was compared with, and nothing about the score
    assert payload["verification"]["reference"] == "register"
    assert not {"score", "distance"} & set(payload["verification"])
    assert payload["attachments"][0]["media_type"] == "image/png"
    raw = store.db.conn().execute("SELECT public, personal FROM records").fetchone()
    assert "欧阳娜娜" not in raw[0] and "欧阳娜娜".encode() not in raw[1]
    flow.next()
    flow.next()
    assert flow.step.kind is StepKind.RATE
    assert flow.rate(1, "等太久") is None
    assert store.outbox.depth() == 2


def test_full_store_becomes_store_full(tmp_path: Path) -> None:
    store = open_store(tmp_path, KEY, limits=OutboxLimits(max_depth=0))
    flow = flow_at_submit(OutboxSubmitter(store.outbox))
    with pytest.raises(SubmitError) as err:
        flow.commit()
    assert err.value.code == "store_full"
    assert flow.session.case_numbers == [] and store.outbox.depth() == 0


def test_a_shipped_application_carries_the_applicants_signature_encrypted(tmp_path: Path) -> None:
    """户口迁入 (HZ-0301) from the shipped catalog: review → sign → submit; the signature is in the
    case, and not readable in the database file."""
    from kiosk.catalog import default_catalog_dir

    item = load_catalog(default_catalog_dir()).item("HZ-0301")
    store = open_store(tmp_path, KEY)
    session = Session()
    session.verification = "match"
    flow = Workflow([item], session, OutboxSubmitter(store.outbox), today=lambda: date(2026, 11, 22))
    while flow.step.kind is not StepKind.REVIEW:
        if flow.step.kind is StepKind.FORM:
            sample = {"phone": "13800138000", "number": "1", "address": "北京市朝阳区示例路1号",
                      "document_photo": "scan"}
            answers = {f.key: f.choices[0].value if f.choices else sample[f.kind.value]
                       for f in flow.step.fields}
            state = flow.submit_form(answers)
            assert not state.errors, state.errors
        else:
            flow.next()
    flow.next()
    assert flow.step.kind is StepKind.SIGN
    strokes = b"\x89PNG\r\n\x1a\n" + b"applicant-strokes" * 8
    flow.sign(strokes)
    assert flow.step.kind is StepKind.SUBMIT
    flow.commit()
    [pending] = store.outbox.next_batch()
    attachments = {a["name"]: a for a in pending.body["payload"]["attachments"]}
    assert attachments["signature.png"]["media_type"] == "image/png"
    raw = store.db.conn().execute("SELECT public, personal FROM records").fetchone()
    import base64

    for form in (strokes[8:], base64.b64encode(strokes)):
        assert form not in raw[1] and form.decode() not in raw[0]  # neither raw nor base64
