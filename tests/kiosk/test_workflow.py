"""The workflow engine without any screen: steps, validation, combined items, back rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.catalog import Item, StepKind, load_catalog
from kiosk.session import EndReason, Session, SessionKeeper
from kiosk.workflow import SubmitError, Workflow, WorkflowError, merge_steps, missing_steps

SAMPLE = Path(__file__).parent / "data" / "catalog_sample.toml"
TODAY = date(2026, 11, 22)


@pytest.fixture()
def item() -> Item:
    return load_catalog(SAMPLE).item("ZA-0101")


def flow_at_first_form(item: Item) -> Workflow:
    flow = Workflow([item], Session(), submitter=None, today=lambda: TODAY)
    flow.next()  # guide -> consent
    flow.next()  # consent -> form
    assert flow.step.kind is StepKind.FORM
    return flow


def test_progress_counts_every_step(item: Item) -> None:
    flow = Workflow([item], Session(), submitter=None)
    assert flow.progress == (1, len(item.workflow))
    flow.next()
    assert flow.progress == (2, len(item.workflow))


def test_form_errors_are_codes_per_field_and_nothing_is_stored(item: Item) -> None:
    flow = flow_at_first_form(item)
    state = flow.submit_form({"item_category": "", "item_description": "x", "lost_date": "2026-13-01",
                              "lost_place": "here"})
    assert state.errors == {"item_category": "required", "lost_date": "date"}
    assert flow.step.kind is StepKind.FORM
    assert flow.session.answers == {}


def test_future_date_and_bad_phone(item: Item) -> None:
    flow = flow_at_first_form(item)
    state = flow.submit_form({"item_category": "keys", "item_description": "x", "lost_date": "2027-01-01",
                              "lost_place": "y"})
    assert state.errors == {"lost_date": "date_future"}
    flow.submit_form({"item_category": "keys", "item_description": "x", "lost_date": "20261120", "lost_place": "y"})
    assert flow.session.answers["lost_date"] == "2026-11-20"
    state = flow.submit_form({"name": "李四", "phone": "12345"})
    assert state.errors == {"phone": "phone"}
    flow.submit_form({"name": "李四", "phone": "138 0013 8000"})
    assert flow.session.answers["phone"] == "13800138000"
    assert flow.step.kind is StepKind.REVIEW
    highlighted = {row.field.key for row in flow.review_rows() if row.highlight}
    assert highlighted == {"name"}


def test_submit_without_store_says_so(item: Item) -> None:
    flow = flow_at_first_form(item)
    flow.submit_form({"item_category": "keys", "item_description": "x", "lost_date": "2026-11-20", "lost_place": "y"})
    flow.submit_form({"name": "李四", "phone": "13800138000"})
    flow.next()
    with pytest.raises(SubmitError) as err:
        flow.commit()
    assert err.value.code == "no_store"
    with pytest.raises(WorkflowError):
        flow.next()  # cannot skip past an uncommitted case


def test_rating_needs_reason_when_low(item: Item) -> None:
    flow = Workflow([item], Session(), submitter=None)
    flow.index = len(flow.steps) - 1
    assert flow.step.kind is StepKind.RATE
    assert flow.rate(0, "") == "score"
    assert flow.rate(2, "  ") == "reason_required"
    assert flow.rate(2, "too slow") is None
    assert flow.finished


def test_combined_items_ask_shared_fields_once(item: Item) -> None:
    other = item.model_copy(update={"code": "ZA-0102"})
    steps = merge_steps([item, other])
    keys = [f.key for s in steps for f in s.fields]
    assert len(keys) == len(set(keys)) == len(list(item.fields()))
    kinds = [s.kind for s in steps]
    assert kinds.count(StepKind.REVIEW) == 1 and kinds.count(StepKind.SUBMIT) == 1
    assert kinds.index(StepKind.FORM) < kinds.index(StepKind.REVIEW) < kinds.index(StepKind.SUBMIT)


def test_missing_steps_make_item_unavailable(item: Item) -> None:
    assert missing_steps(item, {StepKind.GUIDE, StepKind.FORM}) == [
        StepKind.CONSENT, StepKind.REVIEW, StepKind.SUBMIT, StepKind.DONE, StepKind.RATE]


def test_session_end_wipes_everything() -> None:
    keeper = SessionKeeper("zh_CN")
    ended: list[EndReason] = []
    keeper.on_end(ended.append)
    session = keeper.start()
    session.answers["name"] = "王五"
    session.attachments["photo"] = bytearray(b"secret")
    blob = session.attachments["photo"]
    session.deferred.append("户口簿")
    keeper.end(EndReason.TIMEOUT)
    assert ended == [EndReason.TIMEOUT]
    assert keeper.current is None
    assert session.answers == {} and session.attachments == {} and session.deferred == []
    assert bytes(blob) == b"\0" * 6


def test_a_field_asked_only_after_a_choice_is_checked_and_kept_only_then(tmp_path: Path) -> None:
    # The shape of the shipped postal address: asked only when the citizen chose "free mail".
    text = SAMPLE.read_text(encoding="utf-8").replace(
        '  { key = "lost_date", role = "lost_date", kind = "date"',
        '  { key = "model", kind = "text", label = { zh = "型号", en = "Model" }, personal = true, '
        'show_when = { key = "item_category", equals = "phone" } },\n'
        '  { key = "lost_date", role = "lost_date", kind = "date"', 1)
    (tmp_path / "c.toml").write_text(text, encoding="utf-8")
    item = load_catalog(tmp_path / "c.toml").item("ZA-0101")
    answers = {"item_description": "black", "lost_date": "2026-11-20", "lost_place": "metro"}

    flow = flow_at_first_form(item)
    state = flow.submit_form({**answers, "item_category": "phone", "model": ""})
    assert state.errors == {"model": "required"}  # asked, so required
    flow.submit_form({**answers, "item_category": "phone", "model": "X1"})
    assert flow.session.answers["model"] == "X1"

    flow = flow_at_first_form(item)
    form_index = flow.index
    state = flow.submit_form({**answers, "item_category": "keys", "model": "typed before changing my mind"})
    assert state.errors == {} and flow.index == form_index + 1  # the form was accepted
    assert "model" not in flow.session.answers  # not asked: not kept


# -- steps carried by the screen before them (issue #16: ≤ 7 screens from guide to receipt) ------
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def test_the_guide_start_passes_the_consent_and_back_returns_to_the_guide(
        item: Item, caplog: pytest.LogCaptureFixture) -> None:
    flow = Workflow([item], Session(), submitter=None, today=lambda: TODAY)
    assert flow.consent_at_guide
    with caplog.at_level("INFO", logger="kiosk.workflow"):
        assert flow.start().kind is StepKind.FORM
    said = [r.getMessage() for r in caplog.records]
    assert said[0] == f"step 2/{len(flow.steps)}: consent"  # logged as when it had its own screen
    assert "consent given at the guide (agree and start)" in said
    with pytest.raises(WorkflowError):
        flow.start()  # once
    assert flow.back().kind is StepKind.GUIDE  # not the consent: it is given again on the guide


def test_a_sign_after_the_review_is_done_on_the_review(item: Item) -> None:
    steps = [s.kind for s in item.workflow]
    signed = item.model_copy(update={"workflow": [
        *item.workflow[: steps.index(StepKind.REVIEW) + 1], item.workflow[0].model_copy(update={"kind": StepKind.SIGN}),
        *item.workflow[steps.index(StepKind.REVIEW) + 1:]]})
    flow = flow_at_first_form(signed)
    flow.submit_form({"item_category": "keys", "item_description": "x", "lost_date": "2026-11-20", "lost_place": "y"})
    flow.submit_form({"name": "李四", "phone": "13800138000"})
    assert flow.step.kind is StepKind.REVIEW and flow.signs_at_review
    with pytest.raises(WorkflowError):
        flow.confirm_review_signed(b"not a png")
    assert flow.step.kind is StepKind.REVIEW and "signature.png" not in flow.session.attachments
    assert flow.confirm_review_signed(PNG).kind is StepKind.SUBMIT
    assert bytes(flow.session.attachments["signature.png"]) == PNG
    assert flow.back().kind is StepKind.REVIEW  # 修改 from the next step: the review, to sign anew
    plain = flow_at_first_form(item)
    plain.index = [s.kind for s in plain.steps].index(StepKind.REVIEW)
    assert not plain.signs_at_review
    with pytest.raises(WorkflowError):
        plain.confirm_review_signed(PNG)  # no sign step to take it
