"""The store: articles, analyses and what the board and the API query, in SQLite or PostgreSQL.

    store = Store.open("news.db")            # or "postgresql://user@host/db"; None: the default
    saved = store.save(incoming, master)     # one article, one transaction
    store.close()

Tables are in `schema.py`, migrations in `migrations/`, writing in `writer.py`, reading in
`queries.py`, search terms in `fulltext.py`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import IntegrityError, OperationalError

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
    WriterCache,
    article_identity,
    save_batch,
    stored_identities,
)

__all__ = ["Incoming", "Saved", "Store", "StoreError", "default_store_path", "resolve_url"]


class Store:
    """An open store. Thread-compatible per connection; one writer process at a time is best."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._cache = WriterCache()

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
        return self.save_batch([item], master)[0]

    def save_batch(self, items: Sequence[Incoming], master: SecurityMaster) -> list[Saved]:
        """Store analysed articles in one transaction: all of them, or (on an error) none."""
        if not items:  # a rerun's batch of duplicates: nothing to write
            return []
        try:
            saved = self._save_batch(items, master)
        except IntegrityError:
            # Another process stored one of these articles between our check and our insert;
            # the second attempt finds it stored and counts it a duplicate.
            saved = self._save_batch(items, master)
        return saved

    def _save_batch(self, items: Sequence[Incoming], master: SecurityMaster) -> list[Saved]:
        try:
            with self.write() as connection:
                saved = save_batch(connection, items, master, self._cache)
        except BaseException:
            self._cache.rollback()
            raise
        self._cache.commit()
        return saved

    def stored_articles(self, articles: Sequence[Article]) -> dict[int, int]:
        """For each article already stored (same source, title and body): its index in
        `articles` mapped to the stored id."""
        identities = [article_identity(article) for article in articles]
        with self.read() as connection:
            known = stored_identities(connection, identities)
        return {
            index: known[identity] for index, identity in enumerate(identities) if identity in known
        }

    def article_count(self) -> int:
        with self.read() as connection:
            return int(
                connection.execute(select(func.count()).select_from(schema.articles)).scalar_one()
            )

    def close(self) -> None:
        self.engine.dispose()
