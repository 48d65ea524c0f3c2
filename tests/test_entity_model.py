"""The shipped English entity + sentiment CRF (marketbuzz.entity_model).

Sentences here are written for these tests (market-news style, not from FinEntity), so they
check that the model generalises to names and wording it was not trained on.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from marketbuzz.entity_model import EntitySpan, EntityTagger
from marketbuzz.entity_model.features import MAX_SEQUENCE, sentences, tone_fingerprint
from marketbuzz.entity_model.sentiment import SENTIMENTS, SentimentModel
from marketbuzz.entity_model.tagger import (
    SENTIMENT_FILENAME,
    default_model_path,
    settings_path,
)


@pytest.fixture(scope="module")
def tagger() -> EntityTagger:
    return EntityTagger.load()


def _found(tagger: EntityTagger, text: str) -> dict[str, str]:
    """Surface text of every span -> its sentiment."""
    return {text[s.start : s.end]: s.sentiment for s in tagger.tag(text)}


def _sentiment_of(tagger: EntityTagger, text: str, name: str) -> str | None:
    """The sentiment of the span covering `name` (the first occurrence), if any."""
    start = text.index(name)
    end = start + len(name)
    hit = [s for s in tagger.tag(text) if s.start < end and s.end > start]
    return hit[0].sentiment if hit else None


def test_the_shipped_model_is_in_the_package_and_small() -> None:
    path = default_model_path()
    assert path.is_file()
    assert path.stat().st_size < 5_000_000


def test_load_returns_one_tagger_per_process() -> None:
    assert EntityTagger.load() is EntityTagger.load()


def test_a_company_that_slumped_is_negative(tagger: EntityTagger) -> None:
    text = "Shares of Acme Corp slumped 12% after it cut its outlook for the year."
    assert _sentiment_of(tagger, text, "Acme Corp") == "Negative"


def test_a_company_that_jumped_is_positive(tagger: EntityTagger) -> None:
    text = "Northwind Traders Inc <NWT.O> jumped 9.5% after quarterly revenue beat estimates."
    assert _sentiment_of(tagger, text, "Northwind Traders") == "Positive"


def test_two_companies_moving_apart_get_opposite_sentiment(tagger: EntityTagger) -> None:
    text = (
        "Boeing Co <BA.N> rose 3.1% on strong jet orders, while Caterpillar Inc <CAT.N> fell "
        "4.2% after it warned of weaker demand in China."
    )
    assert _sentiment_of(tagger, text, "Boeing") == "Positive"
    assert _sentiment_of(tagger, text, "Caterpillar") == "Negative"


def test_a_source_quoted_without_a_move_is_neutral(tagger: EntityTagger) -> None:
    text = (
        "Shares of Globex Corp fell 5% on Tuesday, according to data from Refinitiv, after the "
        "retailer lowered its forecast."
    )
    assert _sentiment_of(tagger, text, "Globex Corp") == "Negative"
    assert _found(tagger, text).get("Refinitiv") == "Neutral"


def test_the_analysts_firm_is_neutral_and_their_pick_positive(tagger: EntityTagger) -> None:
    text = "Analysts at Goldman Sachs said Micron Technology could benefit from strong demand."
    assert _sentiment_of(tagger, text, "Goldman Sachs") == "Neutral"
    assert _sentiment_of(tagger, text, "Micron Technology") == "Positive"


def test_indexes_moving_apart(tagger: EntityTagger) -> None:
    text = "The Nasdaq fell 1.2% while the Dow Jones Industrial Average rose 0.3%."
    assert _sentiment_of(tagger, text, "Nasdaq") == "Negative"
    assert _sentiment_of(tagger, text, "Dow Jones") == "Positive"


def test_a_list_of_gainers_shares_the_move(tagger: EntityTagger) -> None:
    text = (
        "Chipmakers led the gains, with Nvidia Corp <NVDA.O>, Advanced Micro Devices <AMD.O> "
        "and Micron Technology <MU.O> rising between 4% and 7%."
    )
    for name in ("Nvidia", "Advanced Micro Devices", "Micron Technology"):
        assert _sentiment_of(tagger, text, name) == "Positive", name


def test_near_tags_only_the_sentences_holding_those_spans(tagger: EntityTagger) -> None:
    text = (
        "Boeing Co <BA.N> rose 3.1% on strong jet orders. "
        "Caterpillar Inc <CAT.N> fell 4.2% after it warned of weaker demand."
    )
    everything = tagger.tag(text)
    second = text.index("Caterpillar")
    only_second = tagger.tag(text, near=[(second, second + 11)])
    assert only_second == [s for s in everything if s.start >= second]
    assert only_second
    assert tagger.tag(text, near=[]) == []


def test_plain_prose_without_companies_gives_no_spans(tagger: EntityTagger) -> None:
    assert tagger.tag("it was a quiet day and nothing much happened at all.") == []


def test_offsets_are_exact_and_the_ric_is_not_part_of_the_name(tagger: EntityTagger) -> None:
    text = "  Johnson & Johnson <JNJ.N> gained 2% on Tuesday.\n\nPfizer Inc <PFE.N> slipped 1%."
    spans = tagger.tag(text)
    surfaces = [text[s.start : s.end] for s in spans]
    assert "Johnson & Johnson" in surfaces
    assert "Pfizer Inc" in surfaces
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == text[span.start : span.end].strip()
        assert span.sentiment in {"Positive", "Negative", "Neutral"}
        assert 0.0 < span.confidence <= 1.0
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_a_possessive_is_left_out_of_the_name(tagger: EntityTagger) -> None:
    text = "Walmart's shares dropped 6% after the retailer's profit warning."
    names = [text[s.start : s.end] for s in tagger.tag(text)]
    assert "Walmart" in names


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02\ufffd\ud800 <>",
        "<<<>>> <JNJ.N> <> <a b>",
        "阿里巴巴股价今日大涨5%，腾讯控股下跌2%。",
        "Ä" * 1000,
        "'s 's ’s & & of of , , ,",
        "\ud83d\ude00 emoji \U0001f600 Tesla",
    ],
)
def test_odd_input_never_raises(tagger: EntityTagger, text: str) -> None:
    for span in tagger.tag(text):
        assert isinstance(span, EntitySpan)
        assert 0 <= span.start < span.end <= len(text)


def test_non_strings_give_no_spans(tagger: EntityTagger) -> None:
    assert tagger.tag(None) == []  # type: ignore[arg-type]
    assert tagger.tag(b"Acme Corp fell") == []  # type: ignore[arg-type]


def test_huge_text_without_full_stops_is_cut_into_bounded_sequences(tagger: EntityTagger) -> None:
    text = "Acme Corp rose and Globex Inc fell " * 3000  # about 100 KB, one "sentence"
    assert max(len(s.words) for s in sentences(text)) <= MAX_SEQUENCE
    spans = tagger.tag(text)
    assert len(spans) > 1000
    assert all(text[s.start : s.end].strip() == text[s.start : s.end] for s in spans)


def test_the_finentity_model_suite_scores_the_held_out_part(shared_data: Path) -> None:
    """On the 20% of FinEntity the model never saw, entity+sentiment F1 clears the rule
    engine's 0.54 by a wide margin; the training part is only reported, as info."""
    from marketbuzz.evaluation.runner import run_suites
    from marketbuzz.master.load import load_master

    [(result, _)] = run_suites(["finentity-model"], shared_data.parent, load_master())
    assert result.info["heldout_texts"] == 130
    assert result.scores["heldout_entity_sentiment_micro_f1"] > 0.65
    assert result.scores["heldout_span_f1"] > 0.85
    assert "train_entity_sentiment_micro_f1" not in result.scores
    assert (
        result.info["train_entity_sentiment_micro_f1"]
        > result.scores["heldout_entity_sentiment_micro_f1"]
    )
    assert 0.0 < result.info["heldout_combined_entity_sentiment_micro_f1"] < 1.0


