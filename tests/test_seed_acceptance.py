"""The seed article against ../shared/acceptance/seed.md, row by row, through the public API.

The article is copied into tests/fixtures/seed_article.txt (see tests/fixtures/SOURCE.md). Every
rule exercised here is also shown on other text in the per-module tests; nothing in the engine
knows this article.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

import marketbuzz
from marketbuzz.model import Analysis, LinkedInstrument, Move

REFERENCE = dt.date(2025, 10, 9)


@pytest.fixture(scope="module")
def analysis(seed_text: str) -> Analysis:
    return marketbuzz.analyze(seed_text.encode("utf-8"), published_hint=REFERENCE)


def instrument(analysis: Analysis, symbol: str) -> LinkedInstrument:
    for item in analysis.instruments:
        if symbol in item.symbols or item.entity_id == symbol:
            return item
    linked = sorted(s for i in analysis.instruments for s in i.symbols)
    raise AssertionError(f"{symbol} not linked; linked: {linked}")


def moves_of(analysis: Analysis, entity_id: str) -> list[Move]:
    return [m for m in analysis.moves if m.entity_id == entity_id]


def all_symbols(analysis: Analysis) -> set[str]:
    return {s for i in analysis.instruments for s in (*i.symbols, i.entity_id)}


# -- article fields ---------------------------------------------------------------------------


def test_article_fields(analysis: Analysis) -> None:
    article = analysis.article
    assert article.title == "人工智能,突發!啱啱,崩跌!"
    assert article.source == "券商中國"
    assert article.published is not None
    assert article.published.raw == "10/08"
    assert (article.published.month, article.published.day) == (10, 8)
    assert article.published.value == dt.date(2025, 10, 8)
    assert article.published.year_from_reference
    assert article.language == "zh-Hant"
    assert article.hk_usage


def test_date_without_reference_is_not_guessed(seed_text: str) -> None:
    article = marketbuzz.read_article(seed_text)
    assert article.published is not None
    assert article.published.value is None
    assert (article.published.month, article.published.day) == (10, 8)


def test_body_and_boilerplate(analysis: Analysis) -> None:
    body = analysis.article.body
    assert body.startswith("人工智能,跌了。")
    assert "資本破壞將非常巨大" in body
    for furniture in ("免責聲明", "TTM", "熱議股票"):
        assert furniture not in body
    kinds = {b.kind for b in analysis.article.boilerplate}
    assert {"disclaimer", "widget"} <= kinds
    assert "TTM" not in all_symbols(analysis)
    assert not any("TTM" in m.text for i in analysis.instruments for m in i.mentions)


# -- instruments ------------------------------------------------------------------------------

REQUIRED = {
    "ORCL": ["甲骨文"],
    "TSLA": ["特斯拉"],
    "^SOX": ["芯片指數"],
    "TMQ": ["Trilogy Metals"],
    "^HXC": ["中概指數"],
    "BABA": ["阿里巴巴", "阿里"],
    "300750.SZ": ["寧德時代"],
    "JD": ["京東"],
    "AMD": ["超威半導體"],
    "NVDA": ["英偉達"],
    "^GSPC": ["標普"],
    "^IXIC": ["納指"],
    "DX-Y.NYB": ["美元指數"],
    "JPY=X": ["日元"],
    "BTC-USD": ["比特幣"],
    "GC=F": ["期金"],
    "SI=F": ["期銀"],
}


@pytest.mark.parametrize(("symbol", "texts"), sorted(REQUIRED.items()))
def test_required_instrument_linked(analysis: Analysis, symbol: str, texts: list[str]) -> None:
    item = instrument(analysis, symbol)
    mentioned = {m.text for m in item.mentions}
    for text in texts:
        assert any(text in m for m in mentioned), f"{symbol}: {text} not among {mentioned}"
    for mention in item.mentions:
        assert analysis.article.text[mention.start : mention.end] == mention.text


def test_multi_listed_companies_carry_all_listings(analysis: Analysis) -> None:
    assert {"BABA", "9988.HK"} <= set(instrument(analysis, "BABA").symbols)
    assert {"300750.SZ", "3750.HK"} <= set(instrument(analysis, "300750.SZ").symbols)
    assert {"JD", "9618.HK"} <= set(instrument(analysis, "JD").symbols)


def test_alibaba_model_names_link_to_alibaba(analysis: Analysis) -> None:
    texts = " ".join(m.text for m in instrument(analysis, "BABA").mentions).lower()
    assert "qwen" in texts
    assert "通義千問" in texts or "阿里雲" in texts


def test_three_year_treasury_is_a_rate(analysis: Analysis) -> None:
    rates = [i for i in analysis.instruments if i.kind == "rate"]
    assert rates, "no rate instrument linked"
    assert any("三年期美債" in m.text for r in rates for m in r.mentions)


BROKERS = {"MS": "摩根士丹利", "JPM": "摩根大通", "8601.T": "大和"}


def _brokers(analysis: Analysis) -> list[LinkedInstrument]:
    found = [instrument(analysis, symbol) for symbol in BROKERS]
    clsa = [i for i in analysis.instruments if any("里昂" in m.text for m in i.mentions)]
    assert clsa, "里昂 (CLSA) not linked"
    return found + clsa


def test_brokers_linked_with_low_relevance(analysis: Analysis) -> None:
    companies = [instrument(analysis, s) for s in ("BABA", "ORCL", "TSLA", "300750.SZ", "JD")]
    for broker in _brokers(analysis):
        assert broker.relevance < min(c.relevance for c in companies), broker.entity_id


def test_unlisted_organisations_are_recognised(analysis: Analysis) -> None:
    names = " ".join(
        f"{o.name} {' '.join(m.text for m in o.mentions)}" for o in analysis.organizations
    )
    for organisation in ("OpenAI", "SEC"):
        assert organisation in names


NEVER = ["X", "AI", "GDP", "SEC", "TTM", "FP8", "VQA", "OCR", "STEM", "VL", "US", "GPT", "ALL"]


def test_never_a_ticker(analysis: Analysis) -> None:
    linked = all_symbols(analysis)
    assert not linked & set(NEVER)
    for item in analysis.instruments:
        for mention in item.mentions:
            assert mention.text not in {"GPT-5-Mini", "Claude4-Sonnet", "X", "AI", "SEC"}


# -- themes -----------------------------------------------------------------------------------


def test_themes(analysis: Analysis) -> None:
    names = {t.name for t in analysis.themes}
    assert {"ai", "semiconductors", "data_centers"} <= names


# -- moves ------------------------------------------------------------------------------------


def _one_move(analysis: Analysis, symbol: str) -> Move:
    entity_id = instrument(analysis, symbol).entity_id
    moves = moves_of(analysis, entity_id)
    assert moves, f"no move for {symbol}"
    return moves[0]


@pytest.mark.parametrize(
    ("symbol", "direction", "value", "qualifiers"),
    [
        ("ORCL", "down", 7, {"more_than", "at_one_point"}),
        ("TSLA", "down", 4, {"more_than"}),
        ("^SOX", "down", 2, {"more_than"}),
        ("TMQ", "up", 211, set()),
        ("^HXC", "down", 2, {"more_than"}),
        ("BABA", "down", 3, {"more_than"}),
        ("GC=F", "up", 1, {"nearly", "intraday"}),
    ],
)
def test_sized_moves(
    analysis: Analysis, symbol: str, direction: str, value: float, qualifiers: set[str]
) -> None:
    move = _one_move(analysis, symbol)
    assert move.direction == direction
    assert move.value == pytest.approx(value)
    assert move.unit == "%"
    assert qualifiers <= set(move.qualifiers)


def test_trilogy_surge_has_its_cause(analysis: Analysis) -> None:
    move = _one_move(analysis, "TMQ")
    assert move.cause is not None
    assert "入股" in move.cause


def test_alibaba_move_is_on_its_us_listing(analysis: Analysis) -> None:
    assert _one_move(analysis, "BABA").symbol == "BABA"


def test_highs_and_lows(analysis: Analysis) -> None:
    dollar = _one_move(analysis, "DX-Y.NYB")
    assert (dollar.direction, dollar.high_low) == ("up", "high")
    assert dollar.horizon is not None
    assert "1" in dollar.horizon
    assert "month" in dollar.horizon
    yen = _one_move(analysis, "JPY=X")
    assert (yen.direction, yen.high_low) == ("down", "low")
    assert yen.horizon is not None
    assert "7" in yen.horizon
    silver = _one_move(analysis, "SI=F")
    assert silver.direction == "down"
    assert silver.horizon is not None
    assert "14" in silver.horizon


def test_bitcoin_broke_a_level(analysis: Analysis) -> None:
    moves = moves_of(analysis, instrument(analysis, "BTC-USD").entity_id)
    assert all(m.direction == "down" for m in moves)
    assert any(m.level == pytest.approx(121_000) for m in moves)
    assert any(m.value == pytest.approx(5000) for m in moves)


def test_yield_fell_to_the_days_low(analysis: Analysis) -> None:
    rates = {i.entity_id for i in analysis.instruments if i.kind == "rate"}
    moves = [m for m in analysis.moves if m.entity_id in rates]
    assert any(m.direction == "down" and m.high_low == "low" for m in moves)


def test_index_record_and_streak(analysis: Analysis) -> None:
    spx = moves_of(analysis, instrument(analysis, "^GSPC").entity_id)
    assert any(m.direction == "down" for m in spx)
    assert any(m.streak for m in spx)
    assert any(m.direction == "down" for m in moves_of(analysis, "^IXIC"))


def test_amd_surged_without_a_size(analysis: Analysis) -> None:
    move = _one_move(analysis, "AMD")
    assert move.direction == "up"
    assert move.value is None


def test_no_move_from_fund_flows(analysis: Analysis) -> None:
    assert all(m.value != pytest.approx(3.3) for m in analysis.moves)
    assert all(m.value != pytest.approx(46) for m in analysis.moves)


# -- events and claims ------------------------------------------------------------------------


def _events(analysis: Analysis, kind: str) -> list[marketbuzz.model.Event]:
    return [e for e in analysis.events if e.type == kind]


def test_target_raises_by_three_brokers(analysis: Analysis) -> None:
    raises = [e for e in _events(analysis, "analyst_target") if "BABA" in e.subject_ids]
    assert len(raises) >= 3
    assert all(e.attributes.get("direction") == "up" for e in raises)
    actors = {a for e in raises for a in e.actor_ids}
    assert {"JPM", "8601.T"} <= actors


def test_fund_flows(analysis: Analysis) -> None:
    flows = _events(analysis, "fund_flow")
    amounts = {round(float(str(e.attributes.get("amount")))) for e in flows}
    assert {4_600_000_000, 5_200_000_000, 600_000_000} <= amounts


def test_oracle_earnings_news_is_negative(analysis: Analysis) -> None:
    news = [e for e in analysis.events if "ORCL" in e.subject_ids and e.polarity < 0]
    assert news


def test_product_launch_and_ranking(analysis: Analysis) -> None:
    launches = _events(analysis, "product_launch")
    assert any("BABA" in e.subject_ids for e in launches)
    assert _events(analysis, "ranking")


def test_stake_and_macro(analysis: Analysis) -> None:
    assert any("TMQ" in e.subject_ids for e in _events(analysis, "stake"))
    assert len(_events(analysis, "macro")) >= 2


def test_kupperman_claims(analysis: Analysis) -> None:
    claims = [c for c in analysis.claims if c.claimant and "Kupperman" in c.claimant]
    values = {c.value for c in claims}
    for expected in (480e9, 1e12, 30e9, 1.5):
        assert any(v == pytest.approx(expected) for v in values), (expected, values)


# -- sentiment --------------------------------------------------------------------------------


def _signs(analysis: Analysis, symbols: Iterable[str]) -> dict[str, float]:
    return {s: instrument(analysis, s).sentiment for s in symbols}


def test_negative_sentiment(analysis: Analysis) -> None:
    signs = _signs(analysis, ["ORCL", "TSLA", "^SOX", "^HXC", "BTC-USD", "SI=F"])
    assert all(v < 0 for v in signs.values()), signs


def test_positive_sentiment(analysis: Analysis) -> None:
    signs = _signs(analysis, ["TMQ", "AMD", "GC=F", "BABA"])
    assert all(v > 0 for v in signs.values()), signs


def test_nvidia_not_positive(analysis: Analysis) -> None:
    assert instrument(analysis, "NVDA").sentiment <= 0


# -- what the board would rank ----------------------------------------------------------------


def test_relevance_order(analysis: Analysis) -> None:
    assert analysis.instruments[0].entity_id == "BABA"
    assert instrument(analysis, "ORCL").relevance > instrument(analysis, "TSLA").relevance
