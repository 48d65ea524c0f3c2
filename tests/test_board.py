"""The 熱議股票 board: hand-computed rankings on small stores with known timestamps.

Rows go into real stores (SQLite files, and PostgreSQL where a server is available) through
SQLAlchemy, with known weights; the expected numbers are worked out here with the formula in
`marketbuzz.board`'s docstring. One test saves real analysed articles end to end.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marketbuzz.board import (
    MARKETS,
    SPARK_BUCKETS,
    Board,
    BoardError,
    board_to_dict,
    compute_board,
    parse_window,
)
from marketbuzz.errors import MarketbuzzError
from marketbuzz.master.load import SecurityMaster
from marketbuzz.novelty import fingerprint
from marketbuzz.pipeline import analyze
from marketbuzz.store import Incoming, Store, schema

# 2026-03-10 12:00 UTC: the board's "now" in every test.
AS_OF = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC).timestamp()
HOUR = 3600.0
DAY = 86_400.0
WINDOW = 24 * HOUR
TODAY = int(AS_OF // DAY)


def decay(hours_ago: float, window: float = WINDOW) -> float:
    """The formula's decay, written independently of the module: half-life = window / 4."""
    return float(0.5 ** (hours_ago * HOUR / (window / 4)))


def source_curve(x: float) -> float:
    return x if x <= 1 else 1 + math.log(x)


