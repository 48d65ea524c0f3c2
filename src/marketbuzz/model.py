"""The typed core model: what reading produces and what analysis returns.

Every object here is a value: a dataclass with slots, compared and hashed by its fields, and
read-only by convention — no stage changes one after making it. (Not `frozen=True`: a frozen
dataclass's __init__ sets each field through `object.__setattr__`, and the compiled build (see
setup.py) cannot turn that into a native constructor; the pipeline makes thousands of these per
megabyte, and frozen ones cost 8% of all analysis work.) Each class also writes out its
`__init__` (the fields in order, with their defaults), which `@dataclass` keeps: the compiled
build turns a written `__init__` into a native constructor with typed arguments, where the one
`@dataclass` generates runs as interpreted Python and costs a call through the interpreter for
every object (tests/test_model_init.py keeps each `__init__` to its fields). A compiled class
with its own `__init__` calls it when made without arguments, as pickle and `copy` make objects,
so each class also says how to remake it from its fields (`__reduce__`): results can travel
between worker processes.

Offsets (`start`, `end`) are character offsets into `Article.text` (the title, a blank line,
then the body: see `Article.text`), so a consumer can always check
``article.text[m.start:m.end] == m.text``. Offsets are half-open, like Python slices.
"""

from __future__ import annotations

import builtins
import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Language = Literal["zh-Hant", "zh-Hans", "en", "mixed", "unknown"]
InstrumentKind = Literal[
    "equity", "index", "fx", "rate", "commodity", "crypto", "fund", "organization"
]
Direction = Literal["up", "down", "flat"]
MoveUnit = Literal["%", "points", "price", "bp", ""]
BoilerplateKind = Literal["disclaimer", "widget", "source_line", "share_footer", "related", "other"]

TITLE_BODY_SEPARATOR = "\n\n"


@dataclass(slots=True, unsafe_hash=True)
class Boilerplate:
    """A block recognised as page furniture and left out of every count."""

    kind: BoilerplateKind
    text: str

    def __init__(
        self,
        kind: BoilerplateKind,
        text: str,
    ) -> None:
        self.kind = kind
        self.text = text

    def __reduce__(self) -> tuple[type[Boilerplate], tuple[object, ...]]:
        return Boilerplate, (self.kind, self.text)


@dataclass(slots=True, unsafe_hash=True)
class PublishedDate:
    """The article's date as found, and what it resolved to.

    `raw` is the string as written ("10/08", "2025-10-08 09:30", "Oct 8, 2025"). `value` is the
    resolved date or datetime, or None when it could not be resolved without guessing (a date
    with no year and no reference time). `year_from_reference` says the year was not written
    and came from the reference time passed in.
    """

    raw: str
    value: dt.date | dt.datetime | None
    month: int | None = None
    day: int | None = None
    year_from_reference: bool = False

    def __init__(
        self,
        raw: str,
        value: dt.date | dt.datetime | None,
        month: int | None = None,
        day: int | None = None,
        year_from_reference: bool = False,
    ) -> None:
        self.raw = raw
        self.value = value
        self.month = month
        self.day = day
        self.year_from_reference = year_from_reference

    def __reduce__(self) -> tuple[type[PublishedDate], tuple[object, ...]]:
        return PublishedDate, (self.raw, self.value, self.month, self.day, self.year_from_reference)


