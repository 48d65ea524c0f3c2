"""First-word shorthands: "Agilent" for Agilent Technologies, "Barrick" for Barrick Mining.

News calls a company by the distinctive first word of its name once the rest only says what
trade it is in ("Agilent Technologies", "Gilead Sciences", "Asbury Automotive"). The master
gains that word as a short name when:

- the name is two words and the second is a trade word (`TRADE_WORDS`);
- the company is listed in the US (the SEC list is where such names come from);
- the word has at least four letters and is rare in English and in the other languages
  `CommonWords` reads (so neither an English word nor a foreign place: "Bogota");
- no other entity has a name starting with that word, or the word as a name (two companies
  called Acadia leave "Acadia" to neither).

A word in everyday use now and then (Gilead, Asbury: Zipf 2.5-3) is marked ambiguous, so it
links only with market context, like Apple; a word seldom seen outside the company's name
(Agilent, Barrick: Zipf < 2.5) links as it is.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # build-time types; the linker imports only the constants below at run time
    from marketbuzz.master.sources.common_words import CommonWords
    from marketbuzz.master.sources.draft import Draft

_TRADE_WORDS_TEXT = """
    pharmaceuticals pharmaceutical pharma biopharma therapeutics biotherapeutics biologics
    biosciences bioscience biotech oncology genomics diagnostics sciences medical healthcare
    laboratories labs technologies technology software semiconductor semiconductors systems
    solutions networks communications instruments automotive motors aerospace airlines realty
    properties industries materials chemicals chemical energy petroleum resources mining gold
    minerals bancorp bancshares financial entertainment brands foods
"""
TRADE_WORDS = frozenset(_TRADE_WORDS_TEXT.split())
# The kind of name given: the linker reads it ("Civitas Solutions" is not Civitas Resources).
SHORTHAND = "shorthand"
_MIN_LETTERS = 4
_RARE = 2.5  # Zipf below this: links as it is
_OCCASIONAL = 3.0  # Zipf below this (and at or above _RARE): links with market context


def _owners_by_first_word(drafts: dict[str, Draft]) -> dict[str, set[str]]:
    """English name words that begin a name, or are one -> the entities owning such names."""
    owners: dict[str, set[str]] = defaultdict(set)
    for draft in drafts.values():
        for name in draft.names:
            if name.lang == "en":
                owners[name.key.split(" ", 1)[0]].add(draft.id)
    return owners


def _candidate_word(draft: Draft) -> tuple[str, str] | None:
    """(key, text) of the first word of a current two-word short name ending in a trade word."""
    if not any(listing.market == "US" for listing in draft.listings):
        return None
    for name in draft.names:
        if name.lang != "en" or name.kind != "short" or name.valid_to is not None:
            continue
        keys, texts = name.key.split(" "), name.text.split(" ")
        if len(keys) == 2 and len(texts) == 2 and keys[1] in TRADE_WORDS:
            word = keys[0]
            if len(word) >= _MIN_LETTERS and word.isascii() and word.isalpha():
                return word, texts[0]
    return None


def add_first_word_names(drafts: dict[str, Draft], words: CommonWords) -> int:
    """Give each company that qualifies its first-word shorthand; returns how many gained one."""
    owners = _owners_by_first_word(drafts)
    added = 0
    for draft in drafts.values():
        found = _candidate_word(draft)
        if found is None:
            continue
        key, text = found
        if owners[key] - {draft.id} or any(n.key == key for n in draft.names):
            continue  # another company's name starts so, or the word is already a name
        english, elsewhere = words.zipf_profile(key)
        if english >= _OCCASIONAL or elsewhere >= _OCCASIONAL:
            continue
        draft.add_name(key, text, SHORTHAND, "en", ambiguous=english >= _RARE)
        added += 1
    return added