class Corpus:
    """Writes instruments, articles, mentions, moves and daily volumes with chosen numbers."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._sources: dict[str, int] = {}
        self._articles: dict[int, tuple[float, int | None]] = {}

    def instrument(
        self,
        entity_id: str,
        *,
        symbols: str | None = None,
        name: str | None = None,
        name_zh: str | None = None,
        markets: tuple[str, ...] = ("US",),
    ) -> None:
        with self.store.write() as connection:
            connection.execute(
                schema.instruments.insert(),
                {
                    "entity_id": entity_id,
                    "name": name or f"{entity_id} Inc.",
                    "name_zh": name_zh,
                    "kind": "equity",
                    "symbols": symbols or entity_id,
                    "in_us": "US" in markets,
                    "in_hk": "HK" in markets,
                    "in_cn": "CN" in markets,
                    "in_crypto": "crypto" in markets,
                },
            )

    def article(
        self,
        *,
        hours_ago: float,
        source: str | None = "Reuters",
        title: str | None = None,
        repeat_of: int | None = None,
    ) -> int:
        at = AS_OF - hours_ago * HOUR
        with self.store.write() as connection:
            source_id = self._source_id(connection, source)
            number = len(self._articles) + 1
            article_id = connection.execute(
                schema.articles.insert().returning(schema.articles.c.id),
                {
                    "identity": f"{number:064x}",
                    "content_hash": f"{number:064x}",
                    "title": title or f"story {number}",
                    "text": title or f"story {number}",
                    "raw": "",
                    "source_id": source_id,
                    "language": "en",
                    "at": at,
                    "ingested_at": at,
                    "repeat_of": repeat_of,
                },
            ).scalar_one()
        self._articles[int(article_id)] = (at, source_id)
        return int(article_id)

    def mention(
        self,
        article_id: int,
        entity_id: str,
        *,
        weight: float = 1.0,
        sentiment: float = 0.0,
        repeat: bool = False,
    ) -> None:
        at, source_id = self._articles[article_id]
        with self.store.write() as connection:
            connection.execute(
                schema.mentions.insert(),
                {
                    "article_id": article_id,
                    "entity_id": entity_id,
                    "at": at,
                    "source_id": source_id,
                    "relevance": weight,
                    "sentiment": sentiment,
                    "weight": weight,
                    "is_repeat": repeat,
                    "roles": "subject",
                    "count": 1,
                    "first_start": 0,
                },
            )

    def story(
        self,
        entity_id: str,
        *,
        hours_ago: float,
        weight: float = 1.0,
        source: str | None = "Reuters",
        sentiment: float = 0.0,
        title: str | None = None,
    ) -> int:
        """An article about one instrument."""
        article_id = self.article(hours_ago=hours_ago, source=source, title=title)
        self.mention(article_id, entity_id, weight=weight, sentiment=sentiment)
        return article_id

    def daily(self, entity_id: str, day: int, volume: float) -> None:
        with self.store.write() as connection:
            connection.execute(
                schema.buzz_daily.insert(),
                {"entity_id": entity_id, "day": day, "volume": volume, "articles": 1},
            )

    def move(
        self,
        article_id: int,
        entity_id: str,
        *,
        value: float,
        text: str,
        start: int = 0,
        qualifiers: str = "",
    ) -> None:
        at, _ = self._articles[article_id]
        with self.store.write() as connection:
            connection.execute(
                schema.moves.insert(),
                {
                    "article_id": article_id,
                    "entity_id": entity_id,
                    "at": at,
                    "symbol": entity_id,
                    "direction": "up" if value >= 0 else "down",
                    "value": abs(value),
                    "unit": "%",
                    "qualifiers": qualifiers,
                    "text": text,
                    "start": start,
                    "end": start + len(text),
                },
            )

    def board(self, **options: object) -> Board:
        options.setdefault("as_of", AS_OF)
        with self.store.read() as connection:
            return compute_board(connection, **options)  # type: ignore[arg-type]

    def _source_id(self, connection: object, name: str | None) -> int | None:
        if name is None:
            return None
        if name not in self._sources:
            self._sources[name] = int(
                connection.execute(  # type: ignore[attr-defined]
                    schema.sources.insert().returning(schema.sources.c.id), {"name": name}
                ).scalar_one()
            )
        return self._sources[name]


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[Corpus]:
    store = Store.open(str(tmp_path / "board.db"))
    try:
        yield Corpus(store)
    finally:
        store.close()


@pytest.fixture
def any_corpus(store_url: str) -> Iterator[Corpus]:
    """The same tests on SQLite and on PostgreSQL (skipped where no server is available)."""
    store = Store.open(store_url)
    try:
        yield Corpus(store)
    finally:
        store.close()


# --- the formula, by hand ---


def test_worked_example_by_hand(any_corpus: Corpus) -> None:
    """The module docstring's example, plus a third instrument with sentiment and no source."""
    c = any_corpus
    for entity_id in ("AAA", "BBB", "CCC"):
        c.instrument(entity_id)
    for hours, site in ((0, "Reuters"), (6, "Bloomberg"), (12, "明報")):
        c.story("AAA", hours_ago=hours, source=site)
    for _ in range(4):
        c.story("BBB", hours_ago=0, source="Wire")
    for day in range(TODAY - 8, TODAY - 1):  # 03-02 .. 03-08: the 7 days before the window
        c.daily("BBB", day, 10.0)
    c.daily("BBB", TODAY - 9, 1000.0)  # older than the baseline's 7 days: ignored
    c.daily("BBB", TODAY - 1, 1000.0)  # the window's own first day: not baseline
    # CCC: two sourceless articles (one source together) and one from Reuters.
    c.story("CCC", hours_ago=3, source=None, weight=0.8, sentiment=0.5)
    c.story("CCC", hours_ago=9, source=None, weight=0.6, sentiment=-1.0)
    c.story("CCC", hours_ago=18, source="Reuters", weight=0.5, sentiment=1.0)

    board = c.board(window=WINDOW)

    aaa_buzz = 1 + 0.5 + 0.25
    bbb_buzz = 1 + math.log(4)
    ccc_none = 0.8 * decay(3) + 0.6 * decay(9)
    ccc_buzz = source_curve(ccc_none) + 0.5 * decay(18)
    expected = {
        "AAA": (aaa_buzz, 3.0, 0.0),
        "BBB": (bbb_buzz, 4.0, 70.0 / 7),
        "CCC": (ccc_buzz, 1.9, 0.0),
    }
    by_id = {row.entity_id: row for row in board.rows}
    for entity_id, (buzz, volume, baseline) in expected.items():
        row = by_id[entity_id]
        change = (volume + 1) / (baseline + 1)
        assert row.buzz == pytest.approx(buzz, rel=1e-9)
        assert row.volume == pytest.approx(volume, rel=1e-9)
        assert row.baseline == pytest.approx(baseline, rel=1e-9)
        assert row.change == pytest.approx(change, rel=1e-9)
        assert row.score == pytest.approx(buzz * math.sqrt(change), rel=1e-9)
    assert by_id["AAA"].score == pytest.approx(3.5)
    assert by_id["BBB"].score == pytest.approx(1.6089, abs=1e-4)
    decayed = [0.8 * decay(3), 0.6 * decay(9), 0.5 * decay(18)]
    tone = (decayed[0] * 0.5 - decayed[1] + decayed[2]) / sum(decayed)
    assert by_id["CCC"].sentiment == pytest.approx(tone, rel=1e-9)
    assert (by_id["CCC"].articles, by_id["CCC"].sources) == (3, 2)
    assert (by_id["AAA"].articles, by_id["AAA"].sources) == (3, 3)
    assert (by_id["BBB"].articles, by_id["BBB"].sources) == (4, 1)
    scores = sorted(expected, key=lambda e: -by_id[e].score)
    assert [row.entity_id for row in board.rows] == scores
    assert [row.rank for row in board.rows] == [1, 2, 3]
    assert board.rows[0].entity_id == "AAA"


