"""The store's tables, as SQLAlchemy Core metadata: one schema for SQLite and PostgreSQL.

Migrations (`store/migrations/versions/`) create and change these tables; this module is what
queries are written against. Times the hot board computes with are kept as `at`, seconds since
the Unix epoch (UTC) in a float column, so decay is plain arithmetic in either engine; times shown
to people are also kept as ISO text in `published`.

Per article: one `articles` row (text and raw input kept), one `analyses` row (the analysis JSON,
the same contract as `marketbuzz analyze`), and rows derived from the analysis that queries need:
`mentions` (one per linked instrument), `moves`, `events` with `event_subjects`, `claims`. The
novelty index is `article_bands` (MinHash LSH band keys); `buzz_daily` holds each instrument's
daily volume, the hot board's baseline. `alerts` records every alert fired, once.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
Id = BigInteger().with_variant(Integer(), "sqlite")

sources = Table(
    "sources",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(300), nullable=False, unique=True),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    # sha256 of the source, title and body as read: the same article is stored once.
    Column("identity", String(64), nullable=False, unique=True),
    # sha256 of the normalised title and body (novelty.normalise): equal for a copy of the
    # story in the other script or with other spacing, which is stored as a repeat.
    Column("content_hash", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),  # title + "\n\n" + body: the analysis offsets' text
    Column("raw", Text, nullable=False),  # the input as read (HTML, JSON or text), decoded
    Column("url", Text),
    Column("origin", Text),  # where ingest found it: a path, a URL, "feed:<url>"
    Column("source_id", Id, ForeignKey("sources.id")),
    Column("language", String(16), nullable=False),
    Column("published", String(40)),  # ISO date or time as the article gave it (None: unknown)
    Column("at", Float, nullable=False),  # the time buzz counts it at (epoch seconds, UTC)
    Column("ingested_at", Float, nullable=False),
    Column("repeat_of", Id, ForeignKey("articles.id")),  # the first copy of this story, if any
    Column("similarity", Float),  # estimated Jaccard similarity with `repeat_of`
    Column("signature", LargeBinary),  # MinHash signature (novelty.Fingerprint.signature)
    Index("ix_articles_at", "at"),
    Index("ix_articles_content_hash", "content_hash"),
    Index("ix_articles_url", "url"),
    Index("ix_articles_repeat_of", "repeat_of"),
)

analyses = Table(
    "analyses",
    metadata,
    Column("article_id", Id, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("master_version", String(64), nullable=False),
    Column("analysis", Text, nullable=False),  # JSON: marketbuzz.serialize.analysis_to_dict
)

instruments = Table(
    "instruments",
    metadata,
    Column("entity_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_zh", Text),
    Column("kind", String(32), nullable=False),
    Column("symbols", Text, nullable=False),  # space-separated listing symbols, primary first
    # The board's market filter: a company listed in New York and Hong Kong is in both.
    Column("in_us", Boolean, nullable=False, default=False),
    Column("in_hk", Boolean, nullable=False, default=False),
    Column("in_cn", Boolean, nullable=False, default=False),
    Column("in_crypto", Boolean, nullable=False, default=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("article_id", Id, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", String(64), ForeignKey("instruments.entity_id"), nullable=False),
    Column("at", Float, nullable=False),  # the article's time, copied so the board reads one table
    Column("source_id", Id),
    Column("relevance", Float, nullable=False),
    Column("sentiment", Float, nullable=False),
    Column("weight", Float, nullable=False),  # what the mention adds to buzz (board.py)
    Column("is_repeat", Boolean, nullable=False),
    Column("roles", String(200), nullable=False),
    Column("count", Integer, nullable=False),  # spans linked in the article
    Column("first_start", Integer, nullable=False),
    # Covering the board's window scan: the index alone answers it (migration 0002).
    Index("ix_mentions_window", "at", "entity_id", "weight", "source_id", "sentiment"),
    Index("ix_mentions_entity_at", "entity_id", "at"),
    Index("ix_mentions_article", "article_id"),
)

moves = Table(
    "moves",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("article_id", Id, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("at", Float, nullable=False),
    Column("symbol", String(64)),
    Column("direction", String(8), nullable=False),
    Column("value", Float),
    Column("unit", String(16), nullable=False),
    Column("qualifiers", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_moves_entity_at", "entity_id", "at"),
    Index("ix_moves_article", "article_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("article_id", Id, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("at", Float, nullable=False),
    Column("type", String(40), nullable=False),
    Column("polarity", Float, nullable=False),
    Column("attributes", Text, nullable=False),  # JSON object
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_events_article", "article_id"),
    Index("ix_events_type_at", "type", "at"),
)

event_subjects = Table(
    "event_subjects",
    metadata,
    Column("event_id", Id, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", String(64), primary_key=True),
    Column("role", String(16), primary_key=True),  # "subject" | "actor"
    Index("ix_event_subjects_entity", "entity_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("article_id", Id, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("claimant", Text),
    Column("claimant_id", String(64)),
    Column("value", Float, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("quantity", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_claims_article", "article_id"),
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("band", BigInteger, nullable=False),
    Column("article_id", Id, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Index("ix_article_bands_band", "band"),
)

# Search terms (store/fulltext.py): PostgreSQL indexes this table with a GIN tsvector index;
# SQLite keeps the same terms in the FTS5 table `article_search` (created by the migration).
article_terms = Table(
    "article_terms",
    metadata,
    Column("article_id", Id, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("terms", Text, nullable=False),
)

buzz_daily = Table(
    "buzz_daily",
    metadata,
    Column("entity_id", String(64), primary_key=True),
    Column("day", Integer, primary_key=True),  # days since 1970-01-01 (UTC)
    Column("volume", Float, nullable=False),  # sum of mention weights that day
    Column("articles", Integer, nullable=False),
)

feeds = Table(
    "feeds",
    metadata,
    Column("url", Text, primary_key=True),
    Column("title", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("polled_at", Float),
)

feed_entries = Table(
    "feed_entries",
    metadata,
    Column("feed_url", Text, primary_key=True),
    Column("entry_key", Text, primary_key=True),
    Column("article_id", Id),  # None when the entry failed to read
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False),  # what makes the alert the same alert: fires once
    Column("rule", String(40), nullable=False),
    Column("entity_id", String(64)),
    Column("article_id", Id),
    Column("at", Float, nullable=False),
    Column("message", Text, nullable=False),
    Column("details", Text, nullable=False),  # JSON object
    UniqueConstraint("key", name="uq_alerts_key"),
    Index("ix_alerts_at", "at"),
)

# The last computed board per window and market (marketbuzz.board_cache), served while fresh.
board_snapshots = Table(
    "board_snapshots",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("computed_at", Float, nullable=False),
    Column("reason", String(16), nullable=False),  # "now" | "latest"
    Column("payload", Text, nullable=False),  # JSON: board.board_to_dict
)
