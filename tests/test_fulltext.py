"""Full-text terms and queries, checked against a real SQLite FTS5 table."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from marketbuzz.store.fulltext import (
    MAX_PHRASE_TERMS,
    MAX_PHRASES,
    fts5_match,
    index_terms,
    query_phrases,
    tsquery_expression,
    tsquery_terms,
)

ARTICLES = {
    1: "阿里巴巴集團公佈季度業績，收入按年增長8%，股價在美國盤前上升3%。",
    2: "京东物流公布第三季度业绩，营收同比增长10%。",
    3: "阿姨在里面等候，這與任何公司都無關。",  # 阿 and 里, but not 阿里
    4: "Alibaba Group shares rose in U.S. premarket trading after results beat estimates.",
    5: "Tencent said it would buy back shares; the group's results are due next week.",
    6: "騰訊控股績後升5%，A股市場同樣造好。",
    7: "港股收市：恒指升1%，騰",  # a lone CJK character at the very end of a run
}


@pytest.fixture
def fts() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE docs USING fts5(terms, tokenize='unicode61')")
    connection.executemany(
        "INSERT INTO docs(rowid, terms) VALUES (?, ?)",
        [(rowid, index_terms(text)) for rowid, text in ARTICLES.items()],
    )
    yield connection
    connection.close()


def search(connection: sqlite3.Connection, query: str) -> set[int]:
    expression = fts5_match(query)
    if expression is None:
        return set()
    rows = connection.execute("SELECT rowid FROM docs WHERE docs MATCH ?", (expression,))
    return {rowid for (rowid,) in rows}


def test_index_terms_are_folded_bigrams_and_lower_case_words() -> None:
    assert index_terms("阿里巴巴") == "阿里 里巴 巴巴 巴"
    assert index_terms("騰") == "腾"
    assert index_terms("京東 Group，ＵＳＡ！") == "京东 东 group usa"
    # A space between CJK characters is layout, not a word break.
    assert index_terms("騰訊 績後") == index_terms("腾讯绩后")
    assert index_terms("") == ""
    assert index_terms("，。!?()") == ""


def test_unicode61_keeps_every_term_whole(fts: sqlite3.Connection) -> None:
    fts.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(docs, 'row')")
    stored = {term for (term,) in fts.execute("SELECT term FROM vocab")}
    ours = {term for text in ARTICLES.values() for term in index_terms(text).split()}
    assert stored == ours


def test_two_character_word_finds_longer_run(fts: sqlite3.Connection) -> None:
    assert search(fts, "阿里") == {1}
    assert search(fts, "阿里巴巴") == {1}
    assert search(fts, "巴巴") == {1}


def test_traditional_and_simplified_find_each_other(fts: sqlite3.Connection) -> None:
    assert search(fts, "京東") == {2}
    assert search(fts, "京东") == {2}
    assert search(fts, "腾讯") == {6}
    assert search(fts, "騰訊控股") == {6}


def test_characters_apart_do_not_match_a_word(fts: sqlite3.Connection) -> None:
    assert search(fts, "阿里") == {1}  # not 3, which has 阿 and 里 apart
    assert search(fts, "阿 里") == {1, 3}  # two words ANDed: each character anywhere


def test_one_character_query_finds_it_anywhere(fts: sqlite3.Connection) -> None:
    assert search(fts, "騰") == {6, 7}  # starts a bigram in 6, stands alone at the end of 7
    assert search(fts, "訊") == {6}  # the second character of 腾讯
    assert search(fts, "里") == {1, 3}
    assert search(fts, "业") == {1, 2}  # inside the runs of 1 and 2
    assert search(fts, "「A股」") == {6}


def test_english_words_are_case_insensitive(fts: sqlite3.Connection) -> None:
    assert search(fts, "ALIBABA") == {4}
    assert search(fts, "shares") == {4, 5}
    assert search(fts, "Shares Tencent") == {5}
    assert search(fts, "u.s.") == {4}


def test_phrase_versus_and(fts: sqlite3.Connection) -> None:
    assert search(fts, "shares rose") == {4}
    assert search(fts, '"shares rose"') == {4}
    assert search(fts, "results shares") == {4, 5}
    assert search(fts, '"results shares"') == set()
    assert search(fts, '"buy back shares"') == {5}
    assert search(fts, '"back buy"') == set()
    assert search(fts, '"騰訊控股 績後"') == {6}


def test_query_phrases_shape() -> None:
    assert query_phrases('阿里 "buy back" 騰') == [["阿里"], ["buy", "back"], ["腾"]]
    assert query_phrases("阿里巴巴") == [["阿里", "里巴", "巴巴"]]
    assert query_phrases('"a 股"') == [["a", "股"]]
    assert query_phrases("alibaba ALIBABA") == [["alibaba"]]
    assert query_phrases("") == []
    assert query_phrases('"unclosed phrase') == [["unclosed", "phrase"]]


def test_fts5_expression_shape() -> None:
    assert fts5_match('阿里 "buy back" 騰') == '"阿里" AND "buy back" AND "腾"*'
    assert fts5_match("  ") is None
    assert fts5_match('"" () * :') is None


def test_postgres_query_strings() -> None:
    assert tsquery_terms('阿里巴巴 "Buy Back" 京東') == ["阿里 里巴 巴巴", "buy back", "京东"]
    assert tsquery_terms("") == []
    assert tsquery_expression("騰 alibaba") == "'腾':* & 'alibaba'"
    assert (
        tsquery_expression('"a 股" 阿里巴巴') == "('a' <-> '股':*) & ('阿里' <-> '里巴' <-> '巴巴')"
    )
    assert tsquery_expression("!!!") is None


HOSTILE_QUERIES = [
    '"',
    '""',
    '"阿里',
    'alibaba"',
    "()",
    "(阿里 OR 京东)",
    "NEAR(alibaba shares, 2)",
    "alibaba NOT shares",
    "*",
    "ali*",
    "^alibaba",
    "title:阿里",
    "terms:alibaba",
    "{terms}: alibaba",
    "-alibaba",
    "+alibaba",
    "alibaba'; DROP TABLE docs; --",
    "% _ \\ ' ` ;",
    "\x00阿里\x00",
    "\ud800",
    "AND",
    "OR OR OR",
    "",
    "   ",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_raise_and_are_words(fts: sqlite3.Connection, query: str) -> None:
    found = search(fts, query)  # raises on a malformed MATCH expression
    expression = fts5_match(query)
    for phrase in query_phrases(query):
        assert all(term.isalnum() for term in phrase)
    if expression is None:
        assert found == set()
    tsquery_terms(query)
    tsquery_expression(query)


def test_operators_are_searched_as_words(fts: sqlite3.Connection) -> None:
    assert search(fts, "title:阿里") == set()  # the phrase "title 阿里" is in no article
    assert search(fts, "alibaba'; DROP TABLE docs; --") == set()
    assert search(fts, "(阿里 OR 京东)") == set()  # "or" is a word no article has
    assert search(fts, "ali*") == set()  # no prefix search on Latin words
    assert search(fts, "-alibaba") == {4}
    fts.execute("SELECT count(*) FROM docs").fetchone()  # the table is still there


def test_ten_kilobytes_of_query(fts: sqlite3.Connection) -> None:
    mixed = ('alibaba 阿里 ( NEAR " * title: 騰 ' * 400)[:10_240]
    assert search(fts, mixed) == set()  # "near" and "title" are in no article
    assert len(query_phrases(mixed)) <= MAX_PHRASES
    words = " ".join(f"w{index}" for index in range(2_000))
    assert len(query_phrases(words)) == MAX_PHRASES
    assert search(fts, words) == set()
    run = "阿里巴巴集團" * 2_000
    # The first terms of the run are enough to answer.
    assert len(query_phrases(run)[0]) == MAX_PHRASE_TERMS
    assert search(fts, run) == set()  # "团阿" (the run repeated) is in no article
    assert search(fts, '"' + "Alibaba shares " * 700 + '"') == set()
