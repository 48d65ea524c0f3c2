"""The curated tables of the security master (`master/curated/*.tsv`).

They hold what the public lists lack: the Chinese names media use for US stocks and ADRs, and
names for indices, currencies, rates, commodities, coins, brokers and organisations. These tests
check the format the build relies on, that no name points at two entities unless it is marked
ambiguous, that the seed article's names link where they should, and how the names behave when
scanned over real sentences in Traditional Chinese, Simplified Chinese and English.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

import marketbuzz
from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Entity, Listing, Name
from marketbuzz.text.fold import fold

CURATED_DIR = Path(marketbuzz.__file__).parent / "master" / "curated"
HEADER = [
    "id",
    "kind",
    "name",
    "name_zh",
    "listings",
    "roles",
    "themes",
    "zh_names",
    "en_names",
    "ambiguous",
]
FILES = (
    "us_adr_zh.tsv",
    "brokers.tsv",
    "indices.tsv",
    "fx.tsv",
    "rates.tsv",
    "commodities.tsv",
    "crypto.tsv",
    "organizations.tsv",
)
KINDS = {"equity", "index", "fx", "rate", "commodity", "crypto", "fund", "organization"}
# The kinds each file may hold (brokers.tsv also has unlisted research houses).
FILE_KINDS = {
    "us_adr_zh.tsv": {"equity", "fund"},
    "brokers.tsv": {"equity", "organization"},
    "indices.tsv": {"index"},
    "fx.tsv": {"fx"},
    "rates.tsv": {"rate"},
    "commodities.tsv": {"commodity"},
    "crypto.tsv": {"crypto"},
    "organizations.tsv": {"organization"},
}
ROLES = {"broker"}
THEMES = {
    "ai",
    "semiconductors",
    "data_centers",
    "big_tech",
    "cloud",
    "software",
    "cybersecurity",
    "quantum",
    "ev",
    "autos",
    "batteries",
    "crypto",
    "fintech",
    "payments",
    "banking",
    "insurance",
    "china_internet",
    "e_commerce",
    "social_media",
    "media",
    "gaming",
    "telecom",
    "consumer",
    "travel",
    "airlines",
    "education",
    "property",
    "healthcare",
    "pharma",
    "energy",
    "nuclear",
    "metals",
    "gold",
    "silver",
    "agriculture",
    "defense",
    "space",
    "robotics",
}
# Yahoo suffix -> the markets a symbol with it may be listed on.
SUFFIX_MARKETS = {
    ".HK": {"HK", "INDEX"},
    ".SS": {"SS", "INDEX"},
    ".SZ": {"SZ", "INDEX"},
    ".BJ": {"BJ"},
    ".T": {"T"},
    ".TW": {"TW"},
    ".KS": {"KS"},
    ".AX": {"AX"},
    ".L": {"L"},
    ".PA": {"PA"},
    ".DE": {"DE"},
    ".AS": {"AS"},
    ".SW": {"SW"},
}
MARKETS = {m for ms in SUFFIX_MARKETS.values() for m in ms} | {
    "US",
    "CRYPTO",
    "FX",
    "FUT",
    "RATE",
    "INDEX",
}
US_SYMBOL = re.compile(r"[A-Z]{1,5}(-[A-Z])?")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    id: str
    kind: str
    name: str
    name_zh: str | None
    listings: tuple[tuple[str, str], ...]
    roles: tuple[str, ...]
    themes: tuple[str, ...]
    zh_names: tuple[str, ...]
    en_names: tuple[str, ...]
    ambiguous: frozenset[str]

    @property
    def latin_names(self) -> tuple[str, ...]:
        """The Latin names, with the display name first: the build matches it as a name too."""
        listed = {name_key(n, "en") for n in self.en_names}
        if CJK.search(self.name) or name_key(self.name, "en") in listed:
            return self.en_names
        return (self.name, *self.en_names)

    @property
    def names(self) -> tuple[str, ...]:
        return self.zh_names + self.en_names

    @property
    def symbols(self) -> tuple[str, ...]:
        return tuple(symbol for symbol, _ in self.listings)


def _split(cell: str, sep: str) -> tuple[str, ...]:
    return () if cell == "-" else tuple(cell.split(sep))


def _data_lines(path: Path) -> list[tuple[int, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(n, line) for n, line in enumerate(lines, 1) if line and not line.startswith("#")]


@cache
def raw_cells() -> dict[str, list[tuple[int, list[str]]]]:
    """Every file's non-comment lines split by the csv module, header included."""
    out: dict[str, list[tuple[int, list[str]]]] = {}
    for file in FILES:
        numbered = _data_lines(CURATED_DIR / file)
        reader = csv.reader([line for _, line in numbered], delimiter="\t", quoting=csv.QUOTE_NONE)
        out[file] = [(n, cells) for (n, _), cells in zip(numbered, reader, strict=True)]
    return out


