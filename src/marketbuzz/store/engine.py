"""Opening a store: the URL, the engine with its per-connection settings, and the schema version.

`--db` / `MARKETBUZZ_DB` take a file path (SQLite) or a URL (`sqlite:///...`,
`postgresql://...`). Without either, the store is `marketbuzz.db` in the user's data folder
(`$XDG_DATA_HOME/marketbuzz`, else `~/.local/share/marketbuzz`).
"""

from __future__ import annotations

import math
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from marketbuzz.errors import MarketbuzzError

# The newest migration in store/migrations/versions: a store already at it opens without
# importing Alembic (which costs a tenth of a second a process).
HEAD_REVISION = "0002"


class StoreError(MarketbuzzError):
    code = "MB320"


def default_store_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "marketbuzz" / "marketbuzz.db"


def resolve_url(db: str | None) -> str:
    """A SQLAlchemy URL for `db` (a path or URL), else `MARKETBUZZ_DB`, else the default file."""
    chosen = db or os.environ.get("MARKETBUZZ_DB") or str(default_store_path())
    if "://" not in chosen:
        path = Path(chosen).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot create the folder for the store {chosen!r}: {exc}") from exc
        return f"sqlite:///{path}"
    if chosen.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
        return "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable store URL>"


def create_store_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a store URL: {url!r} (use a file path or postgresql://...)") from exc
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise StoreError(
            f"unsupported store {parsed.get_backend_name()!r}: use SQLite or PostgreSQL"
        )
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_settings)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_settings(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the board, the web page) run while an ingest writes; NORMAL sync is
    # safe with WAL: a crash may lose the last commits' durability, never consistency.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    _ensure_math_functions(dbapi_connection)


def _ensure_math_functions(connection: Any) -> None:
    """Give SQLite exp/ln/sqrt/floor in Python when the build lacks its math functions (the
    board's decay and buckets use them)."""
    try:
        connection.execute("SELECT exp(0.0), ln(1.0), sqrt(1.0), floor(1.5)").fetchone()
    except sqlite3.OperationalError:
        connection.create_function("exp", 1, math.exp, deterministic=True)
        connection.create_function("ln", 1, math.log, deterministic=True)
        connection.create_function("sqrt", 1, math.sqrt, deterministic=True)
        connection.create_function("floor", 1, math.floor, deterministic=True)


def dialect_insert(connection: Connection, table: Table) -> Any:
    """An INSERT with this engine's ON CONFLICT clauses (`on_conflict_do_nothing/update`)."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def upsert(connection: Connection, table: Table, values: dict[str, Any], key: str) -> None:
    """Insert one row, or update every other column of the row with the same `key`."""
    statement = dialect_insert(connection, table).values(values)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[key],
            set_={name: value for name, value in values.items() if name != key},
        )
    )


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (creating it in an empty database)."""
    try:
        if _current_revision(engine) == HEAD_REVISION:
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", "marketbuzz.store:migrations")
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except (SQLAlchemyError, ValueError, OSError) as exc:
        if _settled_by_another_process(engine):
            return
        reason = getattr(exc, "orig", None) or exc
        raise StoreError(f"cannot open the store at {describe(str(engine.url))}: {reason}") from exc


def _settled_by_another_process(engine: Engine) -> bool:
    """Two processes opening a new store at once both try to create it; the loser fails on
    "table exists", and the store is fine."""
    try:
        return _current_revision(engine) == HEAD_REVISION
    except (SQLAlchemyError, ValueError, OSError):
        return False


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])
