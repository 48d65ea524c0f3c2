"""Writing analysed articles into the store, a batch per transaction.

`save_batch` stores everything about each article of a batch (the article, its analysis,
mentions, moves, events, claims, novelty bands, search terms, daily buzz) in the caller's
transaction: a crash or kill in the middle leaves the store as it was before the batch, and
running the ingest again stores the batch then. The same article twice (same source, title and
body) is stored once; a copy of a stored story (the same text in the other script, or a near
copy elsewhere) is stored as a repeat of the first copy.

A batch costs one statement per table rather than one per row, which is most of what makes an
ingest fast on PostgreSQL, where every statement is a round trip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Connection, Table, any_, bindparam, select
from sqlalchemy.dialects import postgresql

from marketbuzz.buzz import effective_time, mention_weight
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Analysis, Article, LinkedInstrument
from marketbuzz.novelty import REPEAT_THRESHOLD, Fingerprint, similarity
from marketbuzz.serialize import analysis_to_dict
from marketbuzz.store import schema
from marketbuzz.store.engine import dialect_insert
from marketbuzz.store.fulltext import index_terms

# Candidates sharing a band with a new article that are compared in full: plenty for a story
# syndicated many times (the best match is kept), bounded so a common boilerplate cannot stall.
MAX_CANDIDATES = 50
SECONDS_PER_DAY = 86_400

# Which board market each listing market belongs to (`hot --market`).
_BOARD_MARKETS = {
    "US": "in_us",
    "HK": "in_hk",
    "SS": "in_cn",
    "SZ": "in_cn",
    "BJ": "in_cn",
    "CRYPTO": "in_crypto",
}


@dataclass(frozen=True, slots=True)
class Incoming:
    """An analysed article on its way into the store."""

    analysis: Analysis
    raw: str
    origin: str | None
    fingerprint: Fingerprint
    ingested_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Saved:
    article_id: int
    new: bool  # False: the same article was already stored (article_id is that copy)
    repeat_of: int | None = None  # a copy of this stored story
    similarity: float | None = None


@dataclass(slots=True)
class WriterCache:
    """What a writer learns once per process: source ids and instruments already stored.
    Neither is ever deleted, so a cached answer stays true once its transaction commits; what
    a transaction adds waits in `pending_*` until `commit()` (or is dropped by `rollback()`)."""

    source_ids: dict[str, int] = field(default_factory=dict)
    instruments: set[str] = field(default_factory=set)
    pending_sources: dict[str, int] = field(default_factory=dict)
    pending_instruments: set[str] = field(default_factory=set)

    def source_id(self, name: str) -> int | None:
        return self.source_ids.get(name, self.pending_sources.get(name))

    def knows_instrument(self, entity_id: str) -> bool:
        return entity_id in self.instruments or entity_id in self.pending_instruments

    def commit(self) -> None:
        self.source_ids.update(self.pending_sources)
        self.instruments.update(self.pending_instruments)
        self.rollback()

    def rollback(self) -> None:
        self.pending_sources.clear()
        self.pending_instruments.clear()


def article_identity(article: Article) -> str:
    """What makes two inputs the same article: source, title and body as read. A copy of the
    story elsewhere (another source, the other script) is a different article, and a repeat."""
    key = "\x1f".join((article.source or "", article.title, article.body))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def stored_identities(connection: Connection, identities: Sequence[str]) -> dict[str, int]:
    """Which of these identities are stored, with their article ids."""
    if not identities:
        return {}
    articles = schema.articles
    rows = connection.execute(
        select(articles.c.identity, articles.c.id).where(articles.c.identity.in_(identities))
    ).all()
    return {str(identity): int(article_id) for identity, article_id in rows}


def save_batch(
    connection: Connection,
    items: Sequence[Incoming],
    master: SecurityMaster,
    cache: WriterCache | None = None,
) -> list[Saved]:
    """Store `items` in order inside the caller's transaction; one `Saved` per item.

    Novelty is decided first, in order: an article may repeat an earlier new article of the same
    batch, which has no id yet and is known by a placeholder (-1 for the batch's first new
    article, -2 for the second...). Then every new article row goes in with one statement, and
    the placeholders are replaced by the ids it returned.
    """
    cache = cache if cache is not None else WriterCache()
    identities = [article_identity(item.analysis.article) for item in items]
    known: dict[str, int] = stored_identities(connection, identities)
    novelty = _NoveltyLookup(connection, [item.fingerprint for item in items])
    plan: list[_Planned] = []
    new: list[_Planned] = []
    for item, identity in zip(items, identities, strict=True):
        if identity in known:  # stored before, or earlier in this batch
            plan.append(_Planned(item, known[identity], is_new=False))
            continue
        original, score = novelty.original_of(item.fingerprint)
        placeholder = -(len(new) + 1)
        known[identity] = placeholder
        novelty.add(placeholder, original, item.fingerprint)
        planned = _Planned(item, placeholder, is_new=True, identity=identity)
        planned.original, planned.similarity = original, score
        new.append(planned)
        plan.append(planned)
    article_rows = [_article_row(planned, cache, connection) for planned in new]
    ids = _insert_articles(connection, article_rows)
    resolve = {-(index + 1): article_id for index, article_id in enumerate(ids)}
    _link_repeats_within_batch(connection, new, resolve)
    rows = _BatchRows()
    for planned, article_row in zip(new, article_rows, strict=True):
        rows.add(resolve[planned.key], planned.item, article_row, planned.original is not None)
    _ensure_instruments(connection, rows.instruments, master, cache)
    rows.write(connection)
    return [planned.saved(resolve) for planned in plan]


@dataclass(slots=True)
class _Planned:
    """One item of a batch: new (keyed by its placeholder until stored) or already stored."""

    item: Incoming
    key: int  # an article id, or a placeholder (< 0) for a new article of this batch
    is_new: bool
    identity: str = ""
    original: int | None = None  # the story it repeats: an id or a placeholder
    similarity: float | None = None

    def saved(self, resolve: dict[int, int]) -> Saved:
        article_id = resolve.get(self.key, self.key)
        if not self.is_new:
            return Saved(article_id, new=False)
        original = None if self.original is None else resolve.get(self.original, self.original)
        return Saved(article_id, new=True, repeat_of=original, similarity=self.similarity)


def _insert_articles(connection: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert the new articles' rows with one statement; their ids, in order."""
    if not rows:
        return []
    statement = schema.articles.insert().returning(
        schema.articles.c.id, sort_by_parameter_order=True
    )
    return [int(article_id) for article_id in connection.execute(statement, rows).scalars()]


