"""What one app holds for its lifetime: the settings, the open store, the master, the keys."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from fastapi import Request

from marketbuzz.api.errors import ServerSetupError, UnauthorizedError, log
from marketbuzz.api.keys import KeyFile, KeyFileError
from marketbuzz.api.settings import ApiSettings
from marketbuzz.board_cache import BoardServer
from marketbuzz.master.load import SecurityMaster
from marketbuzz.store import Store


@dataclass(slots=True)
class ApiState:
    settings: ApiSettings
    store: Store
    master: SecurityMaster
    keys: KeyFile
    # One writer at a time per process: the store's writer cache is not shared between
    # concurrent transactions, and SQLite takes one writer anyway.
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    # The board served to readers: a snapshot while fresh (marketbuzz.board_cache).
    boards: BoardServer = field(init=False)

    def __post_init__(self) -> None:
        self.boards = BoardServer(self.store)


def api_state(request: Request) -> ApiState:
    state: ApiState = request.app.state.api
    return state


def presented_key(request: Request) -> str | None:
    """The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`."""
    authorization = request.headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    header = request.headers.get("x-api-key", "").strip()
    return header or None


def check_key(request: Request, state: ApiState) -> None:
    key = presented_key(request)
    if key is None:
        raise UnauthorizedError(
            "this needs an API key: send `Authorization: Bearer <key>` or `X-API-Key: <key>`"
            " (create one with `marketbuzz apikey new`)"
        )
    try:
        valid = state.keys.verify(key)
    except KeyFileError as exc:
        log.error("cannot check API keys: %s", exc.message)
        raise ServerSetupError(
            "the server cannot read its API key file; its operator must fix it"
        ) from None
    if not valid:
        raise UnauthorizedError("the API key is not valid (it may have been revoked)")


def require_key(request: Request) -> None:
    """Dependency for writes: always a key."""
    check_key(request, api_state(request))


def require_reader(request: Request) -> None:
    """Dependency for reads: a key only when the server is private."""
    state = api_state(request)
    if state.settings.private:
        check_key(request, state)
