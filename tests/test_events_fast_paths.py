"""The shortcuts that make events, claims and themes fast find exactly what the plain patterns
find: case-sensitive twins of case-insensitive patterns on text without Latin letters, the
Aho-Corasick count of earnings words, the speaker search tried only where a speaker can start,
the qualifier shortcut, and sentence lookup by bisection.

Each shortcut is compared with the slow form it replaces, on realistic sentences in
Traditional and Simplified Chinese and English, and on the Astock news items when present.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest

from marketbuzz.document import Document
from marketbuzz.extract import claims, events, lexicon, themes
from marketbuzz.model import Article
from marketbuzz.text.fold import fold

SENTENCES = (
    "宁德时代一季度净利润同比增长32%，营收不及预期，毛利率下滑至21.5%。",
    "寧德時代一季度淨利潤同比增長32%，營收不及預期，毛利率下滑至21.5%。",
    "公司预计亏损收窄，但亏损扩大的风险仍在，若需求回暖则业绩有望超预期。",
    "截至9月24日，外资今年以来累计流入中国股市约460亿美元，单月流入创新高。",
    "截至9月24日，外資今年以來累計流入中國股市約460億美元，單月流入創新高。",
    "摩根士丹利报告指出，被动基金流出3亿美元，主动基金则净流入12亿美元。",
    "阿里巴巴发布通义千问新版本，并在排行榜上位列第一名。",
    "美国政府拟入股英特尔10%的股份，特朗普称此举将提振制造业。",
    "他將之比喻為2000年的網絡泡沫，並指通脹預期持續升溫。",
    "創辦人Kupperman在最新部落格文章中表示，每年折舊高達400億美元。",
    "据高盛的计算，该公司明年需投入超过1万亿美元，最多只有3到10年回本。",
    "分析师李明认为，龙头公司的份额将提升至约45%左右。",
    "Nvidia raised its revenue guidance and said margins would beat estimates.",
    "Analysts at Jefferies upgraded the stock to Buy with a price target of $250.",
    "Inflation expectations rose as the government shutdown dragged on.",
    "CEO Jensen Huang said demand for GPUs remains strong in Q3.",
    "其CEO张三表示，公司将在11月发布新款手机，售价约5000元。",
    "首席執行官王五坦言，今年利潤或逾20億港元。",
    # Characters IGNORECASE matches to ASCII letters though they are not ASCII: İ ı ſ K.
    "Thİs ſtock ıs a bargaın at 5K (Kelvin), he ſaid.",
)


def _latin_free(sentences: tuple[str, ...]) -> list[str]:
    return [fold(s) for s in sentences if not events._CASED_LATIN.search(fold(s))]


def test_cased_latin_is_every_character_ignorecase_reads_as_an_ascii_letter() -> None:
    ignorecase = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x10000):  # the Basic Multilingual Plane: where the four extras live
        char = chr(code)
        assert bool(ignorecase.match(char)) == bool(events._CASED_LATIN.match(char)), hex(code)


def test_caseless_twins_agree_without_latin_letters() -> None:
    twins = [value for value in vars(events).values() if _is_caseless(value)]
    assert len(twins) > 15  # every case-insensitive pattern a rule runs on a sentence
    latin_free = _latin_free(SENTENCES)
    assert len(latin_free) >= 10
    for plain, ignorecase in twins:
        assert ignorecase.pattern.startswith(plain.pattern)  # Latin-only alternatives follow
        for sentence in latin_free:
            found = [(m.span(), m.lastgroup) for m in plain.finditer(sentence)]
            expected = [(m.span(), m.lastgroup) for m in ignorecase.finditer(sentence)]
            assert found == expected, (plain.pattern, sentence)


def _is_caseless(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(item, re.Pattern) for item in value)
        and not value[0].flags & re.IGNORECASE
    )


def test_latin_letters_pick_the_case_insensitive_pattern() -> None:
    # "EARNINGS" only matches case-insensitively: a sentence with Latin letters must use it.
    plain, ignorecase = events._METRIC
    assert plain.search("Q3 EARNINGS") is None
    assert ignorecase.search("Q3 EARNINGS") is not None
    doc = _doc("Q3 EARNINGS beat estimates.")
    sentence = events._Sentence(doc, None, doc.sentences[0], [], (), None)  # type: ignore[arg-type]
    assert sentence.latin
    assert events._METRIC[sentence.latin].search(sentence.folded) is not None


def test_earnings_words_counted_by_automaton_as_by_the_pattern() -> None:
    for folded in _latin_free(SENTENCES):
        bad = good = 0
        for word in events._EARNINGS_TONE.finditer(folded):
            bad, good = (bad + 1, good) if word.lastgroup == "bad" else (bad, good + 1)
        doc = _doc(folded)
        for segment in doc.sentences:
            sentence = events._Sentence(doc, None, segment, [], (), None)  # type: ignore[arg-type]
            assert not sentence.latin
        whole = events._Sentence(doc, None, _whole(doc), [], (), None)  # type: ignore[arg-type]
        assert events._earnings_tone(whole) == (bad, good), folded


def test_earnings_automaton_keeps_the_pattern_order() -> None:
    # 亏损扩大 (bad) and 亏损收窄 (good) share 亏损: the longer word listed first wins, as in the
    # pattern; 超出预期 and 大增 are good, 大减 is bad.
    doc = _doc("公司亏损扩大，随后亏损收窄，业绩超出预期，收入大增但利润大减。")
    whole = events._Sentence(doc, None, _whole(doc), [], (), None)  # type: ignore[arg-type]
    assert events._earnings_tone(whole) == (2, 3)


def test_speaker_search_finds_what_the_pattern_finds() -> None:
    for text in SENTENCES:
        doc = _doc(text)
        folded = doc.folded
        for start in range(0, len(folded), 3):
            expected = claims._ATTRIBUTED_ZH.search(folded, start, len(folded))
            found = claims._search_attributed_zh(doc, start, len(folded))
            assert _same_match(found, expected), (text, start)


def test_speaker_search_on_astock_news(shared_data: Path) -> None:
    csv.field_size_limit(1 << 24)
    with (shared_data / "astock_news/val.csv").open(encoding="utf-8") as handle:
        texts = [row["text_a"] for row in csv.DictReader(handle, delimiter="\t")][:600]
    for text in texts:
        doc = _doc(text)
        for segment in doc.sentences:
            expected = claims._ATTRIBUTED_ZH.search(doc.folded, segment.start, segment.end)
            found = claims._search_attributed_zh(doc, segment.start, segment.end)
            assert _same_match(found, expected), doc.folded[segment.start : segment.end]


def _same_match(found: re.Match[str] | None, expected: re.Match[str] | None) -> bool:
    if found is None or expected is None:
        return found is expected
    return found.span() == expected.span() and found.groupdict() == expected.groupdict()


@pytest.mark.parametrize(
    "before",
    ["超过", "不超过", "最多只有", "约", "大约", "接近", "至少", "不少于", "高达", "逾", "多于",
     "more than ", "up to ", "at least ", "as much as ", "nearly ", "成本", "合计\n", "约\n",
     "超过\n\n", "", "ABOUT ", "增长了"],
)  # fmt: skip
def test_qualifier_shortcut_reads_like_the_pattern(before: str) -> None:
    for lead in ("", "公司明年", "The company "):
        folded = fold(lead + before) + "10亿美元"
        start = len(folded) - len("10亿美元")
        window = folded[max(0, start - 12) : start]
        expected = claims._QUALIFIER_BEFORE.search(window)
        found = claims._qualifiers(folded, start, len(folded), is_range=False)
        wanted = expected.lastgroup if expected and expected.lastgroup != "reach" else None
        assert found == ((wanted,) if wanted else ()), (lead, before)


def test_amounts_are_read_once_per_window() -> None:
    doc = _doc("外资今年以来累计流入中国股市约460亿美元，其中被动基金流入超过300亿美元。")
    first = claims.amounts_in(doc, 0, len(doc.text))
    assert [a.value for a in first] == [46e9, 30e9]
    assert first == tuple(claims.find_amounts(doc.folded, 0, len(doc.text)))
    assert claims.amounts_in(doc, 0, len(doc.text)) is first  # the same figures, not re-read
    assert claims.amounts_in(doc, 22, len(doc.text)) != first


@pytest.mark.parametrize(
    "text",
    [
        "美股三大指數周五集體收漲。  科技股普遍走強！\n\n比特幣下跌2%；黃金持平",
        "外资流入中国股市。南向资金净买入港股",
        "Shares of Nvidia rose 3%. Mr. Huang said demand is strong.  Bitcoin fell.",
        "   leading spaces. trailing spaces   ",
    ],
)
def test_sentence_of_agrees_with_the_document(text: str) -> None:
    doc = _doc(text)
    for offset in range(-1, len(text) + 2):
        assert lexicon.sentence_of(doc.sentences, offset) == doc.sentence_index(offset)


def test_subject_themes_skip_brokers_and_unknown_entities() -> None:
    from tests.test_events import MASTER

    themed = [e for e in MASTER.entities.values() if e.themes and "broker" not in e.roles]
    brokers = [e for e in MASTER.entities.values() if "broker" in e.roles]
    assert themed
    assert brokers
    assert themes._subject_themes(MASTER, themed[0].id) == themed[0].themes
    assert themes._subject_themes(MASTER, brokers[0].id) == ()
    assert themes._subject_themes(MASTER, "no-such-entity") == ()


def test_one_pass_finds_what_each_finder_finds() -> None:
    for text in (*SENTENCES, " ".join(SENTENCES), "", "ai芯片 said launched relaunch 芯片"):
        doc = _doc(text)
        assert list(lexicon.document_words(doc)) == _each_finder(doc), text
        assert lexicon.document_words(doc) is lexicon.document_words(doc)  # once per document


def test_one_pass_keeps_each_finders_leftmost_longest_choice() -> None:
    # Keys of one finder overlap keys of another: 云利润 (cloud) hides 利润 only for its own
    # finder; "launch" is a prefix anchor, "ai" a whole word; 芯片 sits inside ai芯片.
    words = lexicon.WordFinder(
        {"launch": "l", "ai": "a", "芯片": "c", "ai芯片": "ac"}, prefixes=True
    )
    profit = lexicon.WordFinder({"利润": "p", "净利润": "n"})
    cloud = lexicon.WordFinder({"云利润": "cloud", "ai": "x", "利": "li"})
    both = lexicon.MultiFinder((words, profit, cloud))
    texts = ("launched said ai芯片 relaunch 芯片", "阿里云利润大增，净利润率提升", "利利润", "")
    for text in texts:
        expected = [words.find_all(text), profit.find_all(text), cloud.find_all(text)]
        assert both.find_all(text) == expected, text
    assert lexicon.MultiFinder(()).find_all("text") == []


def test_astock_news_one_pass(shared_data: Path) -> None:
    csv.field_size_limit(1 << 24)
    with (shared_data / "astock_news/val.csv").open(encoding="utf-8") as handle:
        texts = [row["text_a"] for row in csv.DictReader(handle, delimiter="\t")][:400]
    for text in texts:
        doc = _doc(text)
        assert list(lexicon.document_words(doc)) == _each_finder(doc)


def _each_finder(doc: Document) -> list[object]:
    """`document_words(doc)` as each finder finds it alone (case-sensitive ones on `folded`)."""
    return [
        lexicon.TRIGGER_FINDER.find_all(doc.lowered),
        lexicon.SPEECH_FINDER.find_all(doc.lowered),
        lexicon.THEME_FINDER.find_all(doc.lowered),
        lexicon.ROLE_TITLE_FINDER.find_all(doc.folded),
        lexicon.EARNINGS_TONE_FINDER.find_all(doc.lowered),
        lexicon.THEME_ACRONYM_FINDER.find_all(doc.folded),
    ]


def _doc(text: str) -> Document:
    return Document(Article(title="", body=text))


def _whole(doc: Document) -> tuple[int, int]:
    from marketbuzz.text.sentences import Segment

    return Segment(0, len(doc.text))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))


STAKE_SENTENCES = (
    "公司宣布持股比例将提升至15%，此前拟持股计划已获董事会通过。",
    "腾讯计划持股该公司20%，并参股其子公司，同时注资30亿元。",
    "华为宣佈持股5%，參股公司不在此列，另收購某科技公司30%的股權。",
    "该基金购入中芯国际部分股份，并完成战略投资与入股。",
)


def _trigger_twins_agree(sentences: list[str]) -> None:
    for kind, (plain, ignorecase) in events._TRIGGER_PATTERNS.items():
        for sentence in sentences:
            found = [m.span() for m in plain.finditer(sentence)]
            expected = [m.span() for m in ignorecase.finditer(sentence)]
            assert found == expected, (kind, sentence)


def test_trigger_twins_agree_without_latin_letters() -> None:
    latin_free = _latin_free((*SENTENCES, *STAKE_SENTENCES))
    assert len(latin_free) >= 14
    assert events._TRIGGER_PATTERNS["stake"][0].search(STAKE_SENTENCES[0]) is not None
    _trigger_twins_agree(latin_free)


def test_trigger_twins_agree_on_astock_news(shared_data: Path) -> None:
    csv.field_size_limit(1 << 24)
    with (shared_data / "astock_news/val.csv").open(encoding="utf-8") as handle:
        texts = [row["text_a"] for row in csv.DictReader(handle, delimiter="\t")][:300]
    sentences: list[str] = []
    for text in texts:
        doc = _doc(text)
        sentences += [doc.folded[s.start : s.end] for s in doc.sentences]
    latin_free = _latin_free(tuple(sentences))
    assert len(latin_free) > 400
    _trigger_twins_agree(latin_free)


def test_role_titles_found_once_are_all_their_occurrences() -> None:
    # The speaker search needs every occurrence of a title (overlapping ones too); the one pass
    # gives leftmost-longest matches, which are all of them because no title overlaps another.
    text = "首席执行官CEO总经理与基金经理研究员、分析师李明、行长王强、董事长张伟及发言人均表示"
    doc = _doc(text)
    every = [
        (start, start + len(title))
        for title in lexicon.ROLE_TITLES
        for start in range(len(doc.folded))
        if doc.folded.startswith(title, start)
    ]
    found = [(start, end) for start, end, _ in lexicon.document_words(doc).titles]
    assert found == sorted(every)
    assert len(found) == 9
    assert lexicon.document_words(_doc("ceo and Ceo 总经")).titles == []


def test_earnings_words_from_the_one_pass_are_each_sentences_own() -> None:
    # Several sentences with tone words: each counts only its own (and Traditional reads too).
    doc = _doc("利润大增。營收下滑，毛利率下降；业绩亏损收窄，好于预期！")
    counts = [
        events._earnings_tone(events._Sentence(doc, None, segment, [], (), None))  # type: ignore[arg-type]
        for segment in doc.sentences
    ]
    assert counts == [(0, 1), (2, 0), (0, 2)]


def test_theme_acronyms_need_capitals() -> None:
    doc = _doc("英伟达GPU需求强劲，AI芯片供不应求；said again, ai and Gpus do not count.")
    found = [(doc.folded[s:e], names) for s, e, names in lexicon.document_words(doc).theme_acronyms]
    assert found == [("GPU", ("ai", "semiconductors")), ("AI", ("ai",))]
