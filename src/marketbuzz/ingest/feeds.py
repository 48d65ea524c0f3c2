"""RSS and Atom feeds: recognise, parse safely, and fetch with ETag / Last-Modified.

feedparser does the parsing (it copes with the malformed feeds the web is full of), but XML
that declares entities is refused first, with defusedxml: entity declarations are how the
"billion laughs" memory bomb and external-entity reads (`SYSTEM "file:///etc/passwd"`) work,
and no honest news feed needs them. feedparser is handed the bytes as a stream, never as a
string or bytes object, because it would treat those as a URL or file name to open.
"""

from __future__ import annotations

import hashlib
import io
import re
from calendar import timegm
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import defusedxml
import defusedxml.ElementTree
import feedparser

from marketbuzz.errors import MarketbuzzError
from marketbuzz.ingest.fetch import DEFAULT_POLICY, FetchPolicy, display_url, fetch

FEED_MEDIA_TYPES: Final = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "application/x-atom+xml",
    }
)
_SNIFF_BYTES: Final = 4_096
# Prolog items that may precede the root element: declaration, PIs, comments, DOCTYPE.
_PROLOG: Final = re.compile(
    rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.DOTALL | re.IGNORECASE
)
_ROOT: Final = re.compile(rb"\s*<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF)[\s>/]")
_RSS1_MARKERS: Final = (b"purl.org/rss/1.0", b"<channel", b":channel")
_ENTITY_DECLARATION: Final = re.compile(rb"<!ENTITY", re.IGNORECASE)
# A CDATA section (kept as it is: '&' is literal there) or an '&' that starts no reference.
_BARE_AMPERSAND: Final = re.compile(
    rb"(<!\[CDATA\[.*?\]\]>)|&(?!#[0-9]+;|#x[0-9A-Fa-f]+;|[A-Za-z_][\w.-]*;)", re.DOTALL
)
_CHARSET: Final = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_DECLARED_ENCODING: Final = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=", re.IGNORECASE)
_HTML_START: Final = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)


class FeedError(MarketbuzzError):
    """A feed could not be read, or was refused as unsafe."""

    code = "MB302"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed."""

    key: str  # stable identity: entry id/guid, else link, else hash of title+summary
    title: str
    link: str | None
    published: datetime | None  # aware UTC, when the feed gives a date
    content: str  # the fullest body the feed carries; may be HTML
    content_type: str  # "text/html" or "text/plain"
    source: str | None  # the feed's title
    language: str | None  # entry or feed language tag, when given


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed; with not_modified, the server said nothing changed and entries is empty."""

    url: str
    title: str | None
    entries: tuple[FeedEntry, ...]
    etag: str | None
    last_modified: str | None
    not_modified: bool


# --- Recognising feeds -----------------------------------------------------------------------


def looks_like_feed(content: bytes, content_type: str | None) -> bool:
    """True for RSS, Atom or RSS 1.0 (RDF), judged by the document's root element, else by a
    feed media type. Servers often label feeds text/xml or even text/html, so the document
    comes first; but an HTML page stays a page whatever its label."""
    head = _sniffable_head(content)
    root = _ROOT.match(head, _prolog_end(head))
    if root is not None:
        if root.group(1) != b"RDF":
            return True
        if any(marker in head.lower() for marker in _RSS1_MARKERS):
            return True  # RDF is used for much besides RSS 1.0: only this kind is a feed
    if _HTML_START.search(head):
        return False
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type in FEED_MEDIA_TYPES and bool(head.strip())


def _prolog_end(head: bytes) -> int:
    """Where the root element may start: after the XML declaration, PIs, comments, DOCTYPE."""
    position = 0
    while (match := _PROLOG.match(head, position)) and match.end() > position:
        position = match.end()
    return position


def _sniffable_head(content: bytes) -> bytes:
    """The first bytes, ASCII-compatible: UTF-16/32 NULs removed, a UTF-8 BOM dropped."""
    head = content[: _SNIFF_BYTES * 4]
    if b"\x00" in head[:64]:
        head = head.replace(b"\x00", b"")
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip(b"\xff\xfe")
    return head[:_SNIFF_BYTES]


# --- Parsing ---------------------------------------------------------------------------------