def test_ranking_matches_the_formula_on_a_random_corpus(corpus: Corpus) -> None:
    """The board only applies the source curve to instruments that can still make the top; the
    result must be what applying the formula to every instrument gives."""
    rng = random.Random(7)
    entities = [f"R{index:02d}" for index in range(40)]
    for entity_id in entities:
        corpus.instrument(entity_id)
        if rng.random() < 0.5:
            for day in range(TODAY - 8, TODAY - 1):
                corpus.daily(entity_id, day, rng.uniform(0, 6))
    mentions: list[tuple[str, float, float, str | None]] = []
    for _ in range(220):
        # Skewed: low-numbered instruments are talked about far more.
        entity_id = entities[min(int(rng.expovariate(1 / 6)), len(entities) - 1)]
        hours_ago = rng.uniform(-2, 30)
        weight = rng.choice([0.0, 0.25, rng.uniform(0.2, 1.0)])
        source = rng.choice(["A", "B", "C", "D", None])
        corpus.story(entity_id, hours_ago=hours_ago, weight=weight, source=source)
        mentions.append((entity_id, hours_ago, weight, source))

    def expected_score(entity_id: str) -> tuple[float, float]:
        per_source: dict[str | None, float] = {}
        volume = 0.0
        for mentioned, hours_ago, weight, source in mentions:
            if mentioned == entity_id and 0 <= hours_ago < 24 and weight > 0:
                per_source[source] = per_source.get(source, 0.0) + weight * decay(hours_ago)
                volume += weight
        if not per_source:
            return 0.0, 0.0
        with corpus.store.read() as connection:
            history = connection.execute(
                select(func.coalesce(func.sum(schema.buzz_daily.c.volume), 0.0)).where(
                    schema.buzz_daily.c.entity_id == entity_id,
                    schema.buzz_daily.c.day >= TODAY - 8,
                    schema.buzz_daily.c.day < TODAY - 1,
                )
            ).scalar_one()
        buzz = sum(source_curve(x) for x in per_source.values())
        return buzz * math.sqrt((volume + 1) / (float(history) / 7 + 1)), buzz

    expected = sorted(
        ((*expected_score(entity_id), entity_id) for entity_id in entities),
        key=lambda item: (-item[0], -item[1], item[2]),
    )
    board = corpus.board(top=5)

    assert [row.entity_id for row in board.rows] == [item[2] for item in expected[:5]]
    assert [row.score for row in board.rows] == pytest.approx([item[0] for item in expected[:5]])
    assert len(corpus.board(top=40).rows) == sum(1 for item in expected if item[0] > 0)


