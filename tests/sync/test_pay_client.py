"""The kiosk's payment-gateway calls against the real server (subprocess on loopback): what a
caller sees for each answer, including refusals (ApiError), retryable failures (TransientError)
and a dead network."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest

from kiosk.sync.client import ServerClient
from kiosk.sync.errors import ApiError, TransientError

launcher = pytest.importorskip("server.launcher")

KIOSK = "hall-1-kiosk-pay"
WECHAT = "134567890123456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    srv = launcher.start_local_server(tmp_path_factory.mktemp("server"), KIOSK)
    yield srv
    srv.stop()


@pytest.fixture
def client(server: object) -> Iterator[ServerClient]:
    c = ServerClient(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
    c.pay_code_script(["paid"])  # the script is per kiosk and outlives a test: reset it
    yield c
    c.close()


def test_code_charge_query_reverse(client: ServerClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    assert client.pay_code_script(["user_paying", "declined", "paid"]) == {
        "steps": ["user_paying", "declined", "paid"]}
    paying = client.pay_code_charge("K-c1", WECHAT, 2000, "工本费")
    assert paying["result"] == "user_paying" and paying["transaction_id"] is None
    assert client.pay_code_charge("K-c1", WECHAT, 2000, "工本费") == paying  # a resend
    assert client.pay_code_status("K-c1")["status"] == "user_paying"
    paid = client.pay_code_status("K-c1")
    assert paid["status"] == "paid" and paid["transaction_id"] and paid["amount_fen"] == 2000
    declined = client.pay_code_charge("K-c2", WECHAT, 2000, "工本费")
    assert declined["result"] == "failed" and declined["reason"]
    assert client.pay_code_reverse("K-c1") == {"order_id": "K-c1", "status": "reversed"}
    assert client.pay_code_reverse("K-c1") == {"order_id": "K-c1", "status": "reversed"}
    with pytest.raises(ApiError) as refused:
        client.pay_code_charge("K-c1", WECHAT, 2000, "工本费")
    assert (refused.value.status, refused.value.error) == (409, "order_reversed")
    assert WECHAT not in caplog.text


def test_refusals_are_api_errors(client: ServerClient) -> None:
    client.pay_code_charge("K-r1", WECHAT, 100, "")
    with pytest.raises(ApiError) as conflict:
        client.pay_code_charge("K-r1", WECHAT, 101, "")
    assert (conflict.value.status, conflict.value.error) == (409, "conflict")
    assert conflict.value.body == {"error": "conflict"}
    with pytest.raises(ApiError) as invalid:
        client.pay_code_charge("K-r2", "164567890123456789", 100, "")
    assert (invalid.value.status, invalid.value.error) == (422, "invalid")
    with pytest.raises(ApiError) as unknown:
        client.pay_code_status("K-never")
    assert (unknown.value.status, unknown.value.error) == (404, "not_found")


def test_reverse_before_charge_and_reverse_failures(client: ServerClient) -> None:
    assert client.pay_code_reverse("K-lost")["status"] == "reversed"
    with pytest.raises(ApiError) as late:
        client.pay_code_charge("K-lost", WECHAT, 100, "")
    assert late.value.error == "order_reversed"
    client.pay_code_script(["reverse_fails"])
    assert client.pay_code_charge("K-rf", WECHAT, 100, "")["result"] == "paid"
    for _ in range(2):
        with pytest.raises(TransientError) as failed:
            client.pay_code_reverse("K-rf")
        assert failed.value.status == 503 and failed.value.reason == "HTTP 503"
    assert client.pay_code_reverse("K-rf")["status"] == "reversed"
    client.pay_code_script(["system_error"])
    assert client.pay_code_charge("K-se", WECHAT, 100, "")["result"] == "system_error"
    assert client.pay_code_status("K-se")["status"] == "paid"


def test_qr_simulate_and_refund(client: ServerClient) -> None:
    client.pay_qr_create("K-q1", 500, "工本费")
    with pytest.raises(ApiError) as not_paid:
        client.pay_qr_refund("K-q1")
    assert (not_paid.value.status, not_paid.value.error) == (409, "not_paid")
    assert client.pay_qr_simulate("K-q1", "paid")["status"] == "paid"
    refunded = client.pay_qr_refund("K-q1")
    assert refunded["status"] == "refunded" and client.pay_qr_refund("K-q1") == refunded
    assert client.pay_qr_status("K-q1")["status"] == "refunded"


def test_no_network_is_transient(server: object) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again at once: nothing listens there
    dead = ServerClient(f"http://127.0.0.1:{port}", KIOSK, server.secret, timeout=2.0)  # type: ignore[attr-defined]
    with pytest.raises(TransientError) as down:
        dead.pay_code_charge("K-n1", WECHAT, 100, "")
    assert down.value.status is None and down.value.reason.startswith("network:")
    with pytest.raises(TransientError):
        dead.pay_code_reverse("K-n1")
