"""Time per pipeline stage, to see where analysis spends its time.

    .venv/bin/python bench/bench_stages.py [--shared ../shared] [--corpus astock|seed|all]

Prints, per stage, the total seconds and the share of the whole, and the throughput the whole
pipeline would reach. The budget for 2 MB/s is about 0.5 ms per KB of UTF-8 text for all stages.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from marketbuzz.document import Document
from marketbuzz.extract.claims import extract_claims
from marketbuzz.extract.events import extract_events
from marketbuzz.extract.moves import extract_moves
from marketbuzz.extract.sentiment import score_sentiment
from marketbuzz.extract.themes import extract_themes
from marketbuzz.link import link_mentions
from marketbuzz.link.relevance import score_relevance
from marketbuzz.master.load import load_master
from marketbuzz.model import Mention
from marketbuzz.read import read_article

sys.path.insert(0, str(Path(__file__).parent))
from bench_analyze import load_corpus

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seed_article.txt"


def run(texts: list[str]) -> dict[str, float]:
    master = load_master()
    spent: dict[str, float] = defaultdict(float)

    def timed(stage: str, started: float) -> float:
        now = time.perf_counter()
        spent[stage] += now - started
        return now

    for text in texts:
        clock = time.perf_counter()
        article = read_article(text)
        clock = timed("read", clock)
        doc = Document(article)
        _ = doc.folded, doc.sentences
        clock = timed("document (fold, sentences)", clock)
        mentions = link_mentions(doc, master)
        clock = timed("link", clock)
        moves = extract_moves(doc, mentions, master)
        clock = timed("moves", clock)
        events = extract_events(doc, mentions, master)
        clock = timed("events", clock)
        extract_claims(doc, mentions, master)
        clock = timed("claims", clock)
        extract_themes(doc, mentions, master)
        clock = timed("themes", clock)
        by_entity: dict[str, list[Mention]] = defaultdict(list)
        for mention in mentions:
            by_entity[mention.entity_id].append(mention)
        for entity_id, own in by_entity.items():
            score_sentiment(doc, entity_id, own, moves, events)
        clock = timed("sentiment", clock)
        for entity_id in by_entity:
            score_relevance(doc, entity_id, mentions, moves, events, master)
        timed("relevance", clock)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--corpus", choices=["astock", "seed", "all"], default="all")
    args = parser.parse_args()
    corpora: dict[str, list[str]] = {}
    if args.corpus in ("seed", "all"):
        corpora["seed x50 (zh-Hant, 8 KB)"] = [FIXTURE.read_text(encoding="utf-8")] * 50
    if args.corpus in ("astock", "all"):
        corpora["astock zh-Hans (1,477 short items)"] = load_corpus(args.shared)["zh-Hans"]
    for label, texts in corpora.items():
        run(texts[:5])  # warm caches and the master
        spent = run(texts)
        total = sum(spent.values())
        size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        rate = f"{size_mb / total:.2f} MB/s, {len(texts) / total:.0f} articles/s"
        print(f"\n{label}: {total:.3f} s, {rate}")
        for stage, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
            per_kb = seconds / (size_mb * 1000) * 1000
            print(f"  {stage:28s} {seconds:7.3f} s  {seconds / total:5.1%}  {per_kb:6.3f} ms/KB")


if __name__ == "__main__":
    main()
