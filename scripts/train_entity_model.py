"""Train the English entity + sentiment CRF on the first 80% of FinEntity and ship it.

    python scripts/train_entity_model.py --shared ../shared [--quick]

Reads ../shared/data/finentity/FinEntity.json (650 texts). Only the first 80% (the part our
evaluation lets us tune on, `FINENTITY_DEV_SHARE`) is used: regularisation is chosen by 5-fold
cross-validation inside it, the final model is trained on all of it and written to
src/marketbuzz/data/entity_crf.bin. The last 20% is scored once, at the end, and never used to
choose anything. Training is deterministic (L-BFGS, fixed folds, fixed grid).

Then the second stage, the per-span sentiment classifier (`marketbuzz.entity_model.sentiment`):
the CRF of each fold tags the texts of that fold, which it was not trained on, so every span of
the training texts has CRF features as the shipped model would give them on new text. A
multinomial logistic regression (scikit-learn, build time only) learns the gold sentiment of
the spans that overlap a gold entity; its strength is chosen by the same 5 folds, and its
weights are written as JSON to src/marketbuzz/data/entity_sentiment.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycrfsuite  # type: ignore[import-untyped]
from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

from marketbuzz.entity_model.features import Sentence, text_features, tone_fingerprint
from marketbuzz.entity_model.sentiment import (
    SENTIMENTS,
    Features,
    SentenceTones,
    SentimentModel,
    span_features,
)
from marketbuzz.entity_model.tagger import (
    SENTIMENT_FILENAME,
    EntitySpan,
    EntityTagger,
    default_model_path,
    settings_path,
)
from marketbuzz.evaluation.metrics import prf
from marketbuzz.evaluation.suites import FINENTITY_DEV_SHARE, gold_spans, match_spans
from marketbuzz.master.load import SecurityMaster, load_master

FOLDS = 5
# L1 keeps the model small (most feature weights become zero); L2 smooths the rest.
GRID = [(c1, c2) for c1 in (0.1, 0.2, 0.4) for c2 in (0.001, 0.01, 0.05)]
QUICK_GRID = [(0.2, 0.01)]
MAX_ITERATIONS = 150
# Decoding thresholds tried: a token is inside an entity when P(O) is below the limit.
LIMITS = (0.5, 0.6, 0.7, 0.8)
RECALL_MARGIN = 0.005
# Inverse L2 strength of the sentiment classifier, chosen by the same folds.
SENTIMENT_GRID = (0.3, 1.0, 3.0)
# Weights are rounded (same data -> same bytes, whatever the last bits of the solver) and the
# features whose weights all round to zero are left out of the file.
WEIGHT_DIGITS = 4

Row = dict[str, Any]
Sequences = list[tuple[list[list[str]], list[str]]]


def token_labels(sentence: Sentence, annotations: Sequence[Row]) -> list[str]:
    """BIO x sentiment labels: a token overlapping a gold entity is B- (its first) or I-."""
    labels = []
    previous: Row | None = None
    for start, end in zip(sentence.starts, sentence.ends, strict=True):
        note = next((a for a in annotations if a["start"] < end and a["end"] > start), None)
        if note is None:
            labels.append("O")
        else:
            labels.append(("I-" if note is previous else "B-") + str(note["label"]))
        previous = note
    return labels


def sequences_of(rows: Sequence[Row], master: SecurityMaster) -> Sequences:
    result: Sequences = []
    for row in rows:
        for sentence, features in text_features(row["content"], master):
            if features:
                result.append((features, token_labels(sentence, row["annotations"])))
    return result


def train(sequences: Sequences, c1: float, c2: float, path: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in sequences:
        trainer.append(features, labels)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": MAX_ITERATIONS,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(path))


def as_predicted(spans: Sequence[EntitySpan]) -> list[tuple[int, int, str, str]]:
    """Tagger spans in the shape the FinEntity suite matches (no entity id)."""
    return [(s.start, s.end, s.sentiment, "") for s in spans]


def score(tagger: EntityTagger, rows: Sequence[Row]) -> dict[str, float]:
    """The FinEntity suite's figures for the tagger on these rows (same matching)."""
    n_gold = n_pred = span_hits = label_hits = 0
    for row in rows:
        gold = gold_spans(row["content"], row["annotations"])
        predicted = as_predicted(tagger.tag(row["content"]))
        spans, labelled = match_spans(gold, predicted)
        n_gold, n_pred = n_gold + len(gold), n_pred + len(predicted)
        span_hits, label_hits = span_hits + spans, label_hits + labelled
    precision, recall, span_f1 = prf(span_hits, n_pred, n_gold)
    return {
        "entity_sentiment_micro_f1": prf(label_hits, n_pred, n_gold)[2],
        "span_f1": span_f1,
        "span_precision": precision,
        "span_recall": recall,
    }


