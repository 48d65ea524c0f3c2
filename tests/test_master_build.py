"""Building the security master: name folding, merging, curated rows, ambiguity, determinism.

The tests at the bottom build the real master from ../shared/data once per session (about
12 s) and check the companies the rest of the engine relies on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from marketbuzz.master.build import (
    CURATED_DIR,
    apply_curated,
    build_bytes,
    dedupe_names,
    merge_a_and_h,
)
from marketbuzz.master.load import SecurityMaster, decode_master
from marketbuzz.master.model import Listing, Name
from marketbuzz.master.sources import curated
from marketbuzz.master.sources.ashare import CodeRecord, name_periods
from marketbuzz.master.sources.curated import CuratedTableError
from marketbuzz.master.sources.draft import Draft
from marketbuzz.master.sources.hkex import yahoo_symbol
from marketbuzz.master.sources.names import (
    ashare_base_name,
    display_case,
    hk_base_name,
    latin_short_name,
)
from marketbuzz.master.sources.sec import yahoo_ticker

# -- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "base"),
    [
        ("万  科Ａ", "万科"),
        ("深振业Ａ", "深振业"),
        ("*ST中迪", "中迪"),
        ("＊ＳＴ康美", "康美"),
        ("S*ST前锋", "前锋"),
        ("*STTCL", "TCL"),
        ("N韦尔", "韦尔"),
        ("XD贵州茅", "贵州茅"),
        ("G兖煤", "兖煤"),
        ("PT金田A", "金田"),
        ("退市海润", "海润"),
        ("东电退", "东电"),
        ("深康佳Ｂ", "深康佳B"),
        ("万科B股", "万科B"),
        ("TCL科技", "TCL科技"),
        ("GQY视讯", "GQY视讯"),
        ("紅 寶 麗", "红宝丽"),
    ],
)
def test_ashare_names_fold_to_their_base(printed: str, base: str) -> None:
    assert ashare_base_name(printed) == base


@pytest.mark.parametrize(
    ("printed", "base"),
    [
        ("阿里巴巴－Ｗ", "阿里巴巴"),
        ("京東集團－ＳＷ", "京東集團"),
        ("美團-W", "美團"),
        ("騰訊控股", "騰訊控股"),
    ],
)
def test_hk_suffixes_are_dropped(printed: str, base: str) -> None:
    assert hk_base_name(printed) == base


@pytest.mark.parametrize(
    ("legal", "short"),
    [
        ("NVIDIA CORP", "NVIDIA"),
        ("Apple Inc.", "Apple"),
        ("AMAZON COM INC", "AMAZON"),
        ("JPMORGAN CHASE & CO", "JPMORGAN CHASE"),
        ("BERKSHIRE HATHAWAY INC /DE/", "BERKSHIRE HATHAWAY"),
        ("The Home Depot, Inc.", "Home Depot"),
        ("Alibaba Group Holding Ltd", "Alibaba"),
        ("Bank of New York Mellon Corp", "Bank of New York Mellon"),
        ("Procter & Gamble Co", "Procter & Gamble"),
        ("Visa Inc. Class A", "Visa"),
        ("Inc.", ""),
    ],
)
def test_legal_forms_come_off_us_names(legal: str, short: str) -> None:
    assert latin_short_name(legal) == short


def test_shouted_names_get_readable_case() -> None:
    assert display_case("BEST BUY") == "Best Buy"
    assert display_case("CVS HEALTH") == "CVS Health"
    assert display_case("HSBC HOLDINGS") == "HSBC Holdings"
    assert display_case("Meta Platforms") == "Meta Platforms"


def test_yahoo_symbols() -> None:
    assert yahoo_symbol("00700") == "0700.HK"
    assert yahoo_symbol("09988") == "9988.HK"
    assert yahoo_symbol("03750") == "3750.HK"
    assert yahoo_symbol("80700") == "80700.HK"
    assert yahoo_ticker("BRK.B") == "BRK-B"


# -- name history ----------------------------------------------------------------------------


def test_name_change_table_gives_validity_periods() -> None:
    entry = CodeRecord(
        "600188",
        starts=[
            ("2021-12-09", "兖矿能源"),
            ("2006-10-09", "兖州煤业"),
            ("2006-04-03", "G兖煤"),
            ("1998-07-01", "兖州煤业"),
        ],
        seen=[("2024-10-31", "兖矿能源")],
        current="兖矿能源",
    )
    periods = [(p.base, p.start, p.end) for p in name_periods(entry)]
    assert periods == [
        ("兖州煤业", "1998-07-01", "2006-04-03"),
        ("兖煤", "2006-04-03", "2006-10-09"),
        ("兖州煤业", "2006-10-09", "2021-12-09"),
        ("兖矿能源", "2021-12-09", None),
    ]


def test_st_cut_names_continue_the_full_name() -> None:
    # *ST国华 is 国华网安 with its status mark: not a new name.
    entry = CodeRecord(
        "000004",
        starts=[("2020-12-01", "国华网安"), ("2005-08-18", "国农科技")],
        seen=[("2023-03-06", "*ST国华"), ("2026-03-22", "*ST国华")],
        current="*ST国华",
    )
    assert [p.base for p in name_periods(entry)] == ["国农科技", "国华网安"]


def test_st_shortening_may_drop_any_characters() -> None:
    entry = CodeRecord(
        "000584",
        starts=[("2017-08-24", "哈工智能"), ("2023-05-05", "*ST工智")],
        seen=[("2023-10-18", "*ST工智")],
        delisted_on="2024-05-01",
    )
    assert [(p.base, p.end) for p in name_periods(entry)] == [("哈工智能", "2024-05-01")]


def test_snapshots_date_names_without_a_change_table() -> None:
    entry = CodeRecord(
        "830799",
        seen=[("2016-02-18", "艾融软件"), ("2021-06-18", "N艾融"), ("2024-10-31", "艾融软件")],
        listed_on="2015-01-05",
        current="艾融软件",
    )
    periods = name_periods(entry)
    assert [(p.base, p.start, p.end) for p in periods] == [("艾融软件", "2015-01-05", None)]


def test_a_delisted_code_s_last_name_ends() -> None:
    entry = CodeRecord(
        "600001",
        seen=[("2016-02-18", "邯郸钢铁")],
        listed_on="1998-01-22",
        delisted_on="2009-12-29",
    )
    assert [(p.base, p.start, p.end) for p in name_periods(entry)] == [
        ("邯郸钢铁", "1998-01-22", "2009-12-29")
    ]


# -- merging ---------------------------------------------------------------------------------


def _draft(entity_id: str, market: str, code: str, name: str, *, kind: str = "equity") -> Draft:
    draft = Draft(entity_id, kind, name, name, [Listing(entity_id, market, code)])
    draft.add_name(name, name, "short", "zh")
    return draft


def test_a_and_h_lines_of_one_company_merge_under_the_a_share() -> None:
    drafts = {
        "601318.SS": _draft("601318.SS", "SS", "601318", "中国平安"),
        "2318.HK": _draft("2318.HK", "HK", "02318", "中國平安"),
        "0001.HK": _draft("0001.HK", "HK", "00001", "長和"),
    }
    merge_a_and_h(drafts)
    assert sorted(drafts) == ["0001.HK", "601318.SS"]
    assert [x.symbol for x in drafts["601318.SS"].listings] == ["601318.SS", "2318.HK"]
    assert {n.entity_id for n in drafts["601318.SS"].names} == {"601318.SS"}


CURATED_HEADER = "id\tkind\tname\tname_zh\tlistings\troles\tthemes\tzh_names\ten_names\tambiguous\n"


def _curated_rows(tmp_path: Path, body: str) -> list[curated.CuratedRow]:
    (tmp_path / "test.tsv").write_text(CURATED_HEADER + body, encoding="utf-8")
    return curated.load(tmp_path)


def test_curated_row_merges_lines_and_its_names_win(tmp_path: Path) -> None:
    rows = _curated_rows(
        tmp_path,
        "# ADR and HK line of one company\n"
        "BABA\tequity\tAlibaba Group\t阿里巴巴\tBABA:US|9988.HK:HK\t-\tai,cloud\t"
        "阿里巴巴|阿里|阿里雲\tAlibaba|Qwen\t阿里\n",
    )
    baba = Draft("BABA", "equity", "Alibaba Group Holding", None, [Listing("BABA", "US", "BABA")])
    baba.add_name("alibaba group holding", "Alibaba Group Holding", "official", "en")
    drafts = {"BABA": baba, "9988.HK": _draft("9988.HK", "HK", "09988", "阿里巴巴")}
    decided = apply_curated(drafts, rows)
    assert sorted(drafts) == ["BABA"]
    entity = drafts["BABA"]
    assert entity.name == "Alibaba Group"
    assert entity.themes == ("ai", "cloud")
    assert [x.symbol for x in entity.listings] == ["BABA", "9988.HK"]
    assert entity.listings[0].code == "BABA"  # the source's listing details are kept
    by_key = {(n.key, n.ambiguous) for n in entity.names}
    assert ("阿里", True) in by_key
    assert ("阿里云", False) in by_key  # folded to Simplified
    assert ("qwen", False) in by_key
    assert ("BABA", "阿里") in decided


def test_curated_row_with_a_new_id_creates_the_entity(tmp_path: Path) -> None:
    rows = _curated_rows(
        tmp_path,
        "^SOX\tindex\tPHLX Semiconductor\t費城半導體指數\t^SOX:INDEX\t-\tsemiconductors\t"
        "費城半導體指數|芯片指數\tSOX index\t-\n",
    )
    drafts: dict[str, Draft] = {}
    apply_curated(drafts, rows)
    sox = drafts["^SOX"]
    assert sox.kind == "index"
    assert sox.listings == [Listing("^SOX", "INDEX", "^SOX")]
    assert {n.key for n in sox.names} >= {"芯片指数", "费城半导体指数", "sox index"}


def test_curated_listings_get_local_codes(tmp_path: Path) -> None:
    rows = _curated_rows(
        tmp_path,
        "8604.T\tequity\tNomura Holdings\t野村控股\t8604.T:T|NMR:US\tbroker\t-\t野村\tNomura\t-\n"
        "^GSPC\tindex\tS&P 500\t標普500\t^GSPC:INDEX\t-\t-\t標普\tS&P 500\t標普\n",
    )
    drafts: dict[str, Draft] = {}
    apply_curated(drafts, rows)
    assert [(x.symbol, x.code) for x in drafts["8604.T"].listings] == [
        ("8604.T", "8604"),
        ("NMR", "NMR"),
    ]
    assert drafts["8604.T"].roles == ("broker",)
    assert drafts["^GSPC"].listings[0].code == "^GSPC"


def test_malformed_curated_listing_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CuratedTableError, match=r"test\.tsv:2"):
        _curated_rows(tmp_path, "X\tequity\tX\t-\tno-market\t-\t-\t-\t-\t-\n")


def test_dedupe_keeps_a_dated_start_but_an_alias_is_timeless() -> None:
    names = [
        Name("600188.SS", "兖矿能源", "兖矿能源", "short", "zh", "2021-12-09"),
        Name("600188.SS", "兖矿能源", "兗礦能源", "short", "zh"),  # the HK line: no date
        Name("600519.SS", "茅台", "茅台", "former", "zh", "2006-05-25", "2006-10-09"),
        Name("600519.SS", "茅台", "茅台", "alias", "zh"),
    ]
    kept = {(n.entity_id, n.key): n for n in dedupe_names(names)}
    assert len(kept) == 2
    assert kept[("600188.SS", "兖矿能源")].valid_from == "2021-12-09"
    moutai = kept[("600519.SS", "茅台")]
    assert (moutai.kind, moutai.valid_from, moutai.valid_to) == ("alias", None, None)


# -- the real master -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def curated_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The curated tables as they are now: both determinism builds read the same rows."""
    copy = tmp_path_factory.mktemp("curated")
    for table in CURATED_DIR.glob("*.tsv"):
        shutil.copy(table, copy / table.name)
    return copy


