"""Articles given as JSON objects (an API record, one line of a JSONL dump).

Field names vary by feed, so each field is looked up under its common names, case-insensitively:
title/headline, body/content/text, source/site/publisher, published/date/published_at/time,
url/link, language/lang. A body that is HTML is reduced to its text; a feed with no title field
has its body read like a plain-text article (title and header lines first).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

from marketbuzz.errors import MalformedInputError
from marketbuzz.model import PublishedDate

_TITLE_KEYS = ("title", "headline", "heading", "subject", "name")
_BODY_KEYS = (
    "body",
    "content",
    "text",
    "article",
    "articlebody",
    "article_body",
    "maintext",
    "description",
    "summary",
)
_SOURCE_KEYS = (
    "source",
    "site",
    "publisher",
    "sitename",
    "site_name",
    "source_name",
    "provider",
    "media",
)
_DATE_KEYS = (
    "published",
    "published_at",
    "publishedat",
    "publish_time",
    "publishtime",
    "pubdate",
    "pub_date",
    "date",
    "datepublished",
    "datetime",
    "time",
    "timestamp",
    "created_at",
    "createdat",
)
_URL_KEYS = ("url", "link", "href", "canonical_url")
_LANGUAGE_KEYS = ("language", "lang", "locale")
_MS_EPOCH_THRESHOLD = 100_000_000_000  # larger epoch numbers are milliseconds


@dataclass(frozen=True, slots=True)
class JsonFields:
    title: str | None
    body: str
    source: str | None
    published: PublishedDate | None
    url: str | None
    language_tag: str | None


def load_json_object(text: str, line_number: int | None = None) -> Mapping[str, object]:
    """Parse `text` as one JSON object; MalformedInputError says where it broke.

    `line_number` is the line of a JSONL file that `text` came from, for the message.
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        line = error.lineno if line_number is None else line_number
        raise MalformedInputError(
            f"the input is not valid JSON: {error.msg.lower()} (line {line},"
            f" column {error.colno}, character {error.pos})"
        ) from None
    except RecursionError:
        raise MalformedInputError("the JSON input is nested too deeply to read") from None
    if not isinstance(value, dict):
        raise MalformedInputError(
            f"expected one JSON object (an article), found a JSON {type(value).__name__};"
            " for one article per line use read_articles_jsonl"
        )
    return value


def fields_from_mapping(
    record: Mapping[str, object], reference_time: dt.date | dt.datetime | None = None
) -> JsonFields:
    """Pick the article fields out of `record`; never raises."""
    lowered = {str(key).lower(): value for key, value in record.items()}
    title = _text(_pick(lowered, _TITLE_KEYS))
    body = _text(_pick(lowered, _BODY_KEYS)) or ""
    source = _source(_pick(lowered, _SOURCE_KEYS))
    published = _date(_pick(lowered, _DATE_KEYS), reference_time)
    url = _text(_pick(lowered, _URL_KEYS))
    language = _text(_pick(lowered, _LANGUAGE_KEYS))
    return JsonFields(title, body, source, published, url, language)


def _pick(record: Mapping[str, object], keys: tuple[str, ...]) -> object:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        joined = "\n\n".join(item.strip() for item in value if item.strip())
        return joined or None
    return None


def _source(value: object) -> str | None:
    """A source may be a string or an object such as {"name": "Reuters", "id": "reuters"}."""
    if isinstance(value, Mapping):
        for key in ("name", "title", "id"):
            if isinstance(value.get(key), str) and value[key].strip():
                return str(value[key]).strip()
        return None
    return _text(value)


def _date(value: object, reference_time: dt.date | dt.datetime | None) -> PublishedDate | None:
    from marketbuzz.read.dates import parse_date

    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _epoch(value)
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.isdigit() and len(stripped) >= 9:
            return _epoch(int(stripped))
        return parse_date(stripped, reference_time)
    return None


def _epoch(number: float) -> PublishedDate | None:
    seconds = number / 1000 if number > _MS_EPOCH_THRESHOLD else number
    try:
        value = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return PublishedDate(raw=str(number), value=value, month=value.month, day=value.day)
