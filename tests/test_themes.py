"""Themes: lexicon words in either script or English, entity themes, and saturating scores."""

from __future__ import annotations

from dataclasses import replace

from marketbuzz.extract.themes import MIN_SCORE, extract_themes
from marketbuzz.model import Theme
from tests.test_events import MASTER, build_master, make_doc, scan_mentions


def themes_of(body: str, title: str = "") -> dict[str, Theme]:
    doc = make_doc(body, title)
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
    found = themes_of("特斯拉股價上漲。特斯拉交付新車。市場平靜。市場平靜。")
    assert "ev" in found
    assert found["ev"].evidence[0].text == "特斯拉"
    worded = themes_of("電動車銷量上漲。電動車交付加快。市場平靜。市場平靜。")
    assert worded["ev"].score > found["ev"].score


def test_entity_named_in_title_lends_its_themes() -> None:
    doc = make_doc("股價上漲。市場平靜。", title="特斯拉季度交付創新高")
    assert "ev" in {t.name for t in extract_themes(doc, scan_mentions(doc), MASTER)}


def test_score_grows_with_share_and_saturates() -> None:
    filler = "市場平靜。" * 18
    twice = themes_of("比特幣上漲。" * 2 + filler)["crypto"].score  # 2 of 20 sentences: 0.45
    often = themes_of("比特幣上漲。" * 10 + filler)["crypto"].score
    everywhere = themes_of("比特幣上漲。" * 30)["crypto"].score
    assert 0 < twice < often < everywhere <= 1
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


def test_sources_and_brokers_lend_no_themes() -> None:
    body = "匯豐控股公佈業績。匯豐控股派息增加。市場平靜。"
    doc = make_doc(body)
    bank = [("HSBA", "equity", "", ("汇丰控股",), (), ("banking",))]
    master = build_master(bank)
    mentions = scan_mentions(doc, master)
    assert "banking" in {t.name for t in extract_themes(doc, mentions, master)}
    sourced = [replace(m, role="source") for m in mentions]
    assert not extract_themes(doc, sourced, master)
    broker = build_master([("MS", "equity", "broker", ("摩根士丹利",), (), ("banking",))])
    doc = make_doc("摩根士丹利發表報告。摩根士丹利看好內需。市場平靜。")
    assert not extract_themes(doc, scan_mentions(doc, broker), broker)


# A story about one thing with a market wrap at the end: the wrap's one-off names and words
# (比特币, 特斯拉, 期金, bitcoin, Tesla) are passing mentions, not themes.
_MOUTAI_STORY = (
    "贵州茅台公布三季度业绩，营收同比增长15%。"
    "公司表示，直销渠道占比继续提升。"
    "茅台酒出厂价保持稳定，批发价小幅回落。"
    "分析师认为，高端白酒需求仍然稳健。"
    "茅台系列酒收入增速快于茅台酒。"
    "公司计划在年底前完成新一轮分红。"
    "白酒板块当日整体走强，多只个股上涨。"
    "部分投资者担心消费复苏力度不足。"
    "茅台近期加大了对海外市场的投入。"
    "公司管理层称对全年目标有信心。"
    "机构预计明年茅台酒销量将保持增长。"
    "白酒行业库存水平有所下降。"
    "其他市场方面，比特币下跌2%，特斯拉股价上涨1%，期金持平。"
)
_APPLE_STORY = (
    "Apple reported record iPhone sales for the quarter. "
    "The company said demand in China recovered. "
    "Services revenue also rose to a new high. "
    "Apple raised its dividend and expanded its buyback. "
    "Analysts said the iPhone cycle looks healthy. "
    "Shares of Apple rose after the report. "
    "Management expects margins to stay stable. "
    "Apple plans to open more stores in India. "
    "Wearables sales were flat for the quarter. "
    "Elsewhere, bitcoin slipped and Tesla edged higher."
)


def test_passing_mentions_make_no_theme() -> None:
    zh = themes_of(_MOUTAI_STORY)
    assert not {"crypto", "ev", "gold"} & set(zh)
    en = themes_of(_APPLE_STORY)
    assert not {"crypto", "ev"} & set(en)
    # The same words carrying the story do make the theme.
    assert "crypto" in themes_of("比特币大涨。比特币创新高。" + "市场平静。" * 10)
    assert "crypto" in themes_of("Bitcoin jumped 5%. Crypto funds saw inflows. Stocks were flat.")


def test_one_stray_sentence_is_below_the_threshold() -> None:
    stray = themes_of("比特币上涨。" + "市场平静。" * 56)
    assert "crypto" not in stray
    twice = themes_of("比特币上涨。比特币走强。" + "市场平静。" * 55)
    assert twice["crypto"].score >= MIN_SCORE
    assert "crypto" in themes_of("市场平静。" * 20, title="比特币上涨")  # the title carries it
