"""One instrument's record over time: buzz and sentiment in equal buckets, its latest moves and
events. What `GET /api/instruments/{symbol}` shows beside the articles and the board row.

    series = instrument_series(connection, "NVDA", as_of=t, window=7 * 86400, buckets=28)
    moves = latest_moves(connection, "NVDA", until=t)
    events = latest_events(connection, "NVDA", until=t)

Bucket i holds the mentions with start + i * width <= at < start + (i + 1) * width (the last
one also takes a mention exactly at as_of; the window itself is as_of - window < at <= as_of,
as on the board). Its sums come from the `mentions` table in SQL, grouped by bucket index and
source (one pass over the (entity_id, at) index):

    volume     sum of weight
    buzz       sum over sources of f(sum of the source's weight), f(x) = x up to 1, then 1 + ln x:
               the board's source curve (marketbuzz.board) without the decay
    sentiment  sum(weight * sentiment) / sum(weight); 0 when the bucket has no weight
    articles   articles mentioning the instrument in the bucket
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Final

import orjson
from sqlalchemy import Connection, Float, Integer, cast, func, literal, select

from marketbuzz.board import iso_utc
from marketbuzz.store import schema

MAX_BUCKETS: Final = 500
LATEST: Final = 20


@dataclass(frozen=True, slots=True)
class SeriesBucket:
    start: float
    end: float
    buzz: float
    volume: float
    sentiment: float
    articles: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "start_iso": iso_utc(self.start),
            "end": self.end,
            "end_iso": iso_utc(self.end),
            "buzz": round(self.buzz, 4),
            "volume": round(self.volume, 4),
            "sentiment": round(self.sentiment, 4),
            "articles": self.articles,
        }


@dataclass(slots=True)
class _Sums:
    volume: float = 0.0
    buzz: float = 0.0
    weighted_sentiment: float = 0.0
    articles: int = 0


def source_curve(weight: float) -> float:
    """One source's contribution: in full up to one story, then logarithmic (board.py)."""
    return weight if weight <= 1.0 else 1.0 + math.log(weight)


def instrument_series(
    connection: Connection, entity_id: str, *, as_of: float, window: float, buckets: int
) -> list[SeriesBucket]:
    """`buckets` equal slices of (as_of - window, as_of], oldest first, empty ones included."""
    buckets = max(1, min(buckets, MAX_BUCKETS))
    start = as_of - window
    width = window / buckets
    sums = [_Sums() for _ in range(buckets)]
    for row in connection.execute(_bucket_statement(entity_id, start, as_of, width)):
        # A mention exactly at as_of lands on the upper edge: it belongs to the last bucket.
        slot = min(max(int(row.bucket), 0), buckets - 1)
        volume = float(row.volume)
        sums[slot].volume += volume
        sums[slot].buzz += source_curve(volume)
        sums[slot].weighted_sentiment += float(row.weighted_sentiment)
        sums[slot].articles += int(row.articles)
    return [
        SeriesBucket(
            start + index * width,
            start + (index + 1) * width,
            item.buzz,
            item.volume,
            item.weighted_sentiment / item.volume if item.volume > 0 else 0.0,
            item.articles,
        )
        for index, item in enumerate(sums)
    ]


def _bucket_statement(entity_id: str, start: float, as_of: float, width: float) -> Any:
    m = schema.mentions
    # floor, not CAST: PostgreSQL's CAST to integer rounds.
    bucket = cast(
        func.floor((m.c.at - literal(start, Float)) / literal(width, Float)), Integer
    ).label("bucket")
    return (
        select(
            bucket,
            func.sum(m.c.weight).label("volume"),
            func.sum(m.c.weight * m.c.sentiment).label("weighted_sentiment"),
            func.count(func.distinct(m.c.article_id)).label("articles"),
        )
        .where(
            m.c.entity_id == entity_id,
            m.c.at > literal(start, Float),
            m.c.at <= literal(as_of, Float),
        )
        # Per source too: the buzz curve applies to each source's sum (articles without a
        # source together count as one source, as on the board).
        .group_by(bucket, m.c.source_id)
    )


def latest_moves(
    connection: Connection, entity_id: str, *, until: float, limit: int = LATEST
) -> list[dict[str, Any]]:
    """The instrument's newest reported moves up to `until`, newest first."""
    moves = schema.moves
    rows = connection.execute(
        select(moves)
        .where(moves.c.entity_id == entity_id, moves.c.at <= until)
        .order_by(moves.c.at.desc(), moves.c.id.desc())
        .limit(limit)
    ).all()
    return [
        {
            "article_id": int(row.article_id),
            "symbol": row.symbol,
            "direction": row.direction,
            "value": row.value,
            "unit": row.unit,
            "qualifiers": [item for item in row.qualifiers.split(" ") if item],
            "text": row.text,
            "start": row.start,
            "end": row.end,
            "at": float(row.at),
            "at_iso": iso_utc(float(row.at)),
        }
        for row in rows
    ]


def latest_events(
    connection: Connection, entity_id: str, *, until: float, limit: int = LATEST
) -> list[dict[str, Any]]:
    """The newest events the instrument takes part in (as subject or actor), newest first,
    each with all its subjects and actors."""
    events, subjects = schema.events, schema.event_subjects
    involved = select(subjects.c.event_id).where(subjects.c.entity_id == entity_id)
    rows = connection.execute(
        select(events)
        .where(events.c.id.in_(involved), events.c.at <= until)
        .order_by(events.c.at.desc(), events.c.id.desc())
        .limit(limit)
    ).all()
    parties = _parties(connection, [int(row.id) for row in rows])
    return [_event_dict(row, parties.get(int(row.id), {})) for row in rows]


def _parties(connection: Connection, event_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    if not event_ids:
        return {}
    subjects = schema.event_subjects
    found: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"subject": [], "actor": []})
    rows = connection.execute(
        select(subjects.c.event_id, subjects.c.entity_id, subjects.c.role)
        .where(subjects.c.event_id.in_(event_ids))
        .order_by(subjects.c.event_id, subjects.c.role, subjects.c.entity_id)
    )
    for event_id, party, role in rows:
        found[int(event_id)].setdefault(role, []).append(party)
    return found


def _event_dict(row: Any, parties: dict[str, list[str]]) -> dict[str, Any]:
    attributes = orjson.loads(row.attributes) if row.attributes else {}
    return {
        "article_id": int(row.article_id),
        "type": row.type,
        "polarity": row.polarity,
        "attributes": attributes,
        "text": row.text,
        "start": row.start,
        "end": row.end,
        "at": float(row.at),
        "at_iso": iso_utc(float(row.at)),
        "subjects": parties.get("subject", []),
        "actors": parties.get("actor", []),
    }