@cache
def rows() -> tuple[Row, ...]:
    parsed = []
    for file, lines in raw_cells().items():
        for line, cells in lines[1:]:
            listings = tuple(
                (item.rsplit(":", 1)[0], item.rsplit(":", 1)[1]) for item in _split(cells[4], "|")
            )
            parsed.append(
                Row(
                    file=file,
                    line=line,
                    id=cells[0],
                    kind=cells[1],
                    name=cells[2],
                    name_zh=None if cells[3] == "-" else cells[3],
                    listings=listings,
                    roles=_split(cells[5], ","),
                    themes=_split(cells[6], ","),
                    zh_names=_split(cells[7], "|"),
                    en_names=_split(cells[8], "|"),
                    ambiguous=frozenset(_split(cells[9], "|")),
                )
            )
    return tuple(parsed)


def by_id() -> dict[str, Row]:
    return {row.id: row for row in rows()}


def name_key(name: str, lang: str) -> str:
    """The build's matching key: folded, and lower-cased for Latin names."""
    folded = fold(name)
    return folded.lower() if lang == "en" else folded


@cache
def curated_master() -> SecurityMaster:
    """A master made of the curated rows alone, to scan text the way the linker will."""
    entities = []
    names = []
    for row in rows():
        entities.append(
            Entity(
                row.id,
                row.name,
                row.name_zh,
                row.kind,
                tuple(Listing(symbol, market) for symbol, market in row.listings),
                row.roles,
                row.themes,
            )
        )
        for lang, group in (("zh", row.zh_names), ("en", row.latin_names)):
            for text in group:
                names.append(
                    Name(
                        row.id,
                        name_key(text, lang),
                        text,
                        "alias",
                        lang,
                        ambiguous=text in row.ambiguous,
                    )
                )
    return SecurityMaster(entities, names, "curated-test")


def cjk_hits(text: str) -> list[tuple[str, str, bool]]:
    """(matched text, entity id, ambiguous) for every Chinese-name match in `text`."""
    hits: list[tuple[str, str, bool]] = []
    for start, end, names in curated_master().scan_cjk(fold(text)):
        hits.extend((text[start:end], name.entity_id, name.ambiguous) for name in names)
    return hits


def _latin_word_char(char: str) -> bool:
    # Chinese characters are alphanumeric to Python but end a Latin word: "Trilogy Metals暴漲".
    return char.isascii() and char.isalnum()


def latin_hits(text: str) -> list[tuple[str, str, bool]]:
    """Latin-name matches that stand as whole words (the linker checks boundaries the same way)."""
    lowered = fold(text).lower()
    hits: list[tuple[str, str, bool]] = []
    for start, end, names in curated_master().scan_latin(lowered):
        before = lowered[start - 1] if start else " "
        after = lowered[end] if end < len(lowered) else " "
        if _latin_word_char(before) or _latin_word_char(after):
            continue
        hits.extend((text[start:end], name.entity_id, name.ambiguous) for name in names)
    return hits


