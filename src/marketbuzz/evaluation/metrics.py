"""Plain scoring functions: precision, recall, F1, macro-F1, accuracy, and an error tally.

Kept free of the engine so the tests can check them on hand-made inputs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


def ratio(part: float, whole: float) -> float:
    """part / whole, 0.0 when there is nothing to divide by."""
    return part / whole if whole else 0.0


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf(true_positive: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """(precision, recall, F1) from counts."""
    precision = ratio(true_positive, predicted)
    recall = ratio(true_positive, gold)
    return precision, recall, f1(precision, recall)


def accuracy(gold: Sequence[object], predicted: Sequence[object]) -> float:
    return ratio(sum(g == p for g, p in zip(gold, predicted, strict=True)), len(gold))


def macro_f1(gold: Sequence[object], predicted: Sequence[object]) -> float:
    """Unweighted mean of per-class F1 over the classes present in gold or predicted."""
    classes = set(gold) | set(predicted)
    scores = []
    for label in classes:
        hits = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        scores.append(
            prf(hits, sum(p == label for p in predicted), sum(g == label for g in gold))[2]
        )
    return ratio(sum(scores), len(scores))


@dataclass
class ErrorTally:
    """Errors grouped by kind: a count and the first few examples of each."""

    examples_per_kind: int = 2
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, example: str) -> None:
        self.counts[kind] += 1
        kept = self.examples.setdefault(kind, [])
        if len(kept) < self.examples_per_kind:
            kept.append(example)

    def most_common(self, n: int = 10) -> list[tuple[str, int, list[str]]]:
        return [(kind, count, self.examples[kind]) for kind, count in self.counts.most_common(n)]
