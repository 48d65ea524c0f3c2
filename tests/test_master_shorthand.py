"""First-word shorthands ("Agilent" for Agilent Technologies): which companies get one, and how
the linker reads them (a shorthand followed by another trade word is another company)."""

from __future__ import annotations

import pytest

from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Listing
from marketbuzz.master.shorthand import SHORTHAND, add_first_word_names
from marketbuzz.master.sources.draft import Draft
from marketbuzz.master.sources.names import latin_key
from marketbuzz.model import Article
from marketbuzz.pipeline import analyze_article

pytest.importorskip("wordfreq", reason="building the master needs wordfreq (build-time only)")

from marketbuzz.master.sources.common_words import CommonWords


def _company(symbol: str, short: str, market: str = "US") -> Draft:
    draft = Draft(symbol, "equity", short, None, [Listing(symbol, market, symbol)])
    draft.add_name(latin_key(short), short, "short", "en")
    draft.add_name(latin_key(short + " Inc"), short + " Inc", "official", "en")
    return draft


def _shorthands(*drafts: Draft) -> dict[str, tuple[str, bool]]:
    by_id = {d.id: d for d in drafts}
    add_first_word_names(by_id, CommonWords())
    return {d.id: (n.text, n.ambiguous) for d in drafts for n in d.names if n.kind == SHORTHAND}


def test_a_rare_first_word_before_a_trade_word_becomes_a_plain_shorthand() -> None:
    assert _shorthands(_company("A", "Agilent Technologies")) == {"A": ("Agilent", False)}


def test_a_word_seen_now_and_then_needs_market_context() -> None:
    assert _shorthands(_company("GILD", "Gilead Sciences")) == {"GILD": ("Gilead", True)}


@pytest.mark.parametrize(
    "drafts",
    [
        # two companies start so: the word names neither
        (_company("ACAD", "Acadia Pharmaceuticals"), _company("ACHC", "Acadia Healthcare")),
        (_company("AAOI", "Applied Optoelectronics"),),  # an English word
        (_company("BSBK", "Bogota Financial"),),  # a place, common in other languages
        (_company("XX", "Nortwind Widgets"),),  # the second word is no trade word
        (_company("YY", "Nortwind Advanced Materials"),),  # three words
        (_company("2427.HK", "Guanze Medical", market="HK"),),  # not listed in the US
    ],
)
def test_no_shorthand(drafts: tuple[Draft, ...]) -> None:
    assert _shorthands(*drafts) == {}


def test_a_word_already_a_name_gets_no_second_entry() -> None:
    draft = _company("JEF", "Jefferies Financial")
    draft.add_name("jefferies", "Jefferies", "alias", "en")
    assert _shorthands(draft) == {}


# -- linking with the bundled master -------------------------------------------------------


def _linked(master: SecurityMaster, text: str) -> set[str]:
    analysis = analyze_article(Article(title=text, body=""), master)
    return {item.entity_id for item in analysis.instruments}


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("Agilent Sees Higher Profits", "A"),  # rare word: links as it is
        ("Alnylam and Regeneron extend their partnership", "ALNY"),
        ("Denali shares jumped after trial data", "DNLI"),  # seen now and then: with a cue
    ],
)
def test_a_shorthand_links(master: SecurityMaster, text: str, symbol: str) -> None:
    assert symbol in _linked(master, text)


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("Civitas Solutions Names New Chief Executive", "CIVI"),  # another Civitas
        ("Climbers reached the summit of Denali on Tuesday", "DNLI"),  # no market context
    ],
)
def test_a_shorthand_does_not_link(master: SecurityMaster, text: str, symbol: str) -> None:
    assert symbol not in _linked(master, text)
