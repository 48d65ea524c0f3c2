"""Loading the security master and scanning text against it.

The built master is a msgpack file inside the package (`data/master.msgpack.gz`, written by
`marketbuzz.master.build`). `load_master()` reads it once per process and builds two
Aho-Corasick automata: one over folded Chinese names, one over lower-cased Latin names. The
`SecurityMaster` is immutable after construction, so worker processes can each hold one.

Loading is kept well under half a second: entities are decoded lazily (an `Entity` is built the
first time it is asked for; most never are), the symbol and code indexes are built from the raw
rows, and the cyclic garbage collector is paused while the many small objects are created.
Former names carry `valid_from`/`valid_to`; `name_at` gives the name in use at a date.
"""

from __future__ import annotations

import gc
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
FORMAT_VERSION = 2


class SecurityMaster:
    """Entities, their listings and names, and automata to find the names in text."""

    def __init__(self, entities: Iterable[Entity], names: Iterable[Name], version: str) -> None:
        by_id = {e.id: e for e in entities}
        all_names = tuple(names)
        self._setup(by_id, _listing_indexes(by_id.values()), all_names, _name_groups(all_names))
        self.version = version

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> SecurityMaster:
        """The decoder's way in: entities stay raw rows until someone asks for one, and the
        indexes and name groups come precomputed from the file."""
        master = cls.__new__(cls)
        names = tuple([_name_from(row) for row in payload["names"]])
        if "symbols" in payload:
            indexes = (
                dict(zip(payload["symbols"], payload["symbol_ids"], strict=True)),
                dict(zip(payload["codes"], payload["code_ids"], strict=True)),
            )
            groups = (payload["cjk"], payload["latin"])
        else:  # format 1 files: no precomputed indexes
            rows = payload["entities"]
            indexes = _listing_indexes(_entity_from(row) for row in rows)
            groups = _name_groups(names)
        master._setup(_LazyEntities(payload["entities"]), indexes, names, groups)
        master.version = payload["version"]
        return master

    def _setup(
        self,
        entities: Mapping[str, Entity],
        indexes: tuple[dict[str, str], dict[str, str]],
        names: tuple[Name, ...],
        groups: tuple[list[Any], list[Any]],
    ) -> None:
        self.entities: Mapping[str, Entity] = entities
        self.names: tuple[Name, ...] = names
        self._by_symbol, self._by_code = indexes
        self._names_by_entity: dict[str, tuple[Name, ...]] | None = None
        self._cjk = _automaton(groups[0], names)
        self._latin = _automaton(groups[1], names)

    # -- lookups -----------------------------------------------------------------------------

    def entity(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def by_symbol(self, symbol: str) -> Entity | None:
        """The entity with this Yahoo-style symbol (case-insensitive), if any."""
        entity_id = self._by_symbol.get(symbol.upper())
        return self.entities[entity_id] if entity_id else None

    def by_code(self, market: str, code: str) -> Entity | None:
        """The entity listed under a local `code` on `market` ("HK", "SS", "SZ", "BJ", "US").

        HK codes may be written without their leading zeros ("700"); "CN" (or "SH") looks on
        the mainland exchanges.
        """
        code = code.strip().upper()
        market = market.strip().upper()
        if market == "HK" and code.isdigit():
            code = code.zfill(5)
        markets = {"CN": ("SS", "SZ", "BJ"), "SH": ("SS",)}.get(market, (market,))
        for candidate in markets:
            entity_id = self._by_code.get(_code_key(candidate, code))
            if entity_id:
                return self.entities[entity_id]
        return None

    def names_of(self, entity_id: str) -> tuple[Name, ...]:
        """Every name of one entity (current, former, aliases, both languages)."""
        if self._names_by_entity is None:
            grouped: dict[str, list[Name]] = defaultdict(list)
            for name in self.names:
                grouped[name.entity_id].append(name)
            self._names_by_entity = {key: tuple(group) for key, group in grouped.items()}
        return self._names_by_entity.get(entity_id, ())

    def name_at(self, entity_id: str, date: str, lang: str = "zh") -> Name | None:
        """The entity's short name in use on `date` (ISO "2019-05-01"), else its current one.

        兖矿能源 600188.SS at "2015-01-01" -> 兖州煤业 (kind "former").
        """
        own = [n for n in self.names_of(entity_id) if n.lang == lang]
        dated = [n for n in own if n.kind in {"short", "former"} and valid_at(n, date)]
        if dated:
            return min(dated, key=lambda n: (n.kind != "short", n.valid_from or ""))
        current = [n for n in own if n.kind == "short" and n.valid_to is None]
        return current[0] if current else None

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


def _code_key(market: str, code: str) -> str:
    return f"{market}\t{code.upper()}"


def _listing_indexes(entities: Iterable[Entity]) -> tuple[dict[str, str], dict[str, str]]:
    """Symbol -> entity id and "MARKET<tab>CODE" -> entity id; the first entity listed wins."""
    by_symbol: dict[str, str] = {}
    by_code: dict[str, str] = {}
    for entity in entities:
        for listing in entity.listings:
            by_symbol.setdefault(listing.symbol.upper(), entity.id)
            if listing.code:
                by_code.setdefault(_code_key(listing.market, listing.code), entity.id)
    return by_symbol, by_code


def _name_groups(names: tuple[Name, ...]) -> tuple[list[Any], list[Any]]:
    """[key, [indexes of the names with that key]] for Chinese and for Latin names."""
    grouped: dict[tuple[bool, str], list[int]] = defaultdict(list)
    for index, name in enumerate(names):
        if name.key:
            grouped[(name.lang == "en", name.key)].append(index)
    cjk = [[key, group] for (is_latin, key), group in grouped.items() if not is_latin]
    latin = [[key, group] for (is_latin, key), group in grouped.items() if is_latin]
    return cjk, latin


def _automaton(groups: list[Any], names: tuple[Name, ...]) -> Any:
    automaton = ahocorasick.Automaton()
    for key, indexes in groups:
        automaton.add_word(key, (key, tuple([names[i] for i in indexes])))
    if len(automaton):
        automaton.make_automaton()
    return automaton


def valid_at(name: Name, date: str) -> bool:
    """Whether `name` was in use on `date` (ISO); open ends are unbounded, `valid_to` exclusive."""
    if not date:
        return name.valid_to is None
    if name.valid_from and date < name.valid_from:
        return False
    return not (name.valid_to and date >= name.valid_to)


class _LazyEntities(Mapping[str, Entity]):
    """Entities by id, each decoded from its row the first time it is asked for.

    Decoding is pure: the cache only saves work, it never changes what a lookup returns.
    """

    __slots__ = ("_built", "_rows")

    def __init__(self, rows: list[list[Any]]) -> None:
        self._rows: dict[str, list[Any]] = {row[0]: row for row in rows}
        self._built: dict[str, Entity] = {}

    def __getitem__(self, entity_id: str) -> Entity:
        entity = self._built.get(entity_id)
        if entity is None:
            entity = _entity_from(self._rows[entity_id])
            self._built[entity_id] = entity
        return entity

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


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
        entity_id,
        key,
        text,
        kind,
        lang,
        valid_from,
        valid_to,
        bool(ambiguous),
        bool(case_sensitive),
    )


