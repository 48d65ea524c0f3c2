"""Load on loopback: concurrent readers of /api/hot while an ingest writes to the same store.

    python bench/bench_api_load.py [--readers 8] [--seconds 20] [--max-requests 20000]

Starts `marketbuzz serve` (one uvicorn process) on a fresh SQLite store loaded with the bundled
samples, starts `marketbuzz ingest` of an archive into the same store in a second process, and
runs reader threads that request /api/hot (cycling windows and markets) until the time or the
request budget is spent, whichever comes first. Prints requests/s, latency p50/p95/p99, errors,
and how many articles the ingest stored meanwhile. Exit status 1 if any request failed.

The archive is Astock news (../shared/data/astock_news/val.csv) when present, else the bundled
demo corpus repeated with numbered titles.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ASTOCK = ROOT.parent / "shared" / "data" / "astock_news" / "val.csv"
QUERIES = [
    "/api/hot?window=24h",
    "/api/hot?window=7d&market=HK",
    "/api/hot?window=24h&market=CN",
    "/api/hot?window=4h&market=US",
    "/api/hot?window=7d&market=crypto",
]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def write_archive(path: Path, limit: int) -> int:
    """An archive of `limit` articles for the concurrent ingest."""
    rows = []
    if ASTOCK.exists():
        csv.field_size_limit(10_000_000)
        with ASTOCK.open(encoding="utf-8") as source:
            for row in itertools.islice(csv.DictReader(source, delimiter="\t"), limit):
                rows.append(
                    {
                        "title": row.get("TITLE") or row["text_a"][:30],
                        "body": row["text_a"],
                        "published": row["DATE"],
                        "source": "Astock",
                    }
                )
    else:
        demo = [json.loads(line) for line in (SAMPLES / "news" / "wire.jsonl").open("utf-8")]
        for number, item in zip(range(limit), itertools.cycle(demo), strict=False):
            rows.append({**item, "title": f"{item['title']} ({number})"})
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: str, port: int, folder: Path) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-m",
        "marketbuzz.cli",
        "serve",
        "--db",
        db,
        "--port",
        str(port),
        "--keys",
        str(folder / "keys.json"),
        "--load",
        str(SAMPLES),
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start within 120 s")


def reader(
    base: str, stop_at: float, budget: itertools.count[int], limit: int, tally: Tally
) -> None:
    with httpx.Client(base_url=base, timeout=10) as client:
        for path in itertools.cycle(QUERIES):
            if time.monotonic() >= stop_at or next(budget) >= limit:
                return
            started = time.perf_counter()
            try:
                response = client.get(path)
                ok = response.status_code == 200 and "rows" in response.json()
                problem = None if ok else f"{path}: HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                problem = f"{path}: {exc!r}"
            elapsed = time.perf_counter() - started
            with tally.lock:
                tally.latencies.append(elapsed)
                if problem:
                    tally.errors.append(problem)


def run(readers: int, seconds: float, max_requests: int, articles: int) -> int:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = str(folder / "load.db")
        port = free_port()
        server = start_server(db, port, folder)
        archive = folder / "archive.jsonl"
        count = write_archive(archive, articles)
        ingest = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "marketbuzz.cli",
                "ingest",
                str(archive),
                "--db",
                db,
                "-q",
                "--format",
                "json",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        tally = Tally()
        budget = itertools.count()
        started = time.monotonic()
        threads = [
            threading.Thread(
                target=reader,
                args=(f"http://127.0.0.1:{port}", started + seconds, budget, max_requests, tally),
            )
            for _ in range(readers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        ingest_running = ingest.poll() is None
        ingest.kill()
        ingest.wait()
        stored = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).json()["articles"]
        server.terminate()
        server.wait(timeout=30)
    return report(
        tally, elapsed, readers=readers, archive=count, stored=stored, ingesting=ingest_running
    )


def report(
    tally: Tally, elapsed: float, *, readers: int, archive: int, stored: int, ingesting: bool
) -> int:
    latencies = sorted(tally.latencies)
    if not latencies:
        print("no requests completed")
        return 1
    quantiles = statistics.quantiles(latencies, n=100)
    print(
        f"{len(latencies)} requests from {readers} readers in {elapsed:.1f} s "
        f"= {len(latencies) / elapsed:,.0f} requests/s"
    )
    print(
        f"latency ms: p50 {quantiles[49] * 1000:.1f}  p95 {quantiles[94] * 1000:.1f}  "
        f"p99 {quantiles[98] * 1000:.1f}  max {latencies[-1] * 1000:.1f}"
    )
    state = "still running at the end" if ingesting else "finished"
    print(f"concurrent ingest: {stored} articles in the store ({archive} in the archive; {state})")
    print(f"errors: {len(tally.errors)}")
    for problem in tally.errors[:10]:
        print(f"  {problem}")
    return 1 if tally.errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--articles", type=int, default=1500)
    args = parser.parse_args()
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    return run(args.readers, args.seconds, args.max_requests, args.articles)


if __name__ == "__main__":
    sys.exit(main())
