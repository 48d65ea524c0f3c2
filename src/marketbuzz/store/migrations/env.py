"""Alembic's entry point: runs the migrations on the connection `store.engine.migrate` passes in."""

from __future__ import annotations

from alembic import context

from marketbuzz.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things in place; batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
