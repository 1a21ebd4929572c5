"""The rate step (好差评) without Qt, into the real encrypted outbox: a low score needs a reason,
nothing is sent without a score, a rating is sent once."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.catalog import StepKind, default_catalog_dir, load_catalog
from kiosk.session import Session
from kiosk.steps.rate import Missing, RateController, RatePhase
from kiosk.store.store import Store, open_store
from kiosk.submitter import OutboxSubmitter
from kiosk.workflow import Workflow

CATALOG = load_catalog(default_catalog_dir())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "data", secrets.token_bytes(32), kiosk_id="rate-kiosk-01")
    yield s
    s.close()


def at_rate(store: Store) -> Workflow:
    item = next(i for i in CATALOG.items() if any(s.kind is StepKind.RATE for s in i.workflow))
    flow = Workflow([item], Session(), OutboxSubmitter(store.outbox, None))
    flow.index = [s.kind for s in flow.steps].index(StepKind.RATE)
    return flow


def test_a_low_score_needs_a_reason_and_is_sent_once(store: Store) -> None:
    ctrl = RateController(at_rate(store))
    assert not ctrl.send("")
    assert ctrl.view().missing is Missing.SCORE and store.outbox.depth() == 0
    ctrl.choose(2)
    assert not ctrl.send("   ")
    assert ctrl.view().missing is Missing.REASON and ctrl.view().score == 2 and store.outbox.depth() == 0
    assert ctrl.send("waited long")
    assert ctrl.phase is RatePhase.SENT and store.outbox.depth() == 1
    assert not ctrl.send("waited long")  # a second tap on "Send rating"
    assert store.outbox.depth() == 1


def test_a_good_score_needs_no_reason_and_out_of_range_is_ignored(store: Store) -> None:
    ctrl = RateController(at_rate(store))
    ctrl.choose(9)
    assert ctrl.view().score == 0
    ctrl.choose(5)
    assert ctrl.send("") and store.outbox.depth() == 1
