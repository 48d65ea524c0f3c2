"""Loading the security master and scanning text against it.

The built master is a msgpack file inside the package (`data/master.msgpack.gz`, written by
`marketbuzz.master.build`). `load_master()` reads it once per process and builds two
Aho-Corasick automata: one over folded Chinese names, one over lower-cased Latin names. The
`SecurityMaster` is immutable after construction, so worker processes can each hold one.

Loading stays well under half a second for ~30,000 entities: each entity and name is stored as
its own small packed record and decoded the first time it is asked for (most never are); the
symbol and code indexes and the names grouped by key are stored ready-made, so loading is a
few C-level dict builds plus the automata. Decoding is pure, so these caches only save work.
Former names carry `valid_from`/`valid_to`; `name_at` gives the name in use at a date.
"""

from __future__ import annotations

import gc
import gzip
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, overload

import msgpack
from ahocorasick_rs import AhoCorasick, MatchKind

from marketbuzz.errors import MasterBuildError, MasterNotFoundError
from marketbuzz.master.model import Entity, Listing, Name

T = TypeVar("T")
MASTER_FILENAME = "master.msgpack.gz"
FORMAT_VERSION = 3


class SecurityMaster:
    """Entities, their listings and names, and automata to find the names in text."""

    def __init__(self, entities: Iterable[Entity], names: Iterable[Name], version: str) -> None:
        by_id = {e.id: e for e in entities}
        all_names = tuple(names)
        cjk, latin = _name_groups(all_names)
        self._setup(
            version,
            entities=by_id,
            names=all_names,
            indexes=_listing_indexes(by_id.values()),
            cjk=cjk,
            latin=latin,
        )

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> SecurityMaster:
        """The decoder's way in: records stay packed until asked for; indexes come ready."""
        master = cls.__new__(cls)
        indexes = (
            dict(zip(payload["symbols"], payload["symbol_ids"], strict=True)),
            dict(zip(payload["codes"], payload["code_ids"], strict=True)),
        )
        master._setup(
            payload["version"],
            entities=_LazyEntities(payload["entity_ids"], payload["entities"]),
            names=_LazyNames(payload["names"]),
            indexes=indexes,
            cjk=payload["cjk"],
            latin=payload["latin"],
        )
        return master

    def _setup(
        self,
        version: str,
        *,
        entities: Mapping[str, Entity],
        names: Sequence[Name],
        indexes: tuple[dict[str, str], dict[str, str]],
        cjk: list[Any],
        latin: list[Any],
    ) -> None:
        self.version = version
        self.entities: Mapping[str, Entity] = entities
        self.names: Sequence[Name] = names
        self._by_symbol, self._by_code = indexes
        self._names_by_entity: dict[str, tuple[Name, ...]] | None = None
        self._memo: dict[str, Any] = {}
        self._cjk = _Scanner(cjk, longest=True)
        self._latin = _Scanner(latin, longest=False)

    # -- lookups -----------------------------------------------------------------------------

    def entity(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def by_symbol(self, symbol: str) -> Entity | None:
        """The entity with this Yahoo-style symbol (case-insensitive), if any."""
        entity_id = self._by_symbol.get(symbol.strip().upper())
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

    def memo(self, key: str, factory: Callable[[], T]) -> T:
        """A view derived from this master, computed once: `factory()` the first time `key` is
        asked for. Stages keep their indexes of the master here (module-qualified keys such as
        "link.prefix_owners") rather than in module globals: they live and die with the master,
        and since the master never changes, neither do they."""
        if key not in self._memo:
            self._memo[key] = factory()
        return self._memo[key]  # type: ignore[no-any-return]

    def name_owners(self, key: str) -> tuple[str, ...]:
        """The entities that have a name with exactly this key (folded; Latin keys lower-case),
        in the master's name order. The index is built on first use and kept (`memo`)."""
        return self.memo("master.name_owners", self._name_owner_index).get(key, ())

    def _name_owner_index(self) -> dict[str, tuple[str, ...]]:
        owners: dict[str, list[str]] = {}
        for name in self.names:
            owners.setdefault(name.key, []).append(name.entity_id)
        return {key: tuple(ids) for key, ids in owners.items()}

    # -- scanning ----------------------------------------------------------------------------

    def scan_cjk(self, folded: str) -> list[tuple[int, int, tuple[Name, ...]]]:
        """Longest non-overlapping matches of Chinese names in folded text: (start, end, names)."""
        entries = self._cjk.entries
        group_names = self._group_names
        return [
            (start, end, entries[index][2] or group_names(entries[index]))
            for index, start, end in self._cjk.matches(folded)
        ]

    def scan_latin(self, lowered: str) -> list[tuple[int, int, tuple[Name, ...]]]:
        """All matches of Latin names in lower-cased folded text, overlapping ones included.

        Word boundaries and casing are the caller's to check: the automaton matches substrings.
        """
        entries = self._latin.entries
        group_names = self._group_names
        return [
            (start, end, entries[index][2] or group_names(entries[index]))
            for index, start, end in self._latin.matches(lowered)
        ]

    def _group_names(self, group: list[Any]) -> tuple[Name, ...]:
        """The names behind an automaton entry [key, indexes, names-or-None], made once (the
        entry keeps them: the same key hands out the same tuple every time)."""
        names: tuple[Name, ...] | None = group[2]
        if names is None:
            names = tuple([self.names[i] for i in group[1]])
            group[2] = names
        return names


# -- helpers ---------------------------------------------------------------------------------


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


def _name_groups(names: Sequence[Name]) -> tuple[list[Any], list[Any]]:
    """[key, [indexes of the names with that key]] for Chinese and for Latin names."""
    grouped: dict[tuple[bool, str], list[int]] = defaultdict(list)
    for index, name in enumerate(names):
        if name.key:
            grouped[(name.lang == "en", name.key)].append(index)
    cjk = [[key, group] for (is_latin, key), group in grouped.items() if not is_latin]
    latin = [[key, group] for (is_latin, key), group in grouped.items() if is_latin]
    return cjk, latin


class _Scanner:
    """A compiled Aho-Corasick automaton (ahocorasick-rs, in Rust) over name keys.

    `longest` gives leftmost-longest, non-overlapping matches (Chinese names: 阿里巴巴 beats 阿里);
    otherwise every match, overlapping ones included (Latin names, checked by the caller).
    Matches are (entry index, start, end) in characters; `entries[i]` is [key, name indexes,
    names-or-None], the names made on first use.
    """

    __slots__ = ("_automaton", "_overlapping", "entries")

    def __init__(self, groups: list[Any], *, longest: bool) -> None:
        self.entries: list[list[Any]] = [[key, indexes, None] for key, indexes in groups]
        keys = [entry[0] for entry in self.entries]
        kind = MatchKind.LeftmostLongest if longest else MatchKind.Standard
        self._automaton = AhoCorasick(keys, matchkind=kind) if keys else None
        self._overlapping = not longest

    def __len__(self) -> int:
        return len(self.entries)

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        if self._automaton is None or not text:
            return []
        return self._automaton.find_matches_as_indexes(text, overlapping=self._overlapping)


def valid_at(name: Name, date: str) -> bool:
    """Whether `name` was in use on `date` (ISO); open ends are unbounded, `valid_to` exclusive."""
    if not date:
        return name.valid_to is None
    if name.valid_from and date < name.valid_from:
        return False
    return not (name.valid_to and date >= name.valid_to)


class _LazyEntities(Mapping[str, Entity]):
    """Entities by id, each unpacked from its record the first time it is asked for."""

    __slots__ = ("_built", "_records")

    def __init__(self, ids: list[str], records: list[bytes]) -> None:
        self._records: dict[str, bytes] = dict(zip(ids, records, strict=True))
        self._built: dict[str, Entity] = {}

    def __getitem__(self, entity_id: str) -> Entity:
        entity = self._built.get(entity_id)
        if entity is None:
            entity = _entity_from(msgpack.unpackb(self._records[entity_id], raw=False))
            self._built[entity_id] = entity
        return entity

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._records

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)


