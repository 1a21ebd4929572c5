from __future__ import annotations

from typing import Any

import pytest

from kiosk.sync.client import ServerClient
from kiosk.sync.errors import ApiError, AuthError, ClockSkewError, TransientError
from tests.sync.fakes import KIOSK, SECRET, Seen, accept_records, fake_server


def client(url: str, **kw: Any) -> ServerClient:
    return ServerClient(url, KIOSK, SECRET, timeout=(1.0, 2.0), **kw)


def test_every_request_is_signed_as_the_protocol_says() -> None:
    with fake_server(lambda s: (200, {"violations": [], "slots": [], "items": []})) as srv:
        c = client(srv.url)
        c.violations("京A12345", "11010519900101123X")
        c.slots("fingerprint", "2026-11-24")
        c.lost_found(category="wallet", since="2026-11-01")
        c.heartbeat({"kiosk_id": KIOSK, "outbox": {"depth": 0}})
        assert len(srv.seen) == 4
        assert all(s.signature_ok for s in srv.seen)
        assert srv.seen[0].target.startswith("/api/v1/violations?plate=%E4%BA%ACA12345&id_number=")
        assert {s.headers["X-Kiosk-Id"] for s in srv.seen} == {KIOSK}
        assert len({s.headers["X-Nonce"] for s in srv.seen}) == 4  # fresh nonce per request


def test_a_wrong_secret_does_not_verify() -> None:
    with fake_server(lambda s: (200, {})) as srv:
        ServerClient(srv.url, KIOSK, "00" * 32).get_config()
        assert not srv.seen[0].signature_ok


def test_record_carries_the_idempotency_key_and_retry_is_200() -> None:
    stored: dict[str, Any] = {}
    with fake_server(accept_records(stored)) as srv:
        c = client(srv.url)
        body = {"id": "0b4c7e4e-1c1f-4c39-9a3e-1a0f3e7d2a11", "kind": "submission", "payload": {}}
        assert c.send_record(body).code == 201
        assert c.send_record(body).code == 200
        assert srv.seen[0].headers["Idempotency-Key"] == body["id"]
        changed = dict(body, payload={"x": 1})
        result = c.send_record(changed)
        assert result.code == 409 and not result.stored


@pytest.mark.parametrize("reply", [
    (500, {"error": "boom"}), (503, b"<html>down</html>"), (200, b"not json"), (429, {"error": "slow down"}),
    (401, {"error": "replay"}),
])
def test_transient_failures(reply: tuple[int, Any]) -> None:
    with fake_server(lambda s: reply) as srv, pytest.raises(TransientError):
        client(srv.url).send_record({"id": "a", "payload": {}})


def test_wrong_id_in_answer_is_garbage() -> None:
    with fake_server(lambda s: (201, {"id": "someone-else"})) as srv, \
            pytest.raises(TransientError, match="wrong id"):
        client(srv.url).send_record({"id": "a"})


def test_network_errors_are_transient() -> None:
    with pytest.raises(TransientError, match="network"):
        client("http://127.0.0.1:9").get_config()  # discard port: connection refused


def test_timeout_is_transient() -> None:
    import time as _t

    def slow(seen: Seen) -> tuple[int, Any]:
        _t.sleep(3)
        return 200, {}

    with fake_server(slow) as srv, pytest.raises(TransientError, match="timeout"):
        client(srv.url).get_config()


def test_refusals_park_and_auth_is_distinguished() -> None:
    with fake_server(lambda s: (422, {"error": "invalid"})) as srv:
        assert client(srv.url).send_record({"id": "a"}).code == 422
    with fake_server(lambda s: (413, {"error": "too_large"})) as srv:
        assert client(srv.url).send_record({"id": "a"}).code == 413
    with fake_server(lambda s: (401, {"error": "unknown_kiosk", "server_time": "x"})) as srv, \
            pytest.raises(AuthError):
        client(srv.url).get_config()
    with fake_server(lambda s: (404, {"error": "not_found"})) as srv:
        assert client(srv.url).query_case("K01-20261123-0001", "1234") is None
        with pytest.raises(ApiError):
            client(srv.url).hold("slot-1")


def test_clock_skew_reports_server_time_and_corrects_the_signature_clock() -> None:
    calls: list[int] = []

    def responder(seen: Seen) -> tuple[int, Any]:
        calls.append(int(seen.headers["X-Timestamp"]))
        if len(calls) == 1:
            return 401, {"error": "clock_skew", "server_time": "2030-01-01T00:00:00Z"}
        return 200, {"version": "1", "settings": {}}

    with fake_server(responder) as srv:
        c = client(srv.url)
        with pytest.raises(ClockSkewError) as err:
            c.get_config()
        assert err.value.server_time == "2030-01-01T00:00:00Z"
        c.get_config()
        assert abs(calls[1] - 1893456000) < 5  # signed with the server's clock now
