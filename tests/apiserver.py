"""The real API under uvicorn on loopback, for tests (API tests, browser tests). No mocks.

    from tests.apiserver import run_api

    with run_api(store_url, keys_file=tmp_path / "keys.json") as api:
        httpx.get(api.url("/api/hot"))                 # api.base_url == "http://127.0.0.1:PORT"
        api.key                                        # a valid write key made for this server

`run_api` builds the app with `create_app(ApiSettings(...))`, serves it on 127.0.0.1 on a free
port in a background thread, waits until it accepts connections, yields an `ApiServer`, and
stops it cleanly (open streams are closed) when the block ends. Pass `settings=` for full
control, else the keyword arguments shape the settings (a fresh key file beside the store).
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from marketbuzz.api import ApiSettings, KeyFile, create_app
from marketbuzz.api.settings import DEFAULT_MAX_BODY, DEFAULT_STATIC_DIR

START_TIMEOUT = 20.0


@dataclass(frozen=True, slots=True)
class ApiServer:
    base_url: str  # "http://127.0.0.1:PORT", no trailing slash
    key: str  # a write key in the server's key file
    settings: ApiSettings
    app: FastAPI

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def auth(self) -> dict[str, str]:
        """Headers carrying the key."""
        return {"Authorization": f"Bearer {self.key}"}


@contextmanager
def run_api(
    store_url: str | None = None,
    *,
    settings: ApiSettings | None = None,
    keys_file: Path | None = None,
    private: bool = False,
    max_body: int = DEFAULT_MAX_BODY,
    static_dir: Path | None = DEFAULT_STATIC_DIR,
) -> Iterator[ApiServer]:
    with tempfile.TemporaryDirectory(prefix="marketbuzz-api-") as scratch:
        if settings is None:
            settings = ApiSettings(
                db=store_url,
                keys_file=keys_file or Path(scratch) / "api_keys.json",
                private=private,
                max_body=max_body,
                static_dir=static_dir,
            )
        key, _ = KeyFile(settings.keys_file).create(f"test-{time.monotonic_ns()}")
        app = create_app(settings)
        with _serving(app) as base_url:
            yield ApiServer(base_url, key, settings, app)


@contextmanager
def _serving(app: FastAPI) -> Iterator[str]:
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan="on",
        # Streams (the alert SSE) are cut this long after shutdown starts.
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="marketbuzz-api", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{_wait_for_port(server, thread)}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _wait_for_port(server: uvicorn.Server, thread: threading.Thread) -> int:
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the API server stopped while starting (see its log above)")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the API server did not start within {START_TIMEOUT} s")
        time.sleep(0.01)
    for listener in server.servers:
        for sock in listener.sockets:
            port: int = sock.getsockname()[1]
            return port
    raise RuntimeError("the API server started without a listening socket")
