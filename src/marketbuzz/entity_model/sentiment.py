"""Second stage of the English tagger: the sentiment of each entity span the CRF found.

The CRF reads sentiment token by token, from features of each token's own neighbourhood; many
of its mistakes are entities whose tone sits a few words away ("Microsoft Corp <MSFT.O> and
Broadcom Inc <AVGO.O> gained 1.6% and 3.9%"), or spans whose tokens disagree. This stage looks
at the whole span at once: the words before and after the run of names it sits in, the first
tone word of its clause on either side, the tone of its clause, sentence and text, the words of
the name itself, and what the CRF itself said (its sentiment mass over the span). A multinomial
logistic regression over those features, trained by `scripts/train_entity_model.py` on spans
the CRF found in text it was not trained on, turns them into Positive / Negative / Neutral.

The weights ship as JSON (`data/entity_sentiment.json`) and are scored here in plain Python:
a few dozen dictionary look-ups per span.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from marketbuzz.entity_model.features import (
    CLAUSE_BREAK,
    LIST_GLUE,
    Sentence,
    negated,
    tone,
)

SENTIMENTS = ("Positive", "Negative", "Neutral")
# Tokens after (before) the run of names an entity sits in that speak of it.
_AFTER = 6
_BEFORE = 5
_SPEECH = frozenset({"said", "says", "told", "according", "reported", "noted", "wrote"})

Features = dict[str, float]


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entity span the CRF found in a sentence: token offsets, its sentiment mass."""

    begin: int  # first token
    end: int  # one past the last token
    mass: tuple[float, float, float]  # mean P(B-s or I-s) over the tokens, s in SENTIMENTS
    confidence: float  # mean P(token is part of an entity)

    @property
    def crf_sentiment(self) -> str:
        return SENTIMENTS[max(range(3), key=self.mass.__getitem__)]


@dataclass(frozen=True, slots=True)
class SentenceTones:
    """What every span of one sentence reads: lower-cased words, their (negation-aware) tone,
    the clause each token is in, and which tokens belong to a span."""

    lowers: list[str]
    tones: list[str]
    clauses: list[int]
    in_span: list[bool]

    @classmethod
    def of(cls, sentence: Sentence, candidates: Sequence[Candidate]) -> SentenceTones:
        lowers = [w.lower() for w in sentence.words]
        tones = negated(lowers, [tone(w) for w in lowers])
        clauses = []
        clause = 0
        for word in lowers:
            if word in CLAUSE_BREAK:
                clause += 1
            clauses.append(clause)
        in_span = [False] * len(lowers)
        for c in candidates:
            in_span[c.begin : c.end] = [True] * (c.end - c.begin)
        return cls(lowers, tones, clauses, in_span)


def _tone_counts(tones: Sequence[str], tag: str) -> list[str]:
    positive = sum(t.startswith("pos") for t in tones)
    negative = sum(t.startswith("neg") for t in tones)
    balance = "pos" if positive > negative else "neg" if negative > positive else "0"
    result = [f"{tag}={balance}"]
    if positive:
        result.append(f"{tag}+")
    if negative:
        result.append(f"{tag}-")
    return result


def _is_run_token(word: str, lower: str, in_span: bool) -> bool:
    """Part of a run of names: another span, a capitalised word, a code, or list glue."""
    return in_span or word[:1].isupper() or word.startswith("<") or lower in LIST_GLUE


def _run_bounds(sentence: Sentence, tones: SentenceTones, begin: int, end: int) -> tuple[int, int]:
    """The run of names and glue the span sits in ("Tesla Inc <TSLA.O> and Roku rose"): the
    words after it speak of every name in it."""
    words, lowers, in_span = sentence.words, tones.lowers, tones.in_span
    stop = end
    while stop < len(words) and _is_run_token(words[stop], lowers[stop], in_span[stop]):
        stop += 1
    start = begin
    while start > 0 and _is_run_token(words[start - 1], lowers[start - 1], in_span[start - 1]):
        start -= 1
    return start, stop


def span_features(
    sentence: Sentence, tones: SentenceTones, candidate: Candidate, others: int
) -> Features:
    """The classifier's features for one span. `others`: how many other spans the sentence
    holds."""
    begin, end = candidate.begin, candidate.end
    features: Features = {"bias": 1.0, f"crf={candidate.crf_sentiment}": 1.0}
    for sentiment, mass in zip(SENTIMENTS, candidate.mass, strict=True):
        features[f"p={sentiment}"] = mass
    for lower in tones.lowers[begin:end]:
        if not lower.startswith("<"):  # the name's words; not its Reuters code
            features[f"e={lower}"] = 1.0
    start, stop = _run_bounds(sentence, tones, begin, end)
    if stop > end or start < begin:
        features["in_list"] = 1.0
    _context_words(features, tones.lowers, (begin, end), (start, stop))
    _tone_features(features, tones, begin, start, stop)
    features[f"others={min(others, 3)}"] = 1.0
    features[f"sent={min(sentence.index, 2)}"] = 1.0
    return features


