"""Boilerplate removal: what is furniture, what is kept, and that it stays conservative."""

from __future__ import annotations

import pytest

from marketbuzz.read.boilerplate import strip_boilerplate

NEWS = "恒指今日高開300點，科技股造好，騰訊升3%，成交額增至1500億港元。"
NEWS_SIMPLIFIED = "沪指今日高开0.5%，半导体板块领涨，中芯国际涨超5%，成交额突破万亿元。"
NEWS_ENGLISH = "Oracle shares fell as much as 7% on Tuesday after a report on its cloud margins."


def _kinds(body: str) -> list[str]:
    return [b.kind for b in strip_boilerplate(body).boilerplate]


@pytest.mark.parametrize(
    "disclaimer",
    [
        "免責聲明：投資有風險，本文並非投資建議。",
        "免责声明：本文内容仅供参考，不构成任何投资建议。",
        "【風險提示】股市有風險，入市需謹慎。",
        "风险提示：市场有风险，投资需谨慎。",
        "Disclaimer: This article is for information only.",
        "This article is for informational purposes only and does not constitute advice.",
        "本文僅供參考，不構成投資建議。",
    ],
)
def test_disclaimers_are_removed(disclaimer: str) -> None:
    cleaned = strip_boilerplate(f"{NEWS}\n\n{disclaimer}")
    assert cleaned.body == NEWS
    assert [b.kind for b in cleaned.boilerplate] == ["disclaimer"]
    assert cleaned.boilerplate[0].text == disclaimer


@pytest.mark.parametrize(
    "news",
    [
        "分析師認為，公司面臨的主要風險包括原材料價格波動和海外貿易政策變化。",
        "风险偏好回升，资金流入成长股，创业板指涨超2%。",
        "風險資產全線回升，比特幣重上12萬美元。",
        "The risk of a pullback has risen after the rally, strategists said.",
        "声明指出，公司将继续推进回购计划。",
        "來源於海外的需求持續強勁，出口訂單按年增長兩成。",
        "分享經濟企業表現分化，滴滴股價下跌。",
        "Source code for the model was released on GitHub, the company said.",
        "Reporting by the Financial Times showed that the deal was close to being agreed.",
        "记者从多位知情人士处获悉，该公司正在筹划重大资产重组。",
        "Editor's note: the company later said the figure referred to last year.",
    ],
)
def test_news_that_mentions_risk_or_sources_is_kept(news: str) -> None:
    body = f"{NEWS}\n\n{news}\n\n{NEWS_SIMPLIFIED}"
    cleaned = strip_boilerplate(body)
    assert cleaned.body == body
    assert cleaned.boilerplate == ()


def test_widget_with_its_numbered_empty_list() -> None:
    widget = "熱議股票\n\n  1. 1\n     \n     \n  2. 2\n     \n  3. 3\n"
    cleaned = strip_boilerplate(f"{NEWS}\n\n{widget}")
    assert cleaned.body == NEWS
    assert [b.kind for b in cleaned.boilerplate] == ["widget"]
    assert cleaned.boilerplate[0].text.startswith("熱議股票")
    assert cleaned.boilerplate[0].text.endswith("3. 3")


@pytest.mark.parametrize(
    "heading", ["热议股票", "相關股票", "熱門股票", "Trending stocks", "相关个股："]
)
def test_widget_headings_with_stock_names(heading: str) -> None:
    body = f"{NEWS}\n\n{heading}\n\n騰訊控股\n\n阿里巴巴-W\n\n美團"
    cleaned = strip_boilerplate(body)
    assert cleaned.body == NEWS
    assert _kinds(body) == ["widget"]


def test_widget_list_stops_at_prose() -> None:
    body = f"{NEWS}\n\n相關股票\n\n騰訊控股\n\n{NEWS_SIMPLIFIED}"
    cleaned = strip_boilerplate(body)
    assert NEWS_SIMPLIFIED in cleaned.body
    assert "騰訊控股\n" not in cleaned.body


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("(文章來源:券商中國)", "券商中國"),
        ("（文章来源：证券时报）", "证券时报"),
        ("来源：财联社", "财联社"),
        ("來源: 信報財經新聞", "信報財經新聞"),
        ("【来源：第一财经】", "第一财经"),
        ("Source: Reuters", "Reuters"),
    ],
)
def test_source_lines_report_their_source(line: str, source: str) -> None:
    cleaned = strip_boilerplate(f"{NEWS}\n\n{line}")
    assert cleaned.body == NEWS
    assert cleaned.source == source
    assert [b.kind for b in cleaned.boilerplate] == ["source_line"]


