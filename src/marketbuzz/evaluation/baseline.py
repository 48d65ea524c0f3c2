"""The gate: floors per suite and score in eval/baseline.json, checked with a small tolerance.

A floor is raised when the engine improves (`raise_floors`), never lowered by a tool: lowering
one is a hand edit of the file with a reason written into its "lowered" list.
Scores where lower is better (extra links, false tickers) are stored as ceilings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TOLERANCE = 0.005
ABOUT = (
    "Floors (ceilings for lower-is-better scores) checked by `marketbuzz eval --gate`; raised by"
    " `marketbuzz eval --update-baseline`, never lowered by it. To lower one, edit it by hand and"
    " add {suite, score, from, to, reason, date} to `lowered`. See docs/EVALUATION.md."
)

# Scores where a smaller number is better: the baseline holds a ceiling for these.
LOWER_IS_BETTER = frozenset(
    {
        "extra_per_article",
        "judged_wrong_still_linked",
        "false_common_word_rate",
    }
)

Scores = Mapping[str, Mapping[str, float]]


@dataclass(frozen=True, slots=True)
class Failure:
    suite: str
    score: str
    value: float
    floor: float

    def describe(self) -> str:
        word = "above its ceiling" if self.score in LOWER_IS_BETTER else "below its floor"
        return f"{self.suite}.{self.score} = {self.value:.4f} is {word} {self.floor:.4f}"


def load_baseline(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"about": ABOUT, "tolerance": TOLERANCE, "floors": {}, "lowered": []}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    data.setdefault("floors", {})
    data.setdefault("lowered", [])
    data.setdefault("tolerance", TOLERANCE)
    return data


def save_baseline(path: Path, baseline: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(baseline, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def check(scores: Scores, baseline: Mapping[str, Any]) -> list[Failure]:
    """Every score that fell past its floor (or rose past its ceiling) by more than tolerance.

    Only suites that were run are checked, so `--suite astock --gate` gates astock alone.
    """
    tolerance = float(baseline.get("tolerance", TOLERANCE))
    failures = []
    for suite, floors in baseline.get("floors", {}).items():
        if suite not in scores:
            continue
        for name, floor in floors.items():
            value = scores[suite].get(name)
            if value is None:
                failures.append(Failure(suite, name, float("nan"), float(floor)))
            elif _worse(name, value, float(floor), tolerance):
                failures.append(Failure(suite, name, value, float(floor)))
    return failures


# (suite, reference suite, scores): the first must not score below the second. Traditional
# Chinese text must link as well as the same articles in Simplified form.
PARITY: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("astock-hant", "astock", ("recall", "top1")),
)


def check_parity(scores: Scores, tolerance: float = TOLERANCE) -> list[Failure]:
    """Scores of a suite that fell below the same score of its reference suite (both run)."""
    failures = []
    for suite, reference, names in PARITY:
        if suite not in scores or reference not in scores:
            continue
        for name in names:
            value, floor = scores[suite].get(name), scores[reference].get(name)
            if value is not None and floor is not None and value < floor - tolerance:
                failures.append(Failure(suite, f"{name} (vs {reference})", value, floor))
    return failures


def _worse(name: str, value: float, floor: float, tolerance: float) -> bool:
    if name in LOWER_IS_BETTER:
        return value > floor + tolerance
    return value < floor - tolerance


def raise_floors(scores: Scores, baseline: Mapping[str, Any]) -> dict[str, Any]:
    """A new baseline with each floor moved to the current score only where that is better.

    New scores get their current value. A worse score leaves the floor where it was.
    """
    floors: dict[str, dict[str, float]] = {
        suite: dict(values) for suite, values in baseline.get("floors", {}).items()
    }
    for suite, values in scores.items():
        current = floors.setdefault(suite, {})
        for name, raw in values.items():
            value = round(raw, 4)
            old = current.get(name)
            if old is None or (value < old if name in LOWER_IS_BETTER else value > old):
                current[name] = value
    updated = dict(baseline)
    updated["floors"] = floors
    updated.setdefault("tolerance", TOLERANCE)
    updated.setdefault("lowered", [])
    return updated
