"""US listings: the SEC's ticker file, plus more tickers from the stock index.

`sec_company_tickers/company_tickers_exchange.json` gives CIK, legal name, ticker and exchange.
All tickers of one CIK are one entity (GOOGL and GOOG are Alphabet); the id is the first ticker
in the file's order, which the SEC sorts by market value (so GOOGL, BRK-B).

Names: the legal name without state marks (`NVIDIA CORP`) and the short name people write
(`NVIDIA`, `Apple`, `Home Depot`). OTC and exchange-less issuers get no names: thousands of
small names would match ordinary text; their tickers still resolve by symbol.

`stock_index_cn_hk_us/stocks.index.json` US rows add tickers the SEC file lacks (units,
preferreds, foreign lines); `BRK.B` is written `BRK-B` as Yahoo does. They get no names either.
"""

from __future__ import annotations

import json
from pathlib import Path

from marketbuzz.master.model import Listing
from marketbuzz.master.sources.draft import Draft
from marketbuzz.master.sources.names import (
    clean_latin_name,
    display_case,
    latin_key,
    latin_short_name,
)

_NAMED_EXCHANGES = {"Nasdaq", "NYSE", "CBOE"}


def yahoo_ticker(ticker: str) -> str:
    """ "BRK.B" -> "BRK-B": Yahoo writes share classes with a hyphen."""
    return ticker.strip().upper().replace(".", "-").replace("/", "-")


def _sec_rows(root: Path) -> list[tuple[int, str, str, str]]:
    path = root / "sec_company_tickers" / "company_tickers_exchange.json"
    payload = json.loads(path.read_text("utf-8"))
    fields = payload["fields"]
    rows = []
    for values in payload["data"]:
        row = dict(zip(fields, values, strict=False))
        if row.get("ticker") and row.get("name"):
            rows.append((int(row["cik"]), str(row["name"]), str(row["ticker"]), row["exchange"]))
    return rows


def load(root: Path) -> list[Draft]:
    drafts: dict[int, Draft] = {}
    named: set[int] = set()
    seen: set[str] = set()
    secondary: list[Draft] = []
    for cik, name, ticker, exchange in _sec_rows(root):
        symbol = yahoo_ticker(ticker)
        if symbol in seen:
            continue
        seen.add(symbol)
        listing = Listing(symbol, "US", symbol, exchange or "", "USD", True)
        display = display_case(latin_short_name(name) or clean_latin_name(name))
        if cik not in drafts:
            drafts[cik] = Draft(symbol, "equity", display, None, [listing])
        elif is_share_class(drafts[cik].id, symbol):
            drafts[cik].add_listing(listing)
        else:
            secondary.append(Draft(symbol, "equity", f"{display} {symbol}", None, [listing]))
            continue
        if exchange in _NAMED_EXCHANGES and cik not in named:
            named.add(cik)
            _add_names(drafts[cik], name)
    result = list(drafts.values()) + secondary
    result.extend(_index_only(root, seen))
    return result


def is_share_class(primary: str, symbol: str) -> bool:
    """Is `symbol` another class of the company's common stock (GOOG beside GOOGL, BRK-A beside
    BRK-B), rather than a preferred share, warrant, unit or note the same issuer files under its
    CIK (JPM-PC, MSTLW, AMJB)? Those stay resolvable by symbol as securities of their own, so a
    company's `symbols` list only its shares."""
    base, _, suffix = symbol.partition("-")
    primary_base = primary.partition("-")[0]
    if suffix.startswith(("P", "W", "U", "R")) and suffix not in {"A", "B", "C"}:
        return False
    if base == primary_base:
        return True
    shorter, longer = sorted((base, primary_base), key=len)
    return len(shorter) >= 3 and longer.startswith(shorter) and len(longer) - len(shorter) == 1


def _add_names(draft: Draft, legal: str) -> None:
    full = clean_latin_name(legal)
    short = display_case(latin_short_name(legal))
    draft.add_name(latin_key(full), full, "official", "en")
    if short and latin_key(short) != latin_key(full):
        draft.add_name(latin_key(short), short, "short", "en")


def _index_only(root: Path, seen: set[str]) -> list[Draft]:
    path = root / "stock_index_cn_hk_us" / "stocks.index.json"
    drafts = []
    for row in json.loads(path.read_text("utf-8")):
        if row[6] != "US" or row[7] != "stock":
            continue
        symbol = yahoo_ticker(str(row[0]))
        if not symbol or symbol in seen:
            continue
        seen.add(symbol)
        listing = Listing(symbol, "US", symbol, "", "USD", bool(row[8]))
        drafts.append(Draft(symbol, "equity", str(row[2]), None, [listing]))
    return drafts
