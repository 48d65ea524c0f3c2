"""Ingesting: from paths, URLs and feeds to stored, analysed articles.

    report = Ingester(store, master).run(["news/", "https://example.com/rss"])

Targets are expanded into work items first (a folder into its files, a JSONL archive into its
lines, a feed into its new entries), then each item is read, fingerprinted, analysed and saved
in its own transaction. An item that fails is reported with its reason and the run goes on; a
duplicate (the same normalised text already stored) is counted and skipped before analysis.
Killing the process loses at most the item in flight; running the same command again stores
what is missing and finds everything else a duplicate.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from marketbuzz.board_cache import invalidate_boards
from marketbuzz.errors import MarketbuzzError
from marketbuzz.ingest.feeds import Feed, FeedEntry, looks_like_feed, parse_feed
from marketbuzz.ingest.fetch import FetchPolicy, fetch, is_url
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Article, PublishedDate
from marketbuzz.novelty import fingerprint
from marketbuzz.pipeline import analyze
from marketbuzz.read import read_article, read_articles_jsonl
from marketbuzz.store import Incoming, Saved, Store
from marketbuzz.store.feeds import (
    FeedState,
    load_feed_state,
    record_feed_poll,
    remember_entries,
    seen_entry_keys,
)

# Files a folder is searched for; anything else in it (README.md, images) is passed over.
ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json", ".jsonl"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})

Loader = Callable[[], tuple[Article, str]]
# Articles stored per transaction: one statement per table per batch instead of per row (a
# round trip each on PostgreSQL). A kill loses at most the batch in flight; a rerun stores it.
BATCH_SIZE = 64
# "javascript:", "file://", "ftp://": a scheme the user meant as a URL, not a file name.
_URL_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]+):")


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One article to ingest: a label for people, where it came from, and how to read it."""

    label: str
    origin: str
    load: Loader
    feed_url: str | None = None
    entry_key: str | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    label: str
    reason: str


@dataclass(slots=True)
class IngestReport:
    """What a run did. `read` counts items read; each ends new, duplicate or failed."""

    read: int = 0
    new: int = 0
    duplicate: int = 0
    repeats: int = 0  # new articles that are near-copies of a stored story
    skipped: int = 0  # feed entries ingested by an earlier run, not read again
    unchanged_feeds: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    new_ids: list[int] = field(default_factory=list)
    interrupted: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "new": self.new,
            "duplicate": self.duplicate,
            "repeats": self.repeats,
            "skipped": self.skipped,
            "failed": [{"item": f.label, "reason": f.reason} for f in self.failed],
            "unchanged_feeds": list(self.unchanged_feeds),
            "new_ids": list(self.new_ids),
            "interrupted": self.interrupted,
        }


