"""The shipped English entity + sentiment tagger: load once, tag text into `EntitySpan`s.

Labels are BIO x sentiment, as FinBERT-CRF tags FinEntity: B-Positive, I-Positive, B-Negative,
I-Negative, B-Neutral, I-Neutral and O. Spans are read from the CRF's marginal probabilities: a
run of tokens each with P(O) below the shipped threshold, cut where a token is more likely B-
than I-; the sentiment is the one with most probability mass over the run, the confidence the
mean probability that a token of the run is part of an entity.

The model (`data/entity_crf.bin`, with `data/entity_crf.json` beside it) is made by
`scripts/train_entity_model.py`; see `data/ENTITY_MODEL.md` for data, scores and licence.
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
from marketbuzz.master.load import SecurityMaster, load_master

MODEL_FILENAME = "entity_crf.bin"
SENTIMENTS = ("Positive", "Negative", "Neutral")


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

    __slots__ = ("_limit", "_master", "_tagger", "_vocabulary")

    def __init__(
        self, model_path: Path, master: SecurityMaster, outside_limit: float | None = None
    ) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self._master = master
        self._vocabulary = Vocabulary.of(self._tagger.info().attributes)
        self._limit = outside_limit if outside_limit is not None else _shipped_limit(model_path)

    @property
    def outside_limit(self) -> float:
        return self._limit

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
        return cls(model_path, master if master is not None else load_master(), outside_limit)

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
        limit = self._limit if outside_limit is None else outside_limit
        spans: list[EntitySpan] = []
        for sentence, features in text_features(text, self._master, self._vocabulary, near):
            if features:
                self._tagger.set(features)
                spans.extend(self._spans(sentence, limit))
        return spans

    def _spans(self, sentence: Sentence, limit: float) -> list[EntitySpan]:
        """Runs of tokens likely inside an entity; a token more likely B- than I- starts anew."""
        marginal = self._tagger.marginal
        spans: list[EntitySpan] = []
        run: list[dict[str, float]] = []
        begin = 0
        for position in range(len(sentence.words) + 1):
            outside = marginal("O", position) if position < len(sentence.words) else 1.0
            inside = None
            if outside < limit:
                inside = {label: marginal(label, position) for label in _ENTITY_LABELS}
                starts = sum(inside[f"B-{s}"] for s in SENTIMENTS)
                if run and starts > 1.0 - outside - starts:
                    spans.append(_span(sentence, begin, position, run))
                    run = []
            elif run:
                spans.append(_span(sentence, begin, position, run))
                run = []
            if inside is not None:
                if not run:
                    begin = position
                run.append(inside)
        return spans


_ENTITY_LABELS = tuple(f"{p}-{s}" for s in SENTIMENTS for p in "BI")


def _span(sentence: Sentence, begin: int, end: int, run: list[dict[str, float]]) -> EntitySpan:
    """The span of tokens begin..end: the sentiment with most probability mass over them."""
    mass = {s: sum(m[f"B-{s}"] + m[f"I-{s}"] for m in run) for s in SENTIMENTS}
    sentiment = max(SENTIMENTS, key=mass.__getitem__)
    confidence = sum(mass.values()) / len(run)
    return EntitySpan(
        sentence.starts[begin], sentence.ends[end - 1], sentiment, round(min(confidence, 1.0), 4)
    )


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
    return EntityTagger(default_model_path(), load_master())
