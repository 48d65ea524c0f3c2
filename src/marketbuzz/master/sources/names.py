"""Turning names as exchanges print them into base names and matching keys.

A-share short names carry transient marks: status prefixes (ST, *ST, S, N for a first trading
day, C for the first days after, XD/XR/DR for ex-dividend/ex-rights, G for the 2006 share
reform, PT, 退市), padding spaces (`万  科Ａ`), full-width forms, and the A-share class mark
(`深振业Ａ`). They all fold away to the base name. B-share names keep their `B` (`深康佳Ｂ` is
the B-share line, not the company's A-share name).

HK short names carry suffixes: -W (weighted voting rights), -S / -SW (secondary listing), -B
(pre-revenue biotech), -R (RMB counter) and a few more; they are dropped.

US names from the SEC are legal names (`NVIDIA CORP`, `Apple Inc.`, `AMAZON COM INC`): the
legal suffixes go to give the name people write.
"""

from __future__ import annotations

import re

from marketbuzz.text.fold import fold

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACES = re.compile(r"\s+")
# Status prefixes, longest first; only stripped when a Chinese character follows, so
# "GQY视讯" and "TCL科技" keep their letters.
# ST marks come off whatever follows (*STTCL is TCL); single letters only before a Chinese
# character, since some names start with Latin letters.
_ASHARE_PREFIX = re.compile(
    rf"^(?:(?:S\*ST|\*ST|SST|ST)(?=.)|(?:PT|XD|XR|DR|退市|[SNC])(?=[{_CJK}])|G(?=\*|ST|[{_CJK}]))"
)
_STATUS_PREFIX = re.compile(r"^(?:S?\*ST|S?ST|G\*?ST)(?=.)")
_ASHARE_CLASS_MARK = re.compile(rf"(?<=[{_CJK}])A(?:股)?$")
_DELISTED_SUFFIX = re.compile(rf"(?<=[{_CJK}]{{2}})退$")
_BSHARE_MARK = re.compile(rf"(?<=[{_CJK}])B(?:股)?$")
_HK_SUFFIX = re.compile(r"\s*-\s*(?:SWR|SW|SS|WR|W|S|R|B|T)$")


def cjk_key(text: str) -> str:
    """The matching key of a Chinese name: folded, spaces removed."""
    return _SPACES.sub("", fold(text))


def latin_key(text: str) -> str:
    """The matching key of a Latin name: folded, lower-cased, inner spaces collapsed."""
    return _SPACES.sub(" ", fold(text)).strip().lower()


def ashare_base_name(raw: str) -> str:
    """`*ST中迪` -> `中迪`, `万  科Ａ` -> `万科`, `N韦尔` -> `韦尔`, `深康佳Ｂ` -> `深康佳B`.

    The result is folded (Simplified, half-width); B-share names keep their class mark.
    """
    name = cjk_key(raw)
    previous = None
    while previous != name:
        previous = name
        name = _ASHARE_PREFIX.sub("", name)
    if _BSHARE_MARK.search(name):
        return name.removesuffix("股")
    name = _ASHARE_CLASS_MARK.sub("", name)
    return _DELISTED_SUFFIX.sub("", name)


_TRANSIENT_PREFIX = re.compile(rf"^(?:XD|XR|DR|[NC])(?=[{_CJK}])")


def has_transient_prefix(raw: str) -> bool:
    """First-day (N), new-listing (C) and ex-rights (XD/XR/DR) marks truncate the name."""
    return bool(_TRANSIENT_PREFIX.match(cjk_key(raw)))


def has_status_prefix(raw: str) -> bool:
    """ST and *ST names are cut to four characters: `*ST国华` stands for 国华网安."""
    return bool(_STATUS_PREFIX.match(cjk_key(raw)))


def is_bshare_name(raw: str) -> bool:
    return bool(_BSHARE_MARK.search(cjk_key(raw)))


def hk_base_name(raw: str) -> str:
    """`阿里巴巴－Ｗ` -> `阿里巴巴`, `京東集團－ＳＷ` -> `京東集團` (script kept, width folded)."""
    half_width = raw.translate(_HALF_WIDTH).strip()
    return _HK_SUFFIX.sub("", half_width).strip()


