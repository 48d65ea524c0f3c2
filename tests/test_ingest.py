"""`marketbuzz ingest`: files, folders, JSONL, pages and feeds over real HTTP, into a real store."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from marketbuzz.cli import main
from marketbuzz.ingest.runner import BATCH_SIZE
from marketbuzz.store import Store, schema
from tests.httpserver import LoopbackServer, Reply, conditional_reply, serve

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>港股快訊</title><link>http://example.com/</link><language>zh-hk</language>
<item><guid>hk-1</guid><title>騰訊績後急升5%</title><link>http://example.com/1</link>
<pubDate>Thu, 09 Oct 2025 02:30:00 GMT</pubDate>
<content:encoded><![CDATA[<p>騰訊控股(00700)公布第三季業績,收入按年增長15%,股價今早急升5%,報650元。</p>
<p>分析師指遊戲及廣告業務表現強勁,多家券商上調目標價。</p>]]></content:encoded></item>
<item><guid>hk-2</guid><title>京東物流擴張歐洲業務</title><link>http://example.com/2</link>
<pubDate>Thu, 09 Oct 2025 03:00:00 GMT</pubDate>
<description>京東集團(09618)旗下京東物流宣布在德國及荷蘭開設新倉庫,股價微升1%。</description></item>
</channel></rss>"""

PAGE = """<!doctype html><html><head><title>Nvidia shares climb after Goldman raises target</title>
<meta property="og:site_name" content="Market Wire"></head><body><article>
<h1>Nvidia shares climb after Goldman raises target</h1>
<p>Nvidia shares rose 3% on Thursday after Goldman Sachs raised its price target to $200,
citing strong data-center demand from cloud providers and sovereign AI projects.</p>
<p>The stock has gained more than 40% this year, making it one of the best performers in the
Philadelphia semiconductor index.</p></article>
<footer>Copyright Market Wire. All rights reserved.</footer></body></html>"""


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with serve() as running:
        yield running


