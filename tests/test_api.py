"""The REST API through real HTTP: the app under uvicorn on loopback (tests/apiserver.py), a
real store (SQLite, and PostgreSQL where `store_url` has it), httpx as the client. No mocks."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import httpx
import orjson
import pytest
from click.testing import CliRunner
from fastapi.routing import APIRoute
from sqlalchemy import func, select

from marketbuzz.alerts import check_alerts, watchlist_from_options
from marketbuzz.api import ApiSettings, KeyFile, parse_size
from marketbuzz.api.keys import hash_key
from marketbuzz.board import board_to_dict, compute_board
from marketbuzz.cli_serve import apikey, register
from marketbuzz.errors import MarketbuzzError
from marketbuzz.master.load import SecurityMaster
from marketbuzz.novelty import fingerprint
from marketbuzz.pipeline import analyze
from marketbuzz.serialize import analysis_to_dict
from marketbuzz.store import Incoming, Saved, Store, schema
from tests.apiserver import ApiServer, run_api
from tests.news_texts import NVIDIA_TARGET, TENCENT_FALL, TENCENT_FALL_COPY, TENCENT_STAKE

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
HOUR = 3_600.0
# 2026-03-10 12:00 UTC: the board and instrument tests look at the store as of this moment.
NOON = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC).timestamp()

TEXT = {"Content-Type": "text/plain; charset=utf-8"}


@pytest.fixture
def api(store_url: str, tmp_path: Path) -> Iterator[ApiServer]:
    with run_api(store_url, keys_file=tmp_path / "keys.json") as server:
        yield server


@pytest.fixture
def client(api: ApiServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api.base_url, timeout=30) as opened:
        yield opened


@pytest.fixture
def store(api: ApiServer) -> Iterator[Store]:
    """A second connection to the server's store, for arranging and checking data."""
    opened = Store.open(api.settings.db)
    try:
        yield opened
    finally:
        opened.close()


def post(client: httpx.Client, api: ApiServer, text: str) -> httpx.Response:
    return client.post("/api/articles", content=text.encode(), headers={**TEXT, **api.auth})


def save_at(store: Store, master: SecurityMaster, text: str, moment: float) -> Saved:
    """Store an article as ingest does, ingested (and so counted) at a known time."""
    analysis = analyze(text, master=master)
    article = analysis.article
    ingested = dt.datetime.fromtimestamp(moment, tz=dt.UTC)
    incoming = Incoming(analysis, text, "test", fingerprint(article.title, article.body), ingested)
    return store.save(incoming, master)


def ids(page: dict[str, Any]) -> list[int]:
    return [item["id"] for item in page["items"]]


# --- writing: keys, ingest, analyze ---


def test_ingest_needs_a_key_and_stores_each_article_once(
    api: ApiServer, client: httpx.Client
) -> None:
    missing = client.post("/api/articles", content=TENCENT_FALL.encode(), headers=TEXT)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert missing.json()["error"]["code"] == "MB713"
    wrong = client.post(
        "/api/articles",
        content=TENCENT_FALL.encode(),
        headers={**TEXT, "Authorization": "Bearer mb_not-a-key"},
    )
    assert wrong.status_code == 401
    assert "not valid" in wrong.json()["error"]["message"]

    first = post(client, api, TENCENT_FALL)
    assert first.status_code == 201
    assert first.json() == {
        "id": first.json()["id"],
        "new": True,
        "repeat_of": None,
        "similarity": None,
    }
    again = client.post(
        "/api/articles", content=TENCENT_FALL.encode(), headers={**TEXT, "X-API-Key": api.key}
    )
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["new"] is False
    assert client.get("/api/health").json()["articles"] == 1

    copy = post(client, api, TENCENT_FALL_COPY).json()
    assert copy["repeat_of"] == first.json()["id"]
    assert 0 < copy["similarity"] <= 1
    copy_again = post(client, api, TENCENT_FALL_COPY)
    assert copy_again.status_code == 200
    assert copy_again.json() == {**copy, "new": False}


