"""`GET /api/alerts/stream`: server-sent events for alerts stored after the client connected.

The stream polls the alerts table (id greater than the last one sent) about once a second, in
a worker thread so the event loop never waits on the database. It starts with a `: connected`
comment (so a client knows from when it will hear), sends `event: alert` for each new alert,
a `: keep-alive` comment every 15 s, and ends when the client goes away.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Final

import anyio
import orjson
from fastapi import APIRouter, Depends, Request
from sqlalchemy import func, select
from starlette.responses import StreamingResponse

from marketbuzz.alerts import Alert, alert_to_dict
from marketbuzz.alerts.model import alert_from_row
from marketbuzz.api.errors import ERROR_RESPONSES
from marketbuzz.api.state import ApiState, api_state, require_reader
from marketbuzz.store import Store, schema

POLL_SECONDS: Final = 1.0
KEEP_ALIVE_SECONDS: Final = 15.0
# Alerts sent per poll at most; more wait for the next poll (a burst never floods one write).
BATCH: Final = 100

router = APIRouter(prefix="/api", dependencies=[Depends(require_reader)], responses=ERROR_RESPONSES)


@router.get(
    "/alerts/stream",
    summary="New alerts as server-sent events",
    response_class=StreamingResponse,
)
async def stream_alerts(request: Request) -> StreamingResponse:
    state: ApiState = api_state(request)
    last_id = await anyio.to_thread.run_sync(newest_alert_id, state.store)
    return StreamingResponse(
        alert_events(request, state.store, last_id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def newest_alert_id(store: Store) -> int:
    with store.read() as connection:
        newest = connection.execute(select(func.max(schema.alerts.c.id))).scalar()
    return int(newest or 0)


def alerts_after(store: Store, last_id: int) -> list[Alert]:
    """Alerts with an id above `last_id`, oldest first."""
    table = schema.alerts
    query = select(table).where(table.c.id > last_id).order_by(table.c.id).limit(BATCH)
    with store.read() as connection:
        return [alert_from_row(row._mapping) for row in connection.execute(query)]


def format_event(alert: Alert) -> bytes:
    data = orjson.dumps(alert_to_dict(alert))
    return b"event: alert\nid: %d\ndata: %s\n\n" % (alert.id, data)


async def alert_events(request: Request, store: Store, last_id: int) -> AsyncIterator[bytes]:
    yield b": connected\n\n"
    quiet_since = time.monotonic()
    while not await request.is_disconnected():
        await anyio.sleep(POLL_SECONDS)
        fresh = await anyio.to_thread.run_sync(alerts_after, store, last_id)
        for alert in fresh:
            last_id = alert.id
            yield format_event(alert)
        if fresh:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= KEEP_ALIVE_SECONDS:
            quiet_since = time.monotonic()
            yield b": keep-alive\n\n"