def sure_ids(hits: list[tuple[str, str, bool]]) -> set[str]:
    return {entity_id for _, entity_id, ambiguous in hits if not ambiguous}


# -- format ----------------------------------------------------------------------------------


def test_every_file_exists_with_the_exact_header() -> None:
    for file in FILES:
        header_line, header = raw_cells()[file][0]
        assert header == HEADER, file
        assert header_line == 1, f"{file}: the header must be the first line"


def test_every_row_has_ten_clean_cells() -> None:
    for file, lines in raw_cells().items():
        for line, cells in lines[1:]:
            where = f"{file}:{line}"
            assert len(cells) == 10, where
            for cell in cells:
                assert cell, f"{where}: empty cell (write '-')"
                assert cell == cell.strip(), f"{where}: padding in {cell!r}"
                assert "\u3000" not in cell, where
                assert "\xa0" not in cell, where
            for column in (4, 7, 8, 9):
                items = _split(cells[column], "|")
                assert all(items), f"{where}: empty item in {HEADER[column]}"
                assert all(item == item.strip() for item in items), where
                assert len(set(items)) == len(items), f"{where}: repeated {HEADER[column]}"
                assert "-" not in items or cells[column] == "-", where


def test_ids_are_unique_across_files() -> None:
    seen: dict[str, str] = {}
    for row in rows():
        assert row.id not in seen, f"{row.id} in {seen.get(row.id)} and {row.file}"
        seen[row.id] = row.file


def test_there_are_enough_rows_for_the_most_discussed_names() -> None:
    counts: dict[str, int] = defaultdict(int)
    for row in rows():
        counts[row.file] += 1
    assert counts["us_adr_zh.tsv"] + counts["brokers.tsv"] >= 240
    assert counts["indices.tsv"] >= 25
    assert min(counts.values()) >= 10


def test_kinds_are_valid_and_fit_their_file() -> None:
    for row in rows():
        assert row.kind in KINDS, (row.file, row.id)
        assert row.kind in FILE_KINDS[row.file], (row.file, row.id, row.kind)


def test_listings_are_symbol_colon_known_market() -> None:
    for row in rows():
        for symbol, market in row.listings:
            where = (row.file, row.id, symbol)
            assert market in MARKETS, where
            assert symbol, where
            assert symbol == symbol.strip(), where
            suffix = next((s for s in SUFFIX_MARKETS if symbol.endswith(s)), None)
            if suffix:
                assert market in SUFFIX_MARKETS[suffix], where
            if market == "US":
                assert US_SYMBOL.fullmatch(symbol), where
            if market == "HK":
                assert re.fullmatch(r"\d{4,5}\.HK", symbol), where
                assert not (len(symbol) == 8 and symbol.startswith("0") and symbol[1] != "0"), where
            if market in {"SS", "SZ"}:
                assert re.fullmatch(r"\d{6}\.S[SZ]", symbol), where
            if market == "CRYPTO":
                assert symbol.endswith("-USD"), where
            if market == "FUT":
                assert symbol.endswith("=F"), where
            if market == "FX":
                assert symbol.endswith("=X") or symbol == "DX-Y.NYB", where


def test_hk_symbols_use_four_digits_where_the_code_allows() -> None:
    for row in rows():
        for symbol, market in row.listings:
            if market == "HK":
                code = symbol.removesuffix(".HK")
                assert len(code) == 4 or code[0] != "0", (row.id, symbol)


def test_ids_are_a_listing_symbol_or_an_unlisted_org() -> None:
    for row in rows():
        if row.id.startswith("org:"):
            assert not row.listings, row.id
            assert row.kind == "organization", row.id
            assert re.fullmatch(r"org:[a-z0-9-]+", row.id), row.id
        else:
            assert row.id in row.symbols, row.id
            assert row.kind != "organization", row.id


