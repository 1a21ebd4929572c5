"""The book and query steps without Qt, against the real central server (local HTTP server with
its demo calendar and demo records): a time taken by someone else, the centre down, a booking
confirmed once, a search that finds nothing or cannot reach the centre."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from kiosk.catalog import StepKind, default_catalog_dir, load_catalog
from kiosk.session import Session
from kiosk.steps.book import BookController, BookNotice, BookPhase
from kiosk.steps.query import QueryController, QueryPhase
from kiosk.steps.runner import ThreadRunner
from kiosk.sync.client import ServerClient
from kiosk.workflow import Workflow
from server.db import Hold, make_engine, make_sessionmaker
from server.launcher import LocalServer, start_local_server

CATALOG = load_catalog(default_catalog_dir())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with start_local_server(tmp_path_factory.mktemp("server"), "steps-kiosk-02") as local:
        yield local


@pytest.fixture
def client(server: LocalServer) -> ServerClient:
    return ServerClient(server.url, server.kiosk_id, server.secret)


@pytest.fixture
def runner() -> Iterator[ThreadRunner]:
    r = ThreadRunner()
    yield r
    r.drain()


def at_step(code: str, kind: StepKind, answers: dict[str, str]) -> Workflow:
    session = Session()
    session.answers.update(answers)
    flow = Workflow([CATALOG.item(code)], session, None)
    flow.index = [s.kind for s in flow.steps].index(kind)
    return flow


def booking(client: ServerClient | None, runner: ThreadRunner) -> tuple[Workflow, BookController]:
    flow = at_step("YY-0101", StepKind.BOOK, {"name": "Zhao", "phone": "13912345678"})
    ctrl = BookController(flow, lambda: client, runner)
    ctrl.start()
    return flow, ctrl


def first_day_with_free_slots(ctrl: BookController, runner: ThreadRunner) -> None:
    for day in ctrl.view().days:
        ctrl.pick_day(day)
        assert runner.pump_until(lambda: ctrl.phase is not BookPhase.LOADING)
        if ctrl.view().any_free:
            return
    raise AssertionError("no free times in the demo calendar this week")


def test_a_held_time_is_booked_once_and_written_to_the_session(client: ServerClient, runner: ThreadRunner) -> None:
    flow, ctrl = booking(client, runner)
    first_day_with_free_slots(ctrl, runner)
    slot = next(s for s in ctrl.view().slots if s.free > 0)
    ctrl.hold(slot.id)
    ctrl.hold(slot.id)  # a second tap while the first is asked: ignored
    assert runner.pump_until(lambda: ctrl.phase is BookPhase.HELD)
    assert ctrl.view().held == slot
    ctrl.book()
    ctrl.book()  # a double tap on "Book this time": one booking
    assert runner.pump_until(lambda: ctrl.phase is BookPhase.BOOKED)
    [booked] = flow.session.bookings
    assert booked["booking_number"].startswith("BK") and booked["start"] == slot.start
    runner.drain()
    # Two places per half hour: the hold became the booking, nothing else was taken.
    again = next(s for s in client.slots("fingerprint", ctrl.view().day.isoformat()) if s["id"] == slot.id)
    assert again["free"] == slot.free - 1


def test_a_time_taken_by_someone_else_sends_the_citizen_back_to_the_free_times(
        client: ServerClient, runner: ThreadRunner) -> None:
    flow, ctrl = booking(client, runner)
    first_day_with_free_slots(ctrl, runner)
    slot = next(s for s in ctrl.view().slots if s.free > 0)
    for _ in range(slot.free):  # other kiosks take the last places while this citizen looks
        client.hold(slot.id)
    ctrl.hold(slot.id)
    assert runner.pump_until(lambda: ctrl.phase is BookPhase.SLOTS)
    assert ctrl.view().notice is BookNotice.TAKEN
    taken = next(s for s in ctrl.view().slots if s.id == slot.id)
    assert taken.free == 0 and flow.session.bookings == []


def test_a_hold_that_ran_out_before_confirming_is_said_and_nothing_booked(
        server: LocalServer, client: ServerClient, runner: ThreadRunner) -> None:
    flow, ctrl = booking(client, runner)
    first_day_with_free_slots(ctrl, runner)
    slot = next(s for s in ctrl.view().slots if s.free > 0)
    ctrl.hold(slot.id)
    assert runner.pump_until(lambda: ctrl.phase is BookPhase.HELD)
    engine = make_engine(server.db_url)  # the two minutes pass
    with make_sessionmaker(engine).begin() as s:
        s.execute(update(Hold).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    engine.dispose()
    ctrl.book()
    assert runner.pump_until(lambda: ctrl.phase is BookPhase.SLOTS)
    assert ctrl.view().notice is BookNotice.RELEASED and flow.session.bookings == []


def test_booking_with_the_centre_down_says_so(runner: ThreadRunner) -> None:
    _flow, offline = booking(None, runner)
    assert offline.phase is BookPhase.UNAVAILABLE
    dead = ServerClient("http://127.0.0.1:9", "steps-kiosk-02", "00" * 32)  # nothing listens there
    _flow, ctrl = booking(dead, runner)
    assert runner.pump_until(lambda: ctrl.phase is not BookPhase.LOADING, 30)
    assert ctrl.phase is BookPhase.UNAVAILABLE


# -- query -------------------------------------------------------------------------------------------
def querying(client: ServerClient | None, answers: dict[str, str], runner: ThreadRunner) -> tuple[Workflow, QueryController]:
    flow = at_step("ZM-0201", StepKind.QUERY, answers)
    ctrl = QueryController(flow, lambda: client, runner)
    ctrl.start()
    return flow, ctrl


def test_a_case_found_is_kept_for_the_result_step(client: ServerClient, runner: ThreadRunner) -> None:
    flow, ctrl = querying(client, {"case_number": "K01-20261115-0003", "id_last4": "1239"}, runner)
    assert runner.pump_until(lambda: ctrl.phase is not QueryPhase.SEARCHING)
    assert ctrl.phase is QueryPhase.FOUND
    [result] = flow.session.query_results
    assert result.entries and "审核中" in result.entries[0].title["zh"]


def test_not_found_is_an_answer_not_an_error(client: ServerClient, runner: ThreadRunner) -> None:
    flow, ctrl = querying(client, {"case_number": "K01-20261115-0003", "id_last4": "0000"}, runner)
    assert runner.pump_until(lambda: ctrl.phase is not QueryPhase.SEARCHING)
    assert ctrl.phase is QueryPhase.FOUND
    [result] = flow.session.query_results
    assert not result.entries and "没有找到" in result.empty_message["zh"]


def test_the_centre_down_offers_a_retry_and_keeps_nothing(client: ServerClient, runner: ThreadRunner) -> None:
    answers = {"case_number": "K01-20261115-0003", "id_last4": "1239"}
    flow, ctrl = querying(None, answers, runner)
    assert ctrl.phase is QueryPhase.UNAVAILABLE and flow.session.query_results == []
    dead = ServerClient("http://127.0.0.1:9", "steps-kiosk-02", "00" * 32)
    flow, ctrl = querying(dead, answers, runner)
    assert runner.pump_until(lambda: ctrl.phase is not QueryPhase.SEARCHING, 30)
    assert ctrl.phase is QueryPhase.UNAVAILABLE and ctrl.view().can_retry


def test_an_answer_arriving_after_the_citizen_left_is_dropped(client: ServerClient, runner: ThreadRunner) -> None:
    flow, ctrl = querying(client, {"case_number": "K01-20261115-0003", "id_last4": "1239"}, runner)
    ctrl.leave()
    runner.drain()
    assert ctrl.phase is QueryPhase.LEFT and flow.session.query_results == []
