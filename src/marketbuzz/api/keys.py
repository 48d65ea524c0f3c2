"""API keys: made once, shown once, stored only as a SHA-256 hash in a JSON file (mode 0600).

    key, record = KeyFile(path).create("ingest-bot")     # key = "mb_..." (print it, then forget it)
    KeyFile(path).verify(key)                            # True while the key is in the file

The file is `{"keys": [{"name", "sha256", "created"}]}`. A running server re-reads it when it
changes, so `marketbuzz apikey new` and `revoke` take effect without a restart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from marketbuzz.errors import MarketbuzzError

KEY_PREFIX: Final = "mb_"
_NAME_LIMIT: Final = 100


class KeyFileError(MarketbuzzError):
    code = "MB702"


@dataclass(frozen=True, slots=True)
class KeyRecord:
    name: str
    sha256: str
    created: str  # ISO time, UTC

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "sha256": self.sha256, "created": self.created}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class KeyFile:
    """The key file at `path`; reads are cached until the file changes. Thread-safe."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._records: tuple[KeyRecord, ...] = ()

    def records(self) -> tuple[KeyRecord, ...]:
        with self._lock:
            stamp = self._file_stamp()
            if stamp != self._stamp:
                self._records = self._load() if stamp is not None else ()
                self._stamp = stamp
            return self._records

    def verify(self, key: str) -> bool:
        """Whether `key` is a current key. Every stored hash is compared in constant time, so
        the answer takes as long whichever key (if any) matches."""
        digest = hash_key(key)
        matched = False
        for record in self.records():
            matched |= hmac.compare_digest(digest, record.sha256)
        return matched

    def create(self, name: str | None = None) -> tuple[str, KeyRecord]:
        records = list(self.records())
        label = (name or f"key-{len(records) + 1}").strip()
        if not label or len(label) > _NAME_LIMIT or not label.isprintable():
            raise KeyFileError(f"a key name must be 1 to {_NAME_LIMIT} printable characters")
        if any(record.name == label for record in records):
            raise KeyFileError(f"there is already a key named {label!r}; choose another --name")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        record = KeyRecord(label, hash_key(key), created)
        self._save([*records, record])
        return key, record

    def revoke(self, name: str) -> KeyRecord:
        records = list(self.records())
        for record in records:
            if record.name == name:
                self._save([item for item in records if item is not record])
                return record
        raise KeyFileError(f"no key named {name!r} in {self.path}")

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            status = self.path.stat()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise KeyFileError(f"cannot read the key file {self.path}: {exc.strerror}") from exc
        return (status.st_mtime_ns, status.st_size)

    def _load(self) -> tuple[KeyRecord, ...]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return tuple(
                KeyRecord(str(item["name"]), str(item["sha256"]), str(item["created"]))
                for item in data["keys"]
            )
        except OSError as exc:
            raise KeyFileError(f"cannot read the key file {self.path}: {exc.strerror}") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyFileError(
                f"the key file {self.path} is damaged ({exc}); move it away and create new keys"
            ) from exc

    def _save(self, records: list[KeyRecord]) -> None:
        """Write atomically (a temporary file renamed over the old one), owner-readable only."""
        payload = json.dumps({"keys": [record.to_dict() for record in records]}, indent=2)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(payload + "\n")
            os.chmod(temporary, 0o600)
            os.replace(temporary, self.path)
        except OSError as exc:
            raise KeyFileError(f"cannot write the key file {self.path}: {exc.strerror}") from exc
        with self._lock:
            self._stamp = None  # re-read on next use
