"""Novelty fingerprinting throughput (`marketbuzz.novelty.fingerprint`), on one core.

    .venv/bin/python bench/bench_novelty.py [--shared ../shared] [--rows 700] [--repeat 5]

Corpora from ../shared/data/astock_news/val.csv (Simplified Chinese announcement digests, about
110 characters each): the items as they are, the same items joined seven at a time into
articles of about 2 KB of UTF-8 (the size the ingest target assumes), and the seed article
(Traditional Chinese, 8 KB). Prints, per corpus, fingerprints/s and µs per article, best of
`--repeat` runs. Skips the Astock corpora, with a message, where the file is absent.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from marketbuzz.novelty import fingerprint

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seed_article.txt"
ITEMS_PER_ARTICLE = 7  # seven Astock items make about 2 KB of UTF-8


def load_astock(shared: Path, rows: int) -> list[str]:
    path = shared / "data" / "astock_news" / "val.csv"
    csv.field_size_limit(1 << 30)
    texts: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            texts.append(row["text_a"])
            if len(texts) == rows:
                break
    return texts


def best_seconds(articles: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for article in articles:
            fingerprint("", article)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--rows", type=int, default=700)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    corpora: dict[str, list[str]] = {}
    if FIXTURE.exists():
        corpora["seed article x50 (zh-Hant, 8 KB)"] = [FIXTURE.read_text(encoding="utf-8")] * 50
    if (args.shared / "data" / "astock_news" / "val.csv").exists():
        items = load_astock(args.shared, args.rows)
        joined = [
            "".join(items[start : start + ITEMS_PER_ARTICLE])
            for start in range(0, len(items), ITEMS_PER_ARTICLE)
        ]
        corpora[f"astock items ({len(items)}, ~110 chars)"] = items
        corpora[f"astock items joined ({len(joined)}, ~2 KB)"] = joined
    else:
        print(f"skipping Astock: {args.shared / 'data/astock_news/val.csv'} is absent")
    fingerprint("warm", "up the fold table and the MinHash permutations once")
    for label, articles in corpora.items():
        seconds = best_seconds(articles, args.repeat)
        kilobytes = sum(len(a.encode("utf-8")) for a in articles) / len(articles) / 1024
        print(
            f"{label:<42} {len(articles) / seconds:>9,.0f} fingerprints/s"
            f"  {seconds / len(articles) * 1e6:>7,.0f} µs each  ({kilobytes:.1f} KB avg)"
        )


if __name__ == "__main__":
    main()
