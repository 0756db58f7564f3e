"""Alembic environment: always run through ``db.migrate`` with a live connection."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import db.tables  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs plain `alembic` by hand
    from db.engine import database_url, make_engine

    connection = make_engine(database_url()).connect()

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
