"""Reading throughput: `read_article` alone, on plain text, bytes and JSON, on one core.

    .venv/bin/python bench/bench_read.py [--shared ../shared] [--repeat 5] [--profile]

Corpora: the seed article x50 (Traditional Chinese, 8 KB each), the 1,477 short A-share items
of ../shared/data/astock_news/val.csv (Simplified Chinese, as text and as UTF-8 bytes) and
FinEntity's English items. Prints, per corpus, the best of `--repeat` runs as MB/s of UTF-8
text, ms per KB and µs per item. `--profile` prints a cProfile of one run over each corpus.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

from marketbuzz.read import read_article

sys.path.insert(0, str(Path(__file__).parent))
from bench_analyze import load_corpus

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seed_article.txt"


def _read_all(items: list[str] | list[bytes]) -> None:
    for item in items:
        read_article(item)


def best_seconds(call: Callable[[], None], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    seed = FIXTURE.read_text(encoding="utf-8")
    corpora: dict[str, list[str] | list[bytes]] = {"seed x50 (zh-Hant, 8 KB)": [seed] * 50}
    if (args.shared / "data").is_dir():
        corpus = load_corpus(args.shared)
        corpora["astock zh-Hans text (1,477 short items)"] = corpus["zh-Hans"]
        corpora["astock zh-Hans UTF-8 bytes"] = [t.encode("utf-8") for t in corpus["zh-Hans"]]
        corpora["astock zh-Hant text (OpenCC s2hk)"] = corpus["zh-Hant"]
        corpora["finentity en text"] = corpus["en"]
    for label, items in corpora.items():
        _read_all(items[:20])  # build the cached tables once
        size = sum(len(i if isinstance(i, bytes) else i.encode("utf-8")) for i in items)
        seconds = best_seconds(lambda items=items: _read_all(items), args.repeat)  # type: ignore[misc]
        print(
            f"{label:42s} {size / seconds / 1e6:6.2f} MB/s  "
            f"{seconds * 1e6 / size:6.3f} ms/KB  {seconds / len(items) * 1e6:7.1f} µs/item"
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(_read_all, items)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
