"""Linking: finding every mention of an instrument and deciding which instrument it is.

`link_mentions(doc, master, as_of=...)` finds mentions (see `linker`); `score_relevance(...)`
says how much the story is about one entity (see `relevance`).
"""

from marketbuzz.link.linker import link_mentions
from marketbuzz.link.relevance import score_relevance

__all__ = ["link_mentions", "score_relevance"]