def _ingest(*args: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(main, ["ingest", "--format", "json", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def _failures(report: dict[str, object]) -> list[dict[str, str]]:
    failed = report["failed"]
    assert isinstance(failed, list)
    return failed


def _titles(db: str) -> list[str]:
    store = Store.open(db)
    with store.read() as connection:
        titles = [row[0] for row in connection.execute(select(schema.articles.c.title)).all()]
    store.close()
    return titles


def test_a_folder_is_ingested_once_and_a_second_run_finds_duplicates(
    store_url: str, master: object
) -> None:
    code, first = _ingest(str(SAMPLES), "--db", store_url)
    assert code == 0
    samples = [p for p in SAMPLES.rglob("*") if p.suffix in {".txt", ".html", ".json"}]
    archived = sum(len(p.read_text("utf-8").splitlines()) for p in SAMPLES.rglob("*.jsonl"))
    expected = len(samples) + archived
    assert first["read"] == expected
    assert first["new"] == expected
    assert first["failed"] == []
    code, second = _ingest(str(SAMPLES), "--db", store_url)
    assert code == 0
    assert second["new"] == 0
    assert second["duplicate"] == expected
    assert len(_titles(store_url)) == expected


def test_failures_are_reported_with_reasons_and_the_rest_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "比亞迪股價急升\n\n比亞迪(01211)股價今日急升6%,報120元。", encoding="utf-8"
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x89PNG\x00" * 50)
    (folder / "lines.jsonl").write_text(
        json.dumps({"title": "Apple tops estimates", "body": "Apple shares rose 2% after results."})
        + "\n{not json\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "store.db")
    code, report = _ingest(str(folder), str(tmp_path / "missing.txt"), "--db", db)
    assert code == 1
    failed = _failures(report)
    reasons = {Path(f["item"].split(":")[0]).name: f["reason"] for f in failed}
    assert set(reasons) == {"empty.txt", "binary.txt", "lines.jsonl", "missing.txt"}
    assert "NUL" in str(reasons["binary.txt"]) or "binary" in str(reasons["binary.txt"]).lower()
    assert report["new"] == 2
    assert sorted(_titles(db)) == ["Apple tops estimates", "比亞迪股價急升"]


def test_pages_and_feeds_over_http_with_conditional_requests(
    server: LoopbackServer, tmp_path: Path
) -> None:
    server.handle(
        "/feed.xml",
        conditional_reply(
            Reply(200, RSS, {"Content-Type": "application/rss+xml; charset=utf-8"}),
            etag='"v1"',
            last_modified=None,
        ),
    )
    server.route("/story.html", body=PAGE, content_type="text/html; charset=utf-8")
    db = str(tmp_path / "store.db")
    feed, page = server.url("/feed.xml"), server.url("/story.html")
    code, first = _ingest(feed, page, "--db", db, "--allow-private")
    assert code == 0, first
    assert first["new"] == 3
    titles = _titles(db)
    assert {"騰訊績後急升5%", "京東物流擴張歐洲業務"} <= set(titles)
    assert any("Nvidia" in title for title in titles)
    code, second = _ingest(feed, "--db", db, "--allow-private")
    assert second["unchanged_feeds"] == [feed]
    assert second["read"] == 0
    assert server.requests_to("/feed.xml")[-1].headers.get("if-none-match") == '"v1"'


def test_feed_entries_seen_before_are_not_read_again(
    server: LoopbackServer, tmp_path: Path
) -> None:
    server.route("/feed.xml", body=RSS, content_type="application/rss+xml")  # no validators
    db = str(tmp_path / "store.db")
    _ingest(server.url("/feed.xml"), "--db", db, "--allow-private")
    code, again = _ingest(server.url("/feed.xml"), "--db", db, "--allow-private")
    assert code == 0
    assert again["skipped"] == 2
    assert again["read"] == 0


def test_hostile_urls_fail_clearly_and_lose_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    _ingest(str(SAMPLES / "us_market_close.txt"), "--db", db)
    code, report = _ingest(
        "http://127.0.0.1:9/admin", "http://169.254.169.254/latest/meta-data/", "--db", db
    )
    assert code == 1
    failed = _failures(report)
    assert len(failed) == 2
    assert all("private" in f["reason"] or "loopback" in f["reason"] for f in failed)
    code, report = _ingest("javascript:alert(1)", "file:///etc/passwd", "--db", db)
    assert code == 1
    assert all("only http and https" in f["reason"] for f in _failures(report))
    assert len(_titles(db)) == 1


def _archive(path: Path, count: int) -> None:
    companies = [("騰訊控股", "00700"), ("比亞迪股份", "01211"), ("美團", "03690")]
    companies += [("小米集團", "01810"), ("阿里巴巴", "09988"), ("京東集團", "09618")]
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            name, code = companies[number % len(companies)]
            move = ["升", "跌"][number % 2]
            body = (
                f"{name}({code})第{number}號公告:公司今日股價{move}{number % 9 + 1}.{number % 10}%,"
                f"成交額{number * 7 % 90 + 10}億元,第{number}批回購計劃涉及{number * 13}萬股。"
            )
            record = {"title": f"{name}公告第{number}號", "body": body, "source": "測試通訊社"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _count(db: str) -> int:
    """Articles committed so far, read without opening a Store (which would also migrate)."""
    if not Path(db).exists():
        return 0
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as connection:
        try:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError:  # the schema is not created yet
            return 0


def test_a_killed_ingest_resumes_and_stores_every_article_exactly_once(tmp_path: Path) -> None:
    archive = tmp_path / "archive.jsonl"
    total = 600  # several batches (runner.BATCH_SIZE), so the kill lands between commits
    _archive(archive, total)
    db = str(tmp_path / "store.db")
    command = [sys.executable, "-m", "marketbuzz.cli", "ingest", str(archive), "--db", db, "-q"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if _count(db) >= 2 * BATCH_SIZE:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored_before = _count(db)
    assert 0 < stored_before < total, "the kill should land mid-run"
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    titles = _titles(db)
    assert len(titles) == total
    assert len(set(titles)) == total
