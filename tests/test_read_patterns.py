"""Trigger-building tools: unfolding a folded-text regex and finding what a match opens with."""

from __future__ import annotations

import re

from marketbuzz.read.patterns import first_chars, has_cased_literal, top_alternatives, unfolded


def test_unfolded_pattern_matches_both_scripts_and_full_width_forms() -> None:
    pattern = re.compile(unfolded(r"(?:文章|本文)?来源\s*[:：]\s*\S{1,10}"))
    for text in ("文章来源：财联社", "文章來源: 經濟通", "來源：信報", "来源:券商中國"):
        assert pattern.fullmatch(text), text
    assert not pattern.fullmatch("来自：财联社")
    assert re.fullmatch(unfolded(r"\(c\) copyright"), "（ｃ） ｃｏｐｙｒｉｇｈｔ")


def test_unfolded_leaves_regex_syntax_alone() -> None:
    assert unfolded(r"[^\n]{1,40}") == r"[^\n]{1,40}"
    assert unfolded(r"(?P<name>x)").startswith("(?P<name>")


def test_top_alternatives_split_outside_groups_and_classes() -> None:
    assert top_alternatives(r"a|(?:b|c)|[|]|d\|e") == ["a", "(?:b|c)", "[|]", r"d\|e"]


def test_first_chars() -> None:
    assert first_chars(r"(?:文章|本文)?来源") == frozenset("文本来")
    assert first_chars(r"热股榜?|相关") == frozenset("热相")
    assert first_chars(r"more from [^\n]{1,40}|\s+x") is None
    assert first_chars(r"x?") is None  # may match nothing


def test_has_cased_literal() -> None:
    assert has_cased_literal(r"下载app")
    assert not has_cased_literal(r"来源\s*[:：]\d")
