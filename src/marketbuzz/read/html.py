"""HTML pages: the main text and metadata through trafilatura, with an lxml fallback.

trafilatura finds the article among navigation, footers and share bars. It is run in precision
mode first (its recall mode pads short pages with their furniture), then in its default mode,
and when both give nothing, a plain lxml walk over paragraphs with page chrome removed takes
over. Pages larger than `MAX_EXTRACT_CHARS` skip trafilatura, whose cost grows quickly with page
size. Nothing here raises on malformed markup: every parser failure falls through to the next
method, and the last resort is the tag-stripped text.

The publication date is read from the page's own metadata (article:published_time, JSON-LD
datePublished, <time datetime>) so the raw string and its time zone are kept; trafilatura's
normalised date is the fallback.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from dataclasses import dataclass
from typing import Any

from marketbuzz.model import PublishedDate
from marketbuzz.read.dates import parse_date

MAX_EXTRACT_CHARS = 1_000_000  # about 3 s of trafilatura; news pages are a few hundred KB
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SCRIPT_STYLE = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{6,40})"')
_MANY_NEWLINES = re.compile(r"\n\s*\n+")
# Tags that end a paragraph (group 1 is set for <br>, a line break within one).
_BLOCK_TAG = re.compile(
    r"<(?:(br)\b[^>]*|/?(?:p|div|h[1-6]|li|ul|ol|blockquote|pre|tr|table|section|article|"
    r"header|footer|figure|figcaption)\b[^>]*)>",
    re.IGNORECASE,
)
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "article.published",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
)
_CHROME_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "template",
)
_CHROME_MARK = re.compile(
    r"share|social|related|recommend|comment|footer|nav|menu|sidebar|breadcrumb|advert|\bads?\b|"
    r"promo|subscribe|newsletter|cookie|popup|toolbar",
    re.IGNORECASE,
)
_BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td")


@dataclass(frozen=True, slots=True)
class HtmlParts:
    title: str
    body: str
    source: str | None
    published: PublishedDate | None
    language_tag: str | None


def parse_html(html: str, reference_time: dt.date | dt.datetime | None = None) -> HtmlParts:
    """Extract title, body, site name, date and declared language from `html`; never raises."""
    html = _XML_DECLARATION.sub("", html, count=1)
    tree = _parse_tree(html)
    meta = _metadata(tree, html)
    extracted = _trafilatura(html) if len(html) <= MAX_EXTRACT_CHARS else None
    title = _first(extracted, "title") or meta.get("title") or ""
    body = _first(extracted, "text") or _lxml_text(tree) or _stripped_text(html)
    body = _paragraphs(body)
    body = _drop_repeated_title(body, title)
    source = _first(extracted, "sitename") or meta.get("site") or None
    raw_date = meta.get("date") or _first(extracted, "date")
    published = parse_date(raw_date, reference_time) if raw_date else None
    return HtmlParts(title.strip(), body, source, published, meta.get("lang"))


def fragment_text(html: str) -> str:
    """The text of an HTML fragment that is all article (a feed's HTML body), paragraphs kept.

    trafilatura is made for whole pages and may drop parts of a bare fragment, so fragments
    are reduced by lxml alone: every block tag becomes a paragraph break, scripts and styles go.
    Never raises.
    """
    marked = _BLOCK_TAG.sub(lambda m: m.group(0) + ("\n" if m.group(1) else "\n\n"), html)
    tree = _parse_tree(f"<html><body>{marked}</body></html>")
    if tree is None:
        return _paragraphs(_stripped_text(html))
    try:
        for element in list(tree.iter("script", "style", "noscript", "template")):
            _drop(element)
        text = str(tree.text_content())
    except Exception:  # a broken tree: strip the tags instead
        text = _stripped_text(html)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


def _first(extracted: dict[str, Any] | None, key: str) -> str | None:
    if not extracted:
        return None
    value = extracted.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _trafilatura(html: str) -> dict[str, Any] | None:
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    for precision in (True, False):
        try:
            document = trafilatura.bare_extraction(
                html,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                favor_precision=precision,
            )
        except Exception:  # trafilatura and lxml raise many types on odd markup; fall through
            continue
        result = _as_dict(document)
        if result and isinstance(result.get("text"), str) and result["text"].strip():
            return result
    return None


def _as_dict(document: object) -> dict[str, Any] | None:
    if document is None:
        return None
    if isinstance(document, dict):
        return document
    as_dict = getattr(document, "as_dict", None)
    if callable(as_dict):
        result = as_dict()
        return result if isinstance(result, dict) else None
    return None


def _parse_tree(html: str) -> Any:
    try:
        # Imported by name: lxml ships no type stubs, and the tree is used dynamically anyway.
        lxml_html = importlib.import_module("lxml.html")
        return lxml_html.document_fromstring(html)
    except Exception:  # empty or hopeless markup: callers handle None
        return None


def _metadata(tree: Any, html: str) -> dict[str, str]:
    found: dict[str, str] = {}
    if tree is None:
        return found
    try:
        lang = tree.get("lang") or tree.get("xml:lang")
        if lang:
            found["lang"] = lang
        titles = tree.xpath("//meta[@property='og:title']/@content") or tree.xpath("//title/text()")
        if titles:
            found["title"] = str(titles[0]).strip()
        sites = tree.xpath("//meta[@property='og:site_name']/@content")
        if sites:
            found["site"] = str(sites[0]).strip()
        date = _meta_date(tree, html)
        if date:
            found["date"] = date
    except Exception:  # a broken tree: keep what was found
        return found
    return found


def _meta_date(tree: Any, html: str) -> str | None:
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META and meta.get("content"):
            return str(meta.get("content")).strip()
    jsonld = _JSONLD_DATE.search(html)
    if jsonld:
        return jsonld.group(1)
    for time in tree.iter("time"):
        if time.get("datetime"):
            return str(time.get("datetime")).strip()
    return None


def _lxml_text(tree: Any) -> str:
    """Paragraph text with page chrome removed; the fallback when trafilatura finds nothing."""
    if tree is None:
        return ""
    try:
        for element in list(tree.iter(*_CHROME_TAGS)):
            _drop(element)
        for element in list(tree.iter()):
            marks = f"{element.get('class') or ''} {element.get('id') or ''}"
            if marks.strip() and _CHROME_MARK.search(marks) and element.tag not in ("html", "body"):
                _drop(element)
        blocks = [" ".join(e.text_content().split()) for e in tree.iter(*_BLOCK_TAGS)]
        text = "\n\n".join(b for b in blocks if b)
        if not text:
            body = tree.find("body")
            text = (body if body is not None else tree).text_content()
    except Exception:  # a broken tree: the caller strips tags instead
        return ""
    return str(text).strip()


def _drop(element: Any) -> None:
    """Remove `element` but keep its tail: the text after a <script> is still article text."""
    if element.getparent() is not None:
        element.drop_tree()


def _stripped_text(html: str) -> str:
    import html as html_module

    return html_module.unescape(_TAG.sub("\n", _SCRIPT_STYLE.sub("", html))).strip()


def _paragraphs(text: str) -> str:
    """One paragraph a line in trafilatura's output; blank lines between them, as in plain text."""
    lines = [line.strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n\n".join(line for line in lines if line)).strip()


def _drop_repeated_title(body: str, title: str) -> str:
    if title and body.startswith(title):
        rest = body[len(title) :]
        if not rest.strip() or rest.startswith("\n"):
            return rest.strip()
    return body
