"""read_article end to end: the seed, other layouts, encodings, HTML, JSON and bad input."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import opencc
import pytest

from marketbuzz.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    InputTooLargeError,
    MalformedInputError,
    MarketbuzzError,
)
from marketbuzz.model import Article
from marketbuzz.read import read_article, read_articles_jsonl, sniff_kind

FIXTURES = Path(__file__).parent / "fixtures"
READ = FIXTURES / "read"
SEED = FIXTURES / "seed_article.txt"
SEED_REFERENCE = dt.date(2025, 10, 9)


def _kinds(article: Article) -> set[str]:
    return {b.kind for b in article.boilerplate}


def _same_but_encoding(left: Article, right: Article) -> bool:
    return dataclasses.replace(left, encoding=None) == dataclasses.replace(right, encoding=None)


# --- the seed article ---------------------------------------------------------------------


def test_seed_fields_with_reference_time() -> None:
    article = read_article(SEED, reference_time=SEED_REFERENCE)
    assert article.title == "人工智能,突發!啱啱,崩跌!"
    assert article.source == "券商中國"
    assert article.published is not None
    assert article.published.raw == "10/08"
    assert article.published.value == dt.date(2025, 10, 8)
    assert article.published.year_from_reference
    assert article.language == "zh-Hant"
    assert article.hk_usage
    assert article.encoding == "utf-8"


def test_seed_without_reference_keeps_month_and_day_but_no_year() -> None:
    article = read_article(SEED)
    assert article.published is not None
    assert article.published.value is None
    assert (article.published.month, article.published.day) == (10, 8)
    assert not article.published.year_from_reference


def test_seed_body_starts_at_the_story_and_ends_before_the_disclaimer() -> None:
    article = read_article(SEED.read_text(encoding="utf-8"))
    assert article.body.startswith("人工智能,跌了。")
    assert article.body.endswith("某些方面確實讓人覺得有些相似之處。")
    for furniture in ("免責聲明", "TTM", "熱議股票", "文章來源"):
        assert furniture not in article.body
    assert {"disclaimer", "widget", "source_line"} <= _kinds(article)
    disclaimer = next(b for b in article.boilerplate if b.kind == "disclaimer")
    assert "TTM" in disclaimer.text
    # Paragraph breaks are kept, indentation is not.
    assert "\n\n10月7日美股開盤" in article.body
    assert "\n " not in article.body


def test_seed_text_offsets_follow_the_model_convention() -> None:
    article = read_article(SEED)
    assert article.text.startswith(article.title + "\n\n人工智能,跌了。")
    assert article.text[article.body_offset :] == article.body


def test_seed_in_big5_reads_back_identically() -> None:
    # The seed's widget pads its list with no-break spaces, which Big5 has no code for; with
    # plain spaces instead the whole article, 啱 included, encodes in Big5-HKSCS.
    text = SEED.read_text(encoding="utf-8").replace("\xa0", " ")
    from_text = read_article(text, reference_time=SEED_REFERENCE)
    from_bytes = read_article(text.encode("big5hkscs"), reference_time=SEED_REFERENCE)
    assert from_bytes.encoding == "big5hkscs"
    assert _same_but_encoding(from_text, from_bytes)


def test_seed_in_simplified_gb18030_reads_back_identically() -> None:
    text = opencc.OpenCC("hk2s").convert(SEED.read_text(encoding="utf-8"))
    from_text = read_article(text, reference_time=SEED_REFERENCE)
    from_bytes = read_article(text.encode("gb18030"), reference_time=SEED_REFERENCE)
    assert from_bytes.encoding == "gb18030"
    assert _same_but_encoding(from_text, from_bytes)
    assert from_text.language == "zh-Hans"
    assert from_text.source == "券商中国"
    assert from_text.hk_usage  # 啱啱 survives conversion: it is Cantonese either way
    assert "免责声明" not in from_text.body


# --- other plain-text layouts ---------------------------------------------------------------


def test_simplified_article_with_source_label_and_editor_line() -> None:
    article = read_article(READ / "cls_simplified.txt", reference_time=dt.date(2025, 10, 21))
    assert article.title == "宁德时代三季度净利润同比增长41% 储能业务成新引擎"
    assert article.source == "财联社"
    assert article.published is not None
    assert article.published.value == dt.datetime(2025, 10, 20, 21, 5)
    assert article.language == "zh-Hans"
    assert not article.hk_usage
    assert article.body.startswith("财联社10月20日电，宁德时代(300750)")
    # The paragraph that discusses risks is news and stays; the 风险提示 block goes.
    assert "公司面临的主要风险包括原材料价格波动" in article.body
    for furniture in ("责任编辑", "风险提示", "相关阅读", "钠离子电池"):
        assert furniture not in article.body
    assert {"disclaimer", "related", "other"} <= _kinds(article)


def test_source_line_at_the_end_supplies_a_missing_source() -> None:
    text = (
        "比亚迪9月销量创新高\n\n"
        "比亚迪公布9月产销快报，新能源汽车销量达39.6万辆，同比增长逾一成，其中海外销量再创新高。\n\n"
        "来源：证券时报网\n"
    )
    article = read_article(text)
    assert article.source == "证券时报网"
    assert article.body.endswith("其中海外销量再创新高。")
    assert [b.kind for b in article.boilerplate] == ["source_line"]


def test_source_note_closing_the_last_paragraph_is_cut() -> None:
    text = "港股收市\n\n恒指收市升200點，科技股造好，成交額增至1500億元。(文章來源:信報)"
    article = read_article(text)
    assert article.body == "恒指收市升200點，科技股造好，成交額增至1500億元。"
    assert article.source == "信報"


def test_reuters_style_english_article() -> None:
    article = read_article(READ / "reuters_english.txt", reference_time=dt.date(2025, 10, 9))
    assert article.title == "Oracle shares slide as cloud margin report rattles tech investors"
    assert article.source == "Reuters"
    assert article.published is not None
    assert article.published.raw == "Oct 7"
    assert article.published.value == dt.date(2025, 10, 7)
    assert article.language == "en"
    assert article.body.startswith("Oracle shares fell as much as 7% on Tuesday")
    assert article.body.endswith("artificial intelligence stocks.")
    for furniture in ("Reuters", "By Jane Doe", "Editing by", "Related articles", "Disclaimer"):
        assert furniture not in article.body
    # Hard-wrapped lines of one paragraph are kept as written.
    assert "said\nmargins in its cloud" in article.body


def test_text_without_a_header_is_all_body() -> None:
    paragraph = (
        "美國聯儲局宣布減息25個基點，符合市場預期，主席在記者會上表示，未來減息步伐將視乎數據而定，"
        "市場解讀為偏鷹派。\n\n美股三大指數先升後回，十年期債息反彈。"
    )
    article = read_article(paragraph)
    assert article.title == ""
    assert article.body.startswith("美國聯儲局宣布減息25個基點")
    assert article.language == "zh-Hant"


def test_a_short_sub_heading_is_not_mistaken_for_a_source() -> None:
    text = (
        "美團績後急跌\n\n外賣戰升溫\n\n美團公布業績後股價急跌8%，外賣業務利潤大幅下滑，"
        "管理層預期競爭將持續。"
    )
    article = read_article(text)
    assert article.source is None
    assert article.body.startswith("外賣戰升溫")


def test_header_with_source_and_date_on_one_line() -> None:
    text = (
        "A股三大指數集體收漲\n\n財聯社 2025-10-09 15:05\n\n"
        "滬指收漲0.8%，深成指漲1.2%，創業板指漲1.5%。"
    )
    article = read_article(text)
    assert article.source == "財聯社"
    assert article.published is not None
    assert article.published.value == dt.datetime(2025, 10, 9, 15, 5)
    assert article.body == "滬指收漲0.8%，深成指漲1.2%，創業板指漲1.5%。"


def test_disclaimer_followed_by_real_prose_keeps_the_prose() -> None:
    text = (
        "市場快訊\n\n恒指今日高開300點。\n\n免責聲明：本文僅供參考，不構成投資建議。\n\n"
        "另外，港交所公布，上半年新股集資額重奪全球第一，共有42家公司上市，集資總額逾千億港元。"
    )
    article = read_article(text)
    assert "免責聲明" not in article.body
    assert "港交所公布，上半年新股集資額重奪全球第一" in article.body
    assert "恒指今日高開300點。" in article.body


# --- HTML ------------------------------------------------------------------------------------


def test_html_page_gives_title_body_source_and_date_without_furniture() -> None:
    article = read_article(READ / "tencent_page.html", reference_time=dt.date(2025, 8, 15))
    assert article.title == "騰訊季績勝預期 股價升3%"
    assert article.source == "財經網"
    assert article.published is not None
    assert article.published.value == dt.datetime(
        2025, 8, 14, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))
    )
    assert article.body.startswith("騰訊控股(00700)公佈第二季業績")
    assert "帶動恒生科技指數上升1.2%。" in article.body
    for furniture in (
        "首頁",
        "分享到",
        "WhatsApp",
        "相關文章",
        "美團業績前瞻",
        "版權所有",
        "tracking",
    ):
        assert furniture not in article.body
    assert article.body.count("\n\n") == 3  # four paragraphs
    assert article.language == "zh-Hant"


def test_english_html_page_with_json_ld_date() -> None:
    article = read_article(READ / "english_page.html")
    assert article.title == "Nvidia to invest in OpenAI as chip demand soars"
    assert article.source == "Example Markets"
    assert article.published is not None
    assert article.published.value == dt.datetime(
        2025, 9, 22, 16, 5, tzinfo=dt.timezone(dt.timedelta(hours=-4))
    )
    assert article.language == "en"
    assert article.body.startswith("Nvidia said on Monday it would invest up to $100 billion")
    assert article.body.endswith("use the money to buy Nvidia chips.")
    for furniture in ("cookies", "Share on", "newsletter", "Related stories", "Copyright", "Home"):
        assert furniture not in article.body


def test_broken_html_does_not_raise() -> None:
    html = "<html><body><div><p>騰訊股價升3%，成交活躍<div><p>港股午後回穩 <b>科技股造好"
    article = read_article(html)
    assert "騰訊股價升3%" in article.text
    assert "<" not in article.text


def test_html_without_text_is_empty_input() -> None:
    with pytest.raises(EmptyInputError):
        read_article("<html><head></head><body><div></div></body></html>")


def test_html_over_the_extraction_cap_is_read_without_trafilatura() -> None:
    from marketbuzz.read.html import MAX_EXTRACT_CHARS

    paragraph = "<p>恒指收市升200點，科技股造好，成交額增至1500億元。</p>\n"
    html = (
        "<html><head><title>大市總結</title></head><body>" + paragraph * 30_000 + "</body></html>"
    )
    assert len(html) > MAX_EXTRACT_CHARS
    article = read_article(html)
    assert article.title == "大市總結"
    assert article.body.startswith("恒指收市升200點")


def test_content_type_overrides_sniffing() -> None:
    text = "<p>這不是網頁</p> 而是一段提到標籤的文字"
    assert read_article(text, content_type="text/plain").body == text
    assert "<p>" not in read_article(text, content_type="text/html").body


def test_sniffing_kinds() -> None:
    assert sniff_kind('  {"title": "x"}') == "json"
    assert sniff_kind("<!DOCTYPE html><html>") == "html"
    assert sniff_kind("<div class='a'>text</div>") == "html"
    assert sniff_kind("恒指 <5% 的升幅") == "text"
    assert sniff_kind("[快訊] 恒指高開") == "text"
    assert sniff_kind("{快訊} 恒指高開") == "text"
    assert sniff_kind('{\n  "title": "x"') == "json"


# --- JSON and JSONL -------------------------------------------------------------------------


def test_json_object_fields_are_mapped() -> None:
    text = (
        '{"headline": "Oracle falls 7% on cloud margin worries",'
        ' "content": "Oracle shares fell as much as 7% on Tuesday.",'
        ' "publisher": {"name": "Reuters"}, "published_at": "2025-10-07T15:30:00Z",'
        ' "lang": "en-US", "url": "https://example.com/oracle"}'
    )
    article = read_article(text)
    assert article.title == "Oracle falls 7% on cloud margin worries"
    assert article.body == "Oracle shares fell as much as 7% on Tuesday."
    assert article.source == "Reuters"
    assert article.url == "https://example.com/oracle"
    assert article.published is not None
    assert article.published.value == dt.datetime(2025, 10, 7, 15, 30, tzinfo=dt.UTC)
    assert article.language == "en"


def test_mapping_input_and_declared_traditional_tag() -> None:
    article = read_article(
        {"title": "港股收市", "body": "<p>恒指收市升<b>200點</b>。</p>", "language": "zh-HK"},
        url="https://example.com/hk",
    )
    assert article.body == "恒指收市升200點。"
    assert article.language == "zh-Hant"
    assert article.url == "https://example.com/hk"


def test_html_body_in_json_keeps_every_paragraph() -> None:
    body = (
        "<p>恒指收市升<b>200點</b>。</p>"
        "<p>科技股造好，<a href='/t'>騰訊</a>升3%。<br>美團跌1%。</p>"
        "<script>track()</script>成交額增至1500億元。"
    )
    article = read_article({"title": "港股收市", "content": body})
    assert (
        article.body
        == "恒指收市升200點。\n\n科技股造好，騰訊升3%。\n美團跌1%。\n\n成交額增至1500億元。"
    )


def test_declared_language_decides_only_what_the_characters_cannot() -> None:
    # Too few script-specific characters to tell (人工智能 is the same in both): the tag decides.
    short = read_article({"title": "人工智能", "body": "人工智能大升", "language": "zh-TW"})
    assert short.language == "zh-Hant"
    # Plainly Simplified text under a site-wide Traditional tag: the characters decide.
    simplified = read_article({"title": "港股收市", "body": SHORT_SIMPLIFIED, "language": "zh-TW"})
    assert simplified.language == "zh-Hans"
    english = read_article({"title": "Stocks", "body": "Stocks rose on Monday.", "lang": "zh-CN"})
    assert english.language == "en"


def test_json_without_title_reads_the_body_as_plain_text() -> None:
    article = read_article({"text": "寧德時代漲超5%\n\n證券時報網\n10/08\n\n寧德時代盤中漲超5%。"})
    assert article.title == "寧德時代漲超5%"
    assert article.source == "證券時報網"
    assert article.body == "寧德時代盤中漲超5%。"


def test_malformed_json_names_the_position() -> None:
    with pytest.raises(MalformedInputError, match=r"line 1, column 24"):
        read_article('{"title": "x", "body": }')


def test_jsonl_yields_articles_and_an_error_for_the_broken_line() -> None:
    results = list(read_articles_jsonl(READ / "articles.jsonl", reference_time=SEED_REFERENCE))
    assert len(results) == 4  # the blank line is skipped
    articles = [r for r in results if isinstance(r, Article)]
    errors = [r for r in results if isinstance(r, MarketbuzzError)]
    assert [a.title for a in articles] == [
        "Oracle falls 7% on cloud margin worries",
        "阿里巴巴港股升逾3%",
        "宁德时代涨超5%",
    ]
    assert len(errors) == 1
    assert isinstance(errors[0], MalformedInputError)
    assert "line 4" in str(errors[0])
    assert articles[1].language == "zh-Hant"
    assert articles[2].source == "证券时报网"
    assert articles[2].published is not None
    assert articles[2].published.value == dt.datetime(2025, 10, 8, 5, 6, 40, tzinfo=dt.UTC)


def test_jsonl_line_that_is_not_an_object() -> None:
    results = list(read_articles_jsonl('[1, 2]\n{"title": "t", "body": "b"}\n'))
    assert isinstance(results[0], MalformedInputError)
    assert "line 1" in str(results[0])
    assert isinstance(results[1], Article)


# --- encodings -------------------------------------------------------------------------------

SHORT_TRADITIONAL = "騰訊控股今日股價上升百分之三，成交活躍，大行紛紛上調目標價。"
SHORT_SIMPLIFIED = "腾讯控股今日股价上升百分之三，成交活跃，大行纷纷上调目标价。"


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (SHORT_TRADITIONAL, "big5", "big5hkscs"),
        (SHORT_SIMPLIFIED, "gbk", "gb18030"),
        (SHORT_SIMPLIFIED, "gb18030", "gb18030"),
        (SHORT_TRADITIONAL, "utf-16", "utf-16-le"),
        (SHORT_TRADITIONAL, "utf-16-be", None),
        (SHORT_TRADITIONAL, "utf-8-sig", "utf-8"),
    ],
)
def test_byte_encodings_are_detected(text: str, codec: str, expected: str | None) -> None:
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
        expected = "utf-16-be"
    article = read_article(data)
    assert article.body == text
    assert article.encoding == expected


def test_declared_charset_is_used() -> None:
    article = read_article(
        SHORT_TRADITIONAL.encode("big5"), content_type="text/plain; charset=big5"
    )
    assert article.body == SHORT_TRADITIONAL
    assert article.encoding == "big5hkscs"  # read with the superset of what was declared


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("empty", ["", "   \n\t\u3000 ", b"", b"  \r\n", "{}"])
def test_empty_input(empty: str | bytes) -> None:
    with pytest.raises(EmptyInputError):
        read_article(empty)


def test_binary_input() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(BinaryInputError):
        read_article(png)
    with pytest.raises(BinaryInputError):
        read_article(bytes(range(1, 32)) * 10)


def test_input_too_large_says_size_and_limit(tmp_path: Path) -> None:
    with pytest.raises(InputTooLargeError, match=r"1,000 bytes.*limit of 100 bytes"):
        read_article(b"x" * 1000, max_bytes=100)
    big = tmp_path / "big.txt"
    big.write_bytes("恒指".encode() * 100)
    with pytest.raises(InputTooLargeError):
        read_article(big, max_bytes=100)


def test_undecodable_input() -> None:
    with pytest.raises(DecodeError):
        read_article(b"\xff\xfe\x00\xd8")  # a UTF-16 mark, then a lone surrogate


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MarketbuzzError, match="cannot read the file"):
        read_article(tmp_path / "absent.txt")


def test_unsupported_input_type() -> None:
    with pytest.raises(MalformedInputError):
        read_article(12345)  # type: ignore[arg-type]


def test_odd_unicode_never_raises() -> None:
    for text in (
        "\ufeff標題\n\n正文",
        "𠀀𠀁𠀂\n\n\u200b\u200d",
        "🙂" * 50,
        "a\u0301" * 30,
        "\ud800x",
    ):
        article = read_article(text)
        assert article.text


# --- long text ---------------------------------------------------------------------------------
# Speed is measured by bench/bench_read.py, never asserted here.


def test_20kb_of_chinese_text_is_read_whole() -> None:
    seed = SEED.read_text(encoding="utf-8")
    story = seed.split("(文章來源")[0].split("10/08", 1)[1]
    text = "標題\n\n" + "\n\n".join([story] * 4)
    data = text.encode("utf-8")[:20_000].decode("utf-8", errors="ignore")
    article = read_article(data)
    assert article.title == "標題"
    assert article.language == "zh-Hant"
    assert article.body.startswith("人工智能,跌了。\n\n10月7日美股開盤")
    assert article.body.endswith(data.rstrip()[-20:])
