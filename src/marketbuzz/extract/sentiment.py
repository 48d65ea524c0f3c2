"""Sentiment: the tone of a sentence, and of an article towards one instrument.

`sentence_sentiment` is a lexicon scorer: tone words (lexicon.POSITIVE_* / NEGATIVE_*) found by
one compiled regex over the folded text, flipped by a negator just before them (不看好, not
strong), scaled by an intensifier (大幅上涨), softened in hedged sentences (如果, may), and
squashed into [-1, 1]. Tone words are found by one Aho-Corasick pass (`lexicon.WordFinder`).

`score_sentiment` reads what the article says about one entity sentence by sentence. Each
sentence holding the entity gets signals: the price moves attached to it (down is negative,
scaled by size and by 暴涨/暴跌), the events it is the subject of (their polarity: target raises,
inflows, launches, rankings are positive; an earnings miss negative), and the tone of the clause
that names it. A sentence's score is the weighted mean of its signals; the entity's score is the
weighted mean over its sentences, so three target raises in one sentence count once.
`score_sentiment` runs once per entity; the tone of each sentence and clause is read once per
document and kept with the document (`_memo`), so each call costs in proportion to the entity's
own mentions, not to the document.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from marketbuzz.document import Document
from marketbuzz.extract import lexicon
from marketbuzz.model import Event, Mention, Move, SentimentEvidence, Span
from marketbuzz.text.fold import fold
from marketbuzz.text.sentences import Segment

# Signed weights; a word in both tables takes the positive one.
_TONE_ZH: dict[str, float] = {
    **{w: -v for w, v in lexicon.NEGATIVE_ZH.items()},
    **lexicon.POSITIVE_ZH,
}
_TONE_EN: dict[str, float] = {
    **{w: -v for w, v in lexicon.NEGATIVE_EN.items()},
    **lexicon.POSITIVE_EN,
}
_TONE = lexicon.WordFinder({**_TONE_ZH, **_TONE_EN})
# A negator a few characters before the tone word (不看好, 没有上涨, 并未大幅上涨).
_NEGATED_ZH = re.compile(rf"(?:{lexicon.alternation(lexicon.NEGATORS_ZH)})[^，。,.!?！？]{{0,3}}$")
_NEGATED_EN = re.compile(
    r"(?:\b(?:not|no|never|without|neither|nor|hardly)\b|n't)(?:\s+[\w-]+){0,2}\s*$",
    re.IGNORECASE,
)
_INTENSIFIED_ZH = re.compile(rf"(?P<w>{lexicon.alternation(lexicon.INTENSIFIERS_ZH)})\S?$")
_INTENSIFIED_EN = re.compile(
    rf"\b(?P<w>{lexicon.alternation(lexicon.INTENSIFIERS_EN)})\s+$", re.IGNORECASE
)
_HEDGED = re.compile(lexicon.alternation(lexicon.HEDGES), re.IGNORECASE)
_LOOKBACK = 24
# Below this much summed tone a sentence reads as neutral. English news sentences are long and
# full of mild words (up, higher, record), so they need more before they lean either way.
_DEAD_ZONE = 0.3
_DEAD_ZONE_LATIN = 0.8
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;\"“(\[]\s*)$")
_SQUASH = 1.5


def _tone_weight(folded: str, start: int, end: int, weight: float) -> float:
    """The signed weight of the tone word at folded[start:end], after negators and intensifiers
    written before it."""
    prefix = folded[max(0, start - _LOOKBACK) : start]
    if not folded[start].isascii():
        negated = _NEGATED_ZH.search(prefix[-6:]) is not None
        boost = _INTENSIFIED_ZH.search(prefix[-4:])
        factor = lexicon.INTENSIFIERS_ZH[boost.group("w")] if boost else 1.0
    else:
        if folded[start].isupper() and not _SENTENCE_OPENING.search(prefix):
            return 0.0  # a capitalised word mid-sentence is a name: Alison Rose, Lower 48
        negated = _NEGATED_EN.search(prefix) is not None
        boost = _INTENSIFIED_EN.search(prefix)
        factor = lexicon.INTENSIFIERS_EN[boost.group("w").lower()] if boost else 1.0
    return (-weight if negated else weight) * factor


def _raw_tone(folded: str, lowered: str, start: int = 0, end: int | None = None) -> float:
    """Summed tone of folded[start:end]; a hedge (如果, may) softens it. `lowered` is `folded`
    through `lexicon.ascii_lower` (`Document.lowered`), so no slice is lower-cased again."""
    end = len(folded) if end is None else end
    total = 0.0
    for low, high, weight in _TONE.finditer(lowered, start, end):
        total += _tone_weight(folded, low, high, weight)
    if total and _HEDGED.search(folded, start, end):
        total *= 0.7
    return total


def _squash(total: float, dead_zone: float = _DEAD_ZONE) -> float:
    if abs(total) < dead_zone:
        return 0.0
    return math.copysign(abs(total) / (abs(total) + _SQUASH), total)


def sentence_sentiment(text: str) -> float:
    """The tone of one sentence or short post, Chinese or English, in [-1, 1]; 0 is neutral."""
    if not text:
        return 0.0
    folded = fold(text)
    dead_zone = _DEAD_ZONE if _CJK.search(folded) else _DEAD_ZONE_LATIN
    return _squash(_raw_tone(folded, lexicon.ascii_lower(folded)), dead_zone)


# -- per-instrument sentiment -------------------------------------------------------------

_MOVE_WEIGHT = 2.0
_EVENT_WEIGHT = 1.5
_TONE_WEIGHT = 1.0
_STRONG_UP = ("surge",)
_STRONG_DOWN = ("plunge",)


@dataclass(slots=True)
class _Signals:
    """The signals found in one sentence: (score, weight) pairs."""

    segment: Segment
    pairs: list[tuple[float, float]]

    def score(self) -> tuple[float, float]:
        total_weight = sum(w for _, w in self.pairs)
        if not total_weight:
            return 0.0, 0.0
        mean = sum(s * w for s, w in self.pairs) / total_weight
        return mean, max(w for _, w in self.pairs)


def move_score(move: Move) -> float:
    """How good a move is for the instrument: sign from direction, size from value/qualifiers."""
    if move.direction == "flat":
        return 0.0
    size = 0.6
    if move.value is not None and move.unit == "%":
        size = min(1.0, 0.5 + abs(move.value) / 10)
    if any(q in move.qualifiers for q in (*_STRONG_UP, *_STRONG_DOWN)):
        size = 1.0
    if "nearly" in move.qualifiers or "about" in move.qualifiers:
        size *= 0.95
    return size if move.direction == "up" else -size


# Clause marks as they stand in folded text (，and ： fold to , and :), the cut
# `text.sentences.clauses` makes; ; and ； end sentences already.
_CLAUSE_END = re.compile(r"[,、:]")


def _clause_around(folded: str, sentence: Segment, position: int) -> Segment:
    """The comma-separated clause of `sentence` holding `position`, found by three searches
    back and one forward instead of cutting the whole sentence."""
    low, high = sentence.start, sentence.end
    start = max(
        folded.rfind(",", low, position),
        folded.rfind("、", low, position),
        folded.rfind(":", low, position),
    )
    end_mark = _CLAUSE_END.search(folded, position, high)
    return Segment(low if start < 0 else start + 1, end_mark.end() if end_mark else high)


@dataclass(slots=True)
class _ToneMemo:
    """Tones already read in one document: the tone words of each sentence and the squashed
    tone of each clause or sentence span. `score_sentiment` runs once per entity, and the
    entities of one sentence share its tone instead of each scanning it again."""

    words: dict[int, list[tuple[int, float]]]
    spans: dict[tuple[int, int], float]


def _memo(doc: Document) -> _ToneMemo:
    """The document's tone memo: sentence and clause tones, shared by every entity scored on
    the same document and kept with it (`Document.memo`)."""
    return doc.memo("sentiment.tones", lambda: _ToneMemo({}, {}))


def _tone_words(doc: Document, sentence: Segment) -> list[tuple[int, float]]:
    """(start, signed weight) of each tone word in the sentence: one scan, shared by the
    clause and the sentence tone."""
    folded = doc.folded
    return [
        (start, _tone_weight(folded, start, end, weight))
        for start, end, weight in _TONE.finditer(doc.lowered, sentence.start, sentence.end)
    ]


def _tone_within(doc: Document, words: list[tuple[int, float]], start: int, end: int) -> float:
    """Squashed tone of the words inside [start, end); a hedge there softens it."""
    total = sum(weight for position, weight in words if start <= position < end)
    if total and _HEDGED.search(doc.folded, start, end):
        total *= 0.7
    return _squash(total)


def _span_tone(
    doc: Document, memo: _ToneMemo, words: list[tuple[int, float]], span: Segment
) -> float:
    key = (span.start, span.end)
    tone = memo.spans.get(key)
    if tone is None:
        tone = memo.spans[key] = _tone_within(doc, words, span.start, span.end)
    return tone


def _clause_tone(doc: Document, sentence: Segment, mention: Mention) -> float:
    """Tone of the clause naming the entity, else of the whole sentence (halved)."""
    memo = _memo(doc)
    words = memo.words.get(sentence.start)
    if words is None:
        words = memo.words[sentence.start] = _tone_words(doc, sentence)
    if not words:
        return 0.0
    clause = _clause_around(doc.folded, sentence, mention.start)
    tone = _span_tone(doc, memo, words, clause)
    if tone or clause == sentence:
        return tone
    return 0.5 * _span_tone(doc, memo, words, sentence)


def score_sentiment(
    doc: Document,
    entity_id: str,
    mentions: Sequence[Mention],
    moves: Sequence[Move],
    events: Sequence[Event],
) -> tuple[float, tuple[SentimentEvidence, ...]]:
    """Sentiment towards `entity_id` in [-1, 1] and the sentences that carry it."""
    by_sentence: dict[int, _Signals] = {}
    sentences = doc.sentences

    def signals_at(offset: int) -> _Signals | None:
        index = doc.sentence_index(offset)
        if index is None:
            return None
        slot = by_sentence.get(index)
        if slot is None:
            slot = by_sentence[index] = _Signals(sentences[index], [])
        return slot

    # Filtered by comprehension first: most moves and events are about other entities.
    for move in [m for m in moves if m.entity_id == entity_id]:
        if slot := signals_at(move.start):
            slot.pairs.append((move_score(move), _MOVE_WEIGHT))
    for event in [e for e in events if e.polarity and entity_id in e.subject_ids]:
        if slot := signals_at(event.start):
            slot.pairs.append((event.polarity, _EVENT_WEIGHT))
    toned: set[int] = set()
    for mention in mentions:
        if mention.entity_id != entity_id or mention.role in ("source", "actor"):
            continue
        slot = signals_at(mention.start)
        if slot is None or slot.segment.start in toned:
            continue
        toned.add(slot.segment.start)
        tone = _clause_tone(doc, slot.segment, mention)
        if tone:
            slot.pairs.append((tone, _TONE_WEIGHT))

    evidence: list[SentimentEvidence] = []
    weighted = total_weight = 0.0
    for start in sorted(by_sentence):
        slot = by_sentence[start]
        score, weight = slot.score()
        if not weight or not score:
            continue
        weighted += score * weight
        total_weight += weight
        segment = slot.segment
        span = Span(segment.start, segment.end, doc.text[segment.start : segment.end])
        evidence.append(SentimentEvidence(round(score, 3), span))
    if not total_weight:
        return 0.0, ()
    overall = max(-1.0, min(1.0, weighted / total_weight))
    return round(overall, 3), tuple(evidence)
