"""`quantity_at` answers some positions without its full pattern: a Chinese character that no
number starts with, and a plain percentage (7%, 2.35%). These tests show that the shortcuts give
exactly what the full pattern gives, on realistic text in both scripts and in English."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from marketbuzz.text import numbers
from marketbuzz.text.fold import fold
from marketbuzz.text.numbers import Quantity, quantity_at

SENTENCES = [
    # Simplified Chinese
    "贵州茅台(600519)今日上涨3%,收报1800元。",
    "宁德时代盘中一度跌超7.25%,较周一所创纪录跌去12.1万元,成交额46亿元。",
    "沪指半日涨0.5%左右,创业板指跌至2.5%,两市成交额3.2千亿。",
    "该股近三个月累计上涨35%,10月7日收涨1.2%-1.5%,第3%档位不变。",
    "一年半以来,公司股价上涨百分之五,市值增加一半。",
    # Traditional Chinese
    "甲骨文一度跌超7%;特斯拉跌超4%。芯片指數跌超2%。",
    "比特幣一度較週一所創盤中紀錄跌超5000美元、跌破12.1萬美元關口。",
    "恒指收跌1.2%,報25000點,港股成交額約2,345億港元。",
    # English and odd input
    "Oracle shares fell as much as 7% to $250.5, down 1,234% or 3.5%-4% from a record.",
    "GPT-5 and 10-K filings; version3.5% A-5% x.7% US$4.6bn 70B 2024.5% -3.5% +2% USD 5%",
    "涨幅为-3.5%,约−2%。٣% ７％ 5%% 0%。",
]


def _full_pattern(folded: str, position: int, original: str) -> Quantity | None:
    """The reference: the full quantity pattern at `position`, with no shortcut."""
    match = numbers._QUANTITY.match(folded, position)
    found = numbers._from_match(match, original) if match else []
    return found[0] if found else None


@pytest.mark.parametrize("text", SENTENCES)
def test_quantity_at_gives_what_the_full_pattern_gives(text: str) -> None:
    folded = fold(text)
    for position in range(-2, len(folded) + 2):
        expected = _full_pattern(folded, max(position, 0), text)
        if position < 0:
            continue  # the pattern reads a negative position as 0; only "never raises" matters
        assert quantity_at(folded, position, text) == expected, (text, position)
    assert quantity_at(folded, -2, text) is None or isinstance(quantity_at(folded, -2), Quantity)


def test_plain_percentages_keep_value_span_and_raw_text() -> None:
    text = "宁德时代跌超7.25%，收報３％"
    folded = fold(text)
    assert quantity_at(folded, 6, text) == Quantity(6, 11, 7.25, "%", "7.25%")
    # full-width digits fold to ASCII; `raw` is cut from the original
    assert quantity_at(folded, 14, text) == Quantity(14, 16, 3.0, "%", "３％")
    # a digit inside a word or a number is not the start of a quantity
    assert quantity_at("A5%", 1) is None
    assert quantity_at("17%", 1) is None


def test_no_cjk_character_outside_the_openers_starts_a_quantity() -> None:
    endings = ["5%", "5", "百分点", "分之五", "年", "半", "个月", "十年", "万", "亿元", "点五", ""]
    for code in range(0x3000, 0xA000):
        char = chr(code)
        if char in numbers._CJK_OPENERS:
            continue
        for ending in endings:
            assert numbers._QUANTITY.match(char + ending) is None, (char, ending)
            assert quantity_at(char + ending, 0) is None


def test_every_cjk_opener_can_start_a_quantity() -> None:
    # the shortcut must not reject these: each opens a real quantity
    cases = {
        "百": "百分之五",
        "半": "半年",
        "〇": "〇点五倍",
        "两": "两年",
        "廿": "廿年",
        "卅": "卅天",
        "万": "万三千股",
        "亿": "亿五千万元",
        "千": "千五百元",
    }
    for char in numbers._CJK_OPENERS:
        text = cases.get(char, char + "年")
        assert quantity_at(text, 0) is not None, text


def test_quantity_at_agrees_with_the_full_pattern_on_astock_news(shared_data: Path) -> None:
    path = shared_data / "astock_news" / "val.csv"
    if not path.exists():
        pytest.skip("Astock news absent")
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        texts = [row["text_a"] for row in itertools.islice(rows, 150)]
    for text in texts:
        folded = fold(text)
        for position in range(len(folded)):
            assert quantity_at(folded, position, text) == _full_pattern(folded, position, text)
