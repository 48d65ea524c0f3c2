"""Loading the security master: round trip, lookups, dated names, scanning, load cost.

Small masters are built by hand with `SecurityMaster(entities, names, version)`; the last tests
load the committed file and report its load time and memory (reported, not asserted as timing).
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

from marketbuzz.errors import MarketbuzzError
from marketbuzz.master.load import (
    SecurityMaster,
    decode_master,
    default_master_path,
    encode_master,
    load_master_file,
    valid_at,
)
from marketbuzz.master.model import Entity, Listing, Name
from marketbuzz.text.fold import fold

ENTITIES = [
    Entity(
        "600188.SS",
        "Yankuang Energy",
        "兖矿能源",
        "equity",
        (Listing("600188.SS", "SS", "600188", "SSE", "CNY"), Listing("1171.HK", "HK", "01171")),
    ),
    Entity("0700.HK", "Tencent", "騰訊控股", "equity", (Listing("0700.HK", "HK", "00700"),)),
    Entity("AAPL", "Apple", "蘋果", "equity", (Listing("AAPL", "US", "AAPL", "Nasdaq"),)),
    Entity("BTC-USD", "Bitcoin", "比特币", "crypto", (Listing("BTC-USD", "CRYPTO", "BTC"),)),
]
NAMES = [
    Name("600188.SS", "兖州煤业", "兖州煤业", "former", "zh", "1998-07-01", "2021-12-09"),
    Name("600188.SS", "兖矿能源", "兖矿能源", "short", "zh", "2021-12-09"),
    Name("0700.HK", "腾讯控股", "騰訊控股", "short", "zh"),
    Name("0700.HK", "腾讯", "騰訊", "alias", "zh"),
    Name("0700.HK", "tencent", "Tencent", "english", "en"),
    Name("AAPL", "苹果", "蘋果", "short", "zh", ambiguous=True),
    Name("AAPL", "apple", "Apple", "short", "en", ambiguous=True),
    Name("AAPL", "apple inc", "Apple Inc", "official", "en"),
    Name("BTC-USD", "比特币", "比特币", "short", "zh"),
]


@pytest.fixture(scope="module")
def small() -> SecurityMaster:
    return decode_master(encode_master(ENTITIES, NAMES, "test+1"))


def test_round_trip_keeps_every_field(small: SecurityMaster) -> None:
    assert small.version == "test+1"
    assert [small.entity(e.id) for e in ENTITIES] == ENTITIES
    assert sorted(small.names, key=repr) == sorted(NAMES, key=repr)
    assert len(small.entities) == 4
    assert "AAPL" in small.entities
    assert "MSFT" not in small.entities
    assert small.entities.get("MSFT") is None
    assert sorted(small.entities) == sorted(e.id for e in ENTITIES)


def test_encoding_is_byte_stable() -> None:
    assert encode_master(ENTITIES, NAMES, "v") == encode_master(ENTITIES, NAMES, "v")


def test_lookups_by_symbol_and_code(small: SecurityMaster) -> None:
    assert small.by_symbol("aapl") == ENTITIES[2]
    assert small.by_symbol("1171.HK") == ENTITIES[0]
    assert small.by_code("HK", "00700") == ENTITIES[1]
    assert small.by_code("HK", "700") == ENTITIES[1]
    assert small.by_code("CN", "600188") == ENTITIES[0]
    assert small.by_code("SH", "600188") == ENTITIES[0]
    assert small.by_code("US", "aapl") == ENTITIES[2]
    assert small.by_code("SZ", "600188") is None
    assert small.by_symbol("") is None
    assert small.by_code("HK", "") is None


def test_constructor_and_decoder_agree() -> None:
    direct = SecurityMaster(ENTITIES, NAMES, "v")
    decoded = decode_master(encode_master(ENTITIES, NAMES, "v"))
    assert direct.by_code("HK", "700") == decoded.by_code("HK", "700")
    assert dict(direct.entities) == dict(decoded.entities)


def test_name_valid_at_a_date(small: SecurityMaster) -> None:
    former, current = NAMES[0], NAMES[1]
    assert valid_at(former, "2010-05-01")
    assert not valid_at(former, "2021-12-09")  # valid_to is exclusive
    assert valid_at(current, "2021-12-09")
    assert not valid_at(current, "2020-01-01")
    assert small.name_at("600188.SS", "2010-05-01") == former
    assert small.name_at("600188.SS", "2025-01-01") == current
    assert small.name_at("600188.SS", "1990-01-01") == current  # before any record: today's
    assert small.name_at("AAPL", "2020-01-01", "en") == NAMES[6]
    assert small.name_at("MISSING", "2020-01-01") is None


def test_scan_cjk_finds_longest_names_in_either_script(small: SecurityMaster) -> None:
    text = "騰訊控股與兖州煤业股價上升,蘋果下跌,比特幣反彈。"
    found = [
        (text[s:e], {n.entity_id for n in names}) for s, e, names in small.scan_cjk(fold(text))
    ]
    assert found == [
        ("騰訊控股", {"0700.HK"}),
        ("兖州煤业", {"600188.SS"}),
        ("蘋果", {"AAPL"}),
        ("比特幣", {"BTC-USD"}),
    ]


def test_scan_latin_reports_overlapping_matches(small: SecurityMaster) -> None:
    text = "Apple Inc. and Tencent reported results"
    found = {(text[s:e], n.key) for s, e, names in small.scan_latin(text.lower()) for n in names}
    assert ("Apple", "apple") in found
    assert ("Apple Inc", "apple inc") in found
    assert ("Tencent", "tencent") in found


def test_scanning_odd_input_never_raises(small: SecurityMaster) -> None:
    for text in ["", "\x00\ufffd", "𠀀" * 5, "a" * 100_000]:
        list(small.scan_cjk(text))
        list(small.scan_latin(text))
    empty = SecurityMaster([], [], "empty")
    assert list(empty.scan_cjk("腾讯")) == []
    assert list(empty.scan_latin("apple")) == []


def test_missing_file_gives_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(MarketbuzzError, match="build_master"):
        load_master_file(tmp_path / "nope.msgpack.gz")


def test_committed_master_loads_fast_and_small() -> None:
    path = default_master_path()
    if not path.exists():
        pytest.skip("src/marketbuzz/data/master.msgpack.gz is not built yet")
    fold("预热")  # the fold table is built once per process; not part of the master's cost
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    master = load_master_file(path)
    elapsed = time.perf_counter() - started
    rss_delta_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    print(
        f"\nmaster {master.version}: {path.stat().st_size:,} bytes, {len(master.entities):,}"
        f" entities, {len(master.names):,} names, load {elapsed:.3f} s, RSS +{rss_delta_mb:.0f} MB"
    )
    assert len(master.entities) > 20_000
    assert master.by_symbol("0700.HK") is not None
    assert rss_delta_mb < 300
