"""The database schema at start-up: Alembic migrations (server/migrations) and the demo data,
run once however many processes start at the same time.

* An empty database is upgraded to the newest revision.
* A database the server made before it had migrations (``create_all``, no ``alembic_version``
  table) is adopted: the first revision creates only the tables it lacks and keeps every row,
  then the later revisions run as usual.
* Several processes starting together (uvicorn workers, two hosts behind a load balancer) take
  turns: a PostgreSQL advisory lock, or for SQLite a lock file beside the database. Without it
  each one ran ``create_all`` and loaded the demo data, and all but one crashed on a duplicate key.
"""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import Engine

log = logging.getLogger("server.schema")

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed 64-bit number names the lock; this one spells "kiosksrv" in ASCII.
ADVISORY_LOCK_KEY = 0x6B696F736B737276


def alembic_config(connection: Connection | None = None) -> Config:
    """Found next to this module, so an installed wheel migrates from any working directory."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def startup_lock(engine: Engine) -> Iterator[Connection]:
    """One process at a time past this point; yields the connection that holds the lock."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            # Session-level lock on this connection: released at unlock or if we die.
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": ADVISORY_LOCK_KEY})
            conn.commit()
            try:
                yield conn
            finally:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY})
                conn.commit()
        elif engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            lock_path = Path(str(engine.url.database) + ".startup-lock")
            with open(lock_path, "a+b") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)  # released when the file closes, or if we die
                try:
                    yield conn
                finally:
                    fcntl.flock(fh, fcntl.LOCK_UN)
        else:
            yield conn  # a private in-memory database: nobody to race with


def migrate(conn: Connection) -> None:
    """Bring the database on `conn` to the newest revision (call with the start-up lock held)."""
    before = current_revision(conn)
    if before is None and inspect(conn).has_table("records"):
        log.info("adopting a database made before migrations (create_all): no row is touched")
    conn.commit()  # Alembic opens its own transaction on this connection
    command.upgrade(alembic_config(conn), "head")
    conn.commit()
    after = current_revision(conn)
    conn.commit()  # (SQLite: even a read here holds the write lock until the commit)
    if after != before:
        log.info("database schema %s → %s", before or "none", after)


def prepare_database(engine: Engine, load_demo: bool = False) -> None:
    """Migrate, then load the demo population if asked, as one step no other process interleaves."""
    with startup_lock(engine) as conn:
        migrate(conn)
        if load_demo:
            from server.db import make_sessionmaker
            from server.demo_data import load_demo_data

            load_demo_data(make_sessionmaker(engine))


def schema_differences(conn: Connection) -> list[Any]:
    """What the database lacks or has beyond the models (empty when they agree)."""
    from alembic.autogenerate import compare_metadata

    import server.collect  # noqa: F401
    import server.documents  # noqa: F401  (their tables join Base.metadata on import)
    import server.gateways.models  # noqa: F401
    import server.own_records  # noqa: F401
    from server.db import Base

    ctx = MigrationContext.configure(conn, opts={"compare_type": True})
    return list(compare_metadata(ctx, Base.metadata))
