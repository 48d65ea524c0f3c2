"""Throughput of number finding and move extraction, on the seed article and the Astock items.

    .venv/bin/python bench/bench_moves.py [--shared ../shared]

Prints MB/s of UTF-8 text for `find_quantities` (folding included) and for `extract_moves`
alone (mentions linked beforehand, as the pipeline does), best of several runs because the
machine may be shared. Budget: the whole pipeline must reach 2 MB/s (about 0.5 ms per KB), of
which moves may take about 0.06 ms/KB on the seed and 0.03 on Astock.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Callable
from pathlib import Path

from marketbuzz.document import Document
from marketbuzz.extract.moves import extract_moves
from marketbuzz.link import link_mentions
from marketbuzz.master.load import load_master
from marketbuzz.read import read_article
from marketbuzz.text.numbers import find_quantities

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seed_article.txt"


def best_seconds(run: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        begin = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - begin)
    return best


def astock_texts(shared: Path) -> list[str]:
    csv.field_size_limit(1 << 24)
    path = shared / "data" / "astock_news" / "val.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [row["text_a"] for row in csv.DictReader(handle, delimiter="\t")]


def measure(label: str, texts: list[str]) -> None:
    size = sum(len(t.encode("utf-8")) for t in texts)
    joined = "\n".join(texts)
    seconds = best_seconds(lambda: find_quantities(joined))
    print(f"{label}: find_quantities {size / 1e6 / seconds:6.1f} MB/s")
    master = load_master()
    linked = []
    for text in texts:
        doc = Document(read_article(text))
        linked.append((doc, link_mentions(doc, master)))

    def moves() -> None:
        for doc, mentions in linked:
            extract_moves(doc, mentions, master)  # keeps no state in the document

    seconds = best_seconds(moves)
    print(
        f"{label}: extract_moves   {size / 1e6 / seconds:6.1f} MB/s"
        f"  ({seconds / (size / 1000) * 1000:.3f} ms/KB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    args = parser.parse_args()
    measure("seed x50", [FIXTURE.read_text(encoding="utf-8")] * 50)
    astock = astock_texts(args.shared)
    if astock:
        measure(f"astock ({len(astock)} items)", astock)


if __name__ == "__main__":
    main()
