"""Rating words are not holdings, and Stock Connect net buying is a fund flow.

- 增持 / 减持 written as a rating (維持「增持」評級, 重申增持, 给予增持评级, 上调至增持) is an
  analyst rating, never a holding change; a shareholder who 增持 its shares still is one;
- net buying or selling by a channel of money (南向資金淨買入港股約85億港元, 北向资金净卖出约63亿
  元, "southbound investors net bought HK$8.5 billion") is a fund flow with its direction and
  amount, like 淨流入 / 净流入.

Run through the whole pipeline with the bundled master (skipped when it has not been built).
"""

from __future__ import annotations

import pytest

from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Event
from marketbuzz.pipeline import analyze


def events(master: SecurityMaster, body: str, title: str = "") -> list[Event]:
    return list(analyze({"title": title, "body": body}, master=master).events)


def of_type(found: list[Event], kind: str) -> list[Event]:
    return [e for e in found if e.type == kind]


# -- 增持 / 减持 as a rating -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "rating"),
    [
        # Traditional
        (
            "摩根士丹利發表報告，將阿里巴巴(09988)目標價由185元上調至210元，維持「增持」評級。",
            "增持",
        ),
        ("大摩重申小米集團「增持」評級，目標價60港元。", "增持"),
        ("摩根大通維持騰訊控股「減持」評級。", "减持"),
        # Simplified
        ("中金公司给予比亚迪增持评级，目标价420元。", "增持"),
        ("摩根士丹利将贵州茅台评级由中性上调至增持。", "增持"),
        # English: no holdings word at all, the same one rating event
        ("Morgan Stanley reiterated its overweight rating on Alibaba.", "overweight"),
    ],
)
def test_a_rating_word_is_a_rating_not_a_holding_change(
    master: SecurityMaster, body: str, rating: str
) -> None:
    found = events(master, body)
    assert of_type(found, "holding_change") == []
    ratings = of_type(found, "analyst_rating")
    assert [e.attributes["rating"] for e in ratings] == [rating]


def test_a_headline_reiterating_a_rating_gives_the_rating(master: SecurityMaster) -> None:
    found = events(master, "", title="大摩上調小米目標價至60元 重申增持")
    assert of_type(found, "holding_change") == []
    (rating,) = of_type(found, "analyst_rating")
    assert rating.attributes["action"] == "maintain"
    assert rating.attributes["rating"] == "增持"
    assert rating.subject_ids == ("1810.HK",)
    assert rating.actor_ids == ("MS",)
    assert len(of_type(found, "analyst_target")) == 1


@pytest.mark.parametrize(
    ("body", "direction"),
    [
        ("贵州茅台晚间公告，控股股东计划在未来六个月内增持公司股份。", "up"),
        ("騰訊控股大股東昨日增持公司股份。", "up"),
        ("比亚迪股东拟减持不超过1%股份。", "down"),
    ],
)
def test_a_shareholder_trading_its_shares_is_still_a_holding_change(
    master: SecurityMaster, body: str, direction: str
) -> None:
    (change,) = of_type(events(master, body), "holding_change")
    assert change.attributes["direction"] == direction


# -- net buying and selling --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "direction", "amount", "currency", "kind"),
    [
        # Traditional
        ("南向資金全日淨買入港股約85億港元。", "in", 8.5e9, "HKD", "southbound"),
        ("南向資金上午淨買入小米約18億港元，居港股通個股首位。", "in", 1.8e9, "HKD", "southbound"),
        ("北向資金今日淨沽出約20億元人民幣。", "out", 2e9, "CNY", "northbound"),
        # Simplified
        ("北向资金全天净买入约46亿元，贵州茅台获净买入居前。", "in", 4.6e9, "CNY", "northbound"),
        ("北向资金全天净卖出约63亿元，宁德时代遭净卖出居首。", "out", 6.3e9, "CNY", "northbound"),
        # English
        (
            "Southbound investors net bought HK$8.5 billion of Hong Kong shares on Friday.",
            "in",
            8.5e9,
            "HKD",
            "southbound",
        ),
        (
            "Northbound investors were net sellers of 6.3 billion yuan of mainland shares.",
            "out",
            6.3e9,
            "CNY",
            "northbound",
        ),
    ],
)
def test_net_buying_or_selling_is_a_fund_flow(  # noqa: PLR0917
    master: SecurityMaster, body: str, direction: str, amount: float, currency: str, kind: str
) -> None:
    (flow,) = of_type(events(master, body), "fund_flow")
    assert flow.attributes["direction"] == direction
    assert flow.attributes["amount"] == pytest.approx(amount)
    assert flow.attributes["currency"] == currency
    assert flow.attributes["kind"] == kind
    assert flow.attributes["net"] is True
    assert flow.polarity == (0.5 if direction == "in" else -0.5)


