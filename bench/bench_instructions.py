"""Instructions per article, counted by callgrind: a deterministic speed measure.

    .venv/bin/python bench/bench_instructions.py [--shared ../shared] [--items 300]

Wall-clock throughput on a shared virtual machine swings by a quarter from run to run; the
number of instructions the analysis executes does not. This runs the analysis of the first
`--items` Astock news items under valgrind's callgrind, counting only the second, steady-state
pass (the first warms every lazily built table), and prints the total and the count per
article. Run it with the interpreter of the build to measure (a regular install is compiled;
an editable one is pure Python). Needs valgrind (Debian package `valgrind`).
"""

from __future__ import annotations

import argparse
import collections
import csv
import itertools
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The measured pass runs inside itertools.starmap, which nothing else in the engine uses, so
# callgrind can switch counting on and off at its C function.
_TOGGLE = "starmap_next"


def _child(shared: Path, items: int) -> None:
    from marketbuzz.master.load import load_master
    from marketbuzz.pipeline import analyze, analyze_article
    from marketbuzz.read import read_article

    csv.field_size_limit(1 << 24)
    with (shared / "data/astock_news/val.csv").open(encoding="utf-8") as handle:
        texts = [row["text_a"] for row in csv.DictReader(handle, delimiter="\t")][:items]
    master = load_master()
    for text in texts:  # warm-up, not counted
        analyze_article(read_article(text), master)
    measured = itertools.starmap(lambda text: analyze(text, master=master), ((t,) for t in texts))
    collections.deque(measured, maxlen=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.shared, args.items)
        return
    if shutil.which("valgrind") is None or shutil.which("callgrind_annotate") is None:
        sys.exit("needs valgrind (callgrind): apt-get install valgrind")
    if not (args.shared / "data/astock_news/val.csv").is_file():
        sys.exit(f"needs the public data sets under {args.shared} (use --shared)")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        child = [sys.executable, __file__, "--child", "--shared", str(args.shared)]
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--toggle-collect={_TOGGLE}",
                f"--callgrind-out-file={out}",
                *child,
                "--items",
                str(args.items),
            ],
            check=True,
            capture_output=True,
        )
        report = subprocess.run(
            ["callgrind_annotate", str(out)], check=True, capture_output=True, text=True
        ).stdout
    found = re.search(r"([\d,]+) \S* *PROGRAM TOTALS", report)
    if found is None:
        sys.exit("callgrind_annotate printed no total")
    total = int(found.group(1).replace(",", ""))
    import marketbuzz.pipeline

    compiled = not marketbuzz.pipeline.__file__.endswith(".py")
    print(f"engine: {'compiled (mypyc)' if compiled else 'pure Python'}")
    print(f"{args.items} Astock items: {total:,} instructions, {total // args.items:,} per article")


if __name__ == "__main__":
    main()
