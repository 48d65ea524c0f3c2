"""Evaluating a watchlist's rules against the store, and recording each alert exactly once.

Move and event rules read the articles ingested since `since` and dated up to `as_of`; burst
and sentiment-flip rules read the hot board at `as_of`. Every alert has a key saying what makes
it the same alert:

    move_pct        move:<entity>:<story>            story = the first copy (articles.repeat_of)
    events          event:<type>:<entity>:<story>
    burst           burst:<entity>:<UTC day>         once per instrument per day
    sentiment_flip  flip:<entity>:<sign>:<UTC day>   once per instrument per direction per day

The key is unique in the `alerts` table and rows go in with ON CONFLICT DO NOTHING, so a copy
of a story, a second check, or a second watcher racing this one never fires the same alert again.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, and_, func, select
from sqlalchemy.sql.elements import ColumnElement

from marketbuzz.alerts.model import Alert
from marketbuzz.alerts.watchlist import (
    DAY,
    BurstRule,
    EventRule,
    FlipRule,
    MoveRule,
    WatchedInstrument,
    Watchlist,
)
from marketbuzz.board import MAX_TOP, BoardRow, compute_board
from marketbuzz.store import Store, schema
from marketbuzz.store.engine import dialect_insert

# Headlines in one-line messages are cut here: an alert is a line, the article is a click away.
MAX_HEADLINE = 100

_EVENT_LABELS = {
    "analyst_target": "price target",
    "analyst_rating": "analyst rating",
    "fund_flow": "fund flow",
    "holding_change": "holding change",
    "stake": "stake",
    "product_launch": "product launch",
    "earnings": "earnings",
    "ranking": "ranking",
    "macro": "macro news",
    "company_news": "company news",
    "comparison": "comparison",
}


def check_alerts(
    store: Store, watchlist: Watchlist, *, as_of: float | None = None, since: float | None = None
) -> list[Alert]:
    """Evaluate every rule, record what fires, and return only the alerts new to the store."""
    as_of = time.time() if as_of is None else as_of
    with store.read() as connection:
        candidates = evaluate_rules(connection, watchlist, as_of=as_of, since=since)
    fired_at = time.time()
    with store.write() as connection:
        return [
            alert
            for alert in (_record(connection, candidate, fired_at) for candidate in candidates)
            if alert is not None
        ]


def evaluate_rules(
    connection: Connection, watchlist: Watchlist, *, as_of: float, since: float | None
) -> list[Alert]:
    """The alerts the rules raise now, recorded or not (id 0), one per key, oldest first."""
    rules = watchlist.rules
    found: list[Alert] = []
    if not watchlist.instruments:
        return found
    if rules.move is not None:
        found += move_alerts(connection, watchlist, rules.move, as_of=as_of, since=since)
    if rules.events is not None:
        found += event_alerts(connection, watchlist, rules.events, as_of=as_of, since=since)
    # The burst and flip rules usually read the same board (both default to a day's window).
    board = _BoardRows(connection, watchlist.entity_ids)
    if rules.burst is not None:
        found += burst_alerts(board, watchlist, rules.burst, as_of=as_of)
    if rules.sentiment_flip is not None:
        found += flip_alerts(board, watchlist, rules.sentiment_flip, as_of=as_of)
    unique: dict[str, Alert] = {}
    for alert in found:
        unique.setdefault(alert.key, alert)
    return list(unique.values())


# -- moves -----------------------------------------------------------------------------------


def move_alerts(
    connection: Connection,
    watchlist: Watchlist,
    rule: MoveRule,
    *,
    as_of: float,
    since: float | None,
) -> list[Alert]:
    """A reported move of at least rule.min_pct percent (or the instrument's own move_pct);
    per story and instrument, the largest one."""
    thresholds = {item.entity_id: item.move_pct or rule.min_pct for item in watchlist.instruments}
    moves, articles = schema.moves, schema.articles
    story = _story(articles)
    query = (
        select(
            moves.c.entity_id,
            moves.c.symbol,
            moves.c.direction,
            moves.c.value,
            moves.c.text,
            articles.c.id,
            story,
            articles.c.at,
            articles.c.title,
        )
        .join(articles, articles.c.id == moves.c.article_id)
        .where(
            moves.c.entity_id.in_(watchlist.entity_ids),
            moves.c.unit == "%",
            moves.c.direction.in_(("up", "down")),
            func.abs(moves.c.value) >= min(thresholds.values()),
            _ingested_between(since, as_of),
            articles.c.at >= as_of - watchlist.rules.max_age,
        )
        .order_by(articles.c.ingested_at, articles.c.id, moves.c.start)
    )
    best: dict[str, Any] = {}
    for row in connection.execute(query):
        if abs(row.value) < thresholds[row.entity_id]:
            continue
        key = f"move:{row.entity_id}:{row.story}"
        if key not in best or abs(row.value) > abs(best[key].value):
            best[key] = row
    return [_move_alert(key, row, watchlist) for key, row in best.items()]


def _move_alert(key: str, row: Any, watchlist: Watchlist) -> Alert:
    watched = _watched(watchlist, row.entity_id)
    symbol = row.symbol or watched.symbol
    verb = "rose" if row.direction == "up" else "fell"
    size = abs(float(row.value))
    message = f"{_label(watched, symbol)} {verb} {size:g}% — {_headline(row.title)}"
    details = {
        "symbol": symbol,
        "direction": row.direction,
        "value": size,
        "unit": "%",
        "text": row.text,
        "title": row.title,
        "story_id": int(row.story),
    }
    return Alert(
        0, key, "move_pct", row.entity_id, symbol, int(row.id), float(row.at), message, details
    )


# -- events ----------------------------------------------------------------------------------


def event_alerts(
    connection: Connection,
    watchlist: Watchlist,
    rule: EventRule,
    *,
    as_of: float,
    since: float | None,
) -> list[Alert]:
    """A new event of a listed type about a watched instrument (as its subject, not its actor)."""
    events, subjects, articles = schema.events, schema.event_subjects, schema.articles
    story = _story(articles)
    query = (
        select(
            events.c.type,
            events.c.attributes,
            events.c.polarity,
            events.c.text,
            subjects.c.entity_id,
            articles.c.id,
            story,
            articles.c.at,
            articles.c.title,
        )
        .join(subjects, and_(subjects.c.event_id == events.c.id, subjects.c.role == "subject"))
        .join(articles, articles.c.id == events.c.article_id)
        .where(
            subjects.c.entity_id.in_(watchlist.entity_ids),
            events.c.type.in_(rule.types),
            _ingested_between(since, as_of),
            articles.c.at >= as_of - watchlist.rules.max_age,
        )
        .order_by(articles.c.ingested_at, articles.c.id, events.c.start)
    )
    first: dict[str, Alert] = {}
    for row in connection.execute(query):
        key = f"event:{row.type}:{row.entity_id}:{row.story}"
        if key not in first:
            first[key] = _event_alert(key, row, watchlist)
    return list(first.values())


def _event_alert(key: str, row: Any, watchlist: Watchlist) -> Alert:
    watched = _watched(watchlist, row.entity_id)
    label = _EVENT_LABELS.get(row.type, row.type.replace("_", " "))
    message = f"{watched.label} — {label}: {_headline(row.text)}"
    details = {
        "symbol": watched.symbol,
        "type": row.type,
        "attributes": orjson.loads(row.attributes),
        "polarity": float(row.polarity),
        "text": row.text,
        "title": row.title,
        "story_id": int(row.story),
    }
    return Alert(
        0,
        key,
        "events",
        row.entity_id,
        watched.symbol,
        int(row.id),
        float(row.at),
        message,
        details,
    )


# -- the board: bursts and sentiment flips -----------------------------------------------------


def burst_alerts(
    board: _BoardRows, watchlist: Watchlist, rule: BurstRule, *, as_of: float
) -> list[Alert]:
    """Buzz at least rule.min_change times the instrument's baseline, and at least min_buzz."""
    alerts = []
    for row in board.rows(as_of, rule.window):
        if row.change < rule.min_change or row.buzz < rule.min_buzz:
            continue
        watched = _watched(watchlist, row.entity_id)
        key = f"burst:{row.entity_id}:{_day(as_of)}"
        message = (
            f"{watched.label} buzz burst: {row.change:.1f}× its usual volume"
            f" (buzz {row.buzz:.2f}, {row.articles} articles in {_duration(rule.window)})"
        )
        if row.headlines:
            message += f" — {_headline(row.headlines[0].title)}"
        details = {
            "symbol": watched.symbol,
            "buzz": float(row.buzz),
            "change": float(row.change),
            "volume": float(row.volume),
            "baseline": float(row.baseline),
            "articles": int(row.articles),
            "window": rule.window,
        }
        alerts.append(
            _board_alert(key, "burst", watched, as_of=as_of, message=message, details=details)
        )
    return alerts


def flip_alerts(
    board: _BoardRows, watchlist: Watchlist, rule: FlipRule, *, as_of: float
) -> list[Alert]:
    """Window sentiment changed sign against the window before, both at least rule.threshold."""
    now = {row.entity_id: row for row in board.rows(as_of, rule.window)}
    before = board.rows(as_of - rule.window, rule.window)
    alerts = []
    for previous in before:
        current = now.get(previous.entity_id)
        if current is None or not _flipped(previous.sentiment, current.sentiment, rule.threshold):
            continue
        sign = "positive" if current.sentiment > 0 else "negative"
        watched = _watched(watchlist, current.entity_id)
        key = f"flip:{current.entity_id}:{sign}:{_day(as_of)}"
        message = (
            f"{watched.label} sentiment turned {sign}: {previous.sentiment:+.2f} →"
            f" {current.sentiment:+.2f} over {_duration(rule.window)}"
        )
        details = {
            "symbol": watched.symbol,
            "direction": sign,
            "previous": float(previous.sentiment),
            "current": float(current.sentiment),
            "window": rule.window,
        }
        alerts.append(
            _board_alert(
                key, "sentiment_flip", watched, as_of=as_of, message=message, details=details
            )
        )
    return alerts


def _board_alert(
    key: str,
    rule: str,
    watched: WatchedInstrument,
    *,
    as_of: float,
    message: str,
    details: dict[str, Any],
) -> Alert:
    return Alert(
        id=0,
        key=key,
        rule=rule,
        entity_id=watched.entity_id,
        symbol=watched.symbol,
        article_id=None,
        at=as_of,
        message=message,
        details=details,
    )


def _flipped(previous: float, current: float, threshold: float) -> bool:
    if abs(previous) < threshold or abs(current) < threshold:
        return False
    return (previous > 0 > current) or (previous < 0 < current)


class _BoardRows:
    """The watched instruments' board rows, computed once per (as_of, window) for one check."""

    def __init__(self, connection: Connection, entity_ids: Sequence[str]) -> None:
        self.connection = connection
        self.entity_ids = entity_ids
        self.boards: dict[tuple[float, float], Sequence[BoardRow]] = {}

    def rows(self, as_of: float, window: float) -> Sequence[BoardRow]:
        if (as_of, window) not in self.boards:
            top = max(1, min(len(self.entity_ids), MAX_TOP))
            board = compute_board(
                self.connection, as_of=as_of, window=window, top=top, entity_ids=self.entity_ids
            )
            self.boards[as_of, window] = board.rows
        return self.boards[as_of, window]


# -- recording -------------------------------------------------------------------------------


def _record(connection: Connection, alert: Alert, fired_at: float) -> Alert | None:
    """Insert the alert unless its key is already there; the recorded alert, or None."""
    details = {**alert.details, "fired_at": fired_at}
    statement = (
        dialect_insert(connection, schema.alerts)
        .values(
            key=alert.key,
            rule=alert.rule,
            entity_id=alert.entity_id,
            article_id=alert.article_id,
            at=alert.at,
            message=alert.message,
            details=orjson.dumps(details).decode(),
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(schema.alerts.c.id)
    )
    row_id = connection.execute(statement).scalar_one_or_none()
    if row_id is None:
        return None
    return dataclasses.replace(alert, id=int(row_id), details=details)


# -- helpers ---------------------------------------------------------------------------------


def _story(articles: Any) -> ColumnElement[Any]:
    """The story an article tells: its first copy's id (its own when it is the first)."""
    return func.coalesce(articles.c.repeat_of, articles.c.id).label("story")


def _ingested_between(since: float | None, as_of: float) -> ColumnElement[bool]:
    """News dated up to `as_of` (replaying an archive, as_of is in its past) that was ingested
    since `since` (the last check; None: ever)."""
    dated = schema.articles.c.at <= as_of
    if since is None:
        return dated
    return and_(schema.articles.c.ingested_at >= since, dated)


def _watched(watchlist: Watchlist, entity_id: str) -> WatchedInstrument:
    watched = watchlist.instrument(entity_id)
    if watched is None:  # the queries ask only for watched ids
        raise LookupError(f"{entity_id} is not on the watchlist")
    return watched


def _label(watched: WatchedInstrument, symbol: str) -> str:
    if symbol == watched.symbol:
        return watched.label
    return dataclasses.replace(watched, symbol=symbol).label


def _headline(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_HEADLINE else line[: MAX_HEADLINE - 1] + "…"


def _day(moment: float) -> int:
    return int(moment // DAY)


def _duration(seconds: float) -> str:
    for unit, size in (("d", DAY), ("h", 3_600.0), ("m", 60.0)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"
