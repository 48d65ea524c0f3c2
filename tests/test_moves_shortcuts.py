"""The move extractor skips work where it cannot find anything: searches start at the first
character a match can begin with, tail words are not looked for after a digit, and sentences
that name only sources or unlisted organisations are not read. These tests show each shortcut
gives what the full reading gives, on Traditional and Simplified Chinese and English text."""

from __future__ import annotations

import re

import pytest

from marketbuzz.extract import moves
from marketbuzz.text.fold import fold
from tests.test_moves import moves_in, only

TEXTS = [
    "阿里巴巴港股一度跌超3%,美股盘前涨2%,A股相关板块走弱;宁德时代H股跌1%。",
    "美政府将入股,Trilogy Metals暴涨211%。摩根士丹利发布报告称,资金流入回升至46亿美元。",
    "甲骨文營收不及預期,股價大跌10%,受雲業務拖累;市場預計將於下週公佈業績。",
    "由於美聯儲宣佈降息,恒指收漲1.2%,報25000點,港股成交額約2345億港元。",
    "Shares of Alibaba were up 2.1% in Hong Kong after the company announced a buyback, "
    "while its U.S.-listed shares rose 1% on the Nasdaq; BYD's A-shares slipped in Shenzhen.",
    "Oracle shares tumbled 7% on Tuesday after a report said its cloud margins were thin, "
    "because of weaker revenue guidance and expected costs; it is set to report in New York.",
    "ſaid İn ın Hong Kong; ON THE NYSE, AFTER the close. UNVEILED ANNOUNCED REVENUE TO",
]
GATED = ["_NOT_PRICE_GAP", "_CAUSE_AFTER", "_NEWS_CLAUSE", "_GAP_MARKET", "_AFTER_MARKET"]


def _key(match: re.Match[str] | None) -> object:
    return None if match is None else (match.span(), match.groupdict(), match.lastgroup)


@pytest.mark.parametrize("name", GATED)
def test_gated_search_finds_what_the_pattern_finds(name: str) -> None:
    gated = getattr(moves, name)
    for text in TEXTS:
        folded = fold(text)
        for start in range(len(folded) + 1):
            for end in range(start, min(len(folded), start + 90) + 1, 3):
                expected = gated.pattern.search(folded, start, end)
                assert _key(gated.search(folded, start, end)) == _key(expected), (text, start)


def test_gated_searches_do_find_things() -> None:
    # the equality above would hold for a shortcut that never matched: check it does match
    folded = fold(TEXTS[4])
    assert moves._AFTER_MARKET.search(folded, 1, len(folded)) is not None
    assert moves._CAUSE_AFTER.search(folded, 1, len(folded)) is not None
    assert moves._GAP_MARKET.search(fold(TEXTS[0]), 1, 30) is not None
    assert moves._NOT_PRICE_GAP.search(fold(TEXTS[2]), 1, 10) is not None
    assert moves._NEWS_CLAUSE.search(fold(TEXTS[1]), 1, 10) is not None


@pytest.mark.parametrize("letters", ["abdfot", "asru", "ahu", "io", "acdefghimopqrstuvwy", "k"])
def test_any_case_lists_every_character_a_caseless_class_matches(letters: str) -> None:
    caseless = re.compile(f"(?i:[{letters}])")
    matched = {chr(c) for c in range(0x10000) if caseless.fullmatch(chr(c))}
    assert matched == set(moves._any_case(letters))


def test_tail_words_never_start_where_the_shortcut_stops() -> None:
    endings = ["", "过", "度", "于", "近", "为", "5", " than"]
    for code in [*range(0x30, 0x3A), *range(0x3400, 0xA000)]:
        char = chr(code)
        if moves._cannot_open(char, moves._TAIL_CJK_OPENERS):
            for ending in endings:
                assert moves._TAIL_QUALIFIER.match(char + ending) is None, char


def test_nothing_after_a_size_starts_outside_its_openers() -> None:
    patterns = [
        moves._SUFFIX_QUALIFIER,
        moves._OR_PERCENT,
        moves._FROM_RECORD_EN,
        moves._LEVEL_AFTER_SIZE,
    ]
    endings = ["", "r 5%", "rom record", "o 5%", "t 5", "多", "上", "余", "5%", "报5"]
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or char in moves._AFTER_SIZE_OPENERS or char.isspace():
            continue
        for ending in endings:
            assert all(p.match(char + ending) is None for p in patterns), char


def test_words_after_the_size_are_still_read() -> None:
    assert only(moves_in("道指跌312點或1.2%,報42000點。"), "^DJI").value == 1.2
    gold = only(moves_in("期金跌1%以上,至3900美元。"), "GC=F")
    assert "more_than" in gold.qualifiers
    assert (gold.value, gold.level, gold.level_currency) == (1.0, 3900.0, "USD")
    assert "from_record" in only(moves_in("Oracle fell 7% from a record."), "ORCL").qualifiers
    oracle = only(moves_in("Oracle shares fell 7% to $250."), "ORCL")
    assert (oracle.level, oracle.level_currency) == (250.0, "USD")


def test_sentences_naming_only_sources_give_no_move() -> None:
    # 摩根士丹利 is a source here: its sentence is skipped, the next one is read
    found = moves_in("摩根士丹利表示,大市大漲。特斯拉跌3%。", roles={"MS": "source"})
    assert [(m.entity_id, m.value) for m in found] == [("TSLA", 3.0)]
    # an unlisted organisation cannot move, but the listed name after it can
    found = moves_in("美联储宣布降息后,特斯拉大涨5%。")
    assert [(m.entity_id, m.value, m.cause) for m in found] == [("TSLA", 5.0, "美联储宣布降息后")]
    assert moves_in("The Fed said rates rose 0.25%.") == []


def test_a_phrase_shared_by_two_subjects_is_copied_for_each() -> None:
    # the Hong Kong listing turns 元 into HKD; the US one must keep its own level currency
    found = moves_in("騰訊、蘋果雙雙升至500元。")
    assert only(found, "0700.HK").level_currency == "HKD"
    assert only(found, "AAPL").level_currency == "CNY"
    respectively = moves_in("騰訊和蘋果分別上漲3%和2%。")
    assert (only(respectively, "0700.HK").value, only(respectively, "AAPL").value) == (3.0, 2.0)
