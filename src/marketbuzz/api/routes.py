"""The /api endpoints (docs/API.md is the contract). Database work runs in plain functions,
which FastAPI calls in its thread pool; only the alert stream (sse.py) is async."""

from __future__ import annotations

import datetime as dt
import time
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy import select

from marketbuzz.alerts import WatchlistError, alert_to_dict, recent_alerts, resolve_instrument
from marketbuzz.api.errors import (
    ERROR_RESPONSES,
    ApiInputError,
    JsonResponse,
    NotFoundError,
    ambiguous_or_unknown,
)
from marketbuzz.api.inputs import Body, article_from_body, clean_text, parse_time, read_body
from marketbuzz.api.lookup import suggest
from marketbuzz.api.state import ApiState, api_state, require_key, require_reader
from marketbuzz.board import (
    MARKETS,
    board_to_dict,
    compute_board,
    iso_utc,
    parse_window,
    row_to_dict,
)
from marketbuzz.master.model import Entity
from marketbuzz.novelty import fingerprint
from marketbuzz.pipeline import analyze
from marketbuzz.render import find_entities
from marketbuzz.serialize import analysis_to_dict
from marketbuzz.store import Incoming, schema
from marketbuzz.store.history import instrument_series, latest_events, latest_moves
from marketbuzz.store.queries import MAX_PAGE, get_article, search_articles

MAX_ID: Final = 2**63 - 1  # BIGINT; a larger id would overflow the database driver
MAX_OFFSET: Final = 1_000_000
MAX_QUERY: Final = 500
LANGUAGES: Final = ("en", "zh", "zh-Hant", "zh-Hans")

State = Annotated[ApiState, Depends(api_state)]
RequestBody = Annotated[Body, Depends(read_body)]

reads = APIRouter(dependencies=[Depends(require_reader)], responses=ERROR_RESPONSES)
writes = APIRouter(dependencies=[Depends(require_key)], responses=ERROR_RESPONSES)


@reads.post("/analyze", summary="Analyse an article (text, HTML or JSON); stores nothing")
def post_analyze(state: State, body: RequestBody) -> JsonResponse:
    article = article_from_body(body, state.settings.max_body)
    return JsonResponse(analysis_to_dict(analyze(article, master=state.master)))


@writes.post("/articles", summary="Ingest an article: analyse, fingerprint and store it")
def post_article(state: State, body: RequestBody) -> JsonResponse:
    article = article_from_body(body, state.settings.max_body)
    known = state.store.stored_articles([article])
    if known:  # sent before: answer without analysing it again
        return JsonResponse(_stored_result(state, known[0]))
    analysis = analyze(article, master=state.master)
    incoming = Incoming(
        analysis,
        _raw_text(body.data, article.encoding),
        "api",
        fingerprint(article.title, article.body),
        dt.datetime.now(dt.UTC),
    )
    with state.write_lock:
        saved = state.store.save(incoming, state.master)
    if saved.new:
        state.boards.invalidate()  # the next reader sees the new article on the board
    content = {
        "id": saved.article_id,
        "new": saved.new,
        "repeat_of": saved.repeat_of,
        "similarity": saved.similarity,
    }
    return JsonResponse(content, status_code=201 if saved.new else 200)


