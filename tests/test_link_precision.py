"""Precision rules of linking against the bundled master, each shown in both directions:

- a name an index shares with a company (Nasdaq, Dow) is the index in index talk;
- a market named in one news item does not carry into a sentence that opens its own topic;
- a company name straddling a person's name and a function word (张少华|为公司) is no mention;
- a currency used as the unit of a sum or the class of a share is no FX mention;
- a commodity word is the instrument only where its price is talked about in the same clause.

Skipped when the bundled master has not been built.
"""

from __future__ import annotations

import pytest

from marketbuzz.document import Document
from marketbuzz.link import link_mentions
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Article, Mention


def link(master: SecurityMaster, body: str) -> list[Mention]:
    return link_mentions(Document(Article(title="", body=body)), master)


def by_text(master: SecurityMaster, body: str) -> dict[str, str]:
    return {m.text: m.entity_id for m in link(master, body)}


# -- index or company -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "name", "expected"),
    [
        ("Wall Street closed lower as the S&P 500 and the Nasdaq retreated.", "Nasdaq", "^IXIC"),
        ("Nasdaq futures advance ahead of the jobs report.", "Nasdaq", "^IXIC"),
        ("The Nasdaq fell 1.6% on Tuesday.", "Nasdaq", "^IXIC"),
        ("Dow futures rose 0.3% before the bell.", "Dow", "^DJI"),
        ("Nasdaq Inc. reported quarterly revenue of $1.2 billion.", "Nasdaq", "NDAQ"),
        ("Nasdaq shares rose 2% after the exchange operator beat estimates.", "Nasdaq", "NDAQ"),
        ("Dow Inc. reported quarterly revenue of $11 billion.", "Dow", "DOW"),
    ],
)
def test_a_name_shared_by_an_index_and_a_company(
    master: SecurityMaster, body: str, name: str, expected: str
) -> None:
    linked = by_text(master, body)
    # The company may be named with its suffix ("Dow Inc"): what matters is where the name goes.
    matches = {text: entity for text, entity in linked.items() if text.startswith(name)}
    assert matches
    assert set(matches.values()) == {expected}


# -- market carried from sentence to sentence -------------------------------------------------


def test_a_sector_sentence_takes_no_market_from_the_item_before(master: SecurityMaster) -> None:
    body = (
        "港股碳中和概念股部分下挫，金风科技跌近5%。"
        "CRO板块早盘领跌，凯莱英跌超8%，药明康德等跌超4%。"
    )
    hints = {m.text: m.market_hint for m in link(master, body)}
    assert hints["金风科技"] == "HK"
    assert hints["药明康德"] is None


def test_a_market_still_carries_into_the_next_plain_sentence(master: SecurityMaster) -> None:
    hints = {m.text: m.market_hint for m in link(master, "港股開市。騰訊控股升2%，藥明康德跌3%。")}
    assert hints["藥明康德"] == "HK"


# -- person names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["张少华为公司董事长。", "据悉，王华为该公司创始人。", "董事長張華為公司發展作出了貢獻。"],
)
def test_a_person_name_before_a_function_word_is_no_company(
    master: SecurityMaster, body: str
) -> None:
    assert "org:huawei" not in by_text(master, body).values()


@pytest.mark.parametrize(
    "body", ["公司向华为公司采购芯片。", "他主张华为公司加大投入。", "中興與華為是競爭對手。"]
)
def test_the_company_still_links_after_words_and_prepositions(
    master: SecurityMaster, body: str
) -> None:
    assert "org:huawei" in by_text(master, body).values()


def test_after_the_person_the_real_name_links(master: SecurityMaster) -> None:
    mentions = link(master, "李华为华为公司员工。")
    assert [(m.text, m.entity_id) for m in mentions] == [("华为公司", "org:huawei")]


# -- currencies as units ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "公司发行人民币A股普通股，股价上涨5%。",
        "项目总投资折合人民币约65亿元，同比上涨12%。",
        "以人民幣計，公司收入上升8%。",
    ],
)
def test_a_currency_as_unit_or_share_class_is_no_fx_mention(
    master: SecurityMaster, body: str
) -> None:
    assert "CNY=X" not in by_text(master, body).values()


def test_a_currency_priced_against_another_links(master: SecurityMaster) -> None:
    assert "CNY=X" in by_text(master, "人民币兑美元汇率升值0.5%。").values()


# -- commodities need a price -----------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "中石油天然气管道项目开工，股价上涨3%。",
        "该天然气项目总投资120亿元，同比增长20%。",
        "公司天然氣業務收入上升，股價漲5%。",
    ],
)
def test_a_commodity_word_without_its_price_is_no_instrument(
    master: SecurityMaster, body: str
) -> None:
    assert "NG=F" not in by_text(master, body).values()


@pytest.mark.parametrize(
    "body",
    [
        "国际天然气期货价格上涨3%。",
        "天然氣價格週二大漲8%。",
        "纽约商品交易所天然气上涨3.2%，报每百万英热单位2.8美元。",
    ],
)
def test_a_commodity_with_its_price_links(master: SecurityMaster, body: str) -> None:
    assert "NG=F" in by_text(master, body).values()


# -- English headlines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Apple Unveils Augmented Reality Vision Pro Headset", "AAPL"),
        ("Target Beats Estimates As Holiday Sales Rise", "TGT"),
        ("Apple's IOS 18 Software Update Reportedly 'Biggest' In Company's History", "AAPL"),
        ("Microsoft Surpasses Apple and Exceeds $3 Trillion Market Cap", "AAPL"),
        ("A Massive Problem With Apple Stock Today", "AAPL"),
    ],
)
def test_a_capitalised_name_acting_as_a_company_in_a_headline(
    master: SecurityMaster, title: str, expected: str
) -> None:
    mentions = link_mentions(Document(Article(title=title, body="")), master)
    assert expected in {m.entity_id for m in mentions}


@pytest.mark.parametrize(
    "body",
    [
        "She baked an apple pie for dinner.",
        "An Apple a day keeps the doctor away.",
        "Apple trees bloom in spring.",
        "Target practice starts at noon on Sunday.",
        "The Big Apple Marathon Draws Record Crowds",
        "New York City Apple Orchards Report Bumper Harvest",
    ],
)
def test_the_ordinary_word_is_no_company(master: SecurityMaster, body: str) -> None:
    assert not {"AAPL", "TGT"} & set(by_text(master, body).values())
