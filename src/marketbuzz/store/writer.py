"""Writing one analysed article into the store, in one transaction.

`save_article` either stores everything about an article (the article, its analysis, mentions,
moves, events, claims, novelty bands, search terms, daily buzz) or nothing: a crash or kill in
the middle leaves the store as it was before that article, and running the ingest again stores
it then. The same story twice (equal normalised text) is stored once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from marketbuzz.buzz import effective_time, mention_weight
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Analysis, Article, LinkedInstrument
from marketbuzz.novelty import REPEAT_THRESHOLD as _REPEAT_THRESHOLD
from marketbuzz.novelty import Fingerprint, similarity
from marketbuzz.serialize import analysis_to_dict
from marketbuzz.store import schema
from marketbuzz.store.fulltext import index_terms

REPEAT_THRESHOLD: float = _REPEAT_THRESHOLD
# Candidates sharing a band with a new article that are compared in full: plenty for a story
# syndicated many times (the best match is kept), bounded so a common boilerplate cannot stall.
MAX_CANDIDATES = 50
SECONDS_PER_DAY = 86_400

# Which board market each listing market belongs to (`hot --market`).
_BOARD_MARKETS = {"US": "in_us", "HK": "in_hk", "SS": "in_cn", "SZ": "in_cn", "BJ": "in_cn"}
_BOARD_MARKETS["CRYPTO"] = "in_crypto"


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
    new: bool  # False: the same story was already stored (article_id is that copy)
    repeat_of: int | None = None  # a near-duplicate of this stored story
    similarity: float | None = None


def article_identity(article: Article) -> str:
    """What makes two inputs the same article: source, title and body as read. A copy of the
    story elsewhere (another source, the other script) is a different article, and a repeat."""
    key = "\x1f".join((article.source or "", article.title, article.body))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def find_duplicate(connection: Connection, identity: str) -> int | None:
    row = connection.execute(
        select(schema.articles.c.id).where(schema.articles.c.identity == identity)
    ).first()
    return None if row is None else int(row[0])


def save_article(connection: Connection, item: Incoming, master: SecurityMaster) -> Saved:
    """Store `item` inside the caller's transaction; the caller commits."""
    identity = article_identity(item.analysis.article)
    existing = find_duplicate(connection, identity)
    if existing is not None:
        return Saved(existing, new=False)
    analysis = item.analysis
    article = analysis.article
    at = _epoch(
        effective_time(
            article.published.value if article.published else None,
            language=article.language,
            ingested=item.ingested_at,
        )
    )
    repeat_of, score = _original_of(connection, item.fingerprint)
    source_id = _source_id(connection, article.source)
    try:
        with connection.begin_nested():
            article_id = _insert_article(
                connection, item, identity, at, source_id, repeat_of, score
            )
    except IntegrityError:
        # Another process stored the same story between our check and our insert.
        existing = find_duplicate(connection, identity)
        if existing is None:
            raise
        return Saved(existing, new=False)
    _insert_analysis(connection, article_id, analysis)
    _ensure_instruments(connection, analysis.instruments, master)
    _insert_mentions(connection, article_id, analysis, at, source_id, repeat_of is not None)
    _insert_moves(connection, article_id, analysis, at)
    _insert_events(connection, article_id, analysis, at)
    _insert_claims(connection, article_id, analysis)
    _insert_rows(
        connection,
        schema.article_bands,
        [{"band": band, "article_id": article_id} for band in item.fingerprint.bands],
    )
    _insert_rows(
        connection,
        schema.article_terms,
        [{"article_id": article_id, "terms": index_terms(article.text)}],
    )
    return Saved(article_id, new=True, repeat_of=repeat_of, similarity=score)


def _epoch(moment: dt.datetime) -> float:
    return moment.timestamp()


def _insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        connection.execute(table.insert(), list(rows))


def _insert_ignoring_conflicts(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]]
) -> None:
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    connection.execute(dialect.insert(table).on_conflict_do_nothing(), list(rows))


def _original_of(
    connection: Connection, fingerprint: Fingerprint
) -> tuple[int | None, float | None]:
    """The stored story this one repeats (the first copy), with the estimated similarity."""
    articles = schema.articles
    exact = connection.execute(
        select(articles.c.id, articles.c.repeat_of)
        .where(articles.c.content_hash == fingerprint.content_hash)
        .order_by(articles.c.id)
        .limit(1)
    ).first()
    if exact is not None:
        return (int(exact[1]) if exact[1] is not None else int(exact[0])), 1.0
    if not fingerprint.bands:
        return None, None
    bands = schema.article_bands
    shared = func.count().label("shared")
    candidates = connection.execute(
        select(bands.c.article_id, shared)
        .where(bands.c.band.in_(fingerprint.bands))
        .group_by(bands.c.article_id)
        .order_by(shared.desc(), bands.c.article_id)
        .limit(MAX_CANDIDATES)
    ).all()
    if not candidates:
        return None, None
    rows = connection.execute(
        select(articles.c.id, articles.c.repeat_of, articles.c.signature).where(
            articles.c.id.in_([row[0] for row in candidates])
        )
    ).all()
    best: tuple[float, int] | None = None
    for article_id, its_original, signature in rows:
        if signature is None:
            continue
        score = similarity(fingerprint.signature, bytes(signature))
        original = int(its_original) if its_original is not None else int(article_id)
        # Highest similarity wins; on a tie the older original, so every copy names the first.
        if score >= REPEAT_THRESHOLD and (best is None or (score, -original) > (best[0], -best[1])):
            best = (score, original)
    if best is None:
        return None, None
    return best[1], round(best[0], 4)


