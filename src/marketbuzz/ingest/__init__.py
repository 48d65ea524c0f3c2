"""Bringing news in: safe fetching of pages and feeds (and, beside them, the ingest of files).

    from marketbuzz.ingest import fetch_feed
    feed = fetch_feed("https://example.com/rss.xml")
    later = fetch_feed(feed.url, etag=feed.etag, last_modified=feed.last_modified)

The re-exports are eager on purpose: the function `fetch` shares its name with the module
`marketbuzz.ingest.fetch`, and importing that module sets the package attribute `fetch` to the
module; only a binding made after the import (here) keeps `marketbuzz.ingest.fetch` the
function for `from marketbuzz.ingest import fetch`.
"""

from __future__ import annotations

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