@pytest.mark.parametrize(
    "body",
    [
        "高盛維持騰訊「買入」評級。",  # a rating, not money moving
        "北向资金净买入贵州茅台居前。",  # no sum of money
        "Nvidia's net sales rose 5% to $30 billion.",  # revenue, not a flow
    ],
)
def test_buying_words_without_a_net_flow_of_money_are_no_fund_flow(
    master: SecurityMaster, body: str
) -> None:
    assert of_type(events(master, body), "fund_flow") == []


# -- a broker acting alone in its sentence ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "company", "broker"),
    [
        ("騰訊控股今早跌1.5%。高盛將目標價由720元上調至760元。", "0700.HK", "GS"),
        ("宁德时代今日收跌2.6%，报372元。高盛将目标价由420元下调至395元。", "300750.SZ", "GS"),
        (
            "Xiaomi jumped 12%. Morgan Stanley raised its price target on the stock to HK$60.",
            "1810.HK",
            "MS",
        ),
    ],
)
def test_a_broker_acting_alone_acts_on_the_company_named_before(
    master: SecurityMaster, body: str, company: str, broker: str
) -> None:
    (target,) = of_type(events(master, body), "analyst_target")
    assert target.subject_ids == (company,)
    assert target.actor_ids == (broker,)


def test_a_rating_agency_acting_on_no_listed_entity_keeps_its_actor(
    master: SecurityMaster,
) -> None:
    (rating,) = of_type(events(master, "惠誉下调塞浦路斯评级至B-。"), "analyst_rating")
    assert rating.subject_ids == ()
    assert rating.actor_ids == ("org:fitch",)
    assert rating.attributes["action"] == "downgrade"


@pytest.mark.parametrize(
    ("title", "subjects"),
    [
        ("沪指收跌1.2% 北向资金净卖出超60亿元", ()),  # the index is the headline's other item
        ("恒指收跌0.7% 南向資金淨流入63億港元", ()),
        ("南向資金上午淨買入騰訊約18億港元", ("0700.HK",)),
        ("美團獲南向資金淨買入約9億港元", ("3690.HK",)),
        # A short name linked elsewhere, then "about" a sum: 約 (约) joins no word with it.
        ("小米集團午前升10% 南向資金淨買入小米約18億港元", ("1810.HK",)),
        ("小米集团午前升10% 南向资金净买入小米逾18亿港元", ("1810.HK",)),
    ],
)
def test_a_flow_is_about_the_stocks_of_its_own_headline_item(
    master: SecurityMaster, title: str, subjects: tuple[str, ...]
) -> None:
    (flow,) = of_type(events(master, "", title=title), "fund_flow")
    assert flow.subject_ids == subjects


@pytest.mark.parametrize(
    ("body", "direction"),
    [
        # A rating word anywhere in the sentence is no trade, whichever comes first.
        ("贵州茅台大股东增持500万股，中金维持「减持」评级。", "up"),
        ("貴州茅台大股東增持500萬股，中金維持「減持」評級。", "up"),
        ("中金维持贵州茅台「增持」评级，大股东减持500万股。", "down"),
        # The trade's own word says the direction, not a fall elsewhere in the sentence.
        ("贵州茅台大股东增持500万股，股价下降3%。", "up"),
    ],
)
def test_a_holding_change_reads_its_own_trade(
    master: SecurityMaster, body: str, direction: str
) -> None:
    (change,) = of_type(events(master, body), "holding_change")
    assert change.attributes["direction"] == direction


@pytest.mark.parametrize(
    "body",
    [
        # A broker's short name right before its action verb (維持, 下調, 給予, 重申) joins no
        # word with it; acting alone, it acts on the company of the sentence before.
        "贵州茅台大股东增持500万股。中金维持「减持」评级。",
        "貴州茅台大股東增持500萬股。中金維持「減持」評級。",
        "贵州茅台发布年报。中金下调其目标价至1500元。",
        "贵州茅台发布年报。中金给予「买入」评级。",
    ],
)
def test_a_short_broker_name_before_its_action_acts_on_the_company(
    master: SecurityMaster, body: str
) -> None:
    found = events(master, body)
    actions = [e for e in found if e.type in {"analyst_rating", "analyst_target"}]
    assert actions
    assert all(e.subject_ids == ("600519.SS",) for e in actions)
    assert all(e.actor_ids == ("601995.SS",) for e in actions)