def test_sudden_burst_outranks_a_steady_stock_with_more_talk(corpus: Corpus) -> None:
    corpus.instrument("STEADY")
    corpus.instrument("BURST")
    for day in range(TODAY - 8, TODAY - 1):
        corpus.daily("STEADY", day, 40.0)  # 40 mentions' weight a day, every day
        corpus.daily("BURST", day, 0.5)
    for index in range(12):
        corpus.story("STEADY", hours_ago=index * 2, source=f"site{index % 6}")
    for index in range(6):
        corpus.story("BURST", hours_ago=index * 0.5, source=f"site{index}")

    rows = corpus.board().rows

    steady, burst = (next(r for r in rows if r.entity_id == e) for e in ("STEADY", "BURST"))
    assert steady.volume > burst.volume  # more talk about the steady one in absolute terms
    assert steady.buzz < burst.buzz * 2
    assert burst.change > 1 > steady.change
    assert [row.entity_id for row in rows] == ["BURST", "STEADY"]


def test_a_repeat_counts_less_and_collapses_into_one_headline(corpus: Corpus) -> None:
    corpus.instrument("ORIG")
    corpus.instrument("COPY")
    first = corpus.story("ORIG", hours_ago=2, source="Reuters", title="Original story")
    second = corpus.story("ORIG", hours_ago=1, source="Yahoo", title="Other story")
    copy = corpus.article(hours_ago=0, source="MarketWatch", title="Reprint", repeat_of=first)
    corpus.mention(copy, "ORIG", weight=0.25, repeat=True)  # weight reduced at save: a repeat
    # COPY: the same three articles' pattern, but all three are new stories.
    for hours, site in ((2, "Reuters"), (1, "Yahoo"), (0, "MarketWatch")):
        corpus.story("COPY", hours_ago=hours, source=site)

    rows = {row.entity_id: row for row in corpus.board().rows}

    assert rows["ORIG"].buzz == pytest.approx(decay(2) + decay(1) + 0.25)
    assert rows["ORIG"].buzz < rows["COPY"].buzz
    titles = [headline.title for headline in rows["ORIG"].headlines]
    # Two stories, not three: the reprint is a copy of the original, which is stronger.
    assert titles == ["Other story", "Original story"]
    assert [h.article_id for h in rows["ORIG"].headlines] == [second, first]
    assert len(rows["COPY"].headlines) == 3
    assert rows["COPY"].headlines[0].source == "MarketWatch"


def test_a_stronger_repeat_stands_for_its_story(corpus: Corpus) -> None:
    """A fresh reprint can outweigh its decayed original: the story shows once, as the reprint."""
    corpus.instrument("X")
    first = corpus.story("X", hours_ago=23, title="Old original", weight=1.0)
    copy = corpus.article(hours_ago=0, source="Yahoo", title="Fresh reprint", repeat_of=first)
    corpus.mention(copy, "X", weight=0.25, repeat=True)  # 0.25 now beats 1.0 * 2**(-23/6) = 0.07

    (row,) = corpus.board().rows

    assert [(h.title, h.is_repeat) for h in row.headlines] == [("Fresh reprint", True)]


def test_a_story_syndicated_many_times_still_leaves_room_for_others(any_corpus: Corpus) -> None:
    """Thirteen fresh reprints of one story outweigh two older stories; all three still show."""
    corpus = any_corpus
    corpus.instrument("WIRE")
    original = corpus.story("WIRE", hours_ago=2, source="Reuters", title="Wire story")
    for index in range(13):
        copy = corpus.article(
            hours_ago=index * 0.05, source=f"reprinter{index}", repeat_of=original
        )
        corpus.mention(copy, "WIRE", weight=0.25, repeat=True)
    corpus.story("WIRE", hours_ago=20, source="Bloomberg", title="Older story")
    corpus.story("WIRE", hours_ago=22, source="財新", title="Oldest story")

    (row,) = corpus.board().rows

    assert [h.title for h in row.headlines] == ["Wire story", "Older story", "Oldest story"]
    assert row.articles == 16


