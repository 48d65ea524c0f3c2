"""Numbers as Chinese and English market news write them, turned into values with offsets.

One compiled regex finds every quantity in a text in a single pass: Arabic digits with
thousands separators (1,234.5), Chinese numerals (十四, 一百二十, 两, 〇, 廿), Arabic digits with
Chinese or English magnitudes (12.1万, 46亿, 1万亿, 3.2千亿, 4.6bn, 1.2 trillion), percentages
(1.5%, 百分之五), percentage points (3个百分点), basis points (50基点, 50bp), index points,
currencies written before or after the number (US$4.6 billion, 5000美元, HK$, 港元, 人民币),
shares, and durations or tenors (三年期, 十四年, 七个月, 7日, 52-week, seven-day).
Spoken short forms count in the next unit down (三千五 = 3500, 两万三 = 23000); halves are
read (一半 and "one-half" = 0.5, 半年 = 0.5 years, 一年半 = 1.5 years, 三个半月 = 3.5 months),
while 上半年, 半年报, 半导体 and 半数 stay words.

A sign is read where it cannot be a hyphen (涨幅为-3.5% -> -3.5; GPT-5 and 10-K are names).
A range gives one Quantity per end (3到10年 -> 3 and 10 years). Speed: a cheap trigger pattern
(a digit, a currency mark, a Chinese numeral followed by a unit, an English number word) finds
the places worth matching; the full pattern runs only there. The trigger opens with one
character set so the regex engine skips in C to candidates (about 100 MB/s on Chinese text).

Matching runs on folded text (`marketbuzz.text.fold`: Simplified script, half-width forms), so
every rule is written once in Simplified form and covers Traditional text too. The fold keeps
length, so offsets found in the folded text are offsets in the original.

Calendar dates and clock times (10月7日, 2024年, 9月份, 10/08, 2025-10-08, 09:30) are matched
first and dropped, so "7日" in "10月7日" is never read as seven days. Chinese numerals and
English number words are reported only with a unit after them: 一度, 二十大 and "one of" are
words, not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from marketbuzz.text.fold import fold

__all__ = [
    "Quantity",
    "find_quantities",
    "find_quantities_folded",
    "parse_chinese_numeral",
    "parse_number",
    "quantity_at",
]


# Read-only by convention, not frozen: a frozen dataclass sets each field through
# object.__setattr__, several times slower to make; equal and hashable by value all the same.
@dataclass(slots=True, unsafe_hash=True)
class Quantity:
    """A number found in text.

    `value` is the number with its magnitude applied (12.1万 -> 121000.0, 4.6bn -> 4.6e9);
    percentages stay in percent (1.5% -> 1.5). `unit` is one of "%", "pp" (percentage points),
    "bp", "points", "USD", "HKD", "CNY", "JPY", "EUR", "GBP", "shares", "x" (times), "years",
    "months", "weeks", "days", or "" for a bare number. `raw` is the original text.
    """

    start: int
    end: int
    value: float
    unit: str
    raw: str


CURRENCIES = frozenset({"USD", "HKD", "CNY", "JPY", "EUR", "GBP"})
DURATIONS = frozenset({"years", "months", "weeks", "days"})

_CN_DIGIT_VALUES = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_TENS = {"廿": 20, "卅": 30}
_CN_SCALE = {"十": 10.0, "百": 100.0, "千": 1e3, "万": 1e4, "亿": 1e8}

_EN_ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}

_CN_DIGIT_CLASS = "零〇一二两三四五六七八九"
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
# A Chinese numeral must hold a digit or a ten: a bare 万 or 亿 is a word (万科), not a number.
_CHINESE = (
    rf"[{_CN_DIGIT_CLASS}十百千万亿廿卅]*[{_CN_DIGIT_CLASS}十廿卅][{_CN_DIGIT_CLASS}十百千万亿]*"
    rf"(?:点[{_CN_DIGIT_CLASS}]+)?"
)
_EN_WORD = (
    r"(?:" + "|".join(sorted(_EN_TENS, key=len, reverse=True)) + r")"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|(?:" + "|".join(sorted(_EN_ONES, key=len, reverse=True)) + r")"
)

# Currency marks written before the number.
_PREFIX_CURRENCY = {
    "us$": "USD",
    "$": "USD",
    "usd": "USD",
    "hk$": "HKD",
    "hkd": "HKD",
    "rmb": "CNY",
    "cny": "CNY",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "jpy": "JPY",
}
_PREFIX = r"(?i:US\$|HK\$|\$|€|£|\b(?:USD|HKD|RMB|CNY|EUR|GBP|JPY)\s?)"

# Units written after the number, longest first within each language; value is the unit code.
_CN_UNITS: tuple[tuple[str, str], ...] = (
    ("个半月", "months"),  # 三个半月: three and a half months
    ("个百分点", "pp"),
    ("百分点", "pp"),
    ("个基点", "bp"),
    ("基点", "bp"),
    ("个交易日", "days"),
    ("交易日", "days"),
    ("个工作日", "days"),
    ("个月", "months"),
    ("个星期", "weeks"),
    ("星期", "weeks"),
    ("年期", "years"),
    ("年", "years"),
    ("天", "days"),
    ("日", "days"),
    ("周", "weeks"),
    ("美元", "USD"),
    ("美金", "USD"),
    ("港元", "HKD"),
    ("港币", "HKD"),
    ("港纸", "HKD"),
    ("人民币", "CNY"),
    ("日元", "JPY"),
    ("日圆", "JPY"),
    ("欧元", "EUR"),
    ("英镑", "GBP"),
    ("元", "CNY"),
    ("块", "CNY"),
    ("股", "shares"),
    ("倍", "x"),
    ("%", "%"),
)
_EN_UNITS: tuple[tuple[str, str], ...] = (
    (r"percentage[- ]points?", "pp"),
    (r"per\s?cent", "%"),
    (r"pct", "%"),
    (r"basis[- ]points?", "bp"),
    (r"bps?", "bp"),
    (r"points?", "points"),
    (r"pts", "points"),
    (r"trading[- ]days?", "days"),
    (r"sessions?", "days"),
    (r"years?", "years"),
    (r"yrs?", "years"),
    (r"months?", "months"),
    (r"weeks?", "weeks"),
    (r"days?", "days"),
    (r"dollars?", "USD"),
    (r"usd", "USD"),
    (r"hkd", "HKD"),
    (r"yuan", "CNY"),
    (r"rmb", "CNY"),
    (r"yen", "JPY"),
    (r"euros?", "EUR"),
    (r"shares", "shares"),
    (r"times", "x"),
)

# 点 after a number is index points, except in clock times (3点钟, 3点半, 3点30分, 3点多).
_CN_UNIT_PATTERN = (
    "|".join(re.escape(text) for text in sorted(dict(_CN_UNITS), key=len, reverse=True))
    + r"|点(?![钟半多\d])"
)
_EN_UNIT_PATTERN = "|".join(pattern for pattern, _ in _EN_UNITS)

_DATE = (
    r"(?<!\d)(?:(?:1[89]|20)\d{2}年)?\d{1,2}月(?:\d{1,2}[日号]|份|底|初|中旬|上旬|下旬)?"
    rf"|(?<![\d{_CN_DIGIT_CLASS}])[{_CN_DIGIT_CLASS}十]{{1,3}}月[{_CN_DIGIT_CLASS}十廿卅]{{1,3}}[日号]"
    r"|(?<!\d)(?:1[89]|20)\d{2}(?:年(?!期|[以之]?[内来])|[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)|财年|年度)"
    r"|(?<![\d.])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])"
    r"|(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
)

# Halves: 一半 and "one-half" (0.5), 半年/半个月/半天 (half a year, month, day), and 一年半 /
# 3个半月 handled by `_HALF_AFTER`. 上半年 (the first half of the year), 半年报 (the interim
# report), 半导体 and 半数 are words, not quantities.
_NOT_HALF = "导价数场岛径球成决夜壁边身路山空票官"  # 半导体, 半价, 半数...: words
_HALF_DURATION = r"(?<![上下前后多])半(?P<halfunit>年(?![报度])|个月|个星期|天|日(?!元|圆)|周)"
_HALF_AFTER = re.compile(rf"半(?![{_NOT_HALF}])")

_QUANTITY = re.compile(
    rf"(?P<date>{_DATE})"
    rf"|(?P<half>(?<![一二两三四五六七八九十])一半(?![{_NOT_HALF}])|(?i:\bone[- ]half\b))"
    rf"|{_HALF_DURATION}"
    rf"|百分之(?P<pct>{_ARABIC}|{_CHINESE})"
    # A sign counts only where it cannot be a hyphen or a range dash: 涨幅为-3.5%, " -2%".
    rf"|(?:(?P<prefix>{_PREFIX})|(?<![A-Za-z0-9_.第])(?<![A-Za-z]-)"
    r"(?:(?<![A-Za-z0-9_.%)\]-])(?P<sign>[-−+])(?=\d))?)"
    rf"(?:(?P<ar>{_ARABIC})|(?P<en>(?i:\b(?:{_EN_WORD}))\b))"
    rf"(?:\s?(?:到|至|-|~|–)\s?(?P<ar2>{_ARABIC}))?"
    r"(?P<scale>[百千万亿]+|十(?=[万亿])[万亿]*"
    r"|\s?(?i:thousand|million|billion|trillion|bn|mn|mln|bln|tn|trn)\b"
    r"|[kKmMbB](?![\w-]))?"
    rf"(?P<unit>\s?(?:{_CN_UNIT_PATTERN})|(?i:\s?-?\s?(?:{_EN_UNIT_PATTERN}))\b)?"
    # 数百亿 and 几十 are "several hundred million", not a number; 指数一个月 is one month.
    rf"|(?<![第几{_CN_DIGIT_CLASS}十百千万亿])(?!(?<=数)[十百千万亿])(?P<cn>{_CHINESE})"
    rf"(?:(?:到|至|-|~)(?P<cn2>{_CHINESE}))?"
    rf"(?P<cnunit>{_CN_UNIT_PATTERN})"
)

# Where a quantity can start: a digit, a Chinese numeral, a currency mark or an English number
# word. Searching for these and matching the full pattern only there is several times faster
# than running the full pattern at every position.
# A Chinese numeral triggers only when a unit can follow it: 一 alone is everywhere (一些, 统一).
_UNIT_FIRST_CHARS = "".join(sorted({text[0] for text, _ in _CN_UNITS} | {"点"}))


def _trigger_pattern() -> str:
    """The trigger as one character set followed by checks behind it: the regex engine skips
    through text to a member of a leading set in C, but tries every alternative at every
    position when the pattern opens with an alternation (3x slower on Chinese text)."""
    ones = "|".join(sorted(_EN_ONES, key=len, reverse=True))
    tens_suffix = "(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    english = [
        *(f"(?<={w[0]}){w[1:]}{tens_suffix}" for w in sorted(_EN_TENS, key=len, reverse=True)),
        *(f"(?<={w[0]}){w[1:]}" for w in ones.split("|")),
        *(f"(?<={w[0].upper()}){w[1:]}" for w in (*_EN_ONES, *_EN_TENS)),
    ]
    letters = "".join(sorted({w[0] for w in (*_EN_ONES, *_EN_TENS)}))
    cn = f"{_CN_DIGIT_CLASS}十廿卅百千万亿"
    return (
        rf"[0-9$€£{cn}{letters}{letters.upper()}半]"
        rf"(?:(?<=[0-9$€£])|(?<=百)分之"
        rf"|(?<=[{cn}])[{cn}]*(?:点[{_CN_DIGIT_CLASS}]+)?(?=[{_UNIT_FIRST_CHARS}半])"
        r"|(?<=半)(?=个?[年月天日周]|个星期)"
        rf"|(?<!\w.)(?:{'|'.join(english)})\b)"
    )


_TRIGGER = re.compile(_trigger_pattern())
_MAX_PREFIX = 4  # "USD " before the digits
_PREFIX_ENDINGS = frozenset("$ DBYRPSKdbyrpsk-−+")  # last characters of US, HK, USD, RMB, JPY...
_CN_UNIT_CODES = dict(_CN_UNITS)
_EN_UNIT_RES = tuple((re.compile(pattern, re.IGNORECASE), code) for pattern, code in _EN_UNITS)
_HALF = frozenset({"一半", "半", "half", "a half", "one half"})
_NUMBER_ONLY = re.compile(
    rf"(?P<sign>[-+−])?(?:(?P<ar>{_ARABIC})|(?P<cn>{_CHINESE})|(?P<en>(?i:{_EN_WORD})))"
    r"(?P<scale>[十百千万亿]*|\s?(?i:thousand|million|billion|trillion|bn|mn|mln|bln|tn|trn|k|m|b))"
)


# -- parsing single numbers ------------------------------------------------------------------


def parse_chinese_numeral(text: str) -> float | None:
    """The value of a Chinese numeral: 十四 -> 14, 一百二十 -> 120, 两 -> 2, 一万亿 -> 1e12,
    三点五 -> 3.5, 二〇二四 -> 2024 (digit by digit). None when `text` is not one."""
    if not text:
        return None
    whole, _, fraction = text.partition("点")
    if fraction and not all(ch in _CN_DIGIT_VALUES for ch in fraction):
        return None
    value = _chinese_integer(whole)
    if value is None:
        return None
    if fraction:
        value += float("0." + "".join(str(_CN_DIGIT_VALUES[ch]) for ch in fraction))
    return value


_COLLOQUIAL_UNITS = {"百": 10.0, "千": 100.0, "万": 1e3, "亿": 1e7}


def _chinese_integer(text: str) -> float | None:
    if not text:
        return None
    if len(text) > 1 and all(ch in _CN_DIGIT_VALUES for ch in text):
        # Written digit by digit, as years and codes are: 二〇二四.
        return float("".join(str(_CN_DIGIT_VALUES[ch]) for ch in text))
    last, unit = text[-1], text[-2] if len(text) > 2 else ""
    if unit in _COLLOQUIAL_UNITS and last in _CN_DIGIT_VALUES and last not in "零〇":
        # Spoken short form: a digit after 百/千/万/亿 counts in the next unit down,
        # 三千五 = 3500, 两万三 = 23000, 一亿五 = 150000000 (一千零五 keeps its 零: 1005).
        head = _chinese_integer(text[:-1])
        return None if head is None else head + _CN_DIGIT_VALUES[last] * _COLLOQUIAL_UNITS[unit]
    total = 0.0  # whole groups of 亿 already closed
    myriads = 0.0  # the 万 group inside the current 亿 group
    section = 0.0  # below 万
    digit: float | None = None
    for ch in text:
        if ch in _CN_DIGIT_VALUES:
            digit = float(_CN_DIGIT_VALUES[ch])
        elif ch in _CN_TENS:
            section += _CN_TENS[ch]
            digit = None
        elif ch in _CN_SMALL_UNITS:
            section += (1.0 if digit is None else digit) * _CN_SMALL_UNITS[ch]
            digit = None
        elif ch == "万":
            myriads = (section + (digit or 0.0) or (1.0 if myriads == 0 else 0.0)) * 1e4
            section, digit = 0.0, None
        elif ch == "亿":
            total = (total + myriads + section + (digit or 0.0) or 1.0) * 1e8
            myriads, section, digit = 0.0, 0.0, None
        else:
            return None
    return total + myriads + section + (digit or 0.0)


def _english_word(text: str) -> float | None:
    word = text.lower()
    if word in _EN_ONES:
        return float(_EN_ONES[word])
    tens, _, ones = word.partition("-")
    if tens in _EN_TENS and (not ones or ones in _EN_ONES):
        return float(_EN_TENS[tens] + (_EN_ONES[ones] if ones else 0))
    return None


def _arabic(text: str) -> float:
    return float(text.replace(",", ""))


def _scale(text: str | None) -> float:
    """The multiplier of a magnitude suffix: 万 -> 1e4, 千亿 -> 1e11, bn -> 1e9, "" -> 1."""
    if not text:
        return 1.0
    scale = text.strip()
    if scale and all(ch in _CN_SCALE for ch in scale):
        product = 1.0
        for ch in scale:
            product *= _CN_SCALE[ch]
        return product
    return _EN_SCALE.get(scale.lower(), 1.0)


def parse_number(text: str) -> float | None:
    """The value of one number written alone: "1,234.5", "十四", "12.1萬", "4.6bn",
    "1.2 trillion", "seven", "百分之五" (5), "一半"/"half" (0.5). None when it is not a number."""
    try:
        folded = fold(text).strip()
    except (TypeError, ValueError):
        return None
    if not folded:
        return None
    if folded.lower() in _HALF:
        return 0.5
    if folded.startswith("百分之"):
        folded = folded[3:]
    folded = folded.removesuffix("%")
    match = _NUMBER_ONLY.fullmatch(folded)
    if match is None:
        return None
    value = _base_value(match.group("ar"), match.group("cn"), match.group("en"))
    if value is None:
        return None
    sign = -1.0 if match.group("sign") in ("-", "−") else 1.0
    return sign * value * _scale(match.group("scale"))


def _base_value(arabic: str | None, chinese: str | None, english: str | None) -> float | None:
    if arabic:
        return _arabic(arabic)
    if chinese:
        return parse_chinese_numeral(chinese)
    if english:
        return _english_word(english)
    return None


# -- finding quantities in text --------------------------------------------------------------


def _unit_code(raw_unit: str | None) -> str:
    if not raw_unit:
        return ""
    code = _CN_UNIT_CODES.get(raw_unit)  # the common case: a Chinese unit written tight
    if code is not None:
        return code
    unit = raw_unit.strip().lstrip("-").strip()
    if unit.startswith("点"):
        return "points"
    code = _CN_UNIT_CODES.get(unit)
    if code is not None:
        return code
    for pattern, english_code in _EN_UNIT_RES:
        if pattern.fullmatch(unit):
            return english_code
    return ""


def _is_calendar_year(value: float, unit: str, raw_number: str, raw_unit: str) -> bool:
    """2024年 is a date, not 2024 years (the date pattern catches most; this catches 二〇二四年)."""
    return (
        unit == "years"
        and "期" not in raw_unit
        and 1800 <= value <= 2100
        and value == int(value)
        and len(raw_number) == 4
    )


class _Groups(NamedTuple):
    """The groups of one quantity match (a named tuple: made once per quantity, it is cheap)."""

    date: str | None
    half: str | None
    halfunit: str | None
    pct: str | None
    prefix: str | None
    sign: str | None
    ar: str | None
    en: str | None
    ar2: str | None
    scale: str | None
    unit: str | None
    cn: str | None
    cn2: str | None
    cnunit: str | None


# The fields of `_Groups` are the pattern's groups in order, so one `match.groups()` call
# reads them all (fetching a dozen groups one by one costs more than the match itself).
_IN_ORDER = tuple(sorted(_QUANTITY.groupindex, key=_QUANTITY.groupindex.__getitem__))
if _QUANTITY.groups != len(_Groups._fields) or _Groups._fields != _IN_ORDER:
    raise AssertionError("_Groups must list every group of _QUANTITY in order")


def _from_match(match: re.Match[str], original: str) -> list[Quantity]:
    groups = _Groups._make(match.groups())
    if groups.date:
        return []
    start, end = match.span()
    if groups.half or groups.halfunit:
        unit = _CN_UNIT_CODES.get(groups.halfunit or "", "")
        return [Quantity(start, end, 0.5, unit, original[start:end])]
    if groups.pct is not None:
        value = parse_number(groups.pct)
        return [] if value is None else [Quantity(start, end, value, "%", original[start:end])]
    if groups.cn is not None:
        found = _chinese_match(start, end, groups, original)
    else:
        found = _arabic_match(start, end, groups, original)
    if len(found) == 1 and found[0].unit in DURATIONS:
        return _and_a_half(found, match.string, original)
    return found


def _and_a_half(found: list[Quantity], folded: str, original: str) -> list[Quantity]:
    """一年半 is 1.5 years and 三个半月 3.5 months: a duration with 半 after or inside it."""
    if len(found) != 1 or found[0].unit not in DURATIONS:
        return found
    quantity = found[0]
    if "半" in quantity.raw:
        return [
            Quantity(
                quantity.start, quantity.end, quantity.value + 0.5, quantity.unit, quantity.raw
            )
        ]
    unit_char = folded[quantity.end - 1 : quantity.end]  # folded: 週 reads as 周
    if unit_char in ("年", "天", "日", "周") and _HALF_AFTER.match(folded, quantity.end):
        end = quantity.end + 1
        raw = original[quantity.start : end]
        return [Quantity(quantity.start, end, quantity.value + 0.5, quantity.unit, raw)]
    return found


def _chinese_match(start: int, end: int, groups: _Groups, original: str) -> list[Quantity]:
    raw_unit = groups.cnunit or ""
    unit = _unit_code(raw_unit)
    first = parse_chinese_numeral(groups.cn or "")
    if first is None or _is_calendar_year(first, unit, groups.cn or "", raw_unit):
        return []
    raw = original[start:end]
    found = [Quantity(start, end, first, unit, raw)]
    if groups.cn2:
        second = parse_chinese_numeral(groups.cn2)
        if second is None:
            return []
        found.append(Quantity(start, end, second, unit, raw))
    return found


def _arabic_match(start: int, end: int, groups: _Groups, original: str) -> list[Quantity]:
    prefix = groups.prefix.strip().lower() if groups.prefix else ""
    scale_text = groups.scale or ""
    raw_unit = groups.unit or ""
    unit = _unit_code(raw_unit)
    english = groups.en
    if english and not unit and not scale_text.strip():
        return []  # "one of", "two companies": words, not quantities
    if len(scale_text) == 1 and scale_text.isascii() and scale_text.isalpha() and not prefix:
        # 70B in a model name is not 70 billion; a bare letter counts only after a currency.
        end -= len(scale_text) + len(raw_unit)
        scale_text, unit, raw_unit = "", "", ""
    if prefix and not unit:
        unit = _PREFIX_CURRENCY.get(prefix, "")
    if not unit:
        following = original[end : end + 2].lstrip("-")[:1]
        if following.isascii() and following.isalpha():
            return []  # 5G, 3D, 10-K filings: names, not quantities
    first = _arabic(groups.ar) if groups.ar else _english_word(english or "")
    if first is None:
        return []
    if groups.sign in ("-", "−"):
        first = -first
    if unit == "years" and _is_calendar_year(first, unit, groups.ar or "", raw_unit):
        return []
    scale = _scale(scale_text) if scale_text else 1.0
    raw = original[start:end]
    found = [Quantity(start, end, first * scale, unit, raw)]
    if groups.ar2:
        found.append(Quantity(start, end, _arabic(groups.ar2) * scale, unit, raw))
    return found


def find_quantities_folded(
    folded: str, original: str | None = None, start: int = 0, end: int | None = None
) -> list[Quantity]:
    """Quantities in already folded text, optionally within [start, end).

    `original` is the unfolded text (same length) that `raw` is cut from; default `folded`.
    A range (3到10年, 5-7%) gives one Quantity per end, both with the range's span.
    """
    source = folded if original is None or len(original) != len(folded) else original
    stop = len(folded) if end is None else min(end, len(folded))
    found: list[Quantity] = []
    position = max(0, start)
    search, match_at = _TRIGGER.search, _QUANTITY.match
    while (trigger := search(folded, position, stop)) is not None:
        at = trigger.start()
        if at > position and folded[at - 1] in _PREFIX_ENDINGS:
            match = _match_around(folded, at, position, stop)
        else:
            match = match_at(folded, at, stop)  # the common case, without a call
        if match is None:
            position = trigger.end()
            continue
        quantities = _from_match(match, source)
        found.extend(quantities)
        position = max(match.end(), at + 1, quantities[-1].end if quantities else 0)
    return found


def _match_around(folded: str, at: int, floor: int, stop: int) -> re.Match[str] | None:
    """The quantity pattern matched at the trigger, or a few characters before it when a
    currency mark (US$, HK$, USD) opens the number."""
    first = at
    if at > floor and folded[at - 1] in _PREFIX_ENDINGS:
        first = max(floor, at - _MAX_PREFIX)
    for begin in range(first, at + 1):
        match = _QUANTITY.match(folded, begin, stop)
        if match is not None and match.end() > at:
            return match
    return None


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text` (either script, any width), in order, with offsets into `text`."""
    if not text:
        return []
    return find_quantities_folded(fold(text), text)


