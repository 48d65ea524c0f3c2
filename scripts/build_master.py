"""Build the security master: `python scripts/build_master.py [--shared PATH] [--out PATH]`.

`--curated DIR` reads the curated tables from elsewhere (tests use a frozen copy).

Reads the public data sets under `<shared>/data` and the curated tables in
`src/marketbuzz/master/curated/`, writes `src/marketbuzz/data/master.msgpack.gz`, and prints
counts and the load time of the file written.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
DEFAULT_OUT = ROOT / "src" / "marketbuzz" / "data" / "master.msgpack.gz"


_TIME_LOAD = """
import sys, time
from pathlib import Path
from marketbuzz.master.load import load_master_file
started = time.process_time()
load_master_file(Path(sys.argv[1]))
print(time.process_time() - started)
"""


def _load_time_in_fresh_process(path: Path) -> float:
    """Load time as a user sees it: a new process, not this one with the build's heap."""
    result = subprocess.run(
        [sys.executable, "-c", _TIME_LOAD, str(path)], capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the master file to write")
    parser.add_argument(
        "--curated", type=Path, default=None, help="the curated tables (default: the package's)"
    )
    args = parser.parse_args(argv)
    data_dir = args.shared / "data" if (args.shared / "data").is_dir() else args.shared
    if not (data_dir / "stock_index_cn_hk_us").is_dir():
        print(f"no public data sets under {args.shared}", file=sys.stderr)
        return 2

    from marketbuzz.master.build import CURATED_DIR, summary, write_master

    started = time.perf_counter()
    master = write_master(data_dir, args.out, args.curated or CURATED_DIR)
    built = time.perf_counter() - started
    loaded = _load_time_in_fresh_process(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes), version {master.version}")
    for key, value in summary(master).items():
        print(f"  {key}: {value:,}")
    print(f"  build: {built:.1f} s, load (CPU time, fresh process): {loaded:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
