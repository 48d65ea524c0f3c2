"""Records of the security master. Built by `marketbuzz.master.build`, loaded by `.load`."""

from __future__ import annotations

from dataclasses import dataclass

# Markets a listing can be on. Yahoo Finance suffixes: .HK, .SS (Shanghai), .SZ, .BJ, .T (Tokyo).
Market = str  # "US" | "HK" | "SS" | "SZ" | "BJ" | "T" | "CRYPTO" | "FX" | "INDEX" | "FUT" | "RATE"
# "official" | "short" | "alias" | "former" | "english" | "ticker" | "shorthand" (the first word
# of a name, derived: see `marketbuzz.master.shorthand`)
NameKind = str


@dataclass(frozen=True, slots=True)
class Listing:
    symbol: str  # Yahoo Finance convention: ORCL, 9988.HK, 600519.SS, 300750.SZ, ^GSPC, BTC-USD
    market: Market
    code: str = ""  # the local code as exchanges print it: "09988", "600519", "ORCL"
    exchange: str = ""  # "NYSE", "Nasdaq", "HKEX", "SSE", "SZSE", "BSE", "OTC"...
    currency: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class Entity:
    """An issuer or instrument: a company with all its listings, an index, a currency, a coin."""

    id: str  # stable: the primary symbol ("BABA", "300750.SZ", "^GSPC") or "org:<slug>"
    name: str  # English display name where known, else the Chinese name
    name_zh: str | None  # Chinese display name (Traditional where the source gives it)
    kind: str  # equity | index | fx | rate | commodity | crypto | fund | organization
    listings: tuple[Listing, ...]
    roles: tuple[str, ...] = ()  # "broker" for banks and brokers whose research is quoted
    themes: tuple[str, ...] = ()  # curated themes: "ai", "semiconductors", "ev"...

    @property
    def symbols(self) -> tuple[str, ...]:
        return tuple(listing.symbol for listing in self.listings)


@dataclass(frozen=True, slots=True)
class Name:
    """One way an entity is written, with when it was valid and how safe it is to match.

    `key` is the folded form used for matching (see `marketbuzz.text.fold`; Latin names are
    also lower-cased). `ambiguous` marks names that are also ordinary words or other things
    (苹果 the fruit, 甲骨文 the script, 里昂 the city, 平安, Target, Apple): the linker accepts
    them only with market context. `valid_from`/`valid_to` are ISO dates (A-share former names).
    """

    entity_id: str
    key: str
    text: str
    kind: NameKind
    lang: str  # "zh" | "en"
    valid_from: str | None = None
    valid_to: str | None = None
    ambiguous: bool = False
    case_sensitive: bool = False  # Latin names that must appear with this exact casing
