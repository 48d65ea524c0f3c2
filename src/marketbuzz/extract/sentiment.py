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
`score_sentiment` runs once per entity. What entities share is worked out once per document and
kept with it (`_memo`): the tone words of each sentence that names an entity (cut from one
Aho-Corasick pass over the document that serves the other stages' word lists too), the tone of
each clause, and the moves and events sorted by entity in one pass over each list. So each call
costs in proportion to the entity's own mentions, not to the document or to the number of
entities.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from marketbuzz.document import Document
from marketbuzz.extract import lexicon
from marketbuzz.model import Event, Mention, Move, SentimentEvidence, Span
from marketbuzz.text.fold import fold
from marketbuzz.text.sentences import Segment

# Signed weights; a word in both tables takes the positive one. A document's tone words are
# found in the one pass that serves every word list (`lexicon.tone_words`).
_TONE: lexicon.WordFinder[float] = lexicon.TONE_FINDER
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
# Any character a Chinese negator or intensifier opens with: one cheap look rules both out.
_MODIFIER_CHAR = re.compile(
    "[" + re.escape("".join({w[0] for w in (*lexicon.NEGATORS_ZH, *lexicon.INTENSIFIERS_ZH)})) + "]"
)
_HEDGED = re.compile(lexicon.alternation(lexicon.HEDGES), re.IGNORECASE)
# The same hedges for lower-cased text (`Document.lowered`): a case-sensitive search lets the
# regex engine skip ahead by first character, seven times faster than `_HEDGED`. Python's
# case-insensitive "i" also takes the Turkish İ and ı, which lower-casing does not turn into
# "i"; a span holding one of them is searched with `_HEDGED`, so both agree everywhere.
_HEDGED_LOWERED = re.compile(lexicon.alternation([hedge.lower() for hedge in lexicon.HEDGES]))
_TURKISH_I = re.compile("[İı]")
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
    if not folded[start].isascii():
        # Searched in place (pos, endpos) rather than on slices: these patterns look at
        # nothing outside their window, and a Chinese word has two looks to pay for.
        window = max(0, start - 6)
        if _MODIFIER_CHAR.search(folded, window, start) is None:
            return weight  # no negator or intensifier can open in the six characters before
        negated = _NEGATED_ZH.search(folded, window, start) is not None
        boost = _INTENSIFIED_ZH.search(folded, max(0, start - 4), start)
        factor = lexicon.INTENSIFIERS_ZH[boost.group("w")] if boost else 1.0
    else:
        prefix = folded[max(0, start - _LOOKBACK) : start]
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
_UP_TO_LAST_CLAUSE_END = re.compile(r".*[,、:]", re.DOTALL)


def _clause_around(folded: str, sentence: Segment, position: int) -> Segment:
    """The comma-separated clause of `sentence` holding `position`, found by one search back
    (the greedy `.*` lands on the last mark before `position`) and one forward, instead of
    cutting the whole sentence."""
    low, high = sentence.start, sentence.end
    last_mark = _UP_TO_LAST_CLAUSE_END.match(folded, low, position)
    end_mark = _CLAUSE_END.search(folded, position, high)
    return Segment(last_mark.end() if last_mark else low, end_mark.end() if end_mark else high)


# A sentence's tone words: their starts and their signed weights, in text order.
_Words = tuple[list[int], list[float]]
# What an entity's sentences say: (score, weight) pairs keyed by sentence index.
_Signals = dict[int, list[tuple[float, float]]]
_SIDE_ROLES = ("source", "actor")


@dataclass(slots=True)
class _ToneMemo:
    """Tones already read in one document. `score_sentiment` runs once per entity, and the
    entities of one sentence share its tone instead of each scanning it again.

    `words`: the tone words of each sentence that names an entity, weighed (only those are:
    in a long article most sentences name none). `spans`:
    the squashed tone of each clause or sentence span. `lists` are the moves and events the
    pipeline passes for every entity (and their lengths), and `found` what they say about each
    entity, worked out in one pass over them instead of one per entity."""

    words: dict[int, _Words] = field(default_factory=dict)
    spans: dict[Segment, float] = field(default_factory=dict)
    lists: tuple[Sequence[Move], Sequence[Event], int, int] | None = None
    found: dict[str, list[tuple[int, tuple[float, float]]]] = field(default_factory=dict)
    evidence_spans: dict[int, Span] = field(default_factory=dict)
    # The document's tone words (`lexicon.tone_words`) and where each starts, for bisection.
    tone: list[tuple[int, int, float]] | None = None
    tone_starts: list[int] = field(default_factory=list)

    # Written out, as in `marketbuzz.model`: compiled, a written __init__ is a native
    # constructor, where the one @dataclass generates runs as interpreted Python.
    def __init__(self) -> None:
        self.words = {}
        self.spans = {}
        self.lists = None
        self.found = {}
        self.evidence_spans = {}
        self.tone = None
        self.tone_starts = []


def _memo(doc: Document) -> _ToneMemo:
    """The document's tone memo, shared by every entity scored on the same document and kept
    with it (`Document.memo`)."""
    return doc.memo("sentiment.tones", _ToneMemo)


def _found_signals(
    doc: Document, memo: _ToneMemo, moves: Sequence[Move], events: Sequence[Event]
) -> dict[str, list[tuple[int, tuple[float, float]]]]:
    """(sentence index, (score, weight)) of each move and polar event, by the entity it is
    about, moves first, each in its list's order. Kept while the same lists come back: tuples
    compare their items by identity first, and the memo holds the lists, so a new list cannot
    pass for a freed one at the same address; a list that grew or shrank is read again."""
    if memo.lists == (moves, events, len(moves), len(events)):
        return memo.found
    found: dict[str, list[tuple[int, tuple[float, float]]]] = {}
    sentence_index = doc.sentence_index
    for move in moves:
        if (index := sentence_index(move.start)) is not None:
            pair = (move_score(move), _MOVE_WEIGHT)
            found.setdefault(move.entity_id, []).append((index, pair))
    for event in events:
        if event.polarity and (index := sentence_index(event.start)) is not None:
            pair = (event.polarity, _EVENT_WEIGHT)
            for entity_id in dict.fromkeys(event.subject_ids):
                found.setdefault(entity_id, []).append((index, pair))
    memo.lists, memo.found = (moves, events, len(moves), len(events)), found
    return found


def _tone_words(doc: Document, memo: _ToneMemo, index: int) -> _Words:
    """The tone words of sentence `index`, weighed once (negators, intensifiers) and shared
    by the clause and the sentence tone.

    They are cut from the document's tone words (`lexicon.tone_words`, one pass over the whole
    text shared with the other stages' lists); a scan of the sentence on its own would find the
    same: a sentence ends in a terminator (。!? ; a line break, a closing quote, an English full
    stop) or before white space, and no tone word holds a terminator, so none crosses its edges;
    the boundary checks at the sentence's ends agree with those in the whole text (a test keeps
    the word lists to this). Only the words of sentences that name an entity are weighed."""
    words = memo.words.get(index)
    if words is None:
        found = memo.tone
        if found is None:
            found = memo.tone = lexicon.tone_words(doc)
            memo.tone_starts = [low for low, _, _ in found]
        starts = memo.tone_starts
        start, end = doc.sentences[index]
        first = bisect_left(starts, start)
        folded = doc.folded
        positions: list[int] = []
        weights: list[float] = []
        for low, high, weight in found[first : bisect_left(starts, end, first)]:
            positions.append(low)
            weights.append(_tone_weight(folded, low, high, weight))
        words = memo.words[index] = (positions, weights)
    return words


def _span_tone(doc: Document, memo: _ToneMemo, words: _Words, span: Segment) -> float:
    """Squashed tone of the words inside `span`; a hedge there softens it."""
    tone = memo.spans.get(span)
    if tone is None:
        positions, weights = words
        low = bisect_left(positions, span.start)
        total = sum(weights[low : bisect_left(positions, span.end, low)], 0.0)
        if total and _hedged(doc, span.start, span.end):
            total *= 0.7
        tone = memo.spans[span] = _squash(total)
    return tone


def _hedged(doc: Document, start: int, end: int) -> bool:
    """Whether a hedge (如果, may) stands in doc.folded[start:end], case-insensitively."""
    if _HEDGED_LOWERED.search(doc.lowered, start, end) is not None:
        return True
    folded = doc.folded
    return (
        _TURKISH_I.search(folded, start, end) is not None
        and _HEDGED.search(folded, start, end) is not None
    )


def _clause_tone(doc: Document, memo: _ToneMemo, index: int, position: int) -> float:
    """Tone of the clause of sentence `index` holding `position` (where the entity is named),
    else of the whole sentence (halved)."""
    words = _tone_words(doc, memo, index)
    if not words[0]:
        return 0.0
    sentence = doc.sentences[index]
    clause = _clause_around(doc.folded, sentence, position)
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
    """Sentiment towards `entity_id` in [-1, 1] and the sentences that carry it. The score is
    rounded to three decimals (the pipeline reports it as it is)."""
    memo = _memo(doc)
    signals: _Signals = {}
    if moves or events:  # most short items have neither
        for index, pair in _found_signals(doc, memo, moves, events).get(entity_id, ()):
            signals.setdefault(index, []).append(pair)
    _add_clause_tones(doc, memo, entity_id, mentions, signals)
    if not signals:
        return 0.0, ()
    return _combine(doc, memo, signals)


def _add_clause_tones(
    doc: Document, memo: _ToneMemo, entity_id: str, mentions: Sequence[Mention], signals: _Signals
) -> None:
    """The tone of the clause naming the entity, once per sentence (its first mention there);
    a source or actor mention says nothing about the entity's own fortunes."""
    toned: set[int] = set()
    for mention in mentions:
        if mention.entity_id != entity_id or mention.role in _SIDE_ROLES:
            continue
        index = doc.sentence_index(mention.start)
        if index is None or index in toned:
            continue
        toned.add(index)
        tone = _clause_tone(doc, memo, index, mention.start)
        if tone:
            signals.setdefault(index, []).append((tone, _TONE_WEIGHT))


def _sentence_span(doc: Document, memo: _ToneMemo, index: int) -> Span:
    """Sentence `index` as evidence; one (immutable) Span shared by the entities it names."""
    span = memo.evidence_spans.get(index)
    if span is None:
        start, end = doc.sentences[index]
        span = memo.evidence_spans[index] = Span(start, end, doc.text[start:end])
    return span


def _combine(
    doc: Document, memo: _ToneMemo, signals: _Signals
) -> tuple[float, tuple[SentimentEvidence, ...]]:
    """A sentence's score is the weighted mean of its signals (weighing as much as its
    strongest); the entity's score is the weighted mean over its sentences."""
    evidence: list[SentimentEvidence] = []
    weighted = total_weight = 0.0
    for index in sorted(signals):
        pairs = signals[index]
        if len(pairs) == 1:  # the common case, in the general formula's arithmetic
            score, weight = pairs[0]
            score = score * weight / weight
        else:
            # A float start: compiled (mypyc) sum() of floats otherwise keeps an int total.
            score = sum((s * w for s, w in pairs), 0.0) / sum((w for _, w in pairs), 0.0)
            weight = max(w for _, w in pairs)
        if not score:
            continue
        weighted += score * weight
        total_weight += weight
        evidence.append(SentimentEvidence(round(score, 3), _sentence_span(doc, memo, index)))
    if not total_weight:
        return 0.0, ()
    overall = max(-1.0, min(1.0, weighted / total_weight))
    return round(overall, 3), tuple(evidence)