_HK_RMB_SUFFIX = re.compile(r"-\s*(?:R|WR|SWR|SR)$")


def is_hk_rmb_counter(raw: str) -> bool:
    """騰訊控股－Ｒ, 商湯－ＷＲ, 京東集團－ＳＷＲ: the RMB counter of a company's HKD line."""
    return bool(_HK_RMB_SUFFIX.search(raw.translate(_HALF_WIDTH).rstrip()))


_HALF_WIDTH = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {0x3000: " "}

# Legal-form words that people leave out when they write a company's name.
_LEGAL_WORDS = {
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "cos",
    "companies",
    "ltd",
    "limited",
    "plc",
    "llc",
    "lp",
    "llp",
    "nv",
    "sa",
    "ag",
    "se",
    "spa",
    "ab",
    "asa",
    "as",
    "oyj",
    "bhd",
    "tbk",
    "holdings",
    "holding",
    "hldgs",
    "group",
    "grp",
    "the",
    "com",
    "adr",
    "ads",
    "new",
    "del",
    "trust",
}
_STATE_MARK = re.compile(r"\s*/[A-Z]{2,8}/?\s*$|\s*/[A-Z]{2,8}/\s*", re.IGNORECASE)
_CLASS_MARK = re.compile(
    r"\s*[-,]?\s*\(?\b(?:class|cl|series|ser)\s+[a-z0-9]+\)?|\s*'[a-z]'\s*|\s+adr\s+\d+:\d+",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+(?:[&'.-][a-z0-9]+)*\.?|&", re.IGNORECASE)


def clean_latin_name(raw: str) -> str:
    """A legal name without state marks (`/DE/`) or share-class notes; the display form."""
    name = _STATE_MARK.sub(" ", raw)
    name = _CLASS_MARK.sub(" ", name)
    return _SPACES.sub(" ", name).strip(" ,.")


def latin_short_name(raw: str) -> str:
    """The name without legal-form words at either end: `AMAZON COM INC` -> `AMAZON`.

    Words are cut from the end (and a leading "The") only; a legal word inside the name stays
    (`Bank of New York Mellon Corp` -> `Bank of New York Mellon`).
    """
    words = _WORD.findall(clean_latin_name(raw).replace(",", " "))
    while len(words) > 1 and (_is_legal_word(words[-1]) or words[-1] in {"&", "and"}):
        words.pop()
    if len(words) > 1 and words[0].lower() == "the":
        words.pop(0)
    if len(words) == 1 and _is_legal_word(words[0]):
        return ""
    if not words:
        return ""
    joined = " ".join(words)
    # "Apple Inc." loses its full stop; "U.S." and "J.M." keep theirs.
    return joined if words[-1].count(".") > 1 else joined.rstrip(".")


def _is_legal_word(word: str) -> bool:
    return word.lower().replace(".", "") in _LEGAL_WORDS


_SMALL_WORDS = {"of", "and", "the", "for", "a", "an", "in", "on", "at", "to"}
_VOWELS = re.compile(r"[AEIOUY]", re.IGNORECASE)
_SHOUTED_WORD = re.compile(r"[A-Za-z][A-Za-z'.&-]*")


def display_case(name: str) -> str:
    """`BEST BUY` -> `Best Buy`, `CVS HEALTH` -> `CVS Health`; mixed-case names stay as they are.

    Lists in capitals (the SEC's, HKEX's) lose the casing people write; short words are kept
    in capitals as they are mostly acronyms (CVS, IBM, AT&T); little words (of, and) go lower.
    """
    if any(ch.islower() for ch in name):
        return name

    def recase(match: re.Match[str]) -> str:
        word = match.group(0)
        letters = re.sub(r"[^A-Za-z]", "", word)
        if word.lower() in _SMALL_WORDS:
            return word.lower() if match.start() else word.capitalize()
        if "&" in word or "." in word or len(letters) <= 2 or not _VOWELS.search(letters):
            return word  # AT&T, U.S., HSBC: acronyms
        if len(letters) == 3 and letters[1].upper() not in "AEIOU":
            return word  # IBM, AMD, CVS read as acronyms; BUY, GAP, NEW as words
        return word.capitalize()

    return _SHOUTED_WORD.sub(recase, name)
