"""Claims: attributed numeric statements, the amount parser, and attribution carried over."""

from __future__ import annotations

import pytest

from marketbuzz.extract.claims import extract_claims, find_amounts
from marketbuzz.model import Claim
from marketbuzz.text.fold import fold
from tests.test_events import MASTER, make_doc, scan_mentions


def claims_of(body: str) -> list[Claim]:
    doc = make_doc(body)
    return extract_claims(doc, scan_mentions(doc), MASTER)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("回升至46億美元", 4.6e9, "USD"),
        ("需高达1万亿美元", 1e12, "USD"),
        ("跌破12.1萬美元关口", 1.21e5, "USD"),
        ("inflows of $5.2 billion", 5.2e9, "USD"),
        ("HK$120 million", 1.2e8, "HKD"),
        ("相当于GDP的1.5%", 1.5, "%"),
        ("折旧周期为10年", 10, "years"),
        ("净流入120亿港元", 1.2e10, "HKD"),
        ("利率下调25个基点", 25, "bp"),
    ],
)
def test_find_amounts_values_and_units(text: str, value: float, unit: str) -> None:
    (amount,) = find_amounts(fold(text))
    assert amount.value == pytest.approx(value)
    assert amount.unit == unit


def test_dates_years_and_codes_are_not_amounts() -> None:
    assert find_amounts(fold("10月4日發佈，2024年全年，9月份，Qwen3-VL-30B-A3B")) == []


def test_amount_qualifiers_and_ranges() -> None:
    about, over = find_amounts(fold("每个月支出约300亿美元，但仅产生超过10亿美元的收入"))
    assert about.qualifiers == ("about",)
    assert over.qualifiers == ("more_than",)
    (life,) = find_amounts(fold("使用壽命最多隻有3到10年"))
    assert (life.value, life.upper) == (3, 10)
    assert life.qualifiers == ("at_most", "range")
    (nearly,) = find_amounts("nearly $2 billion")
    assert nearly.qualifiers == ("nearly",)


def test_named_speaker_with_affiliation_and_pronoun_carry_traditional() -> None:
    body = (
        "對沖基金Praetorian Capital創辦人Harris Kupperman表示，科技巨頭需要創造4800億美元的收入。"
        "他估算，AI建設規模佔美國GDP約1.5%。"
        "這種不匹配令人震驚，2026年將有數百億美元的新數據中心建成。"
    )
    found = claims_of(body)
    assert [(c.value, c.unit) for c in found] == [(4.8e11, "USD"), (1.5, "%")]
    assert {c.claimant for c in found} == {"Harris Kupperman"}
    assert {c.claimant_entity_id for c in found} == {"org:praetorian-capital"}
    assert found[0].quantity == "收入"
    assert found[1].qualifiers == ("about",)
    assert all(body[c.start : c.end] == c.text for c in found)


def test_surname_later_is_the_same_speaker_and_before_verb_counts() -> None:
    body = (
        "分析師John Smith表示，市場規模達50億美元。"
        "天氣很好。"
        "Smith原本假設回報期為5年，但他在文章中表示，實際只需要3年。"
    )
    found = claims_of(body)
    assert [(c.value, c.unit) for c in found] == [(5e9, "USD"), (5, "years"), (3, "years")]
    assert {c.claimant for c in found} == {"John Smith"}


def test_according_to_simplified() -> None:
    (claim,) = claims_of("根据高盛的测算，明年资本开支将增长约20%。")
    assert claim.claimant == "高盛"
    assert claim.claimant_entity_id == "GS"
    assert claim.value == 20
    assert claim.qualifiers == ("about",)


def test_organisation_mention_as_speaker() -> None:
    (claim,) = claims_of("摩根士丹利预计，明年中国股市将获得300亿美元外资流入。")
    assert claim.claimant_entity_id == "MS"
    assert claim.value == 3e10


def test_english_said_and_according_to() -> None:
    found = claims_of(
        "Jensen Huang said demand could reach $500 billion next year. "
        "He expects margins of about 75%. "
        "The stock closed at a record."
    )
    assert [(c.value, c.unit, c.claimant) for c in found] == [
        (5e11, "USD", "Jensen Huang"),
        (75, "%", "Jensen Huang"),
    ]
    (per,) = claims_of("According to Goldman Sachs, hyperscalers will spend $400 billion.")
    assert per.claimant_entity_id == "GS"


def test_unattributed_numbers_are_not_claims() -> None:
    assert claims_of("甲骨文一度跌超7%，特斯拉跌超4%。期金盤中漲近1%。") == []
    assert claims_of("") == []


def test_seed_claims(seed_text: str) -> None:
    found = claims_of(seed_text)
    assert {c.claimant for c in found} == {"Harris Kuppy Kupperman"}
    values = [(c.value, c.unit) for c in found]
    for expected in [
        (4.8e11, "USD"),
        (1e12, "USD"),
        (10, "years"),
        (3, "years"),
        (3e10, "USD"),
        (1e9, "USD"),
        (1.5, "%"),
        (2, "%"),
    ]:
        assert expected in values
    monthly = next(c for c in found if c.value == 3e10)
    assert monthly.qualifiers == ("about",)
