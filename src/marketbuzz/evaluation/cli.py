"""The body of `marketbuzz eval` (the click command in marketbuzz.cli only forwards here)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from marketbuzz.evaluation.baseline import (
    check,
    check_parity,
    load_baseline,
    raise_floors,
    save_baseline,
)
from marketbuzz.evaluation.runner import (
    ALL_SUITES,
    BASELINE,
    dump,
    find_shared,
    print_table,
    run_suites,
    scores_of,
    to_json,
    write_report,
)


def run_eval(
    suites: Sequence[str],
    shared: Path | None,
    *,
    json_out: Path | None,
    gate: bool,
    update_baseline: bool,
    reports: bool,
    limit: int | None,
) -> int:
    """Run, print, write; the exit code is 1 when the gate fails, 2 on bad usage."""
    unknown = [s for s in suites if s not in ALL_SUITES]
    if unknown:
        click.echo(f"error: unknown suite {', '.join(unknown)}; known: {', '.join(ALL_SUITES)}")
        return 2
    root = find_shared(shared)
    if root is None:
        where = shared or "../shared beside the checkout"
        click.echo(
            f"error: no public data sets found at {where} (expected a data/ folder inside);"
            " pass --shared PATH",
            err=True,
        )
        return 2
    from marketbuzz.master.load import load_master

    results = run_suites(list(suites) or list(ALL_SUITES), root, load_master(), limit)
    print_table(results)
    if json_out is not None:
        dump(json_out, to_json(results))
    if reports:
        for result, _ in results:
            click.echo(f"wrote {write_report(result)}")
    scores = scores_of(results)
    baseline = load_baseline(BASELINE)
    if update_baseline:
        if limit is not None:
            click.echo("error: --update-baseline needs a full run (no --limit)", err=True)
            return 2
        save_baseline(BASELINE, raise_floors(scores, baseline))
        click.echo(f"baseline raised where scores improved: {BASELINE}")
    if gate:
        failures = check(scores, baseline) + check_parity(scores, baseline["tolerance"])
        for failure in failures:
            click.echo(f"FAIL {failure.describe()}", err=True)
        if failures:
            return 1
        click.echo("gate passed")
    return 0
