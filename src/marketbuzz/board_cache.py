"""Serving the board to many readers: the last computed board, while it is fresh.

Ranking the board aggregates every mention in its window (tens of thousands for a day of a
busy wire, hundreds of thousands for a week), so a page that a hundred traders keep open
should not recompute it per request. `BoardServer.board` returns the stored snapshot for the
window and market when it was computed less than `max_age` seconds ago, and otherwise
computes it, stores it (`board_snapshots`, shared by every process on the store) and returns
it. Snapshots hold the top SNAPSHOT_TOP rows; a longer board, or one as of a given time, is
always computed.

When nothing was mentioned in the window ending now (an archive, the bundled samples), the
board is computed as of the newest stored article instead, and the reason says so.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace

import orjson
from sqlalchemy import Connection, func, select

from marketbuzz.board import Board, board_from_dict, board_to_dict, compute_board
from marketbuzz.store import Store, schema
from marketbuzz.store.engine import upsert

SNAPSHOT_TOP = 50
# A board at most this old is served as it is: the page refreshes every 30 s, and decay moves
# scores by about 1% a minute on a 24h board.
DEFAULT_MAX_AGE = 30.0


@dataclass(frozen=True, slots=True)
class Served:
    board: Board
    reason: str  # "now", "latest" (no news in the window ending now) or "requested"
    computed_at: float


@dataclass
class BoardServer:
    """Boards for one store. One per process; thread-safe (one computation per board at once)."""

    store: Store
    max_age: float = DEFAULT_MAX_AGE
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def board(
        self,
        *,
        window: float,
        market: str,
        top: int,
        as_of: float | None = None,
        fallback: bool = True,
    ) -> Served:
        if as_of is not None:
            with self.store.read() as connection:
                computed = compute_board(
                    connection, as_of=as_of, window=window, market=market, top=top
                )
            return Served(computed, "requested", time.time())
        if top > SNAPSHOT_TOP:
            return self._compute(window, market, top, fallback)
        key = f"{window:g}|{market.casefold()}|{int(fallback)}"
        fresh = self._fresh(key)
        if fresh is None:
            with self._lock(key):
                fresh = self._fresh(key)  # another thread may have just computed it
                if fresh is None:
                    fresh = self._compute(window, market, SNAPSHOT_TOP, fallback)
                    self._store(key, fresh)
        return replace(fresh, board=replace(fresh.board, rows=fresh.board.rows[:top]))

    def invalidate(self) -> None:
        """Forget every stored board (after new articles), so the next reader recomputes."""
        invalidate_boards(self.store)

    def _lock(self, key: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def _fresh(self, key: str) -> Served | None:
        snapshots = schema.board_snapshots
        with self.store.read() as connection:
            row = connection.execute(
                select(snapshots.c.computed_at, snapshots.c.reason, snapshots.c.payload).where(
                    snapshots.c.key == key
                )
            ).first()
        if row is None or time.time() - float(row[0]) > self.max_age:
            return None
        return Served(board_from_dict(orjson.loads(row[2])), str(row[1]), float(row[0]))

    def _compute(self, window: float, market: str, top: int, fallback: bool) -> Served:
        started = time.time()
        with self.store.read() as connection:
            board = compute_board(connection, window=window, market=market, top=top)
            if board.rows or not fallback:
                return Served(board, "now", started)
            newest = _newest_article_time(connection)
            if newest is None:
                return Served(board, "now", started)
            board = compute_board(connection, as_of=newest, window=window, market=market, top=top)
        return Served(board, "latest", started)

    def _store(self, key: str, served: Served) -> None:
        values = {
            "key": key,
            "computed_at": served.computed_at,
            "reason": served.reason,
            "payload": orjson.dumps(board_to_dict(served.board)).decode(),
        }
        with self.store.write() as connection:
            upsert(connection, schema.board_snapshots, values, "key")


def _newest_article_time(connection: Connection) -> float | None:
    newest = connection.execute(select(func.max(schema.articles.c.at))).scalar()
    return None if newest is None else float(newest)


def invalidate_boards(store: Store) -> None:
    """Drop the stored boards: called when an ingest run or an API write adds articles."""
    with store.write() as connection:
        connection.execute(schema.board_snapshots.delete())
