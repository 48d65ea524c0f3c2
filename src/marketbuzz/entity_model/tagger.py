"""The shipped English entity + sentiment tagger: load once, tag text into `EntitySpan`s.

Labels are BIO x sentiment, as FinBERT-CRF tags FinEntity: B-Positive, I-Positive, B-Negative,
I-Negative, B-Neutral, I-Neutral and O. Spans are read from the CRF's marginal probabilities: a
run of tokens each with P(O) below the shipped threshold, cut where a token is more likely B-
than I-; the confidence is the mean probability that a token of the run is part of an entity.
The sentiment of each span is then given by a second stage (`sentiment.py`, a logistic
regression over the span's context and the CRF's own sentiment mass); without that model, it is
the sentiment with most CRF probability mass over the run.

The models (`data/entity_crf.bin` with `data/entity_crf.json` beside it, and
`data/entity_sentiment.json`) are made by `scripts/train_entity_model.py`; see
`data/ENTITY_MODEL.md` for data, scores and licence.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pycrfsuite  # type: ignore[import-untyped]

from marketbuzz.entity_model.features import Sentence, Vocabulary, text_features
from marketbuzz.entity_model.sentiment import (
    SENTIMENTS,
    Candidate,
    SentenceTones,
    SentimentModel,
    span_features,
)
from marketbuzz.master.load import SecurityMaster, load_master

MODEL_FILENAME = "entity_crf.bin"
SENTIMENT_FILENAME = "entity_sentiment.json"


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """An entity the tagger found: character offsets into the text, its sentiment, confidence."""

    start: int
    end: int
    sentiment: str  # "Positive" | "Negative" | "Neutral"
    confidence: float  # mean P(token is part of an entity) over the span's tokens, 0..1


def default_model_path() -> Path:
    return Path(str(resources.files("marketbuzz") / "data" / MODEL_FILENAME))


class EntityTagger:
    """A CRF model, the master its features look names up in, and its decoding threshold.

    Decoding is by marginal probability rather than the single best label path: a token belongs
    to an entity when the CRF gives "O" less than `outside_limit` (chosen by cross-validation at
    training time and shipped beside the model). A higher limit finds more names the model is
    unsure of ("Shares of Acme Corp slumped") at little cost in precision.
    """

    __slots__ = ("_limit", "_master", "_sentiment", "_tagger", "_vocabulary")

    def __init__(
        self,
        model_path: Path,
        master: SecurityMaster,
        outside_limit: float | None = None,
        sentiment: SentimentModel | None = None,
    ) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self._master = master
        self._vocabulary = Vocabulary.of(self._tagger.info().attributes)
        self._limit = outside_limit if outside_limit is not None else _shipped_limit(model_path)
        self._sentiment = sentiment

    @property
    def outside_limit(self) -> float:
        return self._limit

    @property
    def has_sentiment_model(self) -> bool:
        """Whether span sentiments come from the second-stage classifier (else the CRF's)."""
        return self._sentiment is not None

    @staticmethod
    def load() -> EntityTagger:
        """The shipped model with the bundled master, loaded once per process."""
        return _shipped_tagger()

    @classmethod
    def from_file(
        cls,
        model_path: Path,
        master: SecurityMaster | None = None,
        outside_limit: float | None = None,
    ) -> EntityTagger:
        """The CRF at `model_path` and, when `entity_sentiment.json` lies beside it, its
        sentiment classifier."""
        beside = model_path.with_name(SENTIMENT_FILENAME)
        sentiment = SentimentModel.from_file(beside) if beside.is_file() else None
        return cls(
            model_path, master if master is not None else load_master(), outside_limit, sentiment
        )

    def tag(
        self,
        text: str,
        outside_limit: float | None = None,
        near: Sequence[tuple[int, int]] | None = None,
    ) -> list[EntitySpan]:
        """Entities in English text with their sentiment, sorted by start. Never raises on
        strings: empty, huge or non-English text gives few or no spans.

        `near`: tag only the sentences overlapping these (start, end) spans, e.g. the linked
        mentions whose sentiment is wanted; the other sentences cost nothing. `outside_limit`
        overrides the shipped threshold (training tries several)."""
        if not isinstance(text, str) or not text.strip():
            return []
        return self.label(self.candidates(text, outside_limit, near))

    def candidates(
        self,
        text: str,
        outside_limit: float | None = None,
        near: Sequence[tuple[int, int]] | None = None,
    ) -> list[tuple[Sentence, list[Candidate]]]:
        """The CRF's spans in each (chosen) sentence, before the sentiment classifier."""
        limit = self._limit if outside_limit is None else outside_limit
        result = []
        for sentence, features in text_features(text, self._master, self._vocabulary, near):
            if features:
                self._tagger.set(features)
                result.append((sentence, self._candidates(sentence, limit)))
        return result

    def label(self, found: Sequence[tuple[Sentence, list[Candidate]]]) -> list[EntitySpan]:
        """Spans with their sentiment: the classifier's when one is loaded, else the CRF's."""
        spans: list[EntitySpan] = []
        model = self._sentiment
        for sentence, candidates in found:
            tones = SentenceTones.of(sentence, candidates) if model is not None else None
            for candidate in candidates:
                sentiment = candidate.crf_sentiment
                if model is not None and tones is not None:
                    features = span_features(sentence, tones, candidate, len(candidates) - 1)
                    sentiment = model.sentiment(features)
                spans.append(
                    EntitySpan(
                        sentence.starts[candidate.begin],
                        sentence.ends[candidate.end - 1],
                        sentiment,
                        round(min(candidate.confidence, 1.0), 4),
                    )
                )
        return spans

    def _candidates(self, sentence: Sentence, limit: float) -> list[Candidate]:
        """Runs of tokens likely inside an entity; a token more likely B- than I- starts anew."""
        marginal = self._tagger.marginal
        spans: list[Candidate] = []
        run: list[dict[str, float]] = []
        begin = 0
        for position in range(len(sentence.words) + 1):
            outside = marginal("O", position) if position < len(sentence.words) else 1.0
            inside = None
            if outside < limit:
                inside = {label: marginal(label, position) for label in _ENTITY_LABELS}
                starts = sum(inside[f"B-{s}"] for s in SENTIMENTS)
                if run and starts > 1.0 - outside - starts:
                    spans.append(_candidate(begin, position, run))
                    run = []
            elif run:
                spans.append(_candidate(begin, position, run))
                run = []
            if inside is not None:
                if not run:
                    begin = position
                run.append(inside)
        return spans


_ENTITY_LABELS = tuple(f"{p}-{s}" for s in SENTIMENTS for p in "BI")


def _candidate(begin: int, end: int, run: list[dict[str, float]]) -> Candidate:
    """Tokens begin..end: their mean probability mass per sentiment, and of being an entity."""
    mass = [sum(m[f"B-{s}"] + m[f"I-{s}"] for m in run) / len(run) for s in SENTIMENTS]
    return Candidate(begin, end, (mass[0], mass[1], mass[2]), sum(mass))


def settings_path(model_path: Path) -> Path:
    """The JSON beside a model: decoding threshold and how the model was trained."""
    return model_path.with_suffix(".json")


def _shipped_limit(model_path: Path) -> float:
    try:
        settings = json.loads(settings_path(model_path).read_text("utf-8"))
        return float(settings["outside_limit"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0.5  # what the single best label path amounts to


@cache
def _shipped_tagger() -> EntityTagger:
    return EntityTagger.from_file(default_model_path(), load_master())