@dataclass(slots=True, unsafe_hash=True)
class Article:
    """One article as read: the fields found and the body with boilerplate removed."""

    title: str
    body: str
    source: str | None = None
    published: PublishedDate | None = None
    language: Language = "unknown"
    hk_usage: bool = False  # Cantonese / Hong Kong usage seen (啱啱, 嘅, 咗...)
    url: str | None = None
    encoding: str | None = None  # the encoding detected for byte input
    boilerplate: tuple[Boilerplate, ...] = ()

    def __init__(  # noqa: PLR0917 (the dataclass fields, in order)
        self,
        title: str,
        body: str,
        source: str | None = None,
        published: PublishedDate | None = None,
        language: Language = "unknown",
        hk_usage: bool = False,
        url: str | None = None,
        encoding: str | None = None,
        boilerplate: tuple[Boilerplate, ...] = (),
    ) -> None:
        self.title = title
        self.body = body
        self.source = source
        self.published = published
        self.language = language
        self.hk_usage = hk_usage
        self.url = url
        self.encoding = encoding
        self.boilerplate = boilerplate

    def __reduce__(self) -> tuple[type[Article], tuple[object, ...]]:
        return Article, (
            self.title,
            self.body,
            self.source,
            self.published,
            self.language,
            self.hk_usage,
            self.url,
            self.encoding,
            self.boilerplate,
        )

    @property
    def text(self) -> str:
        """The analysed text: every offset in an Analysis points into this string."""
        if not self.title:
            return self.body
        if not self.body:
            return self.title
        return self.title + TITLE_BODY_SEPARATOR + self.body

    @property
    def body_offset(self) -> int:
        """Where the body starts inside `text`."""
        if not self.title:
            return 0
        if not self.body:
            return len(self.title)
        return len(self.title) + len(TITLE_BODY_SEPARATOR)


@dataclass(slots=True, unsafe_hash=True)
class Span:
    """A piece of `Article.text`."""

    start: int
    end: int
    text: str

    def __init__(
        self,
        start: int,
        end: int,
        text: str,
    ) -> None:
        self.start = start
        self.end = end
        self.text = text

    def __reduce__(self) -> tuple[type[Span], tuple[object, ...]]:
        return Span, (self.start, self.end, self.text)


@dataclass(slots=True, unsafe_hash=True)
class Mention:
    """One place an instrument or organisation is named.

    `matched` is the dictionary name that matched (folded form); `via` says how it was found:
    "name", "former_name", "alias", "code" (inline code like (09988) or sh600507), "ticker"
    ($TSLA, NASDAQ: AAPL), "latin" (a Latin-script company name).
    `role` is "subject" by default, "source" where the entity acts as the source of a report or
    rating (a broker publishing research), "actor" where it acts on another (raises a target).
    """

    entity_id: str
    start: int
    end: int
    text: str
    via: str = "name"
    matched: str = ""
    role: str = "subject"
    market_hint: str | None = None  # US / HK / CN when the sentence says which market

    def __init__(  # noqa: PLR0917 (the dataclass fields, in order)
        self,
        entity_id: str,
        start: int,
        end: int,
        text: str,
        via: str = "name",
        matched: str = "",
        role: str = "subject",
        market_hint: str | None = None,
    ) -> None:
        self.entity_id = entity_id
        self.start = start
        self.end = end
        self.text = text
        self.via = via
        self.matched = matched
        self.role = role
        self.market_hint = market_hint

    def __reduce__(self) -> tuple[type[Mention], tuple[object, ...]]:
        return Mention, (
            self.entity_id,
            self.start,
            self.end,
            self.text,
            self.via,
            self.matched,
            self.role,
            self.market_hint,
        )


