"""Numbers as market news writes them, in Chinese (either script) and English."""

from __future__ import annotations

import pytest

from marketbuzz.text.fold import fold
from marketbuzz.text.numbers import (
    Quantity,
    find_quantities,
    find_quantities_folded,
    parse_chinese_numeral,
    parse_number,
    quantity_at,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.5", 1234.5),
        ("121,000", 121000),
        ("0.5", 0.5),
        ("三", 3),
        ("十四", 14),
        ("二十", 20),
        ("一百二十", 120),
        ("一百零五", 105),
        ("两", 2),
        ("兩", 2),
        ("〇", 0),
        ("零", 0),
        ("廿", 20),
        ("廿三", 23),
        ("二〇二四", 2024),
        ("三点五", 3.5),
        ("三點五", 3.5),
        ("一万二千", 12000),
        ("三千五百亿", 3.5e11),
        ("12.1萬", 121000),
        ("12.1万", 121000),
        ("46億", 4.6e9),
        ("1萬億", 1e12),
        ("3.2千億", 3.2e11),
        ("５０", 50),  # full width
        ("4.6bn", 4.6e9),
        ("1.2 trillion", 1.2e12),
        ("3 million", 3e6),
        ("seven", 7),
        ("twenty-five", 25),
        ("百分之五", 5),
        ("百分之二十", 20),
        ("一半", 0.5),
        ("half", 0.5),
        ("-3.5", -3.5),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "   ", "abc", "美元", "一些", "万", "1.2.3", "\x00", "𠀀"])
def test_parse_number_rejects_words(text: str) -> None:
    assert parse_number(text) is None


def test_parse_chinese_numeral_direct() -> None:
    assert parse_chinese_numeral("十") == 10
    assert parse_chinese_numeral("一亿") == 1e8
    assert parse_chinese_numeral("") is None
    assert parse_chinese_numeral("三x") is None


