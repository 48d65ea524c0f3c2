"""Watchlists and alerts against real stores (SQLite, and PostgreSQL where `store_url` has it)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rich.console import Console

from marketbuzz.alerts import (
    Alert,
    BurstRule,
    JsonlSink,
    Sink,
    TerminalSink,
    Watchlist,
    WatchlistError,
    WebhookSink,
    alert_to_dict,
    check_alerts,
    deliver,
    evaluate_rules,
    load_watchlist,
    recent_alerts,
    watchlist_from_mapping,
    watchlist_from_options,
)
from marketbuzz.master.load import SecurityMaster
from marketbuzz.novelty import fingerprint
from marketbuzz.pipeline import analyze
from marketbuzz.store import Incoming, Saved, Store
from tests.httpserver import LoopbackServer, Reply, serve
from tests.news_texts import NVIDIA_TARGET, TENCENT_FALL, TENCENT_FALL_COPY, TENCENT_STAKE

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
HOUR = 3_600.0
# 2026-03-10 12:00 UTC: every article below is ingested relative to this moment.
NOON = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC).timestamp()


def save(store: Store, master: SecurityMaster, text: str, *, ingested_at: float) -> Saved:
    """Analyse and store one article as ingest does, ingested (and so counted) at a known time."""
    analysis = analyze(text, master=master)
    article = analysis.article
    moment = dt.datetime.fromtimestamp(ingested_at, tz=dt.UTC)
    print_ = fingerprint(article.title, article.body)
    return store.save(Incoming(analysis, text, "test", print_, moment), master)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store.open(store_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(str(tmp_path / "alerts.db"))
    try:
        yield opened
    finally:
        opened.close()


def watch(
    master: SecurityMaster, *entries: str, move_pct: float = 5.0, events: list[str] | None = None
) -> Watchlist:
    """Move and event rules only (board rules are tested on their own)."""
    return watchlist_from_options(
        list(entries),
        move_pct=move_pct,
        events=events,
        disable=("burst", "sentiment_flip"),
        master=master,
    )


# -- watchlists ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "entity_id"),
    [
        ("NVDA", "NVDA"),
        ("0700.HK", "0700.HK"),
        ("00700", "0700.HK"),
        ("700", "0700.HK"),
        ("600519", "600519.SS"),
        ("騰訊", "0700.HK"),
        ("腾讯控股", "0700.HK"),
        ("NVIDIA", "NVDA"),
        ("白云山", "600332.SS"),  # also the name of a delisted company: the listed one wins
    ],
)
def test_entries_resolve_by_symbol_code_or_name(
    master: SecurityMaster, entry: str, entity_id: str
) -> None:
    watchlist = watchlist_from_options([entry], master=master)
    assert watchlist.entity_ids == (entity_id,)
    assert watchlist.instruments[0].query == entry


def test_the_same_instrument_twice_is_watched_once(master: SecurityMaster) -> None:
    watchlist = watchlist_from_options(["0700.HK", "騰訊", "00700", "NVDA"], master=master)
    assert watchlist.entity_ids == ("0700.HK", "NVDA")
    assert watchlist.instruments[0].label == "騰訊控股 Tencent Holdings 0700.HK"


def test_unknown_and_ambiguous_entries_are_named(master: SecurityMaster) -> None:
    with pytest.raises(WatchlistError) as raised:
        watchlist_from_options(["NVDA", "NOSUCHSTOCKXYZ", "方大"], master=master)
    message = raised.value.message
    assert "'NOSUCHSTOCKXYZ' is not in the security master" in message
    # A name two listed A-shares have had (方大集团, 方大炭素): the user must pick a symbol.
    assert "'方大' is ambiguous: it could be 000055.SZ (方大集团), 600516.SS (方大炭素)" in message
    assert "NVDA" not in message


def test_the_sample_watchlist_loads(master: SecurityMaster) -> None:
    watchlist = load_watchlist(SAMPLES / "watchlist.toml", master)
    assert watchlist.entity_ids == ("NVDA", "0700.HK", "600519.SS", "AAPL", "TSLA")
    assert [item.move_pct for item in watchlist.instruments] == [None] * 4 + [8.0]
    assert watchlist.rules.max_age == 3 * 86_400.0
    rules = watchlist.rules
    assert rules.move is not None
    assert rules.move.min_pct == 5.0
    assert rules.burst is not None
    assert rules.burst.window == 86_400.0
    assert rules.events is not None
    assert "stake" in rules.events.types
    assert watchlist.outputs.jsonl == SAMPLES / "alerts.jsonl"


def test_rules_default_on_and_false_turns_one_off(master: SecurityMaster) -> None:
    watchlist = watchlist_from_mapping(
        {"instruments": ["NVDA"], "rules": {"burst": False, "sentiment_flip": {"window": 6}}},
        master,
    )
    assert watchlist.rules.move is not None
    assert watchlist.rules.move.min_pct == 5.0
    assert watchlist.rules.burst is None
    assert watchlist.rules.sentiment_flip is not None
    assert watchlist.rules.sentiment_flip.window == 6 * HOUR  # a bare number is hours
    assert watchlist.rules.events is not None


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("instruments = []", '"instruments" must be a non-empty list'),
        ('instruments = ["NVDA"]\n[rules]\nmove_pct = -1', "move_pct must be more than zero"),
        ('instruments = ["NVDA"]\n[rules]\nmove_pct = "big"', "move_pct must be a number"),
        ('instruments = ["NVDA"]\n[rules]\nevents = ["rumour"]', "unknown event type 'rumour'"),
        ('instruments = ["NVDA"]\n[rules]\nburst = { window = "soon" }', "not a time window"),
        ('instruments = ["NVDA"]\n[rules]\nmoves = 5', "unknown key 'moves' in [rules]"),
        ('instruments = ["NVDA"]\n[output]\nwebhook = "ftp://x"', "http:// or https:// URL"),
        ("instruments = [5]", "each instrument must be text"),
        ("instruments = [{ move_pct = 3 }]", "an instrument table needs instrument ="),
        ('instruments = [{ instrument = "NVDA", move_pct = 0 }]', "move_pct of 'NVDA' must be"),
        ("instruments = [", "is not valid TOML"),
    ],
)
def test_watchlist_errors_are_clear(
    master: SecurityMaster, tmp_path: Path, toml: str, expected: str
) -> None:
    path = tmp_path / "watch.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(WatchlistError) as raised:
        load_watchlist(path, master)
    assert expected in str(raised.value)
    assert str(path) in str(raised.value)


def test_a_missing_watchlist_file_is_named(master: SecurityMaster, tmp_path: Path) -> None:
    with pytest.raises(WatchlistError, match="does not exist"):
        load_watchlist(tmp_path / "nope.toml", master)


# -- the move rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(("threshold", "fires"), [(4.0, True), (5.2, True), (5.3, False)])
def test_move_rule_fires_at_or_above_the_threshold(
    sqlite_store: Store, master: SecurityMaster, threshold: float, fires: bool
) -> None:
    save(sqlite_store, master, TENCENT_FALL, ingested_at=NOON - HOUR)
    save(sqlite_store, master, NVIDIA_TARGET, ingested_at=NOON - HOUR)  # rose 3%: below all
    watchlist = watch(master, "騰訊", "NVDA", move_pct=threshold, events=[])
    with sqlite_store.read() as connection:
        found = evaluate_rules(connection, watchlist, as_of=NOON, since=None)
    assert [alert.entity_id for alert in found] == (["0700.HK"] if fires else [])


def test_a_move_fires_once_across_checks_and_copies(store: Store, master: SecurityMaster) -> None:
    original = save(store, master, TENCENT_FALL, ingested_at=NOON - 2 * HOUR)
    watchlist = watch(master, "騰訊控股", events=[])

    fired = check_alerts(store, watchlist, as_of=NOON, since=NOON - 3 * HOUR)
    assert len(fired) == 1
    alert = fired[0]
    assert alert.rule == "move_pct"
    assert alert.key == f"move:0700.HK:{original.article_id}"
    assert alert.message.startswith("騰訊控股 Tencent Holdings 0700.HK fell 5.2% — 騰訊控股急跌")
    assert alert.article_id == original.article_id
    assert alert.symbol == "0700.HK"
    assert alert.id > 0
    assert alert.details["value"] == 5.2

    assert check_alerts(store, watchlist, as_of=NOON, since=NOON - 3 * HOUR) == []

    copy = save(store, master, TENCENT_FALL_COPY, ingested_at=NOON + HOUR)
    assert copy.new
    assert copy.repeat_of == original.article_id
    assert check_alerts(store, watchlist, as_of=NOON + 2 * HOUR, since=NOON) == []

    with store.read() as connection:
        stored = recent_alerts(connection)
    assert [(item.id, item.key, item.symbol) for item in stored] == [
        (alert.id, alert.key, "0700.HK")
    ]


def test_only_articles_ingested_since_are_checked(
    sqlite_store: Store, master: SecurityMaster
) -> None:
    save(sqlite_store, master, TENCENT_FALL, ingested_at=NOON - 5 * HOUR)
    watchlist = watch(master, "0700.HK", events=[])
    assert check_alerts(sqlite_store, watchlist, as_of=NOON, since=NOON - HOUR) == []
    # Nor what is ingested after as_of (a replay sees the store as it was then).
    assert check_alerts(sqlite_store, watchlist, as_of=NOON - 6 * HOUR) == []
    assert len(check_alerts(sqlite_store, watchlist, as_of=NOON)) == 1


def test_an_instrument_can_have_its_own_move_threshold(
    sqlite_store: Store, master: SecurityMaster
) -> None:
    save(sqlite_store, master, TENCENT_FALL, ingested_at=NOON - HOUR)  # fell 5.2%
    save(sqlite_store, master, NVIDIA_TARGET, ingested_at=NOON - HOUR)  # rose 3%
    watchlist = watchlist_from_mapping(
        {
            "instruments": [{"instrument": "騰訊", "move_pct": 6}, {"instrument": "NVDA"}],
            "rules": {"move_pct": 2.5, "events": False, "burst": False, "sentiment_flip": False},
        },
        master,
    )
    fired = check_alerts(sqlite_store, watchlist, as_of=NOON)
    assert [alert.message.split(" — ")[0] for alert in fired] == ["英偉達 NVIDIA NVDA rose 3%"]


def test_old_news_does_not_alert(sqlite_store: Store, master: SecurityMaster) -> None:
    save(sqlite_store, master, TENCENT_FALL, ingested_at=NOON - 4 * 86_400)
    assert check_alerts(sqlite_store, watch(master, "0700.HK", events=[]), as_of=NOON) == []
    patient = watchlist_from_options(
        ["0700.HK"], max_age="5d", disable=("burst", "sentiment_flip"), master=master
    )
    assert [alert.rule for alert in check_alerts(sqlite_store, patient, as_of=NOON)] == ["move_pct"]


def test_an_unwatched_instrument_does_not_fire(sqlite_store: Store, master: SecurityMaster) -> None:
    save(sqlite_store, master, TENCENT_FALL, ingested_at=NOON - HOUR)
    assert check_alerts(sqlite_store, watch(master, "NVDA", move_pct=1.0), as_of=NOON) == []


# -- the event rule --------------------------------------------------------------------------


def test_event_rule_fires_for_the_listed_types(store: Store, master: SecurityMaster) -> None:
    saved = save(store, master, NVIDIA_TARGET, ingested_at=NOON - HOUR)
    save(store, master, TENCENT_STAKE, ingested_at=NOON - HOUR)
    # Goldman Sachs is watched too, but it is the event's actor, not its subject.
    watchlist = watch(master, "NVDA", "GS", "0700.HK", move_pct=50.0, events=["analyst_target"])

    fired = check_alerts(store, watchlist, as_of=NOON)
    assert [(alert.rule, alert.entity_id) for alert in fired] == [("events", "NVDA")]
    alert = fired[0]
    assert alert.key == f"event:analyst_target:NVDA:{saved.article_id}"
    assert alert.details["attributes"]["target"] == 200.0
    assert alert.message.startswith("英偉達 NVIDIA NVDA — price target: NVIDIA shares rose 3%")
    assert check_alerts(store, watchlist, as_of=NOON) == []


def test_one_story_with_two_events_of_a_type_fires_once(
    sqlite_store: Store, master: SecurityMaster
) -> None:
    save(sqlite_store, master, TENCENT_STAKE, ingested_at=NOON - HOUR)
    watchlist = watch(master, "0700.HK", events=["holding_change", "stake"])
    fired = check_alerts(sqlite_store, watchlist, as_of=NOON)
    assert [alert.details["type"] for alert in fired] == ["holding_change"]
    assert fired[0].message.startswith("騰訊控股 Tencent Holdings 0700.HK — holding change: ")


# -- burst and sentiment flip (the hot board) ------------------------------------------------


def test_a_burst_fires_once_a_day(store: Store, master: SecurityMaster) -> None:
    save(store, master, TENCENT_FALL, ingested_at=NOON - HOUR)
    save(store, master, TENCENT_STAKE, ingested_at=NOON - 2 * HOUR)
    save(store, master, NVIDIA_TARGET, ingested_at=NOON - HOUR)
    watchlist = watchlist_from_mapping(
        {
            "instruments": ["0700.HK", "NVDA"],
            "rules": {
                "move_pct": False,
                "events": False,
                "sentiment_flip": False,
                # No history: change = volume + 1. Tencent has two stories (~1.7), NVIDIA one.
                "burst": {"min_change": 2.5, "min_buzz": 0.2, "window": "24h"},
            },
        },
        master,
    )
    fired = check_alerts(store, watchlist, as_of=NOON)
    assert [(alert.rule, alert.entity_id) for alert in fired] == [("burst", "0700.HK")]
    alert = fired[0]
    assert alert.key == f"burst:0700.HK:{int(NOON // 86_400)}"
    assert alert.details["change"] >= 2.5
    assert alert.details["articles"] == 2
    assert "buzz burst" in alert.message
    assert "騰訊控股" in alert.message
    # Later the same day: already told. The next day the burst (still in the window) is news.
    assert check_alerts(store, watchlist, as_of=NOON + HOUR) == []
    next_day = check_alerts(store, watchlist, as_of=NOON + 12.5 * HOUR)
    assert [alert.key for alert in next_day] == [f"burst:0700.HK:{int(NOON // 86_400) + 1}"]
    # By then buzz has decayed (half-life 6h) to about 0.35: below a min_buzz of 0.5.
    quieter = dataclasses.replace(
        watchlist, rules=dataclasses.replace(watchlist.rules, burst=BurstRule(2.5, 0.5))
    )
    with store.read() as connection:
        assert evaluate_rules(connection, quieter, as_of=NOON + 12.5 * HOUR, since=None) == []


def test_a_sentiment_flip_fires_once_per_direction(store: Store, master: SecurityMaster) -> None:
    save(store, master, TENCENT_STAKE, ingested_at=NOON - 30 * HOUR)  # positive
    save(store, master, TENCENT_FALL, ingested_at=NOON - HOUR)  # negative
    watchlist = watchlist_from_mapping(
        {
            "instruments": ["騰訊"],
            "rules": {"move_pct": False, "events": False, "burst": False},
        },
        master,
    )
    fired = check_alerts(store, watchlist, as_of=NOON)
    assert [(alert.rule, alert.details["direction"]) for alert in fired] == [
        ("sentiment_flip", "negative")
    ]
    assert fired[0].details["previous"] > 0.2
    assert fired[0].details["current"] < -0.2
    assert "sentiment turned negative" in fired[0].message
    assert check_alerts(store, watchlist, as_of=NOON + HOUR) == []


def test_no_flip_below_the_threshold(sqlite_store: Store, master: SecurityMaster) -> None:
    save(sqlite_store, master, TENCENT_STAKE, ingested_at=NOON - 30 * HOUR)
    save(sqlite_store, master, TENCENT_FALL, ingested_at=NOON - HOUR)
    watchlist = watchlist_from_mapping(
        {
            "instruments": ["騰訊"],
            "rules": {
                "move_pct": False,
                "events": False,
                "burst": False,
                "sentiment_flip": {"threshold": 0.9},
            },
        },
        master,
    )
    assert check_alerts(sqlite_store, watchlist, as_of=NOON) == []


# -- sinks -----------------------------------------------------------------------------------


def sample_alert(number: int = 1) -> Alert:
    return Alert(
        id=number,
        key=f"move:0700.HK:{number}",
        rule="move_pct",
        entity_id="0700.HK",
        symbol="0700.HK",
        article_id=number,
        at=NOON,
        message="騰訊控股 Tencent Holdings 0700.HK fell 5.2% — 騰訊控股急跌",
        details={"value": 5.2},
    )


def test_jsonl_sink_appends_one_line_per_alert(tmp_path: Path) -> None:
    path = tmp_path / "out" / "alerts.jsonl"
    assert deliver([sample_alert(1)], [JsonlSink(path)]) == []
    assert deliver([sample_alert(2)], [JsonlSink(path)]) == []
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        alert_to_dict(sample_alert(1)),
        alert_to_dict(sample_alert(2)),
    ]
    assert json.loads(lines[0])["time"] == "2026-03-10T12:00:00+00:00"


def test_terminal_sink_prints_the_message() -> None:
    console = Console(record=True, width=200)
    deliver([sample_alert()], [TerminalSink(console)])
    assert "ALERT move_pct 騰訊控股 Tencent Holdings 0700.HK fell 5.2%" in console.export_text()


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with serve() as running:
        yield running


def test_webhook_sink_posts_json(server: LoopbackServer) -> None:
    server.handle("/hook", lambda request: Reply(204))
    assert deliver([sample_alert()], [WebhookSink(server.url("/hook"), timeout=5)]) == []
    [request] = server.requests_to("/hook")
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.body) == alert_to_dict(sample_alert())


def test_a_failing_webhook_warns_and_keeps_the_alert(
    sqlite_store: Store, master: SecurityMaster, server: LoopbackServer, tmp_path: Path
) -> None:
    server.route("/hook", status=500, body="down")
    save(sqlite_store, master, TENCENT_FALL, ingested_at=NOON - HOUR)
    fired = check_alerts(sqlite_store, watch(master, "0700.HK", events=[]), as_of=NOON)
    jsonl = tmp_path / "alerts.jsonl"
    warnings: list[str] = []
    sinks: list[Sink] = [WebhookSink(server.url("/hook"), timeout=5), JsonlSink(jsonl)]
    returned = deliver(fired, sinks, warn=warnings.append)
    assert returned == warnings
    assert len(warnings) == 1
    assert "HTTP 500" in warnings[0]
    assert fired[0].key in warnings[0]
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 1  # the other sink still got it
    with sqlite_store.read() as connection:
        assert [alert.key for alert in recent_alerts(connection)] == [fired[0].key]


def test_an_unreachable_or_slow_webhook_is_a_warning(server: LoopbackServer) -> None:
    server.handle("/slow", lambda request: Reply(200, delay=2.0))
    warnings: list[str] = []
    deliver([sample_alert()], [WebhookSink(server.url("/slow"), timeout=0.2)], warn=warnings.append)
    assert len(warnings) == 1
    assert "did not answer within 0.2s" in warnings[0]
    closed = LoopbackServer()
    url = closed.url("/hook")
    closed.close()
    deliver([sample_alert()], [WebhookSink(url, timeout=1)], warn=warnings.append)
    assert len(warnings) == 2
    assert "cannot be reached" in warnings[1]


def test_recent_alerts_newest_first_with_limit_and_since(
    sqlite_store: Store, master: SecurityMaster
) -> None:
    save(sqlite_store, master, TENCENT_FALL, ingested_at=NOON - 3 * HOUR)
    save(sqlite_store, master, NVIDIA_TARGET, ingested_at=NOON - HOUR)
    watchlist = watch(master, "0700.HK", "NVDA", move_pct=2.0, events=[])
    fired = check_alerts(sqlite_store, watchlist, as_of=NOON)
    assert [alert.entity_id for alert in fired] == ["0700.HK", "NVDA"]
    with sqlite_store.read() as connection:
        assert [a.entity_id for a in recent_alerts(connection)] == ["NVDA", "0700.HK"]
        assert [a.entity_id for a in recent_alerts(connection, limit=1)] == ["NVDA"]
        assert [a.entity_id for a in recent_alerts(connection, since=NOON - 2 * HOUR)] == ["NVDA"]


def test_racing_watchers_fire_an_alert_once(store: Store, master: SecurityMaster) -> None:
    save(store, master, TENCENT_FALL, ingested_at=NOON - HOUR)
    save(store, master, NVIDIA_TARGET, ingested_at=NOON - HOUR)
    watchlist = watch(master, "0700.HK", "NVDA", move_pct=2.0, events=["analyst_target"])
    start = threading.Barrier(4)

    def watcher() -> list[Alert]:
        start.wait()
        return check_alerts(store, watchlist, as_of=NOON)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [future.result() for future in [pool.submit(watcher) for _ in range(4)]]
    keys = sorted(alert.key for fired in results for alert in fired)
    assert len(keys) == 3  # two moves and one event, each fired by exactly one watcher
    assert len(set(keys)) == 3
    with store.read() as connection:
        assert sorted(alert.key for alert in recent_alerts(connection)) == keys
