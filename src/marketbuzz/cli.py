"""The command line: thin wrappers that read options and call the library."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from marketbuzz.cli_store import parse_iso
from marketbuzz.errors import MarketbuzzError
from marketbuzz.model import Article

# Files a folder is searched for; anything else in it (README.md, images) is passed over.
TEXT_SUFFIXES = {".txt", ".html", ".htm", ".json", ".jsonl"}


def _expand(paths: tuple[str, ...]) -> Iterator[str]:
    """Paths as given, with folders expanded to the article files inside them (sorted)."""
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            yield from (
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
            )
        else:
            yield raw


def _read_input(raw: str) -> bytes:
    if raw == "-":
        return sys.stdin.buffer.read()
    path = Path(raw)
    if not path.exists():
        raise MarketbuzzError(f"no such file: {raw}")
    if not path.is_file():
        raise MarketbuzzError(f"not a regular file: {raw}")
    return path.read_bytes()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marketbuzz")
def main() -> None:
    """marketbuzz: ticker-linked intelligence from Chinese and English market news."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "jsonl", "table"]),
    default="json",
    show_default=True,
    help="json: one object (an array for several inputs); jsonl: one line each; table: for people.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Reference time (ISO). A date written without a year takes its year from it.",
)
def analyze(paths: tuple[str, ...], output_format: str, as_of: str | None) -> None:
    """Analyse articles (files, folders, .jsonl archives, or - for standard input)."""
    from marketbuzz.master.load import load_master
    from marketbuzz.pipeline import analyze as run_analysis
    from marketbuzz.serialize import analysis_to_dict, to_json

    reference = parse_iso(as_of)
    master = load_master()
    results = []
    failures = 0
    for label, article in _articles(paths, reference):
        try:
            if isinstance(article, MarketbuzzError):
                raise article
            analysis = run_analysis(article, published_hint=reference, master=master)
        except MarketbuzzError as exc:
            failures += 1
            click.echo(f"error: {label}: {exc}", err=True)
            continue
        if output_format == "table":
            from marketbuzz.render import print_analysis

            print_analysis(analysis, label=label)
        elif output_format == "jsonl":
            click.echo(to_json(analysis_to_dict(analysis), pretty=False))
        else:
            results.append(analysis_to_dict(analysis))
    if output_format == "json" and results:
        click.echo(to_json(results[0] if len(results) == 1 else results))
    if failures:
        sys.exit(1)


def _articles(
    paths: tuple[str, ...], reference: dt.datetime | None
) -> Iterator[tuple[str, Article | bytes | MarketbuzzError]]:
    """(label, input) for every article named: a file's bytes, or each line of a .jsonl file."""
    from marketbuzz.read import read_articles_jsonl

    for raw in _expand(paths):
        try:
            data = _read_input(raw)
        except MarketbuzzError as exc:
            yield raw, exc
            continue
        if raw.lower().endswith(".jsonl"):
            for line, item in enumerate(read_articles_jsonl(data, reference_time=reference), 1):
                yield f"{raw}:{line}", item
        else:
            yield raw, data


@main.command()
@click.argument("query")
@click.option("--limit", default=10, show_default=True, help="At most this many entities.")
def lookup(query: str, limit: int) -> None:
    """Find instruments in the security master by symbol, code or name (either script)."""
    from marketbuzz.master.load import load_master
    from marketbuzz.render import print_entities

    master = load_master()
    print_entities(master, query, limit=limit)


@main.command("eval")
@click.option("--suite", "suites", multiple=True, help="Run only this suite (repeatable).")
@click.option("--shared", type=click.Path(path_type=Path), help="The shared folder (holds data/).")
@click.option("--json", "json_out", type=click.Path(path_type=Path), help="Write scores as JSON.")
@click.option("--gate", is_flag=True, help="Fail if a score fell below eval/baseline.json.")
@click.option("--update-baseline", is_flag=True, help="Raise floors to current scores.")
@click.option("--reports", is_flag=True, help="Write eval/reports/<suite>.md error reports.")
@click.option("--limit", type=int, help="Only the first N items of each data set (smoke run).")
def eval_command(
    *,
    suites: tuple[str, ...],
    shared: Path | None,
    json_out: Path | None,
    gate: bool,
    update_baseline: bool,
    reports: bool,
    limit: int | None,
) -> None:
    """Score the engine on public data sets; with --gate, fail on any drop below the baseline."""
    from marketbuzz.evaluation.cli import run_eval

    sys.exit(
        run_eval(
            suites,
            shared,
            json_out=json_out,
            gate=gate,
            update_baseline=update_baseline,
            reports=reports,
            limit=limit,
        )
    )


from marketbuzz.cli_serve import register as _register_serve_commands  # noqa: E402
from marketbuzz.cli_store import register as _register_store_commands  # noqa: E402

_register_store_commands(main)
_register_serve_commands(main)


def run() -> None:
    """Entry point that turns our errors into a clear message and exit code 2, never a traceback."""
    try:
        main(standalone_mode=True)
    except MarketbuzzError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    run()
