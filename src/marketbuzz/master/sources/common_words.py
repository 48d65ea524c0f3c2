"""Which names are also ordinary words: word-frequency lists, used at build time only.

The result is one boolean per name (`Name.ambiguous`); the lists are not needed at run time.

English (`wordfreq`): a company name that is a frequent English word (Target, Block, Gap, Snap,
Match, Ball) is ambiguous. Brand names are frequent too (Google, Microsoft), but a brand is about
as frequent in German, French or Spanish text as in English, while an ordinary English word is
not; so a frequent word is ambiguous when English uses it clearly more than the other languages.
Two-word names are ambiguous when both words are very common (Best Buy).

Chinese (jieba's dictionary, which tags each word with its part of speech, and `wordfreq` 'zh'):
a short name is ambiguous when it is a common noun, adjective or verb (石油, 平安, 民生, 小米,
环保, 美的), a well-known place (长城, 华夏, 九州), or mostly seen inside longer words (比亚 in
哥伦比亚, 赞比亚). Big brands that are also words (百度, 网易) are settled by the curated tables,
whose ambiguity column wins over these lists.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

_OTHER_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl")
# Parts of speech in jieba's dictionary: brands and organisations, then person and place names.
_BRAND_POS = {"nz", "nt", "nrt", "nrfg", "eng"}
_NAME_POS = {"nr", "ns"}
_LATIN_TOKEN = re.compile(r"[a-z0-9]+(?:['.-][a-z0-9]+)*")
_CJK_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")


def _zipf(frequency: float) -> float:
    return math.log10(frequency * 1e9) if frequency > 0 else 0.0


@dataclass(frozen=True)
class JiebaEntry:
    count: int
    pos: str


class CommonWords:
    """Build-time judge of whether a name key is also an ordinary word."""

    def __init__(self) -> None:
        try:
            import wordfreq
        except ImportError as exc:  # pragma: no cover - a build-time tool
            raise RuntimeError(
                "building the master needs `wordfreq` and `jieba` (pip install wordfreq jieba)"
            ) from exc
        self._wordfreq: Any = wordfreq

    # -- English ---------------------------------------------------------------------------

    @cached_property
    def _en(self) -> dict[str, float]:
        return dict(self._wordfreq.get_frequency_dict("en"))

    @cached_property
    def _others(self) -> list[dict[str, float]]:
        return [dict(self._wordfreq.get_frequency_dict(lang)) for lang in _OTHER_LANGUAGES]

    def _en_zipf(self, word: str) -> float:
        return _zipf(self._en.get(word, 0.0))

    def _median_other_zipf(self, word: str) -> float:
        values = sorted(_zipf(table.get(word, 0.0)) for table in self._others)
        middle = len(values) // 2
        return (values[middle - 1] + values[middle]) / 2

    def zipf_profile(self, word: str) -> tuple[float, float]:
        """How often `word` is seen: its English Zipf value and its highest in the others."""
        return self._en_zipf(word), max(_zipf(table.get(word, 0.0)) for table in self._others)

    def latin_is_common(self, key: str) -> bool:
        """`key` is lower-cased: "target", "best buy", "nvidia"."""
        tokens = _LATIN_TOKEN.findall(key)
        if not tokens or len(key) <= 2 or not any(ch.isalpha() for ch in key):
            return True  # "3m", "111": too short, or a number
        if len(tokens) == 1:
            return self._single_word_is_common(tokens[0])
        if len(tokens) == 2:
            return all(self._en_zipf(token) >= 5.0 for token in tokens)
        return False

    def _single_word_is_common(self, word: str) -> bool:
        english = self._en_zipf(word)
        if english >= 5.0:
            return True
        if english < 3.5:
            return False
        margin = english - self._median_other_zipf(word)
        return margin >= 0.6 or (english >= 4.5 and margin >= 0.25)

    # -- Chinese ---------------------------------------------------------------------------

    @cached_property
    def _jieba(self) -> dict[str, JiebaEntry]:
        import jieba  # type: ignore[import-untyped]  # no stubs; build-time only

        path = Path(jieba.__file__).parent / "dict.txt"
        entries: dict[str, JiebaEntry] = {}
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) == 3 and parts[1].isdigit():
                    entries[parts[0]] = JiebaEntry(int(parts[1]), parts[2])
        return entries

    @cached_property
    def _zh(self) -> dict[str, float]:
        return dict(self._wordfreq.get_frequency_dict("zh"))

    @cached_property
    def _zh_inside(self) -> dict[str, float]:
        """For each two-character string, the frequency of longer words that contain it."""
        inside: dict[str, float] = defaultdict(float)
        for word, frequency in self._zh.items():
            if len(word) > 2:
                for pair in {word[i : i + 2] for i in range(len(word) - 1)}:
                    inside[pair] += frequency
        return dict(inside)

    def chinese_is_common(self, key: str) -> bool:
        """`key` is folded Simplified Chinese: "平安", "石油", "比亚", "腾讯控股"."""
        if not _CJK_ONLY.match(key) or len(key) > 3:
            return False
        if len(key) == 1:
            return True
        zipf = _zipf(self._zh.get(key, 0.0))
        return self._is_common_word(key, zipf) or self._mostly_inside_words(key, zipf)

    def _is_common_word(self, key: str, zipf: float) -> bool:
        entry = self._jieba.get(key)
        if entry is None:
            return zipf >= 4.0
        if len(key) == 3:  # three-character words: only very common ones
            return entry.pos not in _BRAND_POS and (entry.count >= 1000 or zipf >= 4.5)
        return _is_common_entry(entry, zipf)

    def _mostly_inside_words(self, key: str, zipf: float) -> bool:
        """比亚 is rare alone and frequent inside 哥伦比亚, 赞比亚: it would match those."""
        if len(key) != 2:
            return False
        inside = _zipf(self._zh_inside.get(key, 0.0))
        return inside >= 3.5 and inside >= zipf + math.log10(3)


def _is_common_entry(entry: JiebaEntry, zipf: float) -> bool:
    """A dictionary word is common when frequent for its part of speech.

    Brand and organisation tags (nz, nt) are trusted; person and place tags (nr, ns) are not
    (jieba tags 卫星, 友谊 and 美的 as person names), so they need a higher frequency; plain
    nouns, verbs and adjectives are common from a modest frequency.
    """
    if entry.pos in _BRAND_POS:
        return False
    if entry.pos == "j":  # abbreviations: 环保, 石化 are words, 工行, 中行 are banks
        return entry.count >= 500 or zipf >= 4.5
    if entry.pos in _NAME_POS:
        return entry.count >= 300 or zipf >= 4.0
    return entry.count >= 500 or zipf >= 3.5