def test_roles_and_themes_come_from_the_vocabulary() -> None:
    for row in rows():
        assert set(row.roles) <= ROLES, (row.id, row.roles)
        assert set(row.themes) <= THEMES, (row.id, row.themes)


def test_banks_and_brokers_live_in_brokers_tsv_only() -> None:
    for row in rows():
        if row.file == "brokers.tsv":
            assert row.roles == ("broker",), row.id
        else:
            assert "broker" not in row.roles, row.id


def test_ambiguous_names_are_names_of_their_row() -> None:
    for row in rows():
        assert row.ambiguous <= set(row.names), (row.id, row.ambiguous - set(row.names))


def test_every_row_has_a_name_and_the_display_name_zh_is_listed() -> None:
    for row in rows():
        assert row.names, row.id
        if row.name_zh and CJK.search(row.name_zh):
            assert row.name_zh in row.zh_names, row.id


def test_chinese_names_hold_chinese_and_latin_names_none() -> None:
    for row in rows():
        for name in row.zh_names:
            assert CJK.search(name), (row.id, name)
            assert len(fold(name)) >= 2, (row.id, name)
        for name in row.en_names:
            assert not CJK.search(name), (row.id, name)
            assert len(name) >= 2, (row.id, name)


def test_no_row_lists_the_same_key_twice() -> None:
    # The build folds Traditional to Simplified per character: 英偉達 already matches 英伟达.
    for row in rows():
        keys = [name_key(n, "zh") for n in row.zh_names] + [name_key(n, "en") for n in row.en_names]
        assert len(keys) == len(set(keys)), (row.id, sorted(k for k in keys if keys.count(k) > 1))


def test_a_name_shared_by_two_entities_is_ambiguous_in_both() -> None:
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    sure: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows():
        for lang, group in (("zh", row.zh_names), ("en", row.latin_names)):
            for name in group:
                key = (lang, name_key(name, lang))
                owners[key].add(row.id)
                if name not in row.ambiguous:
                    sure[key].add(row.id)
    clashes = {key: ids for key, ids in owners.items() if len(ids) > 1 and sure[key]}
    assert not clashes


def test_words_that_are_units_or_places_are_never_names() -> None:
    keys = {name_key(n, "zh") for row in rows() for n in row.zh_names}
    keys |= {name_key(n, "en") for row in rows() for n in row.latin_names}
    for word in ("美元", "美金", "美国", "中国", "香港", "人工智能", "芯片", "黄金周", "股市"):
        assert fold(word) not in keys, word
    for word in ("usd", "dollar", "us", "ai", "x", "gdp", "ttm", "fp8", "vqa", "ocr", "stem"):
        assert word not in keys, word
    for word in ("vl", "gpt-5-mini", "claude4-sonnet", "the", "oil price"):
        assert word not in keys, word


# -- the seed article's names ------------------------------------------------------------------

SEED_NAMES = {
    "甲骨文": "ORCL",
    "特斯拉": "TSLA",
    "芯片指數": "^SOX",
    "中概指數": "^HXC",
    "阿里巴巴": "BABA",
    "阿里": "BABA",
    "阿里雲": "BABA",
    "通義千問": "BABA",
    "寧德時代": "300750.SZ",
    "京東": "JD",
    "超威半導體": "AMD",
    "英偉達": "NVDA",
    "標普": "^GSPC",
    "納指": "^IXIC",
    "美元指數": "DX-Y.NYB",
    "日元": "JPY=X",
    "比特幣": "BTC-USD",
    "期金": "GC=F",
    "期銀": "SI=F",
    "三年期美債": "US3Y",
    "摩根士丹利": "MS",
    "摩根大通": "JPM",
    "里昂": "600030.SS",
    "大和證券": "8601.T",
}
SEED_LATIN = {
    "Trilogy Metals": "TMQ",
    "Qwen": "BABA",
    "OpenAI": "org:openai",
    "Praetorian Capital": "org:praetorian-capital",
    "SEC": "org:sec",
    "Lucent": "org:lucent",
    "Nortel": "org:nortel",
}


