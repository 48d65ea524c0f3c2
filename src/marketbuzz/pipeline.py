"""The analysis pipeline: a short loop of stages, each a pure function.

`analyze_article(article, master)` depends on nothing but its arguments, so worker processes
(Dask, multiprocessing) can run it over archives with one master loaded per process.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from marketbuzz.document import Document
from marketbuzz.extract.claims import extract_claims
from marketbuzz.extract.events import extract_events
from marketbuzz.extract.moves import extract_moves
from marketbuzz.extract.sentiment import score_sentiment
from marketbuzz.extract.themes import extract_themes
from marketbuzz.link import link_mentions
from marketbuzz.link.relevance import score_relevance
from marketbuzz.master.load import SecurityMaster, load_master
from marketbuzz.model import (
    Analysis,
    Article,
    Event,
    LinkedInstrument,
    Mention,
    Move,
)
from marketbuzz.read import read_article

ArticleSource = str | bytes | Path | Mapping[str, object] | Article
Reference = dt.date | dt.datetime | None


def analyze(
    source: ArticleSource,
    *,
    published_hint: Reference = None,
    master: SecurityMaster | None = None,
) -> Analysis:
    """Analyse one article given as text, bytes, a file path, a JSON object or an Article.

    `published_hint` is the reference time: a date written without a year ("10/08") takes its
    year from it. A `str` is always article text, never a path; pass a `Path` to read a file.
    """
    article = (
        source
        if isinstance(source, Article)
        else read_article(source, reference_time=published_hint)
    )
    as_of = article_date(article) or _as_date(published_hint)
    return analyze_article(article, master if master is not None else load_master(), as_of=as_of)


def _as_date(value: Reference) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def article_date(article: Article) -> dt.date | None:
    """The article's date, used to pick the names valid at that time."""
    published = article.published
    if published is None or published.value is None:
        return None
    value = published.value
    return value.date() if isinstance(value, dt.datetime) else value


def analyze_article(
    article: Article, master: SecurityMaster, *, as_of: dt.date | None = None
) -> Analysis:
    """Analyse a read article. `as_of` (default: the article's own date) picks the names valid
    then: news archives use former names (兖州煤业 before it became 兖矿能源)."""
    doc = Document(article)
    mentions = link_mentions(doc, master, as_of=as_of or article_date(article))
    moves = extract_moves(doc, mentions, master)
    events = extract_events(doc, mentions, master)
    claims = extract_claims(doc, mentions, master)
    themes = extract_themes(doc, mentions, master)
    instruments, organizations = _assemble(doc, mentions, moves, events, master)
    # Positional: compiled, a call by keyword builds a dictionary per object.
    return Analysis(
        article,
        instruments,
        organizations,
        tuple(moves),
        tuple(events),
        tuple(claims),
        tuple(themes),
        master.version,
    )


def _rounded(score: float) -> float:
    """`score` to four decimals. Scores of exactly 0 and 1 are common (a clamped relevance) and
    stay as they are: `round` with digits is a costly correctly-rounded decimal conversion."""
    if score in {0.0, 1.0}:
        return score
    return round(score, 4)


def _assemble(
    doc: Document,
    mentions: Sequence[Mention],
    moves: Sequence[Move],
    events: Sequence[Event],
    master: SecurityMaster,
) -> tuple[tuple[LinkedInstrument, ...], tuple[LinkedInstrument, ...]]:
    """Group mentions by entity and score each; instruments by relevance, highest first."""
    by_entity: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_entity[mention.entity_id].append(mention)
    linked = [
        _linked(doc, entity_id, entity_mentions, mentions, moves, events, master)
        for entity_id, entity_mentions in by_entity.items()
    ]
    if len(linked) > 1:  # most short items name one entity
        linked.sort(key=_by_relevance)
    instruments = tuple(item for item in linked if item.kind != "organization")
    organizations = tuple(item for item in linked if item.kind == "organization")
    return instruments, organizations


def _linked(  # noqa: PLR0917 (the scorers' inputs)
    doc: Document,
    entity_id: str,
    entity_mentions: list[Mention],
    mentions: Sequence[Mention],
    moves: Sequence[Move],
    events: Sequence[Event],
    master: SecurityMaster,
) -> LinkedInstrument:
    """One entity with its mentions, scored. Built positionally: compiled, a call by keyword
    builds a dictionary per object."""
    entity = master.entity(entity_id)
    # Already rounded to three decimals (or 0.0), which four-decimal rounding keeps as it is.
    sentiment, evidence = score_sentiment(doc, entity_id, entity_mentions, moves, events)
    relevance = score_relevance(doc, entity_id, mentions, moves, events, master)
    return LinkedInstrument(
        entity_id,
        entity.name,
        entity.name_zh,
        entity.kind,  # type: ignore[arg-type]
        entity.symbols,
        _rounded(relevance),
        sentiment,
        tuple(entity_mentions),
        evidence,
        _roles(entity_mentions, entity.roles),
    )


def _roles(mentions: list[Mention], entity_roles: tuple[str, ...]) -> tuple[str, ...]:
    """The entity's roles in the article and in the master, sorted. Most entities are named
    only as subjects and have no master roles: that answer needs no sort."""
    roles = {mention.role for mention in mentions}
    if not entity_roles and len(roles) == 1:
        return tuple(roles)
    return tuple(sorted(roles.union(entity_roles)))


def _by_relevance(item: LinkedInstrument) -> tuple[float, int]:
    """Highest relevance first; ties in the order the entities are first named."""
    return -item.relevance, item.mentions[0].start
