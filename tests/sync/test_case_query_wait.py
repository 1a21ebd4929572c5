"""What the citizen reads when the central server stops answering case queries for a while
(issue #14 item 9): the kiosk's own client and query step against the real server (uvicorn on
loopback) with its real limits — a case locked after wrong guesses, a kiosk that asked too often."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.queries import case_progress
from kiosk.session import Session
from kiosk.sync.client import ServerClient
from server.app import add_kiosk
from tests.server.conftest import KIOSK, LiveServer, make_settings, record


@pytest.fixture
def client(tmp_path: Path) -> Iterator[ServerClient]:
    settings = make_settings(f"sqlite:///{tmp_path / 'server.db'}")
    secret = add_kiosk(settings, KIOSK)
    with LiveServer(settings) as srv:
        c = ServerClient(srv.url, KIOSK, secret)
        yield c
        c.close()


def _ask(client: ServerClient, number: str, last4: str) -> tuple[str, str, int]:
    result = case_progress(client, Session(answers={"case_number": number, "id_last4": last4}))
    return result.empty_message["zh"], result.empty_message["en"], len(result.entries)


def test_a_locked_case_is_explained(client: ServerClient) -> None:
    rec = record(case_number="K01-20261123-0001")  # the applicant's ID ends in 1239
    assert client.send_record(rec).stored
    for guess in ("0000", "0001", "0002", "0003", "0004"):
        zh, _en, found = _ask(client, "K01-20261123-0001", guess)
        assert found == 0 and "没有找到" in zh
    zh, en, found = _ask(client, "k01-20261123-0001", "1239")  # typed in lower case: same case
    assert found == 0
    assert "暂停" in zh and "60 分钟" in zh and "窗口" in zh
    assert "paused" in en and "60 minute" in en and "counter" in en


def test_a_busy_kiosk_is_told_to_wait(client: ServerClient) -> None:
    for seq in range(10):
        _ask(client, f"K01-20261123-{seq + 100:04d}", "1239")
    zh, en, found = _ask(client, "K01-20261123-0200", "1239")
    assert found == 0
    assert "本机查询次数过多" in zh and "1 分钟" in zh
    assert "too many searches" in en and "1 minute" in en
