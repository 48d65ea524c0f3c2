"""Feeds: parsing RSS/Atom (content, dates, encodings), refusing hostile XML, and fetching
with ETag / Last-Modified from a real loopback server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from marketbuzz.ingest.feeds import FeedError, fetch_feed, looks_like_feed, parse_feed
from marketbuzz.ingest.fetch import FetchPolicy
from tests.httpserver import LoopbackServer, serve

LOOPBACK = FetchPolicy(allow_hosts=frozenset({"127.0.0.1"}), timeout=2.0)
URL = "https://news.example.com/rss.xml"

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Market Wire</title>
  <link>https://news.example.com/</link>
  <language>en-us</language>
  <item>
    <title>Tencent rises 3% on results</title>
    <link>/markets/tencent-results</link>
    <guid isPermaLink="false">wire-2026-0001</guid>
    <pubDate>Tue, 01 Dec 2026 16:30:00 +0800</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>Tencent (0700.HK) rose <b>3%</b>.</p>]]></content:encoded>
  </item>
  <item>
    <title>No guid here</title>
    <link>https://news.example.com/markets/no-guid</link>
    <description>Only a summary.</description>
  </item>
  <item>
    <title>Neither guid nor link</title>
    <description>Plain body</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Atom Markets</title>
  <id>urn:uuid:feed</id>
  <updated>2026-12-01T10:00:00Z</updated>
  <entry>
    <title>HSBC cuts target</title>
    <id>urn:uuid:entry-1</id>
    <link rel="alternate" href="https://atom.example.com/hsbc"/>
    <updated>2026-12-01T09:15:00-05:00</updated>
    <summary>Brief.</summary>
    <content type="html">&lt;p&gt;HSBC cut its target on the stock to 80.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Plain text entry</title>
    <id>urn:uuid:entry-2</id>
    <updated>2026-12-01T08:00:00Z</updated>
    <content type="text">Just words.</content>
  </entry>
</feed>
"""

BIG5_TITLE = "騰訊控股股價上漲，恆生指數報升"
BIG5_RSS = f"""<?xml version="1.0" encoding="big5"?>
<rss version="2.0"><channel><title>香港財經新聞</title><language>zh-TW</language>
<item><title>{BIG5_TITLE}</title><link>https://hk.example.com/1</link>
<description>港股今日個別發展。</description></item>
</channel></rss>
""".encode("big5")

GB2312_RSS = """<?xml version="1.0" encoding="gb2312"?>
<rss version="2.0"><channel><title>财经快讯</title>
<item><title>贵州茅台股价上涨</title><guid>cn-1</guid><description>白酒板块走强。</description></item>
</channel></rss>
""".encode("gb2312")

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title>
<item><title>&lol3;</title></item></channel></rss>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>x</title>
<item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>
"""

# Malformed (unescaped ampersand, unclosed <b>) so the XML parser stops early, and the entity
# declaration comes after that point: the textual check must still refuse it.
MALFORMED_WITH_ENTITY = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>AT&T <b>news</title>
<!DOCTYPE x [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<item><title>&xxe;</title></item></channel></rss>
"""

