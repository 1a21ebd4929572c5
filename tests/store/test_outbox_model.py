"""Model-based test of the outbox (Hypothesis state machine): whatever the order of commits,
acknowledgements, retries and parking, the store agrees with a plain-Python model — nothing
acknowledged comes back, nothing pending disappears, commit order is kept."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from kiosk.store import OutboxRecord, open_store


class OutboxMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="outbox-model-"))
        self.now = 1_800_000_000.0
        self.store = open_store(self.dir, bytes(32), clock=lambda: self.now)
        self.pending: dict[str, float] = {}  # id → due time
        self.order: list[str] = []
        self.parked: set[str] = set()
        self.gone: set[str] = set()

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @rule(n=st.integers(1, 4))
    def commit(self, n: int) -> None:
        recs = [OutboxRecord(kind="submission", item_code="ZA-0101", personal={"k": r}) for r in range(n)]
        self.store.outbox.commit_many(recs)
        for r in recs:
            self.pending[r.id] = 0.0
            self.order.append(r.id)

    @rule(limit=st.integers(1, 5), take=st.integers(0, 5))
    def ack_some(self, limit: int, take: int) -> None:
        batch = self.store.outbox.next_batch(limit)
        due = [i for i in self.order if i in self.pending and self.pending[i] <= self.now][:limit]
        assert [p.id for p in batch] == due
        acked = [p.id for p in batch[:take]]
        self.store.outbox.mark_acknowledged(acked)
        for i in acked:
            del self.pending[i]
            self.gone.add(i)

    @rule(delay=st.floats(0, 100), limit=st.integers(1, 3))
    def fail_some(self, delay: float, limit: int) -> None:
        batch = self.store.outbox.next_batch(limit)
        self.store.outbox.mark_retry([p.id for p in batch], delay, "timeout")
        for p in batch:
            self.pending[p.id] = self.now + delay

    @rule()
    def park_first(self) -> None:
        batch = self.store.outbox.next_batch(1)
        if batch:
            self.store.outbox.mark_parked(batch[0].id, "http_422")
            del self.pending[batch[0].id]
            self.parked.add(batch[0].id)

    @rule(seconds=st.floats(0, 200))
    def time_passes(self, seconds: float) -> None:
        self.now += seconds

    @invariant()
    def agrees_with_model(self) -> None:
        assert self.store.outbox.depth() == len(self.pending)
        assert self.store.outbox.parked_count() == len(self.parked)
        held = {r[0] for r in self.store.db.conn().execute("SELECT id FROM records")}
        assert held == set(self.pending) | self.parked
        assert held.isdisjoint(self.gone)


TestOutboxModel = OutboxMachine.TestCase
TestOutboxModel.settings = settings(max_examples=30, stateful_step_count=25, deadline=None)
