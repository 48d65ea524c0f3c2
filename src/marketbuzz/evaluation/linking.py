"""Linking suites: is the labelled instrument linked, ranked first, and what else is linked."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from marketbuzz.evaluation.datasets import LabelledText
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Analysis, Article, PublishedDate
from marketbuzz.pipeline import analyze_article


@dataclass
class LinkingResult:
    size: int = 0
    label_known: int = 0
    linked: int = 0
    top1: int = 0
    extra_links: int = 0
    misses: list[LabelledText] = field(default_factory=list)
    extras: Counter[str] = field(default_factory=Counter)  # "matched text -> entity" counts

    def scores(self) -> dict[str, float]:
        size = max(self.size, 1)
        return {
            "recall": self.linked / size,
            "top1": self.top1 / size,
            "extra_per_article": self.extra_links / size,
            "label_in_master": self.label_known / size,
        }


def a_share_market(code: str) -> str:
    if code.startswith(("60", "68", "90")):
        return "SS"
    if code.startswith(("00", "30", "20")):
        return "SZ"
    return "BJ"


def _article(item: LabelledText, transform: Callable[[str], str] | None) -> Article:
    text = transform(item.text) if transform else item.text
    published = PublishedDate(raw=item.date.isoformat(), value=item.date) if item.date else None
    return Article(title="", body=text, published=published)


def evaluate_a_share_linking(
    items: Sequence[LabelledText],
    master: SecurityMaster,
    *,
    transform: Callable[[str], str] | None = None,
) -> LinkingResult:
    """Recall of the labelled stock, how often it ranks first, and the other links per article."""
    result = LinkingResult()
    for item in items:
        entity = master.by_code(a_share_market(item.label_code), item.label_code)
        label = entity.id if entity else None
        analysis = analyze_article(_article(item, transform), master, as_of=item.date)
        _score(result, item, label, analysis)
    return result


def _score(
    result: LinkingResult, item: LabelledText, label: str | None, analysis: Analysis
) -> None:
    result.size += 1
    result.label_known += label is not None
    linked_ids = [i.entity_id for i in analysis.instruments]
    if label in linked_ids:
        result.linked += 1
        result.top1 += bool(linked_ids) and linked_ids[0] == label
    else:
        result.misses.append(item)
    for instrument in analysis.instruments:
        if instrument.entity_id != label:
            result.extra_links += 1
            surface = instrument.mentions[0].text
            result.extras[f"{surface} -> {instrument.entity_id}"] += 1


def evaluate_ticker_headlines(
    items: Sequence[LabelledText], master: SecurityMaster
) -> LinkingResult:
    """English headlines labelled with a ticker: recall of that ticker and what else links."""
    result = LinkingResult()
    for item in items:
        entity = master.by_symbol(item.label_code)
        label = entity.id if entity else None
        article = Article(title=item.text, body="")
        analysis = analyze_article(article, master, as_of=item.date or dt.date(2020, 1, 1))
        _score(result, item, label, analysis)
    return result