def test_the_model_was_trained_with_todays_tone_words() -> None:
    """The features read the tone lexicon; a lexicon change needs a retrained model
    (`python scripts/train_entity_model.py --shared ../shared`)."""
    settings = json.loads(settings_path(default_model_path()).read_text("utf-8"))
    assert settings["tone_fingerprint"] == tone_fingerprint()


# -- the second stage: per-span sentiment classifier --------------------------------------------


def test_the_sentiment_classifier_ships_beside_the_crf_and_is_used() -> None:
    path = default_model_path().with_name(SENTIMENT_FILENAME)
    assert path.is_file()
    assert path.stat().st_size < 1_000_000
    data = json.loads(path.read_text("utf-8"))
    assert data["classes"] == list(SENTIMENTS)
    assert len(data["weights"]) > 500  # words and cues, not just a bias
    assert EntityTagger.load().has_sentiment_model
    settings = json.loads(settings_path(default_model_path()).read_text("utf-8"))
    assert settings["cv_entity_sentiment_micro_f1"] > settings["cv_crf_entity_sentiment_micro_f1"]


def test_without_the_classifier_the_crf_sentiment_is_used(tmp_path: Path) -> None:
    crf_only = tmp_path / "entity_crf.bin"
    crf_only.write_bytes(default_model_path().read_bytes())
    tagger = EntityTagger.from_file(crf_only)
    assert not tagger.has_sentiment_model
    assert tagger.tag("Initech Corp <ITC.N> fell 8% after a profit warning.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Initech Corp <ITC.N> shares fell 8% after a profit warning.", "Negative"),
        ("Initech Corp <ITC.N> shares jumped 8% on strong results.", "Positive"),
        ("Initech Corp <ITC.N> tumbled after the company cut its forecast.", "Negative"),
        ("Initech Corp <ITC.N> rallied after the company raised its forecast.", "Positive"),
    ],
)
def test_the_classifier_follows_the_move(tagger: EntityTagger, text: str, expected: str) -> None:
    assert _sentiment_of(tagger, text, "Initech Corp") == expected


def test_the_classifier_reads_the_span_not_just_the_crf(tagger: EntityTagger) -> None:
    """The same CRF output with different words around the span can change the sentiment."""
    [(sentence, [candidate])] = [
        (s, c) for s, c in tagger.candidates("Initech Corp <ITC.N> shares fell after a warning.")
    ]
    assert candidate.crf_sentiment in SENTIMENTS
    assert tagger.label([(sentence, [candidate])])[0].sentiment == "Negative"


def test_sentiment_model_scores_as_logistic_regression() -> None:
    model = SentimentModel({"a": [1.0, 0.0, -1.0], "b": [0.0, 2.0, 0.0]}, [0.0, 0.0, 0.5])
    p = model.probabilities({"a": 1.0, "b": 0.5, "unknown": 3.0})
    scores = [1.0, 1.0, -0.5]
    total = sum(math.exp(x) for x in scores)
    assert p == pytest.approx(tuple(math.exp(x) / total for x in scores))
    assert model.sentiment({"b": 1.0}) == "Negative"
    assert model.sentiment({}) == "Neutral"  # the bias alone
    again = SentimentModel(**model.to_json())  # type: ignore[arg-type]
    assert again.probabilities({"a": 1.0}) == model.probabilities({"a": 1.0})