def _one(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        # Chinese magnitudes and currencies, both scripts
        ("比特幣跌破12.1萬美元關口", 121000, "USD"),
        ("外資流入回升至46億美元", 4.6e9, "USD"),
        ("需要高達1萬億美元", 1e12, "USD"),
        ("市值蒸发3.2千亿元", 3.2e11, "CNY"),
        ("较周一纪录跌超5000美元", 5000, "USD"),
        ("股价收报388.2港元", 388.2, "HKD"),
        ("股價收報388.2港幣", 388.2, "HKD"),
        ("净利润5亿人民币", 5e8, "CNY"),
        ("日元兑美元报150日元", 150, "JPY"),
        ("欧洲央行注资100亿欧元", 1e10, "EUR"),
        ("回购1000万股", 1e7, "shares"),
        ("市盈率达20倍", 20, "x"),
        # percentages, points, basis points
        ("期金盤中漲近1%", 1, "%"),
        ("占比百分之五", 5, "%"),
        ("失业率上升3个百分点", 3, "pp"),
        ("收益率下行50个基点", 50, "bp"),
        ("收益率下行50個基點", 50, "bp"),
        ("恒指收跌1.2%", 1.2, "%"),
        ("恒指报25000点", 25000, "points"),
        ("上证指数失守3000点关口", 3000, "points"),
        # durations and tenors
        ("三年期美債標售需求穩健", 3, "years"),
        ("期銀跌落十四年高位", 14, "years"),
        ("日元七個月新低", 7, "months"),
        ("美元指數一個月新高", 1, "months"),
        ("七日连涨势头终结", 7, "days"),
        ("连涨7日", 7, "days"),
        ("过去七天", 7, "days"),
        ("52周新高", 52, "weeks"),
        ("每两年就会有新款", 2, "years"),
        # English
        ("Bitcoin slid below $121,000 on Tuesday", 121000, "USD"),
        ("inflows of US$4.6 billion in September", 4.6e9, "USD"),
        ("a 4.6bn dollar deal", 4.6e9, "USD"),
        ("revenue of $1.2 trillion", 1.2e12, "USD"),
        ("the stock rose 3.5 percent", 3.5, "%"),
        ("yields fell 50 basis points", 50, "bp"),
        ("cut by 25bp", 25, "bp"),
        ("a rise of half a point and 120 points", 120, "points"),
        ("a 52-week high", 52, "weeks"),
        ("snapped a seven-day winning streak", 7, "days"),
        ("the 10-year note", 10, "years"),
        ("HK$3.5 a share", 3.5, "HKD"),
        ("worth €5 million", 5e6, "EUR"),
    ],
)
def test_find_quantities(text: str, value: float, unit: str) -> None:
    quantity = _one(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit
    assert text[quantity.start : quantity.end] == quantity.raw


def test_offsets_and_raw_text_are_the_original_script() -> None:
    text = "阿里巴巴獲增持,投資組合綜合權重增幅達3.3%,外資流入46億美元。"
    found = find_quantities(text)
    assert [q.raw for q in found] == ["3.3%", "46億美元"]
    for quantity in found:
        assert text[quantity.start : quantity.end] == quantity.raw


@pytest.mark.parametrize(
    "text",
    [
        "10月7日美股開盤",
        "截至9月30日",
        "为2024年11月以来单月最高",
        "超过2024年全年的规模",
        "9月份二十大中资股",  # 9月份 is a date; 二十 has no unit
        "發布於10/08",
        "2025-10-08 09:30 更新",
        "甲骨文一度跌超",  # 一度 is "at one point", not one degree
        "周一所创盘中纪录",
        "统一大市场",
        "第一名",
        "Qwen3-VL-30B-A3B-Instruct",
        "GPT-5-Mini and Claude4-Sonnet",
        "FP8 版本",
        "5G 手机",
        "one of the ten largest",
        "二〇二四年",
        "數百億美元",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_signs() -> None:
    assert [(q.value, q.unit) for q in find_quantities("涨幅为-3.5%, 净值+2%")] == [
        (-3.5, "%"),
        (2, "%"),
    ]
    assert [q.value for q in find_quantities("rose 3-5%")] == [3, 5]
    assert [q.value for q in find_quantities("GPT-5 and Form 10-K")] == []


def test_range_gives_both_ends() -> None:
    found = find_quantities("使用壽命最多隻有3到10年")
    assert [(q.value, q.unit) for q in found] == [(3, "years"), (10, "years")]
    found = find_quantities("rose 5-7%")
    assert [(q.value, q.unit) for q in found] == [(5, "%"), (7, "%")]


def test_several_in_a_sentence() -> None:
    text = "Kupperman說需要創造4800億美元的收入,明年則需高達1萬億美元,產業每月支出約300億美元。"
    found = find_quantities(text)
    assert [(q.value, q.unit) for q in found] == [(4.8e11, "USD"), (1e12, "USD"), (3e10, "USD")]


def test_model_size_is_not_billions() -> None:
    # 70B after a model name is a parameter count written as a name, not 70 billion.
    assert all(q.value != 7e10 for q in find_quantities("Llama 3.1 70B model"))
    assert _one("a $70B deal").value == pytest.approx(7e10)


def test_quantity_at_and_folded_window() -> None:
    text = "特斯拉跌超4%,芯片指數跌超2%"
    folded = fold(text)
    quantity = quantity_at(folded, folded.index("4"), text)
    assert quantity is not None
    assert (quantity.value, quantity.unit) == (4, "%")
    assert quantity_at(folded, 0) is None
    window = find_quantities_folded(folded, text, folded.index("芯"), len(folded))
    assert [q.value for q in window] == [2]


def test_bad_input_never_raises() -> None:
    for text in ["", "\ud800", "１２３" * 1000, "億" * 500, "一" * 2000, "$" * 100, "9" * 5000]:
        find_quantities(text)
        parse_number(text)


def test_real_headlines(shared_data: object) -> None:
    from pathlib import Path

    path = Path(str(shared_data)) / "fnspid_sample" / "headlines_aapl.csv"
    if not path.exists():
        pytest.skip("fnspid headlines not present")
    text = path.read_text(encoding="utf-8", errors="replace")[:200_000]
    found = find_quantities(text)
    assert found
    assert all(text[q.start : q.end] == q.raw for q in found)
    assert any(q.unit == "%" for q in found)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三千五", 3500),  # spoken short form: the digit counts in the next unit down
        ("兩萬三", 23000),
        ("一百二", 120),
        ("一亿五", 1.5e8),
        ("一千零五", 1005),  # 零 keeps the digit a unit
        ("三万五千", 35000),
        ("十五", 15),
    ],
)
def test_colloquial_chinese_numerals(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


def test_colloquial_numeral_in_text() -> None:
    quantity = _one("金價一度跌至每盎司三千五美元")
    assert (quantity.value, quantity.unit) == (3500, "USD")


@pytest.mark.parametrize(
    ("text", "value", "unit", "raw"),
    [
        ("股價較高位跌去一半", 0.5, "", "一半"),
        ("約三分之一至一半的資金", 0.5, "", "一半"),
        ("about one-half of the workforce", 0.5, "", "one-half"),
        ("半年內股價翻倍", 0.5, "years", "半年"),
        ("禁售期為半個月", 0.5, "months", "半個月"),
        ("調查持續了一年半", 1.5, "years", "一年半"),
        ("停牌3天半後復牌", 3.5, "days", "3天半"),
        ("再過兩週半", 2.5, "weeks", "兩週半"),
        ("過去三個半月累計上漲", 3.5, "months", "三個半月"),
    ],
)
def test_halves(text: str, value: float, unit: str, raw: str) -> None:
    quantity = _one(text)
    assert (quantity.value, quantity.unit, quantity.raw) == (value, unit, raw)


@pytest.mark.parametrize(
    "text",
    [
        "上半年營收增長",
        "公司發布半年報",
        "半導體板塊走強",
        "超過半數股東贊成",
        "全場半價",
        "一半導體公司",
    ],
)
def test_half_words_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_ten_years_before_semiconductors() -> None:
    # 十年半導體: ten years, then the word 半導體, not ten and a half years
    quantity = _one("深耕十年半導體行業")
    assert (quantity.value, quantity.unit, quantity.raw) == (10, "years", "十年")
