"""The store: articles, analyses and what the board and the API query, in SQLite or PostgreSQL.

    store = Store.open("news.db")            # or "postgresql://user@host/db"; None: the default
    saved = store.save(incoming, master)     # one article, one transaction
    store.close()

Tables are in `schema.py`, migrations in `migrations/`, writing in `writer.py`, reading in
`queries.py`, search terms in `fulltext.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import OperationalError

from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Article
from marketbuzz.store import schema
from marketbuzz.store.engine import (
    StoreError,
    create_store_engine,
    default_store_path,
    describe,
    migrate,
    resolve_url,
)
from marketbuzz.store.writer import (
    Incoming,
    Saved,
    article_identity,
    find_duplicate,
    save_article,
)

__all__ = ["Incoming", "Saved", "Store", "StoreError", "default_store_path", "resolve_url"]


class Store:
    """An open store. Thread-compatible per connection; one writer process at a time is best."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, db: str | None = None) -> Store:
        """Open (creating and migrating as needed) the store at `db`: path, URL or the default."""
        url = resolve_url(db)
        engine = create_store_engine(url)
        migrate(engine)
        return cls(engine)

    @property
    def location(self) -> str:
        """Where the store is, password hidden."""
        return describe(str(self.engine.url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for queries (no transaction is left open)."""
        try:
            with self.engine.connect() as connection:
                yield connection
        except OperationalError as exc:
            raise StoreError(f"the store at {self.location} cannot be read: {exc.orig}") from exc

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except OperationalError as exc:
            raise StoreError(f"the store at {self.location} cannot be written: {exc.orig}") from exc

    def save(self, item: Incoming, master: SecurityMaster) -> Saved:
        """Store one analysed article in its own transaction."""
        with self.write() as connection:
            return save_article(connection, item, master)

    def stored_copy(self, article: Article) -> int | None:
        """The id of this article if it is stored already (same source, title and body)."""
        with self.read() as connection:
            return find_duplicate(connection, article_identity(article))

    def article_count(self) -> int:
        with self.read() as connection:
            return int(
                connection.execute(select(func.count()).select_from(schema.articles)).scalar_one()
            )

    def close(self) -> None:
        self.engine.dispose()