def test_many_sources_beat_one_source_flooding(corpus: Corpus) -> None:
    """One site's four stories add 1 + ln 4 = 2.39 to buzz; three sites' three stories add 3.

    (The change factor uses the undiminished volume, as the formula says, so a flood of five or
    more stories from one site against three sites' would still rank first: see the report.)
    """
    corpus.instrument("FLOOD")
    corpus.instrument("SPREAD")
    for _ in range(4):
        corpus.story("FLOOD", hours_ago=0, source="spam-site")
    for site in ("Reuters", "Bloomberg", "財新"):
        corpus.story("SPREAD", hours_ago=0, source=site)

    rows = corpus.board().rows

    assert [row.entity_id for row in rows] == ["SPREAD", "FLOOD"]
    assert rows[0].buzz == pytest.approx(3.0)
    assert rows[1].buzz == pytest.approx(1 + math.log(4))
    assert rows[1].volume == pytest.approx(4.0)
    assert rows[0].score == pytest.approx(3.0 * math.sqrt(4))
    assert rows[1].score == pytest.approx((1 + math.log(4)) * math.sqrt(5))


def test_mentions_outside_the_window_or_after_as_of_are_ignored(any_corpus: Corpus) -> None:
    corpus = any_corpus
    corpus.instrument("IN")
    corpus.instrument("OUT")
    corpus.story("IN", hours_ago=0, weight=0.5)  # exactly at as_of: counts
    corpus.story("IN", hours_ago=23.5, weight=0.5)
    corpus.story("IN", hours_ago=24, weight=5.0)  # exactly as_of - window: outside
    corpus.story("IN", hours_ago=-0.01, weight=5.0)  # after as_of
    corpus.story("OUT", hours_ago=30)
    corpus.story("OUT", hours_ago=-2)
    corpus.story("IN", hours_ago=1, weight=0.0)  # a broker only cited: weight 0

    board = corpus.board()

    (row,) = board.rows
    assert row.entity_id == "IN"
    assert row.volume == pytest.approx(1.0)
    assert row.articles == 2
    assert row.buzz == pytest.approx(0.5 + 0.5 * decay(23.5))
    assert sum(row.spark) == pytest.approx(1.0)
    # The mention at as_of is in the last slice, the one 23.5h old in the first.
    assert row.spark[-1] == pytest.approx(0.5)
    assert row.spark[0] == pytest.approx(0.5)
    assert len(row.spark) == SPARK_BUCKETS


def test_window_length_sets_decay_and_baseline(corpus: Corpus) -> None:
    corpus.instrument("W")
    corpus.story("W", hours_ago=6, source="Reuters")
    corpus.story("W", hours_ago=30, source="Bloomberg")
    for day in range(TODAY - 14, TODAY - 7):  # the 7 days before the 7d window's first day
        corpus.daily("W", day, 1.0)

    week = corpus.board(window=parse_window("7d")).rows[0]
    hour = corpus.board(window=parse_window("1h")).rows

    assert week.buzz == pytest.approx(decay(6, 7 * DAY) + decay(30, 7 * DAY))
    assert week.baseline == pytest.approx(7.0)  # 1 a day, a 7-day window
    assert hour == ()


def test_market_filter_keeps_dual_listed_companies_in_both(any_corpus: Corpus) -> None:
    corpus = any_corpus
    corpus.instrument("BABA", symbols="BABA 9988.HK", markets=("US", "HK"))
    corpus.instrument("0700.HK", symbols="0700.HK", markets=("HK",))
    corpus.instrument("600519.SS", symbols="600519.SS", markets=("CN",))
    corpus.instrument("BTC", symbols="BTC", markets=("crypto",))
    for entity_id in ("BABA", "0700.HK", "600519.SS", "BTC"):
        corpus.story(entity_id, hours_ago=1)

    def ids(market: str) -> set[str]:
        return {row.entity_id for row in corpus.board(market=market).rows}

    assert ids("all") == {"BABA", "0700.HK", "600519.SS", "BTC"}
    assert ids("US") == {"BABA"}
    assert ids("HK") == {"BABA", "0700.HK"}
    assert ids("CN") == {"600519.SS"}
    assert ids("crypto") == {"BTC"}
    assert ids("hk") == {"BABA", "0700.HK"}  # the market is case-blind
    assert corpus.board(market="us").market == "US"
    with pytest.raises(BoardError, match="unknown market 'EU'"):
        corpus.board(market="EU")


