"""Loading the security master and scanning text against it.

The built master is a msgpack file inside the package (`data/master.msgpack.gz`, written by
`marketbuzz.master.build`). `load_master()` reads it once per process and builds two
Aho-Corasick automata: one over folded Chinese names, one over lower-cased Latin names. The
`SecurityMaster` is immutable after construction, so worker processes can each hold one.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import msgpack

from marketbuzz.errors import MasterNotFoundError
from marketbuzz.master.model import Entity, Listing, Name

MASTER_FILENAME = "master.msgpack.gz"
FORMAT_VERSION = 1


class SecurityMaster:
    """Entities, their listings and names, and automata to find the names in text."""

    def __init__(self, entities: Iterable[Entity], names: Iterable[Name], version: str) -> None:
        self.version = version
        self.entities: Mapping[str, Entity] = {e.id: e for e in entities}
        self.names: tuple[Name, ...] = tuple(names)
        self._by_symbol: dict[str, str] = {}
        self._by_code: dict[tuple[str, str], str] = {}
        for entity in self.entities.values():
            for listing in entity.listings:
                self._by_symbol.setdefault(listing.symbol.upper(), entity.id)
                if listing.code:
                    self._by_code.setdefault((listing.market, listing.code.upper()), entity.id)
        self._cjk, self._latin = self._build_automata(self.names)

    @staticmethod
    def _build_automata(names: Iterable[Name]) -> tuple[Any, Any]:
        grouped: dict[tuple[bool, str], list[Name]] = defaultdict(list)
        for name in names:
            if name.key:
                grouped[(name.lang == "en", name.key)].append(name)
        cjk, latin = ahocorasick.Automaton(), ahocorasick.Automaton()
        for (is_latin, key), group in grouped.items():
            (latin if is_latin else cjk).add_word(key, (key, tuple(group)))
        for automaton in (cjk, latin):
            if len(automaton):
                automaton.make_automaton()
        return cjk, latin

    # -- lookups -----------------------------------------------------------------------------

    def entity(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def by_symbol(self, symbol: str) -> Entity | None:
        """The entity with this Yahoo-style symbol (case-insensitive), if any."""
        entity_id = self._by_symbol.get(symbol.upper())
        return self.entities[entity_id] if entity_id else None

    def by_code(self, market: str, code: str) -> Entity | None:
        """The entity listed under a local `code` on `market` ("HK", "SS", "SZ", "BJ", "US")."""
        entity_id = self._by_code.get((market, code.upper()))
        return self.entities[entity_id] if entity_id else None

    # -- scanning ----------------------------------------------------------------------------

    def scan_cjk(self, folded: str) -> Iterator[tuple[int, int, tuple[Name, ...]]]:
        """Longest non-overlapping matches of Chinese names in folded text: (start, end, names)."""
        if not len(self._cjk):
            return
        for end_index, (key, names) in self._cjk.iter_long(folded):
            end = end_index + 1
            yield end - len(key), end, names

    def scan_latin(self, lowered: str) -> Iterator[tuple[int, int, tuple[Name, ...]]]:
        """All matches of Latin names in lower-cased folded text, overlapping ones included.

        Word boundaries and casing are the caller's to check: the automaton matches substrings.
        """
        if not len(self._latin):
            return
        for end_index, (key, names) in self._latin.iter(lowered):
            end = end_index + 1
            yield end - len(key), end, names


# -- (de)serialisation -----------------------------------------------------------------------


def _listing_from(row: list[Any]) -> Listing:
    symbol, market, code, exchange, currency, active = row
    return Listing(symbol, market, code, exchange, currency, bool(active))


def _entity_from(row: list[Any]) -> Entity:
    entity_id, name, name_zh, kind, listings, roles, themes = row
    return Entity(
        entity_id,
        name,
        name_zh,
        kind,
        tuple(_listing_from(x) for x in listings),
        tuple(roles),
        tuple(themes),
    )


def _name_from(row: list[Any]) -> Name:
    entity_id, key, text, kind, lang, valid_from, valid_to, ambiguous, case_sensitive = row
    return Name(
        entity_id, key, text, kind, lang, valid_from, valid_to, bool(ambiguous), bool(case_sensitive)
    )


def encode_master(entities: Iterable[Entity], names: Iterable[Name], version: str) -> bytes:
    """The on-disk form: gzip'd msgpack of plain lists (fast to read, stable across releases)."""
    payload = {
        "format": FORMAT_VERSION,
        "version": version,
        "entities": [
            [
                e.id,
                e.name,
                e.name_zh,
                e.kind,
                [[x.symbol, x.market, x.code, x.exchange, x.currency, x.active] for x in e.listings],
                list(e.roles),
                list(e.themes),
            ]
            for e in entities
        ],
        "names": [
            [
                n.entity_id,
                n.key,
                n.text,
                n.kind,
                n.lang,
                n.valid_from,
                n.valid_to,
                n.ambiguous,
                n.case_sensitive,
            ]
            for n in names
        ],
    }
    return gzip.compress(msgpack.packb(payload, use_bin_type=True), mtime=0)


def decode_master(data: bytes) -> SecurityMaster:
    payload = msgpack.unpackb(gzip.decompress(data), raw=False)
    return SecurityMaster(
        (_entity_from(row) for row in payload["entities"]),
        (_name_from(row) for row in payload["names"]),
        payload["version"],
    )


def default_master_path() -> Path:
    return Path(str(resources.files("marketbuzz") / "data" / MASTER_FILENAME))


def load_master_file(path: Path) -> SecurityMaster:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise MasterNotFoundError(
            f"security master not found at {path}; rebuild it with "
            "`python scripts/build_master.py` (see README, 'Security master')"
        ) from exc
    return decode_master(data)


@cache
def load_master() -> SecurityMaster:
    """The bundled master, loaded once per process."""
    return load_master_file(default_master_path())