class _LazyNames(Sequence[Name]):
    """All names in file order, each unpacked the first time it is asked for."""

    __slots__ = ("_built", "_records")

    def __init__(self, records: list[bytes]) -> None:
        self._records = records
        self._built: list[Name | None] = [None] * len(records)

    def _at(self, index: int) -> Name:
        name = self._built[index]
        if name is None:
            name = _name_from(msgpack.unpackb(self._records[index], raw=False))
            self._built[index] = name
        return name

    @overload
    def __getitem__(self, index: int) -> Name: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Name, ...]: ...

    def __getitem__(self, index: int | slice) -> Name | tuple[Name, ...]:
        if isinstance(index, slice):
            return tuple(self._at(i) for i in range(*index.indices(len(self._records))))
        if index < 0:
            index += len(self._records)
        return self._at(index)

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Name]:
        return (self._at(i) for i in range(len(self._records)))


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


def _entity_row(e: Entity) -> list[Any]:
    listings = [[x.symbol, x.market, x.code, x.exchange, x.currency, x.active] for x in e.listings]
    return [e.id, e.name, e.name_zh, e.kind, listings, list(e.roles), list(e.themes)]


def _name_row(n: Name) -> list[Any]:
    return [
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


def _pack(row: list[Any]) -> bytes:
    packed: bytes = msgpack.packb(row, use_bin_type=True)
    return packed


def encode_master(entities: Iterable[Entity], names: Iterable[Name], version: str) -> bytes:
    """The on-disk form: gzip'd msgpack (fast to read, stable across releases).

    Each entity and name is its own packed record, decoded on demand; the symbol and code
    indexes and the names grouped by key are stored ready-made. Same input, same bytes.
    """
    entity_list = list(entities)
    name_list = tuple(names)
    by_symbol, by_code = _listing_indexes(entity_list)
    cjk, latin = _name_groups(name_list)
    payload = {
        "format": FORMAT_VERSION,
        "version": version,
        "entity_ids": [e.id for e in entity_list],
        "entities": [_pack(_entity_row(e)) for e in entity_list],
        "names": [_pack(_name_row(n)) for n in name_list],
        "symbols": list(by_symbol),
        "symbol_ids": list(by_symbol.values()),
        "codes": list(by_code),
        "code_ids": list(by_code.values()),
        "cjk": cjk,
        "latin": latin,
    }
    return gzip.compress(msgpack.packb(payload, use_bin_type=True), mtime=0)


def decode_master(data: bytes) -> SecurityMaster:
    """The master from `encode_master`'s bytes."""
    # Many small objects are made here and live for the whole process: the cyclic collector
    # would scan them over and over while they are created, for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        payload = msgpack.unpackb(gzip.decompress(data), raw=False)
        if payload.get("format") != FORMAT_VERSION:
            raise MasterBuildError(
                f"security master format {payload.get('format')} is not {FORMAT_VERSION};"
                " rebuild it with `python scripts/build_master.py`"
            )
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