def _link_repeats_within_batch(
    connection: Connection, new: list[_Planned], resolve: dict[int, int]
) -> None:
    updates = [
        {"target": resolve[planned.key], "original": resolve[planned.original]}
        for planned in new
        if planned.original is not None and planned.original < 0
    ]
    if updates:
        articles = schema.articles
        connection.execute(
            articles.update()
            .where(articles.c.id == bindparam("target"))
            .values(repeat_of=bindparam("original")),
            updates,
        )


def counted_at(item: Incoming) -> float:
    """The time the article counts at for buzz, in epoch seconds (see `buzz.effective_time`)."""
    article = item.analysis.article
    moment = effective_time(
        article.published.value if article.published else None,
        language=article.language,
        ingested=item.ingested_at,
    )
    return moment.timestamp()


def _insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        _copy_rows(connection, table, rows)
    else:
        connection.execute(table.insert(), list(rows))


def _copy_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """PostgreSQL's COPY, inside the same transaction: one stream for thousands of rows
    (an article brings 32 novelty bands) instead of a round trip per row."""
    columns = list(rows[0])
    names = ", ".join(f'"{column}"' for column in columns)
    driver = connection.connection.driver_connection
    assert driver is not None  # a live connection inside our transaction
    with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[column] for column in columns])