MALFORMED_RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Sloppy & Sons Markets</title>
<item><title>AT&T beats estimates as S&P 500 &amp; Dow rise &copy;</title>
<link>https://sloppy.example.com/att</link>
<description>Shares <b>jumped</description>
<content:encoded><![CDATA[<p>S&P and AT&T &amp; more</p>]]></content:encoded></item>
<item><title>Second story</title><guid>sloppy-2</guid></item>
</channel></rss>
"""

HTML_PAGE = b"""<!DOCTYPE html>
<html><head><title>Markets today</title></head>
<body><h1>Stocks</h1><p>Tencent rose 3%.</p></body></html>
"""


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with serve() as running:
        yield running


def test_rss_with_content_encoded_and_guid() -> None:
    feed = parse_feed(RSS.encode(), url=URL)
    assert feed.title == "Market Wire"
    assert feed.url == URL
    first, second, third = feed.entries
    assert first.key == "wire-2026-0001"
    assert first.title == "Tencent rises 3% on results"
    assert first.link == "https://news.example.com/markets/tencent-results"  # resolved
    assert first.published == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    assert first.content == "<p>Tencent (0700.HK) rose <b>3%</b>.</p>"
    assert first.content_type == "text/html"
    assert first.source == "Market Wire"
    assert first.language == "en-us"
    assert second.key == "https://news.example.com/markets/no-guid"  # no guid: the link
    assert second.content == "Only a summary."
    assert second.published is None
    assert third.key.startswith("sha256:")  # neither: a hash of title and summary
    assert third.link is None
    assert parse_feed(RSS.encode(), url=URL).entries[2].key == third.key  # stable


def test_atom_with_content_and_updated() -> None:
    feed = parse_feed(ATOM.encode(), url="https://atom.example.com/feed")
    assert feed.title == "Atom Markets"
    hsbc, plain = feed.entries
    assert hsbc.key == "urn:uuid:entry-1"
    assert hsbc.link == "https://atom.example.com/hsbc"
    assert hsbc.published == datetime(2026, 12, 1, 14, 15, tzinfo=UTC)
    assert hsbc.published.tzinfo is UTC
    assert hsbc.content == "<p>HSBC cut its target on the stock to 80.</p>"
    assert hsbc.content_type == "text/html"
    assert hsbc.language == "en"
    assert plain.content == "Just words."
    assert plain.content_type == "text/plain"


def test_big5_rss_decodes_traditional_chinese() -> None:
    feed = parse_feed(BIG5_RSS, url=URL)
    assert feed.title == "香港財經新聞"
    (entry,) = feed.entries
    assert entry.title == BIG5_TITLE
    assert entry.content == "港股今日個別發展。"
    assert entry.language == "zh-TW"


def test_gb2312_rss_decodes_simplified_chinese() -> None:
    feed = parse_feed(GB2312_RSS, url=URL)
    assert feed.title == "财经快讯"
    assert feed.entries[0].title == "贵州茅台股价上涨"
    # An RSS guid is a permalink unless it says otherwise, so it resolves against the feed URL.
    assert feed.entries[0].key == "https://news.example.com/cn-1"


def test_http_charset_used_when_the_document_declares_none() -> None:
    undeclared = BIG5_RSS.replace(b' encoding="big5"', b"")
    feed = parse_feed(undeclared, url=URL, content_type="application/rss+xml; charset=big5")
    assert feed.entries[0].title == BIG5_TITLE


def _dated_rss(language: str, written: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>快訊</title><language>{language}</language>
<item><title>小米午前升10%</title><link>https://news.example.com/a</link>
<pubDate>{written}</pubDate><description>小米集團午前升10%</description></item>
</channel></rss>""".encode()


@pytest.mark.parametrize(
    ("language", "written", "utc"),
    [
        # A time written without a zone is local time where the feed's language names a zone.
        ("zh-cn", "2025-11-20 16:10:00", datetime(2025, 11, 20, 8, 10, tzinfo=UTC)),
        ("zh-HK", "2025-11-20 16:10:00", datetime(2025, 11, 20, 8, 10, tzinfo=UTC)),
        ("ja", "2025-11-20 16:10:00", datetime(2025, 11, 20, 7, 10, tzinfo=UTC)),
        # A written zone always wins; a language without a clear zone keeps UTC.
        ("zh-cn", "Thu, 20 Nov 2025 16:10:00 +0800", datetime(2025, 11, 20, 8, 10, tzinfo=UTC)),
        ("zh-cn", "Thu, 20 Nov 2025 08:10:00 GMT", datetime(2025, 11, 20, 8, 10, tzinfo=UTC)),
        ("zh-cn", "2025-11-20T08:10:00Z", datetime(2025, 11, 20, 8, 10, tzinfo=UTC)),
        ("en-us", "2025-11-20 16:10:00", datetime(2025, 11, 20, 16, 10, tzinfo=UTC)),
        # The longest tag the table knows: zh-Hant-HK is Hong Kong, not zh's Beijing (same hour).
        ("zh-Hant-HK", "2025-11-20 16:10:00", datetime(2025, 11, 20, 8, 10, tzinfo=UTC)),
        ("", "2025-11-20 16:10:00", datetime(2025, 11, 20, 16, 10, tzinfo=UTC)),
        ("--", "2025-11-20 16:10:00", datetime(2025, 11, 20, 16, 10, tzinfo=UTC)),
    ],
)
def test_a_time_without_a_zone_is_read_in_the_feeds_local_zone(
    language: str, written: str, utc: datetime
) -> None:
    (entry,) = parse_feed(_dated_rss(language, written), url=URL).entries
    assert entry.published == utc


def test_a_local_time_out_of_range_leaves_the_entry_undated() -> None:
    (entry,) = parse_feed(_dated_rss("zh-cn", "0001-01-01 00:00:00"), url=URL).entries
    assert entry.published is None
    assert entry.title == "小米午前升10%"


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, EXTERNAL_ENTITY, MALFORMED_WITH_ENTITY])
def test_entity_declarations_are_refused(hostile: bytes) -> None:
    with pytest.raises(FeedError, match=r"refused the feed at .*declares XML entities"):
        parse_feed(hostile, url=URL)


def test_entity_refusal_also_in_utf16() -> None:
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(EXTERNAL_ENTITY.decode().encode("utf-16"), url=URL)


def test_rss_091_doctype_without_entities_is_fine() -> None:
    netscape = RSS.replace(
        '<rss version="2.0"',
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="2.0"',
    )
    assert len(parse_feed(netscape.encode(), url=URL).entries) == 3


