"""A short ambiguous name joined to a product or company word is the company: 小米 of 小米手機,
小米電動車, 小米新款 (in a headline there is often no punctuation around it); the grain keeps its
counter-cues. A coin name that is also a word (Ether) links where its price moves.

Run against the bundled master (skipped when it has not been built).
"""

from __future__ import annotations

import pytest

from marketbuzz.document import Document
from marketbuzz.link import link_mentions
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Article


def ids(master: SecurityMaster, body: str, title: str = "") -> list[str]:
    return [m.entity_id for m in link_mentions(Document(Article(title=title, body=body)), master)]


@pytest.mark.parametrize(
    "title",
    [
        "小米電動車新款訂單超預期 股價開市急升8%",  # Traditional headline
        "小米手機出貨量重回全球第三",
        "小米新款手机热卖 股价升5%",  # Simplified
        "小米电动车交付量创新高",
    ],
)
def test_a_short_name_joined_to_a_product_word_is_the_company(
    master: SecurityMaster, title: str
) -> None:
    assert ids(master, "", title=title) == ["1810.HK"]


@pytest.mark.parametrize(
    "body",
    [
        "小米粥營養豐富，適合早餐。",
        "这种小米新品种亩产达到五百斤。",
        "買了兩斤小米和綠豆。",
    ],
)
def test_the_grain_stays_the_grain(master: SecurityMaster, body: str) -> None:
    assert ids(master, body) == []


def test_a_coin_whose_price_moves_links_in_headline_and_body(master: SecurityMaster) -> None:
    body = "Ether traded near $3,150 on Saturday after losing about 9% over the week."
    assert ids(master, body, title="Ether steadies after weekly slide") == ["ETH-USD", "ETH-USD"]


def test_ether_the_chemical_is_no_coin(master: SecurityMaster) -> None:
    assert ids(master, "Ether is a solvent once used as an anaesthetic in surgery.") == []
