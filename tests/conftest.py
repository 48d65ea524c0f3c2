"""Shared fixtures. `shared_data` points at ../shared/data and skips where it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from marketbuzz.master.load import SecurityMaster, default_master_path, load_master

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