class Ingester:
    """Reads targets into the store. Holds the store, the master and the fetch policy."""

    def __init__(
        self,
        store: Store,
        master: SecurityMaster,
        *,
        policy: FetchPolicy | None = None,
        reference_time: dt.datetime | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.store = store
        self.master = master
        self.policy = policy or FetchPolicy()
        self.reference_time = reference_time
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    # -- planning -------------------------------------------------------------------------

    def plan(self, targets: Iterable[str], report: IngestReport) -> list[WorkItem]:
        """Every item the targets hold. A target that cannot be opened is a failure."""
        items: list[WorkItem] = []
        for target in targets:
            try:
                items.extend(self._expand(target, report))
            except MarketbuzzError as exc:
                report.failed.append(Failure(target, exc.message))
        return items

    def _expand(self, target: str, report: IngestReport) -> Iterator[WorkItem]:
        if is_url(target):
            yield from self._url_items(target, report)
            return
        path = Path(target).expanduser()
        if not path.exists():
            scheme = _URL_SCHEME.match(target)
            if scheme is not None:
                raise MarketbuzzError(
                    f"not fetched: {scheme.group(1)}: URLs are not read; only http and https are"
                )
            raise MarketbuzzError(f"no such file or folder: {target}")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                suffix = child.suffix.lower()
                if child.is_file() and (suffix in ARTICLE_SUFFIXES or suffix in FEED_SUFFIXES):
                    try:
                        yield from self._file_items(child, report)
                    except MarketbuzzError as exc:
                        report.failed.append(Failure(str(child), exc.message))
            return
        if not path.is_file():
            raise MarketbuzzError(f"not a regular file: {target}")
        yield from self._file_items(path, report)

    def _file_items(self, path: Path, report: IngestReport) -> Iterator[WorkItem]:
        data = path.read_bytes()
        label = str(path)
        if path.suffix.lower() == ".jsonl":
            yield from self._jsonl_items(data, label)
        elif path.suffix.lower() in FEED_SUFFIXES or looks_like_feed(data[:4096], None):
            feed = parse_feed(data, url=path.resolve().as_uri())
            yield from self._feed_items(feed, label, report, remember=False)
        else:
            yield WorkItem(label, label, _document_loader(data, None, None, self.reference_time))

    def _jsonl_items(self, data: bytes, label: str) -> Iterator[WorkItem]:
        lines = read_articles_jsonl(data, reference_time=self.reference_time)
        for number, item in enumerate(lines, start=1):
            yield WorkItem(f"{label}:{number}", label, _ready(item))

    def _url_items(self, url: str, report: IngestReport) -> Iterator[WorkItem]:
        state = load_feed_state(self.store, url)
        fetched = fetch(
            url,
            policy=self.policy,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
        )
        if fetched.not_modified and state is not None:
            report.unchanged_feeds.append(url)
            record_feed_poll(self.store, state, self.clock())
            return
        if looks_like_feed(fetched.content[:4096], fetched.content_type):
            feed = parse_feed(fetched.content, url=fetched.url, content_type=fetched.content_type)
            record_feed_poll(
                self.store,
                FeedState(url, feed.title, fetched.etag, fetched.last_modified),
                self.clock(),
            )
            yield from self._feed_items(feed, url, report, remember=True, feed_key=url)
            return
        loader = _document_loader(
            fetched.content, fetched.url, fetched.content_type, self.reference_time
        )
        yield WorkItem(url, url, loader)

    def _feed_items(
        self,
        feed: Feed,
        label: str,
        report: IngestReport,
        *,
        remember: bool,
        feed_key: str | None = None,
    ) -> Iterator[WorkItem]:
        seen = seen_entry_keys(self.store, feed_key) if remember and feed_key else set()
        for entry in feed.entries:
            if entry.key in seen:
                report.skipped += 1
                continue
            yield WorkItem(
                f"{label} · {entry.title[:60] or entry.key}",
                f"feed:{feed_key or label}",
                _entry_loader(entry, self.reference_time),
                feed_url=feed_key if remember else None,
                entry_key=entry.key if remember else None,
            )

    # -- running --------------------------------------------------------------------------

    def run(
        self,
        targets: Iterable[str],
        *,
        on_item: Callable[[WorkItem, str], None] | None = None,
        on_plan: Callable[[int], None] | None = None,
    ) -> IngestReport:
        """Ingest every target. `on_item(item, outcome)` is told each result (for progress)."""
        report = IngestReport()
        items = self.plan(targets, report)
        if on_plan is not None:
            on_plan(len(items))
        try:
            for chunk in batched(items, BATCH_SIZE):
                self.ingest_batch(chunk, report, on_item or _ignore)
        except KeyboardInterrupt:
            report.interrupted = True
        if report.new:  # readers of the board (the page, `hot`) should see them now
            invalidate_boards(self.store)
        return report

    def ingest_batch(
        self,
        items: Sequence[WorkItem],
        report: IngestReport,
        on_item: Callable[[WorkItem, str], None],
    ) -> None:
        """Read, analyse and store a batch of items; the store commits them together."""
        loaded = self._load(items, report, on_item)
        stored = self.store.stored_articles([article for _, article, _ in loaded])
        pending: list[tuple[WorkItem, Incoming]] = []
        entries: list[tuple[WorkItem, int]] = []
        for index, (item, article, raw) in enumerate(loaded):
            if index in stored:
                report.duplicate += 1
                entries.append((item, stored[index]))
                on_item(item, "duplicate")
                continue
            try:
                analysis = analyze(article, published_hint=self.reference_time, master=self.master)
            except MarketbuzzError as exc:
                report.failed.append(Failure(item.label, exc.message))
                on_item(item, "failed")
                continue
            print_ = fingerprint(article.title, article.body)
            pending.append((item, Incoming(analysis, raw, item.origin, print_, self.clock())))
        saved = self.store.save_batch([incoming for _, incoming in pending], self.master)
        for (item, _), result in zip(pending, saved, strict=True):
            entries.append((item, result.article_id))
            on_item(item, _count(report, result))
        remember_entries(
            self.store,
            [
                (item.feed_url, item.entry_key, article_id)
                for item, article_id in entries
                if item.feed_url is not None and item.entry_key is not None
            ],
        )

    def _load(
        self,
        items: Sequence[WorkItem],
        report: IngestReport,
        on_item: Callable[[WorkItem, str], None],
    ) -> list[tuple[WorkItem, Article, str]]:
        loaded = []
        for item in items:
            try:
                article, raw = item.load()
            except MarketbuzzError as exc:
                report.failed.append(Failure(item.label, exc.message))
                on_item(item, "failed")
                continue
            report.read += 1
            loaded.append((item, article, raw))
        return loaded


def _count(report: IngestReport, saved: Saved) -> str:
    if not saved.new:
        report.duplicate += 1
        return "duplicate"
    report.new += 1
    report.new_ids.append(saved.article_id)
    if saved.repeat_of is not None:
        report.repeats += 1
        return "repeat"
    return "new"


def batched(items: Sequence[WorkItem], size: int) -> Iterator[Sequence[WorkItem]]:
    """`items` in slices of `size` (itertools.batched arrived in Python 3.12)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _ignore(_item: WorkItem, _outcome: str) -> None:
    return None


def _ready(item: Article | MarketbuzzError) -> Loader:
    def load() -> tuple[Article, str]:
        if isinstance(item, MarketbuzzError):
            raise item
        return item, item.text

    return load


def _document_loader(
    data: bytes, url: str | None, content_type: str | None, reference: dt.datetime | None
) -> Loader:
    def load() -> tuple[Article, str]:
        article = read_article(data, reference_time=reference, url=url, content_type=content_type)
        return article, _raw_text(data, article.encoding)

    return load


def _raw_text(data: bytes, encoding: str | None) -> str:
    try:
        return data.decode(encoding or "utf-8", errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _entry_loader(entry: FeedEntry, reference: dt.datetime | None) -> Loader:
    def load() -> tuple[Article, str]:
        if entry.content_type == "text/html":
            raw = (
                f"<html><head><title>{html.escape(entry.title)}</title></head>"
                f"<body>{entry.content}</body></html>"
            )
            article = read_article(
                raw, reference_time=reference, url=entry.link, content_type="text/html"
            )
        else:
            raw = f"{entry.title}\n\n{entry.content}"
            article = read_article(
                raw, reference_time=reference, url=entry.link, content_type="text/plain"
            )
        return _with_entry_facts(article, entry), raw

    return load


def _with_entry_facts(article: Article, entry: FeedEntry) -> Article:
    """The feed's title, source, date and link override what the body alone suggested."""
    published = article.published
    if entry.published is not None:
        published = PublishedDate(entry.published.isoformat(), entry.published)
    return Article(
        entry.title or article.title,
        article.body,
        article.source or entry.source,
        published,
        article.language,
        article.hk_usage,
        entry.link or article.url,
        article.encoding,
        article.boilerplate,
    )