@pytest.fixture(scope="session")
def built_bytes(shared_data: Path, curated_copy: Path) -> bytes:
    pytest.importorskip("wordfreq", reason="building the master needs wordfreq (build-time only)")
    pytest.importorskip("jieba", reason="building the master needs jieba (build-time only)")
    return build_bytes(shared_data, curated_copy)


@pytest.fixture(scope="session")
def master(built_bytes: bytes) -> SecurityMaster:
    return decode_master(built_bytes)


def _scan(master: SecurityMaster, text: str) -> list[set[str]]:
    from marketbuzz.text.fold import fold

    return [{n.entity_id for n in names} for _, _, names in master.scan_cjk(fold(text))]


def test_former_and_current_names_of_yanzhou_coal(master: SecurityMaster) -> None:
    names = {n.key: n for n in master.names_of("600188.SS") if n.lang == "zh"}
    former, current = names["兖州煤业"], names["兖矿能源"]
    assert former.kind == "former"
    assert current.kind == "short"
    assert former.valid_from is not None
    assert former.valid_to is not None
    assert former.valid_from < former.valid_to <= (current.valid_from or "")
    assert current.valid_to is None
    assert master.name_at("600188.SS", "2015-06-01") == former
    assert master.name_at("600188.SS", "2024-06-01") == current
    sentence = "兖州煤业2019年报显示,兖矿能源今年产量上升。"
    assert _scan(master, sentence) == [{"600188.SS"}, {"600188.SS"}]