@pytest.mark.parametrize(
    "line",
    [
        "責任編輯：陳大文",
        "责任编辑：王晓",
        "(Reporting by Jane Doe in New York; Editing by Richard Roe)",
        "Reporting by Jane Doe and John Smith; Editing by Mark Potter",
        "(Additional reporting by Li Wei in Shanghai)",
        "© 2025 財經網 版權所有",
        "Copyright 2025 Example News. All rights reserved.",
    ],
)
def test_credit_and_copyright_lines(line: str) -> None:
    cleaned = strip_boilerplate(f"{NEWS}\n\n{line}")
    assert cleaned.body == NEWS
    assert _kinds(f"{NEWS}\n\n{line}") == ["other"]


def test_editor_line_inside_the_last_paragraph_is_split_off() -> None:
    cleaned = strip_boilerplate(f"{NEWS}\n責任編輯：陳大文")
    assert cleaned.body == NEWS
    assert [b.kind for b in cleaned.boilerplate] == ["other"]


@pytest.mark.parametrize(
    "footer",
    [
        "分享到：Facebook WhatsApp 微信",
        "分享至 微博 微信 QQ空間",
        "Share this article",
        "Facebook | Twitter | LinkedIn | Email",
    ],
)
def test_share_footers(footer: str) -> None:
    cleaned = strip_boilerplate(f"{NEWS_ENGLISH}\n\n{footer}")
    assert cleaned.body == NEWS_ENGLISH
    assert [b.kind for b in cleaned.boilerplate] == ["share_footer"]


@pytest.mark.parametrize(
    "heading", ["相關文章", "延伸閱讀", "Related articles", "Read more:", "推荐阅读"]
)
def test_related_articles_with_their_titles(heading: str) -> None:
    titles = "美團業績前瞻：外賣競爭加劇\nWall Street ends lower as tech stocks drop"
    body = f"{NEWS}\n\n{heading}\n{titles}"
    cleaned = strip_boilerplate(body)
    assert cleaned.body == NEWS
    assert [b.kind for b in cleaned.boilerplate] == ["related"]


def test_disclaimer_tail_of_furniture_goes_with_it() -> None:
    body = f"{NEWS}\n\n免責聲明：本文僅供參考。\n\n更多財經資訊\n\n1\n\n2"
    cleaned = strip_boilerplate(body)
    assert cleaned.body == NEWS
    assert [b.kind for b in cleaned.boilerplate] == ["disclaimer"]


def test_disclaimer_followed_by_prose_keeps_the_prose() -> None:
    body = f"{NEWS}\n\n免責聲明：本文僅供參考。\n\n{NEWS_SIMPLIFIED}"
    cleaned = strip_boilerplate(body)
    assert cleaned.body == f"{NEWS}\n\n{NEWS_SIMPLIFIED}"


def test_separators_between_kept_paragraphs_are_kept_verbatim() -> None:
    body = f"{NEWS}\n\n\n{NEWS_SIMPLIFIED}\n{NEWS_ENGLISH}\n\n来源：财联社"
    cleaned = strip_boilerplate(body)
    assert cleaned.body == f"{NEWS}\n\n\n{NEWS_SIMPLIFIED}\n{NEWS_ENGLISH}"


@pytest.mark.parametrize("body", ["", "  \n ", "\x00", "免責聲明", "熱議股票\n1\n2"])
def test_degenerate_bodies_never_raise(body: str) -> None:
    cleaned = strip_boilerplate(body)
    assert isinstance(cleaned.body, str)


@pytest.mark.parametrize(
    "line",
    ["【ＳＯＵＲＣＥ：Reuters】", "ſource: Reuters", "（文章來源：證券時報）", "來源： 經濟通"],
)
def test_source_lines_in_full_width_or_traditional_forms(line: str) -> None:
    # The trigger that picks lines to fold runs on unfolded text: every form must reach it.
    cleaned = strip_boilerplate(f"{NEWS}\n\n{line}")
    assert cleaned.body == NEWS
    assert [b.kind for b in cleaned.boilerplate] == ["source_line"]


def test_furniture_after_long_prose_is_found() -> None:
    prose = "\n\n".join([NEWS, NEWS_SIMPLIFIED, NEWS_ENGLISH] * 5)
    cleaned = strip_boilerplate(f"{prose}\n\n責任編輯：陳大文\n\n熱議股票\n\n1\n\n2")
    assert cleaned.body == prose
    assert [b.kind for b in cleaned.boilerplate] == ["other", "widget"]


def test_source_note_closing_a_paragraph_before_furniture() -> None:
    body = f"{NEWS}\n\n{NEWS_SIMPLIFIED}(来源：证券时报)\n\n责任编辑：王晓"
    cleaned = strip_boilerplate(body)
    assert cleaned.body == f"{NEWS}\n\n{NEWS_SIMPLIFIED}"
    assert cleaned.source == "证券时报"
    assert [b.kind for b in cleaned.boilerplate] == ["other", "source_line"]
