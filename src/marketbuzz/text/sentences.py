"""Sentence and clause segmentation with offsets, for Chinese and English alike."""

from __future__ import annotations

import re
from typing import NamedTuple

# A sentence ends at Chinese full stops, exclamation and question marks (either width), a
# semicolon, a line break, or an English full stop followed by white space and not preceded by a
# common abbreviation or a single capital (initials such as "J. P.").
_ABBREVIATIONS = ("Mr", "Ms", "Mrs", "Dr", "St", "Co", "No", "vs", "Jr", "Sr", "Inc", "Corp", "Ltd")
# One pattern, opening with a character set so the regex engine can skip ahead to candidates
# (an alternation of two patterns would be tried at every position). The set holds every
# terminator and the English full stop; what follows depends on which it was:
# - a Chinese or other terminator, or a line break: more of them, then closing quotes;
# - an English full stop: followed by white space and not a lower-case letter, unless it ends a
#   common abbreviation or an initial ("J. P. Morgan"). The look-behinds run only at dots.
# The two kinds never share a character, so one scan finds the ends both would.
_TERMINATORS = "。！？!?；;\n"
_SENTENCE_END = re.compile(
    rf"[{_TERMINATORS}.]"
    r"(?:(?<=\.)(?<![A-Z]\.)"
    + "".join(rf"(?<!\b{abbreviation}\.)" for abbreviation in _ABBREVIATIONS)
    + r"(?=\s+[^a-z\s])"
    + rf"|(?<!\.)[{_TERMINATORS}]*[」』”\"')）]*)"
)
# Clauses split further at commas; moves such as "甲骨文一度跌超7%，特斯拉跌超4%" sit in clauses.
_CLAUSE_END = re.compile(r"[，,、：:]")


class Segment(NamedTuple):
    """A half-open span of the text. A named tuple: made by the thousand, it must be cheap."""

    start: int
    end: int


def _segments(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[Segment]:
    """The pieces between the ends of `pattern`'s matches. Matches are never empty, so each
    ends after the one before."""
    bounds: list[Segment] = []
    position = start
    for match in pattern.finditer(text, start, end):
        boundary = match.end()
        _append_stripped(bounds, text, position, boundary)
        position = boundary
    if position < end:
        _append_stripped(bounds, text, position, end)
    return bounds


def _append_stripped(bounds: list[Segment], text: str, start: int, end: int) -> None:
    """Append text[start:end] without its surrounding white space, unless it is all space."""
    # Most pieces neither open nor close with white space: two characters tell, no copy.
    if not text[start].isspace() and not text[end - 1].isspace():
        bounds.append(Segment(start, end))
        return
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
