"""Which language and script an article is written in, from character statistics.

Chinese vs English: words in each. Latin words are counted as runs of letters (with digits and
hyphens inside, so "Qwen3-VL-30B" is one word); Chinese words as Han characters divided by
`HAN_CHARS_PER_WORD`, the average length of a Chinese word. Chinese market news full of tickers
and model names (Qwen3-VL, FP8) stays Chinese, an English story quoting a Chinese name stays
English, and a text with substantial amounts of both is "mixed".

Both counts come from one `bytes.translate` of the sample's UTF-8 form (see `_byte_counts`),
which costs a few nanoseconds a character where a regex costs a hundred per match. Han
characters are counted as U+4000-U+9FFF, the code points whose UTF-8 form opens with bytes
E4-E9: the whole Unified block and the common end of Extension A; the rare rest of Extension A
and the compatibility block are not counted.

Traditional vs Simplified: a character that `text.fold.fold` changes is specifically Traditional
(fold maps Traditional to Simplified); a character that OpenCC's Simplified-to-Traditional table
changes, and that fold leaves alone, is specifically Simplified. Whichever count is larger wins.
Characters shared by both scripts (人, 中, 大...) count for neither. The counts are taken over
the first of `SCRIPT_WINDOWS` (the sample's first characters) that is decisive, else over the
whole sample (see `_script_counts`): thirty characters of Chinese usually hold half a dozen
script-specific characters, and counting them is the costly step (a regex match apiece). A
decisive window holds at least `DECISIVE_EVIDENCE` of them, so it never looks too thin to
overrule a declared tag.

Hong Kong usage: Cantonese particles and words (啱啱, 嘅, 咗, 唔, 佢哋...) that standard written
Chinese does not use. Markers are matched on folded text, so they are found in either script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from marketbuzz.model import Language
from marketbuzz.text.fold import fold, fold_table

HAN_CHARS_PER_WORD = 1.7
CHINESE_SHARE = 0.55  # share of Chinese words at or above which a text is Chinese
ENGLISH_SHARE = 0.15  # share of Chinese words at or below which a text is English
MIN_SIGNAL = 2  # fewer words than this: unknown
SAMPLE_CHARS = 3000  # the shares settle well before this; it bounds the cost on long texts
# Script evidence is counted in growing windows from the start, then in the whole sample,
# stopping at the first that is decisive: 30 characters of Chinese usually are.
SCRIPT_WINDOWS = (30, 400)
DECISIVE_EVIDENCE = 5  # script-specific characters a window needs to decide without the rest
DECISIVE_RATIO = 3  # ...and how many times the other script's count

_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
# UTF-8 bytes to classes: "a" an ASCII letter; "h" the lead byte of U+4000-U+9FFF (Han); "j" the
# lead byte E3 of U+3000-U+3FFF and "c" the bytes 81-83, so "jc" may open kana (U+3040-U+30FF);
# "k" a lead byte of U+A000-U+DFFF, where Hangul lives; " " any other byte. Deleted: the other
# continuation bytes (which shortens the rest of the work threefold for Chinese) and digits, "'"
# and "-". Those join letters inside a Latin word and separate nothing that matters elsewhere,
# since a Latin word is a run of letters, digits, "'" and "-" holding at least one letter
# (exactly what r"[A-Za-z][A-Za-z0-9'-]*" finds): after the mapping, a run of "a".
_BYTE_CLASSES = bytes(
    ord("a")
    if chr(b).isascii() and chr(b).isalpha()
    else ord("h")
    if 0xE4 <= b <= 0xE9
    else ord("j")
    if b == 0xE3
    else ord("c")
    if 0x81 <= b <= 0x83
    else ord("k")
    if 0xEA <= b <= 0xED
    else ord(" ")
    for b in range(256)
)
_DELETED_BYTES = b"0123456789'-" + bytes(range(0x84, 0xC0))
# Looked for as integers: `b"a" in data` first tries the bytes object as an integer and raises
# (and clears) a TypeError inside CPython, a thousand instructions; `97 in data` is a memchr.
# ("jc", two bytes, has no integer form.)
_LETTER, _HANGUL_LEAD = ord("a"), ord("k")
# Everything but letters to spaces, so each Latin word opens with " a" (or opens the text).
_LETTERS_ONLY = bytes(ord("a") if b == ord("a") else ord(" ") for b in range(256))
_KANA_HANGUL_RUN = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]+")
_CANTONESE_MARKERS = (
    "啱啱",
    "嘅",
    "咗",
    "唔",
    "係咪",
    "佢",
    "冇",
    "喺",
    "嘢",
    "咁樣",
    "點解",
    "邊個",
    "睇",
    "畀",
    "嚟",
    "啲",
    "乜嘢",
    "嗰",
    "揾",
    "搵",
)
# Written once; both scripts' forms are generated so the raw text can be searched without the
# cost of folding it.
_CANTONESE = re.compile(
    "|".join(
        sorted({form for m in _CANTONESE_MARKERS for form in (m, fold(m))}, key=len, reverse=True)
    )
)


@dataclass(slots=True)
class LanguageGuess:
    """What `detect_language` found. (A slotted dataclass, not frozen: built for every article,
    it costs less than a named tuple, and compiled it is a native class.)"""

    language: Language
    hk_usage: bool
    han: int  # Han characters in the sample
    latin: int  # Latin words in the sample
    traditional: int
    simplified: int


@cache
def simplified_only_chars() -> frozenset[str]:
    """Characters OpenCC's s2t table changes and fold leaves alone; built once per process."""
    import opencc

    converter = opencc.OpenCC("s2t")
    chars = [chr(code) for low, high in _CJK_RANGES for code in range(low, high + 1)]
    # One character a line, so OpenCC's phrase rules never join neighbours (as in fold_table).
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        return frozenset()
    folds = fold_table()
    return frozenset(
        original
        for original, target in zip(chars, converted, strict=True)
        if target != original and ord(original) not in folds
    )


