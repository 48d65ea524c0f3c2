"""A name an index shares with a company (Nasdaq: the Nasdaq Composite and Nasdaq Inc.; Dow: the
Dow Jones Industrial Average and Dow Inc.) reads as the index where the market moves it:

- the name followed by a move, with or without "the" ("Nasdaq closes higher", "Nasdaq falls as
  Nvidia, Apple drag", "Dow Rises Over 1%"), or by a figure ("the Nasdaq 1.4%");
- the name moved by something else ("lifting the Nasdaq", "megacaps lift Nasdaq");
- "the" before it: a company is never "the Nasdaq";
- and, as before, index words in the sentence (futures, points, the S&P 500).

It stays the company where the text is about the company (Nasdaq Inc., shares of Nasdaq, Nasdaq
said, its ticker), and is neither where it names the exchange a stock is listed or trades on
("Nasdaq-listed", "listed on the Nasdaq"): that is the exchange, an institution.

Run against the bundled master (skipped when it has not been built).
"""

from __future__ import annotations

import pytest

from marketbuzz.document import Document
from marketbuzz.link import link_mentions
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Article


def linked(master: SecurityMaster, body: str, name: str, title: str = "") -> list[str]:
    mentions = link_mentions(Document(Article(title=title, body=body)), master)
    # The index may be named with its article ("the Dow" is one of its names).
    return [m.entity_id for m in mentions if name in m.text]


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Nvidia leads chip rebound as Nasdaq closes higher", "Nasdaq"),
        ("Nasdaq falls as Nvidia, Apple drag ahead of earnings", "Nasdaq"),
        ("Nvidia shares rose 5% in early trading, lifting the Nasdaq 1.4%.", "Nasdaq"),
        ("The Nasdaq lost 2.2%.", "Nasdaq"),
        ("Megacaps lift Nasdaq to a record close", "Nasdaq"),
        ("Nasdaq ends higher as yields fall", "Nasdaq"),
        ("Markets close higher; Nasdaq on a six-day winning streak", "Nasdaq"),
        ("History says the Nasdaq will soar in 2024.", "Nasdaq"),
        ("Close Update: Nasdaq Leads Wall Street Higher As Chip Stocks Rally", "Nasdaq"),
        ("Nasdaq leads gains as tech rallies", "Nasdaq"),
        ("US STOCKS-Dow reaches record high as oil surges", "Dow"),
        ("Mid-Day Market Update: Dow Rises Over 1%; Applied Optoelectronics Shares Plummet", "Dow"),
        ("Dow falls as Boeing slides", "Dow"),
        ("Renewed fears of a slowdown dragged the Dow lower on Friday.", "Dow"),
    ],
)
def test_the_name_moved_by_the_market_is_the_index(
    master: SecurityMaster, body: str, name: str
) -> None:
    expected = {"Nasdaq": "^IXIC", "Dow": "^DJI"}[name]
    assert linked(master, body, name) == [expected]


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Nasdaq Inc. reported quarterly revenue of $1.2 billion.", "Nasdaq"),
        ("Shares of Nasdaq rose 2% after the exchange operator beat estimates.", "Nasdaq"),
        ("Nasdaq said it would buy Adenza for $10.5 billion.", "Nasdaq"),
        ("Nasdaq shares fell 3% after the exchange operator missed estimates.", "Nasdaq"),
        ("Dow said it would close three plants in Europe.", "Dow"),
        ("Dow Inc. cut 2,000 jobs.", "Dow"),
    ],
)
def test_the_name_of_a_company_about_itself_is_the_company(
    master: SecurityMaster, body: str, name: str
) -> None:
    expected = {"Nasdaq": "NDAQ", "Dow": "DOW"}[name]
    assert set(linked(master, body, name)) == {expected}


def test_a_company_named_in_full_elsewhere_keeps_its_short_name(master: SecurityMaster) -> None:
    body = "Nasdaq Inc. (NDAQ) agreed to buy Adenza. Nasdaq expects the deal to close this year."
    assert set(linked(master, body, "Nasdaq")) == {"NDAQ"}


@pytest.mark.parametrize(
    "body",
    [
        "Nasdaq-listed shares of Alibaba rose 3%.",
        "The company's shares are listed on the Nasdaq.",
        "Pony AI debuted on Nasdaq on Wednesday.",
        "Alibaba's U.S.-listed shares rose 1% on the Nasdaq.",
        "On Nasdaq, decliners outnumbered advancers by 1.8 to 1.",
    ],
)
def test_the_exchange_a_stock_is_listed_on_is_neither(master: SecurityMaster, body: str) -> None:
    # Neither the index nor the company: the exchange itself, an institution.
    assert linked(master, body, "Nasdaq") == ["org:nasdaq-exchange"]