def _context_words(
    features: Features, lowers: Sequence[str], span: tuple[int, int], run: tuple[int, int]
) -> None:
    """Words right beside the span and beside its run of names, words in a window after and
    before the run, and the first two words after it ("said on", "fell 5")."""
    (begin, end), (start, stop) = span, run
    n = len(lowers)
    features[f"a1={lowers[stop] if stop < n else '<end>'}"] = 1.0
    features[f"b1={lowers[start - 1] if start > 0 else '<start>'}"] = 1.0
    features[f"r1={lowers[end] if end < n else '<end>'}"] = 1.0
    features[f"l1={lowers[begin - 1] if begin > 0 else '<start>'}"] = 1.0
    after = lowers[stop : stop + _AFTER]
    for word in after:
        features[f"aw={word}"] = 1.0
    for word in lowers[max(0, start - _BEFORE) : start]:
        features[f"bw={word}"] = 1.0
    if stop + 1 < n:
        features[f"a2={lowers[stop]}_{lowers[stop + 1]}"] = 1.0
    if any(word in _SPEECH for word in after):
        features["speech_after"] = 1.0  # a source quoted, rarely the subject of the tone
    if any(word in {"%", "pct", "percent"} for word in after):
        features["pct_after"] = 1.0


def _tone_features(
    features: Features, tones: SentenceTones, begin: int, start: int, stop: int
) -> None:
    """The first tone word after the run (its class, word, distance, whether in the same
    clause), the last one before it, and the tone balance of the span's clause and sentence."""
    lowers, tone_of, clauses = tones.lowers, tones.tones, tones.clauses
    n = len(lowers)
    first_after = next((i for i in range(stop, n) if tone_of[i]), -1)
    if first_after >= 0:
        tone_after = tone_of[first_after]
        near = "1" if first_after - stop < 3 else "2" if first_after - stop < 8 else "3"
        features[f"at={tone_after}"] = 1.0
        features[f"atd={tone_after}{near}"] = 1.0
        features[f"atw={lowers[first_after]}"] = 1.0
        if clauses[first_after] == clauses[min(stop, n - 1)]:
            features[f"atc={tone_after}"] = 1.0
    last_before = next((i for i in range(start - 1, -1, -1) if tone_of[i]), -1)
    if last_before >= 0:
        features[f"bt={tone_of[last_before]}"] = 1.0
        features[f"btw={lowers[last_before]}"] = 1.0
        if start - last_before <= 4:
            features[f"btn={tone_of[last_before]}"] = 1.0
    clause = clauses[begin]
    in_clause = [t for t, c in zip(tone_of, clauses, strict=True) if c == clause]
    for name in _tone_counts(in_clause, "ct") + _tone_counts(tone_of, "st"):
        features[name] = 1.0


class SentimentModel:
    """Multinomial logistic regression weights: feature -> one weight per sentiment."""

    __slots__ = ("_bias", "_weights")

    def __init__(
        self, weights: Mapping[str, Sequence[float]], bias: Sequence[float] = (0.0, 0.0, 0.0)
    ) -> None:
        self._weights = {k: tuple(v) for k, v in weights.items()}
        self._bias = tuple(bias)

    @classmethod
    def from_file(cls, path: Path) -> SentimentModel:
        data = json.loads(path.read_text("utf-8"))
        return cls(data["weights"], data["bias"])

    def to_json(self) -> dict[str, object]:
        """The weights as the training script writes them (`from_file` reads them back)."""
        return {"bias": list(self._bias), "weights": {k: list(v) for k, v in self._weights.items()}}

    def probabilities(self, features: Mapping[str, float]) -> tuple[float, float, float]:
        scores = list(self._bias)
        weights = self._weights
        for name, value in features.items():
            row = weights.get(name)
            if row is not None:
                scores[0] += row[0] * value
                scores[1] += row[1] * value
                scores[2] += row[2] * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return (exps[0] / total, exps[1] / total, exps[2] / total)

    def sentiment(self, features: Mapping[str, float]) -> str:
        probabilities = self.probabilities(features)
        return SENTIMENTS[max(range(3), key=probabilities.__getitem__)]