def test_entity_ids_limit_the_board_and_top_cuts_it(corpus: Corpus) -> None:
    for index in range(5):
        corpus.instrument(f"S{index}")
        for _ in range(index + 1):
            corpus.story(f"S{index}", hours_ago=1, source=f"site{_}")

    assert [row.entity_id for row in corpus.board(top=2).rows] == ["S4", "S3"]
    watched = corpus.board(entity_ids={"S0", "S2", "NOT-MENTIONED"})
    assert [row.entity_id for row in watched.rows] == ["S2", "S0"]
    assert corpus.board(entity_ids=[]).rows == ()
    with pytest.raises(BoardError):
        corpus.board(top=0)


def test_ties_go_to_higher_buzz_then_entity_id(corpus: Corpus) -> None:
    for entity_id in ("ZZZ", "AAA", "MMM"):
        corpus.instrument(entity_id)
        corpus.story(entity_id, hours_ago=2)

    assert [row.entity_id for row in corpus.board().rows] == ["AAA", "MMM", "ZZZ"]


def test_row_details_latest_move_instrument_and_json(any_corpus: Corpus) -> None:
    corpus = any_corpus
    corpus.instrument("0700.HK", symbols="0700.HK 700.HK", name="Tencent", name_zh="騰訊控股")
    old = corpus.story("0700.HK", hours_ago=5, title="騰訊跌2%", sentiment=-0.5)
    new = corpus.story("0700.HK", hours_ago=1, title="騰訊升3%", sentiment=0.6)
    stale = corpus.story("0700.HK", hours_ago=30, title="older")
    corpus.move(old, "0700.HK", value=-2.0, text="跌2%")
    corpus.move(new, "0700.HK", value=3.0, text="升3%")
    corpus.move(stale, "0700.HK", value=9.0, text="outside the window")

    board = corpus.board()

    (row,) = board.rows
    assert (row.symbol, row.name, row.name_zh, row.kind) == (
        "0700.HK",
        "Tencent",
        "騰訊控股",
        "equity",
    )
    assert row.latest_move is not None
    assert (row.latest_move.article_id, row.latest_move.direction) == (new, "up")
    assert row.latest_move.value == pytest.approx(3.0)
    assert row.headlines[0].title == "騰訊升3%"
    data = board_to_dict(board)
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text)["rows"][0]["latest_move"]["text"] == "升3%"
    assert data["as_of_iso"] == "2026-03-10T12:00:00+00:00"
    assert data["market"] == "all"


def test_the_latest_move_is_where_the_stock_ended_not_an_intraday_extreme(
    corpus: Corpus,
) -> None:
    """英偉達回落3% ... 早段一度急升5%: the board shows the fall the headline reports."""
    corpus.instrument("NVDA")
    article = corpus.story("NVDA", hours_ago=1, title="英偉達業績後回落3%")
    corpus.move(article, "NVDA", value=-3.0, text="回落3%", start=5)
    corpus.move(article, "NVDA", value=5.0, text="一度急升5%", start=40, qualifiers="at_one_point")
    corpus.move(article, "NVDA", value=2.0, text="收市前升2%", start=80)

    (row,) = corpus.board().rows
    assert row.latest_move is not None
    assert (row.latest_move.direction, row.latest_move.text) == ("down", "回落3%")


def test_empty_store_gives_an_empty_board(corpus: Corpus) -> None:
    board = corpus.board()

    assert board.rows == ()
    assert board.as_of == AS_OF
    assert board_to_dict(board)["rows"] == []


