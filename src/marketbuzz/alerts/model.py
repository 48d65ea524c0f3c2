"""The Alert record, its JSON form, and reading fired alerts back from the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Connection, select

from marketbuzz.board import iso_utc
from marketbuzz.store import schema


@dataclass(frozen=True, slots=True)
class Alert:
    """One fired alert. `key` makes it the same alert: the store holds each key once."""

    id: int  # the alerts table row (0 before it is recorded)
    key: str
    rule: str  # "move_pct" | "burst" | "sentiment_flip" | "events"
    entity_id: str | None
    symbol: str | None
    article_id: int | None
    at: float  # what the alert is about happened then (epoch seconds, UTC)
    message: str  # one human line, e.g. "騰訊控股 Tencent Holdings 0700.HK fell 5.2% — 騰訊急跌"
    details: dict[str, Any] = field(default_factory=dict)


def alert_to_dict(alert: Alert) -> dict[str, Any]:
    """The alert as JSON-ready data (what JsonlSink writes and WebhookSink posts)."""
    return {
        "id": alert.id,
        "key": alert.key,
        "rule": alert.rule,
        "entity_id": alert.entity_id,
        "symbol": alert.symbol,
        "article_id": alert.article_id,
        "at": alert.at,
        "time": iso_utc(alert.at),
        "message": alert.message,
        "details": alert.details,
    }


def recent_alerts(
    connection: Connection, *, limit: int = 50, since: float | None = None
) -> list[Alert]:
    """The latest fired alerts, newest first; `since` keeps those about times from then on."""
    table = schema.alerts
    query = select(table).order_by(table.c.id.desc()).limit(limit)
    if since is not None:
        query = query.where(table.c.at >= since)
    return [alert_from_row(row._mapping) for row in connection.execute(query)]


def alert_from_row(row: Any) -> Alert:
    details = orjson.loads(row["details"])
    symbol = details.get("symbol") if isinstance(details, dict) else None
    return Alert(
        id=int(row["id"]),
        key=row["key"],
        rule=row["rule"],
        entity_id=row["entity_id"],
        symbol=symbol,
        article_id=None if row["article_id"] is None else int(row["article_id"]),
        at=float(row["at"]),
        message=row["message"],
        details=details if isinstance(details, dict) else {},
    )