def cross_validate(
    rows: Sequence[Row], master: SecurityMaster, c1: float, c2: float, folder: Path
) -> dict[float, float]:
    """Entity+sentiment micro-F1 over FOLDS contiguous folds of the training rows, for each
    decoding threshold in LIMITS."""
    size = len(rows)
    counts = {limit: [0, 0, 0] for limit in LIMITS}  # gold, predicted, labelled hits
    for fold in range(FOLDS):
        low, high = size * fold // FOLDS, size * (fold + 1) // FOLDS
        path = folder / f"fold{fold}.crf"
        train(sequences_of([*rows[:low], *rows[high:]], master), c1, c2, path)
        tagger = EntityTagger.from_file(path, master)
        for limit in LIMITS:
            for row in rows[low:high]:
                gold = gold_spans(row["content"], row["annotations"])
                predicted = as_predicted(tagger.tag(row["content"], limit))
                tally = counts[limit]
                tally[0] += len(gold)
                tally[1] += len(predicted)
                tally[2] += match_spans(gold, predicted)[1]
    return {limit: prf(hits, pred, gold)[2] for limit, (gold, pred, hits) in counts.items()}


@dataclass(frozen=True, slots=True)
class Example:
    """A span a fold's CRF found in a text it was not trained on, with its classifier
    features, the gold sentiment of the entity it overlaps (None: no entity) and its CRF one."""

    fold: int
    row: int
    start: int
    end: int
    features: Features
    gold: str | None
    crf: str


def out_of_fold_examples(
    rows: Sequence[Row], master: SecurityMaster, c1: float, c2: float, folder: Path
) -> dict[float, list[Example]]:
    """For each decoding limit, every span the CRF finds in the training texts, each found by
    the CRF of the fold that did not see its text: the classifier then learns from CRF output
    like that on new text."""
    size = len(rows)
    examples: dict[float, list[Example]] = {limit: [] for limit in LIMITS}
    for fold in range(FOLDS):
        low, high = size * fold // FOLDS, size * (fold + 1) // FOLDS
        path = folder / f"fold{fold}.crf"
        train(sequences_of([*rows[:low], *rows[high:]], master), c1, c2, path)
        tagger = EntityTagger(path, master)
        for limit, found in examples.items():
            for index in range(low, high):
                found.extend(_examples(tagger, limit, rows[index], fold, index))
    return examples


def _examples(tagger: EntityTagger, limit: float, row: Row, fold: int, index: int) -> list[Example]:
    gold = gold_spans(row["content"], row["annotations"])
    result = []
    for sentence, candidates in tagger.candidates(row["content"], limit):
        tones = SentenceTones.of(sentence, candidates)
        for candidate in candidates:
            start, end = sentence.starts[candidate.begin], sentence.ends[candidate.end - 1]
            label = next((g[2] for g in gold if g[0] < end and g[1] > start), None)
            features = span_features(sentence, tones, candidate, len(candidates) - 1)
            result.append(
                Example(fold, index, start, end, features, label, candidate.crf_sentiment)
            )
    return result


def fit_sentiment(examples: Sequence[Example], strength: float) -> SentimentModel:
    """Multinomial logistic regression on the examples that overlap a gold entity, as weights
    the package scores without scikit-learn."""
    labelled = [e for e in examples if e.gold is not None]
    vectoriser = DictVectorizer(sort=True)
    matrix = vectoriser.fit_transform([e.features for e in labelled])
    model = LogisticRegression(C=strength, max_iter=5000)
    model.fit(matrix, [e.gold for e in labelled])
    order = [list(model.classes_).index(s) for s in SENTIMENTS]
    weights: dict[str, list[float]] = {}
    for column, name in enumerate(vectoriser.get_feature_names_out()):
        row = [round(float(model.coef_[k, column]), WEIGHT_DIGITS) for k in order]
        if any(row):
            weights[str(name)] = row
    bias = [round(float(model.intercept_[k]), WEIGHT_DIGITS) for k in order]
    return SentimentModel(weights, bias)


def pipeline_f1(
    rows: Sequence[Row], examples: Sequence[Example], sentiments: Sequence[str]
) -> float:
    """Entity+sentiment micro-F1 of the examples' spans with these sentiments (suite matching)."""
    by_row: dict[int, list[tuple[int, int, str, str]]] = {}
    for example, sentiment in zip(examples, sentiments, strict=True):
        by_row.setdefault(example.row, []).append((example.start, example.end, sentiment, ""))
    n_gold = n_pred = hits = 0
    for index, row in enumerate(rows):
        gold = gold_spans(row["content"], row["annotations"])
        predicted = by_row.get(index, [])
        n_gold, n_pred = n_gold + len(gold), n_pred + len(predicted)
        hits += match_spans(gold, predicted)[1]
    return prf(hits, n_pred, n_gold)[2]


