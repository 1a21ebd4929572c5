"""Alembic environment for the central server's database.

Run by server.schema (at every start, under a lock) on the connection it hands over in
``config.attributes["connection"]``; `kiosk-server migrate` and `kiosk-server db-revision` go
through the same code, so there is no alembic.ini to keep in step.
"""

from __future__ import annotations

from typing import Any

from alembic import context

from server.db import Base, UTCDateTime

config = context.config


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    # Migrations are frozen history: spell the column type out instead of importing the model's
    # decorator, which may change later (UTCDateTime is a plain DateTime in the database).
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_item=render_item,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
