"""Watchlists: which instruments to watch and which alert rules apply, from TOML or CLI options.

    watchlist = load_watchlist(Path("watchlist.toml"))
    watchlist = watchlist_from_options(["NVDA", "騰訊"], move_pct=3.0)

An entry may be a Yahoo-style symbol (NVDA, 0700.HK), a local code (00700, 600519) or a name in
either script (騰訊, 腾讯控股, NVIDIA). Each resolves to exactly one entity of the security master;
an entry that matches nothing, or several entities equally well, is an error naming the entry
(and the candidates), so a typo never silently watches the wrong stock.

Rules are all on by default with the defaults below; a rule set to `false` is off. See
samples/watchlist.toml for the file format.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marketbuzz.board import BoardError
from marketbuzz.board import parse_window as board_window
from marketbuzz.errors import MarketbuzzError
from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Entity, Name
from marketbuzz.text.fold import fold

DAY = 86_400.0

# Older news than this does not raise move or event alerts (see Rules.max_age).
DEFAULT_MAX_AGE = 3 * DAY

# model.Event.type values.
EVENT_TYPES: frozenset[str] = frozenset(
    {
        "analyst_target",
        "analyst_rating",
        "fund_flow",
        "holding_change",
        "stake",
        "product_launch",
        "earnings",
        "ranking",
        "macro",
        "company_news",
        "comparison",
    }
)
# What a watcher wants to hear about by default: news that changes the view on a holding.
# Rankings, macro, comparisons and general company news are too frequent to alert on.
DEFAULT_EVENT_TYPES: tuple[str, ...] = (
    "analyst_target",
    "analyst_rating",
    "fund_flow",
    "holding_change",
    "stake",
    "earnings",
)


class WatchlistError(MarketbuzzError):
    """A watchlist that cannot be used: unreadable, malformed, or naming unknown instruments."""

    code = "MB601"


@dataclass(frozen=True, slots=True)
class MoveRule:
    """A reported move of at least `min_pct` percent (either way) on a watched instrument."""

    min_pct: float = 5.0


@dataclass(frozen=True, slots=True)
class BurstRule:
    """Buzz far above the instrument's baseline: board change >= min_change, buzz >= min_buzz."""

    min_change: float = 3.0
    min_buzz: float = 1.0
    window: float = DAY


@dataclass(frozen=True, slots=True)
class FlipRule:
    """Window sentiment changed sign from the previous window, both at least `threshold` in size."""

    threshold: float = 0.2
    window: float = DAY


@dataclass(frozen=True, slots=True)
class EventRule:
    """A new event of one of `types` about a watched instrument."""

    types: tuple[str, ...] = DEFAULT_EVENT_TYPES


@dataclass(frozen=True, slots=True)
class Rules:
    """The rules in force; None is a rule switched off.

    `max_age`: move and event rules ignore articles about times longer ago than this, so
    importing an archive does not alert on last year's news.
    """

    move: MoveRule | None = field(default_factory=MoveRule)
    burst: BurstRule | None = field(default_factory=BurstRule)
    sentiment_flip: FlipRule | None = field(default_factory=FlipRule)
    events: EventRule | None = field(default_factory=EventRule)
    max_age: float = DEFAULT_MAX_AGE


@dataclass(frozen=True, slots=True)
class InstrumentEntry:
    """A watchlist entry before resolving: `{ instrument = "NVDA", move_pct = 3 }` in TOML."""

    query: str
    move_pct: float | None = None


@dataclass(frozen=True, slots=True)
class WatchedInstrument:
    """One resolved watchlist entry: `query` as the user wrote it, and what it resolved to."""

    query: str
    entity_id: str
    symbol: str  # primary listing symbol ("" for an entity without listings)
    name: str
    name_zh: str | None
    move_pct: float | None = None  # this instrument's own move threshold (None: the rule's)

    @property
    def label(self) -> str:
        """Bilingual display name with the symbol: "騰訊控股 Tencent Holdings 0700.HK"."""
        return display_label(self.name_zh, self.name, self.symbol)


@dataclass(frozen=True, slots=True)
class Outputs:
    """Where a watchlist file asks alerts to go, besides the terminal."""

    jsonl: Path | None = None
    webhook: str | None = None
    webhook_timeout: float = 5.0


@dataclass(frozen=True, slots=True)
class Watchlist:
    instruments: tuple[WatchedInstrument, ...]
    rules: Rules = field(default_factory=Rules)
    outputs: Outputs = field(default_factory=Outputs)
    name: str = "watchlist"

    @property
    def entity_ids(self) -> tuple[str, ...]:
        return tuple(item.entity_id for item in self.instruments)

    def instrument(self, entity_id: str) -> WatchedInstrument | None:
        for item in self.instruments:
            if item.entity_id == entity_id:
                return item
        return None


