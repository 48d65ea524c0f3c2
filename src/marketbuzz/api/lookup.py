"""The search box's suggestions: instruments by symbol, code or name, exact matches first, then
names and symbols that start with what was typed ("Tenc" -> Tencent, "騰" -> 騰訊控股...).

Exact matches are `render.find_entities` (what `marketbuzz lookup` prints). Prefixes come from
a sorted list of every folded name and entity id, built once per master and bisected, so a
suggestion per keystroke costs microseconds, not a scan of every name.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Final

from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Entity
from marketbuzz.render import find_entities
from marketbuzz.text.fold import fold

_INDEX_KEY: Final = "api.lookup_prefixes"
# A one-letter Latin prefix matches thousands of names; suggestions start at two (one CJK
# character is already a word's worth).
_MIN_LATIN_PREFIX: Final = 2


def suggest(master: SecurityMaster, query: str, *, limit: int = 10) -> list[Entity]:
    found = {entity.id: entity for entity in find_entities(master, query, limit=limit)}
    key = fold(query.strip()).lower()
    if len(found) >= limit or not _long_enough(key):
        return list(found.values())[:limit]
    keys, owners = master.memo(_INDEX_KEY, lambda: _prefix_index(master))
    position = bisect_left(keys, key)
    while position < len(keys) and keys[position].startswith(key) and len(found) < limit:
        owner = owners[position]
        if owner not in found:
            found[owner] = master.entity(owner)
        position += 1
    return list(found.values())


def _long_enough(key: str) -> bool:
    return bool(key) and (not key.isascii() or len(key) >= _MIN_LATIN_PREFIX)


def _prefix_index(master: SecurityMaster) -> tuple[list[str], list[str]]:
    """Every (folded name or id, entity id), sorted by key; current names before former ones
    of the same key (the sort is stable and former names are added last)."""
    pairs: list[tuple[str, str]] = [(entity_id.lower(), entity_id) for entity_id in master.entities]
    current = [name for name in master.names if name.kind != "former"]
    former = [name for name in master.names if name.kind == "former"]
    pairs.extend((name.key.lower(), name.entity_id) for name in current + former)
    pairs.sort(key=lambda pair: pair[0])
    return [key for key, _ in pairs], [owner for _, owner in pairs]
