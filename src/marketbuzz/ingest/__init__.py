"""Bringing news in: safe fetching of pages and feeds (and, beside them, the ingest of files).

    from marketbuzz.ingest import fetch_feed
    feed = fetch_feed("https://example.com/rss.xml")
    later = fetch_feed(feed.url, etag=feed.etag, last_modified=feed.last_modified)

The names below are imported on first use: httpx and feedparser cost about a quarter of a
second, which a sibling module (or the CLI's start-up) should not pay unless it fetches.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from marketbuzz.ingest.feeds import (
        Feed,
        FeedEntry,
        FeedError,
        fetch_feed,
        looks_like_feed,
        parse_feed,
    )
    from marketbuzz.ingest.fetch import (
        Fetched,
        FetchError,
        FetchPolicy,
        display_url,
        fetch,
        guarded_client,
        is_url,
    )

_EXPORTS = {
    "Feed": "marketbuzz.ingest.feeds",
    "FeedEntry": "marketbuzz.ingest.feeds",
    "FeedError": "marketbuzz.ingest.feeds",
    "fetch_feed": "marketbuzz.ingest.feeds",
    "looks_like_feed": "marketbuzz.ingest.feeds",
    "parse_feed": "marketbuzz.ingest.feeds",
    "FetchError": "marketbuzz.ingest.fetch",
    "FetchPolicy": "marketbuzz.ingest.fetch",
    "Fetched": "marketbuzz.ingest.fetch",
    "display_url": "marketbuzz.ingest.fetch",
    "fetch": "marketbuzz.ingest.fetch",
    "guarded_client": "marketbuzz.ingest.fetch",
    "is_url": "marketbuzz.ingest.fetch",
}
__all__ = [
    "Feed",
    "FeedEntry",
    "FeedError",
    "FetchError",
    "FetchPolicy",
    "Fetched",
    "display_url",
    "fetch",
    "fetch_feed",
    "guarded_client",
    "is_url",
    "looks_like_feed",
    "parse_feed",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'marketbuzz.ingest' has no attribute {name!r}")
    return getattr(import_module(module), name)
