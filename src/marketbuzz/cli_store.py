"""Commands over the store: ingest, watch, hot, search, alerts.

Each is a thin wrapper: options in, one library call, output out (a table for people,
`--format json` for scripts). Registered on the main group by `marketbuzz.cli`.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from marketbuzz.alerts import Sink, Watchlist
    from marketbuzz.ingest.runner import IngestReport, WorkItem
    from marketbuzz.store import Store

DB_HELP = (
    "The store: a SQLite file path or a postgresql:// URL "
    "(default: $MARKETBUZZ_DB, else ~/.local/share/marketbuzz/marketbuzz.db)."
)


def _db_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", metavar="PATH|URL", help=DB_HELP)(function)


def _format_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="table: for people; json: for scripts.",
    )(function)


def _open_store(db: str | None) -> Store:
    from marketbuzz.store import Store

    return Store.open(db)


def parse_iso(value: str | None) -> dt.datetime | None:
    """An ISO date or time from the command line (`--as-of`), or a usage error saying how."""
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"{value!r} is not a date or time; use ISO form such as 2025-10-09 or 2025-10-09T08:00"
        ) from exc


def _parse_time(value: str | None) -> float | None:
    """An ISO date or time (UTC unless it says otherwise) as epoch seconds."""
    parsed = parse_iso(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.timestamp()


def _parse_window(value: str, option: str) -> float:
    """A duration such as 90m, 24h or 7d; a usage error naming the option otherwise."""
    from marketbuzz.board import parse_window
    from marketbuzz.errors import MarketbuzzError

    try:
        return parse_window(value)
    except MarketbuzzError as exc:
        raise click.BadParameter(exc.message, param_hint=option) from exc


@click.command()
@click.argument("targets", nargs=-1, required=True)
@_db_option
@_format_option
@click.option("--allow-private", is_flag=True, help="Allow URLs on loopback/private addresses.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest(
    targets: tuple[str, ...],
    db: str | None,
    output_format: str,
    allow_private: bool,
    quiet: bool,
) -> None:
    """Read articles into the store: files, folders, .jsonl archives, page URLs, RSS/Atom feeds."""
    from marketbuzz.ingest.fetch import FetchPolicy
    from marketbuzz.ingest.runner import Ingester
    from marketbuzz.master.load import load_master

    store = _open_store(db)
    ingester = Ingester(store, load_master(), policy=FetchPolicy(allow_private=allow_private))
    report = _run_with_progress(ingester, targets, show=not quiet and output_format == "table")
    store.close()
    _print_report(report, store.location, output_format)
    if report.interrupted:
        sys.exit(130)
    if report.failed:
        sys.exit(1)


def _run_with_progress(ingester: Any, targets: tuple[str, ...], *, show: bool) -> IngestReport:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = Console(stderr=True)
    if not show or not console.is_terminal:
        report: IngestReport = ingester.run(targets)
        return report
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("reading", total=None)

        def planned(total: int) -> None:
            progress.update(task, total=total, description="ingesting")

        def advanced(_item: WorkItem, _outcome: str) -> None:
            progress.advance(task)

        done: IngestReport = ingester.run(targets, on_item=advanced, on_plan=planned)
    return done


def _print_report(report: IngestReport, location: str, output_format: str) -> None:
    if output_format == "json":
        from marketbuzz.serialize import to_json

        click.echo(to_json({"store": location, **report.to_dict()}))
        return
    from rich.console import Console

    console = Console()
    console.print(
        f"[bold]{report.read}[/] read · [green]{report.new} new[/] "
        f"({report.repeats} repeating a stored story) · {report.duplicate} duplicate · "
        f"{report.skipped} already seen · [red]{len(report.failed)} failed[/]  → {location}",
        highlight=False,
    )
    for url in report.unchanged_feeds:
        console.print(f"  unchanged since the last poll: {url}", highlight=False)
    for failure in report.failed:
        console.print(f"  [red]failed[/] {failure.label}: {failure.reason}", highlight=False)
    if report.interrupted:
        console.print("[yellow]interrupted[/]: everything listed as new is stored; run again")


@click.command()
@click.argument("feeds", nargs=-1, required=True)
@_db_option
@click.option("--every", default="5m", show_default=True, help="Poll interval (90s, 5m, 1h).")
@click.option("--watchlist", type=click.Path(path_type=Path), help="A watchlist TOML file.")
@click.option(
    "--watch",
    "watched",
    multiple=True,
    metavar="SYMBOL",
    help="Watch this instrument (symbol, code or name; repeatable), with default rules.",
)
@click.option("--move-pct", type=float, help="Alert on a reported move of at least this %.")
@click.option("--alerts-jsonl", type=click.Path(path_type=Path), help="Append alerts here.")
@click.option("--webhook", metavar="URL", help="POST each alert as JSON to this URL.")
@click.option("--allow-private", is_flag=True, help="Allow URLs on loopback/private addresses.")
@click.option("--polls", type=int, help="Stop after this many polls (default: run until Ctrl-C).")
def watch(  # noqa: PLR0917 (one parameter per command-line option)
    feeds: tuple[str, ...],
    db: str | None,
    every: str,
    watchlist: Path | None,
    watched: tuple[str, ...],
    move_pct: float | None,
    alerts_jsonl: Path | None,
    webhook: str | None,
    allow_private: bool,
    polls: int | None,
) -> None:
    """Keep polling feeds: ingest what is new and print alerts for the watchlist."""
    from marketbuzz.ingest.fetch import FetchPolicy
    from marketbuzz.ingest.runner import Ingester
    from marketbuzz.master.load import load_master

    interval = _parse_window(every, "--every")
    master = load_master()
    rules = _watchlist(watchlist, watched, move_pct, master)
    sinks = _alert_sinks(rules, alerts_jsonl, webhook)
    store = _open_store(db)
    ingester = Ingester(store, master, policy=FetchPolicy(allow_private=allow_private))
    done = 0
    try:
        while polls is None or done < polls:
            started = time.time()
            report = ingester.run(feeds)
            done += 1
            _print_poll(report, started)
            if rules is not None:
                _check_and_deliver(store, rules, sinks, since=started - 1.0)
            if polls is not None and done >= polls:
                break
            time.sleep(max(0.0, interval - (time.time() - started)))
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        store.close()


def _print_poll(report: IngestReport, started: float) -> None:
    stamp = dt.datetime.fromtimestamp(started, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    failed = f", {len(report.failed)} failed" if report.failed else ""
    click.echo(
        f"{stamp} UTC  {report.new} new, {report.duplicate} duplicate, "
        f"{report.skipped} already seen{failed}",
        err=True,
    )
    for failure in report.failed:
        click.echo(f"  failed {failure.label}: {failure.reason}", err=True)


def _watchlist(
    path: Path | None, watched: tuple[str, ...], move_pct: float | None, master: Any
) -> Watchlist | None:
    """The watchlist file, or one made from --watch options (not both: a file says it all)."""
    from marketbuzz.alerts import load_watchlist, watchlist_from_options

    if path is not None:
        if watched:
            raise click.UsageError("give --watchlist or --watch, not both")
        return load_watchlist(path, master)
    if watched:
        return watchlist_from_options(list(watched), move_pct=move_pct, master=master)
    return None


def _alert_sinks(rules: Watchlist | None, jsonl: Path | None, webhook: str | None) -> list[Sink]:
    from marketbuzz.alerts import JsonlSink, TerminalSink, WebhookSink, sinks_for

    sinks: list[Sink] = sinks_for(rules.outputs) if rules is not None else [TerminalSink()]
    if jsonl is not None:
        sinks.append(JsonlSink(jsonl))
    if webhook is not None:
        sinks.append(WebhookSink(webhook))
    return sinks


def _check_and_deliver(store: Store, rules: Watchlist, sinks: list[Sink], since: float) -> None:
    from marketbuzz.alerts import check_alerts, deliver

    deliver(check_alerts(store, rules, since=since), sinks)


@click.command()
@_db_option
@_format_option
@click.option("--window", default="24h", show_default=True, help="How far back: 90m, 24h, 7d.")
@click.option(
    "--market",
    type=click.Choice(["all", "US", "HK", "CN", "crypto"], case_sensitive=False),
    default="all",
    show_default=True,
)
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 500))
@click.option("--as-of", "as_of", metavar="TIME", help="Rank as of this time (ISO; default now).")
def hot(  # noqa: PLR0917 (one parameter per command-line option)
    db: str | None, output_format: str, window: str, market: str, top: int, as_of: str | None
) -> None:
    """The 熱議股票 board: what the market is talking about, ranked by buzz and its change.

    Without --as-of: the board now (a stored board at most 30 s old is reused); when nothing
    was mentioned in the window ending now, the board as of the newest stored article.
    """
    from marketbuzz.board import board_to_dict
    from marketbuzz.board_cache import BoardServer

    seconds = _parse_window(window, "--window")
    store = _open_store(db)
    # click's case-blind Choice hands back the market as spelled in the list ("us" -> "US").
    served = BoardServer(store).board(
        window=seconds, market=market, top=top, as_of=_parse_time(as_of)
    )
    store.close()
    if output_format == "json":
        from marketbuzz.serialize import to_json

        click.echo(to_json({**board_to_dict(served.board), "as_of_reason": served.reason}))
        return
    from marketbuzz.render import print_board

    if served.reason == "latest":
        click.echo(
            "nothing was mentioned in this window up to now: showing the board as of the "
            "newest stored article",
            err=True,
        )
    print_board(served.board, window_label=window)


@click.command()
@click.argument("query")
@_db_option
@_format_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
def search(query: str, db: str | None, output_format: str, limit: int) -> None:
    """Search stored articles: words, Chinese in either script (阿里, 京東), symbols or names."""
    from marketbuzz.store.queries import search_articles

    store = _open_store(db)
    with store.read() as connection:
        page = search_articles(connection, text=query, limit=limit)
    store.close()
    if output_format == "json":
        from marketbuzz.serialize import to_json

        click.echo(to_json(page.to_dict()))
        return
    from marketbuzz.render import print_article_list

    print_article_list(page.items, total=page.total)


@click.command("alerts")
@_db_option
@_format_option
@click.option("--watchlist", type=click.Path(path_type=Path), help="Check this watchlist now.")
@click.option("--as-of", "as_of", metavar="TIME", help="Check as of this time (ISO; default now).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
def alerts_command(
    db: str | None, output_format: str, watchlist: Path | None, as_of: str | None, limit: int
) -> None:
    """List recent alerts; with --watchlist, first check it against what is stored."""
    from marketbuzz.alerts import alert_to_dict, check_alerts, recent_alerts

    store = _open_store(db)
    if watchlist is not None:
        from marketbuzz.master.load import load_master

        rules = _watchlist(watchlist, (), None, load_master())
        if rules is not None:
            check_alerts(store, rules, as_of=_parse_time(as_of))
    with store.read() as connection:
        items = recent_alerts(connection, limit=limit)
    store.close()
    if output_format == "json":
        from marketbuzz.serialize import to_json

        click.echo(to_json([alert_to_dict(a) for a in items]))
        return
    for alert in items:
        stamp = dt.datetime.fromtimestamp(alert.at, dt.UTC).strftime("%Y-%m-%d %H:%M")
        click.echo(f"{stamp}  {alert.rule:<15} {alert.message}")
    if not items:
        click.echo("no alerts yet")


COMMANDS = (ingest, watch, hot, search, alerts_command)


def register(group: click.Group) -> None:
    for command in COMMANDS:
        group.add_command(command)
