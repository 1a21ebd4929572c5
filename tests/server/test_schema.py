"""The database schema comes from Alembic migrations, an installation made before them is adopted
without losing a row, and several server processes can start together (issue #14, item 16)."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from server.app import create_app
from server.db import Base, Violation, make_engine, make_sessionmaker
from server.main import main as server_main
from server.schema import current_revision, head_revision, prepare_database, schema_differences

from .conftest import KIOSK, PG_ENV, SignedClient, free_port, make_settings

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
KIOSK_SECRET = "ab" * 32


def _drop_everything(url: str) -> None:
    engine = make_engine(url)
    try:
        Base.metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with none of the server's tables."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL variant: set {PG_ENV}")
    _drop_everything(url)
    return url


@pytest.fixture
def empty_postgres() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL only: set {PG_ENV}")
    _drop_everything(url)
    return url


def _run_sql_file(url: str, path: Path) -> None:
    engine = make_engine(url)
    statements = [s for s in path.read_text().split(";\n") if s.strip().strip("-").strip()]
    try:
        with engine.begin() as conn:
            for stmt in statements:
                body = "\n".join(ln for ln in stmt.splitlines() if not ln.startswith("--"))
                if body.strip():
                    conn.exec_driver_sql(body)
    finally:
        engine.dispose()


def test_empty_database_is_migrated_to_the_newest_revision(empty_db: str) -> None:
    engine = make_engine(empty_db)
    try:
        prepare_database(engine)
        with engine.connect() as conn:
            assert current_revision(conn) == head_revision()
            # The migrations build exactly what the models describe: a model changed without a
            # new revision fails here.
            assert schema_differences(conn) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize("without_sms_table", [False, True])
def test_database_made_before_migrations_is_adopted_with_its_rows(
    empty_db: str, without_sms_table: bool
) -> None:
    """An installation's database as the previous release left it (create_all, no
    alembic_version; an older one also without the sms_notices table): the new server starts
    on it, the kiosk's secret, its records and the citizens' cases are all still there."""
    dialect = "postgresql" if empty_db.startswith("postgresql") else "sqlite"
    _run_sql_file(empty_db, DATA / f"schema_before_migrations.{dialect}.sql")
    engine = make_engine(empty_db)
    with engine.begin() as conn:
        if without_sms_table:
            conn.execute(text("DROP TABLE sms_notices"))
        conn.execute(
            text(
                "INSERT INTO kiosks (id, secret, created_at) VALUES (:k, :s, '2026-11-01 08:00:00')"
            ),
            {"k": KIOSK, "s": KIOSK_SECRET},
        )
        conn.execute(
            text(
                "INSERT INTO records (kiosk_id, record_id, kind, item_code, case_number, "
                "created_at, body_sha256, body, answer, received_at) VALUES (:k, 'rec-1', "
                "'submission', 'ZA-0101', 'K01-20261101-0007', '2026-11-01T08:00:00Z', :sha, "
                "'{}', :answer, '2026-11-01 08:00:05')"
            ),
            {
                "k": KIOSK,
                "sha": "0" * 64,
                "answer": '{"id": "rec-1", "status": "accepted", "case_number": '
                '"K01-20261101-0007", "received_at": "2026-11-01T08:00:05Z"}',
            },
        )
        conn.execute(
            text(
                "INSERT INTO cases (case_number, item_code, kiosk_id, record_id, id_last4, "
                "status, created_at, updated_at) VALUES ('K01-20261101-0007', 'ZA-0101', :k, "
                "'rec-1', '1239', 'in_review', '2026-11-01 08:00:05', '2026-11-02 09:00:00')"
            ),
            {"k": KIOSK},
        )
        conn.execute(
            text(
                "INSERT INTO case_events (case_number, at, status, note_zh, note_en) VALUES "
                "('K01-20261101-0007', '2026-11-02 09:00:00', 'in_review', '审核中', 'In review')"
            )
        )
    engine.dispose()

    app = create_app(make_settings(empty_db))  # the real start-up path
    try:
        with TestClient(app) as http:
            kiosk = SignedClient(http, KIOSK, KIOSK_SECRET)  # the secret it always had
            case = kiosk.get("/api/v1/cases/K01-20261101-0007", params={"id_last4": "1239"})
            assert case.status_code == 200, case.text
            assert case.json()["status"] == "in_review"
            assert [h["status"] for h in case.json()["history"]] == ["in_review"]
            with make_sessionmaker(app.state.engine)() as s:
                assert s.scalar(text("SELECT count(*) FROM records")) == 1
                stored = s.scalar(text("SELECT secret FROM kiosks"))
                assert stored != KIOSK_SECRET and KIOSK_SECRET not in stored  # sealed in place
                assert s.scalar(text("SELECT short_id FROM kiosks")) == "K01"
        with app.state.engine.connect() as conn:
            assert current_revision(conn) == head_revision()
            assert schema_differences(conn) == []
    finally:
        app.state.engine.dispose()


def _start_app(url: str, barrier: multiprocessing.synchronize.Barrier) -> str:
    from server.app import create_app

    from .conftest import make_settings

    barrier.wait()
    try:
        create_app(make_settings(url)).state.engine.dispose()  # with the demo population
        return "started"
    except Exception as exc:  # noqa: BLE001 — the answer we look for: which process failed, how
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"


def test_servers_starting_together_on_an_empty_database_all_come_up(empty_db: str) -> None:
    """Four server processes (each loading the demo data) start at the same moment on an empty
    database: every one comes up and the demo rows exist once."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(4)
        with ctx.Pool(4) as pool:
            outcomes = pool.starmap(_start_app, [(empty_db, barrier)] * 4)
    assert outcomes == ["started"] * 4
    engine = make_engine(empty_db)
    try:
        with make_sessionmaker(engine)() as s:
            assert s.scalar(select(func.count()).select_from(Violation)) == 4
    finally:
        engine.dispose()


