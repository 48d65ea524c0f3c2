"""Shared fixtures. `shared_data` points at ../shared/data and skips where it is absent."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from marketbuzz.master.load import SecurityMaster, default_master_path, load_master
from tests.pgserver import (
    PostgresServer,
    PostgresStartError,
    PostgresUnavailableError,
    acquire_server,
    url_text,
)

FIXTURES = Path(__file__).parent / "fixtures"


def _shared_root() -> Path | None:
    configured = os.environ.get("MARKETBUZZ_SHARED")
    candidates = [Path(configured)] if configured else []
    candidates.append(Path(__file__).resolve().parents[2] / "shared")
    for candidate in candidates:
        if (candidate / "data").is_dir():
            return candidate
    return None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (public data sets); tests using it skip on a clone without it."""
    root = _shared_root()
    if root is None:
        pytest.skip(
            "needs ../shared/data (the public data sets beside the checkout, or MARKETBUZZ_SHARED);"
            " a user's clone does not have it"
        )
    return root / "data"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (FIXTURES / "seed_article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def master() -> SecurityMaster:
    """The bundled security master (loaded once); skips if it has not been built."""
    if not default_master_path().exists():
        pytest.skip("the security master has not been built (scripts/build_master.py)")
    return load_master()


# --- PostgreSQL: a real server per test session, a fresh database per test (tests/pgserver.py) ---

# The line for pyproject's [tool.pytest.ini_options] markers; registered here until it is there.
POSTGRES_MARKER = "postgres: needs a PostgreSQL server; skipped with a reason where there is none"
# Set by .ci/run once it has installed PostgreSQL: a missing server there is a failure, not a skip.
POSTGRES_REQUIRED_ENV = "MARKETBUZZ_TEST_POSTGRES_REQUIRED"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", POSTGRES_MARKER)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the PostgreSQL fixtures, so `-m "not postgres"` deselects them."""
    for item in items:
        if {"postgres_server", "postgres_url"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (configured, or a throwaway cluster); skips without one."""
    try:
        server, cluster = acquire_server()
    except PostgresUnavailableError as missing:
        if os.environ.get(POSTGRES_REQUIRED_ENV) == "1":
            pytest.fail(f"{missing} ({POSTGRES_REQUIRED_ENV}=1)", pytrace=False)
        pytest.skip(str(missing))
    except PostgresStartError as broken:  # binaries or a configured server that do not work
        pytest.fail(str(broken), pytrace=False)
    try:
        yield server
    finally:
        if cluster is not None:
            cluster.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A new, empty PostgreSQL database for this test only, as a postgresql+psycopg:// URL."""
    database = postgres_server.create_database()
    try:
        yield url_text(database)
    finally:
        postgres_server.drop_database(database)


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store database URL: an SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url
