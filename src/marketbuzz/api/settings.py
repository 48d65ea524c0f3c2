"""What a running API needs to know: the store, the key file, whether reads are closed, limits.

`ApiSettings.from_environment()` fills what the command line leaves out from the environment:
`MARKETBUZZ_DB` (the store, via `Store.open`), `MARKETBUZZ_API_KEYS` (the key file) and
`MARKETBUZZ_PRIVATE=1` (reads need a key too).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from marketbuzz.errors import MarketbuzzError

DEFAULT_MAX_BODY: Final = 5 * 1024 * 1024
# The web page's files, shipped in the package (created by the web page's owner).
DEFAULT_STATIC_DIR: Final = Path(__file__).resolve().parents[1] / "web" / "static"

_SIZE: Final = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*", re.IGNORECASE)
_SIZE_UNITS: Final = {"b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class SettingsError(MarketbuzzError):
    code = "MB701"


def default_keys_path() -> Path:
    """`$MARKETBUZZ_API_KEYS`, else api_keys.json beside the default store."""
    configured = os.environ.get("MARKETBUZZ_API_KEYS")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "marketbuzz" / "api_keys.json"


def private_from_environment() -> bool:
    return os.environ.get("MARKETBUZZ_PRIVATE", "").strip().lower() in {"1", "true", "yes", "on"}


def parse_size(text: str) -> int:
    """Bytes in a size written like "5MB", "512KB", "2M" or "1048576" (K/M/G are powers of 1024)."""
    match = _SIZE.fullmatch(text)
    if match is None:
        raise SettingsError(f"not a size: {text!r} (write e.g. 5MB, 512KB or a number of bytes)")
    unit = (match.group(2) or "b")[0].lower()
    size = int(float(match.group(1)) * _SIZE_UNITS[unit])
    if size < 1024:
        raise SettingsError(f"the body limit {text!r} is too small: allow at least 1KB")
    return size


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """How `create_app` builds the API. `db` None: `MARKETBUZZ_DB`, else the default store."""

    db: str | None = None
    keys_file: Path = field(default_factory=default_keys_path)
    private: bool = False
    max_body: int = DEFAULT_MAX_BODY
    static_dir: Path | None = DEFAULT_STATIC_DIR

    @classmethod
    def from_environment(
        cls,
        *,
        db: str | None = None,
        keys_file: Path | None = None,
        private: bool = False,
        max_body: int = DEFAULT_MAX_BODY,
        static_dir: Path | None = DEFAULT_STATIC_DIR,
    ) -> ApiSettings:
        return cls(
            db=db,
            keys_file=keys_file or default_keys_path(),
            private=private or private_from_environment(),
            max_body=max_body,
            static_dir=static_dir,
        )
