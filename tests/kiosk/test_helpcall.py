"""After "call staff" the kiosk watches its call at the real central server (a uvicorn subprocess
on loopback, the kiosk's signed client): it tells the citizen only when staff acknowledge, not
when the call is merely closed, and it stops asking when the centre does not know the call or
the centre cannot be reached for long."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import requests

from kiosk.helpcall import CallState, HelpCallWatch
from kiosk.sync.client import ServerClient
from server.launcher import LocalServer, start_local_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with start_local_server(tmp_path_factory.mktemp("server"), "demo-kiosk-01") as local:
        yield local


@pytest.fixture
def client(server: LocalServer) -> Iterator[ServerClient]:
    c = ServerClient(server.url, server.kiosk_id, server.secret, timeout=(2.0, 5.0))
    yield c
    c.close()


def _operator(server: LocalServer, call_id: str, action: str) -> None:
    resp = requests.post(f"{server.url}/api/v1/help-calls/{call_id}/{action}",
                         headers={"Authorization": f"Bearer {server.operator_token}"}, timeout=10)
    assert resp.status_code == 200


def test_the_citizen_is_told_once_staff_acknowledge(server: LocalServer, client: ServerClient) -> None:
    told: list[float] = []
    call_id = client.help_call("form", "zh_CN")
    watch = HelpCallWatch(call_id, client.help_call_state, lambda: told.append(time.monotonic()), poll_s=0.1).start()
    time.sleep(0.5)
    assert told == [] and watch.state is CallState.SENT
    _operator(server, call_id, "acknowledge")
    _operator(server, call_id, "acknowledge")  # a second press by a colleague changes nothing
    deadline = time.monotonic() + 5
    while not told and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    assert len(told) == 1 and watch.state is CallState.ACKNOWLEDGED


def test_a_call_closed_without_acknowledging_tells_nobody(server: LocalServer, client: ServerClient) -> None:
    told = threading.Event()
    call_id = client.help_call("home", "en")
    watch = HelpCallWatch(call_id, client.help_call_state, told.set, poll_s=0.1).start()
    _operator(server, call_id, "close")
    deadline = time.monotonic() + 5
    while watch.state is CallState.SENT and time.monotonic() < deadline:
        time.sleep(0.05)
    assert watch.state is CallState.CLOSED and not told.is_set()


def test_an_unknown_call_or_an_unreachable_centre_ends_the_watch(client: ServerClient) -> None:
    watch = HelpCallWatch("hc-never-made", client.help_call_state, lambda: None, poll_s=0.05)
    assert watch.poll_once() is CallState.GAVE_UP
    offline = ServerClient("http://127.0.0.1:9", "demo-kiosk-01", "00" * 32, timeout=(0.5, 0.5))
    watch = HelpCallWatch("hc-x", offline.help_call_state, lambda: None, poll_s=0.05, give_up_s=0.3)
    thread = threading.Thread(target=watch.run)
    thread.start()
    thread.join(10)
    assert not thread.is_alive() and watch.state is CallState.GAVE_UP
    offline.close()
