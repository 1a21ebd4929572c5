"""The launcher `kiosk demo` uses, the CLI, and the committed OpenAPI document."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from server.launcher import start_local_server

from .conftest import SignedClient, operator_login, record

REPO = Path(__file__).resolve().parents[2]


def _submit(srv_url: str, kiosk_id: str, secret: str, rec: dict[str, object]) -> httpx.Response:
    with httpx.Client(base_url=srv_url, timeout=10) as http:
        return SignedClient(http, kiosk_id, secret).post(
            "/api/v1/records", json=rec, headers={"Idempotency-Key": str(rec["id"])}
        )


def test_local_server_survives_kill_and_keeps_records(tmp_path: Path) -> None:
    srv = start_local_server(tmp_path / "srv", "demo-kiosk-01")
    try:
        assert srv.url.startswith("http://127.0.0.1:") and len(srv.secret) == 64
        rec = record(kiosk_id="demo-kiosk-01")
        first = _submit(srv.url, srv.kiosk_id, srv.secret, rec)
        assert first.status_code == 201, first.text
        port = srv.url.rsplit(":", 1)[1]
        srv.kill()  # SIGKILL right after an acknowledged commit
        srv = start_local_server(tmp_path / "srv", "demo-kiosk-01", srv.secret, port=int(port))
        again = _submit(srv.url, srv.kiosk_id, srv.secret, rec)
        assert again.status_code == 200 and again.json() == first.json()
        with httpx.Client(base_url=srv.url) as browser:
            assert operator_login(browser, srv.operator_token).status_code == 303
            page = browser.get("/")
        assert page.status_code == 200 and "demo-kiosk-01" in page.text
    finally:
        srv.stop()
    assert srv.process.poll() is not None
    log = (tmp_path / "srv" / "server.log").read_text()
    assert "110105199003071239" not in log


def test_cli_add_kiosk_prints_a_secret(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    out = subprocess.run(
        [sys.executable, "-m", "server.main", "add-kiosk", "k-7", "--db", db],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    secret = out.stdout.strip()
    assert len(bytes.fromhex(secret)) == 32


def test_committed_openapi_is_up_to_date() -> None:
    from server.main import openapi_json

    committed = (REPO / "server" / "openapi.json").read_text(encoding="utf-8")
    assert json.loads(committed) == json.loads(openapi_json()), (
        "server/openapi.json is stale: run `uv run kiosk-server openapi > server/openapi.json`"
    )


def test_openapi_names_every_protocol_endpoint() -> None:
    doc = json.loads((REPO / "server" / "openapi.json").read_text(encoding="utf-8"))
    expected = {
        ("post", "/api/v1/records"),
        ("post", "/api/v1/records:batch"),
        ("post", "/api/v1/heartbeats"),
        ("get", "/api/v1/catalog"),
        ("put", "/api/v1/catalog"),
        ("get", "/api/v1/config"),
        ("get", "/api/v1/cases/{case_number}"),
        ("post", "/api/v1/cases/{case_number}/status"),
        ("get", "/api/v1/violations"),
        ("post", "/api/v1/violations/{violation_id}/payments"),
        ("get", "/api/v1/lost-found"),
        ("get", "/api/v1/appointments/slots"),
        ("post", "/api/v1/appointments/holds"),
        ("post", "/api/v1/appointments"),
        ("post", "/api/v1/identify-sessions"),
        ("post", "/api/v1/identify-sessions/verifications"),
        ("post", "/api/v1/identify-sessions/close"),
        ("post", "/api/v1/help-calls"),
        ("get", "/api/v1/help-calls"),
        ("post", "/api/v1/help-calls/{call_id}/close"),
        ("post", "/api/v1/help-calls/{call_id}/acknowledge"),
        ("get", "/api/v1/help-calls/{call_id}"),
        ("post", "/api/v1/pay/qr"),
        ("get", "/api/v1/pay/qr/{order_id}"),
        ("post", "/api/v1/pay/qr/{order_id}/cancel"),
        ("post", "/api/v1/pay/qr/{order_id}/simulate"),
        ("post", "/api/v1/pay/qr/{order_id}/refund"),
        ("post", "/api/v1/pay/code"),
        ("get", "/api/v1/pay/code/{order_id}"),
        ("post", "/api/v1/pay/code/{order_id}/reverse"),
        ("post", "/api/v1/pay/code/script"),
    }
    present = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert expected <= present, expected - present
