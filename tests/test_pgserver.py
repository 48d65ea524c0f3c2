"""The PostgreSQL test fixtures: a real server, isolated databases per test, both store engines."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from tests import pgserver
from tests.pgserver import (
    BINDIR_ENV,
    NO_SERVER_REASON,
    SERVER_URL_ENV,
    PostgresServer,
    find_bindir,
    psycopg_url,
    url_text,
)

REPO_ROOT = Path(__file__).resolve().parents[1]


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url, poolclass=NullPool)


def _table_names(url: str) -> set[str]:
    engine = _engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _create_notes_table(url: str, text: str) -> list[str]:
    """Create a table, insert one row, and read every row back."""
    engine = _engine(url)
    metadata = sa.MetaData()
    notes = sa.Table(
        "notes",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
    )
    try:
        metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(notes.insert().values(body=text))
        with engine.connect() as connection:
            return list(connection.scalars(sa.select(notes.c.body)))
    finally:
        engine.dispose()


def test_postgres_url_is_a_psycopg_url_on_a_live_server(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql+psycopg://")
    engine = _engine(postgres_url)
    try:
        with engine.connect() as connection:
            assert connection.dialect.name == "postgresql"
            encoding = connection.exec_driver_sql("SHOW server_encoding").scalar()
    finally:
        engine.dispose()
    assert encoding == "UTF8"
    assert _create_notes_table(postgres_url, "騰訊控股 00700") == ["騰訊控股 00700"]


def test_each_postgres_database_is_new_and_isolated(postgres_server: PostgresServer) -> None:
    first = postgres_server.create_database()
    second = postgres_server.create_database()
    try:
        assert first.database != second.database
        assert _create_notes_table(url_text(first), "first") == ["first"]
        assert _table_names(url_text(second)) == set()
    finally:
        postgres_server.drop_database(first)
        postgres_server.drop_database(second)


def test_dropping_a_database_disconnects_its_sessions(postgres_server: PostgresServer) -> None:
    database = postgres_server.create_database()
    url = url_text(database)
    engine = sa.create_engine(url)  # a pooled connection left open, as a careless test might
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    postgres_server.drop_database(database)  # WITH (FORCE): not blocked by the idle connection
    engine.dispose()
    with _engine(url_text(postgres_server.url)).connect() as admin:
        exists = admin.execute(
            sa.text("SELECT count(*) FROM pg_database WHERE datname = :name"),
            {"name": database.database},
        ).scalar()
    assert exists == 0


def test_drop_refuses_databases_the_tests_did_not_create(postgres_server: PostgresServer) -> None:
    with pytest.raises(ValueError, match="refusing"):
        postgres_server.drop_database(postgres_server.url)  # the admin database itself


def test_store_url_gives_a_fresh_working_database(store_url: str) -> None:
    backend = sa.engine.make_url(store_url).get_backend_name()
    assert backend in {"sqlite", "postgresql"}
    assert _table_names(store_url) == set()
    assert _create_notes_table(store_url, "阿里巴巴 BABA") == ["阿里巴巴 BABA"]


def test_store_url_postgresql_param_is_marked(
    request: pytest.FixtureRequest, store_url: str
) -> None:
    is_postgres = store_url.startswith("postgresql")
    assert (request.node.get_closest_marker("postgres") is not None) == is_postgres


def test_simple_text_search_matches_cjk_bigram_phrases(postgres_url: str) -> None:
    engine = _engine(postgres_url)
    query = sa.text("SELECT to_tsvector('simple', :doc) @@ phraseto_tsquery('simple', :phrase)")
    try:
        with engine.connect() as connection:
            hit = connection.execute(query, {"doc": "阿里 里巴", "phrase": "阿里 里巴"}).scalar()
            miss = connection.execute(query, {"doc": "阿里 里巴", "phrase": "里巴 阿里"}).scalar()
    finally:
        engine.dispose()
    assert hit is True
    assert miss is False  # phrase order matters: the server really parsed the CJK tokens


def test_psycopg_url_switches_the_driver_and_rejects_other_databases() -> None:
    url = psycopg_url("postgresql://u:secret@db.example:5433/postgres")
    assert url.drivername == "postgresql+psycopg"
    assert url.render_as_string(hide_password=False) == (
        "postgresql+psycopg://u:secret@db.example:5433/postgres"
    )
    with pytest.raises(ValueError, match="not a PostgreSQL URL"):
        psycopg_url("sqlite:///x.db")


def test_bindir_override_to_a_missing_directory_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(BINDIR_ENV, "/nonexistent")
    assert find_bindir() is None


def test_without_postgresql_the_postgres_tests_skip_and_sqlite_still_runs(tmp_path: Path) -> None:
    """A user's clone without PostgreSQL: a pytest run in a child process, binaries hidden."""
    test_file = tmp_path / "test_child.py"
    test_file.write_text(
        textwrap.dedent(
            """
            def test_store(store_url):
                assert store_url.startswith("sqlite")

            def test_pg(postgres_url):
                raise AssertionError("must have been skipped")
            """
        )
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("MARKETBUZZ_TEST_POSTGRES")}
    env[BINDIR_ENV] = "/nonexistent"
    env["PYTHONPATH"] = str(REPO_ROOT)
    # The child uses the real conftest: copy it beside the test so pytest loads it.
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import *  # noqa: F403\n"
        "from tests.conftest import pytest_configure, pytest_collection_modifyitems  # noqa: F401\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 2 skipped" in result.stdout
    assert NO_SERVER_REASON in result.stdout.replace("\n", "")
    assert SERVER_URL_ENV in NO_SERVER_REASON


def test_clusters_of_killed_sessions_are_removed_and_live_ones_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # scan only this directory
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # reaped: its pid now names no process
    orphan = tmp_path / "marketbuzz-pg-orphan"
    live = tmp_path / "marketbuzz-pg-live"
    unowned = tmp_path / "marketbuzz-pg-starting"  # no owner file yet: a session still setting up
    for root, owner in ((orphan, str(dead.pid)), (live, str(os.getpid())), (unowned, None)):
        (root / "data").mkdir(parents=True)
        if owner is not None:
            (root / "owner.pid").write_text(owner)
    pgserver._remove_orphaned_clusters(Path("/nonexistent"), run_as=None)
    assert not orphan.exists()
    assert live.exists()
    assert unowned.exists()
