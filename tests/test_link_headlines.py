"""English headline conventions, each shown in both directions (links / does not link):

- a company's first name-word and its ticker in brackets: "Agilent (A)";
- ticker lists in brackets or closing a line after a colon, old delisted tickers among them;
- function words and object verbs before a name do not make a longer proper noun in a
  headline ("Why Is Alcoa Stock…", "Citigroup Upgrades AllianceBernstein…");
- an ambiguous name opening a headline with a corporate verb is the company ("Apple Gets…"),
  and so is one listed beside a company ("Amazon, Apple, Walmart…");
- a two-letter ticker beside a word only a stock takes ("AA Stock", "Shares of AA");
- a name one owner has plainly and another only as an ambiguous note-issuer name goes to the
  plain owner (Credit Suisse, the bank, not an exchange-traded note it issued).

Headlines are the title of an article with no body, as news feeds deliver them.
"""

from __future__ import annotations

import pytest

from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Article
from marketbuzz.pipeline import analyze_article


def linked(master: SecurityMaster, headline: str) -> set[str]:
    analysis = analyze_article(Article(title=headline, body=""), master)
    return {item.entity_id for item in (*analysis.instruments, *analysis.organizations)}


@pytest.mark.parametrize(
    ("headline", "symbol"),
    [
        ("Agilent (A) Down 5.5% Since Last Earnings Report: Can It Rebound?", "A"),
        ("Agilent's (A) Latest Buyout to Bolster Presence in Korea", "A"),
        ("S&P 500 Movers: HSIC, A", "A"),
        ("Social Media Outlook for Monday June 18 (BKS, A, INFI, DSW)", "A"),
        ("After-Hours Earnings Report for May 22, 2017 : A, NDSN, LXFT, RAVN, QTNT, CRMT", "A"),
        ("Why Is Alcoa Stock Attracting Investor Optimism?", "AA"),
        ("See How Alcoa Corporation Ranks Among Analysts' Top Metals Picks", "AA"),
        ("Citigroup Upgrades AllianceBernstein Holding to Buy", "AB"),
        ("Apple Gets Patent For Socially-Distanced Group Selfies", "AAPL"),
        ("Apple To Reopen Germany Retail Stores May 11", "AAPL"),
        ("AA Stock Crowded With Sellers", "AA"),
        ("Amazon, Apple, Walmart, Other Retailers Shutter Stores", "AAPL"),
        ("Apple CFO Says Liquidity Has Not Been Issue", "AAPL"),
        ("Apple And Google Team Up To Build Bluetooth Solution", "AAPL"),
        ("Gene Munster Sees Apple And Tesla As Biggest Winners", "AAPL"),
        ("'Options Action' Traders Weigh In On Apple, S&P 500, Crude Oil", "^GSPC"),
        ("Shares of AA Now Oversold", "AA"),
    ],
)
def test_headline_links(master: SecurityMaster, headline: str, symbol: str) -> None:
    assert symbol in linked(master, headline)


@pytest.mark.parametrize(
    ("headline", "symbol"),
    [
        ("Grade (A) students do better at university", "A"),  # no name before the bracket
        ("Ratio: A, B", "A"),  # a lettered list has no token that reads as a ticker
        ("Choose (A, B, C) in the survey", "A"),
        ("Stocks To Watch: A Fed Head Talks Crypto", "A"),  # not a list: words follow
        ("Apple Pie Recipes For Thanksgiving", "AAPL"),  # no corporate verb after it
        ("The bond is rated AA by S&P.", "AA"),  # a grade, with no stock word beside it
        ("EM Stocks Rally As Dollar Slides", "EM"),  # a market, not a company
        ("No News Expected Out of Companies", "NWSA"),  # a determiner before a common noun
        ("Apples, pears and bananas rose in price at the market.", "AAPL"),  # no company listed
        ("ETF News And Commentary", "NWSA"),  # a conjunction after it is no corporate word
        ("Apple And Orange Prices Climb At Farmers Markets", "AAPL"),  # no company beside it
        ("Western Digital, Bed Bath & Beyond and Alcoa Highlighted", "BYON"),  # tail of a name
        ("Is Barrick Turning Into A Commodity Giant? (FCX, ABC, BHP, RIO)", "601288.SS"),
    ],
)
def test_headline_does_not_link(master: SecurityMaster, headline: str, symbol: str) -> None:
    entity = master.by_symbol(symbol)
    assert entity is not None
    assert entity.id not in linked(master, headline)


def test_plain_owner_of_a_name_wins_over_an_ambiguous_one(master: SecurityMaster) -> None:
    found = linked(master, "Credit Suisse Downgrades AllianceBernstein to Neutral")
    note = master.by_symbol("GLDI")
    assert note is not None
    assert "org:credit-suisse" in found
    assert note.id not in found


