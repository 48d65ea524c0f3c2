"""The evaluation harness: metrics by hand, the baseline gate, and a small real-data smoke run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from marketbuzz.cli import main
from marketbuzz.evaluation.baseline import (
    check,
    check_parity,
    load_baseline,
    raise_floors,
    save_baseline,
)
from marketbuzz.evaluation.metrics import ErrorTally, accuracy, f1, macro_f1, prf, ratio
from marketbuzz.evaluation.runner import run_suites, write_report
from marketbuzz.evaluation.seed import CHECKS
from marketbuzz.evaluation.suites import (
    classify,
    gold_spans,
    match_spans,
    names_company,
    pick_thresholds,
    predicted_spans,
    sentiment_label,
    subject_entity,
    written_as_ticker,
)
from marketbuzz.master.load import load_master
from marketbuzz.pipeline import analyze

# -- metrics on hand-made inputs --------------------------------------------------------------


def test_precision_recall_f1_by_hand() -> None:
    # 3 right out of 4 predicted, 6 gold: P = 0.75, R = 0.5, F1 = 2*.75*.5/1.25 = 0.6
    precision, recall, score = prf(3, 4, 6)
    assert (precision, recall) == (0.75, 0.5)
    assert score == pytest.approx(0.6)
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert f1(0.0, 0.0) == 0.0
    assert ratio(1, 0) == 0.0


def test_accuracy_and_macro_f1_by_hand() -> None:
    gold = [0, 0, 1, 1, 2, 2]
    predicted = [0, 1, 1, 1, 2, 0]
    assert accuracy(gold, predicted) == pytest.approx(4 / 6)
    # class 0: P 1/2 R 1/2 F 0.5; class 1: P 2/3 R 1 F 0.8; class 2: P 1 R 1/2 F 2/3
    assert macro_f1(gold, predicted) == pytest.approx((0.5 + 0.8 + 2 / 3) / 3)
    assert macro_f1([1, 1], [1, 1]) == 1.0


def test_error_tally_keeps_counts_and_two_examples() -> None:
    tally = ErrorTally()
    for example in ("a", "b", "c"):
        tally.add("missed", example)
    tally.add("extra", "x")
    assert tally.most_common(1) == [("missed", 3, ["a", "b"])]


def test_span_matching_uses_each_span_once() -> None:
    gold = [(0, 17, "Positive"), (22, 29, "Negative")]
    predicted = [(0, 7, "Positive", "JNJ"), (8, 17, "Neutral", "JNJ"), (22, 29, "Positive", "SIE")]
    # The first gold span takes the first overlapping prediction; the second overlaps but its
    # sentiment differs. Two span matches, one with the right sentiment.
    assert match_spans(gold, predicted) == (2, 1)
    assert match_spans(gold, []) == (0, 0)


def test_sentiment_band_and_finfe_classes() -> None:
    assert [sentiment_label(s) for s in (0.5, 0.05, -0.05, -0.4)] == [
        "Positive",
        "Neutral",
        "Neutral",
        "Negative",
    ]
    assert [classify(s, -0.1, 0.1) for s in (-0.5, 0.0, 0.5)] == [0, 1, 2]


def test_thresholds_are_picked_to_separate_the_classes() -> None:
    scores = [-0.8, -0.6, 0.0, 0.05, 0.7, 0.9]
    gold = [0, 0, 1, 1, 2, 2]
    low, high = pick_thresholds(scores, gold)
    assert [classify(s, low, high) for s in scores] == gold


# -- the gate ---------------------------------------------------------------------------------

BASELINE: dict[str, Any] = {
    "tolerance": 0.005,
    "floors": {"astock": {"recall": 0.98, "extra_per_article": 0.1}},
}


def test_a_drop_beyond_tolerance_fails_and_names_the_score() -> None:
    failures = check({"astock": {"recall": 0.97, "extra_per_article": 0.1}}, BASELINE)
    assert [f.score for f in failures] == ["recall"]
    assert "astock.recall" in failures[0].describe()


def test_a_drop_within_tolerance_passes() -> None:
    assert check({"astock": {"recall": 0.976, "extra_per_article": 0.104}}, BASELINE) == []


def test_lower_is_better_scores_are_ceilings() -> None:
    failures = check({"astock": {"recall": 0.99, "extra_per_article": 0.2}}, BASELINE)
    assert [f.score for f in failures] == ["extra_per_article"]


def test_suites_not_run_are_not_checked_but_missing_scores_fail() -> None:
    assert check({"finfe": {"heldout_accuracy": 0.1}}, BASELINE) == []
    assert [f.score for f in check({"astock": {"recall": 0.99}}, BASELINE)] == ["extra_per_article"]


def test_update_raises_floors_and_never_lowers_them() -> None:
    updated = raise_floors(
        {"astock": {"recall": 0.95, "extra_per_article": 0.05}, "seed": {"checklist": 1.0}},
        BASELINE,
    )
    assert updated["floors"]["astock"] == {"recall": 0.98, "extra_per_article": 0.05}
    assert updated["floors"]["seed"] == {"checklist": 1.0}
    assert BASELINE["floors"]["astock"]["extra_per_article"] == 0.1  # input left alone


def test_traditional_must_not_fall_below_simplified() -> None:
    scores = {
        "astock": {"recall": 0.98, "top1": 0.95},
        "astock-hant": {"recall": 0.96, "top1": 0.95},
    }
    assert [f.score for f in check_parity(scores)] == ["recall (vs astock)"]


def test_baseline_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    assert load_baseline(path)["floors"] == {}
    save_baseline(path, raise_floors({"seed": {"checklist": 0.9}}, load_baseline(path)))
    assert json.loads(path.read_text())["floors"] == {"seed": {"checklist": 0.9}}


def test_committed_baseline_is_well_formed() -> None:
    path = Path(__file__).resolve().parents[1] / "eval" / "baseline.json"
    baseline = load_baseline(path)
    assert 0 < baseline["tolerance"] <= 0.01
    for floors in baseline["floors"].values():
        assert all(0.0 <= value <= 1.0 for value in floors.values())


def test_missing_shared_folder_gives_a_clear_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "--shared", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no public data sets found" in result.output


# -- the real data, a small slice -------------------------------------------------------------


def test_headline_names_the_company_by_ticker_or_name() -> None:
    master = load_master()
    apple = master.by_symbol("AAPL")
    assert apple is not None
    assert names_company("Apple Unveils New iPhone", "AAPL", apple.id, master)
    assert names_company("Why AAPL Could Rally", "AAPL", apple.id, master)
    assert not names_company("Stocks That Hit 52-Week Highs On Friday", "AAPL", apple.id, master)


@pytest.mark.parametrize(
    ("headline", "names"),
    [
        ("Agilent (A) Down 5.5% Since Last Earnings Report", True),
        ("S&P 500 Movers: HSIC, A", True),
        ("IWR, TWTR, IQV, A: ETF Outflow Alert", True),
        ("Earnings Slated For Nov 15: A & ACPW", True),
        ("First Data (FDC) Q1 Earnings: A Disappointment in Store?", False),  # the article "a"
        ("Stocks To Watch: A Fed Head Talks Crypto", False),
        ("A Peek Into The Markets", False),
    ],
)
def test_a_one_letter_ticker_names_the_company_only_as_a_list_or_bracket_item(
    headline: str, names: bool
) -> None:
    master = load_master()
    agilent = master.by_symbol("A")
    assert agilent is not None
    assert bool(names_company(headline, "A", agilent.id, master)) is names


def test_finese_subject_names_map_through_the_master() -> None:
    master = load_master()
    assert subject_entity("共达电声", master) == "002655.SZ"
    assert subject_entity("浙江佐助金融信息服务有限公司", master) is None


def test_smoke_run_on_a_slice(shared_data: Path, tmp_path: Path) -> None:
    results = run_suites(
        ["astock", "astock-hant", "finese", "finfe", "finentity", "benzinga", "fnspid", "seed"],
        shared_data.parent,
        load_master(),
        limit=40,
    )
    by_name = {r.name: r for r, _ in results}
    assert by_name["astock"].size == 40
    assert by_name["astock"].scores["recall"] > 0.8
    assert by_name["seed"].scores["checklist"] > 0.8
    for result, _ in results:
        assert result.scores
        assert all(0.0 <= v <= 1.0 for v in result.scores.values()), result.name
    report = write_report(by_name["astock"], tmp_path)
    assert report.read_text(encoding="utf-8").startswith("# astock:")


def test_common_words_count_as_tickers_only_where_written_as_tickers() -> None:
    text = "Stocks To Watch (URBN, LOW, A) as IT spending slows"
    assert written_as_ticker(text, text.index("LOW"), text.index("LOW") + 3)
    assert written_as_ticker(text, text.index("A)"), text.index("A)") + 1)
    assert not written_as_ticker(text, text.index("IT"), text.index("IT") + 2)


def test_a_name_and_its_reuters_code_are_one_reference() -> None:
    master = load_master()
    text = "Johnson & Johnson <JNJ.N> shares gained 0.20% after posting results."
    gold = gold_spans(text, [{"start": 0, "end": 17, "label": "Positive"}])
    assert gold == [(0, 25, "Positive")]  # stretched over " <JNJ.N>"
    predicted = predicted_spans(analyze(text, master=master))
    jnj = [p for p in predicted if p[3] == "JNJ"]
    assert len(jnj) == 1
    assert match_spans(gold, predicted)[0] == 1


def test_seed_checks_fail_on_other_text() -> None:
    analysis = analyze("Tesla shares fell 4% on Tuesday.", master=load_master())
    assert not CHECKS["Alibaba ranks first"](analysis)
    assert not CHECKS["linked ORCL as 甲骨文"](analysis)
    assert CHECKS["no common word or acronym is a ticker"](analysis)
