"""Throughput of the English entity + sentiment CRF, and its load time.

    .venv/bin/python bench/bench_entity_model.py [--shared ../shared]

Tags the 650 FinEntity texts (Reuters-style English, about 230 characters each) and prints
sentences/s, ms per sentence and MB/s of UTF-8 text, best of several runs because the machine
may be shared. Budget: at most about 0.3 ms per English sentence on one core. The load time is
the model file alone (the security master, which the features also use, is loaded first and
timed apart). `--model` benches another CRF file (with the sentiment classifier beside it,
if any), e.g. an older model for a before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from marketbuzz.entity_model.features import sentences
from marketbuzz.entity_model.tagger import EntityTagger, default_model_path
from marketbuzz.master.load import SecurityMaster, load_master
from marketbuzz.model import Article
from marketbuzz.pipeline import analyze_article

sys.path.insert(0, str(Path(__file__).parent))
from bench_moves import best_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[2] / "shared")
    parser.add_argument(
        "--model",
        type=Path,
        default=default_model_path(),
        help="a CRF file; the sentiment classifier beside it is used when there is one",
    )
    args = parser.parse_args()
    path = args.shared / "data" / "finentity" / "FinEntity.json"
    texts = [row["content"] for row in json.loads(path.read_text("utf-8"))]

    begin = time.perf_counter()
    master = load_master()
    print(f"security master load: {time.perf_counter() - begin:.3f} s")
    begin = time.perf_counter()
    tagger = EntityTagger.from_file(args.model, master)
    print(
        f"model load: {(time.perf_counter() - begin) * 1000:.1f} ms "
        f"({args.model.stat().st_size / 1e6:.2f} MB; sentiment classifier: "
        f"{'yes' if tagger.has_sentiment_model else 'no'})"
    )

    size = sum(len(t.encode("utf-8")) for t in texts)
    count = sum(len(sentences(t)) for t in texts)
    seconds = best_seconds(lambda: [tagger.tag(t) for t in texts])
    print(
        f"tag: {len(texts)} texts, {count} sentences, {size / 1e3:.0f} KB in {seconds:.3f} s: "
        f"{count / seconds:,.0f} sentences/s, {seconds / count * 1000:.3f} ms/sentence, "
        f"{size / seconds / 1e6:.2f} MB/s"
    )

    # As the pipeline would use it: only sentences holding a mention the linker found.
    mentions = [linked_spans(t, master) for t in texts]
    pairs = list(zip(texts, mentions, strict=True))
    seconds = best_seconds(lambda: [tagger.tag(t, near=m) for t, m in pairs])
    print(
        f"tag near linked mentions only: {size / 1e3:.0f} KB in {seconds:.3f} s: "
        f"{seconds / count * 1000:.3f} ms per sentence of text, {size / seconds / 1e6:.2f} MB/s"
    )


def linked_spans(text: str, master: SecurityMaster) -> list[tuple[int, int]]:
    """(start, end) of the mentions the rule engine links in the text."""
    analysis = analyze_article(Article(title="", body=text), master)
    items = (*analysis.instruments, *analysis.organizations)
    return [(m.start, m.end) for item in items for m in item.mentions]


if __name__ == "__main__":
    main()
