"""Reading articles from text, HTML and JSON into `model.Article`.

    read_article(source, *, reference_time=None, url=None, content_type=None, max_bytes=...)
    read_articles_jsonl(data, *, reference_time=None, max_bytes=...)

A `str` is text already decoded; `bytes` and `Path` are decoded by `encoding.decode_bytes`
(byte-order mark, UTF-8, then detection for Big5 / GB18030). A `Mapping` is a JSON object
already parsed. The kind of text is sniffed (a JSON object starts with "{", HTML has tags near
the top, anything else is plain text) unless `content_type` says it ("text/html",
"application/json", "text/plain"; a "charset=" parameter is tried first for bytes).

Whatever the kind, the body then loses its furniture (`boilerplate.strip_boilerplate`) and the
language is read from what is left (`language.detect_language`). Every failure is a
`MarketbuzzError` with a message for a person: EmptyInputError, BinaryInputError,
InputTooLargeError, DecodeError, MalformedInputError.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from marketbuzz.errors import (
    BinaryInputError,
    EmptyInputError,
    InputTooLargeError,
    MalformedInputError,
    MarketbuzzError,
)
from marketbuzz.model import Article, Boilerplate, Language, PublishedDate
from marketbuzz.read.boilerplate import strip_boilerplate
from marketbuzz.read.encoding import decode_bytes
from marketbuzz.read.jsonobj import fields_from_mapping, load_json_object
from marketbuzz.read.language import (
    DECISIVE_EVIDENCE,
    SAMPLE_CHARS,
    LanguageGuess,
    detect_language,
    map_language_tag,
)
from marketbuzz.read.plain import normalise_text, parse_plain

__all__ = ["DEFAULT_MAX_BYTES", "read_article", "read_articles_jsonl", "sniff_kind"]

DEFAULT_MAX_BYTES = 20_000_000
Source = str | bytes | Path | Mapping[str, object]
ReferenceTime = dt.datetime | dt.date | None

_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|article|main|section|p|div|span|br|meta|title|h[1-6]|"
    r"table|ul|ol|li|a\s|img|script|style)\b",
    re.IGNORECASE,
)
# An object's first key is quoted; "{快訊} 恒指高開" is text that happens to open with a brace.
_JSON_OPENING = re.compile(r"\{\s*(?:\"|\}|$)")
# Control characters, as UTF-8 bytes: each is one byte there and no byte of a longer sequence.
_NOT_CONTROL_BYTES = bytes(
    b for b in range(256) if not (b <= 0x08 or 0x0E <= b <= 0x1F or b == 0x7F)
)
_SNIFF_CHARS = 4096
# Script-specific characters needed to overrule a declared Chinese tag: what a window needs to
# decide the script on its own (language.py counts no further than a decisive window).
MIN_SCRIPT_EVIDENCE = DECISIVE_EVIDENCE
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


@dataclass(slots=True)
class _Parts:
    """What a reader found before the body is cleaned. (A slotted dataclass: built for every
    article, and compiled it is a native class, cheaper to build than a named tuple.)"""

    title: str
    body: str
    source: str | None
    published: PublishedDate | None
    url: str | None
    language_tag: str | None
    furniture: tuple[Boilerplate, ...] = ()


def read_article(
    source: Source,
    *,
    reference_time: ReferenceTime = None,
    url: str | None = None,
    content_type: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Read one article. See the module docstring; raises only `MarketbuzzError` subclasses."""
    if not isinstance(source, str) and isinstance(source, Mapping):
        return _finish(_from_mapping(source, reference_time), None, url)
    text, encoding = _load_text(source, max_bytes, content_type)
    return _read_text(text, encoding, reference_time, url, content_type)


def read_articles_jsonl(
    data: bytes | str | Path,
    *,
    reference_time: ReferenceTime = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | MarketbuzzError]:
    """One article per JSON line. A bad line yields its error (naming the line) and reading
    goes on; blank lines are skipped. Errors about the whole input (too large, binary, not
    decodable) are raised, since no line can be read."""
    text, _ = _load_text(data, max_bytes, None)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = load_json_object(line, line_number=number)
            yield _finish(_from_mapping(record, reference_time), None, None)
        except MarketbuzzError as error:
            message = error.message if f"line {number}" in error.message else None
            yield type(error)(message or f"line {number}: {error.message}")


def sniff_kind(text: str) -> str:
    """Say what `text` holds, "json", "html" or "text", from its first few thousand characters.

    JSON: an object opening ("{" then a quoted key). HTML: a common tag near the top.
    Anything else is plain text.
    """
    head = text[:_SNIFF_CHARS].lstrip("\ufeff \t\r\n\u3000")
    if head.startswith("{") and _JSON_OPENING.match(head):
        return "json"
    return "html" if "<" in head and _HTML_TAG.search(head) else "text"