def test_a_json_article_is_ingested_with_its_fields(api: ApiServer, client: httpx.Client) -> None:
    article = {
        "title": "NVIDIA shares rise",
        "body": NVIDIA_TARGET.split("\n\n", 1)[1],
        "source": "Wire",
        "url": "https://example.com/nvda",
    }
    response = client.post("/api/articles", json=article, headers=api.auth)
    assert response.status_code == 201
    stored = client.get(f"/api/articles/{response.json()['id']}").json()
    assert stored["title"] == "NVIDIA shares rise"
    assert stored["source"] == "Wire"
    assert stored["url"] == "https://example.com/nvda"
    assert [item["symbol"] for item in stored["instruments"]][:1] == ["NVDA"]


def test_analyze_returns_the_cli_contract_and_stores_nothing(
    client: httpx.Client, master: SecurityMaster
) -> None:
    response = client.post("/api/analyze", content=TENCENT_FALL.encode(), headers=TEXT)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    expected = orjson.loads(
        orjson.dumps(analysis_to_dict(analyze(TENCENT_FALL.encode(), master=master)))
    )
    assert response.json() == expected
    assert "騰訊控股" in response.text  # UTF-8, not \\u escapes
    assert client.get("/api/health").json()["articles"] == 0


# --- reading: search, one article ---


def test_search_by_text_symbol_language_and_pages(api: ApiServer, client: httpx.Client) -> None:
    fall = post(client, api, TENCENT_FALL).json()["id"]
    copy = post(client, api, TENCENT_FALL_COPY).json()
    stake = post(client, api, TENCENT_STAKE).json()["id"]
    nvidia = post(client, api, NVIDIA_TARGET).json()["id"]
    assert copy["repeat_of"] == fall

    # A Simplified two-character word finds the Traditional article, and the other way round.
    simplified = client.get("/api/articles", params={"q": "腾讯"}).json()
    assert set(ids(simplified)) == {fall, copy["id"], stake}
    assert simplified["total"] == 3
    traditional = client.get("/api/articles", params={"q": "騰訊"}).json()
    assert set(ids(traditional)) == {fall, copy["id"], stake}
    assert ids(client.get("/api/articles", params={"q": "Goldman"}).json()) == [nvidia]

    assert ids(client.get("/api/articles", params={"symbol": "NVDA"}).json()) == [nvidia]
    by_name = client.get("/api/articles", params={"symbol": "騰訊控股"}).json()
    by_code = client.get("/api/articles", params={"symbol": "00700"}).json()
    assert set(ids(by_name)) == set(ids(by_code)) == {fall, copy["id"], stake}
    unknown = client.get("/api/articles", params={"symbol": "NOSUCHTHING"})
    assert unknown.status_code == 404

    assert ids(client.get("/api/articles", params={"language": "en"}).json()) == [nvidia]
    hans = client.get("/api/articles", params={"language": "zh-Hans"}).json()
    assert set(ids(hans)) == {copy["id"], stake}
    assert client.get("/api/articles", params={"language": "zh"}).json()["total"] == 3

    pages = [
        client.get("/api/articles", params={"limit": 3, "offset": offset}).json()
        for offset in (0, 3)
    ]
    assert [page["total"] for page in pages] == [4, 4]
    assert len(ids(pages[0])) == 3
    assert len(ids(pages[1])) == 1
    assert set(ids(pages[0]) + ids(pages[1])) == {fall, copy["id"], stake, nvidia}


def test_an_article_links_its_repeats(api: ApiServer, client: httpx.Client) -> None:
    fall = post(client, api, TENCENT_FALL).json()["id"]
    copy = post(client, api, TENCENT_FALL_COPY).json()["id"]

    original = client.get(f"/api/articles/{fall}").json()
    assert original["original"] is None
    assert [item["id"] for item in original["repeats"]] == [copy]
    analysis = original["analysis"]
    assert analysis["text"].startswith("騰訊控股急跌")
    tencent = next(item for item in analysis["instruments"] if item["id"] == "0700.HK")
    for mention in tencent["mentions"]:
        assert analysis["text"][mention["start"] : mention["end"]] == mention["text"]

    repeat = client.get(f"/api/articles/{copy}").json()
    assert repeat["repeat_of"] == fall
    assert repeat["original"]["id"] == fall
    assert repeat["repeats"] == []

    assert client.get("/api/articles/999999").status_code == 404
    assert client.get("/api/articles/999999").json()["error"]["status"] == 404


