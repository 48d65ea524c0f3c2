"""The bundled demo corpus (samples/news/wire.jsonl) tells the story the README shows.

`marketbuzz ingest samples/` then `marketbuzz hot --as-of 2025-11-21T16:00:00+08:00` must show:
Xiaomi (1810.HK), quiet all week, bursting on the last day from many sources to the top of the
board; Nvidia, in the news every day, ranked below what its raw volume would give it; the brokers
whose notes are cited (Goldman Sachs, Morgan Stanley) kept off the board; a Traditional Chinese
story and its Simplified copy, and an English wire story and its lightly edited reprint, stored
as repeats.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, select

from marketbuzz.board import Board, compute_board
from marketbuzz.ingest.runner import Ingester, IngestReport
from marketbuzz.master.load import SecurityMaster
from marketbuzz.store import Store, schema

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
WIRE = SAMPLES / "news" / "wire.jsonl"
# The end of the last day's Hong Kong session: the moment the README's board is drawn at.
AS_OF = dt.datetime.fromisoformat("2025-11-21T16:00:00+08:00").timestamp()
DAY = 86_400.0
BURST = "1810.HK"  # Xiaomi: no story before 2025-11-21, then five from five sources
STEADY = "NVDA"  # named every day of the corpus
BROKERS = ("GS", "MS")  # cited as the source of notes only
REPEATS = {
    # a copy's title -> the first copy's title
    "腾讯第三季纯利胜预期 广告收入增长21%": "騰訊第三季純利勝預期 廣告收入增長21%",
    "Nvidia tops estimates, forecasts revenue above expectations": (
        "Nvidia beats estimates, forecasts revenue above expectations"
    ),
}


def _wire() -> list[dict[str, str]]:
    lines = WIRE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@dataclass(frozen=True, slots=True)
class Ingested:
    store: Store
    report: IngestReport


@pytest.fixture(scope="module")
def ingested(
    tmp_path_factory: pytest.TempPathFactory, master: SecurityMaster
) -> Iterator[Ingested]:
    path = tmp_path_factory.mktemp("corpus") / "demo.db"
    store = Store.open(str(path))
    report = Ingester(store, master).run([str(SAMPLES)])
    yield Ingested(store, report)
    store.close()


@pytest.fixture
def connection(ingested: Ingested) -> Iterator[Connection]:
    with ingested.store.read() as conn:
        yield conn


@pytest.fixture
def board(connection: Connection) -> Board:
    return compute_board(connection, as_of=AS_OF, window=DAY)


def test_the_corpus_is_well_formed() -> None:
    articles = _wire()
    assert 35 <= len(articles) <= 50
    for article in articles:
        assert set(article) == {"title", "body", "source", "published", "url"}
        published = dt.datetime.fromisoformat(article["published"])
        assert published.tzinfo is not None
        assert "2025-11-14" <= article["published"][:10] <= "2025-11-21"
    days = {article["published"][:10] for article in articles}
    assert len(days) == 8
    assert len({article["url"] for article in articles}) == len(articles)


def test_every_article_is_read_and_stored(ingested: Ingested, connection: Connection) -> None:
    assert ingested.report.failed == []
    titles = set(connection.execute(select(schema.articles.c.title)).scalars())
    assert {article["title"] for article in _wire()} <= titles


def test_every_article_links_an_instrument(connection: Connection) -> None:
    linked = (
        select(schema.articles.c.title, func.count(schema.mentions.c.id))
        .select_from(schema.articles.outerjoin(schema.mentions))
        .group_by(schema.articles.c.id, schema.articles.c.title)
    )
    counts = {row[0]: row[1] for row in connection.execute(linked)}
    unlinked = [a["title"] for a in _wire() if counts.get(a["title"], 0) == 0]
    assert unlinked == []


def test_the_copies_are_stored_as_repeats(connection: Connection) -> None:
    rows = connection.execute(
        select(schema.articles.c.title, schema.articles.c.id, schema.articles.c.repeat_of)
    ).all()
    ids = {title: article_id for title, article_id, _ in rows}
    repeat_of = {title: first_id for title, _, first_id in rows}
    for copy, first in REPEATS.items():
        assert repeat_of[first] is None
        assert repeat_of[copy] == ids[first], copy


def test_the_burst_tops_the_board_on_the_last_day(board: Board) -> None:
    ranked = [row.entity_id for row in board.rows]
    assert ranked[0] == BURST
    burst = board.rows[0]
    assert burst.change > 3
    assert burst.baseline == 0  # quiet before the last day
    assert burst.sources >= 3
    assert burst.articles >= 4
    assert burst.latest_move is not None
    assert burst.latest_move.direction == "up"
    assert burst.latest_move.value is not None
    assert burst.latest_move.value >= 10


def test_the_burst_was_quiet_before_the_last_day(connection: Connection) -> None:
    before = connection.execute(
        select(func.count())
        .select_from(schema.mentions)
        .where(schema.mentions.c.entity_id == BURST, schema.mentions.c.at < AS_OF - DAY)
    ).scalar_one()
    assert before == 0


def test_the_steady_name_ranks_below_its_volume(connection: Connection) -> None:
    board = compute_board(connection, as_of=AS_OF, window=DAY, top=100)
    rows = {row.entity_id: row for row in board.rows}
    steady = rows[STEADY]
    by_volume = sorted(board.rows, key=lambda row: -row.volume)
    assert [row.entity_id for row in by_volume[:2]] == [BURST, STEADY]
    assert steady.rank > 2  # its own history makes the same volume less news
    assert steady.baseline > max(row.baseline for row in board.rows if row.entity_id != STEADY)
    # Named on every day of the corpus (each article's own calendar day).
    published = connection.execute(
        select(schema.articles.c.published)
        .join(schema.mentions)
        .where(schema.mentions.c.entity_id == STEADY, schema.mentions.c.weight > 0)
    ).scalars()
    days = {value[:10] for value in published if value is not None}
    assert days >= {article["published"][:10] for article in _wire()}


def test_cited_brokers_are_not_hot(board: Board, connection: Connection) -> None:
    assert not {row.entity_id for row in board.rows} & set(BROKERS)
    # Named in several stories, yet at most a trace of buzz (see the report on role reading).
    full = compute_board(connection, as_of=AS_OF, window=DAY, top=100)
    for row in full.rows:
        if row.entity_id in BROKERS:
            assert row.volume < 0.2, row


@pytest.mark.parametrize("market", ["HK", "US", "CN", "crypto"])
def test_each_market_has_a_board(connection: Connection, market: str) -> None:
    board = compute_board(connection, as_of=AS_OF, window=DAY, market=market)
    assert board.rows
    leaders = {"HK": BURST, "US": STEADY, "CN": "300750.SZ", "crypto": "BTC-USD"}
    assert board.rows[0].entity_id == leaders[market]
