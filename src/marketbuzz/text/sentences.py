"""Sentence and clause segmentation with offsets, for Chinese and English alike."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at Chinese full stops, exclamation and question marks (either width), a
# semicolon, a line break, or an English full stop followed by white space and not preceded by a
# common abbreviation or a single capital (initials such as "J. P.").
_ABBREVIATIONS = ("Mr", "Ms", "Mrs", "Dr", "St", "Co", "No", "vs", "Jr", "Sr", "Inc", "Corp", "Ltd")
# The dot is matched first and the look-behinds checked after it, so they run only at dots.
_SENTENCE_END = re.compile(
    r"[。！？!?；;]+[」』”\"')）]*"
    r"|\n+"
    r"|\.(?<![A-Z]\.)"
    + "".join(rf"(?<!\b{abbreviation}\.)" for abbreviation in _ABBREVIATIONS)
    + r"(?=\s+[^a-z\s])"
)
# Clauses split further at commas; moves such as "甲骨文一度跌超7%，特斯拉跌超4%" sit in clauses.
_CLAUSE_END = re.compile(r"[，,、：:]")


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int


def _segments(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[Segment]:
    bounds: list[Segment] = []
    position = start
    for match in pattern.finditer(text, start, end):
        if match.end() > position:
            _append_stripped(bounds, text, position, match.end())
        position = match.end()
    if position < end:
        _append_stripped(bounds, text, position, end)
    return bounds


def _append_stripped(bounds: list[Segment], text: str, start: int, end: int) -> None:
    """Append text[start:end] without its surrounding white space, unless it is all space."""
    piece = text[start:end]
    stripped = piece.lstrip()
    if not stripped:
        return
    lead = len(piece) - len(stripped)
    trail = len(stripped) - len(stripped.rstrip())
    bounds.append(Segment(start + lead, end - trail))


def sentences(text: str) -> list[Segment]:
    """Split `text` into sentences; offsets point into `text`, surrounding space trimmed."""
    return _segments(text, _SENTENCE_END, 0, len(text))


def clauses(text: str, sentence: Segment) -> list[Segment]:
    """Split one sentence into comma-separated clauses."""
    return _segments(text, _CLAUSE_END, sentence.start, sentence.end)