@reads.get("/articles", summary="Search articles, newest first")
def get_articles(  # noqa: PLR0917 (the query parameters are the interface)
    state: State,
    q: Annotated[str | None, Query(max_length=MAX_QUERY, description="full text")] = None,
    symbol: Annotated[str | None, Query(max_length=100)] = None,
    source: Annotated[str | None, Query(max_length=300)] = None,
    since: Annotated[str | None, Query(max_length=40)] = None,
    until: Annotated[str | None, Query(max_length=40)] = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> JsonResponse:
    text = clean_text(q, "q")
    wanted = clean_text(symbol, "symbol")
    entity_id = resolve(state, wanted).id if wanted else None
    lang = _check_language(clean_text(language, "language"))
    with state.store.read() as connection:
        page = search_articles(
            connection,
            text=text,
            entity_id=entity_id,
            source=clean_text(source, "source"),
            since=parse_time(since, "since"),
            until=parse_time(until, "until"),
            language=lang,
            limit=limit,
            offset=offset,
        )
    return JsonResponse(page.to_dict())


@reads.get("/articles/{article_id}", summary="One article with its analysis and repeat links")
def get_one_article(
    state: State, article_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> JsonResponse:
    with state.store.read() as connection:
        stored = get_article(connection, article_id)
    if stored is None:
        raise NotFoundError(f"there is no article {article_id}")
    return JsonResponse(stored.to_dict())


@reads.get("/instruments/{symbol}", summary="An instrument: buzz over time, moves, events")
def get_instrument(
    state: State,
    symbol: Annotated[str, Path(max_length=100)],
    window: Annotated[str, Query(max_length=20)] = "7d",
    buckets: Annotated[int, Query(ge=1, le=500)] = 28,
    as_of: Annotated[str | None, Query(max_length=40)] = None,
) -> JsonResponse:
    entity = resolve(state, clean_text(symbol, "symbol") or "")
    seconds = parse_window(window)
    moment = parse_time(as_of, "as_of")
    moment = time.time() if moment is None else moment
    with state.store.read() as connection:
        series = instrument_series(
            connection, entity.id, as_of=moment, window=seconds, buckets=buckets
        )
        moves = latest_moves(connection, entity.id, until=moment)
        events = latest_events(connection, entity.id, until=moment)
        articles = search_articles(connection, entity_id=entity.id, until=moment, limit=20)
        board = compute_board(
            connection, as_of=moment, window=seconds, entity_ids=[entity.id], top=1
        )
    content = {
        "instrument": instrument_dict(entity),
        "window": seconds,
        "as_of": moment,
        "as_of_iso": iso_utc(moment),
        "series": [bucket.to_dict() for bucket in series],
        "moves": moves,
        "events": events,
        "articles": [item.to_dict() for item in articles.items],
        "board": row_to_dict(board.rows[0]) if board.rows else None,
    }
    return JsonResponse(content)


@reads.get("/hot", summary="The 熱議股票 board")
def get_hot(
    state: State,
    window: Annotated[str, Query(max_length=20)] = "24h",
    market: Annotated[str, Query(max_length=10, description=" | ".join(MARKETS))] = "all",
    top: Annotated[int, Query(ge=1, le=200)] = 10,
    as_of: Annotated[str | None, Query(max_length=40)] = None,
) -> JsonResponse:
    seconds = parse_window(window)
    moment = parse_time(as_of, "as_of")
    # Without `as_of`: the board now, served from a snapshot at most a few seconds old; when
    # nothing is hot now (an archive, the bundled samples), the board as it stood when the
    # newest article came in (as_of_reason "latest").
    served = state.boards.board(window=seconds, market=market, top=top, as_of=moment)
    return JsonResponse({**board_to_dict(served.board), "as_of_reason": served.reason})


@reads.get("/alerts", summary="Fired alerts, newest first")
def get_alerts(
    state: State,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    since: Annotated[str | None, Query(max_length=40)] = None,
) -> JsonResponse:
    moment = parse_time(since, "since")
    with state.store.read() as connection:
        alerts = recent_alerts(connection, limit=limit, since=moment)
    return JsonResponse([alert_to_dict(alert) for alert in alerts])


@reads.get("/lookup", summary="Instruments by symbol, code or name (search suggestions)")
def get_lookup(
    state: State,
    q: Annotated[str, Query(max_length=100)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> JsonResponse:
    text = clean_text(q, "q")
    found = suggest(state.master, text, limit=limit) if text else []
    return JsonResponse(
        [
            {
                "id": entity.id,
                "symbol": entity.symbols[0] if entity.symbols else entity.id,
                "name": entity.name,
                "name_zh": entity.name_zh,
                "kind": entity.kind,
            }
            for entity in found
        ]
    )


@reads.get("/health", summary="Is the server up, and what does it serve")
def get_health(state: State) -> JsonResponse:
    return JsonResponse(
        {
            "status": "ok",
            "store": state.store.location,
            "articles": state.store.article_count(),
            "master_version": state.master.version,
        }
    )


def _raw_text(data: bytes, encoding: str | None) -> str:
    """The body as the reader decoded it (kept as the article's raw input)."""
    try:
        return data.decode(encoding or "utf-8", errors="replace")
    except LookupError:  # an encoding name Python does not know: the reader fell back too
        return data.decode("utf-8", errors="replace")


def _stored_result(state: ApiState, article_id: int) -> dict[str, Any]:
    articles = schema.articles
    with state.store.read() as connection:
        row = connection.execute(
            select(articles.c.repeat_of, articles.c.similarity).where(articles.c.id == article_id)
        ).one()
    return {
        "id": article_id,
        "new": False,
        "repeat_of": None if row.repeat_of is None else int(row.repeat_of),
        "similarity": row.similarity,
    }


def resolve(state: ApiState, query: str) -> Entity:
    """The one instrument a symbol, code or name means; 404 when none, 400 when several."""
    try:
        return resolve_instrument(state.master, query)
    except WatchlistError as exc:
        found_any = bool(query.strip()) and bool(find_entities(state.master, query, limit=1))
        raise ambiguous_or_unknown(query, exc, found_any) from None


def instrument_dict(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "name_zh": entity.name_zh,
        "kind": entity.kind,
        "symbols": list(entity.symbols),
        "listings": [
            {
                "symbol": listing.symbol,
                "market": listing.market,
                "exchange": listing.exchange,
                "currency": listing.currency,
                "code": listing.code,
            }
            for listing in entity.listings
        ],
    }


def _check_language(language: str | None) -> str | None:
    if language is None:
        return None
    for known in LANGUAGES:
        if language.casefold() == known.casefold():
            return known
    raise ApiInputError(f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}")


def api_router() -> APIRouter:
    """Every /api endpoint but the stream: reads (open unless private) and writes (a key)."""
    router = APIRouter(prefix="/api")
    router.include_router(reads)
    router.include_router(writes)
    return router
