"""Serving the board from snapshots: reuse while fresh, recompute when stale, fall back to the
newest article's time for an archive."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select, update

from marketbuzz.board_cache import SNAPSHOT_TOP, BoardServer
from marketbuzz.master.load import SecurityMaster
from marketbuzz.novelty import fingerprint
from marketbuzz.pipeline import analyze
from marketbuzz.store import Incoming, Store, schema

TENCENT = "騰訊績後急升5%\n\n騰訊控股(00700)公布第三季業績,收入按年增長15%,股價急升5%。"
NVIDIA = "Nvidia shares climb\n\nNvidia shares rose 3% on Thursday on strong data-center demand."


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store.open(store_url)
    yield opened
    opened.close()


def _save(store: Store, master: SecurityMaster, text: str, when: dt.datetime) -> None:
    analysis = analyze(text, master=master)
    article = analysis.article
    store.save(
        Incoming(analysis, text, None, fingerprint(article.title, article.body), when), master
    )


def test_a_fresh_snapshot_is_served_and_a_stale_one_recomputed(
    store: Store, master: SecurityMaster
) -> None:
    _save(store, master, TENCENT, dt.datetime.now(dt.UTC))
    server = BoardServer(store, max_age=60)
    first = server.board(window=86400.0, market="all", top=5)
    assert first.reason == "now"
    assert [row.symbol for row in first.board.rows] == ["0700.HK"]
    _save(store, master, NVIDIA, dt.datetime.now(dt.UTC))
    cached = server.board(window=86400.0, market="all", top=5)
    assert cached.computed_at == first.computed_at  # the snapshot, not a new computation
    assert [row.symbol for row in cached.board.rows] == ["0700.HK"]
    with store.write() as connection:  # age the snapshot past max_age
        connection.execute(update(schema.board_snapshots).values(computed_at=time.time() - 61))
    fresh = server.board(window=86400.0, market="all", top=5)
    assert {row.symbol for row in fresh.board.rows} == {"0700.HK", "NVDA"}
    # Another process (another BoardServer) is served the same stored snapshot.
    other = BoardServer(store, max_age=60).board(window=86400.0, market="all", top=5)
    assert other.computed_at == fresh.computed_at


def test_snapshots_are_kept_per_window_and_market(store: Store, master: SecurityMaster) -> None:
    _save(store, master, TENCENT, dt.datetime.now(dt.UTC))
    _save(store, master, NVIDIA, dt.datetime.now(dt.UTC))
    server = BoardServer(store)
    us = server.board(window=86400.0, market="US", top=5)
    hk = server.board(window=86400.0, market="HK", top=5)
    week = server.board(window=7 * 86400.0, market="all", top=5)
    assert "NVDA" in [row.symbol for row in us.board.rows]  # Tencent's ADR is in US too
    assert [row.symbol for row in hk.board.rows] == ["0700.HK"]
    assert len(week.board.rows) == 2
    with store.read() as connection:
        keys = connection.execute(select(schema.board_snapshots.c.key)).scalars().all()
    assert len(keys) == 3


def test_an_archive_is_shown_as_of_its_newest_article(store: Store, master: SecurityMaster) -> None:
    long_ago = dt.datetime(2025, 11, 20, 8, tzinfo=dt.UTC)
    _save(store, master, TENCENT, long_ago)
    served = BoardServer(store).board(window=86400.0, market="all", top=5)
    assert served.reason == "latest"
    assert served.board.as_of == pytest.approx(long_ago.timestamp())
    assert [row.symbol for row in served.board.rows] == ["0700.HK"]
    without = BoardServer(store).board(window=86400.0, market="all", top=5, fallback=False)
    assert without.board.rows == ()


def test_a_board_as_of_a_time_or_longer_than_a_snapshot_is_computed(
    store: Store, master: SecurityMaster
) -> None:
    when = dt.datetime(2025, 11, 20, 8, tzinfo=dt.UTC)
    _save(store, master, TENCENT, when)
    server = BoardServer(store)
    served = server.board(window=3600.0, market="all", top=5, as_of=when.timestamp() + 60)
    assert served.reason == "requested"
    assert [row.symbol for row in served.board.rows] == ["0700.HK"]
    server.board(window=86400.0, market="all", top=SNAPSHOT_TOP + 1)
    with store.read() as connection:
        assert connection.execute(select(schema.board_snapshots.c.key)).first() is None


def test_new_articles_invalidate_the_stored_boards(store: Store, master: SecurityMaster) -> None:
    _save(store, master, TENCENT, dt.datetime.now(dt.UTC))
    server = BoardServer(store, max_age=3600)
    first = server.board(window=86400.0, market="all", top=5)
    _save(store, master, NVIDIA, dt.datetime.now(dt.UTC))
    server.invalidate()
    after = server.board(window=86400.0, market="all", top=5)
    assert after.computed_at > first.computed_at
    assert {row.symbol for row in after.board.rows} == {"0700.HK", "NVDA"}