@dataclass(slots=True, unsafe_hash=True)
class Move:
    """A price move the article reports."""

    entity_id: str
    symbol: str | None  # the listing the sentence is about, if known
    direction: Direction
    value: float | None
    unit: MoveUnit
    qualifiers: tuple[str, ...]  # more_than, nearly, about, at_one_point, intraday, as_much_as...
    start: int
    end: int
    text: str
    value_currency: str | None = None  # the currency of `value` when unit is "price"
    level: float | None = None  # a level crossed (跌破12.1萬 -> 121000)
    level_currency: str | None = None
    high_low: str | None = None  # "high" | "low" | "record_high" | "record_low"
    horizon: str | None = None  # "1 month", "7 months", "14 years", "intraday", "day", "record"
    streak: str | None = None  # "7-day winning streak ended"
    cause: str | None = None  # a cause stated in the same sentence

    def __init__(  # noqa: PLR0917 (the dataclass fields, in order)
        self,
        entity_id: str,
        symbol: str | None,
        direction: Direction,
        value: float | None,
        unit: MoveUnit,
        qualifiers: tuple[str, ...],
        start: int,
        end: int,
        text: str,
        value_currency: str | None = None,
        level: float | None = None,
        level_currency: str | None = None,
        high_low: str | None = None,
        horizon: str | None = None,
        streak: str | None = None,
        cause: str | None = None,
    ) -> None:
        self.entity_id = entity_id
        self.symbol = symbol
        self.direction = direction
        self.value = value
        self.unit = unit
        self.qualifiers = qualifiers
        self.start = start
        self.end = end
        self.text = text
        self.value_currency = value_currency
        self.level = level
        self.level_currency = level_currency
        self.high_low = high_low
        self.horizon = horizon
        self.streak = streak
        self.cause = cause

    def __reduce__(self) -> tuple[type[Move], tuple[object, ...]]:
        return Move, (
            self.entity_id,
            self.symbol,
            self.direction,
            self.value,
            self.unit,
            self.qualifiers,
            self.start,
            self.end,
            self.text,
            self.value_currency,
            self.level,
            self.level_currency,
            self.high_low,
            self.horizon,
            self.streak,
            self.cause,
        )


@dataclass(slots=True, unsafe_hash=True)
class Event:
    """Something that happened: a target change, fund flow, stake, launch, earnings news..."""

    type: str  # analyst_target|analyst_rating|fund_flow|holding_change|stake|product_launch|
    #             earnings|ranking|macro|company_news|comparison
    start: int
    end: int
    text: str
    subject_ids: tuple[str, ...] = ()  # entities the event is about
    actor_ids: tuple[str, ...] = ()  # who acted or reported (broker, fund, government)
    attributes: dict[str, object] = field(default_factory=dict)
    polarity: float = 0.0  # -1..1, the event's own tone for its subject

    def __init__(  # noqa: PLR0917 (the dataclass fields, in order)
        self,
        type: str,
        start: int,
        end: int,
        text: str,
        subject_ids: tuple[str, ...] = (),
        actor_ids: tuple[str, ...] = (),
        attributes: dict[str, object] | None = None,
        polarity: float = 0.0,
    ) -> None:
        self.type = type
        self.start = start
        self.end = end
        self.text = text
        self.subject_ids = subject_ids
        self.actor_ids = actor_ids
        self.attributes = {} if attributes is None else attributes
        self.polarity = polarity

    def __reduce__(self) -> tuple[builtins.type[Event], tuple[object, ...]]:
        return Event, (
            self.type,
            self.start,
            self.end,
            self.text,
            self.subject_ids,
            self.actor_ids,
            self.attributes,
            self.polarity,
        )


@dataclass(slots=True, unsafe_hash=True)
class Claim:
    """A numeric statement attributed to a person or organisation."""

    claimant: str | None
    claimant_entity_id: str | None
    value: float
    unit: str  # "USD", "%", "years", "CNY", ...
    text: str
    start: int
    end: int
    quantity: str = ""  # what the number measures, in the article's words where possible
    qualifiers: tuple[str, ...] = ()

    def __init__(  # noqa: PLR0917 (the dataclass fields, in order)
        self,
        claimant: str | None,
        claimant_entity_id: str | None,
        value: float,
        unit: str,
        text: str,
        start: int,
        end: int,
        quantity: str = "",
        qualifiers: tuple[str, ...] = (),
    ) -> None:
        self.claimant = claimant
        self.claimant_entity_id = claimant_entity_id
        self.value = value
        self.unit = unit
        self.text = text
        self.start = start
        self.end = end
        self.quantity = quantity
        self.qualifiers = qualifiers

    def __reduce__(self) -> tuple[type[Claim], tuple[object, ...]]:
        return Claim, (
            self.claimant,
            self.claimant_entity_id,
            self.value,
            self.unit,
            self.text,
            self.start,
            self.end,
            self.quantity,
            self.qualifiers,
        )