def _any_of(column: Any, values: Sequence[Any], connection: Connection) -> Any:
    """`column IN values`; on PostgreSQL as `= ANY(array)`, one parameter instead of thousands."""
    if connection.dialect.name == "postgresql":
        # One array parameter (psycopg sends a list as an array), not an ARRAY[...] literal
        # of one bound parameter per element.
        values_array = bindparam(None, list(values), type_=postgresql.ARRAY(column.type))
        return column == any_(values_array)
    return column.in_(values)


class _NoveltyLookup:
    """Finds the stored story a fingerprint repeats: equal normalised text first, then MinHash
    bands shared with stored articles or with earlier articles of the same batch."""

    def __init__(self, connection: Connection, prints: Sequence[Fingerprint]) -> None:
        articles, bands = schema.articles, schema.article_bands
        hashes = list({p.content_hash for p in prints})
        self.by_hash: dict[str, int] = {}
        for article_id, original, content_hash in connection.execute(
            select(articles.c.id, articles.c.repeat_of, articles.c.content_hash)
            .where(_any_of(articles.c.content_hash, hashes, connection))
            .order_by(articles.c.id.desc())
        ).all():
            self.by_hash[str(content_hash)] = int(original or article_id)
        wanted = list({band for p in prints for band in p.bands})
        self.by_band: dict[int, list[int]] = defaultdict(list)
        for band, article_id in connection.execute(
            select(bands.c.band, bands.c.article_id).where(
                _any_of(bands.c.band, wanted, connection)
            )
        ).all():
            self.by_band[int(band)].append(int(article_id))
        self.signatures: dict[int, tuple[bytes, int]] = {}  # id -> (signature, its original)
        self.connection = connection

    def original_of(self, fingerprint: Fingerprint) -> tuple[int | None, float | None]:
        exact = self.by_hash.get(fingerprint.content_hash)
        if exact is not None:
            return exact, 1.0
        shared: dict[int, int] = defaultdict(int)
        for band in fingerprint.bands:
            for article_id in self.by_band.get(band, ()):
                shared[article_id] += 1
        if not shared:
            return None, None
        candidates = sorted(shared, key=lambda a: (-shared[a], a))[:MAX_CANDIDATES]
        self._load_signatures([a for a in candidates if a not in self.signatures])
        best: tuple[float, int] | None = None
        for article_id in candidates:
            signature, original = self.signatures.get(article_id, (b"", article_id))
            score = similarity(fingerprint.signature, signature)
            # Highest similarity wins; on a tie the older original, so copies name the first.
            if score >= REPEAT_THRESHOLD and (
                best is None or (score, -original) > (best[0], -best[1])
            ):
                best = (score, original)
        if best is None:
            return None, None
        return best[1], round(best[0], 4)

    def add(self, article_id: int, repeat_of: int | None, fingerprint: Fingerprint) -> None:
        """A new article of this batch: later ones may repeat it."""
        original = repeat_of if repeat_of is not None else article_id
        self.by_hash.setdefault(fingerprint.content_hash, original)
        for band in fingerprint.bands:
            self.by_band[band].append(article_id)
        self.signatures[article_id] = (fingerprint.signature, original)

    def _load_signatures(self, ids: list[int]) -> None:
        if not ids:
            return
        articles = schema.articles
        for article_id, original, signature in self.connection.execute(
            select(articles.c.id, articles.c.repeat_of, articles.c.signature).where(
                articles.c.id.in_(ids)
            )
        ).all():
            self.signatures[int(article_id)] = (
                bytes(signature or b""),
                int(original or article_id),
            )


def _source_id(connection: Connection, name: str | None, cache: WriterCache) -> int | None:
    if not name or not name.strip():
        return None
    name = name.strip()[:300]
    cached = cache.source_id(name)
    if cached is not None:
        return cached
    sources = schema.sources
    connection.execute(dialect_insert(connection, sources).on_conflict_do_nothing(), {"name": name})
    found = connection.execute(select(sources.c.id).where(sources.c.name == name)).scalar_one()
    cache.pending_sources[name] = int(found)
    return int(found)


