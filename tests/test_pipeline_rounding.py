"""Scores are rounded to four decimals; the shortcut for 0 and 1 rounds exactly as `round`."""

from __future__ import annotations

import math

from marketbuzz.master.load import load_master
from marketbuzz.model import Mention
from marketbuzz.pipeline import _roles, _rounded, analyze


def test_rounded_matches_round_to_four_decimals() -> None:
    for score in (0.0, -0.0, 1.0, 0.5, 0.123456, 0.99995, -0.27349, 1e-9, 0.30000000000000004):
        expected = round(score, 4)
        assert _rounded(score) == expected
        assert math.copysign(1.0, _rounded(score)) == math.copysign(1.0, expected)


def test_rounded_keeps_nan() -> None:
    assert math.isnan(_rounded(float("nan")))


def test_roles_merge_the_article_and_the_master_sorted() -> None:
    subject = Mention("600030.SS", 0, 4, "中信证券")
    source = Mention("600030.SS", 10, 14, "中信证券", role="source")
    assert _roles([subject, subject], ()) == ("subject",)
    assert _roles([source], ()) == ("source",)
    assert _roles([subject, source], ()) == ("source", "subject")
    assert _roles([subject], ("broker",)) == ("broker", "subject")
    assert _roles([source, subject], ("broker", "subject")) == ("broker", "source", "subject")


def test_instruments_come_by_relevance_then_by_first_mention() -> None:
    master = load_master()
    text = (
        "贵州茅台与五粮液同日公布业绩。贵州茅台三季度营收增长15%，五粮液持平。"
        "The article also cites Apple Inc. briefly."
    )
    analysis = analyze(text, master=master)
    relevances = [item.relevance for item in analysis.instruments]
    assert len(relevances) >= 2
    assert relevances == sorted(relevances, reverse=True)
    for first, second in zip(analysis.instruments, analysis.instruments[1:], strict=False):
        if first.relevance == second.relevance:
            assert first.mentions[0].start < second.mentions[0].start
