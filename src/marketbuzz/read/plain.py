"""Plain-text articles: title, a short header (source, date, byline), then the body.

The layout news apps and copy-paste produce::

    人工智能,突發!啱啱,崩跌!        <- title: the first non-empty line

    券商中國                         <- optional header lines: a source, a date, a byline,
    10/08                               "来源：财联社", "发布时间：2025-10-08 09:30"

      人工智能,跌了。                 <- the body: indentation removed, otherwise verbatim

A first line longer than `MAX_TITLE_CHARS` (`MAX_LATIN_TITLE_CHARS` for an English line), or a
text of one line, has no title: all of it is
body. A short header line is taken as a source only when the header also holds a date or a
byline, or when the line looks like a publisher's name (ends in 社, 网, 报, News, Times...), so
a short sub-heading at the top of a body without a header is not mistaken for a source.
English wire stories open their body with a dateline, "NEW YORK, Oct 8 (Reuters) -"; it gives
the source and the date and is taken out of the body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from marketbuzz.model import Boilerplate, PublishedDate
from marketbuzz.read.dates import parse_date, search_date
from marketbuzz.text.fold import fold

MAX_TITLE_CHARS = 60
MAX_LATIN_TITLE_CHARS = 120  # English headlines run longer in characters than Chinese ones
MAX_HEADER_LINES = 4
MAX_SOURCE_CHARS = 30

_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029")
_INDENT_CHARS = " \t\u3000\xa0\ufeff"
# Indentation after each line break; "\n" first lets the regex engine skip ahead to candidates.
_INDENT = re.compile(f"\n[{_INDENT_CHARS}]+")
_SENTENCE_PUNCTUATION = re.compile(r"[。！？!?，,；;、\"“”「」]|\.\s")
_BYLINE = re.compile(
    r"(?:by|from)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}){0,3}"
    r"(?:\s*[|,/]\s*[A-Za-z ]{1,30})?\s*$",
    re.IGNORECASE,
)
_CHINESE_BYLINE = re.compile(
    r"(?:记者|作者|撰文|文|编辑|责任编辑)\s*[:：|｜丨]?\s*[^\s。，,]{1,20}(?:\s+\S{1,20}){0,2}$"
)
_LABELLED_SOURCE = re.compile(r"(?:来源|出处|source)\s*[:：]\s*(?P<value>.{1,40})$", re.IGNORECASE)
_LABELLED_DATE = re.compile(
    r"(?:发布时间|发布日期|发表时间|更新时间|时间|日期|published|updated|posted|date)\s*[:：]?\s*"
    r"(?P<value>.{1,60})$",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    r"(?:星期[一二三四五六日天]|周[一二三四五六日天]|礼拜[一二三四五六日天]|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tue|wed|thu|fri|sat|sun)\b\.?|"
    r"发布时间|发布日期|发表时间|更新时间|发布于|发表于|更新于|发布|更新|时间|日期|"
    r"\b(?:published|updated|posted|date|on|at)\b|\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)\s*[:：]?",
    re.IGNORECASE,
)
_SEPARATORS = " |丨｜·•-—,，:：/"
# What a publisher's name ends in. Chinese: the kinds of outlet (社, 网, 报, 财经...) and a few
# house names; English: the common mastheads and wires. Ordinary sub-heading words (消息, 科技)
# are left out on purpose: "阿里大消息" is a heading, not a source.
_PUBLISHER_NAME = re.compile(
    r"(?:社|网|报|电视台|电台|新闻|财经|证券|周刊|中国|资讯|快讯|通讯|传媒|在线|头条|智库|研究院|"
    r"格隆汇|华尔街见闻|雪球|东方财富|金十数据|富途牛牛|36氪|澎湃|同花顺|经济通)$"
    r"|\b(?:app|news|times|journal|post|wire|reuters|bloomberg|cnbc|press|herald|tribune|insider|"
    r"barron's|marketwatch|media|street|finance|markets|daily|weekly|review|capital|fool|alpha|"
    r"benzinga|zacks|wsj|ft|ap|afp|xinhua|caixin|nikkei|scmp|yicai)$|\.com$",
    re.IGNORECASE,
)
_WIRE_DATELINE = re.compile(
    r"(?:(?P<place>[A-Z][A-Z .'/&-]{1,40}?)(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?\s*)?"
    r"\((?P<agency>[A-Z][A-Za-z .&]{1,30})\)\s*[-–—]{1,2}\s*"
)


@dataclass(slots=True)
class PlainParts:
    """What `parse_plain` found. (A slotted dataclass, not frozen: built for every article, it
    costs less than a named tuple, and compiled it is a native class.)"""

    title: str
    body: str
    source: str | None
    published: PublishedDate | None
    header_furniture: tuple[Boilerplate, ...]  # bylines and datelines taken out of the text


@dataclass(slots=True)
class _Header:
    source: str | None = None
    published: PublishedDate | None = None
    bylines: list[str] | None = None
    strong: bool = False  # holds a date, a byline or a labelled field: a real header


def normalise_text(text: str) -> str:
    """Unify line breaks and remove each line's leading indentation."""
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = _NEWLINES.sub("\n", text)
    text = text.lstrip(_INDENT_CHARS)
    return _INDENT.sub("\n", text) if "\n" in text else text