def test_malformed_but_readable_rss_is_accepted() -> None:
    feed = parse_feed(MALFORMED_RSS, url=URL)
    titles = [entry.title for entry in feed.entries]
    assert titles == ["AT&T beats estimates as S&P 500 & Dow rise ©", "Second story"]
    assert feed.title == "Sloppy & Sons Markets"
    assert feed.entries[0].content == "<p>S&amp;P and AT&amp;T &amp; more</p>"  # CDATA untouched
    assert feed.entries[0].link == "https://sloppy.example.com/att"


def test_html_page_is_not_a_feed() -> None:
    with pytest.raises(FeedError, match="HTML page"):
        parse_feed(HTML_PAGE, url="https://news.example.com/")


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n", b'{"items": [1, 2]}', b"just some words", b"<note><to>x</to></note>"],
)
def test_non_feeds_are_refused(content: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(content, url=URL)


def test_bytes_that_look_like_a_path_are_not_opened_as_a_file() -> None:
    """feedparser opens a bytes argument as a file name; we must hand it a stream."""
    with pytest.raises(FeedError):
        parse_feed(b"/etc/hostname", url=URL)


def test_http_charset_used_even_when_the_server_says_html() -> None:
    undeclared = GB2312_RSS.replace(b' encoding="gb2312"', b"")
    feed = parse_feed(undeclared, url=URL, content_type="text/html; charset=GB2312")
    assert feed.entries[0].title == "贵州茅台股价上涨"


def test_credentials_are_not_copied_into_resolved_links() -> None:
    feed = parse_feed(RSS.encode(), url="https://bob:hunter2@news.example.com/rss.xml")
    assert feed.entries[0].link == "https://news.example.com/markets/tencent-results"


def test_credentials_are_stripped_from_feed_messages() -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(HTML_PAGE, url="https://bob:hunter2@news.example.com/rss")
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        (RSS.encode(), "application/rss+xml", True),
        (RSS.encode(), "text/xml", True),
        (RSS.encode(), None, True),
        (ATOM.encode(), "application/xml", True),
        (ATOM.encode(), "text/plain", True),
        (BIG5_RSS, None, True),
        (ATOM.encode("utf-16"), None, True),
        (
            b'<?xml version="1.0"?><!-- a comment --><rdf:RDF'
            b' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            b' xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>',
            None,
            True,
        ),
        (b"<html><body>x</body></html>", "application/atom+xml", False),  # a page, mislabelled
        (RSS.encode(), "text/html; charset=utf-8", True),  # a feed, mislabelled
        (b"<?xml version='1.0'?><odd/>", "application/rss+xml", True),  # the type decides
        (HTML_PAGE, "text/html", False),
        (HTML_PAGE, None, False),
        (b'{"version": "https://jsonfeed.org/version/1", "items": []}', None, False),
        (b'{"items": []}', "application/json", False),
        (
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            b"<rdf:Description/></rdf:RDF>",
            "application/xml",
            False,
        ),
        (b"", None, False),
    ],
)
def test_looks_like_feed(content: bytes, content_type: str | None, expected: bool) -> None:
    assert looks_like_feed(content, content_type) is expected


def test_fetch_feed_with_etag_round_trip(server: LoopbackServer) -> None:
    server.route(
        "/rss.xml",
        body=RSS,
        content_type="application/rss+xml; charset=utf-8",
        etag='"feed-v1"',
        last_modified="Tue, 01 Dec 2026 08:00:00 GMT",
    )
    first = fetch_feed(server.url("/rss.xml"), policy=LOOPBACK)
    assert not first.not_modified
    assert len(first.entries) == 3
    assert first.etag == '"feed-v1"'
    assert first.last_modified == "Tue, 01 Dec 2026 08:00:00 GMT"
    # Relative links resolve against the URL the feed was fetched from.
    assert first.entries[0].link == server.url("/markets/tencent-results")
    again = fetch_feed(
        server.url("/rss.xml"),
        policy=LOOPBACK,
        etag=first.etag,
        last_modified=first.last_modified,
    )
    assert again.not_modified
    assert again.entries == ()
    assert again.etag == '"feed-v1"'
    assert server.requests_to("/rss.xml")[1].headers["if-none-match"] == '"feed-v1"'


def test_fetch_feed_refuses_hostile_feed_from_server(server: LoopbackServer) -> None:
    server.route("/evil.xml", body=BILLION_LAUGHS, content_type="application/rss+xml")
    with pytest.raises(FeedError, match="declares XML entities"):
        fetch_feed(server.url("/evil.xml"), policy=LOOPBACK)


def test_fetch_feed_of_an_html_page_is_a_feed_error(server: LoopbackServer) -> None:
    server.route("/", body=HTML_PAGE, content_type="text/html; charset=utf-8")
    with pytest.raises(FeedError, match="HTML page"):
        fetch_feed(server.url("/"), policy=LOOPBACK)
