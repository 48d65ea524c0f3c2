"""Ingest throughput: articles/s from a JSONL archive into a fresh store, one process, one core.

    python bench/bench_ingest.py                    # SQLite in a temp folder
    python bench/bench_ingest.py --postgres         # a throwaway PostgreSQL (tests/pgserver.py)
    python bench/bench_ingest.py --db postgresql://...   # a server of your own, empty store

The articles are Astock news items (../shared/data/astock_news/val.csv: real Simplified Chinese
A-share news, title + text) written to a JSONL archive; the whole path is timed: reading each
line, fingerprinting, the duplicate check, analysis, novelty lookup and the transaction that
stores the article with its mentions, moves, events, claims, bands and search terms.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASTOCK = ROOT.parent / "shared" / "data" / "astock_news" / "val.csv"


def _write_archive(path: Path, limit: int) -> int:
    csv.field_size_limit(10_000_000)
    count = 0
    with ASTOCK.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as out:
        for row in csv.DictReader(source, delimiter="\t"):
            record = {
                "title": row.get("TITLE") or row["text_a"][:30],
                "body": row["text_a"],
                "published": row["DATE"],
                "source": "Astock",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
            if count >= limit:
                break
    return count


def _run(db: str, archive: Path) -> tuple[float, dict[str, object]]:
    from marketbuzz.ingest.runner import Ingester
    from marketbuzz.master.load import load_master
    from marketbuzz.store import Store

    master = load_master()
    store = Store.open(db)
    started = time.perf_counter()
    report = Ingester(store, master).run([str(archive)])
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed, report.to_dict()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--db", help="A store URL or path (default: a temp SQLite file).")
    parser.add_argument("--postgres", action="store_true", help="Use a throwaway PostgreSQL.")
    args = parser.parse_args()
    if not ASTOCK.exists():
        print(f"skipped: {ASTOCK} (the Astock news data set) is not beside the checkout")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "astock.jsonl"
        count = _write_archive(archive, args.articles)
        cluster = None
        if args.postgres:
            sys.path.insert(0, str(ROOT))
            from tests.pgserver import acquire_server, url_text

            server, cluster = acquire_server()
            db = url_text(server.create_database())
        else:
            db = args.db or str(Path(folder) / "bench.db")
        try:
            elapsed, report = _run(db, archive)
        finally:
            if cluster is not None:
                cluster.stop()
    engine = "PostgreSQL" if args.postgres or db.startswith("postgres") else "SQLite"
    print(f"{engine}: {count} articles in {elapsed:.2f} s = {count / elapsed:,.0f} articles/s")
    print(f"  new {report['new']}, repeats {report['repeats']}, duplicate {report['duplicate']}")
    print(f"  failed {len(report['failed'])}")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