def cross_validate_sentiment(
    rows: Sequence[Row], examples: Sequence[Example], strength: float
) -> float:
    """Micro-F1 of CRF spans + classifier sentiment over the folds: the classifier of each
    fold learns from the other folds' examples only."""
    sentiments = [e.crf for e in examples]
    for fold in range(FOLDS):
        model = fit_sentiment([e for e in examples if e.fold != fold], strength)
        for position, example in enumerate(examples):
            if example.fold == fold:
                sentiments[position] = model.sentiment(example.features)
    return pipeline_f1(rows, examples, sentiments)


def write_sentiment(model: SentimentModel, path: Path, strength: float) -> None:
    data = {
        "about": "marketbuzz entity sentiment classifier; see ENTITY_MODEL.md",
        "classes": list(SENTIMENTS),
        "C": strength,
        **model.to_json(),
    }
    path.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=default_model_path())
    parser.add_argument("--quick", action="store_true", help="one grid point (smoke runs)")
    args = parser.parse_args(argv)
    source = args.shared / "data" / "finentity" / "FinEntity.json"
    rows: list[Row] = json.loads(source.read_text("utf-8"))
    cut = int(len(rows) * FINENTITY_DEV_SHARE)
    training, heldout = rows[:cut], rows[cut:]
    master = load_master()
    print(f"FinEntity: {len(rows)} texts; training on the first {cut}, {len(heldout)} held out")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for c1, c2 in QUICK_GRID if args.quick else GRID:
            started = time.perf_counter()
            by_limit = cross_validate(training, master, c1, c2, Path(folder))
            results += [(f1, c1, c2, limit) for limit, f1 in by_limit.items()]
            shown = "  ".join(f"{limit}: {f1:.4f}" for limit, f1 in by_limit.items())
            print(f"  cv c1={c1:<5} c2={c2:<5} F1 by outside limit  {shown}", end="")
            print(f"  ({time.perf_counter() - started:.0f}s)")
    _, c1, c2, _ = max(results, key=lambda r: (r[0], -r[1], -r[2], -r[3]))
    print(f"chosen c1={c1} c2={c2}")
    with tempfile.TemporaryDirectory() as folder:
        examples = out_of_fold_examples(training, master, c1, c2, Path(folder))
    crf_f1 = {limit: f1 for f1, a, b, limit in results if (a, b) == (c1, c2)}
    scored = []  # (F1, outside limit, classifier strength)
    for limit, found in examples.items():
        for strength in SENTIMENT_GRID[1:2] if args.quick else SENTIMENT_GRID:
            f1 = cross_validate_sentiment(training, found, strength)
            scored.append((f1, limit, strength))
            print(
                f"  cv limit {limit} C={strength}: F1 {f1:.4f} (CRF sentiment {crf_f1[limit]:.4f})"
            )
    best = max(f1 for f1, _, _ in scored)
    # The highest limit within RECALL_MARGIN of the best: market news beyond FinEntity holds
    # names the model never saw, and a little F1 here buys finding them.
    cv_f1, limit, strength = max(scored, key=lambda r: (r[0] >= best - RECALL_MARGIN, r[1], r[0]))
    print(f"chosen outside_limit={limit} C={strength} (cv F1 {cv_f1:.4f})")
    sentiment = fit_sentiment(examples[limit], strength)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    train(sequences_of(training, master), c1, c2, args.out)
    write_sentiment(sentiment, args.out.with_name(SENTIMENT_FILENAME), strength)
    tagger = EntityTagger(args.out, master, limit, sentiment)
    print(f"model: {args.out} ({args.out.stat().st_size / 1e6:.2f} MB), trained on {cut} texts")
    settings: dict[str, Any] = {
        "outside_limit": limit,
        "c1": c1,
        "c2": c2,
        "max_iterations": MAX_ITERATIONS,
        "trained_on": f"FinEntity.json, first {cut} of {len(rows)} texts",
        "cv_folds": FOLDS,
        "cv_crf_entity_sentiment_micro_f1": round(crf_f1[limit], 4),
        "sentiment_C": strength,
        "cv_entity_sentiment_micro_f1": round(cv_f1, 4),
        "tone_fingerprint": tone_fingerprint(),
    }
    for name, part in (("train", training), ("heldout", heldout)):
        figures = score(tagger, part)
        print(f"  {name:8} " + "  ".join(f"{k} {v:.4f}" for k, v in figures.items()))
        settings.update({f"{name}_{k}": round(v, 4) for k, v in figures.items()})
    settings_path(args.out).write_text(json.dumps(settings, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