def test_as_of_defaults_to_now(corpus: Corpus) -> None:
    corpus.instrument("NOW")
    with corpus.store.read() as connection:
        board = compute_board(connection)
    assert abs(board.as_of - dt.datetime.now(dt.UTC).timestamp()) < 60


# --- parse_window ---


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("24h", 86400),
        ("90m", 5400),
        ("7d", 604800),
        ("1w", 604800),
        (" 1.5H ", 5400),
        ("12", 43200),
        ("90d", 90 * 86400),
    ],
)
def test_parse_window(text: str, seconds: float) -> None:
    assert parse_window(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "h", "0h", "-3h", "24x", "91d", "1 day", "24h 3m", "nan"])
def test_parse_window_rejects_nonsense(text: str) -> None:
    with pytest.raises(MarketbuzzError) as raised:
        parse_window(text)
    assert "window" in raised.value.message


def test_markets_constant() -> None:
    assert MARKETS == ("all", "US", "HK", "CN", "crypto")


# --- end to end: real analysed articles saved by the store ---

NEWS = [
    {
        "title": "騰訊控股(00700)股價急升5%",
        "text": "騰訊控股(00700)今日股價急升5%，收報380港元，市場憧憬遊戲業務回暖。"
        "分析師指騰訊季度業績勝預期，多家券商上調目標價。",
        "source": "明報",
        "published": "2026-03-10T18:00:00+08:00",
    },
    {
        "title": "騰訊季度盈利勝預期 遊戲收入增長",
        "text": "騰訊控股公布季度業績，盈利按年增長，遊戲收入表現強勁，股價午後再升。",
        "source": "經濟日報",
        "published": "2026-03-10T19:00:00+08:00",
    },
    {
        "title": "腾讯控股(00700)股价急升5%",  # the first story in Simplified: a repeat
        "text": "（新浪财经讯）腾讯控股(00700)今日股价急升5%，收报380港元，市场憧憬游戏业务回暖。"
        "分析师指腾讯季度业绩胜预期，多家券商上调目标价。",
        "source": "新浪財經",
        "published": "2026-03-10T18:30:00+08:00",
    },
    {
        "title": "NVIDIA shares jump 4% on AI demand",
        "text": "NVIDIA shares rose 4% on Tuesday after the chipmaker raised its revenue "
        "forecast on strong AI demand.",
        "source": "Reuters",
        "published": "2026-03-10T02:00:00Z",
    },
]


def test_end_to_end_with_analysed_articles(tmp_path: Path, master: SecurityMaster) -> None:
    store = Store.open(str(tmp_path / "news.db"))
    try:
        ingested = dt.datetime(2026, 3, 10, 11, 30, tzinfo=dt.UTC)
        saved = []
        for record in NEWS:
            analysis = analyze(record, master=master)
            print_ = fingerprint(analysis.article.title, analysis.article.body)
            saved.append(
                store.save(Incoming(analysis, json.dumps(record), None, print_, ingested), master)
            )
        with store.read() as connection:
            board = compute_board(connection, as_of=AS_OF, window=WINDOW)
            hk = compute_board(connection, as_of=AS_OF, window=WINDOW, market="HK")
            repeats = connection.execute(
                select(schema.articles.c.repeat_of).where(
                    schema.articles.c.id == saved[2].article_id
                )
            ).scalar_one()
    finally:
        store.close()

    order = [row.entity_id for row in board.rows]
    assert order[:2] == ["0700.HK", "NVDA"]
    tencent = board.rows[0]
    assert tencent.symbol.startswith("0700")
    assert tencent.name_zh == "騰訊控股"
    assert tencent.sources == 3
    assert tencent.sentiment > 0
    assert tencent.latest_move is not None
    assert tencent.latest_move.value == pytest.approx(5.0)
    # The Simplified copy (with a by-line) is a repeat: it counts a quarter, and its story
    # shows once among the headlines.
    assert repeats == saved[0].article_id
    assert tencent.articles == 3
    assert len(tencent.headlines) == 2
    assert tencent.volume < 3
    assert board.rows[1].latest_move is not None
    assert [row.entity_id for row in hk.rows] == ["0700.HK"]
