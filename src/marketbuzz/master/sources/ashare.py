"""A-shares and B-shares (Shanghai .SS, Shenzhen .SZ, Beijing .BJ) with their name history.

Sources, all under `shared/data`:
- `stock_index_cn_hk_us/stocks.index.json` (CN and BSE rows): the current list (2026-03), with a
  few hand-written aliases (茅台, 招行, 平安).
- `ashare_codes_adata/code.csv` (2023-10): codes incl. delisted and B-shares, listing dates.
- `ashare_name_history/tushare_namechange_*.csv`: each code's names with their start dates.
- `ashare_name_history/*stock_basic*.csv`: full lists at nine dates 2016–2024 (one in GBK).

Every name is folded to its base (`*ST中迪` -> 中迪, `万  科Ａ` -> 万科). A code's names form a
timeline: the name-change table gives exact start dates; the snapshots say a name was in use
on a date, which dates names the table lacks (delisted codes, Beijing, after 2023-12). The
last name is the `short` name; earlier ones are `former` names with `valid_from`/`valid_to`.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marketbuzz.master.model import Listing
from marketbuzz.master.sources.draft import Draft
from marketbuzz.master.sources.names import (
    ashare_base_name,
    has_status_prefix,
    has_transient_prefix,
    is_bshare_name,
)

INDEX_DATE = "2026-03-22"  # stocks.index.json reflects this date (its commit)
ADATA_DATE = "2023-10-18"

_EXCHANGES = {"SS": "SSE", "SZ": "SZSE", "BJ": "BSE"}


@dataclass(frozen=True)
class Snapshot:
    """One dated full list: which columns hold the code, the name and the listing date."""

    filename: str
    date: str
    code_column: str
    name_column: str
    listed_column: str | None = None
    encoding: str = "utf-8"


SNAPSHOTS = (
    Snapshot("tushare_stock_basics_2016-02-18.csv", "2016-02-18", "code", "name", "timeToMarket"),
    Snapshot("tushare_stock_basics_2017-05-04.csv", "2017-05-04", "code", "name", "timeToMarket"),
    Snapshot("tushare_stock_basics_2017-12-08.csv", "2017-12-08", "code", "name", "timeToMarket"),
    Snapshot("tushare_stock_basics_2018-06-08.csv", "2018-06-08", "code", "name", "timeToMarket"),
    Snapshot("tushare_pro_stock_basic_2019-10-30.csv", "2019-10-30", "symbol", "name", "list_date"),
    Snapshot("tushare_stock_basics_2020-11-17.csv", "2020-11-17", "code", "name", "timeToMarket"),
    Snapshot(
        "tushare_pro_stock_basic_2021-06_gbk.csv", "2021-06-18", "股票代码", "股票名称", None, "gbk"
    ),
    Snapshot("tushare_pro_stock_basic_2024-10-31.csv", "2024-10-31", "symbol", "name", "list_date"),
)
NAME_CHANGES = "tushare_namechange_tradepy_2023-12.csv"
BAOSTOCK = ("baostock_stock_basic_2023-03-06.csv", "2023-03-06")


def market_of(code: str) -> str | None:
    """The Yahoo suffix for a 6-digit mainland code, or None for codes that are not shares."""
    if code.startswith(("60", "68", "90")):
        return "SS"
    if code.startswith(("00", "30", "20")):
        return "SZ"
    if code.startswith(("43", "83", "87", "88", "92")):
        return "BJ"
    return None


def _iso_date(raw: str | None) -> str | None:
    """ "19910403" or "1991-04-03" -> "1991-04-03"; anything else (0, blank) -> None."""
    text = (raw or "").strip().split(" ")[0].replace("-", "")
    if len(text) == 8 and text.isdigit() and text[:2] in {"19", "20"}:
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return None


@dataclass
class CodeRecord:
    """Everything the sources say about one code."""

    code: str
    starts: list[tuple[str, str]] = field(default_factory=list)  # (start date, raw name)
    seen: list[tuple[str, str]] = field(default_factory=list)  # (date, raw name)
    listed_on: str | None = None
    delisted_on: str | None = None
    current: str | None = None  # the 2026 name, if still listed
    aliases: list[str] = field(default_factory=list)

    def note_listed(self, date: str | None) -> None:
        if date and (self.listed_on is None or date < self.listed_on):
            self.listed_on = date


@dataclass(frozen=True)
class Period:
    base: str
    start: str | None
    end: str | None


def _records(root: Path) -> dict[str, CodeRecord]:
    records: dict[str, CodeRecord] = {}

    def record(code: str) -> CodeRecord:
        code = code.strip().zfill(6)
        if code not in records:
            records[code] = CodeRecord(code)
        return records[code]

    for row in json.loads((root / "stock_index_cn_hk_us" / "stocks.index.json").read_text("utf-8")):
        if row[6] in {"CN", "BSE"} and row[7] == "stock":
            entry = record(str(row[1]))
            entry.current = str(row[2])
            entry.seen.append((INDEX_DATE, str(row[2])))
            entry.aliases.extend(str(alias) for alias in row[5])
    for row in _csv_rows(root / "ashare_codes_adata" / "code.csv"):
        entry = record(row["stock_code"])
        entry.seen.append((ADATA_DATE, row["short_name"]))
        entry.note_listed(_iso_date(row.get("list_date2")))
    history = root / "ashare_name_history"
    for row in _csv_rows(history / NAME_CHANGES):
        start = _iso_date(row["timestamp"])
        if start:
            record(row["code"]).starts.append((start, row["company"]))
    for snapshot in SNAPSHOTS:
        for row in _csv_rows(history / snapshot.filename, snapshot.encoding):
            entry = record(row[snapshot.code_column])
            entry.seen.append((snapshot.date, row[snapshot.name_column]))
            if snapshot.listed_column:
                entry.note_listed(_iso_date(row.get(snapshot.listed_column)))
    filename, date = BAOSTOCK
    for row in _csv_rows(history / filename, "utf-8-sig"):
        if row["type"] != "1" or "." not in row["code"]:
            continue
        entry = record(row["code"].split(".", 1)[1])
        entry.seen.append((date, row["code_name"]))
        entry.note_listed(_iso_date(row["ipoDate"]))
        entry.delisted_on = _iso_date(row["outDate"]) or entry.delisted_on
    return {code: entry for code, entry in records.items() if market_of(code)}


def _csv_rows(path: Path, encoding: str = "utf-8-sig") -> Iterator[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        for row in csv.DictReader(handle):
            yield {key or "": (value or "").strip() for key, value in row.items()}


def name_periods(entry: CodeRecord) -> list[Period]:
    """The code's names in time order, each with its start and end (None: still in use)."""
    if entry.starts:
        periods = _runs(sorted(entry.starts), exact=True)
        last_start = periods[-1].start or ""
        later = [(d, raw) for d, raw in sorted(entry.seen) if d > last_start]
        periods = _extend(periods, later)
        known = [p.base for p in periods]
        extra = [
            (d, raw)
            for d, raw in sorted(entry.seen)
            if not any(_continues(base, ashare_base_name(raw), raw) for base in known)
        ]
        # Names only the snapshots saw, dated by their sightings; the last period stays last.
        periods = _runs(extra, exact=False, closed=True) + periods
    else:
        periods = _runs(sorted(entry.seen), exact=False)
        if periods and entry.listed_on:
            first = periods[0]
            periods[0] = Period(first.base, min(entry.listed_on, first.start or "9"), first.end)
    if (
        periods
        and periods[-1].end is None
        and entry.current is None
        and not entry.code.startswith(("20", "90"))
    ):
        # Gone from the 2026 list: the last name ended when the code was delisted (or moved
        # exchange, as Beijing companies moving to Shenzhen do), at the latest when last seen.
        last = periods[-1]
        last_seen = max(date for date, _ in entry.seen) if entry.seen else None
        periods[-1] = Period(last.base, last.start, entry.delisted_on or last_seen)
    return [p for p in periods if p.base]