def parse_feed(content: bytes, *, url: str, content_type: str | None = None) -> Feed:
    """Parse RSS/Atom bytes into a Feed; FeedError for unsafe, unreadable or non-feed input.

    `content_type` (the HTTP header, if any) supplies the character set only when the document
    declares none itself: a feed's own XML declaration is more often right than its server.
    """
    shown = display_url(url)
    if not content.strip():
        raise FeedError(f"the feed at {shown} is empty")
    parsed = feedparser.parse(
        io.BytesIO(_vetted(content, shown)),
        response_headers=_response_headers(content, url, content_type),
    )
    _require_feed_structure(parsed, content, shown)
    title = _clean(parsed.feed.get("title")) or None
    feed_language = _clean(parsed.feed.get("language")) or None
    entries = tuple(_entry(raw, title, feed_language) for raw in parsed.entries)
    return Feed(
        url=url, title=title, entries=entries, etag=None, last_modified=None, not_modified=False
    )


def _vetted(content: bytes, shown: str) -> bytes:
    """The document to hand feedparser: refused if it declares entities (inline or external),
    repaired if it is malformed in the commonest way (bare ampersands, as in "S&P 500")."""
    refused = FeedError(f"refused the feed at {shown}: the feed declares XML entities")
    try:
        defusedxml.ElementTree.fromstring(
            content, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException:
        raise refused from None
    except (ElementTree.ParseError, ValueError, UnicodeError):
        # Malformed XML stops the parser early, perhaps before a declaration it would have
        # refused; feedparser's lenient parser might still honour it, so look for one in the
        # text (NULs dropped so UTF-16 and UTF-32 documents are searched too).
        if _ENTITY_DECLARATION.search(content.replace(b"\x00", b"")):
            raise refused from None
        return _escape_bare_ampersands(content)
    return content


def _escape_bare_ampersands(content: bytes) -> bytes:
    """Turn '&' that starts no entity reference into '&amp;'. feedparser's lenient parser
    would otherwise read "S&P 500" as "S&P; 500". Only for ASCII-compatible encodings (in
    Big5, GBK and Shift-JIS no trailing byte is 0x26, so a 0x26 byte is always '&')."""
    if b"\x00" in content[:64]:
        return content
    return _BARE_AMPERSAND.sub(lambda match: match.group(1) or b"&amp;", content)


def _response_headers(content: bytes, url: str, content_type: str | None) -> dict[str, str]:
    """Headers as feedparser expects them from HTTP: the base URL for relative links (without
    credentials, which would otherwise be copied into every resolved link) and, when the
    document declares no encoding of its own, the server's charset."""
    headers = {"content-location": display_url(url)}
    charset = _CHARSET.search(content_type or "")
    declares_encoding = content.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or bool(
        _DECLARED_ENCODING.match(content[:512])
    )
    if charset and not declares_encoding:
        # application/xml whatever the server said: feedparser then uses the charset as given
        # (for text/* types RFC 3023 rules would apply, and text/html is "not XML" to it).
        headers["content-type"] = f"application/xml; charset={charset.group(1)}"
    return headers


def _require_feed_structure(parsed: Any, content: bytes, shown: str) -> None:
    """feedparser returns *something* for any input; insist it found a feed."""
    if parsed.get("version"):
        if parsed.get("bozo") and not parsed.entries and not parsed.feed.get("title"):
            raise FeedError(f"the feed at {shown} is unreadable: {_bozo_reason(parsed)}")
        return
    if parsed.entries:  # malformed and of no recognised version, yet items came out: usable
        return
    if _HTML_START.search(_sniffable_head(content)):
        what = "an HTML page, not a feed"
    else:
        what = "not an RSS or Atom feed"
    raise FeedError(f"the document at {shown} is {what}: it has no channel or entries")


def _bozo_reason(parsed: Any) -> str:
    error = parsed.get("bozo_exception")
    return str(error) if error else "malformed XML"


# --- Entries ---------------------------------------------------------------------------------


def _entry(raw: Any, source: str | None, feed_language: str | None) -> FeedEntry:
    title = _clean(raw.get("title"))
    link = _clean(raw.get("link")) or None
    summary = str(raw.get("summary") or "")
    content, content_type, content_language = _fullest_body(raw)
    language = content_language or feed_language
    return FeedEntry(
        key=_entry_key(raw, link, title, summary),
        title=title,
        link=link,
        published=_entry_date(raw, _local_zone(language)),
        content=content,
        content_type=content_type,
        source=source,
        language=content_language or feed_language,
    )


def _entry_key(raw: Any, link: str | None, title: str, summary: str) -> str:
    guid = _clean(raw.get("id"))
    if guid:
        return guid
    if link:
        return link
    digest = hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()
    return f"sha256:{digest[:32]}"


def _fullest_body(raw: Any) -> tuple[str, str, str | None]:
    """(body, media type, language): the longest of content:encoded / atom content / summary."""
    candidates: list[Any] = [*raw.get("content", [])]
    if raw.get("summary_detail"):
        candidates.append(raw["summary_detail"])
    elif raw.get("summary"):
        candidates.append({"value": raw["summary"], "type": "text/html"})
    if not candidates:
        return "", "text/plain", None
    best = max(candidates, key=lambda detail: len(str(detail.get("value") or "")))
    media_type = "text/plain" if best.get("type") == "text/plain" else "text/html"
    return str(best.get("value") or ""), media_type, _clean(best.get("language")) or None


def _entry_date(raw: Any, local_zone: ZoneInfo | None) -> datetime | None:
    """published, else updated, else created. feedparser's structs are in UTC, reading a time
    written without a zone as UTC; such a time is read in the feed's local zone instead, where
    its language names one (a Chinese feed's "2025-11-20 16:10" is Beijing time)."""
    present = raw.keys()  # the entry's own keys: feedparser maps a missing "updated" to
    for name in ("published", "updated", "created"):  # "published" with a warning
        parsed = raw.get(f"{name}_parsed") if f"{name}_parsed" in present else None
        if parsed is None:
            continue
        written = str(raw.get(name) or "")
        try:
            moment = datetime.fromtimestamp(timegm(parsed), tz=UTC)
            if local_zone is not None and written and not _WRITTEN_ZONE.search(written):
                moment = moment.replace(tzinfo=local_zone).astimezone(UTC)
        except (OverflowError, ValueError, OSError):
            continue  # a date out of range (year 1 moved back a few hours): try the next one
        return moment
    return None


# A written date that ends in a zone: "GMT", "+0800", "+08:00", "Z", "EST" (RFC 822 and ISO).
_WRITTEN_ZONE = re.compile(r"(?:[+-]\d{2}:?\d{2}|\d[Zz]|[ \d][A-Za-z]{1,5})\s*$")
# Languages whose feeds write local time: the zone a time without one is in.
_ZONES_BY_LANGUAGE: Final = {
    "zh": "Asia/Shanghai",
    "zh-cn": "Asia/Shanghai",
    "zh-hans": "Asia/Shanghai",
    "zh-sg": "Asia/Singapore",
    "zh-hk": "Asia/Hong_Kong",
    "zh-mo": "Asia/Macau",
    "zh-tw": "Asia/Taipei",
    "zh-hant": "Asia/Hong_Kong",
    "ja": "Asia/Tokyo",
    "ko": "Asia/Seoul",
}


def _local_zone(language: str | None) -> ZoneInfo | None:
    """The zone a feed in `language` writes its local times in, where one is clear."""
    if not language:
        return None
    parts = language.strip().lower().replace("_", "-").split("-")
    for length in range(len(parts), 0, -1):  # zh-hant-hk, then zh-hant, then zh
        name = _ZONES_BY_LANGUAGE.get("-".join(parts[:length]))
        if name:
            return ZoneInfo(name)
    return None


def _clean(value: object) -> str:
    return " ".join(str(value).split()) if value else ""


# --- Fetching --------------------------------------------------------------------------------


def fetch_feed(
    url: str,
    *,
    policy: FetchPolicy = DEFAULT_POLICY,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Feed:
    """Fetch and parse a feed; pass the previous Feed's etag / last_modified to skip unchanged
    feeds (then `not_modified` is True and `entries` is empty)."""
    fetched = fetch(url, policy=policy, etag=etag, last_modified=last_modified)
    if fetched.not_modified:
        return Feed(
            url=fetched.url,
            title=None,
            entries=(),
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            not_modified=True,
        )
    feed = parse_feed(fetched.content, url=fetched.url, content_type=fetched.content_type)
    return Feed(
        url=fetched.url,
        title=feed.title,
        entries=feed.entries,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        not_modified=False,
    )