@cache
def _script_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    traditional = "".join(
        chr(code) for code in fold_table() if any(low <= code <= high for low, high in _CJK_RANGES)
    )
    simplified = "".join(sorted(simplified_only_chars()))
    return re.compile(f"[{re.escape(traditional)}]"), re.compile(f"[{re.escape(simplified)}]")


@cache
def _script_classes() -> list[str]:
    """Every BMP character's script class for `str.translate`: "T" Traditional-only, "S"
    Simplified-only, "" (dropped) for the rest. One translation and two counts read a window:
    two regex scans with character classes of thousands of members cost three times more."""
    traditional, simplified = _script_patterns()
    table = [""] * 0x10000
    for pattern, mark in ((traditional, "T"), (simplified, "S")):
        for char in _class_members(pattern):
            table[ord(char)] = mark
    return table


def _class_members(pattern: re.Pattern[str]) -> str:
    """The characters of a one-class pattern built by `_script_patterns`."""
    return re.sub(r"\\(.)", r"\1", pattern.pattern[1:-1])


def _run_length(pattern: re.Pattern[str], text: str) -> int:
    return len("".join(pattern.findall(text)))


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of `text`; never raises."""
    sample = text[:SAMPLE_CHARS]
    han, latin, maybe_kana_hangul = _byte_counts(sample)
    traditional, simplified = _script_counts(sample) if han else (0, 0)
    hk_usage = han > 0 and _CANTONESE.search(sample) is not None
    language = _classify(
        sample, han, latin, traditional_wins=traditional > simplified, kana=maybe_kana_hangul
    )
    return LanguageGuess(language, hk_usage, han, latin, traditional, simplified)


def _byte_counts(sample: str) -> tuple[int, int, bool]:
    """Han characters and Latin words in `sample`, from its UTF-8 bytes mapped to classes, and
    whether a kana or Hangul lead byte may be there (worth looking for them: "jc" also opens
    a few other characters of U+3000-U+3FFF)."""
    data = sample.replace("’", "'").encode("utf-8", "surrogatepass")
    classes = data.translate(_BYTE_CLASSES, _DELETED_BYTES)
    han = classes.count(b"h")
    latin = 0
    if _LETTER in classes:
        letters = classes.translate(_LETTERS_ONLY)
        # Two exact ways to count the runs of "a": splitting is four times faster when the
        # words are few (Chinese text), counting the openings " a" when they are many.
        if 2 * han > len(classes):
            latin = len(letters.split())
        else:
            latin = letters.count(b" a") + letters.startswith(b"a")
    maybe_kana_hangul = _HANGUL_LEAD in classes or b"jc" in classes
    return han, latin, maybe_kana_hangul


def _script_counts(sample: str) -> tuple[int, int]:
    """Traditional-only and Simplified-only characters in the first decisive window, else in
    the whole sample. Each window's count adds the stretch beyond the last window to that
    window's count (the patterns match single characters, so the counts add up), so no
    character is looked at twice."""
    classes = _script_classes()
    traditional = simplified = 0
    counted = 0
    for size in (*SCRIPT_WINDOWS, len(sample)):
        marks = sample[counted:size].translate(classes)
        traditional += marks.count("T")
        simplified += marks.count("S")
        counted = size
        if size >= len(sample) or _decisive(traditional, simplified):
            break
    return traditional, simplified


def _decisive(traditional: int, simplified: int) -> bool:
    larger, smaller = max(traditional, simplified), min(traditional, simplified)
    return larger >= DECISIVE_EVIDENCE and larger >= DECISIVE_RATIO * smaller


def _classify(sample: str, han: int, latin: int, *, traditional_wins: bool, kana: bool) -> Language:
    """`kana`: a kana or Hangul lead byte was seen, so Japanese and Korean are worth ruling out."""
    chinese_words = han / HAN_CHARS_PER_WORD
    if chinese_words + latin < MIN_SIGNAL:
        return "unknown"
    kana_hangul = _run_length(_KANA_HANGUL_RUN, sample[:1000]) if han and kana else 0
    if kana_hangul > 0.2 * han * min(1.0, 1000 / len(sample)) and kana_hangul > latin:
        return "unknown"  # Japanese or Korean: not a language this engine reads
    share = chinese_words / (chinese_words + latin)
    if share <= ENGLISH_SHARE:
        return "en"
    if share < CHINESE_SHARE:
        return "mixed"
    return "zh-Hant" if traditional_wins else "zh-Hans"


def map_language_tag(tag: str) -> Language | None:
    """Map a declared language tag (zh-TW, zh_CN, cht, en-US...) to ours; None if unclear."""
    key = tag.strip().lower().replace("_", "-")
    if not key:
        return None
    if key in _TAGS:
        return _TAGS[key]
    if key.startswith("en"):
        return "en"
    if key.startswith(("zh-hant", "zh-tw", "zh-hk", "zh-mo")):
        return "zh-Hant"
    if key.startswith(("zh-hans", "zh-cn", "zh-sg", "zh-my")):
        return "zh-Hans"
    return None


_TAGS: dict[str, Language] = {
    "cht": "zh-Hant",
    "tc": "zh-Hant",
    "traditional": "zh-Hant",
    "traditional chinese": "zh-Hant",
    "繁體中文": "zh-Hant",
    "繁体中文": "zh-Hant",
    "chs": "zh-Hans",
    "sc": "zh-Hans",
    "simplified": "zh-Hans",
    "simplified chinese": "zh-Hans",
    "简体中文": "zh-Hans",
    "簡體中文": "zh-Hans",
    "english": "en",
    "英文": "en",
    "mixed": "mixed",
}
