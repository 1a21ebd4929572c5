"""A scripted HTTP server on loopback with its own, independent signature check (written from
docs/protocol.md, sharing no code with kiosk.sync), for client and worker tests."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SECRET = "5e" * 32
KIOSK = "test-kiosk-07"


def independent_verify(secret_hex: str, method: str, target: str, headers: Any, body: bytes) -> bool:
    ts, nonce, sig = headers.get("X-Timestamp", ""), headers.get("X-Nonce", ""), headers.get("X-Signature", "")
    if len(nonce) != 32 or int(nonce, 16) < 0:
        return False
    message = f"{method}\n{target}\n{ts}\n{nonce}\n{hashlib.sha256(body).hexdigest()}".encode()
    expected = hmac.new(bytes.fromhex(secret_hex), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, sig) and abs(time.time() - int(ts)) <= 300


@dataclass
class Seen:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    signature_ok: bool
    at: float

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


# A responder gets the request and returns (status, body bytes or JSON-able object).
Responder = Callable[[Seen], tuple[int, Any]]


def accept_records(stored: dict[str, Any]) -> Responder:
    """Behaves like the protocol's record endpoints: idempotent on id, 409 on a changed body."""
    lock = threading.Lock()

    def one(rec: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with lock:
            if rec["id"] in stored:
                if stored[rec["id"]] != rec:
                    return 409, {"error": "conflict"}
                return 200, {"id": rec["id"], "status": "accepted", "case_number": rec.get("case_number")}
            stored[rec["id"]] = rec
            return 201, {"id": rec["id"], "status": "accepted", "case_number": rec.get("case_number")}

    def respond(seen: Seen) -> tuple[int, Any]:
        if not seen.signature_ok:
            return 401, {"error": "bad_signature", "server_time": "2026-11-23T00:00:00Z"}
        if seen.target.startswith("/api/v1/records:batch"):
            results = []
            for rec in seen.json()["records"]:
                code, body = one(rec)
                results.append({"id": rec["id"], "code": code, "body": body})
            return 200, {"results": results}
        if seen.target.startswith("/api/v1/records"):
            return one(seen.json())
        if seen.target.startswith("/api/v1/heartbeats"):
            return 200, {"server_time": "2026-11-23T00:00:00Z", "catalog_version": "1", "config_version": "1"}
        return 404, {"error": "not_found"}

    return respond


@dataclass
class FakeServer:
    url: str
    seen: list[Seen] = field(default_factory=list)
    responder: Responder | None = None


@contextmanager
def fake_server(responder: Responder) -> Iterator[FakeServer]:
    state = FakeServer(url="", responder=responder)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen = Seen(self.command, self.path, dict(self.headers), body,
                        independent_verify(SECRET, self.command, self.path, self.headers, body), time.monotonic())
            state.seen.append(seen)
            assert state.responder is not None
            status, out = state.responder(seen)
            data = out if isinstance(out, bytes) else json.dumps(out).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _handle

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
