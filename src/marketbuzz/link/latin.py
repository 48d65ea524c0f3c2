"""Latin-script names: word boundaries and capitalisation decide what is a name.

`SecurityMaster.scan_latin` matches substrings of the lower-cased folded text. A match is kept
when:

- **boundaries**: no ASCII letter or digit right before it and no ASCII letter right after it.
  Han characters count as boundaries ("Trilogy Metals" inside Chinese text links) and so does a
  digit after ("Qwen3-VL" names Qwen);
- **case**: a `case_sensitive` name must appear exactly as written; any other name must keep
  every capital the name has ("oracle" in prose is a word, "Oracle" a company), or be written in
  all capitals when it has at least `MIN_ALL_CAPS_LENGTH` letters (ORACLE, QWEN — but "AI" is
  not the company "Ai");
- **kind**: ticker-kind names are left to `codes` (a bare ticker is not a name); names of
  fewer than `MIN_NAME_LENGTH` characters (SG, DC, GE: too many other things are written so)
  and names without a letter ("111") never link from here; an acronym name followed by a digit
  is a model or part number (SG6931, LTC002), while a mixed-case name followed by a digit is
  still the name (Qwen3).
"""

from __future__ import annotations

from marketbuzz.link.candidate import Candidate
from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Name

MIN_ALL_CAPS_LENGTH = 4
MIN_NAME_LENGTH = 3


def _lowered(folded: str) -> str:
    """Lower-case without changing the length (a few letters lower to two characters)."""
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in folded)


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _at_word_boundary(folded: str, start: int, end: int) -> bool:
    before = folded[start - 1] if start > 0 else ""
    after = folded[end] if end < len(folded) else ""
    if before and _is_ascii_alnum(before):
        return False
    if before == "<" and after == ".":
        return False  # a Reuters code (<NOKIA.HE>): the code path links the ones it knows
    return not (after and after.isascii() and after.isalpha())


def _keeps_capitals(span: str, name: Name) -> bool:
    if name.case_sensitive:
        return span == name.text
    if span == name.text:
        return True
    letters = sum(ch.isalpha() for ch in span)
    if span.isupper() and letters >= MIN_ALL_CAPS_LENGTH:
        return True
    if len(span) != len(name.text):
        return False
    has_capital = False
    for written, named in zip(span, name.text, strict=True):
        if named.isupper():
            has_capital = True
            if not written.isupper():
                return False
    # A name written without any capital ("iqiyi") matches only as written.
    return has_capital


def _name_fits(span: str, name: Name, digit_after: bool) -> bool:
    if name.kind == "ticker" or len(name.key) < MIN_NAME_LENGTH:
        return False
    if not any(ch.isalpha() for ch in name.key):
        return False
    if digit_after and name.text.isupper():
        return False
    return _keeps_capitals(span, name)


def find_latin_names(
    folded: str, master: SecurityMaster, lowered: str | None = None
) -> list[Candidate]:
    """Latin name candidates at word boundaries with the right capitals (may overlap).

    `lowered` is `folded` lower-cased at the same length (`Document.lowered`), if at hand.
    """
    found: list[Candidate] = []
    for start, end, names in master.scan_latin(lowered or _lowered(folded)):
        if not _at_word_boundary(folded, start, end):
            continue
        span = folded[start:end]
        digit_after = end < len(folded) and folded[end].isdigit()
        fitting = tuple(n for n in names if _name_fits(span, n, digit_after))
        if fitting:
            found.append(Candidate(start, end, "latin", span, names=fitting))
    return found
