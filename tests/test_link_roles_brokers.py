"""A broker cited for its research is a source, a broker acting on a target or rating an actor:
never the subject of the story (the hot board counts only subject mentions).

- a broker that says something in a report ("高盛在報告中指", "瑞銀於最新研報中表示") is a source;
- a broker that raises or cuts a target or keeps a rating is an actor even when the company is
  named only in earlier sentences ("高盛將目標價由720元上調至760元", "Morgan Stanley raised its
  price target on the stock");
- a broker that is itself the story (its own shares, its own rating cut by an agency) stays the
  subject.

Run against the bundled master (skipped when it has not been built).
"""

from __future__ import annotations

import pytest

from marketbuzz.document import Document
from marketbuzz.link import link_mentions
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Article, Mention

BROKERS = {"GS", "MS", "JPM", "UBS", "C", "BAC", "org:clsa"}


def link(master: SecurityMaster, body: str, title: str = "") -> list[Mention]:
    return link_mentions(Document(Article(title=title, body=body)), master)


def broker_roles(master: SecurityMaster, body: str) -> list[str]:
    return [m.role for m in link(master, body) if m.entity_id in BROKERS]


@pytest.mark.parametrize(
    "body",
    [
        # Traditional
        "美團股價午前急跌6%。高盛在報告中指，短期盈利能見度仍低。",
        "騰訊季績勝預期。摩根士丹利於最新研究報告中表示，廣告業務增長強勁。",
        "高盛指，內地消費復甦步伐仍然緩慢。",
        # Simplified
        "宁德时代今日收跌2.6%。高盛在研报中称，储能电池价格竞争加剧。",
        "摩根士丹利在周一发布的报告中指出，明年铜价有望上涨。",
        # English
        "Meituan fell 6%. Goldman Sachs said in a note that earnings visibility remained low.",
    ],
)
def test_a_broker_reporting_is_a_source(master: SecurityMaster, body: str) -> None:
    assert broker_roles(master, body) == ["source"]


@pytest.mark.parametrize(
    "body",
    [
        # Traditional: the company is named in the sentences before; the broker is alone.
        "騰訊控股今早跌1.5%。多家券商於業績後上調騰訊目標價，高盛將目標價由720元上調至760元。",
        "美團股價急跌。摩根大通把目標價下調至110港元。",
        "小米股價創新高。瑞銀維持「買入」評級。",
        # Simplified
        "宁德时代今日收跌。高盛将目标价由420元下调至395元，维持买入评级。",
        "贵州茅台收涨1.8%。摩根士丹利重申增持评级。",
        "比亚迪股价走强。花旗上调目标价至420港元。",
        # English
        "Xiaomi jumped 12%. Morgan Stanley raised its price target on the stock to HK$60.",
        "Nvidia rose 5%. Goldman Sachs reiterated its buy rating.",
        "Apple slipped. JPMorgan cut its price target to $230 from $245.",
    ],
)
def test_a_broker_acting_on_a_target_or_rating_is_an_actor(
    master: SecurityMaster, body: str
) -> None:
    assert broker_roles(master, body) == ["actor"]


@pytest.mark.parametrize(
    "body",
    [
        "高盛股價周二下跌3%。",
        "高盛的評級遭穆迪下調。",  # its own credit rating, cut by someone else
        "摩根大通获上调目标价至220美元。",  # its own stock's target, raised by someone else
        "Goldman Sachs shares fell 3% after its rating was cut.",
    ],
)
def test_a_broker_that_is_the_story_stays_the_subject(master: SecurityMaster, body: str) -> None:
    assert broker_roles(master, body) == ["subject"]


def test_the_company_stays_the_subject_beside_an_acting_broker(master: SecurityMaster) -> None:
    mentions = link(master, "高盛將騰訊目標價由720元上調至760元。")
    assert {m.entity_id: m.role for m in mentions} == {"GS": "actor", "0700.HK": "subject"}


@pytest.mark.parametrize(
    ("body", "roles"),
    [
        # What a verb acts on is named in its own clause: a company named in a later clause is
        # no object of it (the shareholder bought the company's own shares; Macy's raised its
        # own forecast).
        (
            "贵州茅台大股东增持500万股，中金维持「减持」评级。",
            {"600519.SS": "subject", "601995.SS": "actor"},
        ),
        (
            "Macy's <M.N> raised its annual profit forecast, easing worries after disappointing"
            " results from Walmart <WMT.N>.",
            {"M": "subject", "WMT": "subject"},
        ),
        ("中金上调贵州茅台目标价至2000元。", {"601995.SS": "actor", "600519.SS": "subject"}),
    ],
)
def test_an_actor_acts_on_what_its_own_clause_names(
    master: SecurityMaster, body: str, roles: dict[str, str]
) -> None:
    assert {m.entity_id: m.role for m in link(master, body)} == roles


@pytest.mark.parametrize(
    "body",
    [
        "恒指震盪收高 南向資金淨買入騰訊控股",  # Traditional headline: no punctuation
        "沪指震荡收涨 北向资金净买入贵州茅台",  # Simplified headline
        "The S&P 500 rose as investors bought Apple.",
    ],
)
def test_an_index_never_acts_or_reports(master: SecurityMaster, body: str) -> None:
    kinds = {"^HSI", "000001.SS", "^GSPC"}
    roles = [m.role for m in link(master, body) if m.entity_id in kinds]
    assert roles == ["subject"]
