"""Hong Kong listings: HKEX's list of securities plus Simplified names and aliases.

Sources under `shared/data`:
- `hkex_securities_zh/ListOfSecurities_c.csv` (2025-11): Traditional short names; we keep the
  categories 股本 (equities), 交易所買賣產品 (ETPs) and 房地產投資信託基金 (REITs).
- `stock_index_cn_hk_us/stocks.index.json` HK rows: Simplified names and aliases (腾讯, 小米).
- `hkex_securities_zh/ListOfSecurities_en_2023-03-06.csv`: English short names (TENCENT), used
  only where code and ISIN still agree (codes are reused after delistings).

RMB-counter lines (騰訊控股－Ｒ, 80700) and parallel-trading counters (a temporary code with the
same name, after a share consolidation) are listings of the same company, not new entities.
HKEX names are unique, so one name is one company. US shares tradable in Hong Kong without a
listing (非上市可交易證券, 思科－Ｔ) are left out: they are the US companies, not HK issuers.
Yahoo symbols use four digits where the code allows (00700 -> 0700.HK); `Listing.code` keeps
the five digits HKEX prints.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from marketbuzz.master.model import Listing
from marketbuzz.master.sources.draft import Draft
from marketbuzz.master.sources.names import (
    cjk_key,
    clean_latin_name,
    display_case,
    hk_base_name,
    is_hk_rmb_counter,
    latin_key,
    latin_short_name,
)

_KINDS = {"股本": "equity", "交易所買賣產品": "fund", "房地產投資信託基金": "equity"}
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_UNLISTED = "非上市可交易證券"


def yahoo_symbol(code: str) -> str:
    """ "00700" -> "0700.HK", "09988" -> "9988.HK", "80700" -> "80700.HK"."""
    number = int(code) if code.isdigit() else 0
    return f"{number:04d}.HK"


@dataclass(frozen=True)
class HkRow:
    code: str
    name: str
    category: str
    isin: str
    currency: str
    rmb_counter: str


def _rows(path: Path, header_marker: str) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    start = next(i for i, row in enumerate(rows) if row and row[0].strip() == header_marker)
    return [[cell.strip() for cell in row] for row in rows[start + 1 :] if row and row[0].strip()]


def _chinese_rows(root: Path) -> list[HkRow]:
    rows = _rows(root / "hkex_securities_zh" / "ListOfSecurities_c.csv", "股份代號")
    return [
        HkRow(row[0].zfill(5), row[1], row[2], row[5], row[16], row[17])
        for row in rows
        if len(row) >= 18 and row[2] in _KINDS and row[3] != _UNLISTED
    ]


def mainland_incorporated(root: Path) -> frozenset[str]:
    """HK symbols of issuers incorporated in mainland China (ISIN CN…): H-shares, the only HK
    lines that can be the same company as an A-share (0386.HK 中國石油化工股份 is 600028.SS)."""
    path = root / "hkex_securities_zh" / "ListOfSecurities_c.csv"
    if not path.exists():
        return frozenset()
    return frozenset(yahoo_symbol(row.code) for row in _chinese_rows(root) if row.isin[:2] == "CN")


def _english_names(root: Path) -> dict[tuple[str, str], str]:
    """(code, ISIN) -> English short name from the older English list."""
    path = root / "hkex_securities_zh" / "ListOfSecurities_en_2023-03-06.csv"
    if not path.exists():
        return {}
    return {(row[0].zfill(5), row[6]): row[1] for row in _rows(path, "Stock Code") if len(row) > 6}


_ACRONYM_LENGTH = 3


def _add_name(draft: Draft, raw: str, kind: str) -> None:
    base = hk_base_name(raw)
    if _HAS_CJK.search(base):
        draft.add_name(cjk_key(base), base, kind, "zh")
    elif base:
        full = latin_key(clean_latin_name(base))
        # A bare acronym (ABC, CSC, CCB) names many things in English text (ABC News, Computer
        # Sciences Corp): it links only written exactly so and with market context.
        acronym = len(base) <= _ACRONYM_LENGTH and base.isascii() and base.isupper()
        draft.add_name(full, base, kind, "en", ambiguous=acronym, case_sensitive=acronym)
        short = latin_key(latin_short_name(base))
        if short and short != full:
            draft.add_name(short, latin_short_name(base), kind, "en")


def load(root: Path) -> list[Draft]:
    english = _english_names(root)
    drafts: dict[str, Draft] = {}
    counters: list[HkRow] = []
    rmb: dict[str, Draft] = {}
    by_name: dict[str, Draft] = {}
    for row in _chinese_rows(root):
        if is_hk_rmb_counter(row.name):
            counters.append(row)
            continue
        symbol = yahoo_symbol(row.code)
        base = hk_base_name(row.name)
        same_name = by_name.get(base)
        if same_name is not None and row.category == "股本":  # a parallel-trading counter
            same_name.add_listing(Listing(symbol, "HK", row.code, "HKEX", row.currency or "HKD"))
            continue
        name_en = hk_base_name(english.get((row.code, row.isin), ""))
        listing = Listing(symbol, "HK", row.code, "HKEX", row.currency or "HKD", True)
        display = display_case(name_en) if name_en else base
        draft = Draft(symbol, _KINDS[row.category], display, base, [listing])
        if not _HAS_CJK.search(base):
            draft.name_zh = None
        _add_name(draft, row.name, "short")
        if name_en:
            _add_name(draft, name_en, "english")
        drafts[row.code] = draft
        if row.category == "股本":
            by_name.setdefault(base, draft)
        if row.rmb_counter.isdigit():
            rmb[row.rmb_counter.zfill(5)] = draft
    _add_rmb_counters(drafts, counters, rmb)
    _add_index_names(root, drafts)
    return list(drafts.values())


def _add_rmb_counters(
    drafts: dict[str, Draft], counters: list[HkRow], rmb: dict[str, Draft]
) -> None:
    """Attach each RMB-counter line to its HKD line: by the HKD row's counter code, else name."""
    for row in counters:
        main = rmb.get(row.code) or _main_line_for(drafts, row)
        if main is not None:
            main.add_listing(Listing(yahoo_symbol(row.code), "HK", row.code, "HKEX", "CNY", True))


def _main_line_for(drafts: dict[str, Draft], counter: HkRow) -> Draft | None:
    base = hk_base_name(counter.name)
    matches = [d for d in drafts.values() if d.name_zh == base and d.kind == "equity"]
    return matches[0] if len(matches) == 1 else None


def _add_index_names(root: Path, drafts: dict[str, Draft]) -> None:
    """Simplified names and aliases (腾讯, Tencent) for the lines HKEX lists."""
    path = root / "stock_index_cn_hk_us" / "stocks.index.json"
    for row in json.loads(path.read_text("utf-8")):
        if row[6] != "HK" or row[7] != "stock":
            continue
        draft = drafts.get(str(row[1]).zfill(5))
        if draft is None:
            continue
        _add_name(draft, str(row[2]), "short")
        for alias in row[5]:
            _add_name(draft, str(alias), "alias")
