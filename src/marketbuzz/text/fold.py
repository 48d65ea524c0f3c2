"""Length-preserving folding of Chinese script and width variants.

Matching works on a folded copy of the text: Traditional characters become Simplified (OpenCC's
Hong Kong table, so 輝達 and 辉达 meet), full-width Latin letters, digits and punctuation become
ASCII, and the ideographic space becomes a space. The fold maps one character to one character,
so an offset in the folded text is the same offset in the original: no offset map is needed and
every span found in the folded text can be cut from the original as it is.

OpenCC converts phrases as well as characters; we use it per character on purpose. A phrase
rule could change the length (and with it every later offset), and dictionary names are folded
by the same table, so both sides of every comparison agree.
"""

from __future__ import annotations

import re
from functools import cache

# CJK Unified Ideographs, Extension A and the compatibility block: every character OpenCC folds.
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_FULLWIDTH_FIRST, _FULLWIDTH_LAST = 0xFF01, 0xFF5E
_FULLWIDTH_OFFSET = 0xFEE0
_IDEOGRAPHIC_SPACE = 0x3000
_SURROGATE_FIRST, _SURROGATE_LAST = 0xD800, 0xDFFF
_BMP_SIZE = 0x10000
_EXTRA_FOLDS = {
    0x3000: " ",  # ideographic space
    0x00A0: " ",  # no-break space
    0x2019: "'",  # right single quotation mark, as in "Macy’s"
    0x2018: "'",
    0xFF0E: ".",
}


@cache
def fold_table() -> dict[int, str]:
    """The translation table for `str.translate`; built once per process."""
    import opencc

    converter = opencc.OpenCC("hk2s")
    chars = [chr(code) for low, high in _CJK_RANGES for code in range(low, high + 1)]
    # One character a line, so OpenCC's phrase rules never join neighbours.
    converted = converter.convert("\n".join(chars)).split("\n")
    table: dict[int, str] = {}
    if len(converted) == len(chars):
        for original, folded in zip(chars, converted, strict=True):
            if len(folded) == 1 and folded != original:
                table[ord(original)] = folded
    for code in range(_FULLWIDTH_FIRST, _FULLWIDTH_LAST + 1):
        table[code] = chr(code - _FULLWIDTH_OFFSET)
    # Lone surrogates (from bad decoding upstream) cannot be encoded as UTF-8, which compiled
    # matchers need; the replacement character keeps the length.
    for code in range(_SURROGATE_FIRST, _SURROGATE_LAST + 1):
        table[code] = "\ufffd"
    table.update(_EXTRA_FOLDS)
    return table


@cache
def _dense_table() -> list[str]:
    """The fold as a list indexed by code point over the Basic Multilingual Plane.

    `str.translate` with a dict raises and catches KeyError for every character that does not
    change, which is most of them; a list answers every BMP character without an exception,
    twice as fast. Characters beyond the BMP fall off the end and stay as they are.
    """
    table = [chr(code) for code in range(_BMP_SIZE)]
    for code, folded in fold_table().items():
        table[code] = folded
    return table


@cache
def _foldable_ideograph() -> re.Pattern[str]:
    """Any Han character the fold changes: its presence means Traditional text, which holds
    hundreds of distinct such characters, so the whole text is translated."""
    changing = sorted(code for code, folded in _ideograph_folds().items())
    return re.compile("[" + "".join(re.escape(chr(code)) for code in changing) + "]")


@cache
def _foldable_other() -> re.Pattern[str]:
    """Any other character the fold changes: full-width forms, odd spaces and quotes, lone
    surrogates. Simplified news holds a handful of distinct ones (，：（）％)."""
    ideographs = _ideograph_folds()
    changing = sorted(
        code
        for code, folded in fold_table().items()
        if folded != chr(code) and code not in ideographs
    )
    return re.compile("[" + "".join(re.escape(chr(code)) for code in changing) + "]")


@cache
def _ideograph_folds() -> dict[int, str]:
    return {
        code: folded
        for code, folded in fold_table().items()
        if folded != chr(code) and any(low <= code <= high for low, high in _CJK_RANGES)
    }


# Up to this many distinct characters to fold, one `str.replace` apiece (a C scan each) beats
# `str.translate`, which looks every character up through Python's mapping protocol.
_MAX_REPLACED_CHARS = 12


def fold(text: str) -> str:
    """Fold `text` to Simplified script and half-width forms; the result has the same length."""
    if _foldable_ideograph().search(text) is not None:
        return text.translate(_dense_table())
    # No Traditional character: replace the few distinct ones that change. No replacement is
    # itself a character that changes (ASCII, a space, U+FFFD), so the order does not matter.
    changing = _foldable_other().findall(text)
    if not changing:
        return text
    distinct = set(changing)
    if len(distinct) > _MAX_REPLACED_CHARS:
        return text.translate(_dense_table())
    table = fold_table()
    for char in distinct:
        text = text.replace(char, table[ord(char)])
    return text
