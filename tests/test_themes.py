"""Themes: lexicon words in either script or English, entity themes, and saturating scores."""

from __future__ import annotations

from dataclasses import replace

from marketbuzz.extract.themes import extract_themes
from marketbuzz.model import Theme
from tests.test_events import MASTER, build_master, make_doc, scan_mentions


def themes_of(body: str) -> dict[str, Theme]:
    doc = make_doc(body)
    return {t.name: t for t in extract_themes(doc, scan_mentions(doc), MASTER)}


def test_traditional_and_simplified_words_meet() -> None:
    found = themes_of("人工智慧熱潮下，資料中心需求大增。數據中心建設加速，晶片供不應求。")
    assert {"data_centers", "semiconductors"} <= set(found)
    evidence = [span.text for span in found["data_centers"].evidence]
    assert evidence == ["資料中心", "數據中心"]


def test_english_words_whole_words_only() -> None:
    found = themes_of("Hyperscalers keep spending on data centers and GPUs. Bitcoin slipped.")
    assert {"data_centers", "ai", "semiconductors", "crypto"} <= set(found)
    # "chip" inside "chipotle", "ai" inside "said" and "gold" inside "goldman" do not count.
    assert not themes_of("Chipotle said it was fine. Goldman met the team.")


def test_acronyms_need_capitals() -> None:
    assert "ai" in themes_of("AI芯片需求旺盛。")
    assert "ai" not in themes_of("We said hello to the maid.")
    assert "ev" in themes_of("EV makers rallied.")


def test_entity_themes_count_half() -> None:
    found = themes_of("特斯拉股價上漲。市場平靜。市場平靜。市場平靜。")
    assert "ev" in found
    assert found["ev"].evidence[0].text == "特斯拉"
    worded = themes_of("電動車銷量上漲。市場平靜。市場平靜。市場平靜。")
    assert worded["ev"].score > found["ev"].score


def test_score_grows_with_share_and_saturates() -> None:
    filler = "市場平靜。" * 18
    once = themes_of("比特幣上漲。" + filler)["crypto"].score
    often = themes_of("比特幣上漲。" * 10 + filler)["crypto"].score
    everywhere = themes_of("比特幣上漲。" * 30)["crypto"].score
    assert 0 < once < often < everywhere <= 1
    assert everywhere > 0.99


def test_ordering_and_empty_input() -> None:
    found = list(themes_of("人工智能。人工智能。芯片。").values())
    assert [t.name for t in found][:2] == ["ai", "semiconductors"]
    assert themes_of("") == {}
    assert themes_of("\n\n") == {}


def test_seed_themes(seed_text: str) -> None:
    found = themes_of(seed_text)
    for name in ("ai", "semiconductors", "data_centers", "big_tech"):
        assert name in found
    assert found["ai"].score > 0.5
    assert max(found.values(), key=lambda t: t.score).name == "ai"


def test_sources_lend_no_themes() -> None:
    doc = make_doc("摩根士丹利發表報告。市場平靜。")
    master = build_master([("MS", "equity", "broker", ("摩根士丹利",), (), ("banking",))])
    mentions = scan_mentions(doc, master)
    assert "banking" in {t.name for t in extract_themes(doc, mentions, master)}
    sourced = [replace(m, role="source") for m in mentions]
    assert not extract_themes(doc, sourced, master)