def _load_text(source: object, max_bytes: int, content_type: str | None) -> tuple[str, str | None]:
    # `object`, not the union callers are typed with: untyped callers pass anything, and a
    # clear MalformedInputError must come out of the compiled module as of the source.
    if isinstance(source, str):
        _check_size(len(source), max_bytes, "characters")
        _check_text(source)
        return source, None
    if isinstance(source, Path):
        source = _read_file(source, max_bytes)
    if not isinstance(source, bytes | bytearray | memoryview):
        raise MalformedInputError(
            f"cannot read an article from a {type(source).__name__}; give text, bytes, a Path"
            " or a mapping"
        )
    data = bytes(source)
    _check_size(len(data), max_bytes, "bytes")
    if not data or data.isspace():
        raise EmptyInputError("the input is empty: there is no article to read")
    text, encoding = _decode(data, content_type)
    _check_text(text)
    return text, encoding


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        _check_size(size, max_bytes, "bytes")
        return path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise MarketbuzzError(f"cannot read the file {path}: {reason}") from None


def _decode(data: bytes, content_type: str | None) -> tuple[str, str]:
    declared = _CHARSET.search(content_type) if content_type else None
    return decode_bytes(data, declared.group(1) if declared else None)


def _check_size(size: int, max_bytes: int, unit: str) -> None:
    if size > max_bytes:
        raise InputTooLargeError(
            f"the input is {size:,} {unit}, over the limit of {max_bytes:,} bytes;"
            " split it or raise max_bytes"
        )


def _check_text(text: str) -> None:
    if not text or text.isspace():
        raise EmptyInputError("the input is empty or only white space: there is no article")
    sample = text[:_SNIFF_CHARS]
    if sample.isprintable():  # the common case of one line of text: no control character
        return
    if "\x00" in sample or _control_characters(sample) > 0.05 * len(sample):
        raise BinaryInputError(
            "the input holds NUL or control characters: it looks like binary data, not an article"
        )


def _control_characters(sample: str) -> int:
    """How many C0 control characters other than white space (and DEL) `sample` holds: the
    bytes left when every other byte of its UTF-8 form is deleted, counted in C."""
    return len(sample.encode("utf-8", "surrogatepass").translate(None, _NOT_CONTROL_BYTES))


def _read_text(
    text: str,
    encoding: str | None,
    reference_time: ReferenceTime,
    url: str | None,
    content_type: str | None,
) -> Article:
    kind = _kind_from_content_type(content_type) or sniff_kind(text)
    if kind == "json":
        parts = _from_mapping(load_json_object(text), reference_time)
    elif kind == "html":
        parts = _from_html(text, reference_time)
    else:
        parts = _from_plain(text, reference_time)
    return _finish(parts, encoding, url)


def _kind_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    media = content_type.split(";")[0].strip().lower()
    if "json" in media:
        return "json"
    if "html" in media or "xml" in media:
        return "html"
    if media.startswith("text") or media in ("plain", "txt"):
        return "text"
    return None


def _from_plain(text: str, reference_time: ReferenceTime) -> _Parts:
    plain = parse_plain(text, reference_time)
    return _Parts(
        plain.title, plain.body, plain.source, plain.published, None, None, plain.header_furniture
    )


def _from_html(html: str, reference_time: ReferenceTime) -> _Parts:
    from marketbuzz.read.html import parse_html

    page = parse_html(html, reference_time)
    return _Parts(page.title, page.body, page.source, page.published, None, page.language_tag)


def _from_mapping(record: Mapping[str, object], reference_time: ReferenceTime) -> _Parts:
    fields = fields_from_mapping(record, reference_time)
    body = fields.body
    if body and sniff_kind(body) == "html":
        from marketbuzz.read.html import fragment_text

        body = fragment_text(body)
    if fields.title is None:
        plain = parse_plain(body, reference_time)
        return _Parts(
            plain.title,
            plain.body,
            fields.source or plain.source,
            fields.published or plain.published,
            fields.url,
            fields.language_tag,
            plain.header_furniture,
        )
    return _Parts(
        fields.title,
        normalise_text(body).strip(),
        fields.source,
        fields.published,
        fields.url,
        fields.language_tag,
    )


def _finish(parts: _Parts, encoding: str | None, url: str | None) -> Article:
    cleaned = strip_boilerplate(parts.body)
    title = " ".join(parts.title.split()) if "\n" in parts.title else parts.title.strip()
    if not title and not cleaned.body:
        raise EmptyInputError("no article text was found in the input (no title and no body)")
    guess = detect_language(title + "\n" + cleaned.body[:SAMPLE_CHARS])
    return Article(
        title=title,
        body=cleaned.body,
        source=parts.source or cleaned.source,
        published=parts.published,
        language=_language(parts.language_tag, guess),
        hk_usage=guess.hk_usage,
        url=url or parts.url,
        encoding=encoding,
        boilerplate=parts.furniture + cleaned.boilerplate,
    )


def _language(declared_tag: str | None, guess: LanguageGuess) -> Language:
    """The characters decide; a declared tag (a feed's `language` field, <html lang>) decides
    only what they cannot: Chinese script when too few characters differ between the scripts,
    or a text too short to tell at all. Feeds often stamp every item with the site's default."""
    declared = map_language_tag(declared_tag) if declared_tag else None
    if declared is None:
        return guess.language
    if guess.language == "unknown":
        return declared
    script_evidence = guess.traditional + guess.simplified
    if (
        guess.language in ("zh-Hant", "zh-Hans")
        and declared in ("zh-Hant", "zh-Hans")
        and script_evidence < MIN_SCRIPT_EVIDENCE
    ):
        return declared
    return guess.language
