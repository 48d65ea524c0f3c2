"""What the store remembers about feeds: validators for conditional requests and seen entries.

A feed polled again sends the ETag and Last-Modified it was last given, so an unchanged feed
costs one short 304 reply; entries already ingested are not read again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from marketbuzz.store import schema
from marketbuzz.store.engine import dialect_insert, upsert

if TYPE_CHECKING:
    from marketbuzz.store import Store


@dataclass(frozen=True, slots=True)
class FeedState:
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None


def load_feed_state(store: Store, url: str) -> FeedState | None:
    feeds = schema.feeds
    with store.read() as connection:
        row = connection.execute(
            select(feeds.c.title, feeds.c.etag, feeds.c.last_modified).where(feeds.c.url == url)
        ).first()
    return None if row is None else FeedState(url, row[0], row[1], row[2])


def record_feed_poll(store: Store, state: FeedState, when: dt.datetime) -> None:
    values = {
        "url": state.url,
        "title": state.title,
        "etag": state.etag,
        "last_modified": state.last_modified,
        "polled_at": when.timestamp(),
    }
    with store.write() as connection:
        upsert(connection, schema.feeds, values, "url")


def seen_entry_keys(store: Store, feed_url: str) -> set[str]:
    entries = schema.feed_entries
    with store.read() as connection:
        rows = connection.execute(
            select(entries.c.entry_key).where(entries.c.feed_url == feed_url)
        ).all()
    return {str(row[0]) for row in rows}


def remember_entries(store: Store, rows: list[tuple[str, str, int]]) -> None:
    """Feed entries (feed URL, entry key, article id) that are now ingested."""
    if not rows:
        return
    with store.write() as connection:
        connection.execute(
            dialect_insert(connection, schema.feed_entries).on_conflict_do_nothing(),
            [
                {"feed_url": feed_url, "entry_key": key, "article_id": article_id}
                for feed_url, key, article_id in rows
            ],
        )
