"""Server test fixtures: an app on SQLite (always) and on PostgreSQL (when
KIOSK_TEST_POSTGRES_URL is set), a client that signs every request exactly as a kiosk must, and
a real uvicorn on loopback for the tests that need real concurrent connections."""

from __future__ import annotations

import itertools
import os
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from server.app import add_kiosk, create_app
from server.auth import signed_headers
from server.db import Base, create_schema, make_engine
from server.settings import Settings

PG_ENV = "KIOSK_TEST_POSTGRES_URL"
KIOSK = "test-kiosk-01"
OPERATOR = "operator-test-token"


class SignedClient:
    """Wraps an httpx client (TestClient or real); signs what is actually sent: the encoded
    request target and the exact body bytes."""

    def __init__(self, http: httpx.Client, kiosk_id: str, secret: str) -> None:
        self.http = http
        self.kiosk_id = kiosk_id
        self.secret = secret
        self.clock_offset = 0.0

    def request(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        sign: bool = True,
    ) -> httpx.Response:
        req = self.http.build_request(
            method, url, json=json, content=content, params=params, headers=headers or {}
        )
        if sign:
            body = req.read()
            target = req.url.raw_path.decode("ascii")
            req.headers.update(
                signed_headers(
                    self.kiosk_id,
                    self.secret,
                    method,
                    target,
                    body,
                    now=time.time() + self.clock_offset,
                )
            )
        return self.http.send(req)

    def get(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("POST", url, **kw)


def operator_login(http: httpx.Client, token: str = OPERATOR) -> httpx.Response:
    """Sign in to the operator page as a browser does: the login form; the client keeps the
    session cookie."""
    return http.post(
        "/login",
        content=f"token={token}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )


def reset_postgres(url: str) -> None:
    """Empty every table (much faster than dropping and re-creating the schema per test); the
    schema itself is brought to the newest migration first."""
    import server.documents  # noqa: F401  (their tables are ours to empty too)
    import server.gateways.models  # noqa: F401

    engine = make_engine(url)
    try:
        create_schema(engine)
        names = ", ".join(t.name for t in Base.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Core tests run on both databases."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(
            f"PostgreSQL variant: set {PG_ENV}=postgresql+psycopg://user:pw@host/db "
            "(.ci/postgres.sh does this in CI)"
        )
    reset_postgres(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'server.db'}"


# PostgreSQL has no file beside it for the server key (server.secretbox): one per test run.
_PG_KEY_FILE = Path(tempfile.mkdtemp(prefix="kiosk-test-key-")) / "server.key"


def make_settings(db: str, **kw: Any) -> Settings:
    if not db.startswith("sqlite"):
        kw.setdefault("key_file", str(_PG_KEY_FILE))
    return Settings(
        db_url=db, operator_token=OPERATOR, demo=True, sqlite_synchronous="NORMAL", **kw
    )


@pytest.fixture
def settings(db_url: str) -> Settings:
    return make_settings(db_url)


@pytest.fixture
def app_client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app) as tc:
        yield tc
    app.state.engine.dispose()


@pytest.fixture
def kiosk(settings: Settings, app_client: TestClient) -> SignedClient:
    secret = add_kiosk(settings, KIOSK)
    return SignedClient(app_client, KIOSK, secret)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    def __init__(self, settings: Settings) -> None:
        self.app = create_app(settings)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            access_log=False,
            limit_concurrency=200,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.app.state.engine.dispose()


@pytest.fixture
def live(settings: Settings) -> Iterator[tuple[LiveServer, str]]:
    """A real uvicorn (in a thread) on loopback plus a provisioned kiosk secret."""
    secret = add_kiosk(settings, KIOSK)
    with LiveServer(settings) as srv:
        yield srv, secret


_CASE_SEQ = itertools.count(1)


def record(kind: str = "submission", **over: Any) -> dict[str, Any]:
    rid = str(uuid.uuid4())
    body: dict[str, Any] = {
        "id": rid,
        "kind": kind,
        "kiosk_id": KIOSK,
        "item_code": "ZA-0101",
        "created_at": "2026-11-23T08:00:00Z",
        "case_number": f"K01-20261123-{next(_CASE_SEQ):04d}",  # KIOSK's short id is K01
        "payload": {
            "answers": {"item_category": "wallet", "id_number": "110105199003071239"},
            "verification": {"method": "card", "verdict": "match"},
            "attachments": [],
            "payments": [],
            "deferred_materials": [],
        },
    }
    body.update(over)
    return body


OLD_RELEASE_DDL = Path(__file__).resolve().parent / "data"


def old_release_database(url: str) -> None:
    """Make `url` a database as the last release before migrations left it: every table of ours
    (and alembic_version) dropped, then that release's frozen DDL (tests/server/data)."""
    engine = make_engine(url)
    try:
        import server.documents  # noqa: F401  (drop their tables too)
        import server.gateways.models  # noqa: F401

        Base.metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
        ddl = (OLD_RELEASE_DDL / f"schema_before_migrations.{dialect}.sql").read_text()
        with engine.begin() as conn:
            for stmt in ddl.split(";\n"):
                body = "\n".join(ln for ln in stmt.splitlines() if not ln.startswith("--"))
                if body.strip():
                    conn.exec_driver_sql(body)
    finally:
        engine.dispose()
