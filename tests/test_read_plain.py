"""Plain-text layout: title, header lines (source, date, byline) and wire datelines."""

from __future__ import annotations

import datetime as dt

import pytest

from marketbuzz.read.plain import parse_plain

BODY = "恒指今日高開300點，科技股造好，騰訊升3%，成交額增至1500億港元。"
REFERENCE = dt.date(2025, 10, 9)


@pytest.mark.parametrize(
    ("header", "source", "value"),
    [
        ("券商中國\n10/08", "券商中國", dt.date(2025, 10, 8)),
        ("10/08\n券商中國", "券商中國", dt.date(2025, 10, 8)),
        ("財聯社 2025-10-08 09:30", "財聯社", dt.datetime(2025, 10, 8, 9, 30)),
        ("2025-10-08 09:30 來源：經濟通", "經濟通", dt.datetime(2025, 10, 8, 9, 30)),
        ("財華社 | 2025年10月8日 週三 09:30", "財華社", dt.date(2025, 10, 8)),
        ("2025年10月8日 星期三", None, dt.date(2025, 10, 8)),
        ("更新於 2025-10-08 10:00", None, dt.datetime(2025, 10, 8, 10, 0)),
        ("來源：信報\n發佈時間：2025-10-08", "信報", dt.date(2025, 10, 8)),
        ("作者：張三 | 2025-10-08", None, dt.date(2025, 10, 8)),
        ("Bloomberg News\nOct 8, 2025", "Bloomberg News", dt.date(2025, 10, 8)),
        ("Published Oct 8, 2025 at 10:32 AM", None, dt.datetime(2025, 10, 8, 10, 32)),
        ("證券時報網", "證券時報網", None),  # a publisher's name needs no date beside it
        ("格隆匯", "格隆匯", None),
        ("Investing.com", "Investing.com", None),
        ("Seeking Alpha", "Seeking Alpha", None),
    ],
)
def test_header_lines(header: str, source: str | None, value: dt.date | None) -> None:
    parts = parse_plain(f"標題\n\n{header}\n\n{BODY}", REFERENCE)
    assert parts.title == "標題"
    assert parts.source == source
    assert (parts.published.value if parts.published else None) == value
    assert parts.body == BODY


def test_header_lines_may_follow_the_title_without_a_blank_line() -> None:
    parts = parse_plain(f"標題\n財聯社\n2025-10-08\n{BODY}", REFERENCE)
    assert parts.source == "財聯社"
    assert parts.body == BODY


def test_byline_is_kept_out_of_the_body_as_furniture() -> None:
    parts = parse_plain(f"Stocks slide\n\nBy Jane Doe\n\n{BODY}")
    assert parts.body == BODY
    assert [b.text for b in parts.header_furniture] == ["By Jane Doe"]


@pytest.mark.parametrize(
    ("opening", "source", "value"),
    [
        ("NEW YORK, Oct 8 (Reuters) - ", "Reuters", dt.date(2025, 10, 8)),
        ("HONG KONG/SHANGHAI, Oct 8 (Reuters) - ", "Reuters", dt.date(2025, 10, 8)),
        ("WASHINGTON (AP) — ", "AP", None),
        ("(Bloomberg) -- ", "Bloomberg", None),
    ],
)
def test_wire_datelines(opening: str, source: str, value: dt.date | None) -> None:
    story = "Asian stocks fell on Wednesday as investors weighed the outlook for interest rates."
    parts = parse_plain(f"Stocks slide\n\n{opening}{story}", REFERENCE)
    assert parts.source == source
    assert parts.body == story
    assert (parts.published.value if parts.published else None) == value


def test_long_first_line_means_no_title() -> None:
    first = (
        "美國聯儲局宣布減息25個基點，符合市場預期，主席在記者會上表示未來減息步伐將視乎數據而定，"
        "市場普遍解讀為偏向鷹派的一次減息決定"
    )
    assert len(first) > 60
    parts = parse_plain(f"{first}\n\n{BODY}")
    assert parts.title == ""
    assert parts.body.startswith(first)


def test_long_english_headline_is_still_a_title() -> None:
    title = "Oracle shares slide as a cloud margin report rattles technology investors on Wall St"
    assert 60 < len(title) <= 120
    assert parse_plain(f"{title}\n\n{BODY}").title == title


def test_one_line_is_all_body() -> None:
    parts = parse_plain("騰訊控股(00700)今日股價升3%")
    assert parts.title == ""
    assert parts.body == "騰訊控股(00700)今日股價升3%"


def test_indentation_and_line_breaks_are_normalised() -> None:
    parts = parse_plain("標題\r\n\r\n\u3000\u3000第一段。\r\n\r\n    第二段。\r\n")
    assert parts.body == "第一段。\n\n第二段。"


@pytest.mark.parametrize(
    "heading",
    ["阿里大消息", "起爆聲和懷疑論並存", "宏觀經濟", "最新數據", "開放平台", "Key points"],
)
def test_sub_heading_without_a_header_is_body(heading: str) -> None:
    parts = parse_plain(f"標題\n\n{heading}\n\n{BODY}")
    assert parts.source is None
    assert parts.body.startswith(heading)


def test_sentence_like_short_line_is_not_a_source() -> None:
    parts = parse_plain(f"標題\n\n市場憂慮加息，資金流出。\n\n{BODY}")
    assert parts.source is None
    assert parts.body.startswith("市場憂慮加息")
