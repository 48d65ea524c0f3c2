"""Snapshot the engine's output over the benchmark corpora, and compare two snapshots.

    .venv/bin/python bench/snapshot_outputs.py write before.jsonl [--shared ../shared]
    .venv/bin/python bench/snapshot_outputs.py compare before.jsonl after.jsonl

A speed change must not change what the engine finds: `compare` lists, per part of the
analysis (instruments, moves, events, claims, themes), how many articles differ, and shows the
first few differences.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import orjson

from marketbuzz.master.load import load_master
from marketbuzz.pipeline import analyze
from marketbuzz.serialize import analysis_to_dict

sys.path.insert(0, str(Path(__file__).parent))
from bench_analyze import load_corpus

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seed_article.txt"
PARTS = ("title", "language", "instruments", "organizations", "moves", "events", "claims", "themes")
SHOWN = 3


def write(out: Path, shared: Path) -> None:
    master = load_master()
    corpora = load_corpus(shared)
    corpora["seed"] = [FIXTURE.read_text(encoding="utf-8")]
    with out.open("wb") as handle:
        for corpus, texts in corpora.items():
            for number, text in enumerate(texts):
                result = analysis_to_dict(analyze(text, master=master))
                kept = {part: result.get(part) for part in PARTS}
                handle.write(orjson.dumps({"id": f"{corpus}:{number}", **kept}) + b"\n")


def _load(path: Path) -> dict[str, dict[str, Any]]:
    rows = (orjson.loads(line) for line in path.read_bytes().splitlines() if line)
    return {row["id"]: row for row in rows}


def compare(before: Path, after: Path) -> int:
    old, new = _load(before), _load(after)
    changed = 0
    for part in PARTS:
        differing = [key for key in old if key in new and old[key][part] != new[key][part]]
        changed += len(differing)
        print(f"{part:14s} {len(differing):5d} of {len(old)} articles differ")
        for key in differing[:SHOWN]:
            print(f"    {key}\n      before {old[key][part]}\n      after  {new[key][part]}")
    missing = set(old) ^ set(new)
    if missing:
        print(f"{len(missing)} articles are in only one snapshot")
    return 1 if changed or missing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    writing = commands.add_parser("write")
    writing.add_argument("out", type=Path)
    writing.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    comparing = commands.add_parser("compare")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "write":
        write(args.out, args.shared)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