def _article_row(planned: _Planned, cache: WriterCache, connection: Connection) -> dict[str, Any]:
    """The `articles` row of a new article. A repeat of an article of this same batch goes in
    without `repeat_of` (no id yet), which `_link_repeats_within_batch` sets."""
    item = planned.item
    original = planned.original
    article = item.analysis.article
    published = article.published.value if article.published else None
    return {
        "identity": planned.identity,
        "content_hash": item.fingerprint.content_hash,
        "title": article.title,
        "text": article.text,
        "raw": item.raw,
        "url": article.url,
        "origin": item.origin,
        "source_id": _source_id(connection, article.source, cache),
        "language": article.language,
        "published": published.isoformat() if published is not None else None,
        "at": counted_at(item),
        "ingested_at": item.ingested_at.timestamp(),
        "repeat_of": original if original is not None and original > 0 else None,
        "similarity": planned.similarity,
        "signature": item.fingerprint.signature,
    }


@dataclass(slots=True)
class _BatchRows:
    """Rows for every table but `articles`, gathered over a batch and written together."""

    analyses: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    moves: list[dict[str, Any]] = field(default_factory=list)
    events: list[tuple[dict[str, Any], list[tuple[str, str]]]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    bands: list[dict[str, Any]] = field(default_factory=list)
    terms: list[dict[str, Any]] = field(default_factory=list)
    daily: dict[tuple[str, int], list[float]] = field(default_factory=dict)
    instruments: list[LinkedInstrument] = field(default_factory=list)

    def add(
        self, article_id: int, item: Incoming, article_row: dict[str, Any], is_repeat: bool
    ) -> None:
        """What the article brings to every other table (its time and source as in its
        `articles` row)."""
        analysis = item.analysis
        at = article_row["at"]
        self.analyses.append(_analysis_row(article_id, analysis))
        self._add_mentions(article_id, analysis, at, article_row["source_id"], is_repeat)
        self.moves.extend(_move_rows(article_id, analysis, at))
        self.events.extend(_event_rows(article_id, analysis, at))
        self.claims.extend(_claim_rows(article_id, analysis))
        self.bands.extend({"band": b, "article_id": article_id} for b in item.fingerprint.bands)
        self.terms.append({"article_id": article_id, "terms": index_terms(analysis.article.text)})
        self.instruments.extend(analysis.instruments)

    def _add_mentions(
        self,
        article_id: int,
        analysis: Analysis,
        at: float,
        source_id: int | None,
        is_repeat: bool,
    ) -> None:
        day = int(at // SECONDS_PER_DAY)
        for item in analysis.instruments:
            weight = mention_weight(item.relevance, item.roles, is_repeat=is_repeat)
            self.mentions.append(
                {
                    "article_id": article_id,
                    "entity_id": item.entity_id,
                    "at": at,
                    "source_id": source_id,  # so the board never joins `articles`
                    "relevance": item.relevance,
                    "sentiment": item.sentiment,
                    "weight": weight,
                    "is_repeat": is_repeat,
                    "roles": " ".join(item.roles),
                    "count": len(item.mentions),
                    "first_start": item.mentions[0].start if item.mentions else 0,
                }
            )
            totals = self.daily.setdefault((item.entity_id, day), [0.0, 0])
            totals[0] += weight
            totals[1] += 1

    def write(self, connection: Connection) -> None:
        _insert_rows(connection, schema.analyses, self.analyses)
        _insert_rows(connection, schema.mentions, self.mentions)
        _insert_rows(connection, schema.moves, self.moves)
        _insert_events(connection, self.events)
        _insert_rows(connection, schema.claims, self.claims)
        _insert_rows(connection, schema.article_bands, self.bands)
        _insert_rows(connection, schema.article_terms, self.terms)
        _add_daily_buzz(connection, self.daily)


def _analysis_row(article_id: int, analysis: Analysis) -> dict[str, Any]:
    payload = analysis_to_dict(analysis)
    # The text is in `articles.text` already; `queries.get_article` puts it back.
    payload.pop("text", None)
    return {
        "article_id": article_id,
        "master_version": analysis.master_version,
        "analysis": orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS).decode(),
    }


def _ensure_instruments(
    connection: Connection,
    linked: Iterable[LinkedInstrument],
    master: SecurityMaster,
    cache: WriterCache,
) -> None:
    rows = {}
    for item in linked:
        if cache.knows_instrument(item.entity_id) or item.entity_id in rows:
            continue
        entity = master.entity(item.entity_id)
        flags = dict.fromkeys(("in_us", "in_hk", "in_cn", "in_crypto"), False)
        for listing in entity.listings:
            column = _BOARD_MARKETS.get(listing.market)
            if column is not None:
                flags[column] = True
        rows[entity.id] = {
            "entity_id": entity.id,
            "name": entity.name,
            "name_zh": entity.name_zh,
            "kind": entity.kind,
            "symbols": " ".join(entity.symbols),
            **flags,
        }
    if rows:
        statement = dialect_insert(connection, schema.instruments).on_conflict_do_nothing()
        connection.execute(statement, list(rows.values()))
    cache.pending_instruments.update(rows)


def _add_daily_buzz(connection: Connection, daily: dict[tuple[str, int], list[float]]) -> None:
    if not daily:
        return
    statement = dialect_insert(connection, schema.buzz_daily)
    statement = statement.on_conflict_do_update(
        index_elements=["entity_id", "day"],
        set_={
            "volume": schema.buzz_daily.c.volume + statement.excluded.volume,
            "articles": schema.buzz_daily.c.articles + statement.excluded.articles,
        },
    )
    rows = [
        {"entity_id": entity_id, "day": day, "volume": totals[0], "articles": int(totals[1])}
        for (entity_id, day), totals in sorted(daily.items())
    ]
    connection.execute(statement, rows)


def _move_rows(article_id: int, analysis: Analysis, at: float) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "entity_id": move.entity_id,
            "at": at,
            "symbol": move.symbol,
            "direction": move.direction,
            "value": move.value,
            "unit": move.unit,
            "qualifiers": " ".join(move.qualifiers),
            "text": move.text,
            "start": move.start,
            "end": move.end,
        }
        for move in analysis.moves
    ]


