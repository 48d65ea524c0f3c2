"""Scores are rounded to four decimals; the shortcut for 0 and 1 rounds exactly as `round`."""

from __future__ import annotations

import math

from marketbuzz.pipeline import _rounded


def test_rounded_matches_round_to_four_decimals() -> None:
    for score in (0.0, -0.0, 1.0, 0.5, 0.123456, 0.99995, -0.27349, 1e-9, 0.30000000000000004):
        expected = round(score, 4)
        assert _rounded(score) == expected
        assert math.copysign(1.0, _rounded(score)) == math.copysign(1.0, expected)


def test_rounded_keeps_nan() -> None:
    assert math.isnan(_rounded(float("nan")))