def display_label(name_zh: str | None, name: str | None, symbol: str | None) -> str:
    """Chinese name, English name and symbol, each once: "騰訊控股 Tencent Holdings 0700.HK"."""
    parts: list[str] = []
    for part in (name_zh, name, symbol):
        if part and part not in parts:
            parts.append(part)
    return " ".join(parts)


# -- loading ---------------------------------------------------------------------------------


def load_watchlist(path: Path, master: SecurityMaster | None = None) -> Watchlist:
    """Read and resolve a TOML watchlist; WatchlistError says what is wrong and where."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise WatchlistError(f"watchlist {path} does not exist") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise WatchlistError(f"watchlist {path} cannot be read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise WatchlistError(f"watchlist {path} is not valid TOML: {exc}") from exc
    try:
        return watchlist_from_mapping(data, master, base=path.parent)
    except WatchlistError as exc:
        raise WatchlistError(f"watchlist {path}: {exc.message}") from exc


def watchlist_from_mapping(
    data: Mapping[str, Any], master: SecurityMaster | None = None, *, base: Path | None = None
) -> Watchlist:
    """A watchlist from parsed TOML (keys: name, instruments, rules, output)."""
    _reject_unknown(data, {"name", "instruments", "rules", "output"}, "the watchlist")
    entries = data.get("instruments")
    if not isinstance(entries, list) or not entries:
        raise WatchlistError('"instruments" must be a non-empty list, e.g. ["NVDA", "騰訊"]')
    parsed = [_parse_entry(entry) for entry in entries]
    name = data.get("name", "watchlist")
    if not isinstance(name, str):
        raise WatchlistError('"name" must be text')
    return Watchlist(
        instruments=resolve_instruments(parsed, master),
        rules=parse_rules(_table(data, "rules")),
        outputs=_parse_outputs(_table(data, "output"), base),
        name=name,
    )


def watchlist_from_options(
    instruments: Sequence[str],
    *,
    move_pct: float | None = None,
    burst_change: float | None = None,
    burst_buzz: float | None = None,
    flip_threshold: float | None = None,
    window: str | None = None,
    events: Sequence[str] | None = None,
    max_age: str | None = None,
    disable: Iterable[str] = (),
    master: SecurityMaster | None = None,
) -> Watchlist:
    """The same watchlist from command-line options (None: the rule's default).

    `disable` names rules to switch off ("move_pct", "burst", "sentiment_flip", "events").
    """
    if not instruments:
        raise WatchlistError("name at least one instrument to watch")
    table: dict[str, Any] = {}
    if move_pct is not None:
        table["move_pct"] = move_pct
    burst = {"min_change": burst_change, "min_buzz": burst_buzz, "window": window}
    table["burst"] = {key: value for key, value in burst.items() if value is not None}
    flip = {"threshold": flip_threshold, "window": window}
    table["sentiment_flip"] = {key: value for key, value in flip.items() if value is not None}
    if events is not None:
        table["events"] = list(events)
    if max_age is not None:
        table["max_age"] = max_age
    for rule in disable:
        if rule not in _RULE_NAMES:
            raise WatchlistError(f"unknown rule {rule!r}; rules are {', '.join(_RULE_NAMES)}")
        table[rule] = False
    return Watchlist(instruments=resolve_instruments(instruments, master), rules=parse_rules(table))


# -- instruments -----------------------------------------------------------------------------


def resolve_instruments(
    entries: Sequence[str | InstrumentEntry], master: SecurityMaster | None = None
) -> tuple[WatchedInstrument, ...]:
    """Resolve every entry (all problems reported at once). The same entity twice is watched
    once, as first written, taking a move_pct from a later entry if the first has none."""
    if master is None:
        from marketbuzz.master.load import load_master

        master = load_master()
    resolved: dict[str, WatchedInstrument] = {}
    problems: list[str] = []
    for item in entries:
        entry = InstrumentEntry(item) if isinstance(item, str) else item
        try:
            entity = resolve_instrument(master, entry.query)
        except WatchlistError as exc:
            problems.append(exc.message)
            continue
        known = resolved.get(entity.id)
        if known is None:
            resolved[entity.id] = _watched(entry, entity)
        elif known.move_pct is None and entry.move_pct is not None:
            resolved[entity.id] = dataclasses.replace(known, move_pct=entry.move_pct)
    if problems:
        raise WatchlistError("; ".join(problems))
    return tuple(resolved.values())


def resolve_instrument(master: SecurityMaster, query: str) -> Entity:
    """The one entity `query` names: by symbol, then local code, then exact name, then names
    found inside it. The first step that finds anything decides; two entities there is an
    ambiguity the user must settle (with a symbol)."""
    text = query.strip()
    if not text:
        raise WatchlistError("an instrument entry is empty")
    for step in (_by_symbol, _by_code, _by_exact_name, _by_contained_name):
        found = step(master, text)
        if len(found) == 1:
            return found[0]
        if found:
            candidates = ", ".join(_describe(entity) for entity in found[:5])
            raise WatchlistError(
                f"{text!r} is ambiguous: it could be {candidates}; write the symbol instead"
            )
    raise WatchlistError(f"{text!r} is not in the security master (try `marketbuzz lookup {text}`)")


def _by_symbol(master: SecurityMaster, text: str) -> list[Entity]:
    entity = master.by_symbol(text)
    return [entity] if entity else []


def _by_code(master: SecurityMaster, text: str) -> list[Entity]:
    found: dict[str, Entity] = {}
    for market in ("HK", "SS", "SZ", "BJ", "US"):
        entity = master.by_code(market, text)
        if entity:
            found.setdefault(entity.id, entity)
    return list(found.values())


def _by_exact_name(master: SecurityMaster, text: str) -> list[Entity]:
    """Entities with a name equal to the entry; only those that fit it best: a current,
    unambiguous name beats a former name or one that is also a common word, and a listed
    instrument beats a delisted one (news is about what trades)."""
    key = fold(text)
    keys = {key, key.lower()}
    ranks: dict[str, tuple[int, int]] = {}
    for name in master.names:
        if name.key in keys:
            entity = master.entity(name.entity_id)
            rank = (_name_rank(name), 0 if _trades(entity) else 1)
            ranks[name.entity_id] = min(rank, ranks.get(name.entity_id, rank))
    if not ranks:
        return []
    best = min(ranks.values())
    return [master.entity(entity_id) for entity_id, rank in ranks.items() if rank == best]


def _trades(entity: Entity) -> bool:
    return not entity.listings or any(listing.active for listing in entity.listings)


def _name_rank(name: Name) -> int:
    current = name.kind != "former" and name.valid_to is None
    return (0 if current else 1) + (2 if name.ambiguous else 0)


def _by_contained_name(master: SecurityMaster, text: str) -> list[Entity]:
    """Names found inside the entry (騰訊 inside 騰訊股票), only when they cover all of it."""
    key = fold(text)
    found: dict[str, Entity] = {}
    for start, end, names in master.scan_cjk(key):
        if start == 0 and end == len(key):
            for name in names:
                found.setdefault(name.entity_id, master.entity(name.entity_id))
    return list(found.values())


def _watched(entry: InstrumentEntry, entity: Entity) -> WatchedInstrument:
    symbol = entity.symbols[0] if entity.symbols else ""
    return WatchedInstrument(
        entry.query.strip(), entity.id, symbol, entity.name, entity.name_zh, entry.move_pct
    )


def _describe(entity: Entity) -> str:
    symbol = entity.symbols[0] if entity.symbols else entity.id
    return f"{symbol} ({display_label(entity.name_zh, entity.name, None)})"


def _parse_entry(entry: object) -> InstrumentEntry:
    """ "NVDA", or a table { instrument = "NVDA", move_pct = 3 } with settings of its own."""
    if isinstance(entry, str):
        return InstrumentEntry(entry)
    if isinstance(entry, Mapping):
        _reject_unknown(entry, {"instrument", "move_pct"}, "an instrument table")
        query = entry.get("instrument")
        if not isinstance(query, str):
            raise WatchlistError('an instrument table needs instrument = "<symbol, code or name>"')
        move_pct = entry.get("move_pct")
        where = f"move_pct of {query!r}"
        return InstrumentEntry(query, None if move_pct is None else _positive(move_pct, where))
    raise WatchlistError(
        f"each instrument must be text (a symbol, code or name) or a table, not {entry!r}"
    )


# -- rules -----------------------------------------------------------------------------------

_RULE_NAMES = ("move_pct", "burst", "sentiment_flip", "events")


def parse_rules(table: Mapping[str, Any]) -> Rules:
    """Rules from a [rules] table: a rule left out keeps its defaults, `false` turns it off."""
    _reject_unknown(table, {*_RULE_NAMES, "max_age"}, "[rules]")
    return Rules(
        move=_parse_move(table.get("move_pct", True)),
        burst=_parse_burst(table.get("burst", True)),
        sentiment_flip=_parse_flip(table.get("sentiment_flip", True)),
        events=_parse_events(table.get("events", True)),
        max_age=_window(table.get("max_age"), DEFAULT_MAX_AGE, "rules.max_age"),
    )


def _parse_move(value: object) -> MoveRule | None:
    if value is False:
        return None
    if value is True:
        return MoveRule()
    return MoveRule(min_pct=_positive(value, "rules.move_pct"))


def _parse_burst(value: object) -> BurstRule | None:
    settings = _rule_table(value, "burst")
    if settings is None:
        return None
    _reject_unknown(settings, {"min_change", "min_buzz", "window"}, "rules.burst")
    default = BurstRule()
    return BurstRule(
        min_change=_positive(settings.get("min_change", default.min_change), "burst.min_change"),
        min_buzz=_non_negative(settings.get("min_buzz", default.min_buzz), "burst.min_buzz"),
        window=_window(settings.get("window"), default.window, "burst.window"),
    )


def _parse_flip(value: object) -> FlipRule | None:
    settings = _rule_table(value, "sentiment_flip")
    if settings is None:
        return None
    _reject_unknown(settings, {"threshold", "window"}, "rules.sentiment_flip")
    default = FlipRule()
    threshold = _non_negative(settings.get("threshold", default.threshold), "threshold")
    if threshold > 1:
        raise WatchlistError("rules.sentiment_flip.threshold is a sentiment size, 0 to 1")
    return FlipRule(
        threshold=threshold,
        window=_window(settings.get("window"), default.window, "sentiment_flip.window"),
    )


def _parse_events(value: object) -> EventRule | None:
    if value is False:
        return None
    if value is True:
        return EventRule()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise WatchlistError('rules.events must be a list of event types, e.g. ["stake"]')
    unknown = sorted(set(value) - EVENT_TYPES)
    if unknown:
        raise WatchlistError(
            f"unknown event type {', '.join(map(repr, unknown))} in rules.events;"
            f" known types: {', '.join(sorted(EVENT_TYPES))}"
        )
    if not value:
        return None
    return EventRule(types=tuple(dict.fromkeys(value)))


def _rule_table(value: object, rule: str) -> Mapping[str, Any] | None:
    if value is False:
        return None
    if value is True:
        return {}
    if isinstance(value, Mapping):
        return value
    raise WatchlistError(f"rules.{rule} must be true, false or a table of settings")


def _parse_outputs(table: Mapping[str, Any], base: Path | None) -> Outputs:
    _reject_unknown(table, {"jsonl", "webhook", "webhook_timeout"}, "[output]")
    jsonl = table.get("jsonl")
    webhook = table.get("webhook")
    if jsonl is not None and not isinstance(jsonl, str):
        raise WatchlistError("output.jsonl must be a file path")
    if webhook is not None and not (
        isinstance(webhook, str) and webhook.startswith(("http://", "https://"))
    ):
        raise WatchlistError("output.webhook must be an http:// or https:// URL")
    path = None
    if jsonl is not None:
        path = Path(jsonl).expanduser()
        # Relative to the watchlist file, so a watchlist works from any directory.
        if base is not None and not path.is_absolute():
            path = base / path
    timeout = _positive(table.get("webhook_timeout", 5.0), "output.webhook_timeout")
    return Outputs(jsonl=path, webhook=webhook, webhook_timeout=timeout)


# -- small validators ------------------------------------------------------------------------


def parse_window(text: str) -> float:
    """ "24h" -> 86400.0, as the hot board reads windows (s, m, h, d, w; a bare number is hours)."""
    try:
        return board_window(text)
    except BoardError as exc:
        raise WatchlistError(exc.message) from exc


def _window(value: object, default: float, where: str) -> float:
    if value is None:
        return default
    if isinstance(value, str):
        return parse_window(value)
    # A bare number is hours, as on the command line (`hot --window 24`).
    return parse_window(f"{_positive(value, where):g}")


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WatchlistError(f"{where} must be a number, not {value!r}")
    return float(value)


def _positive(value: object, where: str) -> float:
    number = _number(value, where)
    if number <= 0:
        raise WatchlistError(f"{where} must be more than zero, not {value!r}")
    return number


def _non_negative(value: object, where: str) -> float:
    number = _number(value, where)
    if number < 0:
        raise WatchlistError(f"{where} must not be negative, not {value!r}")
    return number


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise WatchlistError(f"[{key}] must be a table")
    return value


def _reject_unknown(table: Mapping[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise WatchlistError(
            f"unknown key {', '.join(map(repr, unknown))} in {where};"
            f" expected {', '.join(sorted(known))}"
        )
