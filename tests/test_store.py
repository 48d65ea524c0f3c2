"""The store on SQLite and PostgreSQL: saving analyses, duplicates, repeats, search, migrations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Table, func, inspect, select, text

from marketbuzz.buzz import REPEAT_WEIGHT
from marketbuzz.master.load import SecurityMaster
from marketbuzz.novelty import fingerprint
from marketbuzz.pipeline import analyze
from marketbuzz.serialize import analysis_to_dict
from marketbuzz.store import Incoming, Saved, Store, StoreError, schema
from marketbuzz.store.engine import HEAD_REVISION, resolve_url
from marketbuzz.store.queries import get_article, search_articles

NOW = dt.datetime(2025, 10, 9, 12, 0, tzinfo=dt.UTC)

TENCENT_HANT = (
    "騰訊績後急升5%\n\n"
    "2025-10-09 10:30 經濟通\n"
    "騰訊控股(00700)公布第三季業績,收入按年增長15%,股價今早急升5%,報650元。"
    "分析師指遊戲及廣告業務表現強勁,多家券商上調目標價。"
)
TENCENT_HANS = (
    "腾讯绩后急升5%\n\n"
    "2025-10-09 10:30 经济通\n"
    "腾讯控股(00700)公布第三季业绩,收入按年增长15%,股价今早急升5%,报650元。"
    "分析师指游戏及广告业务表现强劲,多家券商上调目标价。"
)
JD = "京東物流擴張歐洲業務\n\n京東集團(09618)旗下京東物流宣布在德國及荷蘭開設新倉庫,股價微升1%。"
ALIBABA = (
    "阿里巴巴云业务增长加速\n\n"
    "阿里巴巴(09988)表示,云智能集团收入同比增长26%,人工智能相关产品收入连续九个季度三位数增长。"
)
NVIDIA = (
    "Nvidia shares climb after Goldman raises target\n\n"
    "Nvidia shares rose 3% on Thursday after Goldman Sachs raised its price target to $200, "
    "citing strong data-center demand."
)


def _incoming(text_: str, master: SecurityMaster, *, origin: str = "test") -> Incoming:
    analysis = analyze(text_, master=master)
    article = analysis.article
    return Incoming(analysis, text_, origin, fingerprint(article.title, article.body), NOW)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store.open(store_url)
    yield opened
    opened.close()


def _count(store: Store, table: Table) -> int:
    with store.read() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_saved_article_keeps_its_text_analysis_and_derived_rows(
    store: Store, master: SecurityMaster
) -> None:
    incoming = _incoming(TENCENT_HANT, master)
    saved = store.save(incoming, master)
    assert saved.new
    assert saved.repeat_of is None
    with store.read() as connection:
        stored = get_article(connection, saved.article_id)
        mention_rows = connection.execute(
            select(schema.mentions.c.entity_id, schema.mentions.c.weight)
        ).all()
        move_rows = connection.execute(select(schema.moves.c.entity_id)).all()
    assert stored is not None
    assert stored.raw == TENCENT_HANT
    expected = analysis_to_dict(incoming.analysis)
    assert stored.analysis == expected  # the JSON contract survives the round trip
    assert stored.summary.source == "經濟通"
    assert ("0700.HK", pytest.approx(incoming.analysis.instruments[0].relevance)) in [
        (row[0], pytest.approx(row[1])) for row in mention_rows
    ]
    assert ("0700.HK",) in [tuple(row) for row in move_rows]


def test_the_same_story_twice_is_stored_once(store: Store, master: SecurityMaster) -> None:
    first = store.save(_incoming(TENCENT_HANT, master), master)
    again = store.save(_incoming(TENCENT_HANT, master, origin="elsewhere"), master)
    assert again == Saved(first.article_id, new=False)
    assert _count(store, schema.articles) == 1
    assert _count(store, schema.mentions) == len(
        _incoming(TENCENT_HANT, master).analysis.instruments
    )


def test_a_simplified_copy_is_a_repeat_and_counts_less(
    store: Store, master: SecurityMaster
) -> None:
    original = store.save(_incoming(TENCENT_HANT, master), master)
    copy = store.save(_incoming(TENCENT_HANS, master), master)
    other = store.save(_incoming(JD, master), master)
    assert copy.new
    assert copy.repeat_of == original.article_id
    assert copy.similarity is not None
    assert copy.similarity >= 0.5
    assert other.repeat_of is None
    with store.read() as connection:
        weights = dict(
            connection.execute(
                select(schema.mentions.c.article_id, schema.mentions.c.weight).where(
                    schema.mentions.c.entity_id == "0700.HK"
                )
            ).all()
        )
        stored = get_article(connection, original.article_id)
    assert weights[copy.article_id] == pytest.approx(weights[original.article_id] * REPEAT_WEIGHT)
    assert stored is not None
    assert [item.id for item in stored.repeats] == [copy.article_id]


@pytest.mark.parametrize(
    ("query", "finds"),
    [
        ("阿里", "alibaba"),  # a two-character word inside 阿里巴巴
        ("京東", "jd"),  # Traditional query, Traditional text
        ("京东", "jd"),  # Simplified query finds Traditional text
        ("騰訊 業績", "tencent"),  # two words, both required
        ("nvidia", "nvidia"),  # English, case-insensitive
        ("Goldman Sachs", "nvidia"),
    ],
)
def test_full_text_search_finds_chinese_words_in_either_script(
    store: Store, master: SecurityMaster, query: str, finds: str
) -> None:
    ids = {
        name: store.save(_incoming(body, master), master).article_id
        for name, body in (
            ("tencent", TENCENT_HANT),
            ("jd", JD),
            ("alibaba", ALIBABA),
            ("nvidia", NVIDIA),
        )
    }
    with store.read() as connection:
        page = search_articles(connection, text=query)
    assert [item.id for item in page.items] == [ids[finds]]


def test_search_does_not_match_characters_that_are_apart(
    store: Store, master: SecurityMaster
) -> None:
    store.save(_incoming("京城物流\n\n東方的倉庫今日開業,京城物流表示。", master), master)
    with store.read() as connection:
        assert search_articles(connection, text="京東").total == 0
        assert search_articles(connection, text='") OR 1=1 --').total == 0
        assert search_articles(connection, text="").total == 1  # no terms: no text filter


def test_search_filters_and_pages(store: Store, master: SecurityMaster) -> None:
    for body in (TENCENT_HANT, JD, ALIBABA, NVIDIA):
        store.save(_incoming(body, master), master)
    with store.read() as connection:
        by_symbol = search_articles(connection, entity_id="NVDA")
        english = search_articles(connection, language="en")
        chinese = search_articles(connection, language="zh")
        first = search_articles(connection, limit=2)
        second = search_articles(connection, limit=2, offset=2)
        by_source = search_articles(connection, source="經濟通")
    assert [item.title for item in by_symbol.items] == [
        "Nvidia shares climb after Goldman raises target"
    ]
    assert english.total == 1
    assert chinese.total == 3
    assert first.total == 4
    assert len(first.items) == 2
    assert {item.id for item in first.items}.isdisjoint(item.id for item in second.items)
    assert [item.source for item in by_source.items] == ["經濟通"]


def test_reopening_a_store_keeps_its_articles_and_schema_version(
    store_url: str, master: SecurityMaster
) -> None:
    first = Store.open(store_url)
    first.save(_incoming(NVIDIA, master), master)
    first.close()
    again = Store.open(store_url)
    with again.read() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == HEAD_REVISION
    assert again.article_count() == 1
    again.close()


def test_sqlite_store_uses_write_ahead_logging(tmp_path: object) -> None:
    store = Store.open(f"sqlite:///{tmp_path}/wal.db")
    with store.read() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar_one()
    store.close()
    assert mode == "wal"


def test_store_locations_resolve_from_paths_urls_and_the_environment(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resolve_url(f"{tmp_path}/a/b.db") == f"sqlite:///{tmp_path}/a/b.db"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("MARKETBUZZ_DB", f"{tmp_path}/env.db")
    assert resolve_url(None) == f"sqlite:///{tmp_path}/env.db"
    monkeypatch.delenv("MARKETBUZZ_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert resolve_url(None) == f"sqlite:///{tmp_path}/marketbuzz/marketbuzz.db"


@pytest.mark.parametrize(
    "url",
    [
        "mysql://u@h/db",
        "sqlite:///{tmp}/bad\x00/x.db",
        "postgresql://nobody@127.0.0.1:1/none",  # nothing listens there
    ],
)
def test_unusable_store_locations_are_clear_errors(url: str, tmp_path: object) -> None:
    with pytest.raises(StoreError):
        Store.open(url.replace("{tmp}", str(tmp_path)))


def test_migrations_upgrade_a_store_made_by_an_older_version(
    store_url: str, master: SecurityMaster
) -> None:
    """A store created at revision 0001 keeps its articles when 0002 is applied on opening."""
    from alembic import command
    from alembic.config import Config

    from marketbuzz.store.engine import create_store_engine

    engine = create_store_engine(store_url)
    config = Config()
    config.set_main_option("script_location", "marketbuzz.store:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    old = Store(engine)
    old.save(_incoming(NVIDIA, master), master)
    with old.read() as connection:
        assert not inspect(connection).has_table("board_snapshots")
    engine.dispose()
    upgraded = Store.open(store_url)
    with upgraded.read() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        indexes = {index["name"] for index in inspect(connection).get_indexes("mentions")}
        assert inspect(connection).has_table("board_snapshots")
    assert version == HEAD_REVISION
    assert "ix_mentions_window" in indexes
    assert "ix_mentions_at_entity" not in indexes
    assert upgraded.article_count() == 1
    upgraded.close()


def test_one_batch_with_a_story_its_copy_and_a_duplicate(
    store: Store, master: SecurityMaster
) -> None:
    """Within one transaction: the copy names the first article (not yet stored when the copy was
    judged), and the same article twice is stored once."""
    first, copy, again, other = (
        _incoming(TENCENT_HANT, master),
        _incoming(TENCENT_HANS, master),
        _incoming(TENCENT_HANT, master),
        _incoming(JD, master),
    )
    saved = store.save_batch([first, copy, again, other], master)
    assert [item.new for item in saved] == [True, True, False, True]
    assert saved[1].repeat_of == saved[0].article_id
    assert saved[2].article_id == saved[0].article_id
    assert saved[3].repeat_of is None
    with store.read() as connection:
        stored = dict(
            connection.execute(select(schema.articles.c.id, schema.articles.c.repeat_of)).all()
        )
    assert stored == {
        saved[0].article_id: None,
        saved[1].article_id: saved[0].article_id,
        saved[3].article_id: None,
    }
