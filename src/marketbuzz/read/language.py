"""Which language and script an article is written in, from character statistics.

Chinese vs English: words in each. Latin words are counted as runs of letters (with digits and
hyphens inside, so "Qwen3-VL-30B" is one word); Chinese words as Han characters divided by
`HAN_CHARS_PER_WORD`, the average length of a Chinese word. Chinese market news full of tickers
and model names (Qwen3-VL, FP8) stays Chinese, an English story quoting a Chinese name stays
English, and a text with substantial amounts of both is "mixed".

Traditional vs Simplified: a character that `text.fold.fold` changes is specifically Traditional
(fold maps Traditional to Simplified); a character that OpenCC's Simplified-to-Traditional table
changes, and that fold leaves alone, is specifically Simplified. Whichever count is larger wins.
Characters shared by both scripts (人, 中, 大...) count for neither.

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

_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")
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


@dataclass(frozen=True, slots=True)
class LanguageGuess:
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


def _run_length(pattern: re.Pattern[str], text: str) -> int:
    return len("".join(pattern.findall(text)))


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of `text`; never raises."""
    sample = text[:SAMPLE_CHARS]
    han = _run_length(_HAN_RUN, sample)
    latin = len(_LATIN_WORD.findall(sample))
    traditional_pattern, simplified_pattern = _script_patterns()
    traditional = len(traditional_pattern.findall(sample)) if han else 0
    simplified = len(simplified_pattern.findall(sample)) if han else 0
    hk_usage = han > 0 and _CANTONESE.search(sample) is not None
    language = _classify(sample, han, latin, traditional, simplified)
    return LanguageGuess(language, hk_usage, han, latin, traditional, simplified)


def _classify(sample: str, han: int, latin: int, traditional: int, simplified: int) -> Language:
    chinese_words = han / HAN_CHARS_PER_WORD
    if chinese_words + latin < MIN_SIGNAL:
        return "unknown"
    kana_hangul = _run_length(_KANA_HANGUL_RUN, sample[:1000]) if han else 0
    if kana_hangul > 0.2 * han * min(1.0, 1000 / len(sample)) and kana_hangul > latin:
        return "unknown"  # Japanese or Korean: not a language this engine reads
    share = chinese_words / (chinese_words + latin)
    if share <= ENGLISH_SHARE:
        return "en"
    if share < CHINESE_SHARE:
        return "mixed"
    return "zh-Hant" if traditional > simplified else "zh-Hans"


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
