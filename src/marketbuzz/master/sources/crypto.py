"""Crypto coins with a Chinese name: `crypto_names_zh/crypto_info.csv` (akshare, 2022).

Only the ~150 rows whose `name_trans` is a real Chinese name (比特币, 以太坊) are kept: the other
10,000 coins have names that collide with ordinary words and nobody writes about them in
Chinese news. Entity ids follow Yahoo: `BTC-USD`.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from marketbuzz.master.model import Listing
from marketbuzz.master.sources.draft import Draft
from marketbuzz.master.sources.names import cjk_key, latin_key

_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_SYMBOL = re.compile(r"^[A-Z0-9]{2,10}$")


def load(root: Path) -> list[Draft]:
    drafts: dict[str, Draft] = {}
    path = root / "crypto_names_zh" / "crypto_info.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            symbol = (row.get("symbol") or "").strip().upper()
            name_en = (row.get("name") or "").strip()
            name_zh = (row.get("name_trans") or "").strip()
            if not _SYMBOL.match(symbol) or not _HAS_CJK.search(name_zh):
                continue
            entity_id = f"{symbol}-USD"
            if entity_id in drafts:  # the first row of a symbol is the main coin
                continue
            listing = Listing(entity_id, "CRYPTO", symbol, "", "USD", True)
            draft = Draft(entity_id, "crypto", name_en or symbol, name_zh, [listing])
            draft.add_name(cjk_key(name_zh), name_zh, "short", "zh")
            if name_en:
                draft.add_name(latin_key(name_en), name_en, "english", "en")
            drafts[entity_id] = draft
    return list(drafts.values())
