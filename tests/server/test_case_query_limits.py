"""Guessing the last four ID characters of a case (issue #14 item 9). Before: one kiosk credential
made ~211 guesses a second, so any case opened in about a minute. Now a case number locks after a
few wrong guesses (from any kiosk), a kiosk is slowed down, the answer is 429 with Retry-After
(RFC 9110 §10.2.3: seconds to wait), and every query is in the audit trail."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.app import add_kiosk, create_app
from server.db import CaseQuery, make_sessionmaker

from .conftest import KIOSK, SignedClient, make_settings, operator_login, record


def _case(kiosk: SignedClient, seq: int) -> str:
    rec = record(case_number=f"K01-20261123-{seq:04d}")  # the applicant's ID ends in 1239
    assert kiosk.post("/api/v1/records", json=rec, headers={"Idempotency-Key": rec["id"]}).status_code == 201
    return str(rec["case_number"])


def _ask(kiosk: SignedClient, number: str, last4: str) -> Any:
    return kiosk.get(f"/api/v1/cases/{number}", params={"id_last4": last4})


def _retry_after(resp: Any, error: str) -> int:
    assert resp.status_code == 429, resp.text
    assert resp.json()["error"] == error
    seconds = int(resp.headers["Retry-After"])  # delay-seconds form
    assert resp.json()["retry_after_s"] == seconds
    return seconds


def _audit(app_client: TestClient) -> list[tuple[str, str, str]]:
    with make_sessionmaker(app_client.app.state.engine)() as s:  # type: ignore[attr-defined]
        rows = s.scalars(select(CaseQuery).order_by(CaseQuery.id))
        return [(r.kiosk_id, r.case_number, r.outcome) for r in rows]


def test_wrong_guesses_lock_the_case_for_every_kiosk(
    kiosk: SignedClient, settings: Any, app_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    number = _case(kiosk, 1)
    for guess in ("0000", "0001", "0002", "0003", "0004"):
        assert _ask(kiosk, number, guess).status_code == 404
    # The right digits no longer open it: the next guess could have been the right one.
    wait = _retry_after(_ask(kiosk, number, "1239"), "case_locked")
    assert 3000 < wait <= 3600
    other = SignedClient(kiosk.http, "test-kiosk-02", add_kiosk(settings, "test-kiosk-02"))
    _retry_after(_ask(other, number, "1239"), "case_locked")
    assert _audit(app_client) == [(KIOSK, number, "wrong")] * 5 + [
        (KIOSK, number, "case_locked"),
        ("test-kiosk-02", number, "case_locked"),
    ]
    assert any("locked after 5 wrong guesses" in r.getMessage() for r in caplog.records)
    operator_login(kiosk.http)
    refused = kiosk.http.get("/").text.split("id=refused-queries")[1]
    # In words on the staff console since issue #17 item 7 (编号已锁定 = case_locked).
    assert refused.count(number) == 2 and "test-kiosk-02" in refused and "编号已锁定" in refused


def test_the_lock_ends_when_the_guesses_are_old(kiosk: SignedClient, app_client: TestClient) -> None:
    number = _case(kiosk, 2)
    for guess in ("0000", "0001", "0002", "0003", "0004"):
        _ask(kiosk, number, guess)
    _retry_after(_ask(kiosk, number, "1239"), "case_locked")
    with make_sessionmaker(app_client.app.state.engine).begin() as s:  # type: ignore[attr-defined]
        for row in s.scalars(select(CaseQuery)):  # an hour passes
            row.at -= timedelta(seconds=3601)
    assert _ask(kiosk, number, "1239").json()["case_number"] == number


def test_an_unknown_number_locks_the_same_way(kiosk: SignedClient) -> None:
    """Otherwise "locked" would tell a guesser that the case exists."""
    for guess in ("0000", "0001", "0002", "0003", "0004"):
        assert _ask(kiosk, "K01-20261123-0999", guess).status_code == 404
    _retry_after(_ask(kiosk, "K01-20261123-0999", "1239"), "case_locked")


def test_one_kiosk_is_slowed_down(kiosk: SignedClient, app_client: TestClient) -> None:
    """Walking sequential numbers with one guess each: after 10 in a minute, wait."""
    for seq in range(10):
        assert _ask(kiosk, f"K01-20261123-{seq + 100:04d}", "1239").status_code == 404
    assert 1 <= _retry_after(_ask(kiosk, "K01-20261123-0200", "1239"), "rate_limited") <= 60
    assert _audit(app_client)[-1] == (KIOSK, "K01-20261123-0200", "rate_limited")


@pytest.fixture
def patient(sqlite_url: str) -> Iterator[SignedClient]:
    """A server whose per-minute limit does not get in the way of the hourly one."""
    cfg = make_settings(sqlite_url, case_queries_per_kiosk_per_min=1000)
    app = create_app(cfg)
    with TestClient(app) as tc:
        yield SignedClient(tc, KIOSK, add_kiosk(cfg, KIOSK))
    app.state.engine.dispose()


def test_wrong_guesses_spread_over_cases_slow_a_kiosk_for_the_hour(patient: SignedClient) -> None:
    number = _case(patient, 3)
    for seq in range(20):  # four guesses on each of five numbers: none of them locks
        assert _ask(patient, f"K01-20261123-{300 + seq // 4:04d}", f"{seq:04d}").status_code == 404
    wait = _retry_after(_ask(patient, number, "1239"), "rate_limited")
    assert 60 < wait <= 3600