def _owners(name: str, lang: str) -> set[str]:
    key = name_key(name, lang)
    return {
        row.id
        for row in rows()
        for text in (row.zh_names if lang == "zh" else row.latin_names)
        if name_key(text, lang) == key
    }


@pytest.mark.parametrize(("name", "entity_id"), sorted(SEED_NAMES.items()))
def test_seed_chinese_names_belong_to_the_right_entity(name: str, entity_id: str) -> None:
    assert _owners(name, "zh") == {entity_id}


@pytest.mark.parametrize(("name", "entity_id"), sorted(SEED_LATIN.items()))
def test_seed_latin_names_belong_to_the_right_entity(name: str, entity_id: str) -> None:
    assert _owners(name, "en") == {entity_id}


def test_seed_entities_carry_all_their_listings_and_kinds() -> None:
    table = by_id()
    assert set(table["BABA"].symbols) == {"BABA", "9988.HK"}
    assert set(table["300750.SZ"].symbols) == {"300750.SZ", "3750.HK"}
    assert set(table["JD"].symbols) == {"JD", "9618.HK"}
    assert table["US3Y"].kind == "rate"
    assert table["^SOX"].kind == table["^HXC"].kind == "index"
    assert table["GC=F"].kind == "commodity"
    assert table["JPY=X"].kind == "fx"
    for broker in ("MS", "JPM", "600030.SS", "8601.T"):
        assert table[broker].roles == ("broker",)
    for org in ("org:openai", "org:praetorian-capital", "org:sec", "org:lucent", "org:nortel"):
        assert table[org].kind == "organization"
    # The sentence about yields names no tenor: it links to a rates instrument all the same.
    assert {table[i].kind for i in _owners("美債收益率", "zh")} == {"rate"}


def test_contested_names_are_marked_ambiguous() -> None:
    table = by_id()
    assert "超微" in table["AMD"].ambiguous
    assert "超微" in table["SMCI"].ambiguous
    assert {"甲骨文", "Oracle"} <= table["ORCL"].ambiguous
    assert {"蘋果", "Apple"} <= table["AAPL"].ambiguous
    assert "小米" in table["1810.HK"].ambiguous
    assert "里昂" in table["600030.SS"].ambiguous
    assert {"黃金", "gold"} <= table["GC=F"].ambiguous
    assert {"石油", "oil"} <= table["CL=F"].ambiguous
    assert "SOL" in table["SOL-USD"].ambiguous
    assert "DOGE" in table["DOGE-USD"].ambiguous
    assert "SEC" not in table["org:sec"].ambiguous


def test_the_seed_article_links_its_instruments(seed_text: str) -> None:
    hits = cjk_hits(seed_text)
    found = {entity_id for _, entity_id, _ in hits}
    for entity_id in (
        "ORCL",
        "TSLA",
        "^SOX",
        "^HXC",
        "BABA",
        "300750.SZ",
        "JD",
        "AMD",
        "NVDA",
        "^GSPC",
        "^IXIC",
        "DX-Y.NYB",
        "JPY=X",
        "BTC-USD",
        "GC=F",
        "SI=F",
        "US3Y",
        "MS",
        "JPM",
        "600030.SS",
        "8601.T",
    ):
        assert entity_id in found, entity_id
    # 美元 (the unit in 5000美元, 46億美元) is never a match; 美債收益率 is the untenored yield.
    assert all(text != "美元" for text, _, _ in hits)
    assert ("美債收益率", "US-TREASURIES", False) in hits
    latin = {entity_id for _, entity_id, _ in latin_hits(seed_text)}
    assert {"TMQ", "BABA", "org:openai", "org:praetorian-capital", "org:sec"} <= latin
    assert {"org:lucent", "org:nortel"} <= latin
    # TTM (in the disclaimer), X, AI, GDP, STEM, OCR, VQA and FP8 are no names at all.
    assert not {text.upper() for text, _, _ in latin_hits(seed_text)} & {
        "TTM",
        "X",
        "AI",
        "GDP",
        "STEM",
        "OCR",
        "VQA",
        "FP8",
    }