def test_vanke_and_share_class_marks(master: SecurityMaster) -> None:
    vanke = master.by_symbol("000002.SZ")
    assert vanke is not None
    assert _scan(master, "萬科公布銷售數據") == [{"000002.SZ"}]
    assert _scan(master, "万科A今日走强")[0] == {"000002.SZ"}


def test_b_shares_keep_their_own_names(master: SecurityMaster) -> None:
    konka_b = master.by_code("SZ", "200016")
    assert konka_b is not None
    assert konka_b.id == "200016.SZ"
    assert _scan(master, "深康佳Ｂ停牌") == [{"200016.SZ"}]
    assert _scan(master, "深康佳Ａ復牌") == [{"000016.SZ"}]


def test_st_names_fold_to_the_company(master: SecurityMaster) -> None:
    # 国华网安 trades as *ST国华: both spellings reach 000004.SZ.
    assert _scan(master, "*ST国华收到问询函")[0] == {"000004.SZ"}
    assert _scan(master, "国华网安公告称")[0] == {"000004.SZ"}
    assert all(not n.key.startswith(("ST", "*ST")) for n in master.names if n.lang == "zh")


def test_hk_symbols_and_codes(master: SecurityMaster) -> None:
    tencent = master.by_code("HK", "00700")
    assert tencent is not None
    assert master.by_symbol("0700.HK") == tencent
    assert master.by_code("HK", "700") == tencent
    alibaba = master.by_symbol("9988.HK")
    assert alibaba is not None
    assert master.by_code("HK", "09988") == alibaba
    assert any(x.code == "00700" for x in tencent.listings)


