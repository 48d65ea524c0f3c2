"""Finding and resolving publication dates written in Chinese and English.

`parse_date(raw, reference_time)` reads one date string the way news pages print them:
``2025-10-08``, ``2025/10/08 09:30``, ``2025-10-08T09:30:00+08:00``, ``2025年10月8日``,
``10月8日 09:30``, ``10/08``, ``Oct 8, 2025``, ``8 Oct 2025``, ``Wednesday, October 8, 2025
10:32 AM``, and relative forms (``3 hours ago``, ``昨天``, ``5分鐘前``).

The year rule. Apps and wires often print a date without its year ("10/08", "Oct 8"). We never
guess that year silently: with no reference time the result keeps month and day and `value` is
None. With a reference time we take the reference's year, and if that puts the date more than
`FUTURE_TOLERANCE` ahead of the reference we take the previous year instead: an article cannot
be published after it is read, and "12/30" read on 3 January belongs to the year before. The
two days of tolerance absorb time zones (a reference in UTC, an article dated in Hong Kong) and
articles dated for the next trading day.

Relative dates need a reference time; without one `value` is None and only `raw` is kept.
Time zones are kept when the string gives one (an offset, Z/UTC/GMT, or a common abbreviation
such as HKT or ET); a naive datetime means the string gave none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from marketbuzz.model import PublishedDate
from marketbuzz.text.fold import fold

FUTURE_TOLERANCE = dt.timedelta(days=2)

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_NAME = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
# Fixed offsets for the abbreviations market news uses. US Eastern is given its usual offsets;
# "ET" alone is ambiguous between EST and EDT, so it is resolved by the date (DST approximated
# as second Sunday of March to first Sunday of November).
_ZONE_OFFSETS = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "hkt": 8 * 60,
    "cst": 8 * 60,  # in Chinese market news CST is China Standard Time
    "bjt": 8 * 60,
    "北京时间": 8 * 60,
    "香港时间": 8 * 60,
    "sgt": 8 * 60,
    "jst": 9 * 60,
    "bst": 60,
    "cet": 60,
    "cest": 120,
    "est": -5 * 60,
    "edt": -4 * 60,
    "pst": -8 * 60,
    "pdt": -7 * 60,
}
_ZONE = (
    r"(?:\s*(?P<tz>[+-]\d{2}:?\d{2}|z\b|utc(?:[+-]\d{1,2}(?::?\d{2})?)?|gmt(?:[+-]\d{1,2})?"
    r"|hkt|cst|bjt|sgt|jst|bst|cest|cet|est|edt|pst|pdt|et\b|北京时间|香港时间))?"
)
_TIME = (
    r"(?:(?:\s*t|\s+|,\s*|\s*at\s+)?(?P<hour>\d{1,2})[:：](?P<minute>\d{2})(?:[:：](?P<second>\d{2}))?"
    r"(?:\.\d+)?(?:\s*(?P<ampm>[ap]\.?m\.?))?" + _ZONE + r")?"
)
_DAY_SUFFIX = r"(?:st|nd|rd|th)?"

# Each pattern matches the folded, lower-cased string from its start; names say which fields.
_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # 2025-10-08, 2025/10/08, 2025.10.08, with optional time and zone
        r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})" + _TIME,
        # 2025年10月8日 09:30
        r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]?" + _TIME,
        # 10月8日 09:30
        r"(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]?" + _TIME,
        # 10/08/2025 (month first unless the first number cannot be a month)
        r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>\d{4})" + _TIME,
        # 10/08 or 10-08 with optional time
        r"(?P<month>\d{1,2})[/-](?P<day>\d{1,2})(?![/\d])" + _TIME,
        # Wednesday, October 8, 2025 10:32 AM ET ; Oct 8 ; Oct. 8th 2025
        _WEEKDAY
        + _MONTH_NAME
        + r"\s+(?P<day>\d{1,2})"
        + _DAY_SUFFIX
        + r"(?:,?\s+(?P<year>\d{4}))?"
        + _TIME,
        # 8 October 2025 ; 8 Oct
        _WEEKDAY
        + r"(?P<day>\d{1,2})"
        + _DAY_SUFFIX
        + r"\s+"
        + _MONTH_NAME
        + r"(?:,?\s+(?P<year>\d{4}))?"
        + _TIME,
    )
)

_DIGIT = re.compile(r"\d")  # any decimal digit, as \d in the patterns: full-width ones too

_RELATIVE_UNITS: dict[str, dt.timedelta] = {
    "second": dt.timedelta(seconds=1),
    "sec": dt.timedelta(seconds=1),
    "秒": dt.timedelta(seconds=1),
    "minute": dt.timedelta(minutes=1),
    "min": dt.timedelta(minutes=1),
    "分钟": dt.timedelta(minutes=1),
    "hour": dt.timedelta(hours=1),
    "hr": dt.timedelta(hours=1),
    "小时": dt.timedelta(hours=1),
    "个小时": dt.timedelta(hours=1),
    "day": dt.timedelta(days=1),
    "天": dt.timedelta(days=1),
    "日": dt.timedelta(days=1),
    "week": dt.timedelta(weeks=1),
    "周": dt.timedelta(weeks=1),
    "星期": dt.timedelta(weeks=1),
}
_RELATIVE_AGO = re.compile(
    r"(?P<n>\d+|an?|one)\s*(?P<unit>second|sec|minute|min|hour|hr|day|week|秒|分钟|个小时|小时|天|日|周|星期)"
    r"s?\s*(?:ago|前)$",
    re.IGNORECASE,
)
_RELATIVE_DAY_WORDS = {
    "just now": 0,
    "刚刚": 0,
    "刚才": 0,
    "today": 0,
    "今天": 0,
    "今日": 0,
    "yesterday": -1,
    "昨天": -1,
    "昨日": -1,
    "前天": -2,
}
_RELATIVE_DAY = re.compile(
    r"(?P<word>just now|today|yesterday|刚刚|刚才|今天|今日|昨天|昨日|前天)"
    r"(?:\s*(?P<hour>\d{1,2})[:：](?P<minute>\d{2}))?$",
    re.IGNORECASE,
)


def parse_date(
    raw: str, reference_time: dt.date | dt.datetime | None = None
) -> PublishedDate | None:
    """Parse a whole date string; None when `raw` is not (only) a date.

    Never raises. `raw` is kept as written (stripped) in the result.
    """
    text = raw.strip()
    if not text or len(text) > 80:
        return None
    if _DIGIT.search(text) is not None:  # every absolute form has digits
        match, pattern_index = _match_whole(fold(text).lower())
        if match is not None:
            return _from_match(text, match, pattern_index, reference_time)
    return _parse_relative(text, reference_time)


def search_date(
    line: str, reference_time: dt.date | dt.datetime | None = None
) -> tuple[PublishedDate, int, int] | None:
    """Find the first date inside `line`: the date and its start and end offsets."""
    if _DIGIT.search(line) is None:  # every form searched for has digits
        return None
    folded = fold(line).lower()
    best: tuple[int, int, int, re.Match[str]] | None = None
    for index, pattern in enumerate(_PATTERNS):
        for match in pattern.finditer(folded):
            if not _is_plausible(match, index, folded):
                continue
            start, end = match.start(), _trim_end(folded, match)
            if best is None or (start, -(end - start)) < (best[0], -(best[1] - best[0])):
                best = (start, end, index, match)
            break
    if best is None:
        return None
    start, end, index, match = best
    raw = line[start:end].strip()
    parsed = _from_match(raw, match, index, reference_time)
    if parsed is None:
        return None
    return parsed, start, end


def _trim_end(folded: str, match: re.Match[str]) -> int:
    end = match.end()
    while end > match.start() and folded[end - 1] in " ,":
        end -= 1
    return end


def _match_whole(folded: str) -> tuple[re.Match[str] | None, int]:
    for index, pattern in enumerate(_PATTERNS):
        match = pattern.fullmatch(folded.rstrip(" ,."))
        if match is not None and _is_plausible(match, index, folded):
            return match, index
    return None, -1


def _is_plausible(match: re.Match[str], index: int, folded: str) -> bool:
    """Reject digit runs that are not dates: 3/4 inside a fraction, a price 12-15 and so on."""
    start = match.start()
    if start > 0 and (folded[start - 1].isdigit() or folded[start - 1] in ".:/"):
        return False
    end = match.end()
    if end < len(folded) and folded[end].isdigit():
        return False
    fields = _fields(match, index)
    if fields is None:
        return False
    _, month, day = fields
    return 1 <= month <= 12 and 1 <= day <= 31


def _fields(match: re.Match[str], index: int) -> tuple[int | None, int, int] | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if groups.get("mon"):
        month = _MONTHS.get(groups["mon"].lower().rstrip(".")[:4], 0) or _MONTHS.get(
            groups["mon"].lower()[:3], 0
        )
        return year, month, int(groups["day"])
    if groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
        # Month first (US and Chinese order) unless the first number cannot be a month.
        return (year, second, first) if first > 12 >= second else (year, first, second)
    return year, int(groups["month"]), int(groups["day"])


def _from_match(
    raw: str,
    match: re.Match[str],
    index: int,
    reference_time: dt.date | dt.datetime | None,
) -> PublishedDate | None:
    fields = _fields(match, index)
    if fields is None:
        return None
    year, month, day = fields
    time_of_day = _time_of_day(match)
    tzinfo = _zone(match, month, day)
    if year is None:
        return _resolve_without_year(
            raw, month, day, time_of_day=time_of_day, tzinfo=tzinfo, reference_time=reference_time
        )
    value = _build(year, month, day, time_of_day, tzinfo)
    if value is None:
        return None
    return PublishedDate(raw=raw, value=value, month=month, day=day)


def _resolve_without_year(
    raw: str,
    month: int,
    day: int,
    *,
    time_of_day: dt.time | None,
    tzinfo: dt.tzinfo | None,
    reference_time: dt.date | dt.datetime | None,
) -> PublishedDate:
    if reference_time is None:
        return PublishedDate(raw=raw, value=None, month=month, day=day)
    reference_date = _as_date(reference_time)
    for year in (reference_date.year, reference_date.year - 1):
        candidate = _build(year, month, day, time_of_day, tzinfo)
        if candidate is None:
            continue  # 29 February outside a leap year: try the year before
        if _as_date(candidate) - reference_date <= FUTURE_TOLERANCE:
            return PublishedDate(
                raw=raw, value=candidate, month=month, day=day, year_from_reference=True
            )
    return PublishedDate(raw=raw, value=None, month=month, day=day)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _time_of_day(match: re.Match[str]) -> dt.time | None:
    groups = match.groupdict()
    if not groups.get("hour"):
        return None
    hour, minute = int(groups["hour"]), int(groups["minute"])
    second = int(groups["second"]) if groups.get("second") else 0
    ampm = (groups.get("ampm") or "").replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


def _zone(match: re.Match[str], month: int, day: int) -> dt.tzinfo | None:
    name = (match.groupdict().get("tz") or "").strip().lower()
    if not name:
        return None
    if name == "et":
        in_dst = (3, 10) < (month, day) < (11, 3)
        return dt.timezone(dt.timedelta(hours=-4 if in_dst else -5))
    if name in _ZONE_OFFSETS:
        return dt.timezone(dt.timedelta(minutes=_ZONE_OFFSETS[name]))
    offset = re.fullmatch(r"(?:utc|gmt)?([+-])(\d{1,2}):?(\d{2})?", name)
    if offset is None:
        return None
    sign = -1 if offset.group(1) == "-" else 1
    minutes = int(offset.group(2)) * 60 + int(offset.group(3) or 0)
    if minutes >= 24 * 60:
        return None
    return dt.timezone(dt.timedelta(minutes=sign * minutes))


def _build(
    year: int,
    month: int,
    day: int,
    time_of_day: dt.time | None,
    tzinfo: dt.tzinfo | None,
) -> dt.date | dt.datetime | None:
    try:
        if time_of_day is None:
            return dt.date(year, month, day)
        return dt.datetime.combine(dt.date(year, month, day), time_of_day, tzinfo=tzinfo)
    except ValueError:
        return None


def _parse_relative(raw: str, reference_time: dt.date | dt.datetime | None) -> PublishedDate | None:
    folded = fold(raw).lower().strip()
    resolver = _relative_resolver(folded)
    if resolver is None:
        return None
    if reference_time is None:
        return PublishedDate(raw=raw, value=None)
    value = resolver(reference_time)
    # The whole date, year included, comes from the reference time.
    return PublishedDate(
        raw=raw, value=value, month=value.month, day=value.day, year_from_reference=True
    )


def _relative_resolver(
    folded: str,
) -> Callable[[dt.date | dt.datetime], dt.date | dt.datetime] | None:
    ago = _RELATIVE_AGO.match(folded)
    if ago is not None:
        count_text = ago.group("n")
        count = int(count_text) if count_text.isdigit() else 1
        step = _RELATIVE_UNITS[ago.group("unit").lower()]
        delta = step * count

        def back(reference: dt.date | dt.datetime) -> dt.date | dt.datetime:
            if isinstance(reference, dt.datetime):
                return reference - delta
            return reference - dt.timedelta(days=delta.days)

        return back
    day_word = _RELATIVE_DAY.match(folded)
    if day_word is None:
        return None
    shift = dt.timedelta(days=_RELATIVE_DAY_WORDS[day_word.group("word")])
    hour, minute = day_word.group("hour"), day_word.group("minute")

    def on_day(reference: dt.date | dt.datetime) -> dt.date | dt.datetime:
        day = _as_date(reference) + shift
        if hour is not None and minute is not None and int(hour) < 24 and int(minute) < 60:
            tz = reference.tzinfo if isinstance(reference, dt.datetime) else None
            return dt.datetime.combine(day, dt.time(int(hour), int(minute)), tzinfo=tz)
        return day

    return on_day