# -- names on real sentences -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Simplified, mainland wording.
        ("英伟达盘中涨超3%，市值再创新高，超威半导体跟涨。", {"NVDA", "AMD"}),
        ("港股收盘，恒指涨1.2%，恒生科技指数涨2.3%，美团、快手科技走强。", {"^HSI", "HSTECH.HK"}),
        ("沪指收涨0.5%，深成指涨0.8%，创业板指涨1.1%，宁德时代涨超4%。", {"000001.SS"}),
        ("十年期美债收益率升至4.5%，美元指数走强，离岸人民币跌破7.3。", {"^TNX", "DX-Y.NYB"}),
        ("纽约期金收涨0.8%，布兰特原油跌2%，比特币失守10万美元。", {"GC=F", "BZ=F", "BTC-USD"}),
        # Traditional, Hong Kong wording.
        ("大摩發表報告，上調阿里巴巴目標價，並予騰訊控股「增持」評級。", {"MS", "BABA", "0700.HK"}),
        ("滙豐環球研究指，聯儲局年內或再減息兩次，港元拆息回落。", {"0005.HK"}),
        ("美股三大指數個別發展，納指升0.6%，費城半導體指數跌1%。", {"^IXIC", "^SOX"}),
        # Traditional, Taiwan wording.
        ("輝達財報優於預期，台積電ADR盤後大漲，聯發科同步走高。", {"NVDA", "2330.TW", "2454.TW"}),
        ("美國聯準會維持利率不變，新台幣兌美元收盤升值。", {"org:fed"}),
    ],
)
def test_names_link_in_chinese_news(sentence: str, expected: set[str]) -> None:
    assert expected <= sure_ids(cjk_hits(sentence))


@pytest.mark.parametrize(
    ("sentence", "trap"),
    [
        ("在高通胀压力下，央行维持紧缩政策。", "高通"),  # high inflation, not Qualcomm
        ("据报道指出，公司将于下月复牌。", "道指"),  # 报道指出, not the Dow
        ("农发行两期金融债招标结束。", "期金"),  # 两期金融债, not gold futures
        ("元旦假期银联网络交易额创新高。", "期银"),  # 假期银联, not silver futures
        ("美国银行业监管趋严，地区银行承压。", "美国银行"),  # the US banking sector
        ("公司将大力拓展海外市场。", "力拓"),  # 大力拓展, not Rio Tinto
        ("三川智慧与龙芯中科合作开发芯片。", "慧与"),  # 智慧与, not HPE
        ("全国指数型基金规模创新高。", "国指"),  # 全国指数, not the HSCEI
        ("该公司在微博发文致歉。", "微博"),  # the platform, not a market story
        ("甲骨文是商代刻在龟甲兽骨上的文字。", "甲骨文"),  # oracle-bone script
        ("法国里昂的旅游业复苏。", "里昂"),  # the city of Lyon
        ("这批苹果和小米在超市热销。", "苹果"),  # fruit and millet
        ("资产的现金价值与租金价格齐升。", "金价"),  # 现金价 / 租金价格
        ("以100亿日元收购当地工厂。", "日元"),  # a unit, not the yen rate
    ],
)
def test_traps_match_only_as_ambiguous(sentence: str, trap: str) -> None:
    hits = [(text, entity_id, amb) for text, entity_id, amb in cjk_hits(sentence)]
    assert any(fold(text) == fold(trap) for text, _, _ in hits), "the trap must still be found"
    assert not sure_ids(hits), hits