def _event_rows(
    article_id: int, analysis: Analysis, at: float
) -> list[tuple[dict[str, Any], list[tuple[str, str]]]]:
    rows = []
    for event in analysis.events:
        links = {(entity_id, "subject") for entity_id in event.subject_ids}
        links.update((entity_id, "actor") for entity_id in event.actor_ids)
        row = {
            "article_id": article_id,
            "at": at,
            "type": event.type,
            "polarity": event.polarity,
            "attributes": orjson.dumps(event.attributes, default=str).decode(),
            "text": event.text,
            "start": event.start,
            "end": event.end,
        }
        rows.append((row, sorted(links)))
    return rows


def _insert_events(
    connection: Connection, events: list[tuple[dict[str, Any], list[tuple[str, str]]]]
) -> None:
    if not events:
        return
    # One statement for all events; ids come back in the order the rows were given.
    ids = (
        connection.execute(
            schema.events.insert().returning(schema.events.c.id, sort_by_parameter_order=True),
            [row for row, _ in events],
        )
        .scalars()
        .all()
    )
    subjects = [
        {"event_id": event_id, "entity_id": entity_id, "role": role}
        for event_id, (_, links) in zip(ids, events, strict=True)
        for entity_id, role in links
    ]
    _insert_rows(connection, schema.event_subjects, subjects)


def _claim_rows(article_id: int, analysis: Analysis) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "claimant": claim.claimant,
            "claimant_id": claim.claimant_entity_id,
            "value": claim.value,
            "unit": claim.unit,
            "quantity": claim.quantity,
            "text": claim.text,
            "start": claim.start,
            "end": claim.end,
        }
        for claim in analysis.claims
    ]


__all__ = [
    "Incoming",
    "Saved",
    "WriterCache",
    "article_identity",
    "save_batch",
    "stored_identities",
]
