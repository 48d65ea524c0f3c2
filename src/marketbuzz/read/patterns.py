"""Tools for building fast trigger regexes from rules written for folded text.

The boilerplate rules are written for folded text (`text.fold.fold`: Simplified script, ASCII
forms), but folding a whole body costs more than the rest of reading. A trigger that runs on the
text as it is decides which lines are worth folding and matching:

- `unfolded(pattern)` rewrites a pattern so it matches unfolded text: 来 becomes [来來].
- `top_alternatives(pattern)` splits a pattern at its top-level "|".
- `first_chars(pattern)` says which characters a match can open with, so a trigger can check
  one character (a class in a lookahead) before it tries dozens of alternatives.
- `has_cased_literal(pattern)` tells the alternatives that need IGNORECASE from those that do
  not: the regex engine skips an alternative whose first character cannot match only when the
  alternative is case-sensitive.

The analysis reads the parse tree of Python's own regex parser (`re._parser`), so it agrees
with the engine on every escape and class.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from marketbuzz.text.fold import fold_table

_REGEX_SYNTAX = frozenset("\\.^$*+?{}[]|()")
_MAX_RANGE = 2000  # a class range wider than this is treated as "any character"
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_GROUPS = (sre.SUBPATTERN, sre.ATOMIC_GROUP)

# (opcode, argument) pairs of re._parser: the argument's shape depends on the opcode.
Parsed = Iterable[tuple[Any, Any]]


@cache
def _fold_sources() -> dict[str, str]:
    """For each folded character, the characters that fold to it (輝 for 辉, ： for :)."""
    sources: dict[str, str] = {}
    for code, folded in fold_table().items():
        if len(folded) == 1 and folded != chr(code):
            sources[folded] = sources.get(folded, "") + chr(code)
    return sources


def unfolded(pattern: str) -> str:
    r"""Rewrite a regex written for folded text so it matches the unfolded text instead.

    Each literal character that other characters fold to becomes a class of all of them: 来
    becomes [来來], s becomes [sｓ], an escaped \( becomes [\(（]. Regex syntax is left alone:
    escapes such as \s, group openings such as (?:, counts such as {1,40}, and inside a class
    only non-ASCII characters, spaces and apostrophes gain their variants (never a range's ends).
    """
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            out.append(_with_variants(char + escaped, escaped, in_class, escaped.isalnum()))
            index += 2
            continue
        if not in_class and (char == "{" or pattern.startswith("(?", index)):
            # Group syntax runs to its ":", "=", "!" or ">"; a count runs to its "}".
            stops = "}" if char == "{" else ":=!>"
            end = next((i for i in range(index + 2, len(pattern)) if pattern[i] in stops), index)
            out.append(pattern[index : end + 1])
            index = end + 1
            continue
        index += 1
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        syntax = char in _REGEX_SYNTAX or (in_class and char.isascii() and char not in " '")
        out.append(_with_variants(char, char, in_class, syntax))
    return "".join(out)


def _with_variants(written: str, literal: str, in_class: bool, syntax: bool) -> str:
    variants = "" if syntax else re.escape(_fold_sources().get(literal, ""))
    if not variants:
        return written
    return written + variants if in_class else f"[{written}{variants}]"


def top_alternatives(pattern: str) -> list[str]:
    """`pattern` split at each "|" outside groups and classes."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    parts.append(pattern[start:])
    return parts


def first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can open with; None when it can open with any (or
    match the empty string). Case is taken as written: callers matching without regard to
    case add the other cases themselves."""
    chars, may_be_empty = _sequence_first(sre_parse.parse(pattern))
    return None if chars is None or may_be_empty else frozenset(chars)


def _sequence_first(items: Parsed) -> tuple[set[str] | None, bool]:
    """First characters of a sequence, and whether the whole sequence may match nothing."""
    chars: set[str] = set()
    for op, argument in items:
        found, may_be_empty = _item_first(op, argument)
        if found is None:
            return None, False
        chars |= found
        if not may_be_empty:
            return chars, False
    return chars, True


def _item_first(op: Any, argument: Any) -> tuple[set[str] | None, bool]:  # noqa: PLR0911
    if op is sre.LITERAL:
        return {chr(argument)}, False
    if op is sre.IN:
        return _class_chars(argument), False
    if op in _GROUPS:
        return _sequence_first(argument[-1])
    if op is sre.BRANCH:
        return _branch_first(argument[1])
    if op in _REPEATS:
        low, _, body = argument
        chars, may_be_empty = _sequence_first(body)
        return chars, may_be_empty or low == 0
    if op in _ZERO_WIDTH:
        return set(), True
    return None, False  # any character, a back reference...


def _class_chars(items: Parsed) -> set[str] | None:
    chars: set[str] = set()
    for op, argument in items:
        if op is sre.LITERAL:
            chars.add(chr(argument))
        elif op is sre.RANGE and argument[1] - argument[0] <= _MAX_RANGE:
            chars.update(map(chr, range(argument[0], argument[1] + 1)))
        else:
            return None  # a negated class, \s, \d, a wide range
    return chars


def _branch_first(alternatives: Iterable[Parsed]) -> tuple[set[str] | None, bool]:
    chars: set[str] = set()
    any_empty = False
    for alternative in alternatives:
        found, may_be_empty = _sequence_first(alternative)
        if found is None:
            return None, False
        chars |= found
        any_empty = any_empty or may_be_empty
    return chars, any_empty


def has_cased_literal(pattern: str) -> bool:
    """Whether `pattern` spells a letter that has case (so it needs IGNORECASE to match both)."""
    return _any_cased(sre_parse.parse(pattern))


def _any_cased(items: Parsed) -> bool:
    for op, argument in items:
        if op is sre.LITERAL:
            char = chr(argument)
            if char.lower() != char.upper():
                return True
        elif op is sre.IN:
            if any(
                kind is sre.LITERAL and chr(value).lower() != chr(value).upper()
                for kind, value in argument
            ):
                return True
        elif op in _GROUPS:
            if _any_cased(argument[-1]):
                return True
        elif op is sre.BRANCH:
            if any(_any_cased(alternative) for alternative in argument[1]):
                return True
        elif op in _REPEATS and _any_cased(argument[2]):
            return True
    return False