def test_longer_names_win_over_the_shorter_names_inside_them() -> None:
    assert sure_ids(cjk_hits("股指期货在中金所上市交易。")) == {"org:cffex"}
    assert sure_ids(cjk_hits("美国航空航天局公布登月计划。")) == {"org:nasa"}
    assert sure_ids(cjk_hits("新加坡金融管理局放宽政策。")) == {"org:mas"}
    assert sure_ids(cjk_hits("比特币现金大涨。")) == {"BCH-USD"}
    assert sure_ids(cjk_hits("三年期美债标售需求稳健。")) == {"US3Y"}
    assert sure_ids(cjk_hits("MSCI中国指数今年跌20%。")) == {"MSCI-CHINA"}


def test_the_nikkei_is_not_found_in_every_daily_economics_byline() -> None:
    assert cjk_hits("来源:每日经济新闻") == []
    assert cjk_hits("该事项于12月22日经公司董事会会议审议通过。") == []


@pytest.mark.parametrize(
    ("sentence", "expected", "ambiguous"),
    [
        (
            "Goldman Sachs raised its price target on Apple, while Morgan Stanley stayed neutral.",
            {"GS", "MS"},
            {"AAPL", "TGT"},
        ),
        (
            "The S&P 500 and the Nasdaq Composite hit records as Nvidia and Broadcom rallied.",
            {"^GSPC", "^IXIC", "NVDA", "AVGO"},
            set(),
        ),
        (
            "Brent crude fell 2% and spot gold rose after the Federal Reserve held rates.",
            {"BZ=F", "GC=F", "org:fed"},
            set(),
        ),
        (
            "Credit Suisse Ups Target on Agilent; gold and oil were little changed.",
            {"org:credit-suisse"},
            {"UPS", "TGT", "GC=F", "CL=F"},
        ),
    ],
)
def test_names_link_in_english_news(sentence: str, expected: set[str], ambiguous: set[str]) -> None:
    hits = latin_hits(sentence)
    assert sure_ids(hits) == expected
    assert ambiguous <= {entity_id for _, entity_id, amb in hits if amb}


def test_scanning_odd_input_never_raises() -> None:
    for text in ("", " ", "\u3000\x00\ufeff", "𠀀" * 10, "阿" * 10_000):
        cjk_hits(text)
        latin_hits(text)


# -- cross-checks against the public lists -----------------------------------------------------


def _tokens(text: str) -> set[str]:
    stop = {"inc", "corp", "co", "ltd", "plc", "group", "holdings", "holding", "the", "company"}
    stop |= {"and", "of", "sa", "ag", "nv", "se", "a/s", "adr", "class", "com", "corporation"}
    words = re.split(r"[^a-z0-9&]+", text.lower().replace("'", ""))
    return {t for t in words if len(t) >= 2} - stop


def _shares_two_chars(a: str, b: str) -> bool:
    return len(set(fold(a)) & set(fold(b)) - set("-－ＳＷ")) >= 2


def test_us_listings_exist_and_their_names_agree(shared_data: Path) -> None:
    sec = json.loads(
        (shared_data / "sec_company_tickers/company_tickers_exchange.json").read_text()
    )
    names = {ticker: name for _, name, ticker, _ in sec["data"]}
    index = json.loads((shared_data / "stock_index_cn_hk_us/stocks.index.json").read_text())
    names.update({r[1]: r[2] for r in index if r[6] == "US" and r[1] not in names})
    problems = []
    for row in rows():
        our_tokens = set().union(*(_tokens(n) for n in (row.name, *row.en_names)))
        for symbol, market in row.listings:
            if market != "US":
                continue
            if symbol not in names:
                problems.append((row.id, symbol, "not listed"))
            elif not _tokens(names[symbol]) & our_tokens:
                problems.append((row.id, symbol, names[symbol]))
    assert not problems


