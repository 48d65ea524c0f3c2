"""One Aho-Corasick pass per document serves every word list (lexicon `_all_words`).

Each consumer must get exactly what its own automaton gave before the lists were merged: the
event/claim/theme words (leftmost-longest, whole words, lowered text), the tone words (the same,
scanned sentence by sentence), the moves anchors (leftmost-longest, case-sensitive, folded
text, no boundary check) and the linker's market cues (leftmost-first, case-sensitive, folded
text). The "old" automata are rebuilt here from the word lists, as the modules built them.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from ahocorasick_rs import AhoCorasick, MatchKind

from marketbuzz.document import Document
from marketbuzz.extract import lexicon, moves, sentiment
from marketbuzz.link import context
from marketbuzz.link.context import SentenceIndex
from marketbuzz.model import Article

# The automata each consumer had of its own.
_OLD_MOVES = AhoCorasick(list(moves._ANCHOR_WORDS), matchkind=MatchKind.LeftmostLongest)
_OLD_CUE_WORDS = [
    (word.replace("\\.", ".").removesuffix("s?"), market)
    for market, alternatives in lexicon.MARKET_CUES.items()
    for word in alternatives.split("|")
]
_OLD_CUES = AhoCorasick([word for word, _ in _OLD_CUE_WORDS], matchkind=MatchKind.LeftmostFirst)

WRITTEN = (
    # Simplified: tone words inside longer ones, move anchors, market cues, event words.
    "贵州茅台今日大涨5%，创历史新高，A股沪深两市成交放量；分析师表示业绩超预期。",
    "港股恒生指数低开低走，腾讯控股跌破300港元，跌幅扩大至3%，市场担忧利空。",
    "宁德时代发布新款电池，股价连涨三日，机构上调目标价至280元，但也有人不看好。",
    # Traditional.
    "美股收盤，納斯達克指數上漲1.2%，輝達股價暴漲，創新高；恒生科技指數則下跌。",
    "台積電公布財報，淨利潤大增，分析師認為人工智慧晶片需求強勁，股價走高。",
    "中概股週一普遍下挫，阿里巴巴跌超4%，港交所上市的小米集團逆市上揚。",
    # English: case variants that case-sensitive lists must tell apart.
    "Apple shares rose 3% to a record high on Wall Street; the Nasdaq gained 1.1%.",
    "HONG KONG stocks fell; the NASDAQ and NYSE listed names hit a 52-week HIGH.",
    "High hopes: Nvidia's stock surged to new Highs while Hong Kong and Shanghai slid lower.",
    "U.S. stocks rallied. US stocks and A-shares climbed; the Dow Jones edged up 0.3%.",
    "Shares didn't drop, analysts said, citing strong earnings and a price target upgrade.",
    # Odd Unicode: the Kelvin sign lower-cases to k, the dotted İ lengthens on lowering.
    "\u212aONG \u212aong Hong \u212aong stocks İstanbul rallied higher; NASDAQ İ up",
    "HİGH high Hİgh. Wall Street.",
    "",
    "   ",
    "涨涨涨跌跌跌大涨小涨暴跌跌停涨停板",
)


def _doc(text: str) -> Document:
    return Document(Article(title="", body=text))


def _old_tone_by_sentence(doc: Document) -> list[tuple[int, int, float]]:
    """The tone words as sentiment found them: each sentence scanned on its own."""
    found: list[tuple[int, int, float]] = []
    for start, end in doc.sentences:
        for low, high, weight in sentiment._TONE.find_all(doc.lowered[start:end]):
            found.append((low + start, high + start, weight))
    return found


def _assert_same_as_old_automata(text: str) -> None:
    doc = _doc(text)
    lowered, folded = doc.lowered, doc.folded
    words = lexicon.document_words(doc)
    assert words.triggers == lexicon.TRIGGER_FINDER.find_all(lowered), text
    assert words.speech == lexicon.SPEECH_FINDER.find_all(lowered), text
    assert words.themes == lexicon.THEME_FINDER.find_all(lowered), text
    tone = lexicon.tone_words(doc)
    assert tone == sentiment._TONE.find_all(lowered), text
    in_sentences = [word for word in tone if doc.sentence_index(word[0]) is not None]
    assert in_sentences == _old_tone_by_sentence(doc), text
    old_moves = [(s, e, i) for i, s, e in _OLD_MOVES.find_matches_as_indexes(folded)]
    assert lexicon.move_anchors(doc) == old_moves, text
    old_cues = [
        (s, e, _OLD_CUE_WORDS[i][1]) for i, s, e in _OLD_CUES.find_matches_as_indexes(folded)
    ]
    assert lexicon.market_cues(doc) == old_cues, text
    assert context.market_cues(folded) == [(s, m) for s, _, m in old_cues], text
    by_regex = [(m.start(), m.lastgroup) for m in context.MARKET_CUES.finditer(folded)]
    assert context.market_cues(folded) == by_regex, text


def _assert_sentence_tones_as_before(text: str) -> None:
    """`sentiment._tone_words` of every sentence: the words a scan of that sentence finds."""
    doc = _doc(text)
    memo = sentiment._memo(doc)
    for index, (start, end) in enumerate(doc.sentences):
        positions, _ = sentiment._tone_words(doc, memo, index)
        old = sentiment._TONE.find_all(doc.lowered[start:end])
        assert positions == [low + start for low, _, _ in old], (text, index)


@pytest.mark.parametrize("text", WRITTEN)
def test_written_texts_give_each_list_what_its_own_automaton_gave(text: str) -> None:
    _assert_same_as_old_automata(text)
    _assert_sentence_tones_as_before(text)


def test_case_sensitive_lists_keep_only_the_written_case() -> None:
    doc = _doc("HONG KONG and Hong Kong; NASDAQ, Nasdaq and nasdaq; HIGH, High and high.")
    cues = [doc.folded[s:e] for s, e, _ in lexicon.market_cues(doc)]
    assert cues == ["Hong Kong", "NASDAQ", "Nasdaq"]
    anchors = [moves._ANCHOR_WORDS[i] for _, _, i in lexicon.move_anchors(doc)]
    assert "HIGH" not in anchors
    assert anchors.count("High") == 1
    assert anchors.count("high") == 1


def test_leftmost_first_keeps_the_earlier_word_where_two_start_together() -> None:
    # 港股 comes before 港交所 in the list, 恒指 before 恒生: as the regex alternation reads it.
    finder = lexicon.WordFinder(
        {"ab": 1, "abc": 2, "bcd": 3}, case_sensitive=True, whole_words=False, leftmost_first=True
    )
    both = lexicon.MultiFinder((finder,))
    for text in ("abcd", "xabcdab", "bcdabc", ""):
        assert both.find_all(text, text) == [finder.find_all(text)], text
    assert finder.find_all("abcd") == [(0, 2, 1)]  # "ab" wins over the longer "abc"
    longest = lexicon.WordFinder({"ab": 1, "abc": 2}, whole_words=False)
    assert longest.find_all("abcd") == [(0, 3, 2)]


def test_one_pass_per_document() -> None:
    doc = _doc("美股收盘，纳指上涨1%。")
    assert lexicon.market_cues(doc) is lexicon.market_cues(doc)
    assert lexicon.tone_words(doc) is lexicon.tone_words(doc)
    assert lexicon.document_words(doc) is lexicon.document_words(doc)


def test_sentence_index_reads_cues_from_the_document_or_scans_itself() -> None:
    text = "美股周一收涨，苹果上涨2%。港股恒指下跌，腾讯跌3%。Shanghai stocks rose."
    doc = _doc(text)
    with_doc = SentenceIndex(doc.folded, doc.sentences, doc)
    alone = SentenceIndex(doc.folded, doc.sentences)
    for offset in range(len(doc.folded)):
        assert with_doc.market_hint(offset, offset + 1) == alone.market_hint(offset, offset + 1)
    apple, tencent = text.index("苹果"), text.index("腾讯")
    assert with_doc.market_hint(apple, apple + 2) == "US"
    assert with_doc.market_hint(tencent, tencent + 2) == "HK"


def test_real_texts_give_each_list_what_its_own_automaton_gave(
    shared_data: Path, seed_text: str
) -> None:
    import opencc

    csv.field_size_limit(1 << 24)
    with (shared_data / "astock_news/val.csv").open(encoding="utf-8") as handle:
        simplified = [row["text_a"] for row in csv.DictReader(handle, delimiter="\t")][:300]
    to_traditional = opencc.OpenCC("s2hk")
    traditional = [to_traditional.convert(text) for text in simplified[:150]]
    rows = json.loads((shared_data / "finentity/FinEntity.json").read_text(encoding="utf-8"))
    english = [row["content"] for row in rows[:300]]
    for text in (*simplified, *traditional, *english, seed_text):
        _assert_same_as_old_automata(text)
        _assert_sentence_tones_as_before(text)
