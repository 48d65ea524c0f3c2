"""Terminal rendering for people (rich tables). JSON is the contract; this is the view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Entity
from marketbuzz.model import Analysis, Move
from marketbuzz.text.fold import fold

if TYPE_CHECKING:
    from marketbuzz.board import Board
    from marketbuzz.store.queries import ArticleSummary


def _signed(value: float) -> str:
    colour = "green" if value > 0.05 else "red" if value < -0.05 else "white"
    return f"[{colour}]{value:+.2f}[/{colour}]"


def _size(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    number = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}".strip()


def print_analysis(analysis: Analysis, *, label: str = "", console: Console | None = None) -> None:
    console = console or Console()
    _print_header(console, analysis, label)
    console.print(_instrument_table(analysis))
    for table in (_move_table(analysis), _event_table(analysis), _claim_table(analysis)):
        if table.row_count:
            console.print(table)
    if analysis.organizations:
        console.print("organisations: " + ", ".join(o.name for o in analysis.organizations))
    if analysis.themes:
        console.print("themes: " + ", ".join(f"{t.name} ({t.score:.2f})" for t in analysis.themes))


def _print_header(console: Console, analysis: Analysis, label: str) -> None:
    article = analysis.article
    published = article.published
    date = "-"
    if published:
        date = published.value.isoformat() if published.value else f"{published.raw} (no year)"
    console.rule(f"[bold]{article.title or label}")
    console.print(
        f"source: {article.source or '-'}   date: {date}   language: {article.language}"
        + ("  (Hong Kong usage)" if article.hk_usage else "")
    )


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    return table


def _instrument_table(analysis: Analysis) -> Table:
    table = _table("Instruments", "symbols", "name", "kind", "relevance", "sentiment", "mentions")
    english = analysis.article.language == "en"
    for item in analysis.instruments:
        table.add_row(
            ", ".join(item.symbols) or item.entity_id,
            item.name if english or not item.name_zh else item.name_zh,
            item.kind + (" (broker)" if "broker" in item.roles else ""),
            f"{item.relevance:.2f}",
            _signed(item.sentiment),
            str(len(item.mentions)),
        )
    return table


def _move_detail(move: Move) -> str:
    parts = (
        f"level {move.level:,.0f}" if move.level else "",
        f"{move.high_low} ({move.horizon})" if move.high_low else "",
        move.streak or "",
        f"cause: {move.cause}" if move.cause else "",
    )
    return ", ".join(part for part in parts if part)


def _move_table(analysis: Analysis) -> Table:
    table = _table("Moves", "symbol", "direction", "size", "qualifiers", "detail")
    for move in analysis.moves:
        table.add_row(
            move.symbol or move.entity_id,
            move.direction,
            _size(move.value, move.unit),
            ", ".join(move.qualifiers),
            _move_detail(move),
        )
    return table


def _event_table(analysis: Analysis) -> Table:
    table = _table("Events", "type", "subjects", "actors", "details")
    for event in analysis.events:
        details = ", ".join(f"{k}={v}" for k, v in event.attributes.items() if v is not None)
        table.add_row(event.type, ", ".join(event.subject_ids), ", ".join(event.actor_ids), details)
    return table


def _claim_table(analysis: Analysis) -> Table:
    table = _table("Claims", "claimant", "value", "quantity")
    for claim in analysis.claims:
        table.add_row(claim.claimant or "-", _size(claim.value, claim.unit), claim.quantity)
    return table


def find_entities(master: SecurityMaster, query: str, *, limit: int = 10) -> list[Entity]:
    """Entities for a symbol, a local code, or a name (exact name first, then names inside it)."""
    found: dict[str, Entity] = {}
    query = query.strip()
    by_symbol = master.by_symbol(query)
    if by_symbol:
        found[by_symbol.id] = by_symbol
    for market in ("HK", "SS", "SZ", "BJ", "US"):
        by_code = master.by_code(market, query.zfill(5) if market == "HK" else query)
        if by_code:
            found.setdefault(by_code.id, by_code)
    key = fold(query)
    for variant in dict.fromkeys((key, key.lower())):
        for entity_id in master.name_owners(variant):
            found.setdefault(entity_id, master.entity(entity_id))
    for _, _, names in master.scan_cjk(key):
        for name in names:
            found.setdefault(name.entity_id, master.entity(name.entity_id))
    return list(found.values())[:limit]


def print_entities(
    master: SecurityMaster, query: str, *, limit: int = 10, console: Console | None = None
) -> None:
    console = console or Console()
    entities = find_entities(master, query, limit=limit)
    if not entities:
        console.print(f"nothing in the security master matches {query!r}")
        return
    table = Table(title=f"{query}  (master {master.version})", title_justify="left")
    for column in ("id", "name", "中文", "kind", "listings"):
        table.add_column(column)
    for entity in entities:
        listings = ", ".join(f"{x.symbol} ({x.exchange or x.market})" for x in entity.listings)
        table.add_row(entity.id, entity.name, entity.name_zh or "", entity.kind, listings)
    console.print(table)


def _move_phrase(direction: str, value: float | None, unit: str) -> str:
    arrow = {"up": "[green]▲[/green]", "down": "[red]▼[/red]"}.get(direction, "•")
    return f"{arrow} {_size(value, unit)}".strip()


def _change_label(change: float) -> str:
    """Buzz against the instrument's own baseline: ×3.2 reads faster than +220%."""
    colour = "green" if change >= 2 else "white" if change >= 1 else "bright_black"
    return f"[{colour}]×{change:.1f}[/{colour}]"


def print_board(board: Board, *, window_label: str = "", console: Console | None = None) -> None:
    """The 熱議股票 board as a table: one row per instrument, its top headline beneath."""
    import datetime as dt

    console = console or Console()
    as_of = dt.datetime.fromtimestamp(board.as_of, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    table = Table(
        title=f"熱議股票 · hot now ({board.market}, {window_label or 'window'}, as of {as_of})",
        title_justify="left",
    )
    for column in ("#", "symbol", "name", "buzz", "vs usual", "sentiment", "latest move", "src"):
        table.add_column(column, no_wrap=column != "name")
    for row in board.rows:
        move = row.latest_move
        table.add_row(
            str(row.rank),
            row.symbol,
            f"{row.name_zh or ''} {row.name}".strip(),
            f"{row.buzz:.2f}",
            _change_label(row.change),
            _signed(row.sentiment),
            _move_phrase(move.direction, move.value, move.unit) if move else "",
            str(row.sources),
        )
        if row.headlines:
            table.add_row("", "", f"[bright_black]{row.headlines[0].title[:80]}[/]", *[""] * 5)
    if not board.rows:
        console.print("no instrument was mentioned in this window: ingest some news first")
        return
    console.print(table)


def print_article_list(
    items: Sequence[ArticleSummary], *, total: int, console: Console | None = None
) -> None:
    import datetime as dt

    console = console or Console()
    table = Table(title=f"{total} article(s)", title_justify="left")
    for column in ("id", "time (UTC)", "source", "title", "instruments"):
        table.add_column(column, no_wrap=column in {"id", "time (UTC)"})
    for item in items:
        stamp = dt.datetime.fromtimestamp(item.at, dt.UTC).strftime("%Y-%m-%d %H:%M")
        title = item.title + (
            f" [bright_black](repeat of {item.repeat_of})[/]" if item.repeat_of else ""
        )
        table.add_row(
            str(item.id),
            stamp,
            item.source or "",
            title,
            " ".join(symbol.symbol for symbol in item.instruments[:5]),
        )
    console.print(table)