def parse_plain(text: str, reference_time: dt.date | dt.datetime | None = None) -> PlainParts:
    """Split a plain-text article into title, header fields and body; never raises."""
    normalised = normalise_text(text).strip()
    lines = normalised.split("\n")
    title = lines[0].strip()  # the text is stripped: its first line is not blank
    has_more = len(lines) > 1  # ...and, having a line break, holds a second non-blank line
    if not title or not has_more or not _is_title(title) or _WIRE_DATELINE.match(title):
        return _with_dateline(
            "",
            normalised,
            source=None,
            published=None,
            furniture=[],
            reference_time=reference_time,
        )
    header, body_start = _read_header(lines, 1, reference_time)
    body = "\n".join(lines[body_start:]).strip()
    furniture = [Boilerplate("other", line) for line in header.bylines or []]
    return _with_dateline(
        title,
        body,
        source=header.source,
        published=header.published,
        furniture=furniture,
        reference_time=reference_time,
    )


def _is_title(line: str) -> bool:
    """Short enough to be a headline (60 characters, 120 for a line in Latin script) and not a
    finished Chinese sentence: headlines do not end in a full stop "。"."""
    limit = MAX_LATIN_TITLE_CHARS if line.isascii() else MAX_TITLE_CHARS
    return len(line) <= limit and not line.endswith("。")


def _read_header(
    lines: list[str], start: int, reference_time: dt.date | dt.datetime | None
) -> tuple[_Header, int]:
    """Read header lines after the title; return the header and where the body starts."""
    header = _Header()
    accepted_end = start
    seen = 0
    index = start
    while index < len(lines) and seen < MAX_HEADER_LINES:
        line = lines[index].strip()
        index += 1
        if not line:
            continue
        seen += 1
        if not _take_header_line(line, header, reference_time):
            break
        accepted_end = index
    if accepted_end == start:
        return _Header(), start
    if not header.strong and not _looks_like_publisher(header.source):
        return _Header(), start
    return header, accepted_end


def _looks_like_publisher(source: str | None) -> bool:
    if source is None:
        return False
    folded = fold(source).lower()
    return bool(_PUBLISHER_NAME.search(folded))


def _take_header_line(
    line: str, header: _Header, reference_time: dt.date | dt.datetime | None
) -> bool:
    """Record `line` in `header` if it is a header line; False when it is body text."""
    folded = fold(line)
    if not _is_title(line):
        return False
    if (labelled := _LABELLED_SOURCE.match(folded)) is not None and header.source is None:
        header.source = line[labelled.start("value") :].strip()
        header.strong = True
        return True
    if (labelled := _LABELLED_DATE.match(folded)) is not None and header.published is None:
        parsed = parse_date(line[labelled.start("value") :], reference_time)
        if parsed is not None:
            header.published, header.strong = parsed, True
            return True
    if header.published is None and (parsed := parse_date(line, reference_time)) is not None:
        header.published, header.strong = parsed, True
        return True
    if _BYLINE.fullmatch(line) or _CHINESE_BYLINE.fullmatch(folded):
        header.bylines = [*(header.bylines or []), line]
        header.strong = True
        found = search_date(line, reference_time) if header.published is None else None
        if found is not None:  # "作者：張三 | 2025-10-08"
            header.published = found[0]
        return True
    return _take_source_line(line, header, reference_time)


def _take_source_line(
    line: str, header: _Header, reference_time: dt.date | dt.datetime | None
) -> bool:
    """A publisher's name, alone or beside a date ("財聯社 2025-10-08 09:30",
    "2025年10月8日 星期三 來源：經濟通")."""
    found = search_date(line, reference_time) if header.published is None else None
    if found is None:
        if header.source is None and _is_source_name(line):
            header.source = line
            return True
        return False
    parsed, start, end = found
    rest = _without_date_words(line[:start] + " " + line[end:])
    source = _source_in(rest) if rest else None
    if rest and source is None:
        return False
    header.published, header.strong = parsed, True
    if source and header.source is None:
        header.source = source
    return True


def _without_date_words(text: str) -> str:
    """`text` without weekday names, date labels and separators, in its own script."""
    folded = fold(text)
    kept = list(text)
    for match in _DATE_WORDS.finditer(folded):
        kept[match.start() : match.end()] = " " * (match.end() - match.start())
    return " ".join("".join(kept).split()).strip(_SEPARATORS)


def _source_in(rest: str) -> str | None:
    labelled = _LABELLED_SOURCE.match(fold(rest))
    if labelled is not None:
        value = rest[labelled.start("value") :].strip(_SEPARATORS)
        return value or None
    return rest if _is_source_name(rest) else None


def _is_source_name(line: str) -> bool:
    if len(line) > MAX_SOURCE_CHARS or _SENTENCE_PUNCTUATION.search(line):
        return False
    if not any(ch.isalpha() for ch in line):
        return False
    return len(line.split()) <= 5


def _with_dateline(
    title: str,
    body: str,
    *,
    source: str | None,
    published: PublishedDate | None,
    furniture: list[Boilerplate],
    reference_time: dt.date | dt.datetime | None,
) -> PlainParts:
    """Take a wire dateline ("NEW YORK, Oct 8 (Reuters) -") off the front of the body."""
    # A dateline opens with its place in capitals or with the agency's bracket.
    dateline = _WIRE_DATELINE.match(body) if body[:1].isupper() or body[:1] == "(" else None
    if dateline is not None and dateline.end() < len(body):
        source = source or dateline.group("agency").strip()
        if published is None and dateline.group("date"):
            published = parse_date(dateline.group("date"), reference_time)
        furniture = [*furniture, Boilerplate("source_line", dateline.group(0).strip())]
        body = body[dateline.end() :]
    return PlainParts(title, body, source, published, tuple(furniture))
