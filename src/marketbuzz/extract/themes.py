"""Themes: what the article is about beyond single instruments (the AI trade, chips, crypto...).

Two sources feed a theme: the curated lexicon (`lexicon.THEMES_*`: 人工智能, 芯片, 资料中心,
"data center", AI...), matched by two Aho-Corasick passes over the folded text, and the curated
`Entity.themes` of the entities the story is about (not brokers quoted as sources). Theme
names follow the curated tables (ai, semiconductors, data_centers, big_tech, e_commerce,
banking...). A theme's score is the share of sentences that carry it, saturating: a theme in a
quarter of the sentences scores about 0.8, one stray word in a long article stays near 0.
Evidence is the matched words (up to a few per theme), in text order.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from marketbuzz.document import Document
from marketbuzz.extract import lexicon
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Mention, Span, Theme

_WORD_THEMES: dict[str, tuple[str, ...]] = {}
for _table in (lexicon.THEMES_ZH, lexicon.THEMES_EN):
    for _theme, _words in _table.items():
        for _word in _words:
            key = _word.lower()
            _WORD_THEMES[key] = (*_WORD_THEMES.get(key, ()), _theme)
_ACRONYM_THEMES: dict[str, tuple[str, ...]] = {}
for _theme, _words in lexicon.THEMES_ACRONYMS.items():
    for _word in _words:
        _ACRONYM_THEMES[_word] = (*_ACRONYM_THEMES.get(_word, ()), _theme)

# Chinese words match anywhere; Latin words and phrases only as whole words, any casing.
_THEME_WORDS = lexicon.WordFinder(_WORD_THEMES)
# Acronyms keep their capitals and may touch Chinese characters (AI芯片) but not Latin letters.
_THEME_ACRONYMS = lexicon.WordFinder(_ACRONYM_THEMES, case_sensitive=True)

_SATURATION = 6.0  # score = 1 - exp(-6 * share): 10% of sentences -> 0.45, 25% -> 0.78
_ENTITY_WEIGHT = 0.5  # a sentence carrying a theme only through an entity counts half
_MAX_EVIDENCE = 5


def _theme_hits(doc: Document) -> list[tuple[str, int, int]]:
    """(theme, start, end) for every theme word in the text."""
    folded = doc.folded
    hits: list[tuple[str, int, int]] = []
    for start, end, themes in _THEME_WORDS.finditer(lexicon.ascii_lower(folded)):
        hits += [(theme, start, end) for theme in themes]
    for start, end, themes in _THEME_ACRONYMS.finditer(folded):
        hits += [(theme, start, end) for theme in themes]
    hits.sort(key=lambda hit: hit[1])
    return hits


def extract_themes(
    doc: Document, mentions: Sequence[Mention], master: SecurityMaster
) -> list[Theme]:
    """Themes of the article, highest score first."""
    sentences = doc.sentences
    if not sentences:
        return []
    starts = [s.start for s in sentences]

    def sentence_index(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    word_sentences: dict[str, set[int]] = {}
    entity_sentences: dict[str, set[int]] = {}
    evidence: dict[str, list[Span]] = {}
    for theme, start, end in _theme_hits(doc):
        word_sentences.setdefault(theme, set()).add(sentence_index(start))
        spans = evidence.setdefault(theme, [])
        if len(spans) < _MAX_EVIDENCE:
            spans.append(Span(start, end, doc.text[start:end]))
    for mention in mentions:
        if mention.role in ("source", "actor"):
            continue  # a broker quoted as a source does not make the story about banking
        entity = master.entities.get(mention.entity_id)
        for theme in entity.themes if entity else ():
            entity_sentences.setdefault(theme, set()).add(sentence_index(mention.start))
            spans = evidence.setdefault(theme, [])
            if len(spans) < _MAX_EVIDENCE:
                spans.append(Span(mention.start, mention.end, mention.text))

    themes: list[Theme] = []
    for theme, found in evidence.items():
        words = word_sentences.get(theme, set())
        only_entities = entity_sentences.get(theme, set()) - words
        weight = len(words) + _ENTITY_WEIGHT * len(only_entities)
        share = weight / len(sentences)
        score = round(1.0 - math.exp(-_SATURATION * share), 3)
        ordered = tuple(sorted(found, key=lambda span: span.start))
        themes.append(Theme(theme, score, ordered))
    themes.sort(key=lambda t: (-t.score, t.name))
    return themes
