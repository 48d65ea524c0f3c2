"""Price moves in Traditional Chinese, Simplified Chinese and English news.

Mentions are built here by scanning a tiny security master (the linker is tested on its own),
so these tests pin down the move rules alone: which mention a verb belongs to, the size, the
qualifiers, levels, highs and lows, streaks and causes.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from marketbuzz.document import Document
from marketbuzz.extract.moves import extract_moves
from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Entity, Listing, Name
from marketbuzz.model import Article, Mention, Move
from marketbuzz.text.fold import fold

# id, kind, Chinese names, Latin names, listings (symbol, market)
_ENTITIES: list[tuple[str, str, list[str], list[str], list[tuple[str, str]]]] = [
    ("ORCL", "equity", ["甲骨文"], ["Oracle"], [("ORCL", "US")]),
    ("TSLA", "equity", ["特斯拉"], ["Tesla"], [("TSLA", "US")]),
    ("^SOX", "index", ["芯片指數", "費城半導體指數"], [], [("^SOX", "INDEX")]),
    ("TMQ", "equity", [], ["Trilogy Metals"], [("TMQ", "US")]),
    ("^HXC", "index", ["中概指數"], [], [("^HXC", "INDEX")]),
    ("BABA", "equity", ["阿里巴巴", "阿里"], ["Alibaba"], [("BABA", "US"), ("9988.HK", "HK")]),
    ("300750.SZ", "equity", ["寧德時代"], [], [("300750.SZ", "SZ"), ("3750.HK", "HK")]),
    ("JD", "equity", ["京東"], [], [("JD", "US"), ("9618.HK", "HK")]),
    ("US3Y", "rate", ["三年期美債"], [], [("US3Y", "RATE")]),
    ("US10Y", "rate", ["美債收益率", "十年期美債收益率"], ["Treasury yields"], [("^TNX", "RATE")]),
    ("DX-Y.NYB", "fx", ["美元指數"], ["dollar index"], [("DX-Y.NYB", "FX")]),
    ("JPY=X", "fx", ["日元"], ["yen"], [("JPY=X", "FX")]),
    ("BTC-USD", "crypto", ["比特幣"], ["Bitcoin"], [("BTC-USD", "CRYPTO")]),
    ("GC=F", "commodity", ["期金"], ["gold"], [("GC=F", "FUT")]),
    ("SI=F", "commodity", ["期銀"], [], [("SI=F", "FUT")]),
    ("BZ=F", "commodity", [], ["Brent crude"], [("BZ=F", "FUT")]),
    ("^GSPC", "index", ["標普"], ["S&P 500"], [("^GSPC", "INDEX")]),
    ("^IXIC", "index", ["納指"], ["Nasdaq"], [("^IXIC", "INDEX")]),
    ("^DJI", "index", ["道指"], [], [("^DJI", "INDEX")]),
    ("^HSI", "index", ["恒指", "恒生指數"], [], [("^HSI", "INDEX")]),
    ("000001.SS", "index", ["上證指數", "滬指"], [], [("000001.SS", "SS")]),
    ("AMD", "equity", ["超威半導體"], [], [("AMD", "US")]),
    ("NVDA", "equity", ["英偉達"], ["Nvidia"], [("NVDA", "US")]),
    ("0700.HK", "equity", ["騰訊控股", "騰訊"], [], [("0700.HK", "HK")]),
    ("AAPL", "equity", ["蘋果"], ["Apple"], [("AAPL", "US")]),
    ("MS", "equity", ["摩根士丹利"], ["Morgan Stanley"], [("MS", "US")]),
    ("GS", "equity", ["高盛"], ["Goldman"], [("GS", "US")]),
    ("org:openai", "organization", [], ["OpenAI"], []),
    ("org:fed", "organization", ["美聯儲"], ["Fed"], []),
]


def _master() -> SecurityMaster:
    entities = [
        Entity(eid, (en or zh)[0], zh[0] if zh else None, kind, tuple(Listing(s, m) for s, m in ls))
        for eid, kind, zh, en, ls in _ENTITIES
    ]
    names = [Name(eid, fold(n), n, "short", "zh") for eid, _, zh, _, _ in _ENTITIES for n in zh]
    names += [
        Name(eid, fold(n).lower(), n, "english", "en") for eid, _, _, en, _ in _ENTITIES for n in en
    ]
    return SecurityMaster(entities, names, "test")


MASTER = _master()


def _latin_matches(doc: Document) -> list[tuple[int, int, str]]:
    lowered = doc.folded.lower()
    found = []
    for start, end, names in MASTER.scan_latin(lowered):
        before = lowered[start - 1] if start else " "
        after = lowered[end] if end < len(lowered) else " "
        if not (before.isascii() and before.isalnum()) and not (
            after.isascii() and after.isalnum()
        ):
            found.append((start, end, names[0].entity_id))
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[tuple[int, int, str]] = []
    for match in found:
        if not kept or match[0] >= kept[-1][1]:
            kept.append(match)
    return kept


def mentions_for(
    doc: Document, roles: Mapping[str, str] | None = None, hint: str | None = None
) -> list[Mention]:
    """Mentions as the linker would give them: every name of the tiny master, with roles."""
    roles = roles or {}
    spans = [(s, e, names[0].entity_id) for s, e, names in MASTER.scan_cjk(doc.folded)]
    spans += _latin_matches(doc)
    return sorted(
        (
            Mention(eid, s, e, doc.text[s:e], role=roles.get(eid, "subject"), market_hint=hint)
            for s, e, eid in spans
        ),
        key=lambda m: m.start,
    )


def moves_in(
    text: str, roles: Mapping[str, str] | None = None, hint: str | None = None
) -> list[Move]:
    doc = Document(Article(title="", body=text))
    moves = extract_moves(doc, mentions_for(doc, roles, hint), MASTER)
    for move in moves:
        assert doc.text[move.start : move.end] == move.text
    return moves


def only(moves: list[Move], entity_id: str) -> Move:
    found = [m for m in moves if m.entity_id == entity_id]
    assert len(found) == 1, moves
    return found[0]


# -- the seed article ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_moves(seed_text: str) -> list[Move]:
    title, body = seed_text.split("\n\n", 1)
    body = body.split("免責聲明")[0]
    doc = Document(Article(title=title, body=body))
    mentions = mentions_for(doc, roles={"MS": "source"})
    return extract_moves(doc, mentions, MASTER)


@pytest.mark.parametrize(
    ("entity_id", "direction", "value", "qualifiers"),
    [
        ("ORCL", "down", 7, {"more_than", "at_one_point"}),
        ("TSLA", "down", 4, {"more_than"}),
        ("^SOX", "down", 2, {"more_than"}),
        ("TMQ", "up", 211, {"surge"}),
        ("^HXC", "down", 2, {"more_than"}),
        ("BABA", "down", 3, {"more_than"}),
        ("GC=F", "up", 1, {"nearly", "intraday"}),
    ],
)
def test_seed_sized_moves(
    seed_moves: list[Move], entity_id: str, direction: str, value: float, qualifiers: set[str]
) -> None:
    move = only(seed_moves, entity_id)
    assert (move.direction, move.unit) == (direction, "%")
    assert move.value == pytest.approx(value)
    assert qualifiers <= set(move.qualifiers)


def test_seed_cause_and_listing(seed_moves: list[Move]) -> None:
    trilogy = only(seed_moves, "TMQ")
    assert trilogy.cause == "美政府將入股"
    assert trilogy.text == "Trilogy Metals暴漲211%"
    assert only(seed_moves, "BABA").symbol == "BABA"


def test_seed_levels_highs_lows_and_streak(seed_moves: list[Move]) -> None:
    yields = only(seed_moves, "US10Y")
    assert (yields.direction, yields.high_low, yields.horizon) == ("down", "low", "day")
    dollar = only(seed_moves, "DX-Y.NYB")
    assert (dollar.direction, dollar.high_low, dollar.horizon) == ("up", "high", "1 month")
    yen = only(seed_moves, "JPY=X")
    assert (yen.direction, yen.high_low, yen.horizon) == ("down", "low", "7 months")
    silver = only(seed_moves, "SI=F")
    assert (silver.direction, silver.high_low, silver.horizon) == ("down", "high", "14 years")
    bitcoin = only(seed_moves, "BTC-USD")
    assert (bitcoin.direction, bitcoin.value, bitcoin.unit) == ("down", 5000, "price")
    assert (bitcoin.level, bitcoin.level_currency) == (121000, "USD")
    assert bitcoin.value_currency == "USD"
    assert {"at_one_point", "more_than", "from_record"} <= set(bitcoin.qualifiers)
    spx = only(seed_moves, "^GSPC")
    assert (spx.direction, spx.high_low, spx.streak) == (
        "down",
        "record_high",
        "7-day winning streak ended",
    )
    nasdaq = only(seed_moves, "^IXIC")
    assert (nasdaq.direction, nasdaq.high_low, nasdaq.streak) == ("down", "record_high", None)
    amd = only(seed_moves, "AMD")
    assert (amd.direction, amd.value, amd.qualifiers) == ("up", None, ("surge",))


def test_seed_has_no_other_moves(seed_moves: list[Move]) -> None:
    expected = {
        "ORCL", "TSLA", "^SOX", "TMQ", "^HXC", "BABA", "US10Y", "DX-Y.NYB", "JPY=X",
        "BTC-USD", "GC=F", "SI=F", "^GSPC", "^IXIC", "AMD",
    }  # fmt: skip
    assert {m.entity_id for m in seed_moves} == expected
    assert len(seed_moves) == len(expected)
    # fund flows (46億美元) and the 3.3% portfolio weight are not price moves
    assert all(m.value not in (46, 4.6e9, 3.3) for m in seed_moves)
    assert not [m for m in seed_moves if m.entity_id in ("MS", "org:openai", "NVDA")]


# -- sizes and qualifiers -----------------------------------------------------------------


def test_close_with_level_simplified() -> None:
    move = only(moves_in("恒指收跌1.2%报25000点。"), "^HSI")
    assert (move.direction, move.value, move.unit, move.level) == ("down", 1.2, "%", 25000)


def test_intraday_at_one_point_more_than_traditional() -> None:
    move = only(moves_in("騰訊控股盤中一度漲逾5%。"), "0700.HK")
    assert (move.direction, move.value, move.unit) == ("up", 5, "%")
    assert {"intraday", "at_one_point", "more_than"} <= set(move.qualifiers)


def test_hong_kong_sheng() -> None:
    move = only(moves_in("港股方面,騰訊今日升3%,恒指則跌250點。", hint="HK"), "0700.HK")
    assert (move.direction, move.value, move.symbol) == ("up", 3, "0700.HK")
    hsi = only(moves_in("港股方面,騰訊今日升3%,恒指則跌250點。"), "^HSI")
    assert (hsi.direction, hsi.value, hsi.unit) == ("down", 250, "points")


def test_about_and_nearly() -> None:
    moves = moves_in("特斯拉股价下跌约3%;英伟达上涨接近2%;苹果跌2%左右。")
    assert "about" in only(moves, "TSLA").qualifiers
    assert "nearly" in only(moves, "NVDA").qualifiers
    assert "about" in only(moves, "AAPL").qualifiers


def test_basis_points_and_percentage_points() -> None:
    move = only(moves_in("十年期美債收益率上升5個基點至4.2%。"), "US10Y")
    assert (move.direction, move.value, move.unit, move.level) == ("up", 5, "bp", 4.2)
    move = only(moves_in("美债收益率下降0.25个百分点。"), "US10Y")
    assert (move.direction, move.value, move.unit) == ("down", 25, "bp")


def test_negative_size_flips_the_direction() -> None:
    move = only(moves_in("恒指今日涨幅为-0.8%。"), "^HSI")
    assert (move.direction, move.value) == ("down", 0.8)


def test_flat() -> None:
    move = only(moves_in("道指收盘持平。"), "^DJI")
    assert move.direction == "flat"
    assert only(moves_in("Gold was little changed on Friday."), "GC=F").direction == "flat"


# -- levels, highs, lows, streaks ----------------------------------------------------------


def test_level_lost() -> None:
    move = only(moves_in("上证指数失守3000点关口。"), "000001.SS")
    assert (move.direction, move.level, move.value) == ("down", 3000, None)
    move = only(moves_in("比特幣升穿11萬美元大關。"), "BTC-USD")
    assert (move.direction, move.level, move.level_currency) == ("up", 110000, "USD")


def test_three_month_low() -> None:
    move = only(moves_in("特斯拉股价创下三个月新低。"), "TSLA")
    assert (move.direction, move.high_low, move.horizon) == ("down", "low", "3 months")


def test_record_high() -> None:
    move = only(moves_in("英偉達股價再創歷史新高。"), "NVDA")
    assert (move.direction, move.high_low, move.horizon) == ("up", "record_high", "record")
    move = only(moves_in("纳指盘中创新高。"), "^IXIC")
    assert (move.direction, move.high_low, move.horizon) == ("up", "record_high", "record")
    assert "intraday" in move.qualifiers
    move = only(moves_in("美元指数升至年内新高。"), "DX-Y.NYB")
    assert (move.direction, move.high_low, move.horizon) == ("up", "high", "year to date")
    move = only(moves_in("日元跌至新低。"), "JPY=X")
    assert (move.direction, move.high_low, move.horizon) == ("down", "low", None)


def test_high_since_a_date() -> None:
    move = only(moves_in("十年期美債收益率升至2020年3月以來的最高水平。"), "US10Y")
    assert (move.direction, move.high_low, move.horizon) == ("up", "high", "since 2020-03")
    move = only(moves_in("Treasury yields rose to their highest level since 2007."), "US10Y")
    assert (move.direction, move.high_low, move.horizon) == ("up", "high", "since 2007")
    move = only(moves_in("The yen fell to its lowest since July."), "JPY=X")
    assert (move.direction, move.high_low, move.horizon) == ("down", "low", "since July")


def test_limit_up_streak_and_cumulative_clause() -> None:
    move = only(moves_in("騰訊連續3個交易日漲停。"), "0700.HK")
    assert (move.direction, move.streak, move.qualifiers) == (
        "up",
        "3-day limit-up streak",
        ("limit_up",),
    )
    move = only(moves_in("特斯拉近期股价大涨,5月以来累计涨幅超100%。"), "TSLA")
    assert (move.direction, move.value, move.qualifiers) == ("up", 100, ("surge", "more_than"))


def test_streaks() -> None:
    move = only(moves_in("滬指七連陽。"), "000001.SS")
    assert (move.direction, move.streak) == ("up", "7-day winning streak")
    move = only(moves_in("道指连跌5日。"), "^DJI")
    assert (move.direction, move.streak) == ("down", "5-day losing streak")
    move = only(moves_in("标普终结了七连涨。"), "^GSPC")
    assert (move.direction, move.streak) == ("down", "7-day winning streak ended")


# -- several instruments, subjects, carry-over --------------------------------------------


def test_each_verb_goes_to_the_nearest_mention() -> None:
    moves = moves_in("美股三大指數漲跌不一,道指跌0.5%,納指漲0.3%,標普持平。")
    assert [(m.entity_id, m.direction, m.value) for m in moves] == [
        ("^DJI", "down", 0.5),
        ("^IXIC", "up", 0.3),
        ("^GSPC", "flat", None),
    ]


def test_joined_subjects_share_the_verb() -> None:
    moves = moves_in("标普、纳指双双下挫超1%。")
    assert {m.entity_id for m in moves} == {"^GSPC", "^IXIC"}
    assert all(m.value == 1 and m.direction == "down" for m in moves)


def test_respectively() -> None:
    moves = moves_in("特斯拉和蘋果股價分別下跌3%和2%。")
    assert [(m.entity_id, m.value) for m in moves] == [("TSLA", 3), ("AAPL", 2)]
    moves = moves_in("Tesla and Nvidia rose 3% and 2.5%, respectively.")
    assert [(m.entity_id, m.value) for m in moves] == [("TSLA", 3), ("NVDA", 2.5)]


def test_next_clause_continues_the_subject() -> None:
    move = only(moves_in("阿里巴巴发布新模型,股价大涨5%。"), "BABA")
    assert (move.direction, move.value) == ("up", 5)
    assert move.cause == "阿里巴巴发布新模型"


def test_share_price_clause_after_other_news() -> None:
    move = only(moves_in("甲骨文公布財報,營收不及預期,股價大跌10%。"), "ORCL")
    assert (move.direction, move.value) == ("down", 10)
    assert moves_in("特斯拉公布財報,淨利潤10億美元,下降5%。") == []


def test_cause_inside_the_clause() -> None:
    move = only(moves_in("受美聯儲降息預期提振,恒指上漲2%。"), "^HSI")
    assert move.cause == "美聯儲降息預期"
    assert not [
        m for m in moves_in("受美聯儲降息預期提振,恒指上漲2%。") if m.entity_id == "org:fed"
    ]


def test_market_hint_picks_the_listing() -> None:
    assert only(moves_in("阿里巴巴跌3%。", hint="HK"), "BABA").symbol == "9988.HK"
    assert only(moves_in("阿里巴巴跌3%。", hint="US"), "BABA").symbol == "BABA"
    assert only(moves_in("寧德時代漲2%。", hint="CN"), "300750.SZ").symbol == "300750.SZ"
    assert only(moves_in("寧德時代漲2%。", hint="HK"), "300750.SZ").symbol == "3750.HK"
    assert only(moves_in("阿里巴巴跌3%。"), "BABA").symbol == "BABA"


def test_listing_from_a_code_or_a_market_word() -> None:
    doc = Document(Article(title="", body="阿里巴巴(BABA.N)盘前涨超3%。"))
    name = doc.text.index("阿里巴巴")
    code = doc.text.index("BABA.N")
    mentions = [
        Mention("BABA", name, name + 4, "阿里巴巴"),
        Mention("BABA", code, code + 6, "BABA.N", via="ticker"),
    ]
    (move,) = extract_moves(doc, mentions, MASTER)
    assert (move.symbol, move.value) == ("BABA", 3)
    doc = Document(Article(title="", body="寧德時代(03750)今日升5%。"))
    mentions = [
        Mention("300750.SZ", 0, 4, "寧德時代"),
        Mention("300750.SZ", 5, 10, "03750", via="code"),
    ]
    (move,) = extract_moves(doc, mentions, MASTER)
    assert move.symbol == "3750.HK"
    assert only(moves_in("阿里巴巴港股跌2%。"), "BABA").symbol == "9988.HK"


def test_percent_after_zhi_is_a_size_unless_a_yield() -> None:
    move = only(moves_in("恒指大幅下挫,一度跌至2.5%。"), "^HSI")
    assert (move.value, move.unit, move.level) == (2.5, "%", None)
    move = only(moves_in("十年期美債收益率升至4.2%。"), "US10Y")
    assert (move.value, move.level) == (None, 4.2)


def test_level_in_the_next_clause() -> None:
    move = only(moves_in("恒指收跌0.5%,报25,000.5点,成交额1000亿港元。"), "^HSI")
    assert (move.value, move.level) == (0.5, 25000.5)
    move = only(moves_in("期金短線持續下挫,現報1814.50美元/盎司。"), "GC=F")
    assert (move.direction, move.level, move.level_currency) == ("down", 1814.5, "USD")


def test_points_then_percent_in_the_next_clause() -> None:
    moves = moves_in("恒生指數收盤上漲154.7點,漲幅0.63%,報25768.5點。")
    assert [(m.value, m.unit) for m in moves] == [(154.7, "points"), (0.63, "%")]
    assert moves[1].level == 25768.5
    assert all(m.entity_id == "^HSI" and m.direction == "up" for m in moves)


# -- what is not a move ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "摩根士丹利报告显示,9月外资流入中国股市回升至46亿美元。",
        "阿里巴巴投资组合综合权重增幅达3.3%,其他股票增幅皆低于1%。",
        "阿里巴巴投資組合權重上升3.3%。",
        "特斯拉营收同比下降5%。",
        "特斯拉公布财报,净利润10亿美元,同比下降5%。",
        "高盛预计标普将上涨10%。",
        "美聯儲降息25個基點。",
        "苹果宣布iPhone涨价。",
        "人工智能(特别是OpenAI)点到哪里,涨到哪里。",
        "小米集团升级手机系统。",
        "阿里巴巴宁德时代京东获得最多增持。",
        "Tesla's revenue fell 5% in the quarter.",
        "Goldman expects the S&P 500 to rise 10% next year.",
        "Apple set up a new unit and upgraded its chips.",
    ],
)
def test_no_move(text: str) -> None:
    assert moves_in(text, roles={"MS": "source", "GS": "source"}) == []


def test_source_and_actor_get_no_move() -> None:
    moves = moves_in("摩根士丹利上漲2%。", roles={"MS": "source"})
    assert moves == []
    moves = moves_in("摩根士丹利表示,阿里巴巴股價大漲5%。", roles={"MS": "source"})
    assert [m.entity_id for m in moves] == ["BABA"]


# -- English ----------------------------------------------------------------------------------


def test_english_as_much_as() -> None:
    move = only(moves_in("Oracle shares fell as much as 7% on Tuesday."), "ORCL")
    assert (move.direction, move.value, move.unit) == ("down", 7, "%")
    assert "at_one_point" in move.qualifiers


def test_english_record_high() -> None:
    move = only(moves_in("Nvidia shares rose 3.5% to a record high."), "NVDA")
    assert (move.direction, move.value, move.high_low) == ("up", 3.5, "record_high")


def test_english_level_after_size() -> None:
    move = only(moves_in("Brent crude fell 2% to $80 a barrel."), "BZ=F")
    assert (move.direction, move.value, move.level, move.level_currency) == ("down", 2, 80, "USD")


def test_english_one_month_high() -> None:
    move = only(moves_in("The dollar index hit a one-month high."), "DX-Y.NYB")
    assert (move.direction, move.high_low, move.horizon) == ("up", "high", "1 month")
    move = only(moves_in("Tesla hit a 52-week low."), "TSLA")
    assert (move.direction, move.high_low, move.horizon) == ("down", "low", "52 weeks")


def test_english_level_and_reference() -> None:
    text = "Bitcoin slid below $121,000, down more than $5,000 from Monday's record."
    move = only(moves_in(text), "BTC-USD")
    assert (move.direction, move.level, move.level_currency) == ("down", 121000, "USD")
    assert (move.value, move.unit) == (5000, "price")
    assert {"more_than", "from_record"} <= set(move.qualifiers)
    assert move.text == text.rstrip(".")


def test_english_record_then_retreat_and_streak() -> None:
    text = "The S&P 500 hit a record high before retreating, snapping a seven-day winning streak."
    move = only(moves_in(text), "^GSPC")
    assert (move.direction, move.high_low) == ("down", "record_high")
    assert move.streak == "7-day winning streak ended"


def test_english_cause() -> None:
    move = only(
        moves_in("Trilogy Metals soared 211% after the government said it would take a stake."),
        "TMQ",
    )
    assert (move.direction, move.value, move.qualifiers) == ("up", 211, ("surge",))
    assert move.cause == "the government said it would take a stake"


def test_english_sending_shares_down() -> None:
    move = only(
        moves_in("Oracle said cloud margins were thin, sending its shares down 7%."), "ORCL"
    )
    assert (move.direction, move.value) == ("down", 7)
    assert move.cause == "Oracle said cloud margins were thin"


def test_english_was_down() -> None:
    move = only(moves_in("Apple shares were down 2% in premarket trading."), "AAPL")
    assert (move.direction, move.value) == ("down", 2)
    assert moves_in("Apple shut down a factory.") == []


def test_english_yields_basis_points() -> None:
    move = only(moves_in("Treasury yields fell 5 basis points."), "US10Y")
    assert (move.direction, move.value, move.unit) == ("down", 5, "bp")


def test_english_size_before_direction_and_headlines() -> None:
    move = only(moves_in("The Nasdaq closed 1.2% higher on Friday."), "^IXIC")
    assert (move.direction, move.value, move.unit) == ("up", 1.2, "%")
    move = only(moves_in("The S&P 500 ended 35 points lower."), "^GSPC")
    assert (move.direction, move.value, move.unit) == ("down", 35, "points")
    move = only(moves_in("Oracle Shares Fall 7% On Cloud Margin Worries"), "ORCL")
    assert (move.direction, move.value) == ("down", 7)
    assert moves_in("Tesla's fall from grace") == []


def test_english_market_after_the_move() -> None:
    assert (
        only(moves_in("Shares of Alibaba were up 2.1% in Hong Kong."), "BABA").symbol == "9988.HK"
    )


def test_english_to_a_record_and_lowest_since() -> None:
    move = only(moves_in("Gold futures rose as much as 1% to a record $4,000 an ounce."), "GC=F")
    assert (move.value, move.level, move.level_currency) == (1, 4000, "USD")
    assert (move.high_low, move.horizon) == ("record_high", "record")
    move = only(moves_in("The yen weakened to 152 per dollar, its lowest since February."), "JPY=X")
    assert (move.direction, move.level, move.high_low, move.horizon) == (
        "down",
        152,
        "low",
        "since February",
    )


def test_english_cause_stops_at_the_next_clause() -> None:
    text = (
        "Oracle shares tumbled 7% on Tuesday after a report said its cloud margins were thin, "
        "while Tesla fell 4.5%."
    )
    moves = moves_in(text)
    assert only(moves, "ORCL").cause == "a report said its cloud margins were thin"
    assert (only(moves, "TSLA").value, only(moves, "TSLA").cause) == (4.5, None)


# -- Hong Kong usage ---------------------------------------------------------------------------


def test_open_then_close() -> None:
    move = only(moves_in("恒指今日高開後反覆向下,收市跌312點或1.2%,報25,101點。"), "^HSI")
    assert (move.direction, move.value, move.unit, move.level) == ("down", 1.2, "%", 25101)
    move = only(moves_in("恒指低開0.3%。"), "^HSI")
    assert (move.direction, move.value) == ("down", 0.3)


def test_hong_kong_dollar_and_second_listing() -> None:
    move = only(moves_in("騰訊控股(00700)午後一度升5.2%,收報520元。"), "0700.HK")
    assert (move.value, move.level, move.level_currency) == (5.2, 520, "HKD")
    moves = moves_in("阿里巴巴美股盤前升3%,港股早前收升2.5%。")
    assert [(m.symbol, m.value) for m in moves] == [("BABA", 3), ("9988.HK", 2.5)]


def test_record_then_fall_back() -> None:
    moves = moves_in("比特幣周一一度升穿12.5萬美元,創歷史新高,其後回落至12.1萬美元附近。")
    assert [(m.direction, m.level, m.high_low) for m in moves] == [
        ("up", 125000, "record_high"),
        ("down", 121000, None),
    ]


# -- robustness -------------------------------------------------------------------------------


def test_empty_and_odd_input() -> None:
    assert moves_in("") == []
    assert moves_in("跌" * 1000 + "\ud800") == []
    doc = Document(Article(title="", body="甲骨文跌7%"))
    assert extract_moves(doc, [], MASTER) == []
    # a mention of an entity the master does not know is ignored
    ghost = Mention("NOPE", 0, 3, "甲骨文")
    assert extract_moves(doc, [ghost], MASTER) == []


# -- the currency of a price size ------------------------------------------------------------


def test_value_currency_of_price_sizes() -> None:
    oracle = only(moves_in("甲骨文股價跌5美元,收報300美元。"), "ORCL")
    assert (oracle.value, oracle.unit, oracle.value_currency) == (5, "price", "USD")
    oracle = only(moves_in("Oracle shares fell $5.20 to $300."), "ORCL")
    assert (oracle.value, oracle.unit, oracle.value_currency) == (5.2, "price", "USD")
    # 元 of a Hong Kong listing is the Hong Kong dollar, for the size as for the level
    tencent = only(moves_in("騰訊控股今日跌12元,收報520元。"), "0700.HK")
    assert (tencent.value, tencent.value_currency, tencent.level_currency) == (12, "HKD", "HKD")
    # a size in percent has no currency, and neither has a move without a size
    assert only(moves_in("特斯拉跌超4%"), "TSLA").value_currency is None
    assert only(moves_in("美元指數升至一個月新高"), "DX-Y.NYB").value_currency is None


def test_value_currency_respectively() -> None:
    moves = moves_in("特斯拉和蘋果分別下跌3美元和2港元。")
    assert [(m.entity_id, m.value, m.value_currency) for m in moves] == [
        ("TSLA", 3, "USD"),
        ("AAPL", 2, "HKD"),
    ]
