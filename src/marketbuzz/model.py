"""The typed core model: what reading produces and what analysis returns.

Every object here is a value: a dataclass with slots, compared and hashed by its fields, and
read-only by convention — no stage changes one after making it. (Not `frozen=True`: a frozen
dataclass's __init__ sets each field through `object.__setattr__`, and the compiled build (see
setup.py) cannot turn that into a native constructor; the pipeline makes thousands of these per
megabyte, and frozen ones cost 8% of all analysis work.)

Offsets (`start`, `end`) are character offsets into `Article.text` (the title, a blank line,
then the body: see `Article.text`), so a consumer can always check
``article.text[m.start:m.end] == m.text``. Offsets are half-open, like Python slices.
"""

from __future__ import annotations

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


@dataclass(slots=True, unsafe_hash=True)
class Theme:
    name: str  # ai | semiconductors | data_centers | big_tech | ev | crypto | ...
    score: float
    evidence: tuple[Span, ...] = ()


@dataclass(slots=True, unsafe_hash=True)
class SentimentEvidence:
    score: float
    sentence: Span


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
