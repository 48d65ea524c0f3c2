"""Analyze throughput, master load time and peak memory, on one core.

    .venv/bin/python bench/bench_analyze.py [--shared ../shared] [--repeat 7]

The corpus: the A-share news items of ../shared/data/astock_news/val.csv (Simplified Chinese), the
same items converted to Traditional Chinese (OpenCC s2hk), and FinEntity's English sentences.
Prints MB/s of UTF-8 text and articles/s per language, the time to load the master in a fresh
process, and the peak resident memory of this process. Run it with the interpreter of a regular
install (`pip install .`, which compiles the engine: see setup.py) to measure what users run; an
editable install measures the pure-Python source, about 1.4x slower.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

LOAD_SNIPPET = (
    "import time; t = time.perf_counter(); "
    "from marketbuzz.master.load import load_master; m = load_master(); "
    "print(time.perf_counter() - t, len(m.entities), len(m.names))"
)


def _default_shared() -> Path:
    return Path(__file__).resolve().parents[2] / "shared"


def load_corpus(shared: Path) -> dict[str, list[str]]:
    import opencc

    csv.field_size_limit(1 << 24)
    with (shared / "data/astock_news/val.csv").open(encoding="utf-8") as handle:
        simplified = [row["text_a"] for row in csv.DictReader(handle, delimiter="\t")]
    to_traditional = opencc.OpenCC("s2hk")
    traditional = [to_traditional.convert(text) for text in simplified]
    entities = json.loads((shared / "data/finentity/FinEntity.json").read_text(encoding="utf-8"))
    english = [row["content"] for row in entities]
    return {"zh-Hans": simplified, "zh-Hant": traditional, "en": english}


def measure_load() -> tuple[float, int, int]:
    """Load the master in a fresh interpreter: the cost every worker process pays once."""
    output = subprocess.run(
        [sys.executable, "-c", LOAD_SNIPPET], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(output[0]), int(output[1]), int(output[2])


def measure_throughput(texts: list[str], repeat: int) -> tuple[float, float]:
    from marketbuzz.master.load import load_master
    from marketbuzz.pipeline import analyze

    master = load_master()
    size = sum(len(t.encode("utf-8")) for t in texts)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            analyze(text, master=master)
        best = min(best, time.perf_counter() - started)
    return size / best / 1e6, len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=_default_shared())
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if not (args.shared / "data").is_dir():
        sys.exit(f"needs the public data sets: {args.shared / 'data'} not found (use --shared)")
    import marketbuzz.pipeline

    compiled = not marketbuzz.pipeline.__file__.endswith(".py")
    print(f"engine: {'compiled (mypyc, pip install .)' if compiled else 'pure Python (editable)'}")
    load_seconds, entities, names = measure_load()
    print(f"master load (fresh process): {load_seconds:.3f} s")
    print(f"master size: {entities:,} entities, {names:,} names")
    corpus = load_corpus(args.shared)
    for language, texts in corpus.items():
        mb_per_s, articles_per_s = measure_throughput(texts, args.repeat)
        size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        print(
            f"analyze {language:8s} {len(texts):5d} articles {size:6.2f} MB: "
            f"{mb_per_s:6.2f} MB/s  {articles_per_s:8.1f} articles/s"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
