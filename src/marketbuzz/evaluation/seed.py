"""The seed article as a scored checklist: the rows of ../shared/acceptance/seed.md.

Each check is a small predicate on the Analysis; the score is the share satisfied. The same
rows are asserted one by one in tests/test_seed_acceptance.py; here they become a number the
gate can hold, so a change that breaks one row shows up in `marketbuzz eval`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from marketbuzz.evaluation.suites import Context, SuiteResult
from marketbuzz.model import Analysis, LinkedInstrument, Move

REFERENCE = dt.date(2025, 10, 9)
FIXTURE = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "seed_article.txt"

Check = Callable[[Analysis], bool]


def _instrument(analysis: Analysis, symbol: str) -> LinkedInstrument | None:
    for item in analysis.instruments:
        if symbol in item.symbols or item.entity_id == symbol:
            return item
    return None


def _moves(analysis: Analysis, symbol: str) -> list[Move]:
    item = _instrument(analysis, symbol)
    return [m for m in analysis.moves if item and m.entity_id == item.entity_id]


def _linked_as(symbol: str, text: str) -> Check:
    def check(analysis: Analysis) -> bool:
        item = _instrument(analysis, symbol)
        return item is not None and any(text in m.text for m in item.mentions)

    return check


def _move(symbol: str, direction: str, value: float | None) -> Check:
    def check(analysis: Analysis) -> bool:
        return any(
            m.direction == direction and (value is None or m.value == value)
            for m in _moves(analysis, symbol)
        )

    return check


def _sign(symbol: str, positive: bool) -> Check:
    def check(analysis: Analysis) -> bool:
        item = _instrument(analysis, symbol)
        return item is not None and (item.sentiment > 0 if positive else item.sentiment < 0)

    return check


def _event(kind: str, subject: str | None = None, at_least: int = 1) -> Check:
    def check(analysis: Analysis) -> bool:
        found = [
            e
            for e in analysis.events
            if e.type == kind and (subject is None or subject in e.subject_ids)
        ]
        return len(found) >= at_least

    return check


def _never_tickers(analysis: Analysis) -> bool:
    never = {"X", "AI", "GDP", "SEC", "TTM", "FP8", "VQA", "OCR", "STEM", "VL", "US", "GPT", "ALL"}
    return not never & {s for i in analysis.instruments for s in (*i.symbols, i.entity_id)}


def _brokers_low(analysis: Analysis) -> bool:
    companies = [_instrument(analysis, s) for s in ("BABA", "ORCL", "TSLA", "300750.SZ", "JD")]
    brokers = [_instrument(analysis, s) for s in ("MS", "JPM", "8601.T")]
    if None in companies or None in brokers:
        return False
    floor = min(c.relevance for c in companies if c)
    return all(b.relevance < floor for b in brokers if b)


def _kupperman(analysis: Analysis) -> bool:
    values = {c.value for c in analysis.claims if c.claimant and "Kupperman" in c.claimant}
    return all(any(abs(v - x) <= 1e-6 * x for v in values) for x in (480e9, 1e12, 30e9, 1.5))


CHECKS: dict[str, Check] = {
    **{
        f"linked {symbol} as {text}": _linked_as(symbol, text)
        for symbol, text in [
            ("ORCL", "甲骨文"),
            ("TSLA", "特斯拉"),
            ("^SOX", "芯片指數"),
            ("TMQ", "Trilogy Metals"),
            ("^HXC", "中概指數"),
            ("BABA", "阿里"),
            ("300750.SZ", "寧德時代"),
            ("JD", "京東"),
            ("AMD", "超威半導體"),
            ("NVDA", "英偉達"),
            ("^GSPC", "標普"),
            ("^IXIC", "納指"),
            ("DX-Y.NYB", "美元指數"),
            ("JPY=X", "日元"),
            ("BTC-USD", "比特幣"),
            ("GC=F", "期金"),
            ("SI=F", "期銀"),
        ]
    },
    "Alibaba carries BABA and 9988.HK": lambda a: bool(
        (i := _instrument(a, "BABA")) and {"BABA", "9988.HK"} <= set(i.symbols)
    ),
    "three-year Treasury is a rate": lambda a: any(
        i.kind == "rate" and any("三年期美債" in m.text for m in i.mentions) for i in a.instruments
    ),
    "no common word or acronym is a ticker": _never_tickers,
    "brokers rank below the companies": _brokers_low,
    "themes ai, semiconductors, data_centers": lambda a: (
        {"ai", "semiconductors", "data_centers"} <= {t.name for t in a.themes}
    ),
    **{
        f"move {symbol} {direction} {value}": _move(symbol, direction, value)
        for symbol, direction, value in [
            ("ORCL", "down", 7.0),
            ("TSLA", "down", 4.0),
            ("^SOX", "down", 2.0),
            ("TMQ", "up", 211.0),
            ("^HXC", "down", 2.0),
            ("BABA", "down", 3.0),
            ("GC=F", "up", 1.0),
            ("AMD", "up", None),
            ("DX-Y.NYB", "up", None),
            ("JPY=X", "down", None),
            ("SI=F", "down", None),
            ("BTC-USD", "down", None),
        ]
    },
    "three target raises on Alibaba": _event("analyst_target", "BABA", 3),
    "fund flows": _event("fund_flow", None, 3),
    "Alibaba product launch": _event("product_launch", "BABA"),
    "ranking": _event("ranking"),
    "stake in Trilogy Metals": _event("stake", "TMQ"),
    "two macro events": _event("macro", None, 2),
    "Kupperman claims": _kupperman,
    **{
        f"sentiment {symbol} {'positive' if positive else 'negative'}": _sign(symbol, positive)
        for symbol, positive in [
            ("ORCL", False),
            ("TSLA", False),
            ("^SOX", False),
            ("^HXC", False),
            ("BTC-USD", False),
            ("SI=F", False),
            ("TMQ", True),
            ("AMD", True),
            ("GC=F", True),
            ("BABA", True),
        ]
    },
    "Alibaba ranks first": lambda a: bool(a.instruments) and a.instruments[0].entity_id == "BABA",
}


def seed_text(ctx: Context) -> str:
    if FIXTURE.exists():
        return FIXTURE.read_text(encoding="utf-8")
    seeds = sorted(((ctx.shared or ctx.data.parent) / "seeds").glob("*.txt"))
    return seeds[0].read_text(encoding="utf-8") if seeds else ""


def suite_seed(ctx: Context) -> SuiteResult:
    import marketbuzz

    analysis = marketbuzz.analyze(
        seed_text(ctx).encode("utf-8"), published_hint=REFERENCE, master=ctx.master
    )
    result = SuiteResult("seed", len(CHECKS))
    passed = 0
    for name, check in CHECKS.items():
        try:
            ok = check(analysis)
        except (KeyError, ValueError, TypeError, AttributeError):
            ok = False
        passed += ok
        if not ok:
            result.errors.add("checklist row not satisfied", name)
    result.scores = {"checklist": passed / len(CHECKS)}
    return result
