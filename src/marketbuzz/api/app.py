"""The FastAPI app: `create_app(settings)` wires the store, the master, the keys, the routes,
the error handlers, the body limit and the web page.

    app = create_app(ApiSettings(db="news.db"))
    uvicorn.run(app)           # or `marketbuzz serve`

The master loads once per process (`load_master` caches it); the store opens once per app and
closes when the app shuts down. The API is under /api, OpenAPI at /docs and /openapi.json,
and the web page's folder (when it exists) at /.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from marketbuzz.api import routes, sse
from marketbuzz.api.errors import JsonResponse, install_error_handlers
from marketbuzz.api.inputs import BodyLimitMiddleware
from marketbuzz.api.keys import KeyFile
from marketbuzz.api.settings import ApiSettings
from marketbuzz.api.state import ApiState
from marketbuzz.master.load import load_master
from marketbuzz.store import Store

DESCRIPTION = (
    "Market news in Chinese and English: analysis, search, instruments and the 熱議股票 board. "
    "Writes need an API key (`Authorization: Bearer <key>` or `X-API-Key`)."
)


def create_app(settings: ApiSettings) -> FastAPI:
    """The app over the store `settings.db` (opened, and migrated if needed, now)."""
    store = Store.open(settings.db)
    state = ApiState(settings, store, load_master(), KeyFile(settings.keys_file))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="marketbuzz",
        description=DESCRIPTION,
        version=_version(),
        default_response_class=JsonResponse,
        lifespan=lifespan,
    )
    app.state.api = state
    install_error_handlers(app)
    app.include_router(routes.api_router())
    app.include_router(sse.router)
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body)
    if settings.static_dir is not None and settings.static_dir.is_dir():
        app.mount("/", StaticFiles(directory=settings.static_dir, html=True), name="web")
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("marketbuzz")
    except PackageNotFoundError:
        return "0"
