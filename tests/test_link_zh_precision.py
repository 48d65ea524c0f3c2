"""Chinese linking precision: a short company name inside a longer proper noun is no mention.

- a match that begins inside a place name (内蒙古|能源 holds 蒙古能源);
- a name followed by the type word of an asset or a separately run arm (葛洲坝电站, 京东数科,
  太平洋人寿, 广州珠江LNG电厂);
- a foreign brand right after a Chinese partner's short name: their joint venture (上汽大众).

Each rule is shown both ways: the same name standing alone still links. Skipped when the
bundled master has not been built.
"""

from __future__ import annotations

import datetime as dt

import pytest

from marketbuzz.document import Document
from marketbuzz.link import cjk, link_mentions
from marketbuzz.link.cjk import inside_place, other_arm_after
from marketbuzz.master.build import _abbreviates
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Article, PublishedDate


def linked(master: SecurityMaster, body: str) -> set[str]:
    return {m.entity_id for m in link_mentions(Document(Article(title="", body=body)), master)}


@pytest.mark.parametrize(
    ("inside", "alone", "entity_id"),
    [
        ("内蒙古能源局发布新一轮光伏项目清单。", "蒙古能源今日宣布停牌。", "0276.HK"),
        (
            "公司与国家电网签订《2021年度葛洲坝电站购售电合同》。",
            "葛洲坝今日涨停，成交额放大。",
            "600068.SS",
        ),
        (
            "公司拟投资建设广州珠江LNG电厂二期项目。",
            "广州珠江发布年报，净利润增长。",
            "600684.SS",
        ),
        ("華晟領飛已投資美團點評、京東數科等項目。", "京東股價大漲5%。", "JD"),
        ("太平洋人寿一季度保费收入增长。", "太平洋证券发布研报。", "601099.SS"),
    ],
)
def test_name_inside_longer_proper_noun_does_not_link(
    master: SecurityMaster, inside: str, alone: str, entity_id: str
) -> None:
    assert entity_id not in linked(master, inside)
    assert entity_id in linked(master, alone)


def test_group_name_of_the_company_itself_still_links(master: SecurityMaster) -> None:
    assert "JD" in linked(master, "京东集团发布第三季度财报，收入超预期。")


def test_joint_venture_name_is_not_the_foreign_partner(master: SecurityMaster) -> None:
    assert "VOW3.DE" not in linked(master, "上汽大众十月销量同比下滑。")
    assert "VOW3.DE" in linked(master, "大众汽车十月在华销量同比下滑。")


def test_life_insurer_of_a_listed_group_is_a_separate_company(master: SecurityMaster) -> None:
    # Decision: 中国平安人寿 is Ping An Life, an unlisted subsidiary; it does not link 601318.
    assert "601318.SS" not in linked(master, "中国平安人寿上半年保费收入增长。")
    assert "601318.SS" in linked(master, "中国平安上半年净利润增长。")


def test_place_rule_needs_the_place_to_start_before_the_match() -> None:
    text = "内蒙古能源与江西铜业"
    assert inside_place(text, text.index("蒙古"))
    assert not inside_place(text, text.index("江西"))
    assert not inside_place("浙江", 0)
    assert inside_place("浙江西部", 1)


def test_arm_words_only_right_after_the_name() -> None:
    assert other_arm_after("葛洲坝电站", 3)
    assert other_arm_after("珠江LNG电厂", 2)
    assert not other_arm_after("葛洲坝今日公告电站项目", 3)
    assert not other_arm_after("", 0)
    assert not inside_place("", 0)


def test_cheap_first_checks_never_hide_a_place_or_an_arm() -> None:
    # inside_place tests the character before the match first: every place name split inside
    # must still count (内|蒙古, 黑|龙江, 上|海).
    for place in cjk._PLACE.pattern.split("|"):
        for split in range(1, len(place)):
            assert inside_place(f"{place}能源集团", split), (place, split)
    # other_arm_after tests the first character after the name first: the type words, an
    # ASCII tag, and the non-ASCII letters the case-blind pattern reads as Latin ones.
    for tag in ("", "LNG", "x9", "\u212a", "\u017f", "\u0130", "\u0131"):
        assert other_arm_after(f"华能{tag}电站", 2), tag
    assert other_arm_after("长江人寿", 2)
    assert other_arm_after("京东数科", 2)
    assert not other_arm_after("华能国际电站", 2)
    assert not other_arm_after("华能", 2)


# -- A+H pairs whose names differ --------------------------------------------------------------


@pytest.mark.parametrize(
    ("h_share", "a_share"),
    [("0386.HK", "600028.SS"), ("6066.HK", "601066.SS"), ("0107.HK", "601107.SS")],
)
def test_h_share_named_in_full_is_the_a_share_company(
    master: SecurityMaster, h_share: str, a_share: str
) -> None:
    entity = master.by_symbol(h_share)
    assert entity is not None
    assert entity.id == a_share


@pytest.mark.parametrize(
    ("offshore", "a_share"),
    [("0354.HK", "600536.SS"), ("0144.HK", "001872.SZ"), ("0489.HK", "600006.SS")],
)
def test_offshore_or_group_line_named_alike_stays_apart(
    master: SecurityMaster, offshore: str, a_share: str
) -> None:
    # 中国软件国际 / 中国软件, 招商局港口 / 招商港口, 东风集团股份 / 东风股份: other companies.
    entity = master.by_symbol(offshore)
    assert entity is not None
    assert entity.id != a_share


def test_abbreviation_rule() -> None:
    assert _abbreviates("中国石化", "中国石油化工股份")
    assert _abbreviates("中信建投", "中信建投证券")
    assert not _abbreviates("东风股份", "东风集团股份")  # 股份 names no company
    assert not _abbreviates("中国石化", "中国石化")  # equal names pair in the exact pass
    assert not _abbreviates("华能国际", "中国华能")  # first characters differ
    assert not _abbreviates("", "")


def test_h_share_sinopec_links_in_traditional_chinese(master: SecurityMaster) -> None:
    assert "600028.SS" in linked(master, "中國石油化工股份今日公布業績，純利按年增長。")


# -- Latin acronyms of mainland companies -----------------------------------------------------


def test_bare_acronym_needs_market_context(master: SecurityMaster) -> None:
    def headline(title: str) -> set[str]:
        doc = Document(Article(title=title, body=""))
        return {m.entity_id for m in link_mentions(doc, master)}

    assert "601288.SS" not in headline("ABC News anchor leaves the network after 20 years")
    assert "601288.SS" in headline("ABC shares rise 3% in Hong Kong after profit beat")
    abc = [n for n in master.names_of("601288.SS") if n.key == "abc"]
    assert abc
    assert all(n.ambiguous and n.case_sensitive for n in abc)


# -- a past group name belongs to the unlisted parent -----------------------------------------


def test_past_group_name_is_the_parent_not_the_listed_company(master: SecurityMaster) -> None:
    def on(date: str, body: str) -> set[str]:
        day = dt.date.fromisoformat(date)
        article = Article(title="", body=body, published=PublishedDate(date, day))
        return {m.entity_id for m in link_mentions(Document(article), master)}

    # 哈药集团 was 600664's name until 2006; since then it is the parent group's.
    assert "600664.SS" not in on("2020-05-06", "哈药集团旗下企业获得药品注册批件。")
    assert "600664.SS" in on("2020-05-06", "哈药股份获得药品注册批件。")
    assert "600664.SS" in on("2020-05-06", "哈药集团（600664）旗下企业获得药品注册批件。")