def _workers(pid: int) -> list[int]:
    """uvicorn's worker processes under `pid` (not multiprocessing's resource tracker)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    found = []
    for child in children:
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(int(child))
        except OSError:
            continue
    return found


def test_serve_with_four_workers_and_demo_on_an_empty_postgresql(
    empty_postgres: str, tmp_path: Path
) -> None:
    port = free_port()
    log_path = tmp_path / "server.log"
    env = dict(os.environ, KIOSK_SERVER_OPERATOR_TOKEN="operator-test-token")
    cmd = [
        sys.executable,
        "-m",
        "server.main",
        "serve",
        "--db",
        empty_postgres,
        "--port",
        str(port),
        "--workers",
        "4",
        "--key-file",
        str(tmp_path / "server.key"),  # PostgreSQL: the server key is always named
        "--demo",
        "--log-level",
        "info",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        ready = 0
        while time.monotonic() < deadline and proc.poll() is None:
            ready = log_path.read_text(errors="replace").count("Application startup complete")
            if ready >= 4:
                break
            time.sleep(0.5)
        assert ready == 4, log_path.read_text(errors="replace")[-3000:]
        time.sleep(1.0)  # a worker that was going to crash has done so by now
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5) as r:
            assert r.status == 200
        log_text = log_path.read_text(errors="replace")
        assert "Traceback" not in log_text and "duplicate key" not in log_text, log_text[-3000:]
        assert len(_workers(proc.pid)) == 4
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    engine = make_engine(empty_postgres)
    try:
        with make_sessionmaker(engine)() as s:
            assert s.scalar(select(func.count()).select_from(Violation)) == 4
    finally:
        engine.dispose()


def test_serve_refuses_more_connections_than_postgresql_allows(
    empty_postgres: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    engine = make_engine(empty_postgres)
    with engine.connect() as conn:
        limit = int(conn.execute(text("SHOW max_connections")).scalar_one())
    engine.dispose()
    workers = limit // 10 + 1  # 10 connections each (5 + 5) is more than the server has
    code = server_main(
        [
            "serve",
            "--db",
            empty_postgres,
            "--workers",
            str(workers),
            "--db-pool-size",
            "5",
            "--db-max-overflow",
            "5",
            "--key-file",
            str(tmp_path / "server.key"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert f"--workers {workers}" in err and "max_connections" in err


@pytest.mark.skipif(shutil.which("uv") is None, reason="needs uv to build the wheel")
def test_migrations_ship_in_the_wheel_and_run_from_it(tmp_path: Path) -> None:
    """Installed from the wheel, away from the source tree, the server still finds and runs its
    migrations."""
    out = tmp_path / "dist"
    subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(out.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "server/migrations/env.py" in names
    assert any(re.fullmatch(r"server/migrations/versions/0001_\w+\.py", n) for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "import server.schema; assert server.schema.__file__.startswith(sys.argv[1]); "
        "from server.main import main; sys.exit(main(['migrate', '--db', sys.argv[2]]))"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-I",  # isolated: neither PYTHONPATH nor the working directory leads to the sources
            "-c",
            script,
            str(site),
            f"sqlite:///{tmp_path / 'fresh.db'}",
        ],
        cwd=elsewhere,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"database at revision {head_revision()}" in result.stdout
