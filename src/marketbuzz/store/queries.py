"""Reading the store: article search, one article with its analysis, one instrument's record.

Every function takes an open connection (`Store.read()`), works on SQLite and PostgreSQL alike,
and returns plain dataclasses with a `to_dict()` for JSON.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    func,
    literal_column,
    or_,
    select,
    text,
)

from marketbuzz.store import schema
from marketbuzz.store.fulltext import fts5_match, tsquery_expression

MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class LinkedSymbol:
    entity_id: str
    symbol: str
    name: str
    name_zh: str | None
    relevance: float
    sentiment: float


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: int
    title: str
    source: str | None
    published: str | None
    at: float
    language: str
    url: str | None
    repeat_of: int | None
    instruments: tuple[LinkedSymbol, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "at": _iso(self.at),
            "language": self.language,
            "url": self.url,
            "repeat_of": self.repeat_of,
            "instruments": [
                {
                    "id": item.entity_id,
                    "symbol": item.symbol,
                    "name": item.name,
                    "name_zh": item.name_zh,
                    "relevance": item.relevance,
                    "sentiment": item.sentiment,
                }
                for item in self.instruments
            ],
        }


@dataclass(frozen=True, slots=True)
class Page:
    items: list[ArticleSummary]
    total: int
    limit: int
    offset: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "items": [item.to_dict() for item in self.items],
        }


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article with its analysis (the `marketbuzz analyze` JSON) and its repeat links."""

    summary: ArticleSummary
    analysis: dict[str, Any]
    raw: str
    repeats: list[ArticleSummary] = field(default_factory=list)  # later copies of this story
    original: ArticleSummary | None = None  # the first copy, when this is a repeat

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.summary.to_dict(),
            "analysis": self.analysis,
            "original": self.original.to_dict() if self.original else None,
            "repeats": [item.to_dict() for item in self.repeats],
        }


def _iso(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat()


def search_articles(
    connection: Connection,
    *,
    text: str | None = None,
    entity_id: str | None = None,
    source: str | None = None,
    since: float | None = None,
    until: float | None = None,
    language: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Page:
    """Articles matching every filter given, newest first."""
    limit = max(1, min(limit, MAX_PAGE))
    offset = max(0, offset)
    articles = schema.articles
    conditions: list[Any] = []
    if text:
        matching = _full_text_ids(connection, text)
        if matching is None:
            return Page([], 0, limit, offset)
        conditions.append(articles.c.id.in_(matching))
    if entity_id:
        conditions.append(
            articles.c.id.in_(
                select(schema.mentions.c.article_id).where(schema.mentions.c.entity_id == entity_id)
            )
        )
    if source:
        conditions.append(
            articles.c.source_id.in_(
                select(schema.sources.c.id).where(schema.sources.c.name == source)
            )
        )
    if since is not None:
        conditions.append(articles.c.at >= since)
    if until is not None:
        conditions.append(articles.c.at <= until)
    if language:
        conditions.append(
            or_(articles.c.language == language, articles.c.language.like(f"{language}-%"))
        )
    where = and_(*conditions) if conditions else literal_column("1") == literal_column("1")
    total = int(
        connection.execute(select(func.count()).select_from(articles).where(where)).scalar_one()
    )
    rows = connection.execute(
        _summary_select()
        .where(where)
        .order_by(articles.c.at.desc(), articles.c.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return Page(_summaries(connection, rows), total, limit, offset)


def _full_text_ids(connection: Connection, query: str) -> Select[Any] | None:
    """A sub-select of the ids of articles matching `query`; None when it has no terms."""
    if connection.dialect.name == "sqlite":
        expression = fts5_match(query)
        if expression is None:
            return None
        return (
            select(literal_column("rowid"))
            .select_from(text("article_search"))
            .where(text("article_search MATCH :match").bindparams(match=expression))
        )
    expression = tsquery_expression(query)
    if expression is None:
        return None
    terms = schema.article_terms
    simple: ColumnElement[Any] = literal_column("'simple'::regconfig")
    # The same expression as the GIN index (migration 0001), so the index answers it.
    vector = func.to_tsvector(simple, terms.c.terms)
    return select(terms.c.article_id).where(vector.op("@@")(func.to_tsquery(simple, expression)))


def _summary_select() -> Select[Any]:
    articles = schema.articles
    return select(
        articles.c.id,
        articles.c.title,
        schema.sources.c.name,
        articles.c.published,
        articles.c.at,
        articles.c.language,
        articles.c.url,
        articles.c.repeat_of,
    ).select_from(articles.outerjoin(schema.sources, articles.c.source_id == schema.sources.c.id))


def _summaries(connection: Connection, rows: Sequence[Any]) -> list[ArticleSummary]:
    ids = [int(row[0]) for row in rows]
    linked = _linked_symbols(connection, ids)
    return [
        ArticleSummary(
            int(row[0]),
            row[1],
            row[2],
            row[3],
            float(row[4]),
            row[5],
            row[6],
            int(row[7]) if row[7] is not None else None,
            tuple(linked.get(int(row[0]), ())),
        )
        for row in rows
    ]


def _linked_symbols(connection: Connection, ids: list[int]) -> dict[int, list[LinkedSymbol]]:
    if not ids:
        return {}
    mentions, instruments = schema.mentions, schema.instruments
    rows = connection.execute(
        select(
            mentions.c.article_id,
            instruments.c.entity_id,
            instruments.c.symbols,
            instruments.c.name,
            instruments.c.name_zh,
            mentions.c.relevance,
            mentions.c.sentiment,
        )
        .select_from(mentions.join(instruments, mentions.c.entity_id == instruments.c.entity_id))
        .where(mentions.c.article_id.in_(ids))
        .order_by(mentions.c.article_id, mentions.c.relevance.desc())
    ).all()
    linked: dict[int, list[LinkedSymbol]] = defaultdict(list)
    for article_id, entity_id, symbols, name, name_zh, relevance, sentiment in rows:
        symbol = symbols.split(" ", 1)[0] if symbols else entity_id
        linked[int(article_id)].append(
            LinkedSymbol(entity_id, symbol, name, name_zh, float(relevance), float(sentiment))
        )
    return linked


def get_article(connection: Connection, article_id: int) -> StoredArticle | None:
    articles = schema.articles
    row = connection.execute(_summary_select().where(articles.c.id == article_id)).first()
    if row is None:
        return None
    summary = _summaries(connection, [row])[0]
    stored = connection.execute(
        select(articles.c.text, articles.c.raw, schema.analyses.c.analysis)
        .select_from(
            articles.outerjoin(schema.analyses, schema.analyses.c.article_id == articles.c.id)
        )
        .where(articles.c.id == article_id)
    ).one()
    analysis: dict[str, Any] = orjson.loads(stored[2]) if stored[2] else {}
    analysis["text"] = stored[0]
    original = None
    if summary.repeat_of is not None:
        found = connection.execute(
            _summary_select().where(articles.c.id == summary.repeat_of)
        ).first()
        original = _summaries(connection, [found])[0] if found is not None else None
    root = summary.repeat_of if summary.repeat_of is not None else summary.id
    copies = connection.execute(
        _summary_select()
        .where(and_(articles.c.repeat_of == root, articles.c.id != summary.id))
        .order_by(articles.c.at, articles.c.id)
        .limit(MAX_PAGE)
    ).all()
    return StoredArticle(summary, analysis, stored[1], _summaries(connection, copies), original)
