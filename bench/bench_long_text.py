"""Does analysis time grow in step with the text? Long inputs written to hurt the linker.

    .venv/bin/python bench/bench_long_text.py [--sizes 50 100 200 400]

A single "sentence" without full stops that names hundreds of companies (Title-case names,
ambiguous names, tickers in lists, headline words) and a long run of short sentences each with
a bracketed ticker. Every per-name rule that looks at the whole sentence, or at every other
link, makes such text cost the square of its length; the ratio column shows it: time per KB at
each size over time per KB at the smallest (about 1.0 when cost is linear, 2.0 when it doubles
with each doubling of a quadratic cost). No `../shared` needed: the texts are made here.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from marketbuzz.master.load import load_master
from marketbuzz.pipeline import analyze

_LIST_PIECE = (
    "Stocks Movers Update AA Crosses Moving Average GS, M, A & DE Ailing Alcoa's "
    "Price Target On Apple From Tim Cook And Target, Nasdaq Leads Dow "
)
_BRACKET_PIECE = "Agilent Tech (A) rose. "


def one_long_sentence(kilobytes: int) -> str:
    return _LIST_PIECE * (kilobytes * 1024 // len(_LIST_PIECE)) + ": AA"


def many_bracketed_sentences(kilobytes: int) -> str:
    return _BRACKET_PIECE * (kilobytes * 1024 // len(_BRACKET_PIECE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400], help="KB")
    args = parser.parse_args()
    master = load_master()
    analyze("warm up", master=master)
    makers: dict[str, Callable[[int], str]] = {
        "one long sentence": one_long_sentence,
        "many bracketed tickers": many_bracketed_sentences,
    }
    for label, make in makers.items():
        first: float | None = None
        print(label)
        for size in args.sizes:
            text = make(size)
            started = time.process_time()
            analyze(text, master=master)
            per_kb = (time.process_time() - started) * 1000 / size
            first = first or per_kb
            print(f"  {size:5d} KB  {per_kb:7.2f} ms/KB  ratio {per_kb / first:5.2f}")


if __name__ == "__main__":
    main()
