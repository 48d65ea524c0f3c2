"""Themes: what the article is about beyond single instruments (the AI trade, chips, crypto...).

Two sources feed a theme: the curated lexicon (`lexicon.THEMES_*`: 人工智能, 芯片, 资料中心,
"data center", AI...), matched by Aho-Corasick passes over the folded text, and the curated
`Entity.themes` of the story's *subject* entities. Theme names follow the curated tables (ai,
semiconductors, data_centers, big_tech, e_commerce, banking...).

A theme is reported only when the article is really about it:
- its support is a theme word in the text, or a subject entity carrying it. A subject entity is
  named at least twice or in the title, and is neither a broker nor a source/actor of a report
  (摩根士丹利發表報告 is not a story about banking; one 特斯拉 in a market wrap is not about EVs);
- it is carried by the title, or by at least two sentences (one is enough in a short item of up
  to three sentences, a news flash): a market wrap's 比特币下跌2% at the end of a story about
  liquor is a passing mention;
- its score reaches `MIN_SCORE`. The score is the share of sentences that carry the theme,
  saturating (score = 1 - exp(-6 * share)); a sentence carrying it only through an entity counts
  half. With `MIN_SCORE` 0.15 a theme needs about 2.7% of the sentences: two sentences of a
  57-sentence article (one stray sentence scores 0.10 and is dropped), any one sentence of a
  short item of up to 36 sentences.
Evidence is the supporting words and entity names (up to a few per theme), in text order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from marketbuzz.document import Document
from marketbuzz.extract import lexicon
from marketbuzz.extract.lexicon import sentence_of
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Mention, Span, Theme

_SATURATION = 6.0  # score = 1 - exp(-6 * share): 10% of sentences -> 0.45, 25% -> 0.78
_ENTITY_WEIGHT = 0.5  # a sentence carrying a theme only through an entity counts half
MIN_SCORE = 0.15  # below this a theme is a passing mention, not what the article is about
_SUBJECT_MENTIONS = 2  # an entity named this often (or in the title) is one the story is about
_MAX_EVIDENCE = 5
_NOT_SUBJECT_ROLES = ("source", "actor")
_MIN_SENTENCES = 2  # sentences carrying a theme, unless the title does or the text is short
_SHORT_TEXT = 3  # up to this many sentences, one sentence carrying a theme is enough


def _theme_hits(doc: Document) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, themes) for every theme word in the text."""
    # Chinese words match anywhere; Latin words and phrases only as whole words, any casing;
    # acronyms (AI, GPU) in capitals only, with no Latin letter or digit glued on.
    words = lexicon.document_words(doc)
    return [*words.themes, *words.theme_acronyms] if words.theme_acronyms else words.themes


def _subject_themes(master: SecurityMaster, entity_id: str) -> tuple[str, ...]:
    """The curated themes an entity lends a story it is the subject of: none for brokers.
    Looked up once per master (entities unpack on first use, through a generic Mapping)."""
    known: dict[str, tuple[str, ...]] = master.memo("themes.subject_themes", dict)
    themes = known.get(entity_id)
    if themes is None:
        entity = master.entities.get(entity_id)
        themed = entity is not None and entity.themes and "broker" not in entity.roles
        themes = known[entity_id] = entity.themes if themed and entity is not None else ()
    return themes


def _subject_mentions(
    doc: Document, mentions: Sequence[Mention], master: SecurityMaster
) -> list[Mention]:
    """Mentions of the entities the story is about (see the module docstring)."""
    counted = [m for m in mentions if m.role not in _NOT_SUBJECT_ROLES]
    if not counted:
        return []
    times: dict[str, int] = {}
    for mention in counted:
        times[mention.entity_id] = times.get(mention.entity_id, 0) + 1
    body_start = doc.body_start
    named = {entity_id for entity_id, count in times.items() if count >= _SUBJECT_MENTIONS}
    named.update(m.entity_id for m in counted if m.start < body_start)  # named in the title
    subjects = {entity_id for entity_id in named if _subject_themes(master, entity_id)}
    return [m for m in counted if m.entity_id in subjects] if subjects else []


def _score(word_sentences: set[int], entity_sentences: set[int], sentence_count: int) -> float:
    weight = len(word_sentences) + _ENTITY_WEIGHT * len(entity_sentences - word_sentences)
    return round(1.0 - math.exp(-_SATURATION * weight / sentence_count), 3)


def extract_themes(
    doc: Document, mentions: Sequence[Mention], master: SecurityMaster
) -> list[Theme]:
    """Themes the article is about (score >= `MIN_SCORE`), highest score first."""
    sentence_count = len(doc.sentences)
    if not sentence_count:
        return []
    hits = _theme_hits(doc)
    subject_mentions = _subject_mentions(doc, mentions, master)
    if not hits and not subject_mentions:
        return []  # no theme word and no themed subject: nothing supports a theme
    sentences = doc.sentences
    word_sentences: dict[str, set[int]] = {}
    entity_sentences: dict[str, set[int]] = {}
    evidence: dict[str, list[Span]] = {}
    text = doc.text

    def support(theme: str, found_in: dict[str, set[int]], start: int, end: int) -> None:
        index = sentence_of(sentences, start) or 0  # between sentences: counted with the first
        found_in.setdefault(theme, set()).add(index)
        spans = evidence.setdefault(theme, [])
        if len(spans) < _MAX_EVIDENCE:
            spans.append(Span(start, end, text[start:end]))

    for start, end, names in hits:
        for theme in names:
            support(theme, word_sentences, start, end)
    for mention in subject_mentions:
        for theme in _subject_themes(master, mention.entity_id):
            support(theme, entity_sentences, mention.start, mention.end)

    themes: list[Theme] = []
    enough = 1 if sentence_count <= _SHORT_TEXT else _MIN_SENTENCES
    for theme, found in evidence.items():
        words = word_sentences.get(theme, set())
        named = entity_sentences.get(theme, set())
        in_title = min(span.start for span in found) < doc.body_start
        if len(words | named) < enough and not in_title:
            continue  # a passing mention
        score = _score(words, named, sentence_count)
        if score >= MIN_SCORE:
            themes.append(Theme(theme, score, tuple(sorted(found, key=lambda span: span.start))))
    themes.sort(key=lambda t: (-t.score, t.name))
    return themes
