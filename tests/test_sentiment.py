"""Sentiment: the sentence scorer (negation, intensifiers, both scripts, English) and the
per-instrument aggregate of moves, events and tone; accuracy on labelled public data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marketbuzz.extract.events import extract_events
from marketbuzz.extract.sentiment import move_score, score_sentiment, sentence_sentiment
from marketbuzz.model import Direction, Event, Move
from tests.test_events import MASTER, make_doc, scan_mentions

# -- sentence tone --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "公司業績超預期，股價大漲。",
        "公司业绩超预期，股价大涨。",
        "Shares soared after profit beat estimates.",
        "看好后市，继续加仓！",
        "涨停了，明天继续涨",
    ],
)
def test_positive_sentences(text: str) -> None:
    assert sentence_sentiment(text) > 0


@pytest.mark.parametrize(
    "text",
    [
        "業績遜於預期，股價暴跌。",
        "业绩不及预期，股价暴跌。",
        "The stock plunged after a profit warning.",
        "垃圾股，又跌停了",
        "套牢了，割肉出局",
    ],
)
def test_negative_sentences(text: str) -> None:
    assert sentence_sentiment(text) < 0


def test_neutral_sentences() -> None:
    assert sentence_sentiment("公司將於下週召開股東大會。") == 0
    assert sentence_sentiment("The meeting is on Tuesday.") == 0
    assert sentence_sentiment("") == 0


def test_negation_flips() -> None:
    assert sentence_sentiment("我看好这只股票。") > 0
    assert sentence_sentiment("我不看好這隻股票。") < 0
    assert sentence_sentiment("The outlook is strong.") > 0
    assert sentence_sentiment("The outlook is not strong.") < 0


def test_intensifiers_scale() -> None:
    assert sentence_sentiment("股价大幅上涨。") > sentence_sentiment("股价上涨。") > 0
    assert sentence_sentiment("股价小幅上涨。") < sentence_sentiment("股价上涨。")


def test_score_stays_in_range_on_odd_input() -> None:
    for text in ["暴涨" * 500, "暴跌" * 500, "\x00\ufffd𠀀", "不不不不"]:
        assert -1 <= sentence_sentiment(text) <= 1


# -- per-instrument sentiment ---------------------------------------------------------------


def _move(
    doc_text: str,
    entity_id: str,
    direction: Direction,
    words: str,
    *,
    value: float | None = None,
    qualifiers: tuple[str, ...] = (),
) -> Move:
    start = doc_text.index(words)
    return Move(
        entity_id,
        None,
        direction,
        value,
        "%" if value else "",
        qualifiers,
        start,
        start + len(words),
        words,
    )


def test_move_score_scales_with_size_and_qualifiers() -> None:
    small = _move("x跌1%", "X", "down", "跌1%", value=1)
    big = _move("x跌9%", "X", "down", "跌9%", value=9)
    surge = _move("x暴涨", "X", "up", "暴涨", value=None, qualifiers=("surge",))
    assert move_score(big) < move_score(small) < 0 < move_score(surge) == 1.0


def test_moves_events_and_tone_combine() -> None:
    body = (
        "中概指數回落超2%，阿里巴巴跌超3%。摩根大通、里昂等大行紛紛提高阿里目標價。"
        "其中，阿里巴巴獲得最多增持。特斯拉跌超4%。"
    )
    doc = make_doc(body)
    mentions = scan_mentions(doc)
    events = extract_events(doc, mentions, MASTER)
    moves = [
        _move(doc.text, "BABA", "down", "阿里巴巴跌超3%", value=3, qualifiers=("more_than",)),
        _move(doc.text, "TSLA", "down", "特斯拉跌超4%", value=4, qualifiers=("more_than",)),
    ]
    baba, evidence = score_sentiment(doc, "BABA", mentions, moves, events)
    assert baba > 0  # one fall, outweighed by target raises and buying
    assert len(evidence) == 3
    assert all(doc.text[e.sentence.start : e.sentence.end] == e.sentence.text for e in evidence)
    assert evidence[0].score < 0 < evidence[1].score
    tsla, _ = score_sentiment(doc, "TSLA", mentions, moves, events)
    assert tsla < 0
    assert score_sentiment(doc, "NVDA", mentions, moves, events) == (0.0, ())


def test_entities_sharing_a_sentence_score_as_if_alone() -> None:
    # Tones read for one entity are reused for the next in the same document: the result must
    # be what a fresh document gives.
    body = "特斯拉大漲，寧德時代則大跌。蘋果股價持平，微軟小幅上漲，英偉達暴跌。"
    entities = ("TSLA", "300750.SZ", "AAPL", "MSFT", "NVDA")
    shared = make_doc(body)
    together = [score_sentiment(shared, e, scan_mentions(shared), [], []) for e in entities]
    alone = []
    for entity in entities:
        fresh = make_doc(body)
        alone.append(score_sentiment(fresh, entity, scan_mentions(fresh), [], []))
    assert together == alone
    scores = dict(zip(entities, (score for score, _ in together), strict=True))
    assert scores["TSLA"] > 0 > scores["300750.SZ"]
    assert scores["MSFT"] > 0 > scores["NVDA"]


def test_event_polarity_alone() -> None:
    doc = make_doc("Oracle reported weaker cloud margins.")
    event = Event("earnings", 0, len(doc.text), doc.text, ("ORCL",), polarity=-0.7)
    score, evidence = score_sentiment(doc, "ORCL", scan_mentions(doc), [], [event])
    assert score < 0
    assert len(evidence) == 1


def test_seed_signs(seed_text: str) -> None:
    doc = make_doc(seed_text)
    mentions = scan_mentions(doc)
    events = extract_events(doc, mentions, MASTER)
    text = doc.text
    moves = [
        _move(
            text,
            "ORCL",
            "down",
            "甲骨文一度跌超7%",
            value=7,
            qualifiers=("more_than", "at_one_point"),
        ),
        _move(text, "TSLA", "down", "特斯拉跌超4%", value=4, qualifiers=("more_than",)),
        _move(text, "^SOX", "down", "芯片指數跌超2%", value=2, qualifiers=("more_than",)),
        _move(text, "TMQ", "up", "Trilogy Metals暴漲211%", value=211, qualifiers=("surge",)),
        _move(text, "^HXC", "down", "中概指數回落超2%", value=2, qualifiers=("more_than",)),
        _move(text, "BABA", "down", "阿里巴巴跌超3%", value=3, qualifiers=("more_than",)),
        _move(text, "BTC-USD", "down", "比特幣一度較週一所創盤中紀錄跌超5000美元"),
        _move(text, "GC=F", "up", "期金盤中漲近1%", value=1, qualifiers=("nearly", "intraday")),
        _move(text, "SI=F", "down", "期銀跌落十四年高位"),
        _move(text, "AMD", "up", "超威半導體暴漲", value=None, qualifiers=("surge",)),
    ]
    score = {
        entity: score_sentiment(doc, entity, mentions, moves, events)[0]
        for entity in (
            "ORCL",
            "TSLA",
            "^SOX",
            "^HXC",
            "BTC-USD",
            "SI=F",
            "TMQ",
            "AMD",
            "GC=F",
            "BABA",
            "NVDA",
        )
    }
    for negative in ("ORCL", "TSLA", "^SOX", "^HXC", "BTC-USD", "SI=F"):
        assert score[negative] < 0, negative
    for positive in ("TMQ", "AMD", "GC=F", "BABA"):
        assert score[positive] > 0, positive
    assert score["NVDA"] <= 0


# -- public labelled data: only the first half of each file is used for building/checking ---


def _label(score: float) -> int:
    return 2 if score > 0 else 0 if score < 0 else 1


def _accuracy(rows: list[tuple[str, int]]) -> float:
    return sum(_label(sentence_sentiment(text)) == label for text, label in rows) / len(rows)


@pytest.mark.shared
def test_guba_posts_accuracy(shared_data: Path) -> None:
    rows = json.loads((shared_data / "bbt_fincuge/finfe/eval_list.json").read_text("utf-8"))
    first_half = [(text, int(label)) for text, label in rows[: len(rows) // 2]]
    assert _accuracy(first_half) > 0.6  # majority class is 0.45


@pytest.mark.shared
def test_finentity_accuracy(shared_data: Path) -> None:
    rows = json.loads((shared_data / "finentity/FinEntity.json").read_text("utf-8"))
    labels = {"Negative": 0, "Neutral": 1, "Positive": 2}
    unanimous: list[tuple[str, int]] = []
    for row in rows[: len(rows) // 2]:
        found = {labels[a["label"]] for a in row["annotations"]}
        if len(found) == 1:
            unanimous.append((row["content"], found.pop()))
    assert _accuracy(unanimous) > 0.6


# -- what is kept with the document ---------------------------------------------------------


def test_other_moves_on_the_same_document_are_read_afresh() -> None:
    # Moves and events are read once per document and kept; another list (or the same list
    # grown) must be read again, as a fresh document would.
    body = "中概指數回落超2%，阿里巴巴跌超3%。特斯拉大漲。"
    doc = make_doc(body)
    mentions = scan_mentions(doc)
    fall = [_move(doc.text, "BABA", "down", "阿里巴巴跌超3%", value=3)]
    rise = [_move(doc.text, "BABA", "up", "阿里巴巴跌超3%", value=3)]
    down, _ = score_sentiment(doc, "BABA", mentions, fall, [])
    up, _ = score_sentiment(doc, "BABA", mentions, rise, [])
    assert down < 0 < up
    fresh = make_doc(body)
    assert score_sentiment(fresh, "BABA", scan_mentions(fresh), rise, []) == (up, _)
    growing: list[Move] = []
    tone_only, _ = score_sentiment(doc, "BABA", mentions, growing, [])
    assert down < tone_only < 0  # the clause's own tone (跌), without the move's weight
    growing.extend(fall)
    assert score_sentiment(doc, "BABA", mentions, growing, [])[0] == down


@pytest.mark.parametrize(
    "text",
    [
        "若公司業績改善，股價有望上漲。",
        "如果业绩继续增长，股价可能走强。",
        "Oracle shares MIGHT rally if margins improve.",
        "If Tesla beats, the stock could surge.",
        "The stock mıght rally on strong demand.",  # dotless ı: Python's caseless "i"
        "İf demand holds, shares may rise.",
        "Tesla shares rallied on strong demand.",
        "特斯拉股價大漲。",
    ],
)
def test_hedge_search_on_lowered_text_agrees_with_the_caseless_pattern(text: str) -> None:
    from marketbuzz.extract import sentiment

    doc = make_doc(text)
    expected = sentiment._HEDGED.search(doc.folded) is not None
    assert sentiment._hedged(doc, 0, len(doc.text)) is expected


def test_tone_words_of_each_sentence_are_those_a_whole_text_scan_finds(seed_text: str) -> None:
    # Sentences are scanned one at a time; a tone word never crosses a sentence's edge, so
    # the words must be exactly those of one scan of the whole text, sentence by sentence.
    from marketbuzz.extract import sentiment

    english = (
        "Oracle shares fell 7%. Nvidia rallied, and analysts were upbeat! Strong demand? "
        "Shares didn't drop.\nUp-beat outlook: growth-led gains."
    )
    for text in (seed_text, english):
        doc = make_doc(text)
        memo = sentiment._memo(doc)
        whole = sentiment._TONE.find_all(doc.lowered)
        for index, (start, end) in enumerate(doc.sentences):
            positions, _ = sentiment._tone_words(doc, memo, index)
            assert positions == [low for low, _, _ in whole if start <= low < end]
        assert sum(len(sentiment._tone_words(doc, memo, i)[0]) for i in memo.words) == len(whole)


def test_no_tone_word_can_cross_a_sentence_edge() -> None:
    # Sentences are scanned one at a time, which finds what a whole-text scan finds only while
    # no tone word holds a character a sentence ends with (text.sentences): every sentence
    # either ends in one or is followed by white space its edge leaves out.
    from marketbuzz.extract import lexicon, sentiment

    enders = set("。！？!?；;\n」』”\"')）.")
    words = [*lexicon.POSITIVE_ZH, *lexicon.NEGATIVE_ZH, *lexicon.POSITIVE_EN]
    words += [*lexicon.NEGATIVE_EN]
    assert len(words) > 100
    assert sentiment._TONE.find_all("股价大涨")
    assert [word for word in words if enders & set(word)] == []
