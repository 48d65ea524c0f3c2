"""The project's hand-curated tables: `master/curated/*.tsv` (format: docs/DESIGN.md).

Columns: `id kind name name_zh listings roles themes zh_names en_names ambiguous`; `-` is empty,
`|` separates list items in listings/zh_names/en_names/ambiguous, `,` in roles/themes, `#`
starts a comment line. A malformed row is reported, never silently half-read.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from marketbuzz.errors import MasterBuildError

COLUMNS = (
    "id",
    "kind",
    "name",
    "name_zh",
    "listings",
    "roles",
    "themes",
    "zh_names",
    "en_names",
    "ambiguous",
)


class CuratedTableError(MasterBuildError):
    """A curated row that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class CuratedRow:
    id: str
    kind: str
    name: str
    name_zh: str | None
    listings: tuple[tuple[str, str], ...]  # (symbol, market)
    roles: tuple[str, ...]
    themes: tuple[str, ...]
    zh_names: tuple[str, ...]
    en_names: tuple[str, ...]
    ambiguous: frozenset[str]
    origin: str  # "file.tsv:12", for messages


def _items(cell: str, separator: str) -> tuple[str, ...]:
    cell = cell.strip()
    if cell in {"", "-"}:
        return ()
    return tuple(dict.fromkeys(part.strip() for part in cell.split(separator) if part.strip()))


def _listing(item: str, origin: str) -> tuple[str, str]:
    symbol, sep, market = item.rpartition(":")
    if not sep or not symbol or not market:
        raise CuratedTableError(f"{origin}: listing {item!r} is not SYMBOL:MARKET")
    return symbol.strip(), market.strip().upper()


def _row(cells: list[str], origin: str) -> CuratedRow:
    if len(cells) < len(COLUMNS):
        cells = cells + ["-"] * (len(COLUMNS) - len(cells))
    values = dict(zip(COLUMNS, cells, strict=False))
    entity_id = values["id"].strip()
    if not entity_id or entity_id == "-":
        raise CuratedTableError(f"{origin}: empty id")
    name = values["name"].strip()
    name_zh = values["name_zh"].strip()
    return CuratedRow(
        id=entity_id,
        kind=values["kind"].strip() if values["kind"].strip() not in {"", "-"} else "",
        name="" if name == "-" else name,
        name_zh=None if name_zh in {"", "-"} else name_zh,
        listings=tuple(_listing(item, origin) for item in _items(values["listings"], "|")),
        roles=_items(values["roles"], ","),
        themes=_items(values["themes"], ","),
        zh_names=_items(values["zh_names"], "|"),
        en_names=_items(values["en_names"], "|"),
        ambiguous=frozenset(_items(values["ambiguous"], "|")),
        origin=origin,
    )


def read_table(path: Path) -> list[CuratedRow]:
    """The rows of one table, in file order."""
    rows: list[CuratedRow] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = [
            (number, line)
            for number, line in enumerate(handle, start=1)
            if line.strip() and not line.lstrip().startswith("#")
        ]
    if not lines:
        return rows
    header = next(csv.reader([lines[0][1]], delimiter="\t"))
    if [cell.strip() for cell in header[: len(COLUMNS)]] != list(COLUMNS):
        raise CuratedTableError(f"{path.name}:{lines[0][0]}: header is not {' '.join(COLUMNS)}")
    for number, line in lines[1:]:
        cells = line.rstrip("\r\n").split("\t")
        rows.append(_row(cells, f"{path.name}:{number}"))
    return rows


def load(directory: Path) -> list[CuratedRow]:
    """Every row of every `*.tsv` in `directory`, files in name order."""
    if not directory.is_dir():
        return []
    rows: list[CuratedRow] = []
    for path in sorted(directory.glob("*.tsv")):
        rows.extend(read_table(path))
    return rows
