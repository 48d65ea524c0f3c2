"""Any input gives an Article or a MarketbuzzError, never another exception."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketbuzz.errors import MarketbuzzError
from marketbuzz.model import Article
from marketbuzz.read import read_article, read_articles_jsonl
from marketbuzz.read.dates import parse_date, search_date

PIECES = st.sampled_from(
    [
        "標題",
        "\n",
        "\n\n",
        "  ",
        "10/08",
        "免責聲明：",
        "熱議股票",
        "1. 1",
        "(文章來源:券商中國)",
        "<p>",
        "</div>",
        "{",
        '"title":',
        "By Jane Doe",
        "NEW YORK, Oct 8 (Reuters) - ",
        "恒指升3%。",
        "Oracle fell 7%.",
        "\x00",
        "\ufeff",
        "\u3000",
        "啱啱",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=30).map("".join))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _article_or_error(call: object) -> None:
    assert callable(call)
    try:
        result = call()
    except MarketbuzzError:
        return
    assert isinstance(result, Article)
    assert result.text[result.body_offset :] == result.body


@FAST
@given(TEXTS)
def test_any_text(text: str) -> None:
    _article_or_error(lambda: read_article(text, reference_time=dt.date(2025, 10, 9)))


@FAST
@given(st.binary(max_size=300))
def test_any_bytes(data: bytes) -> None:
    _article_or_error(lambda: read_article(data))


@FAST
@given(TEXTS)
def test_any_jsonl(text: str) -> None:
    try:
        for item in read_articles_jsonl(text):
            assert isinstance(item, Article | MarketbuzzError)
    except MarketbuzzError:
        pass


@FAST
@given(st.text(max_size=80))
def test_any_date_string(text: str) -> None:
    parse_date(text, dt.date(2025, 10, 9))
    search_date(text, dt.datetime(2025, 10, 9, 12, 0))