def _usable(raw: str) -> bool:
    # First-day and ex-rights marks truncate the name to four characters: not a real name.
    return bool(raw.strip()) and not has_transient_prefix(raw)


def _runs(dated: list[tuple[str, str]], *, exact: bool, closed: bool = False) -> list[Period]:
    """Consecutive observations of one base name become one period.

    With `exact` dates a period ends where the next starts. Otherwise (snapshots) a period ends
    at the first date another name was seen; `closed` periods end at their last sighting.
    """
    periods: list[Period] = []
    last_seen: str | None = None
    for date, raw in dated:
        if not _usable(raw) and not exact:
            continue
        base = ashare_base_name(raw)
        if periods and _continues(periods[-1].base, base, raw):
            last_seen = date
            continue
        if periods:
            end = date if not closed else last_seen
            periods[-1] = Period(periods[-1].base, periods[-1].start, end)
        periods.append(Period(base, date, None))
        last_seen = date
    if closed and periods:
        periods[-1] = Period(periods[-1].base, periods[-1].start, last_seen)
    return periods


def _continues(previous: str, base: str, raw: str) -> bool:
    """`raw` is the name in use before it: the same base, or its ST-shortened form.

    With an ST mark the exchange keeps four characters in all, so the name loses some of its
    own, from the end (国华网安 -> *ST国华) or elsewhere (哈工智能 -> *ST工智).
    """
    if previous == base:
        return True
    return has_status_prefix(raw) and len(base) >= 2 and _is_subsequence(base, previous)


def _is_subsequence(short: str, full: str) -> bool:
    remaining = iter(full)
    return all(char in remaining for char in short)