def test_tencent_in_both_scripts(master: SecurityMaster) -> None:
    assert _scan(master, "腾讯公布业绩") == [{"0700.HK"}]
    assert _scan(master, "騰訊股價上升3%") == [{"0700.HK"}]
    assert _scan(master, "騰訊控股(00700)今日股價升3%")[0] == {"0700.HK"}


def test_us_tickers_and_share_classes(master: SecurityMaster) -> None:
    nvda = master.by_symbol("NVDA")
    assert nvda is not None
    assert nvda.id == "NVDA"
    assert master.by_symbol("GOOG") == master.by_symbol("GOOGL")
    assert master.by_symbol("brk-b") is not None
    latin = {
        n.entity_id for _, _, names in master.scan_latin("shares of nvidia rose") for n in names
    }
    assert "NVDA" in latin


def test_otc_issuers_resolve_by_symbol_but_not_by_name(master: SecurityMaster) -> None:
    otc = [
        e
        for e in master.entities.values()
        if e.listings and all(x.exchange == "OTC" for x in e.listings)
    ]
    assert len(otc) > 1000
    sample = otc[:200]
    assert all(master.by_symbol(e.listings[0].symbol) == e for e in sample)
    assert not [n for e in sample for n in master.names_of(e.id) if n.kind == "official"]


def test_catl_is_one_entity_on_two_markets(master: SecurityMaster) -> None:
    catl = master.by_symbol("300750.SZ")
    assert catl is not None
    assert master.by_symbol("3750.HK") == catl
    assert _scan(master, "寧德時代H股上市") == [{catl.id}]


def test_ping_an_a_and_h_merged(master: SecurityMaster) -> None:
    ping_an = master.by_symbol("601318.SS")
    assert ping_an is not None
    assert master.by_symbol("2318.HK") == ping_an
    assert _scan(master, "中國平安公布業績")[0] == {ping_an.id}


def test_a_plus_h_merges_without_curation(master: SecurityMaster) -> None:
    # China Merchants Bank has no curated row: the lists alone join its two lines.
    cmb = master.by_symbol("600036.SS")
    assert cmb is not None
    assert master.by_symbol("3968.HK") == cmb


def test_crypto_by_chinese_name(master: SecurityMaster) -> None:
    assert _scan(master, "比特币跌破12万美元") == [{"BTC-USD"}]
    assert _scan(master, "以太坊升级")[0] == {"ETH-USD"}
    btc = master.entity("BTC-USD")
    assert btc.kind == "crypto"


