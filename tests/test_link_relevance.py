"""Relevance: the subject of a story scores high, a passing mention lower, a quoted broker low."""

from __future__ import annotations

import pytest

from marketbuzz.document import Document
from marketbuzz.link import link_mentions, score_relevance
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Article, Event, Move
from tests.test_link_support import small_master


@pytest.fixture(scope="module")
def master() -> SecurityMaster:
    return small_master()


def scores(
    master: SecurityMaster,
    title: str,
    body: str,
    moves: tuple[Move, ...] = (),
    events: tuple[Event, ...] = (),
) -> dict[str, float]:
    doc = Document(Article(title=title, body=body))
    mentions = link_mentions(doc, master)
    return {
        entity: score_relevance(doc, entity, mentions, moves, events, master)
        for entity in {m.entity_id for m in mentions}
    }


def move(entity_id: str) -> Move:
    return Move(entity_id, None, "down", 3.0, "%", ("more_than",), 0, 1, "x")


def test_scores_are_in_the_unit_interval_and_zero_without_mentions(
    master: SecurityMaster,
) -> None:
    doc = Document(Article(title="", body="特斯拉跌超4%。"))
    mentions = link_mentions(doc, master)
    assert score_relevance(doc, "AAPL", mentions, (), (), master) == 0.0
    value = score_relevance(doc, "TSLA", mentions, (move("TSLA"),), (), master)
    assert 0.0 < value <= 1.0


def test_seed_story_ranks_alibaba_first_and_brokers_below_every_company(
    master: SecurityMaster, seed_text: str
) -> None:
    title, _, rest = seed_text.partition("\n")
    body = rest.split("免責聲明")[0]
    moves = tuple(move(e) for e in ("ORCL", "TSLA", "TMQ", "BABA", "AMD", "^GSPC"))
    events = (
        Event("analyst_target", 0, 1, "x", subject_ids=("BABA",), actor_ids=("JPM", "8601.T")),
        Event("fund_flow", 0, 1, "x", subject_ids=("BABA", "300750.SZ", "JD"), actor_ids=("MS",)),
    )
    result = scores(master, title, body, moves, events)
    assert max(result, key=lambda k: result[k]) == "BABA"
    assert result["ORCL"] > result["TSLA"]
    brokers = {"MS", "JPM", "org:clsa", "8601.T"}
    companies = {"BABA", "ORCL", "TSLA", "TMQ", "300750.SZ", "JD", "AMD", "NVDA"}
    assert brokers <= result.keys()
    assert companies <= result.keys()
    assert max(result[b] for b in brokers) < min(result[c] for c in companies)


def test_title_subject_outranks_a_passing_mention(master: SecurityMaster) -> None:
    result = scores(
        master,
        "貴州茅台：一季度淨利增長20%",
        "貴州茅台公告，一季度實現淨利潤150億元。公司表示，直銷渠道收入大增。"
        "同期寧德時代亦公佈業績。",
    )
    assert result["600519.SS"] > 0.5
    assert result["600519.SS"] > result["300750.SZ"] + 0.3


def test_early_and_repeated_mentions_score_higher(master: SecurityMaster) -> None:
    body = (
        "京東公佈季度業績，收入增長13%。京東表示將加大補貼。分析人士認為京東的利潤率承壓。"
        "此外，特斯拉亦有消息。"
    )
    result = scores(master, "", body)
    assert result["JD"] > result["TSLA"]


def test_a_move_or_event_lifts_a_company(master: SecurityMaster) -> None:
    body = "寧德時代與京東簽署合作協議。"
    plain = scores(master, "", body)
    lifted = scores(master, "", body, moves=(move("JD"),))
    assert lifted["JD"] > plain["JD"]
    assert lifted["300750.SZ"] == plain["300750.SZ"]


def test_a_broker_only_quoted_scores_low_even_when_named_first(master: SecurityMaster) -> None:
    result = scores(
        master,
        "高盛：上調騰訊控股目標價",
        "高盛發表研究報告，將騰訊控股目標價上調至500港元，維持買入評級。",
    )
    assert result["GS"] < 0.3
    assert result["0700.HK"] > result["GS"] + 0.3


def test_entities_of_one_document_score_as_on_fresh_documents(master: SecurityMaster) -> None:
    # The story is worked out once per document and kept: scoring every entity on one document
    # must give what each gets alone, and other lists on the same document must be read again.
    title, body = "", "寧德時代與京東簽署合作協議。京東表示將加大補貼。特斯拉亦有消息。"
    shared = Document(Article(title=title, body=body))
    mentions = link_mentions(shared, master)
    entities = sorted({m.entity_id for m in mentions})
    together = [score_relevance(shared, e, mentions, (), (), master) for e in entities]
    alone = []
    for entity in entities:
        fresh = Document(Article(title=title, body=body))
        alone.append(score_relevance(fresh, entity, link_mentions(fresh, master), (), (), master))
    assert together == alone
    moved = score_relevance(shared, "JD", mentions, (move("JD"),), (), master)
    assert moved > together[entities.index("JD")]
    assert moved == scores(master, title, body, moves=(move("JD"),))["JD"]
