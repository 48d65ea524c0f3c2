"""The 熱議股票 board (`marketbuzz hot`): which instruments the news is talking about, and why.

Every stored mention already carries its weight (`marketbuzz.buzz`: relevance x novelty x role,
so a repeat counts a quarter and a broker only cited counts nothing). The board ranks the
instruments mentioned in a time window ending at `as_of`:

    rows       mentions with  as_of - window < at <= as_of  and weight > 0
               (--market US|HK|CN|crypto keeps instruments listed there; an ADR-style company
               listed in New York and Hong Kong is in both; "all" keeps everything)
    decay      d = 2 ** (-(as_of - at) / h),  half-life h = window / 4   (24h window: 6h)
    per source x_s = sum of weight * d over the instrument's mentions from source s
               (articles without a source together count as one source)
               f(x) = x            if x <= 1
                      1 + ln(x)    otherwise
               a source counts fully up to one full story, then only logarithmically, so one
               site flooding a stock does not beat many sites noticing it
    buzz       sum over sources of f(x_s)
    volume     sum of weight in the window (no decay)
    baseline   (sum of buzz_daily.volume over the 7 whole UTC days before the day that
               contains as_of - window) / 7 * (window / 86400): the volume this instrument
               usually gets in a window this long
    change     (volume + 1) / (baseline + 1)
    score      buzz * sqrt(change)       the board's order; ties: higher buzz, then entity id
    sentiment  sum(weight * d * sentiment) / sum(weight * d)

Each row also has: articles (mentions in the window, one per article), sources (distinct
sources, the sourceless together as one), the latest move reported in the window, the three
strongest stories by weight * d as headlines (copies of one story, `articles.repeat_of`,
collapse into their strongest copy) and a sparkline of volume in SPARK_BUCKETS equal slices.

Worked example, 24h window (h = 6h), as_of 2026-03-10 12:00 UTC:

    AAA  three new stories from three sites, weight 1.0 each, 0h, 6h and 12h old:
         x = 1, 0.5, 0.25 -> buzz = 1 + 0.5 + 0.25 = 1.75
         volume 3; no history: baseline 0 -> change = 4 / 1 = 4 -> score = 1.75 * 2 = 3.5
    BBB  one site, four new stories, weight 1.0 each, all 0h old:
         x = 4 -> buzz = 1 + ln 4 = 2.386
         volume 4; 70 in buzz_daily over 03-02..03-08 -> baseline 70 / 7 = 10
         change = 5 / 11 = 0.455 -> score = 2.386 * 0.674 = 1.609
    AAA ranks first: fresh talk from many sites about a quiet stock beats one site's steady
    stream about a stock that is always in the news.

Speed: one SQL pass over the window (a range scan of the (at, entity_id) index) sums each
instrument's decayed weight, volume and tone and looks up its baseline. Since f(x) <= x, that
decayed total bounds buzz, and so the score, from above; the source curve (which needs the
window grouped by instrument and source, the costly part) is applied only to instruments whose
bound can still reach the board, best bound first, until the next bound falls below the last
row's exact score. Headlines, latest moves and sparklines are read only for the rows shown.
Statements are built once and run with bound values; they are the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import (
    Connection,
    Float,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    cast,
    func,
    select,
)
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from marketbuzz.errors import MarketbuzzError
from marketbuzz.store import schema

MARKETS: Final = ("all", "US", "HK", "CN", "crypto")
# The instruments column each market filters on ("all": none).
_MARKET_FLAGS: Final = {
    "US": schema.instruments.c.in_us,
    "HK": schema.instruments.c.in_hk,
    "CN": schema.instruments.c.in_cn,
    "crypto": schema.instruments.c.in_crypto,
}
SECONDS_PER_DAY: Final = 86_400
# Whole days before the window that set an instrument's baseline.
BASELINE_DAYS: Final = 7
# Decay half-life as a share of the window: a 24h board halves a mention's weight every 6h.
HALF_LIFE_SHARE: Final = 0.25
HEADLINES: Final = 3
# Strongest mentions read per instrument to find its HEADLINES stories (copies collapse).
HEADLINE_CANDIDATES: Final = 12
SPARK_BUCKETS: Final = 24
MAX_WINDOW: Final = 90 * SECONDS_PER_DAY
MAX_TOP: Final = 1000

_UNIT_SECONDS: Final = {"s": 1, "m": 60, "h": 3600, "d": SECONDS_PER_DAY, "w": 7 * SECONDS_PER_DAY}
_WINDOW_PATTERN: Final = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*", re.IGNORECASE)


class BoardError(MarketbuzzError):
    code = "MB401"


@dataclass(frozen=True, slots=True)
class Headline:
    article_id: int
    title: str
    source: str | None
    at: float
    is_repeat: bool


@dataclass(frozen=True, slots=True)
class LatestMove:
    article_id: int
    direction: str
    value: float | None
    unit: str
    text: str
    at: float


@dataclass(frozen=True, slots=True)
class BoardRow:
    rank: int
    entity_id: str
    symbol: str
    name: str
    name_zh: str | None
    kind: str
    score: float  # what the board sorts by: buzz x sqrt(change)
    buzz: float  # decayed, relevance-weighted, source-diminished
    volume: float  # undecayed sum of weights in the window
    baseline: float  # expected volume per window from the instrument's own history
    change: float  # (volume + 1) / (baseline + 1)
    sentiment: float  # decayed-weight mean sentiment, -1..1
    articles: int
    sources: int
    latest_move: LatestMove | None
    headlines: tuple[Headline, ...]  # up to 3, strongest first, one per story
    spark: tuple[float, ...]  # volume in SPARK_BUCKETS equal slices of the window, oldest first


@dataclass(frozen=True, slots=True)
class Board:
    as_of: float
    window: float
    market: str
    rows: tuple[BoardRow, ...]


def parse_window(text: str) -> float:
    """Seconds in a window written like "24h", "90m", "7d" or "1w" (a bare number is hours)."""
    cleaned = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        cleaned += "h"
    match = _WINDOW_PATTERN.fullmatch(cleaned)
    if match is None:
        raise BoardError(
            f"not a time window: {text!r} (write a number and a unit, e.g. 90m, 24h, 7d, 1w)"
        )
    seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
    _check_window(seconds)
    return seconds


def compute_board(
    connection: Connection,
    *,
    as_of: float | None = None,
    window: float = 86400.0,
    market: str = "all",
    top: int = 10,
    entity_ids: Collection[str] | None = None,
) -> Board:
    """The `top` instruments by score in the window ending at `as_of` (None: now).

    `entity_ids` limits the board to those instruments (a watchlist); `top` still applies.
    Instruments without a mention in the window are not on the board.
    """
    _check_window(window)
    market = _check_market(market)
    if not 1 <= top <= MAX_TOP:
        raise BoardError(f"the board shows 1 to {MAX_TOP} rows (--top), not {top}")
    moment = time.time() if as_of is None else float(as_of)
    if entity_ids is not None and not entity_ids:
        return Board(moment, window, market, ())
    parameters = _parameters(moment, window)
    ranked = _ranked(connection, parameters, market=market, entity_ids=entity_ids, top=top)
    if not ranked:
        return Board(moment, window, market, ())
    parameters["shown"] = [row.entity_id for row in ranked]
    details = _Details(
        instruments=_instruments(connection, parameters),
        headlines=_headlines(connection, parameters),
        moves=_latest_moves(connection, parameters),
        sparks=_sparks(connection, parameters),
    )
    rows = tuple(_board_row(rank, item, details) for rank, item in enumerate(ranked, start=1))
    return Board(moment, window, market, rows)


def board_to_dict(board: Board) -> dict[str, object]:
    """The board as JSON-ready data (`hot --format json`, the REST API)."""
    return {
        "as_of": board.as_of,
        "as_of_iso": iso_utc(board.as_of),
        "window": board.window,
        "market": board.market,
        "rows": [row_to_dict(row) for row in board.rows],
    }


def board_from_dict(data: dict[str, Any]) -> Board:
    """The inverse of `board_to_dict` (a stored snapshot back into a Board)."""
    return Board(
        float(data["as_of"]),
        float(data["window"]),
        str(data["market"]),
        tuple(_row_from_dict(row) for row in data["rows"]),
    )


def _row_from_dict(row: dict[str, Any]) -> BoardRow:
    move = row["latest_move"]
    return BoardRow(
        rank=int(row["rank"]),
        entity_id=row["entity_id"],
        symbol=row["symbol"],
        name=row["name"],
        name_zh=row["name_zh"],
        kind=row["kind"],
        score=float(row["score"]),
        buzz=float(row["buzz"]),
        volume=float(row["volume"]),
        baseline=float(row["baseline"]),
        change=float(row["change"]),
        sentiment=float(row["sentiment"]),
        articles=int(row["articles"]),
        sources=int(row["sources"]),
        latest_move=None
        if move is None
        else LatestMove(
            int(move["article_id"]),
            move["direction"],
            move["value"],
            move["unit"],
            move["text"],
            float(move["at"]),
        ),
        headlines=tuple(
            Headline(
                int(item["article_id"]),
                item["title"],
                item["source"],
                float(item["at"]),
                bool(item["is_repeat"]),
            )
            for item in row["headlines"]
        ),
        spark=tuple(float(value) for value in row["spark"]),
    )


# --- validation ---


def _check_window(seconds: float) -> None:
    if not math.isfinite(seconds) or seconds <= 0:
        raise BoardError("the window must be longer than zero (e.g. 24h)")
    if seconds > MAX_WINDOW:
        raise BoardError("the window can be at most 90 days (e.g. 7d, 4w, 90d)")


def _check_market(market: str) -> str:
    for known in MARKETS:
        if market.casefold() == known.casefold():
            return known
    raise BoardError(f"unknown market {market!r}: use one of {', '.join(MARKETS)}")


# --- the ranking: one aggregate statement ---


@dataclass(frozen=True, slots=True)
class _Ranked:
    entity_id: str
    score: float
    buzz: float
    volume: float
    baseline: float
    change: float
    sentiment: float
    articles: int
    sources: int


# Statements are built once (functools.cache) with these placeholders and run with
# `_parameters`: building and hashing a SQLAlchemy statement per call costs more than a
# small window's query.
_AS_OF = bindparam("as_of", type_=Float)
_START = bindparam("start", type_=Float)
_RATE = bindparam("rate", type_=Float)
_SHOWN: BindParameter[str] = bindparam("shown", expanding=True)


def _parameters(as_of: float, window: float) -> dict[str, Any]:
    first_window_day = math.floor((as_of - window) / SECONDS_PER_DAY)
    return {
        "as_of": as_of,
        "start": as_of - window,
        # 2 ** (-age / h) = exp(-age * ln 2 / h)
        "rate": math.log(2) / (window * HALF_LIFE_SHARE),
        "baseline_from": first_window_day - BASELINE_DAYS,
        "baseline_to": first_window_day,
        "baseline_scale": window / SECONDS_PER_DAY / BASELINE_DAYS,
        "spark_scale": SPARK_BUCKETS / window,
        "candidates": HEADLINE_CANDIDATES,
    }


def _decay(at: ColumnElement[Any]) -> ColumnElement[float]:
    """2 ** (-(as_of - at) / h), written with exp so both engines evaluate it natively."""
    return func.exp((at - _AS_OF) * _RATE, type_=Float)


def _in_window(at: ColumnElement[Any]) -> ColumnElement[bool]:
    return and_(at > _START, at <= _AS_OF)


def _ranked(
    connection: Connection,
    parameters: dict[str, Any],
    *,
    market: str,
    entity_ids: Collection[str] | None,
    top: int,
) -> list[_Ranked]:
    """The `top` instruments by score, exactly, without the source curve for every instrument.

    The per-source sums need every (instrument, source) pair in the window grouped, which is
    most of the board's cost (SQLite sorts to group). But f(x) <= x, so an instrument's buzz is
    at most its decayed total D, and its score at most D x sqrt(change); with the baseline taken
    as zero, at most D x sqrt(volume + 1), which one pass over the window's mentions computes
    for every instrument and sorts in SQL. Only the strongest CANDIDATES by that bound come back
    to Python, get their baselines (a primary-key lookup each) and are scored exactly, in order
    of their exact bound, until the next bound is below the `top`-th exact score; the long tail
    is never grouped by source, never looked up, never fetched.
    """
    if entity_ids is not None:
        parameters = {**parameters, "entity_ids": sorted(set(entity_ids))}
    limit = max(_CANDIDATES, 4 * top)
    while True:
        totals, unfetched_bound = _candidates(connection, parameters, market, entity_ids, limit)
        scored = _score_in_bound_order(connection, parameters, totals, top, unfetched_bound)
        if scored is not None:
            return scored
        limit *= 8  # the fetched candidates could not settle the board: fetch more


# Candidates fetched by the baseline-free bound on the first try: enough to settle a board of
# ten in most corpora we measured (the loop fetches eight times as many when they are not); a
# larger first fetch costs a short window more than it saves a long one.
_CANDIDATES: Final = 200


def _candidates(
    connection: Connection,
    parameters: dict[str, Any],
    market: str,
    entity_ids: Collection[str] | None,
    limit: int,
) -> tuple[list[_Totals], float]:
    """The `limit` instruments with the highest baseline-free bound, with their baselines, and
    the highest bound among those not fetched (0 when every instrument was fetched)."""
    statement = _totals_statement(market, entity_ids is not None)
    rows = connection.execute(statement, {**parameters, "limit": limit + 1}).all()
    unfetched_bound = float(rows[limit].provisional) if len(rows) > limit else 0.0
    rows = rows[:limit]
    baselines = _baselines(connection, parameters, [str(row.entity_id) for row in rows])
    totals = [
        _Totals(
            entity_id=str(row.entity_id),
            decayed=float(row.decayed),
            volume=float(row.volume),
            tone=float(row.tone),
            articles=int(row.articles),
            baseline=baselines.get(str(row.entity_id), 0.0) * parameters["baseline_scale"],
        )
        for row in rows
    ]
    totals.sort(key=lambda item: -item.bound)
    return totals, unfetched_bound


def _score_in_bound_order(
    connection: Connection,
    parameters: dict[str, Any],
    totals: list[_Totals],
    top: int,
    unfetched_bound: float,
) -> list[_Ranked] | None:
    """Exact scores in order of bound until the board is settled; None if the fetched
    candidates run out while an unfetched instrument could still make the board."""
    scored: list[_Ranked] = []
    done = 0
    batch = top + 5
    while done < len(totals):
        if _settled(scored, top, totals[done].bound):
            break
        chunk = totals[done : done + batch]
        done += len(chunk)
        batch *= 2
        scored.extend(_exact_scores(connection, parameters, chunk))
        scored.sort(key=_board_order)
    if unfetched_bound > 0 and not _settled(scored, top, unfetched_bound):
        return None
    return scored[:top]


def _settled(scored: list[_Ranked], top: int, next_bound: float) -> bool:
    return len(scored) >= top and next_bound * _BOUND_SLACK < scored[top - 1].score


def _baselines(
    connection: Connection, parameters: dict[str, Any], entity_ids: list[str]
) -> dict[str, float]:
    """Summed daily volume over the baseline days, for these instruments only."""
    if not entity_ids:
        return {}
    rows = connection.execute(_baseline_statement(), {**parameters, "shown": entity_ids})
    return {str(row.entity_id): float(row.volume) for row in rows}


# Scores are compared with a bound computed in another order of float additions: a hair of
# slack so that rounding can never drop an instrument that ties the last row shown.
_BOUND_SLACK: Final = 1 + 1e-9


@dataclass(frozen=True, slots=True)
class _Totals:
    entity_id: str
    decayed: float  # sum of weight * d: buzz before the source curve, never below buzz
    volume: float
    tone: float
    articles: int
    baseline: float

    @property
    def change(self) -> float:
        return (self.volume + 1.0) / (self.baseline + 1.0)

    @property
    def bound(self) -> float:
        return self.decayed * math.sqrt(self.change)


def _board_order(item: _Ranked) -> tuple[float, float, str]:
    return (-item.score, -item.buzz, item.entity_id)


def _exact_scores(
    connection: Connection, parameters: dict[str, Any], chunk: Sequence[_Totals]
) -> list[_Ranked]:
    by_id = {item.entity_id: item for item in chunk}
    rows = connection.execute(_buzz_statement(), {**parameters, "shown": list(by_id)})
    scored = []
    for row in rows:
        item = by_id[str(row.entity_id)]
        buzz = float(row.buzz)
        scored.append(
            _Ranked(
                entity_id=item.entity_id,
                score=buzz * math.sqrt(item.change),
                buzz=buzz,
                volume=item.volume,
                baseline=item.baseline,
                change=item.change,
                sentiment=item.tone / item.decayed,
                articles=item.articles,
                sources=int(row.sources),
            )
        )
    return scored


@functools.cache
def _totals_statement(market: str, watchlist: bool) -> Select[Any]:
    """Per instrument in the window: decayed total, volume, tone and articles, strongest first
    by the baseline-free bound D x sqrt(volume + 1), cut to `limit` rows."""
    m = schema.mentions
    decayed = func.sum(m.c.weight * _decay(m.c.at))
    volume = func.sum(m.c.weight)
    provisional = (decayed * func.sqrt(volume + 1.0, type_=Float)).label("provisional")
    statement = (
        select(
            m.c.entity_id,
            decayed.label("decayed"),
            volume.label("volume"),
            func.sum(m.c.weight * _decay(m.c.at) * m.c.sentiment).label("tone"),
            func.count().label("articles"),
            provisional,
        )
        .where(_in_window(m.c.at), m.c.weight > 0)
        .group_by(m.c.entity_id)
        .order_by(provisional.desc(), m.c.entity_id)
        .limit(bindparam("limit", type_=Integer))
    )
    if market != "all":
        listed = select(schema.instruments.c.entity_id).where(_MARKET_FLAGS[market])
        statement = statement.where(m.c.entity_id.in_(listed))
    if watchlist:
        statement = statement.where(m.c.entity_id.in_(bindparam("entity_ids", expanding=True)))
    return statement


@functools.cache
def _baseline_statement() -> Select[Any]:
    """An instrument's summed daily volume over the BASELINE_DAYS whole days before the window
    (the `buzz_daily` primary key answers it), for the instruments in `shown`."""
    daily = schema.buzz_daily
    return (
        select(daily.c.entity_id, func.sum(daily.c.volume).label("volume"))
        .where(
            daily.c.entity_id.in_(_SHOWN),
            daily.c.day >= bindparam("baseline_from", type_=Integer),
            daily.c.day < bindparam("baseline_to", type_=Integer),
        )
        .group_by(daily.c.entity_id)
    )


@functools.cache
def _buzz_statement() -> Select[Any]:
    """Buzz (the source curve applied) and distinct sources, for the instruments in `shown`."""
    m = schema.mentions
    per_source = (
        select(m.c.entity_id, func.sum(m.c.weight * _decay(m.c.at)).label("x"))
        .where(m.c.entity_id.in_(_SHOWN), _in_window(m.c.at), m.c.weight > 0)
        .group_by(m.c.entity_id, m.c.source_id)
        .subquery("per_source")
    )
    # f(x): a source counts fully up to one story, then logarithmically.
    curve = case((per_source.c.x <= 1.0, per_source.c.x), else_=1.0 + func.ln(per_source.c.x))
    return select(
        per_source.c.entity_id,
        func.sum(curve).label("buzz"),
        func.count().label("sources"),
    ).group_by(per_source.c.entity_id)


# --- details for the rows shown ---


@dataclass(frozen=True, slots=True)
class _Instrument:
    symbol: str
    name: str
    name_zh: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class _Details:
    instruments: dict[str, _Instrument]
    headlines: dict[str, tuple[Headline, ...]]
    moves: dict[str, LatestMove]
    sparks: dict[str, tuple[float, ...]]


@functools.cache
def _instruments_statement() -> Select[Any]:
    table = schema.instruments
    return select(
        table.c.entity_id, table.c.symbols, table.c.name, table.c.name_zh, table.c.kind
    ).where(table.c.entity_id.in_(_SHOWN))


def _instruments(connection: Connection, parameters: dict[str, Any]) -> dict[str, _Instrument]:
    rows = connection.execute(_instruments_statement(), parameters)
    return {
        str(row.entity_id): _Instrument(
            symbol=(row.symbols or "").split(" ")[0] or str(row.entity_id),
            name=str(row.name),
            name_zh=row.name_zh,
            kind=str(row.kind),
        )
        for row in rows
    }


def _headlines(
    connection: Connection, parameters: dict[str, Any]
) -> dict[str, tuple[Headline, ...]]:
    """Each instrument's HEADLINES strongest stories (weight x decay), shown as their best copy.

    Only the HEADLINE_CANDIDATES strongest mentions per instrument are read with their
    articles; an instrument whose candidates are copies of fewer stories than it needs (a
    story syndicated many times) is read again in full.
    """
    candidates = _headline_candidates(connection, parameters, limited=True)
    found = {entity_id: _distinct_stories(rows) for entity_id, rows in candidates.items()}
    crowded = [
        entity_id
        for entity_id, rows in candidates.items()
        if len(rows) == HEADLINE_CANDIDATES and len(found[entity_id]) < HEADLINES
    ]
    if crowded:
        again = {**parameters, "shown": crowded}
        for entity_id, rows in _headline_candidates(connection, again, limited=False).items():
            found[entity_id] = _distinct_stories(rows)
    return found


def _headline_candidates(
    connection: Connection, parameters: dict[str, Any], *, limited: bool
) -> dict[str, list[Any]]:
    """Per instrument, its strongest mentions first (HEADLINE_CANDIDATES of them if `limited`)."""
    found: dict[str, list[Any]] = {}
    for row in connection.execute(_headline_statement(limited), parameters):
        found.setdefault(str(row.entity_id), []).append(row)
    return found


@functools.cache
def _headline_statement(limited: bool) -> Select[Any]:
    m, a = schema.mentions, schema.articles
    strength = m.c.weight * _decay(m.c.at)
    ranked = (
        select(
            m.c.entity_id,
            m.c.article_id,
            m.c.is_repeat,
            func.row_number()
            .over(partition_by=m.c.entity_id, order_by=(strength.desc(), m.c.article_id))
            .label("strength_rank"),
        )
        .where(m.c.entity_id.in_(_SHOWN), _in_window(m.c.at), m.c.weight > 0)
        .subquery("ranked")
    )
    statement = (
        select(
            ranked.c.entity_id,
            ranked.c.article_id,
            ranked.c.is_repeat,
            func.coalesce(a.c.repeat_of, a.c.id).label("story"),
            a.c.title,
            a.c.at,
            schema.sources.c.name.label("source"),
        )
        .join(a, a.c.id == ranked.c.article_id)
        .outerjoin(schema.sources, schema.sources.c.id == a.c.source_id)
        .order_by(ranked.c.entity_id, ranked.c.strength_rank)
    )
    if limited:
        statement = statement.where(
            ranked.c.strength_rank <= bindparam("candidates", type_=Integer)
        )
    return statement


def _distinct_stories(rows: Sequence[Any]) -> tuple[Headline, ...]:
    """The first (strongest) copy of each story, for the HEADLINES strongest stories."""
    seen: set[int] = set()
    headlines: list[Headline] = []
    for row in rows:
        if int(row.story) in seen:
            continue
        seen.add(int(row.story))
        headlines.append(
            Headline(
                article_id=int(row.article_id),
                title=str(row.title),
                source=row.source,
                at=float(row.at),
                is_repeat=bool(row.is_repeat),
            )
        )
        if len(headlines) == HEADLINES:
            break
    return tuple(headlines)


def _latest_moves(connection: Connection, parameters: dict[str, Any]) -> dict[str, LatestMove]:
    return {
        str(row.entity_id): LatestMove(
            article_id=int(row.article_id),
            direction=str(row.direction),
            value=None if row.value is None else float(row.value),
            unit=str(row.unit),
            text=str(row.text),
            at=float(row.at),
        )
        for row in connection.execute(_latest_moves_statement(), parameters)
    }


@functools.cache
def _latest_moves_statement() -> Select[Any]:
    """Each instrument's most recent move in the window. Within the newest article, the move
    that says where the stock ended up: one not marked as an intraday extreme (一度, "as much
    as"), with a size, and the first written (the headline and lead come first)."""
    moves = schema.moves
    # extract/moves.py marks 一度, "as much as", "at one point" as at_one_point.
    passing = case((moves.c.qualifiers.like("%at_one_point%"), 1), else_=0)
    sizeless = case((moves.c.value.is_(None), 1), else_=0)
    ordered = (
        select(
            moves,
            func.row_number()
            .over(
                partition_by=moves.c.entity_id,
                order_by=(moves.c.at.desc(), passing, sizeless, moves.c.start, moves.c.id),
            )
            .label("recency"),
        )
        .where(moves.c.entity_id.in_(_SHOWN), _in_window(moves.c.at))
        .subquery("ordered")
    )
    return select(ordered).where(ordered.c.recency == 1)


def _sparks(connection: Connection, parameters: dict[str, Any]) -> dict[str, tuple[float, ...]]:
    """Undecayed volume in SPARK_BUCKETS equal slices of the window, oldest first."""
    sparks = {entity_id: [0.0] * SPARK_BUCKETS for entity_id in parameters["shown"]}
    for row in connection.execute(_sparks_statement(), parameters):
        # A mention exactly at as_of lands on the upper edge: it belongs to the last slice.
        slot = min(max(int(row.bucket), 0), SPARK_BUCKETS - 1)
        sparks[str(row.entity_id)][slot] += float(row.volume)
    return {entity_id: tuple(values) for entity_id, values in sparks.items()}


@functools.cache
def _sparks_statement() -> Select[Any]:
    m = schema.mentions
    # floor, not CAST: PostgreSQL's CAST to integer rounds.
    bucket = cast(func.floor((m.c.at - _START) * bindparam("spark_scale", type_=Float)), Integer)
    return (
        select(m.c.entity_id, bucket.label("bucket"), func.sum(m.c.weight).label("volume"))
        .where(m.c.entity_id.in_(_SHOWN), _in_window(m.c.at), m.c.weight > 0)
        .group_by(m.c.entity_id, bucket)
    )


def _board_row(rank: int, item: _Ranked, details: _Details) -> BoardRow:
    instrument = details.instruments.get(
        item.entity_id, _Instrument(item.entity_id, item.entity_id, None, "unknown")
    )
    return BoardRow(
        rank=rank,
        entity_id=item.entity_id,
        symbol=instrument.symbol,
        name=instrument.name,
        name_zh=instrument.name_zh,
        kind=instrument.kind,
        score=item.score,
        buzz=item.buzz,
        volume=item.volume,
        baseline=item.baseline,
        change=item.change,
        sentiment=item.sentiment,
        articles=item.articles,
        sources=item.sources,
        latest_move=details.moves.get(item.entity_id),
        headlines=details.headlines.get(item.entity_id, ()),
        spark=details.sparks.get(item.entity_id, (0.0,) * SPARK_BUCKETS),
    )


# --- SQLite builds without math functions ---


def iso_utc(moment: float) -> str:
    """Epoch seconds as ISO time in UTC, to the second (the board's and the API's times)."""
    return dt.datetime.fromtimestamp(moment, dt.UTC).isoformat(timespec="seconds")


def row_to_dict(row: BoardRow) -> dict[str, object]:
    move = row.latest_move
    return {
        "rank": row.rank,
        "entity_id": row.entity_id,
        "symbol": row.symbol,
        "name": row.name,
        "name_zh": row.name_zh,
        "kind": row.kind,
        "score": round(row.score, 4),
        "buzz": round(row.buzz, 4),
        "volume": round(row.volume, 4),
        "baseline": round(row.baseline, 4),
        "change": round(row.change, 4),
        "sentiment": round(row.sentiment, 4),
        "articles": row.articles,
        "sources": row.sources,
        "latest_move": None
        if move is None
        else {
            "article_id": move.article_id,
            "direction": move.direction,
            "value": move.value,
            "unit": move.unit,
            "text": move.text,
            "at": move.at,
            "at_iso": iso_utc(move.at),
        },
        "headlines": [
            {
                "article_id": item.article_id,
                "title": item.title,
                "source": item.source,
                "at": item.at,
                "at_iso": iso_utc(item.at),
                "is_repeat": item.is_repeat,
            }
            for item in row.headlines
        ],
        "spark": [round(value, 4) for value in row.spark],
    }