@pytest.mark.parametrize(
    ("symbol", "key"),
    [
        ("TGT", "target"),
        ("XYZ", "block"),
        ("SNAP", "snap"),
        ("MTCH", "match"),
        ("BALL", "ball"),
        ("TOST", "toast"),
        ("FOSL", "fossil"),
    ],
)
def test_common_english_words_are_ambiguous(master: SecurityMaster, symbol: str, key: str) -> None:
    entity = master.by_symbol(symbol)
    assert entity is not None
    names = [n for n in master.names_of(entity.id) if n.key == key]
    assert names
    assert all(n.ambiguous for n in names)


@pytest.mark.parametrize(("symbol", "key"), [("NVDA", "nvidia"), ("MSFT", "microsoft")])
def test_brand_names_are_not_ambiguous(master: SecurityMaster, symbol: str, key: str) -> None:
    entity = master.by_symbol(symbol)
    assert entity is not None
    assert [n.ambiguous for n in master.names_of(entity.id) if n.key == key] == [False]


@pytest.mark.parametrize(
    ("symbol", "key"),
    [("601857.SS", "石油"), ("600016.SS", "民生"), ("600030.SS", "中信"), ("601166.SS", "兴业")],
)
def test_common_chinese_aliases_are_ambiguous(
    master: SecurityMaster, symbol: str, key: str
) -> None:
    entity = master.by_symbol(symbol)
    assert entity is not None
    names = [n for n in master.names_of(entity.id) if n.key == key]
    assert names
    assert all(n.ambiguous for n in names)


def test_words_inside_common_words_do_not_link_unflagged(master: SecurityMaster) -> None:
    # 工智 (*ST工智, 哈工智能's ST name) sits inside 人工智能; 中新 inside 中新网.
    from marketbuzz.text.fold import fold

    for text in ["人工智能概念股全线走强", "據中新網報道,人工智能投資持續升溫"]:
        unflagged = [
            folded
            for start, end, names in master.scan_cjk(fold(text))
            if not any(n.ambiguous for n in names)
            for folded in [text[start:end]]
        ]
        assert unflagged == []


def test_byd_abbreviation_is_ambiguous_but_full_name_is_not(master: SecurityMaster) -> None:
    byd = master.by_symbol("002594.SZ")
    assert byd is not None
    flags = {n.key: n.ambiguous for n in master.names_of(byd.id) if n.lang == "zh"}
    assert flags["比亚"] is True  # 哥伦比亚, 赞比亚
    assert flags["比亚迪"] is False


def test_a_name_curated_for_another_entity_needs_context(master: SecurityMaster) -> None:
    # brokers.tsv says "UBS" is UBS Group; the SEC's "UBS AG" (an ETN issuer) keeps the name
    # only with context, and its full legal name stays plain.
    issuer = master.by_symbol("AMUB")
    group = master.by_symbol("UBS")
    assert issuer is not None
    assert group is not None
    assert issuer != group
    flags = {n.text: n.ambiguous for n in master.names_of(issuer.id)}
    assert flags["UBS"] is True
    assert flags["UBS AG"] is False
    assert [n.ambiguous for n in master.names_of(group.id) if n.key == "ubs"] == [False]


def test_numbers_are_not_company_names(master: SecurityMaster) -> None:
    assert all(n.ambiguous for n in master.names if n.lang == "en" and n.key.isdigit())


def test_short_acronyms_match_only_as_written(master: SecurityMaster) -> None:
    hsbc = {n.text: n for n in master.names_of("0005.HK") if n.key == "hsbc"}
    assert hsbc["HSBC"].case_sensitive
    exact = [n for n in master.names if n.case_sensitive]
    assert len(exact) > 100
    assert all(n.lang == "en" and n.text.isupper() for n in exact)


def test_no_name_points_at_a_missing_entity(master: SecurityMaster) -> None:
    assert all(n.entity_id in master.entities for n in master.names)
    assert all(n.key for n in master.names)


def test_build_is_deterministic(
    shared_data: Path, curated_copy: Path, built_bytes: bytes, tmp_path: Path
) -> None:
    # Another process with another string-hash seed: set and dict orders differ there.
    out = tmp_path / "again.msgpack.gz"
    script = Path(__file__).resolve().parents[1] / "scripts" / "build_master.py"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    shared_root = shared_data.parent
    subprocess.run(
        [
            sys.executable,
            str(script),
            "--shared",
            str(shared_root),
            "--out",
            str(out),
            "--curated",
            str(curated_copy),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    assert out.read_bytes() == built_bytes
    assert decode_master(built_bytes).version.startswith("2026-")
