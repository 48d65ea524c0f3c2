"""Hot board latency (`compute_board`) with a million stored mentions, on one core.

    .venv/bin/python bench/bench_board.py [--mentions 1000000] [--db PATH|URL] [--runs 50]
                                          [--rebuild] [--explain]

Builds (once; reused while it holds --mentions mentions, or with --rebuild) a store through
`Store.open`, so the real schema and indexes: ~3,000 instruments, --mentions synthetic mentions
over 30 days from ~60 sources, in time order as an ingest would store them. Talk is skewed like
news is: a Zipf-like share per instrument (a few always in the news, a long tail), 1-3
instruments per article, a fifth of articles repeats (a quarter weight), some broker-only
mentions (weight 0), a few instruments bursting in the last day, one reported move in ten
articles, and `buzz_daily` filled from the same mentions. Rows go in with executemany in big
transactions (it is a latency benchmark, not an ingest one).

Then, per window (1h, 24h, 7d) and market (all, US, HK, CN, crypto): one warm-up call, then
--runs timed calls of `compute_board(top=10)` on one open connection; prints p50/p95 in ms.
`--explain` prints SQLite's plans for the ranking statements. `--db postgresql://...` runs the
same on PostgreSQL (an empty database is filled).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, Table, func, select, text

from marketbuzz.board import compute_board
from marketbuzz.store import Store, schema

DAY = 86_400.0
DAYS = 30
INSTRUMENTS = 3_000
SOURCES = 60
CHUNK = 50_000
# "Now" for the board: the end of the generated month.
AS_OF = 1_773_144_000.0  # 2026-03-10 12:00 UTC
WINDOWS = {"1h": 3_600.0, "24h": DAY, "7d": 7 * DAY}
MARKETS = ("all", "US", "HK", "CN", "crypto")
DEFAULT_DB = Path("/tmp/marketbuzz-bench-board.db")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--db", default=str(DEFAULT_DB), help="a file path or a postgresql:// URL")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true", help="delete and rebuild a SQLite file")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    if args.rebuild and "://" not in args.db:
        for suffix in ("", "-wal", "-shm"):
            Path(args.db + suffix).unlink(missing_ok=True)
    store = Store.open(args.db)
    try:
        with store.read() as connection:
            stored = _count(connection, schema.mentions)
        if stored != args.mentions:
            if stored:
                raise SystemExit(
                    f"{store.location} holds {stored:,} mentions, not {args.mentions:,}:"
                    " use --rebuild (SQLite) or an empty database"
                )
            started = time.perf_counter()
            with store.write() as connection:
                _fill(connection, args.mentions, np.random.default_rng(4))
            if store.dialect == "postgresql":
                with store.write() as connection:
                    connection.exec_driver_sql("ANALYZE")  # what autovacuum would do soon
            print(f"built {args.mentions:,} mentions in {time.perf_counter() - started:.1f} s")
        print(f"store: {store.location} ({store.dialect})")
        with store.read() as connection:
            if args.explain:
                _explain(connection)
            _time_boards(connection, args.runs)
        _time_served(store, args.runs)
    finally:
        store.close()


def _count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


# --- timing ---


def _time_boards(connection: Connection, runs: int) -> None:
    print(f"{'window':>6} {'market':>7} {'rows':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, window in WINDOWS.items():
        for market in MARKETS:
            board = compute_board(connection, as_of=AS_OF, window=window, market=market)
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                compute_board(connection, as_of=AS_OF, window=window, market=market)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            print(
                f"{label:>6} {market:>7} {len(board.rows):>5} {statistics.median(timings):8.1f}"
                f" {p95:8.1f} {timings[-1]:8.1f}"
            )


def _time_served(store: Store, runs: int) -> None:
    """What readers of the page and `hot` get: `BoardServer` serves the stored board while it
    is fresh (marketbuzz.board_cache), so a reader pays the computation above at most once per
    max_age per window and market. Timed: the served calls after the first."""
    from marketbuzz.board_cache import BoardServer, invalidate_boards

    invalidate_boards(store)
    server = BoardServer(store, max_age=3600.0)
    print("served (a stored board while fresh):")
    print(f"{'window':>6} {'market':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, window in WINDOWS.items():
        for market in MARKETS:
            server.board(window=window, market=market, top=10)  # computes and stores it
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                server.board(window=window, market=market, top=10)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            print(
                f"{label:>6} {market:>7} {statistics.median(timings):8.1f} {p95:8.1f}"
                f" {timings[-1]:8.1f}"
            )
    invalidate_boards(store)


def _explain(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        print("--explain: SQLite only")
        return
    from marketbuzz import board as board_module

    parameters = board_module._parameters(AS_OF, DAY)
    parameters["shown"] = ["E00000", "E00001"]
    statements = {
        "totals (24h, US)": board_module._totals_statement("US", False),
        "buzz (2 instruments)": board_module._buzz_statement(),
    }
    for label, statement in statements.items():
        compiled = statement.params(parameters).compile(
            connection, compile_kwargs={"literal_binds": True, "render_postcompile": True}
        )
        print(f"  {label}:")
        for row in connection.execute(text(f"EXPLAIN QUERY PLAN {compiled}")):
            print("    plan:", row[-1])


# --- the synthetic store ---


def _fill(connection: Connection, mentions: int, rng: np.random.Generator) -> None:
    instruments = _instruments(rng)
    _insert(connection, schema.instruments, instruments)
    _insert(
        connection,
        schema.sources,
        [{"id": i + 1, "name": f"source {i + 1}"} for i in range(SOURCES)],
    )
    ids = [row["entity_id"] for row in instruments]
    for articles, mention_rows, moves in _batches(rng, ids, mentions):
        _insert(connection, schema.articles, articles)
        _insert(connection, schema.mentions, mention_rows)
        _insert(connection, schema.moves, moves)
    _fill_daily(connection)


def _instruments(rng: np.random.Generator) -> list[dict[str, Any]]:
    rows = []
    for index in range(INSTRUMENTS):
        market = rng.choice(["US", "HK", "CN", "crypto", "US+HK"], p=[0.4, 0.25, 0.28, 0.02, 0.05])
        rows.append(
            {
                "entity_id": f"E{index:05d}",
                "name": f"Company {index}",
                "name_zh": f"公司{index}",
                "kind": "crypto" if market == "crypto" else "equity",
                "symbols": f"S{index}",
                "in_us": "US" in market,
                "in_hk": "HK" in market,
                "in_cn": market == "CN",
                "in_crypto": market == "crypto",
            }
        )
    return rows


def _batches(
    rng: np.random.Generator, ids: list[str], mentions: int
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]]:
    """Articles in time order, 1-3 mentions each, until `mentions` mentions exist."""
    # Zipf-like popularity: instrument k gets a share proportional to 1 / (k + 10).
    popularity = 1.0 / (np.arange(len(ids)) + 10.0)
    popularity /= popularity.sum()
    bursting = set(rng.choice(len(ids), size=20, replace=False).tolist())
    per_article = rng.choice([1, 2, 3], size=mentions, p=[0.6, 0.3, 0.1])
    counts = per_article[np.cumsum(per_article) <= mentions]
    if counts.sum() < mentions:
        counts = np.append(counts, mentions - counts.sum())
    times = np.sort(rng.uniform(AS_OF - DAYS * DAY, AS_OF, size=len(counts)))
    articles: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    moves: list[dict[str, Any]] = []
    for article_id, (at, count) in enumerate(
        zip(times.tolist(), counts.tolist(), strict=True), start=1
    ):
        recent = at > AS_OF - DAY
        chosen = _pick(rng, popularity, int(count), bursting if recent else set())
        source_id = int(rng.integers(1, SOURCES + 1)) if rng.random() > 0.05 else None
        repeat = article_id > 10 and rng.random() < 0.2
        digest = hashlib.sha256(str(article_id).encode()).hexdigest()
        articles.append(
            {
                "id": article_id,
                "identity": digest,
                "content_hash": digest,
                "title": f"Headline {article_id}",
                "text": f"Headline {article_id}",
                "raw": "",
                "source_id": source_id,
                "language": "en",
                "at": at,
                "ingested_at": at,
                "repeat_of": int(rng.integers(max(1, article_id - 500), article_id))
                if repeat
                else None,
            }
        )
        for position, index in enumerate(chosen):
            relevance = float(rng.uniform(0.3, 1.0))
            broker = rng.random() < 0.05
            weight = 0.0 if broker else relevance * (0.25 if repeat else 1.0)
            rows.append(
                {
                    "article_id": article_id,
                    "entity_id": ids[index],
                    "at": at,
                    "source_id": source_id,
                    "relevance": relevance,
                    "sentiment": float(rng.uniform(-1, 1)),
                    "weight": weight,
                    "is_repeat": repeat,
                    "roles": "source" if broker else "subject",
                    "count": 1,
                    "first_start": position * 10,
                }
            )
            if position == 0 and rng.random() < 0.1:
                moves.append(_move(article_id, ids[index], at, float(rng.normal(0, 3))))
        if len(rows) >= CHUNK:
            yield articles, rows, moves
            articles, rows, moves = [], [], []
    if articles:
        yield articles, rows, moves


def _pick(
    rng: np.random.Generator, popularity: np.ndarray, count: int, bursting: set[int]
) -> list[int]:
    first = [int(rng.choice(sorted(bursting)))] if bursting and rng.random() < 0.05 else []
    drawn = rng.choice(len(popularity), size=count + 2, p=popularity).tolist()
    chosen = list(dict.fromkeys(first + [int(i) for i in drawn]))
    return chosen[:count]


def _earlier(rng: np.random.Generator, article_id: int) -> int:
    """A recent earlier article: the story this one repeats."""
    return int(rng.integers(max(1, article_id - 500), article_id))


def _move(article_id: int, entity_id: str, at: float, value: float) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "entity_id": entity_id,
        "at": at,
        "symbol": entity_id,
        "direction": "up" if value >= 0 else "down",
        "value": round(abs(value), 2),
        "unit": "%",
        "qualifiers": "",
        "text": f"{'up' if value >= 0 else 'down'} {abs(value):.2f}%",
        "start": 0,
        "end": 10,
    }


def _fill_daily(connection: Connection) -> None:
    m = schema.mentions
    day = func.floor(m.c.at / DAY)
    connection.execute(
        schema.buzz_daily.insert().from_select(
            ["entity_id", "day", "volume", "articles"],
            select(m.c.entity_id, day, func.sum(m.c.weight), func.count()).group_by(
                m.c.entity_id, day
            ),
        )
    )


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        connection.execute(table.insert(), rows[start : start + CHUNK])


if __name__ == "__main__":
    main()
