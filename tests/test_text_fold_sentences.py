"""Folding and sentence splitting: the fast paths give what the plain definitions give."""

from __future__ import annotations

import random

from marketbuzz.document import Document
from marketbuzz.model import Article
from marketbuzz.text.fold import _dense_table, fold, fold_table
from marketbuzz.text.sentences import Segment, clauses, sentences


def _translated(text: str) -> str:
    """The fold by its definition: every character through the table."""
    return text.translate(_dense_table())


def test_fold_simplified_news_folds_full_width_punctuation_only() -> None:
    text = "贵州茅台（600519）：前三季度营收同比增长15%，净利润增长１５％。"
    folded = fold(text)
    assert folded == "贵州茅台(600519):前三季度营收同比增长15%,净利润增长15%。"
    assert len(folded) == len(text)


def test_fold_traditional_text_is_translated_whole() -> None:
    text = "輝達（NVDA）股價創新高，台積電與鴻海同步走強。"
    folded = fold(text)
    assert folded == "辉达(NVDA)股价创新高,台积电与鸿海同步走强。"
    assert folded == _translated(text)


def test_fold_leaves_text_without_foldable_characters_alone() -> None:
    text = "Oracle shares fell 3% in New York trading."
    assert fold(text) is text


def test_fold_many_distinct_full_width_characters_and_odd_spaces() -> None:
    # More distinct full-width letters than the replace path takes, a no-break space, a
    # curly apostrophe and a lone surrogate from bad decoding.
    text = "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮ　Macy’s\xa0x\ud800y"
    assert fold(text) == "ABCDEFGHIJKLMN Macy's x\ufffdy"
    assert fold(text) == _translated(text)


def test_fold_equals_its_table_on_random_text() -> None:
    rng = random.Random(7)
    changing = list(fold_table())
    pool = [*"，。：；（）％ＡＺ０９ 漢字汉字abc\n", *map(chr, rng.sample(changing, 200))]
    for _ in range(2000):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 40)))
        assert fold(text) == _translated(text), text


def test_sentences_chinese_terminators_and_closing_quotes() -> None:
    text = "公司公告称：“业绩大增！”股价涨停。\n  次日回落；成交放量"
    found = [text[s.start : s.end] for s in sentences(text)]
    assert found == ["公司公告称：“业绩大增！”", "股价涨停。", "次日回落；", "成交放量"]


def test_sentences_english_full_stops_skip_abbreviations_and_initials() -> None:
    text = "J. P. Morgan Chase & Co. raised its target. Shares rose 2.5% to $180. the end"
    found = [text[s.start : s.end] for s in sentences(text)]
    assert found == [
        "J. P. Morgan Chase & Co. raised its target.",
        "Shares rose 2.5% to $180. the end",
    ]


def test_sentences_mixed_full_stop_then_line_break() -> None:
    text = "Apple rose.\n蘋果上漲。  \n\n  Tesla fell.  "
    found = [text[s.start : s.end] for s in sentences(text)]
    assert found == ["Apple rose.", "蘋果上漲。", "Tesla fell."]


def test_sentences_of_blank_and_empty_text() -> None:
    assert sentences("") == []
    assert sentences(" \n\u3000\n ") == []


def test_clauses_split_at_commas_inside_a_sentence() -> None:
    text = "甲骨文一度跌超7%，特斯拉跌超4%, 英伟达、AMD：均收跌。"
    (sentence,) = sentences(text)
    found = [text[c.start : c.end] for c in clauses(text, sentence)]
    assert found == ["甲骨文一度跌超7%，", "特斯拉跌超4%,", "英伟达、", "AMD：", "均收跌。"]
    assert all(isinstance(c, Segment) for c in clauses(text, sentence))


def test_document_counts_sentences_up_to_an_offset() -> None:
    doc = Document(Article(title="腾讯大涨", body="腾讯控股涨5%。阿里巴巴跌2%。"))
    text = doc.text
    assert doc.sentences_up_to(0) == 1
    assert doc.sentences_up_to(text.index("阿里")) == 3
    assert doc.sentences_up_to(-1) == 0


def test_fold_replacements_outside_han_never_fold_again() -> None:
    # The replace path relies on it: the order of replacements cannot matter.
    table = fold_table()
    for code, folded in table.items():
        if not 0x3400 <= code <= 0xFAFF:
            assert table.get(ord(folded), folded) == folded, hex(code)
