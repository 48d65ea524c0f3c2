"""Loaders for the public evaluation sets under ../shared/data (see each folder's SOURCE.md)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

csv.field_size_limit(1 << 24)


@dataclass(frozen=True, slots=True)
class LabelledText:
    """A text and the instrument it is about, as the data set labels it."""

    text: str
    label_code: str  # A-share 6-digit code, or a US ticker
    label_name: str
    date: dt.date | None
    row: int


def _a_share_code(raw: str) -> str:
    return raw.strip().zfill(6)


def load_astock(data: Path) -> list[LabelledText]:
    """Astock val.csv: Simplified A-share news, each labelled with its stock (TAB-separated)."""
    rows: list[LabelledText] = []
    with (data / "astock_news" / "val.csv").open(encoding="utf-8") as handle:
        for index, record in enumerate(csv.DictReader(handle, delimiter="\t")):
            date = _parse_date(record.get("DATE", ""))
            rows.append(
                LabelledText(
                    record["text_a"], _a_share_code(record["CODE"]), record["NAME"], date, index
                )
            )
    return rows


def _parse_date(raw: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(raw.strip()[:19]).date()
    except ValueError:
        return None


def load_benzinga(data: Path) -> list[LabelledText]:
    path = data / "benzinga_analyst_ratings_sample" / "analyst_ratings_processed.csv"
    with path.open(encoding="utf-8") as handle:
        return [
            LabelledText(r["title"], r["stock"].strip(), "", _parse_date(r["date"]), i)
            for i, r in enumerate(csv.DictReader(handle))
            if r.get("title") and r.get("stock")
        ]


def load_fnspid_headlines(data: Path) -> list[LabelledText]:
    rows: list[LabelledText] = []
    for path in sorted((data / "fnspid_sample").glob("headlines_*.csv")):
        ticker = path.stem.removeprefix("headlines_").upper()
        with path.open(encoding="utf-8-sig") as handle:
            for index, record in enumerate(csv.DictReader(handle)):
                if record.get("Headline"):
                    rows.append(LabelledText(record["Headline"], ticker, "", None, index))
    return rows


def iter_json_list(path: Path) -> Iterator[list[object]]:
    yield from json.loads(path.read_text(encoding="utf-8"))
