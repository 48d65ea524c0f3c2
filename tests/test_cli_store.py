"""The store commands end to end: ingest the demo corpus, then hot, search, watch and alerts."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from marketbuzz.cli import main
from tests.httpserver import LoopbackServer, serve

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# The demo corpus's last day (samples/news/wire.jsonl), Hong Kong afternoon.
LAST_DAY = "2025-11-21T16:00:00+08:00"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("demo") / "store.db")
    result = CliRunner().invoke(main, ["ingest", str(SAMPLES), "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    return db


def _json(*args: str) -> object:
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_hot_ranks_the_burst_first_and_prints_json_for_scripts(demo_db: str) -> None:
    board = _json("hot", "--db", demo_db, "--as-of", LAST_DAY, "--top", "5")
    assert isinstance(board, dict)
    rows = board["rows"]
    assert [row["rank"] for row in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["symbol"] == "1810.HK"
    assert rows[0]["change"] > 3
    assert rows[0]["headlines"]
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)


def test_hot_market_filter_keeps_only_that_market(demo_db: str) -> None:
    board = _json("hot", "--db", demo_db, "--as-of", LAST_DAY, "--market", "CN")
    assert isinstance(board, dict)
    symbols = [row["symbol"] for row in board["rows"]]
    assert symbols
    assert all(s.endswith((".SS", ".SZ", ".BJ")) for s in symbols)


def test_hot_table_names_the_board_and_its_rows(demo_db: str) -> None:
    result = CliRunner().invoke(main, ["hot", "--db", demo_db, "--as-of", LAST_DAY])
    assert result.exit_code == 0, result.output
    assert "熱議股票" in result.stdout
    assert "1810.HK" in result.stdout


def test_hot_rejects_a_nonsense_window(demo_db: str) -> None:
    result = CliRunner().invoke(main, ["hot", "--db", demo_db, "--window", "soon"])
    assert result.exit_code != 0
    assert "window" in result.output.lower()


def test_search_finds_chinese_words_in_either_script(demo_db: str) -> None:
    traditional = _json("search", "小米", "--db", demo_db)
    simplified = _json("search", "宁德", "--db", demo_db)
    assert isinstance(traditional, dict)
    assert isinstance(simplified, dict)
    assert traditional["total"] >= 5
    assert any("寧德" in item["title"] or "宁德" in item["title"] for item in simplified["items"])


WATCHLIST = """
instruments = ["小米集團", "NVDA"]

[rules]
move_pct = 5
burst = false
sentiment_flip = false
events = ["analyst_target"]
"""


def test_alerts_fire_once_for_a_watchlist(demo_db: str, tmp_path: Path) -> None:
    watchlist = tmp_path / "watch.toml"
    watchlist.write_text(WATCHLIST, encoding="utf-8")
    check = ("alerts", "--db", demo_db, "--watchlist", str(watchlist), "--as-of", LAST_DAY)
    first = _json(*check)
    again = _json(*check)
    assert isinstance(first, list)
    assert first
    assert {alert["entity_id"] for alert in first} <= {"1810.HK", "NVDA"}
    assert first == again  # listed again, not fired again


# Dated an hour ago: watch checks alerts as of now, and old news (max_age) does not alert.
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>港股快訊</title>
<item><guid>x-1</guid><title>美團急跌7% 外賣競爭加劇</title>
<pubDate>{published}</pubDate>
<description>美團(03690)股價今早急跌7%,報95元,市場憂慮外賣業務競爭加劇,多家券商下調盈利預測。</description>
</item></channel></rss>"""


@pytest.fixture
def feed_server() -> Iterator[LoopbackServer]:
    with serve() as server:
        an_hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        body = RSS.format(published=format_datetime(an_hour_ago, usegmt=True))
        server.route("/rss", body=body, content_type="application/rss+xml", etag='"a"')
        yield server


def test_watch_polls_ingests_and_alerts(feed_server: LoopbackServer, tmp_path: Path) -> None:
    db = str(tmp_path / "watch.db")
    alerts = tmp_path / "alerts.jsonl"
    command = [
        "watch",
        feed_server.url("/rss"),
        "--db",
        db,
        "--every",
        "1s",
        "--polls",
        "2",
        "--allow-private",
        "--watch",
        "美團",
        "--move-pct",
        "5",
        "--alerts-jsonl",
        str(alerts),
    ]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in alerts.read_text("utf-8").splitlines()]
    fired = [(line["entity_id"], line["rule"]) for line in lines]
    # The 7% drop and the forecast cut, each once although the feed was polled twice.
    assert sorted(fired) == [("3690.HK", "events"), ("3690.HK", "move_pct")]
    assert len(feed_server.requests_to("/rss")) == 2
    assert feed_server.requests_to("/rss")[1].headers.get("if-none-match") == '"a"'