# --- instruments and the board ---


def test_instrument_series_sums_the_stored_weights(
    client: httpx.Client, store: Store, master: SecurityMaster
) -> None:
    for hours_before, text in ((20.5, TENCENT_FALL), (2.5, TENCENT_STAKE), (1.5, NVIDIA_TARGET)):
        save_at(store, master, text, NOON - hours_before * HOUR)
    save_at(store, master, TENCENT_FALL_COPY, NOON - 0.5 * HOUR)  # a repeat: a quarter weight
    params = {"window": "24h", "buckets": "24", "as_of": "2026-03-10T12:00Z"}
    response = client.get("/api/instruments/騰訊", params=params)
    assert response.status_code == 200
    body = response.json()
    assert body["instrument"]["id"] == "0700.HK"
    assert "00700" in [listing["code"] for listing in body["instrument"]["listings"]]
    assert body["as_of"] == NOON
    series = body["series"]
    assert len(series) == 24
    assert series[0]["start"] == NOON - 24 * HOUR
    assert series[-1]["end"] == NOON

    m = schema.mentions
    with store.read() as connection:
        rows = connection.execute(
            select(m.c.at, m.c.weight).where(m.c.entity_id == "0700.HK")
        ).all()
    assert len(rows) == 3
    expected = [0.0] * 24
    for at, weight in rows:
        expected[int((at - (NOON - 24 * HOUR)) // HOUR)] += weight
    assert [bucket["volume"] for bucket in series] == pytest.approx(expected, abs=1e-3)
    assert sum(bucket["articles"] for bucket in series) == 3
    assert series[3]["sentiment"] < 0  # the fall

    with store.read() as connection:
        stored_moves = connection.execute(
            select(func.count()).where(schema.moves.c.entity_id == "0700.HK")
        ).scalar_one()
    assert len(body["moves"]) == stored_moves >= 2
    assert {move["direction"] for move in body["moves"]} == {"down"}
    moments = [move["at"] for move in body["moves"]]
    assert moments == sorted(moments, reverse=True)  # newest first
    assert all("0700.HK" in event["subjects"] + event["actors"] for event in body["events"])
    assert len(body["articles"]) == 3
    assert body["board"]["entity_id"] == "0700.HK"
    with store.read() as connection:
        board = compute_board(connection, as_of=NOON, window=86400, entity_ids=["0700.HK"], top=1)
    assert body["board"] == board_to_dict(board)["rows"][0]  # type: ignore[index]

    assert client.get("/api/instruments/NOSUCHTHING").status_code == 404
    assert client.get("/api/instruments/NVDA", params={"window": "forever"}).status_code == 400


def test_hot_ranks_like_the_board_and_falls_back_to_the_latest(
    client: httpx.Client, store: Store, master: SecurityMaster
) -> None:
    save_at(store, master, TENCENT_FALL, NOON - 3 * HOUR)
    save_at(store, master, TENCENT_STAKE, NOON - 2 * HOUR)
    newest = save_at(store, master, NVIDIA_TARGET, NOON - HOUR)

    requested = client.get("/api/hot", params={"as_of": str(NOON), "top": 5}).json()
    assert requested["as_of_reason"] == "requested"
    with store.read() as connection:
        board = board_to_dict(compute_board(connection, as_of=NOON, top=5))
    assert requested["rows"] == board["rows"]
    ranked = [row["entity_id"] for row in requested["rows"]]
    assert ranked[0] == "0700.HK"  # two stories beat one
    assert "NVDA" in ranked

    us_only = client.get("/api/hot", params={"as_of": str(NOON), "market": "US"}).json()
    assert [row["entity_id"] for row in us_only["rows"]] == ["NVDA"] or "NVDA" in [
        row["entity_id"] for row in us_only["rows"]
    ]
    assert "^HSI" not in [row["entity_id"] for row in us_only["rows"]]

    # Nothing is hot now (the articles are from March): the board at the newest article.
    latest = client.get("/api/hot").json()
    assert latest["as_of_reason"] == "latest"
    with store.read() as connection:
        newest_at = connection.execute(
            select(schema.articles.c.at).where(schema.articles.c.id == newest.article_id)
        ).scalar_one()
    assert latest["as_of"] == newest_at
    assert latest["rows"]
    assert client.get("/api/hot", params={"market": "mars"}).status_code == 400


# --- alerts ---


def test_alerts_are_listed_and_streamed(
    client: httpx.Client, store: Store, master: SecurityMaster, api: ApiServer
) -> None:
    now = dt.datetime.now(dt.UTC).timestamp()
    save_at(store, master, TENCENT_FALL, now - 60)
    watchlist = watchlist_from_options(
        ["0700.HK"], move_pct=3.0, disable=("burst", "sentiment_flip", "events"), master=master
    )
    received: list[dict[str, Any]] = []
    connected = threading.Event()

    def listen() -> None:
        with (
            httpx.Client(timeout=15) as streamer,
            streamer.stream("GET", api.url("/api/alerts/stream")) as response,
        ):
            assert response.headers["content-type"].startswith("text/event-stream")
            event = None
            for line in response.iter_lines():
                if line == ": connected":
                    connected.set()
                elif line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "alert":
                    received.append(json.loads(line[6:]))
                    return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert connected.wait(10)
    fired = check_alerts(store, watchlist)
    assert [alert.rule for alert in fired] == ["move_pct"]
    listener.join(15)
    assert [alert["id"] for alert in received] == [fired[0].id]
    assert received[0]["message"].startswith("騰訊控股 Tencent Holdings 0700.HK fell 5.2%")

    listed = client.get("/api/alerts").json()
    assert [alert["id"] for alert in listed] == [fired[0].id]
    assert client.get("/api/alerts", params={"since": "2200-01-01"}).json() == []
    assert client.get("/api/alerts", params={"limit": 0}).status_code == 422


# --- lookup, health, docs, limits, hostile input ---


def test_lookup_health_and_docs(client: httpx.Client) -> None:
    found = client.get("/api/lookup", params={"q": "腾讯"}).json()
    assert found[0]["id"] == "0700.HK"
    assert found[0]["name_zh"] == "騰訊控股"
    assert client.get("/api/lookup", params={"q": "zzzzqqq"}).json() == []
    typed = client.get("/api/lookup", params={"q": "Tenc", "limit": 3}).json()  # a prefix
    assert typed[0]["id"] == "0700.HK"
    assert len(typed) <= 3
    health = client.get("/api/health").json()
    assert health["status"] == "ok"
    assert health["master_version"]
    assert "password" not in health["store"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()
    spec = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/hot", "/api/instruments/{symbol}", "/api/alerts/stream"):
        assert path in spec["paths"]


def test_bodies_over_the_limit_get_413(api: ApiServer, client: httpx.Client) -> None:
    big = b"a" * (6 * 1024 * 1024)
    declared = client.post("/api/analyze", content=big, headers=TEXT)
    assert declared.status_code == 413
    assert declared.json()["error"]["code"] == "MB714"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the streamed count decides
        for _ in range(6 * 16):
            yield b"b" * 65_536

    streamed = client.post("/api/articles", content=chunks(), headers={**TEXT, **api.auth})
    assert streamed.status_code == 413
    assert client.get("/api/health").json()["articles"] == 0


# (path, params, rejected): rejected ones must be 4xx; the rest are odd but legal (200), and
# none may reach the last-resort handler (500).
HOSTILE_GETS: list[tuple[str, dict[str, str], bool]] = [
    ("/api/articles", {"q": "\x00"}, True),
    ("/api/articles", {"q": "騰\x00訊"}, True),
    ("/api/articles", {"q": "x" * 5000}, True),
    ("/api/articles", {"q": "\"'*)(:^~-NEAR AND OR"}, False),
    ("/api/articles", {"q": "a:b OR NOT (c"}, False),
    ("/api/articles", {"q": "%ff%fe\ufffd"}, False),
    ("/api/articles", {"limit": "1000"}, True),
    ("/api/articles", {"limit": "-1"}, True),
    ("/api/articles", {"limit": "ten"}, True),
    ("/api/articles", {"offset": "99999999999999999999"}, True),
    ("/api/articles", {"since": "yesterday"}, True),
    ("/api/articles", {"since": "1e308"}, True),
    ("/api/articles", {"until": "nan"}, True),
    ("/api/articles", {"language": "klingon"}, True),
    ("/api/articles", {"symbol": "\x00"}, True),
    ("/api/articles", {"source": "'; DROP TABLE articles; --"}, False),
    ("/api/articles/99999999999999999999999", {}, True),
    ("/api/articles/-1", {}, True),
    ("/api/articles/abc", {}, True),
    ("/api/instruments/%00", {}, True),
    ("/api/instruments/%FF%FE", {}, True),
    ("/api/instruments/NVDA", {"buckets": "0"}, True),
    ("/api/instruments/NVDA", {"as_of": "9999-12-31T23:59:59"}, True),
    ("/api/hot", {"window": "0h"}, True),
    ("/api/hot", {"window": "1e400h"}, True),
    ("/api/hot", {"window": "91d"}, True),
    ("/api/hot", {"top": "0"}, True),
    ("/api/hot", {"as_of": "-5"}, True),
    ("/api/alerts", {"since": "\x00"}, True),
    ("/api/lookup", {"q": "\x00"}, True),
    ("/api/lookup", {"q": "%" * 100}, False),
    ("/api/lookup", {}, True),
    ("/api/no/such/path", {}, True),
]


def test_hostile_requests_get_4xx_never_500(
    api: ApiServer, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="marketbuzz.api")
    for path, params, rejected in HOSTILE_GETS:
        response = client.get(path, params=params)
        assert response.status_code < 500, (path, params, response.text)
        if not rejected:
            assert response.status_code == 200, (path, params, response.text)
            continue
        assert 400 <= response.status_code < 500, (path, params, response.text)
        error = response.json()["error"]
        assert error["status"] == response.status_code
        assert error["code"].startswith("MB")
        assert "Traceback" not in response.text
    raw = httpx.get(api.base_url + "/api/articles?q=%FF%FE%00&symbol=%C3%28", timeout=10)
    assert 400 <= raw.status_code < 500

    bodies: list[tuple[bytes, dict[str, str]]] = [
        (b"", TEXT),
        (b"   \n ", TEXT),
        (b"\x00\x01\x02\x03" * 100, {"Content-Type": "application/octet-stream"}),
        (b"\xff\xfe\x00\x00garbage\x00", TEXT),
        (b'{"title": "x", "body": ', {"Content-Type": "application/json"}),
        (b"[1, 2, 3]", {"Content-Type": "application/json"}),
        (b"GIF89a", {"Content-Type": "image/gif"}),
    ]
    for body, headers in bodies:
        for path in ("/api/analyze", "/api/articles"):
            response = client.post(path, content=body, headers={**headers, **api.auth})
            assert 400 <= response.status_code < 500, (path, body[:20], response.text)
    assert client.delete("/api/articles").status_code == 405
    # Invalid UTF-8 is not fatal: the reader decodes what it can.
    latin = client.post("/api/analyze", content="Café Tencent 騰訊".encode("big5", "ignore"))
    assert latin.status_code in {200, 400}
    assert client.get("/api/health").json()["articles"] == 0
    # The last-resort handler (which logs) was never reached.
    assert [record for record in caplog.records if record.name == "marketbuzz.api"] == []


def test_an_unexpected_failure_is_a_500_without_a_traceback(
    api: ApiServer, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    """A real route that fails, added to the running app (ahead of the web page's mount)."""

    def broken() -> None:
        raise RuntimeError("secret internal detail")

    api.app.router.routes.insert(0, APIRoute("/api/broken-for-test", broken))
    caplog.set_level(logging.ERROR, logger="marketbuzz.api")
    response = client.get("/api/broken-for-test")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "MB799"
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text
    assert any("broken-for-test" in record.getMessage() for record in caplog.records)


# --- private mode, keys, settings, the serve command ---


def test_sizes_and_settings_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert parse_size("5MB") == 5 * 1024 * 1024
    assert parse_size("512kb") == 512 * 1024
    assert parse_size("2048") == 2048
    for bad in ("five", "5XB", "10", ""):
        with pytest.raises(MarketbuzzError):
            parse_size(bad)
    monkeypatch.setenv("MARKETBUZZ_PRIVATE", "1")
    monkeypatch.setenv("MARKETBUZZ_API_KEYS", str(tmp_path / "env-keys.json"))
    settings = ApiSettings.from_environment()
    assert settings.private
    assert settings.keys_file == tmp_path / "env-keys.json"


def test_private_mode_closes_reads(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'private.db'}"
    with run_api(db, keys_file=tmp_path / "keys.json", private=True) as api:
        for path in ("/api/hot", "/api/articles", "/api/health", "/api/alerts/stream"):
            closed = httpx.get(api.url(path), timeout=10)
            assert closed.status_code == 401, path
            assert "www-authenticate" in closed.headers
        analyse = httpx.post(api.url("/api/analyze"), content=b"NVIDIA rose 3%", timeout=10)
        assert analyse.status_code == 401
        assert httpx.get(api.url("/api/hot"), headers=api.auth, timeout=10).status_code == 200
        assert httpx.get(api.url("/docs"), timeout=10).status_code == 200


def test_apikey_commands_store_only_hashes_and_revoke_at_once(tmp_path: Path) -> None:
    keys = tmp_path / "keys.json"
    runner = CliRunner()
    made = runner.invoke(apikey, ["new", "--name", "bot", "--keys", str(keys)])
    assert made.exit_code == 0, made.output
    key = made.stdout.strip().splitlines()[0]
    assert key.startswith("mb_")
    assert len(key) > 40
    assert stat.S_IMODE(os.stat(keys).st_mode) == 0o600
    stored = json.loads(keys.read_text())
    assert stored["keys"][0]["sha256"] == hash_key(key)
    assert key not in keys.read_text()
    duplicate = runner.invoke(apikey, ["new", "--name", "bot", "--keys", str(keys)])
    assert duplicate.exit_code != 0
    listed = runner.invoke(apikey, ["list", "--keys", str(keys)])
    assert "bot" in listed.stdout
    assert key not in listed.stdout

    db = f"sqlite:///{tmp_path / 'keys.db'}"
    with run_api(db, keys_file=keys) as api:
        headers = {**TEXT, "Authorization": f"Bearer {key}"}
        url = api.url("/api/articles")
        assert httpx.post(url, content=NVIDIA_TARGET.encode(), headers=headers).status_code == 201
        revoked = runner.invoke(apikey, ["revoke", "bot", "--keys", str(keys)])
        assert revoked.exit_code == 0, revoked.output
        assert not KeyFile(keys).verify(key)
        again = httpx.post(url, content=TENCENT_STAKE.encode(), headers=headers)
        assert again.status_code == 401
        keys.write_text("{not json")  # a damaged key file is the server's fault, said plainly
        damaged = httpx.post(url, content=TENCENT_STAKE.encode(), headers=headers)
        assert damaged.status_code == 503
        assert str(keys) not in damaged.text


def test_serve_loads_the_samples_and_prints_the_url(tmp_path: Path) -> None:
    group = click.Group()
    register(group)
    assert {"serve", "apikey"} <= set(group.commands)
    command = "import sys; from marketbuzz.cli_serve import serve; serve(sys.argv[1:])"
    arguments = [
        "--port",
        "0",
        "--db",
        str(tmp_path / "served.db"),
        "--keys",
        str(tmp_path / "keys.json"),
        "--load",
        str(SAMPLES / "us_market_close.txt"),
        "--load",
        str(SAMPLES / "hk_tech_rally.txt"),
    ]
    process = subprocess.Popen(
        [sys.executable, "-c", command, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]
        assert lines[0].startswith("loaded: 2 new"), lines
        url = lines[1].split()[3]
        assert url.startswith("http://127.0.0.1:")
        health = httpx.get(url + "api/health", timeout=10).json()
        assert health["articles"] == 2
        hot = httpx.get(url + "api/hot", timeout=10).json()
        assert hot["rows"]
    finally:
        process.terminate()
        process.wait(timeout=10)