def _source_id(connection: Connection, name: str | None) -> int | None:
    if not name:
        return None
    name = name.strip()[:300]
    sources = schema.sources
    found = connection.execute(select(sources.c.id).where(sources.c.name == name)).first()
    if found is not None:
        return int(found[0])
    _insert_ignoring_conflicts(connection, sources, [{"name": name}])
    found = connection.execute(select(sources.c.id).where(sources.c.name == name)).first()
    return None if found is None else int(found[0])


def _insert_article(  # noqa: PLR0917 (the article row's parts, each computed by the caller)
    connection: Connection,
    item: Incoming,
    identity: str,
    at: float,
    source_id: int | None,
    repeat_of: int | None,
    score: float | None,
) -> int:
    article = item.analysis.article
    published = article.published.value if article.published else None
    result = connection.execute(
        schema.articles.insert().returning(schema.articles.c.id),
        {
            "identity": identity,
            "content_hash": item.fingerprint.content_hash,
            "title": article.title,
            "text": article.text,
            "raw": item.raw,
            "url": article.url,
            "origin": item.origin,
            "source_id": source_id,
            "language": article.language,
            "published": published.isoformat() if published is not None else None,
            "at": at,
            "ingested_at": _epoch(item.ingested_at),
            "repeat_of": repeat_of,
            "similarity": score,
            "signature": item.fingerprint.signature,
        },
    )
    return int(result.scalar_one())


def _insert_analysis(connection: Connection, article_id: int, analysis: Analysis) -> None:
    payload = analysis_to_dict(analysis)
    # The text is in `articles.text` already; `load_analysis` puts it back.
    payload.pop("text", None)
    connection.execute(
        schema.analyses.insert(),
        {
            "article_id": article_id,
            "master_version": analysis.master_version,
            "analysis": orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS).decode(),
        },
    )


def _ensure_instruments(
    connection: Connection, linked: Iterable[LinkedInstrument], master: SecurityMaster
) -> None:
    rows = []
    for item in linked:
        entity = master.entity(item.entity_id)
        flags = dict.fromkeys(("in_us", "in_hk", "in_cn", "in_crypto"), False)
        for listing in entity.listings:
            column = _BOARD_MARKETS.get(listing.market)
            if column is not None:
                flags[column] = True
        rows.append(
            {
                "entity_id": entity.id,
                "name": entity.name,
                "name_zh": entity.name_zh,
                "kind": entity.kind,
                "symbols": " ".join(entity.symbols),
                **flags,
            }
        )
    _insert_ignoring_conflicts(connection, schema.instruments, rows)


def _insert_mentions(  # noqa: PLR0917 (the mention rows' shared parts)
    connection: Connection,
    article_id: int,
    analysis: Analysis,
    at: float,
    source_id: int | None,
    is_repeat: bool,
) -> None:
    rows = []
    daily: list[dict[str, Any]] = []
    day = int(at // SECONDS_PER_DAY)
    for item in analysis.instruments:
        weight = mention_weight(item.relevance, item.roles, is_repeat=is_repeat)
        rows.append(
            {
                "article_id": article_id,
                "entity_id": item.entity_id,
                "at": at,
                "source_id": source_id,
                "relevance": item.relevance,
                "sentiment": item.sentiment,
                "weight": weight,
                "is_repeat": is_repeat,
                "roles": " ".join(item.roles),
                "count": len(item.mentions),
                "first_start": item.mentions[0].start if item.mentions else 0,
            }
        )
        daily.append({"entity_id": item.entity_id, "day": day, "volume": weight, "articles": 1})
    _insert_rows(connection, schema.mentions, rows)
    _add_daily_buzz(connection, daily)


def _add_daily_buzz(connection: Connection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(schema.buzz_daily)
    statement = statement.on_conflict_do_update(
        index_elements=["entity_id", "day"],
        set_={
            "volume": schema.buzz_daily.c.volume + statement.excluded.volume,
            "articles": schema.buzz_daily.c.articles + statement.excluded.articles,
        },
    )
    connection.execute(statement, rows)


def _insert_moves(connection: Connection, article_id: int, analysis: Analysis, at: float) -> None:
    rows = [
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
    _insert_rows(connection, schema.moves, rows)


def _insert_events(connection: Connection, article_id: int, analysis: Analysis, at: float) -> None:
    for event in analysis.events:
        event_id = connection.execute(
            schema.events.insert().returning(schema.events.c.id),
            {
                "article_id": article_id,
                "at": at,
                "type": event.type,
                "polarity": event.polarity,
                "attributes": orjson.dumps(event.attributes, default=str).decode(),
                "text": event.text,
                "start": event.start,
                "end": event.end,
            },
        ).scalar_one()
        links = {(entity_id, "subject") for entity_id in event.subject_ids}
        links.update((entity_id, "actor") for entity_id in event.actor_ids)
        _insert_rows(
            connection,
            schema.event_subjects,
            [
                {"event_id": event_id, "entity_id": entity_id, "role": role}
                for entity_id, role in sorted(links)
            ],
        )


def _insert_claims(connection: Connection, article_id: int, analysis: Analysis) -> None:
    rows = [
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
    _insert_rows(connection, schema.claims, rows)