def _hk_names(shared_data: Path) -> dict[str, str]:
    """5-digit HK code -> short name: HKEX's list (Nov 2025), then the Mar 2026 index."""
    index = json.loads((shared_data / "stock_index_cn_hk_us/stocks.index.json").read_text())
    listed = {r[1]: r[2] for r in index if r[6] == "HK"}
    path = shared_data / "hkex_securities_zh/ListOfSecurities_c.csv"
    with path.open(encoding="utf-8-sig") as handle:
        listed.update({r[0]: r[1] for r in list(csv.reader(handle))[3:] if len(r) > 1})
    return listed


def test_hk_listings_exist_and_their_names_agree(shared_data: Path) -> None:
    listed = _hk_names(shared_data)
    problems = []
    for row in rows():
        for symbol, market in row.listings:
            if market != "HK":
                continue
            hkex_name = listed.get(symbol.removesuffix(".HK").zfill(5), "")
            agrees = any(_shares_two_chars(hkex_name, n) for n in row.zh_names) or (
                _tokens(hkex_name) & set().union(*(_tokens(n) for n in row.en_names))
            )
            if not agrees:
                problems.append((row.id, symbol, hkex_name))
    assert not problems


def test_a_share_listings_exist_and_their_names_agree(shared_data: Path) -> None:
    index = json.loads((shared_data / "stock_index_cn_hk_us/stocks.index.json").read_text())
    names = {r[1]: r[2] for r in index if r[6] == "CN"}
    for row in rows():
        for symbol, market in row.listings:
            if market not in {"SS", "SZ"}:
                continue
            code = symbol[:6]
            assert code in names, (row.id, symbol)
            assert any(_shares_two_chars(names[code], n) for n in row.zh_names), (row.id, symbol)


def test_coins_exist_in_the_public_crypto_list(shared_data: Path) -> None:
    with (shared_data / "crypto_names_zh/crypto_info.csv").open(encoding="utf-8") as handle:
        known = {r["symbol"]: r for r in csv.DictReader(handle)}
    for row in rows():
        for symbol, market in row.listings:
            if market == "CRYPTO":
                base = symbol.removesuffix("-USD")
                assert base in known, symbol
                chinese = known[base]["name_trans"]
                if CJK.search(chinese):
                    # Where the public list has a Chinese name, ours include it.
                    assert fold(chinese) in {fold(n) for n in row.zh_names}, (symbol, chinese)


def test_sure_names_are_not_another_listed_company_s_short_name(shared_data: Path) -> None:
    """A name we link without context must not be the current short name of another security."""
    index = json.loads((shared_data / "stock_index_cn_hk_us/stocks.index.json").read_text())
    public: dict[str, set[str]] = defaultdict(set)
    for r in index:
        if r[6] in {"CN", "BSE"}:
            public[_public_key(r[2])].add(r[1])
    for code, name in _hk_names(shared_data).items():
        # 8xxxx are the RMB counters of the HKD lines (80700 is Tencent's): the same company.
        public[_public_key(name)].add(code[1:].zfill(5) if code.startswith("8") else code)
    problems = []
    for row in rows():
        ours = {
            symbol.split(".")[0].zfill(5) if market == "HK" else symbol.split(".")[0]
            for symbol, market in row.listings
        }
        for name in row.zh_names:
            others = public.get(fold(name), set()) - ours
            if others and name not in row.ambiguous:
                problems.append((row.id, name, sorted(others)))
    assert not problems


def _public_key(name: str) -> str:
    """A public-list short name as the build keys it: no ST marks, HK suffixes or share class."""
    key = fold(name).replace(" ", "").replace("－", "-")
    key = re.sub(r"^(\*?ST|S\*?ST)", "", key)
    key = re.sub(r"-(W|SW|S|SWR|R|B)$", "", key)
    return re.sub(r"[AB]$", "", key)