@dataclass(slots=True, unsafe_hash=True)
class Theme:
    name: str  # ai | semiconductors | data_centers | big_tech | ev | crypto | ...
    score: float
    evidence: tuple[Span, ...] = ()

    def __init__(
        self,
        name: str,
        score: float,
        evidence: tuple[Span, ...] = (),
    ) -> None:
        self.name = name
        self.score = score
        self.evidence = evidence

    def __reduce__(self) -> tuple[type[Theme], tuple[object, ...]]:
        return Theme, (self.name, self.score, self.evidence)


@dataclass(slots=True, unsafe_hash=True)
class SentimentEvidence:
    score: float
    sentence: Span

    def __init__(
        self,
        score: float,
        sentence: Span,
    ) -> None:
        self.score = score
        self.sentence = sentence

    def __reduce__(self) -> tuple[type[SentimentEvidence], tuple[object, ...]]:
        return SentimentEvidence, (self.score, self.sentence)


@dataclass(slots=True, unsafe_hash=True)
class LinkedInstrument:
    """An instrument (or organisation) the article talks about, with all its mentions."""

    entity_id: str
    name: str
    name_zh: str | None
    kind: InstrumentKind
    symbols: tuple[str, ...]
    relevance: float  # 0..1
    sentiment: float  # -1..1
    mentions: tuple[Mention, ...]
    sentiment_evidence: tuple[SentimentEvidence, ...] = ()
    roles: tuple[str, ...] = ()

    def __init__(  # noqa: PLR0917 (the dataclass fields, in order)
        self,
        entity_id: str,
        name: str,
        name_zh: str | None,
        kind: InstrumentKind,
        symbols: tuple[str, ...],
        relevance: float,
        sentiment: float,
        mentions: tuple[Mention, ...],
        sentiment_evidence: tuple[SentimentEvidence, ...] = (),
        roles: tuple[str, ...] = (),
    ) -> None:
        self.entity_id = entity_id
        self.name = name
        self.name_zh = name_zh
        self.kind = kind
        self.symbols = symbols
        self.relevance = relevance
        self.sentiment = sentiment
        self.mentions = mentions
        self.sentiment_evidence = sentiment_evidence
        self.roles = roles

    def __reduce__(self) -> tuple[type[LinkedInstrument], tuple[object, ...]]:
        return LinkedInstrument, (
            self.entity_id,
            self.name,
            self.name_zh,
            self.kind,
            self.symbols,
            self.relevance,
            self.sentiment,
            self.mentions,
            self.sentiment_evidence,
            self.roles,
        )


@dataclass(slots=True, unsafe_hash=True)
class Analysis:
    article: Article
    instruments: tuple[LinkedInstrument, ...]
    organizations: tuple[LinkedInstrument, ...]
    moves: tuple[Move, ...]
    events: tuple[Event, ...]
    claims: tuple[Claim, ...]
    themes: tuple[Theme, ...]
    master_version: str = ""
    warnings: tuple[str, ...] = ()

    def __init__(  # noqa: PLR0917 (the dataclass fields, in order)
        self,
        article: Article,
        instruments: tuple[LinkedInstrument, ...],
        organizations: tuple[LinkedInstrument, ...],
        moves: tuple[Move, ...],
        events: tuple[Event, ...],
        claims: tuple[Claim, ...],
        themes: tuple[Theme, ...],
        master_version: str = "",
        warnings: tuple[str, ...] = (),
    ) -> None:
        self.article = article
        self.instruments = instruments
        self.organizations = organizations
        self.moves = moves
        self.events = events
        self.claims = claims
        self.themes = themes
        self.master_version = master_version
        self.warnings = warnings

    def __reduce__(self) -> tuple[type[Analysis], tuple[object, ...]]:
        return Analysis, (
            self.article,
            self.instruments,
            self.organizations,
            self.moves,
            self.events,
            self.claims,
            self.themes,
            self.master_version,
            self.warnings,
        )