def _extend(periods: list[Period], later: list[tuple[str, str]]) -> list[Period]:
    """Add names seen after the table's last change (the table ends in 2023-12)."""
    for date, raw in later:
        if not _usable(raw):
            continue
        base = ashare_base_name(raw)
        if not _continues(periods[-1].base, base, raw):
            last = periods[-1]
            periods[-1] = Period(last.base, last.start, date)
            periods.append(Period(base, date, None))
    return periods


def _listing(code: str, *, active: bool) -> Listing:
    market = market_of(code) or ""
    currency = "CNY"
    if code.startswith("90"):
        currency = "USD"
    elif code.startswith("20"):
        currency = "HKD"
    return Listing(f"{code}.{market}", market, code, _EXCHANGES.get(market, ""), currency, active)


def _draft(entry: CodeRecord) -> Draft | None:
    periods = name_periods(entry)
    if entry.current:
        current = ashare_base_name(entry.current)
        if not periods or not _continues(periods[-1].base, current, entry.current):
            periods.append(Period(current, INDEX_DATE, None))
    if not periods:
        return None
    active = entry.current is not None or _bshare_still_listed(entry)
    listing = _listing(entry.code, active=active)
    display = periods[-1].base
    draft = Draft(listing.symbol, "equity", display, display, [listing])
    by_base: dict[str, list[Period]] = defaultdict(list)
    for period in periods:
        by_base[period.base].append(period)
    aliases = {ashare_base_name(alias): alias for alias in entry.aliases}
    aliases.update(_truncated_names(entry, display))
    for base, group in by_base.items():
        if base in aliases:
            continue
        starts = [p.start for p in group if p.start]
        ends = [p.end for p in group]
        valid_from = min(starts) if starts else None
        valid_to = None if None in ends else max(e for e in ends if e)
        kind = "short" if base == display else "former"
        draft.add_name(base, base, kind, "zh", valid_from=valid_from, valid_to=valid_to)
    for base, alias in aliases.items():
        if base and base != display:
            draft.add_name(base, alias, "alias", "zh")
    for period in _former_st_forms(entry, set(by_base) | set(aliases)):
        draft.add_name(
            period.base, period.base, "former", "zh", valid_from=period.start, valid_to=period.end
        )
    return draft


def _former_st_forms(entry: CodeRecord, known: set[str]) -> list[Period]:
    """Past ST-shortened names (*ST工智 for 哈工智能): first sighting to the next other name."""
    observed = sorted(entry.starts + entry.seen)
    sightings: dict[str, list[str]] = defaultdict(list)
    for date, raw in observed:
        base = ashare_base_name(raw)
        shortened = has_status_prefix(raw) and base not in known and len(base) >= 2
        if shortened and any(_is_subsequence(base, full) for full in known):
            sightings[base].append(date)
    periods = []
    for base, dates in sightings.items():
        later = [d for d, raw in observed if d > dates[-1] and ashare_base_name(raw) != base]
        gone = entry.delisted_on or (observed[-1][0] if entry.current is None else None)
        end = later[0] if later else gone
        periods.append(Period(base, dates[0], end))
    return periods


def _truncated_names(entry: CodeRecord, display: str) -> dict[str, str]:
    """The ST-cut form of the current name (`*ST国华` -> 国华), which media also write."""
    raw = entry.current or ""
    base = ashare_base_name(raw)
    if has_status_prefix(raw) and base != display and _is_subsequence(base, display):
        return {base: raw}
    return {}


def _bshare_still_listed(entry: CodeRecord) -> bool:
    # The 2026 list has no B-shares: a B-share seen in 2023 and not delisted is taken as listed.
    recent = max((date for date, _ in entry.seen), default="")
    return (
        entry.code.startswith(("20", "90")) and entry.delisted_on is None and recent >= ADATA_DATE
    )


def _old_beijing_codes(drafts: dict[str, Draft]) -> None:
    """Beijing moved its codes from 43/83/87xxxx to 920xxx: fold old codes into the new line."""
    new_by_name = {
        d.name_zh: d for d in drafts.values() if d.listings[0].code.startswith("92") and d.name_zh
    }
    for symbol, draft in list(drafts.items()):
        code = draft.listings[0].code
        if market_of(code) != "BJ" or code.startswith("92"):
            continue
        target = new_by_name.get(draft.name_zh or "")
        if target is None:
            continue
        old = draft.listings[0]
        target.add_listing(Listing(old.symbol, old.market, old.code, old.exchange, "CNY", False))
        del drafts[symbol]


def load(root: Path) -> list[Draft]:
    """All A-share and B-share drafts, keyed by Yahoo symbol (`600519.SS`)."""
    drafts: dict[str, Draft] = {}
    for _code, entry in sorted(_records(root).items()):
        draft = _draft(entry)
        if draft is not None:
            drafts[draft.id] = draft
    _old_beijing_codes(drafts)
    return list(drafts.values())


def is_bshare(draft: Draft) -> bool:
    return draft.listings[0].code.startswith(("20", "90")) or is_bshare_name(draft.name)