def encode_master(entities: Iterable[Entity], names: Iterable[Name], version: str) -> bytes:
    """The on-disk form: gzip'd msgpack of plain lists (fast to read, stable across releases).

    Besides the rows it holds the symbol and code indexes and the names grouped by key, so
    that loading is a few C-level dict builds instead of a Python loop over every listing.
    """
    entities = list(entities)
    names = tuple(names)
    by_symbol, by_code = _listing_indexes(entities)
    cjk, latin = _name_groups(names)
    payload = {
        "format": FORMAT_VERSION,
        "version": version,
        "entities": [
            [
                e.id,
                e.name,
                e.name_zh,
                e.kind,
                [
                    [x.symbol, x.market, x.code, x.exchange, x.currency, x.active]
                    for x in e.listings
                ],
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
        "symbols": list(by_symbol),
        "symbol_ids": list(by_symbol.values()),
        "codes": list(by_code),
        "code_ids": list(by_code.values()),
        "cjk": cjk,
        "latin": latin,
    }
    return gzip.compress(msgpack.packb(payload, use_bin_type=True), mtime=0)


def decode_master(data: bytes) -> SecurityMaster:
    # Tens of thousands of small objects are made here and live for the whole process: the
    # cyclic collector would scan them over and over while they are created, for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        payload = msgpack.unpackb(gzip.decompress(data), raw=False)
        return SecurityMaster._from_payload(payload)
    finally:
        if collecting:
            gc.enable()


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