# The CJK characters (U+3000..U+9FFF) that can open a quantity: numerals, 半 (半年) and 百
# (百分之五). Callers often ask at a Chinese word (跌至, 涨了): any other character of that range
# answers "no quantity" without running the pattern.
_CJK_OPENERS = frozenset(f"{_CN_DIGIT_CLASS}十百千万亿廿卅半")


# The most common size in market news, a plain percentage (7%, 2.35%), read without the full
# pattern. It gives what the full pattern gives there: no date, range, scale or other unit can
# start with digits followed by %, and the look-behinds are the full pattern's own.
_PLAIN_PERCENT = re.compile(r"(?<![A-Za-z0-9_.第])(?<![A-Za-z]-)(\d+(?:\.\d+)?)%")


def quantity_at(folded: str, position: int, original: str | None = None) -> Quantity | None:
    """The quantity starting exactly at `position` in folded text, if one does."""
    opening = folded[position : position + 1] if position >= 0 else ""
    if "\u3000" <= opening <= "\u9fff" and opening not in _CJK_OPENERS:
        return None
    source = folded if original is None or len(original) != len(folded) else original
    plain = _PLAIN_PERCENT.match(folded, position) if "0" <= opening <= "9" else None
    if plain is not None:
        end = plain.end()
        return Quantity(position, end, float(plain.group(1)), "%", source[position:end])
    match = _QUANTITY.match(folded, position)
    if match is None:
        return None
    found = _from_match(match, source)
    return found[0] if found else None