# -- headline case: what ends a name, what frees one, and lists of tickers ---------------------


@pytest.mark.parametrize(
    ("headline", "symbols"),
    [
        # An inflected word before a plain name is a verb or a plural, not a given name.
        ("What Is Slowing Alcoa's Smelter Restart?", {"AA"}),
        ("Regulator Probes AllianceBernstein's Fees", {"AB"}),
        ("Why Aluminum Stocks Alcoa And Kaiser Aluminum Jumped", {"AA", "KALU"}),
        ("COLUMN-Alcoa restarts a smelter in Spain", {"AA"}),  # a wire slug, not "Co-Founder"
        # A modal, a preposition or a past tense after a name ends it.
        ("Analyst Says Apple Can Double Its Services Revenue", {"AAPL"}),
        ("Apple Fined $500 Million By Italian Regulator", {"AAPL"}),
        ("BlackRock Raises Stake In Apple", {"AAPL"}),
        ("Microsoft Hires ex-Apple Executive To Run Devices", {"AAPL"}),
        # Two-letter tickers where the headline talks of a security's options, chart, analysts.
        ("AA Crosses Above Its 200 Day Moving Average", {"AA"}),
        ("First Week of AA March Options Trading", {"AA"}),
        ("Analysts Keep Hold Rating On Shares Of AB", {"AB"}),
        # ...or where a headline opens with it and a corporate verb.
        ("AB Announces March Assets Under Management Of $549B", {"AB"}),
        ("UPDATE: BP Reports Higher Quarterly Profit", {"BP"}),
        # Ticker lists: "&" before the last item, two-letter items, delisted anchors.
        ("Earnings Previews for AA, VMI & KALU", {"AA", "VMI", "KALU"}),
        ("Notable Monday Option Activity: GS, M, DE", {"GS", "M", "DE"}),
        ("Basic Materials Update for 3/4/2021: AA,ZZQX", {"AA"}),
        ("Nasdaq 100 Movers: AA", {"AA"}),
        # A bracketed ticker confirmed by the name written nearby or opening the headline.
        ("Agilent To Remain Strong (A)", {"A"}),
        ("Bear of the Day: Agilent Tech (A)", {"A"}),
        ("Jefferies Has $31 Target On Alliance Bernstein (AB)", {"AB"}),
        # A possessive is still the ticker.
        ("Investors Cheer AAP's Strong Q1 Results", {"AAP"}),
        ("TIM Shares Rise In Sao Paulo", {"TIMB"}),  # a short name in capitals is still it
        ("US STOCKS-Dow reaches record high as oil surges", {"^DJI"}),
    ],
)
def test_headline_case_links(master: SecurityMaster, headline: str, symbols: set[str]) -> None:
    assert symbols <= linked(master, headline)


@pytest.mark.parametrize(
    ("headline", "symbol"),
    [
        ("RF Industries Ex-Dividend Date Scheduled for June 26", "RF"),  # a longer name
        ("Jefferies Reiterates Buy, $60 PT on Agilent Technologies", "PT"),  # price target
        ("KBW Maintains MP Rating On Alliance Bernstein", "MP"),  # market perform
        ("Morgan Stanley Raises Price Target On Apple From $330", "TGT"),
        ("Analyst Lowers Target From $350 to $320 On Apple", "TGT"),
        ("Regulator Denies Atlas Air's Request For More Routes", "ATCO-PH"),  # "Atlas Air"
        ("Retailer Names Dave Buck COO", "DAVE"),  # a person
        ("Gene Therapy Stocks Take Beating On Bad News For Celladon", "NWSA"),
        ("Government Helps Grande Prairie Youth Find Jobs", "GRAN"),  # a place
        ("Stock Rating: A", "A"),  # a grade: no list of stocks before the colon
        ("Apple CEO Tim Cook: Apple News Had 125M Users", "NWSA"),  # Apple's product
        ("Tim Cook Announces Apple Donation", "TIMB"),  # a given name, not TIM S.A.
        ('"Prices keep rising," said Tim Quinlan, an economist at Wells Fargo.', "TIMB"),
        ("HP Announces New Printers", "HP"),  # HP Inc (HPQ) by its name, not Helmerich & Payne
        ("EM Announces Nothing", "EM"),  # not a ticker word
    ],
)
def test_headline_case_does_not_link(master: SecurityMaster, headline: str, symbol: str) -> None:
    entity = master.by_symbol(symbol)
    assert entity is not None
    assert entity.id not in linked(master, headline)
